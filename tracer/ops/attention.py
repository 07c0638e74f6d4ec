"""Attention as real models compute it: scaled scores, softmax per row, masks."""

from fractions import Fraction
from itertools import chain, compress, repeat
from math import exp, isqrt
from operator import sub, truediv

from .. import check
from .cellwise import divide_matrix
from ..errors import TraceError
from .matrix import Grid, Rows, matmul, transpose
from ..fold import PerRow
from ..op import Op, declare, known, names_of, trusted
from .vector import root_of
from .weights import exp_of, through


@declare
class root(Op):
    """Return √n, recording whether it had to round (whole squares stay exact)."""

    name, title = "root", "square root of {0}"
    params = (("n", "number"),)
    ends_in_result = True  # its one term, √n = value

    def default_names(self, args):
        return (str(args[0]),)

    def agree(self, args, names):
        if args[0] < 0:
            raise TraceError(f"{names[0]} is negative, so it has no square root")

    def arithmetic(self, w, x):
        return w.one("sqrt", square_root, x, index=0)

    def rounded(self, args, result):
        x = args[0]
        if type(x) is int:  # a whole number has a whole root only if it is a square
            return isqrt(x) ** 2 != x
        return root_of(x)[1]


def square_root(x):
    """Return √x, exact for a whole square (√16 is Fraction(4), even outside exact mode)."""
    if type(x) is int and isqrt(x) ** 2 == x:  # a square: its whole root, made once
        return Fraction(isqrt(x))
    return root_of(Fraction(x) if isinstance(x, int) else x)[0]


def whole(n, name):
    """Return n if it is a whole number of words, 1 or more; else refuse it."""
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise TraceError(f"a causal mask needs a whole number of words, 1 or more, "
                         f"not {n!r}")
    return n


@declare
class causal_mask(Grid):
    """Return which cells each word may attend to: itself and the words before it."""

    name, title, output = "causal_mask", "each word may attend to itself and earlier words", \
        "mask"
    params = (("n", "count"), ("words", "any"))
    named_step = True
    optional = {"words": None}
    numbers = False  # True and False: never to be taken as numbers unchecked

    def default_names(self, args):
        return (str(args[0]),)

    def prepare(self, args, names, exact):
        n = whole(args[0], names[0])
        if len(args) > 1 and args[1] is not None and len(args[1]) != n:
            raise TraceError(f"a causal mask of {n} words needs {n} labels")
        return (n,)

    def arrange(self, n):
        return [[j <= i for j in range(n)] for i in range(n)]

    def finite(self, result, names):
        pass  # True and False: nothing to overflow

    def labels(self, objs):
        words = objs[1] if len(objs) > 1 else None
        return (words, words) if words else (None, None)

    def redo(self, step):
        (n,) = step.args
        if type(n) is not int or n != len(step.result):  # a file could ask for 10**12
            raise ValueError("a mask has one row per word")
        return super().redo(step)


def allowed_of(mask, rows, name):
    """Return the mask as rows of booleans shaped like the matrix, or None for no mask."""
    if mask is None:
        return None
    if not isinstance(mask, (list, tuple)) or not (
            LISTS.issuperset(map(type, mask)) or
            all(map(isinstance, mask, repeat((list, tuple))))):
        raise TraceError(f"the mask should be a list of rows of True and False, "
                         f"not {type(mask).__name__}")
    if len(mask) != len(rows) or set(map(len, mask)) != {len(rows[0])}:
        raise TraceError(f"the mask should have one row per row of {name} and one "
                         "entry per column")
    allowed = tuple(map(tuple, mask))
    if not BOOL.issuperset(map(type, chain.from_iterable(allowed))):
        allowed = tuple(tuple(map(bool, row)) for row in allowed)
    if not all(map(any, allowed)):
        i = [any(row) for row in allowed].index(False)
        raise TraceError(f"the mask hides every cell of row {i} of {name}, "
                         "leaving nothing to attend to")
    return allowed


def masked_exponentials(xs, allowed, floats=False):
    """Return the largest allowed score and each exponential (None where masked).

    allowed None: every cell is allowed. A row without Fractions takes math.exp as it
    is; floats=True says the caller has seen that it holds floats only.
    """
    e = exp if floats or Fraction not in map(type, xs) else exp_of
    if allowed is None:
        top = max(xs)  # keeps every exponential at most 1
        return top, [e(x - top) for x in xs]
    top = max(compress(xs, allowed))
    return top, [e(x - top) if a else None for x, a in zip(xs, allowed)]




BOOL, LISTS = {bool}, {list, tuple}


