"""Attention as real models compute it: scaled scores, softmax per row, masks."""

from fractions import Fraction
from itertools import islice

from . import check
from .cellwise import Redo, divide_matrix, record_matrix
from .matrix import matmul, transpose
from .step import (Rule, Term, TraceError, current, frozen, known, record, remember,
                   rule)
from .vector import names_of, root_of
from .weights import exp_of


def root(n, names=None):
    """Return √n, recording whether it had to round (whole squares stay exact)."""
    (nn,) = names or (str(n),)
    x = check.vector([n], nn)[0]
    if x < 0:
        raise TraceError(f"{nn} is negative, so it has no square root")
    r, rounded = root_of(Fraction(x) if isinstance(x, int) else x)
    if current() is not None:
        record("root", (nn,), (x,), r, rounded=rounded)
    return r


@rule("root")
class RootRule(Redo):
    do = staticmethod(root)

    def count(self, step):
        return 1

    def terms(self, step):
        yield Term("sqrt", (0,), step.args[0], None, step.result, None)


def causal_mask(n, words=None):
    """Return which cells each word may attend to: itself and the words before it."""
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise TraceError(f"a causal mask needs a whole number of words, 1 or more, "
                         f"not {n!r}")
    mask = [[j <= i for j in range(n)] for i in range(n)]
    if current() is not None:
        labels = (words, words) if words else (None, None)
        record_matrix("causal_mask", (str(n),), (n,), mask, "mask", labels, "mask")
    return mask


@rule("causal_mask")
class CausalMaskRule(Rule):  # a lookup, not arithmetic: no terms
    def redo(self, step):
        (n,) = step.args
        if type(n) is not int or n != len(step.result):  # a file could ask for 10**12
            raise ValueError("a mask has one row per word")
        return frozen(causal_mask(n))


def _allowed(mask, rows, nm):
    """Return the mask as rows of booleans shaped like the matrix, or None for no mask."""
    if mask is None:
        return None
    if not isinstance(mask, (list, tuple)) or not all(
            isinstance(row, (list, tuple)) for row in mask):
        raise TraceError(f"the mask should be a list of rows of True and False, "
                         f"not {type(mask).__name__}")
    if len(mask) != len(rows) or any(len(a) != len(rows[0]) for a in mask):
        raise TraceError(f"the mask should have one row per row of {nm} and one "
                         "entry per column")
    allowed = tuple(tuple(bool(a) for a in row) for row in mask)
    for i, row in enumerate(allowed):
        if not any(row):
            raise TraceError(f"the mask hides every cell of row {i} of {nm}, "
                             "leaving nothing to attend to")
    return allowed


def _softmax_row(xs, allowed):
    """Return the largest allowed score, each exponential (None if masked), their sum."""
    top = max(x for x, a in zip(xs, allowed) if a)  # keeps every exponential at most 1
    es, s = [], None
    for x, a in zip(xs, allowed):
        e = exp_of(x - top) if a else None
        if e is not None:
            s = e if s is None else s + e
        es.append(e)
    return top, es, s


def _zero(x):
    """Return 0 in the kind of x (never −0.0): the weight of a masked cell."""
    return Fraction(0) if isinstance(x, Fraction) else 0 * abs(x)


def softmax_rows(m, mask=None, names=None, name=None):
    """Return softmax of each row of m; masked cells get weight 0, outside the sum."""
    nm, nk = names or (names_of(None, m)[0],
                       known(mask)[0] or ("mask" if mask else "no mask"))
    rows = check.matrix(m, nm)
    allowed = _allowed(mask, rows, nm)
    out, rounded = [], False
    for i, xs in enumerate(rows):
        top, es, s = _softmax_row(xs, allowed[i] if allowed else (True,) * len(xs))
        out.append([_zero(x) if e is None else e / s for x, e in zip(xs, es)])
        rounded = rounded or (isinstance(top, Fraction) and
                              any(e not in (None, 1) for e in es))
    if current() is not None:
        record("softmax_rows", (nm, nk), (rows, allowed), frozen(out), name,
               rounded=rounded, labels=known(m)[1:])
        remember(out, name or f"softmax_rows({nm})", *known(m)[1:])
    return out


@rule("softmax_rows")
class SoftmaxRowsRule(Redo):
    do = staticmethod(softmax_rows)

    def row_count(self, step, i):
        rows, allowed = step.args
        return len(rows[i]) + (sum(allowed[i]) if allowed else len(rows[i]))

    def count(self, step):
        return sum(self.row_count(step, i) for i in range(len(step.args[0])))

    def row(self, step, i):
        """Yield row i's terms: each exponential (or mask), then each division."""
        rows, allowed = step.args
        xs = rows[i]
        top, es, s = _softmax_row(xs, allowed[i] if allowed else (True,) * len(xs))
        total = None
        for j, (x, e) in enumerate(zip(xs, es)):
            if e is None:
                yield Term("masked", (i, j), x, None, step.result[i][j], None)
            else:
                total = e if total is None else total + e
                yield Term("exp", (i, j), x, top, e, total)
        for j, e in enumerate(es):
            if e is not None:
                yield Term("divide", (i, j), e, s, step.result[i][j], None)

    def terms(self, step):
        for i in range(len(step.args[0])):
            yield from self.row(step, i)

    def term(self, step, k):
        return self.run_to(step, k)[-1]

    def run_to(self, step, k):
        first = 0  # the index of row i's first term
        for i in range(len(step.args[0])):
            n = self.row_count(step, i)
            if k < first + n:
                return list(islice(self.row(step, i), k - first + 1))
            first += n
        raise IndexError(f"softmax_rows step has no term {k}")


def attention(Q, K, V, mask=None, scaled=True, name=None):
    """Return softmax(Q @ Kᵀ / √n) @ V, each part recorded as an ordinary step."""
    relevances = matmul(Q, transpose(K), name="relevances")
    if scaled:
        n = len(Q[0])
        relevances = divide_matrix(relevances, root(n), names=("relevances", f"√{n}"),
                                   name="scaled")
    weights = softmax_rows(relevances, mask, name="weights")
    return matmul(weights, V, name=name or "output")