@declare
class softmax_rows(Rows):
    """Return softmax of each row of m; masked cells get weight 0, outside the sum."""

    name, title, output = "softmax_rows", "softmax of each row of {0}", "softmax_rows({0})"
    params = (("m", "matrix"), ("mask", "mask"))
    optional = {"mask": None}
    cell_title = "row {r}: exponentials, their sum, each divided by it"

    def default_names(self, args):
        mask = args[1]
        return (names_of(None, args[:1])[0],
                known(mask)[0] or ("mask" if mask else "no mask"))

    def prepare(self, args, names, exact):
        rows = trusted(args[0], "matrix") or check.matrix(args[0], names[0], exact)
        return rows, allowed_of(args[1], rows, names[0])

    def arithmetic(self, w, rows, allowed):
        # Each row: e**(x − its largest shown x) for each shown x, their running sum, then
        # each exponential divided by it; a masked x takes weight 0 (a Fraction among
        # Fractions, else 0.0, never −0.0; divided by the sum it stays 0), outside the sum.
        exact = Fraction in map(type, chain.from_iterable(rows))
        e = exp_of if exact else exp  # floats: exp as it is
        tops = PerRow(max, rows) if allowed is None else \
            PerRow(max, PerRow(compress, rows, allowed))  # each row's largest shown x
        es, sums = w.rows_running("exp", (e, sub), rows, tops, allowed,
                                  allowed and ("masked", Fraction(0) if exact else 0.0))
        # each divided by its row's sum; a masked cell's 0 stays 0, shown by its own term
        return w.rows_each("divide", truediv, es, sums, allowed)

    def finite(self, result, names):
        pass  # each weight is e / s with e <= 1 <= s (the largest's e is 1): finite

    def rounded(self, args, result):
        rows, allowed = args
        if Fraction not in set(map(type, chain.from_iterable(rows))):
            return False  # floats and ints: nothing exact to round
        for i, xs in enumerate(rows):
            top, es = masked_exponentials(xs, allowed[i] if allowed else None)
            if isinstance(top, Fraction) and any(e not in (None, 1) for e in es):
                return True
        return False

    def labels(self, objs):
        return known(objs[0])[1:]

    def even(self, step):
        return step.args[1] is None  # a mask leaves rows with different numbers of terms

    def backward(self, b):
        # A masked cell's weight is 0, so its slopes are 0: the mask needs no step here.
        return softmax_rows_grad(
            b.g, b.step.result, names=(b.gname, b.called), name=b.name(0),
            why=f"Back through softmax: score j moves weight k of its row by "
                f"w_k(δ − w_j), so each score's gradient adds up {b.gname} times "
                "those slopes."), None


@declare
class softmax_rows_grad(Grid):
    """Return the gradient of each row's scores through softmax, given the gradient g of
    its weights w: cell (i, j) is Σ_k g[i][k] × w[i][k] × (δ_kj − w[i][j])."""

    name, title = "softmax_rows_grad", "back through softmax, row by row: " \
        "Σ {0} × {1}_k × (δ − {1}_j)"
    output = "{0} through softmax"
    params = (("g", "matrix"), ("w", "matrix"))
    cell_title = "[{r}, {c}] = Σ_k {0}[{r}, k] {times} {1}[{r}, k] {times} " \
        "(δ {minus} {1}[{r}, {c}])"
    term_axis = 1  # a term's k is a column of the row, named by the step's columns

    def agree(self, args, names):
        g, w = args
        check.same_length(g, w, f"{names[0]} (rows)", f"{names[1]} (rows)")
        check.same_length(g[0], w[0], f"each row of {names[0]}", f"each row of {names[1]}")

    def labels(self, objs):
        return known(objs[0])[1:] if known(objs[0])[1] else known(objs[1])[1:]

    def arithmetic(self, w, g, ws):  # cell (i, j): score j of row i, through softmax
        return w.each_cell(len(g) * len(g[0]), lambda w, c: through(
            w, g[c // len(g[0])], ws[c // len(g[0])], c % len(g[0])), width=len(g[0]))

    def cell_operands(self, step, i, j, r, c):
        g, w = step.args
        return (g[i], f"{step.names[0]}[{r}]"), (w[i], f"{step.names[1]}[{r}]")


def attention(Q, K, V, mask=None, scaled=True, name=None):
    """Return softmax(Q @ Kᵀ / √n) @ V, each part recorded as an ordinary step."""
    relevances = matmul(Q, transpose(K), name="relevances")
    if scaled:
        n = len(Q[0])
        relevances = divide_matrix(relevances, root(n), names=("relevances", f"√{n}"),
                                   name="scaled")
    weights = softmax_rows(relevances, mask, name="weights")
    return matmul(weights, V, name=name or "output")
