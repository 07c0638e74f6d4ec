"""What learning adds: a loss that says how wrong the weights were, and a step against
its gradient."""

from fractions import Fraction
from math import log

from .. import check
from ..errors import TraceError
from .matrix import Grid
from ..op import Op, declare, known
from ..step import Term
from .weights import total


def targets_of(targets, rows, cols, name):
    """Return each row's target as a column index (None: the row is skipped).

    A target may be a column's index or, where the columns are labelled, its label.
    """
    if not isinstance(targets, (list, tuple)):
        raise TraceError(f"the targets should be a list, one column (or None) for each "
                         f"row of {name}, not {type(targets).__name__}")
    if len(targets) != len(rows):
        raise TraceError(f"{name} has {len(rows)} rows but there are {len(targets)} "
                         "targets: give one for each row (None to skip a row)")
    out = []
    for i, t in enumerate(targets):
        if isinstance(t, str) and cols and t in cols:
            t = list(cols).index(t)
        if t is not None and (type(t) is not int or not 0 <= t < len(rows[0])):
            raise TraceError(f"target {i} is {str(t)[:40]!r}, but {name} has columns "
                             f"0 to {len(rows[0]) - 1}" + (f" ({', '.join(map(str, cols))})"
                                                           if cols else ""))
        out.append(t)
    if all(t is None for t in out):
        raise TraceError("every target is None, so there is nothing to measure")
    return tuple(out)


def picked(rows, targets):
    """Return (row, column) of every row that has a target."""
    return [(i, t) for i, t in enumerate(targets) if t is not None]


def minus_log(p):
    """Return −log p in the kind of p; only −log 1 stays exact."""
    if isinstance(p, Fraction):
        return Fraction(0) if p == 1 else Fraction(-log(p))
    return 0.0 - log(p)  # 0.0 − 0.0 is 0.0, where −0.0 would show as "-0.000"


@declare
class cross_entropy(Op):
    """Return the mean over rows of −log P[row][target]: how surprised P is by the right
    answers (0 when it gives each of them all the weight)."""

    name, title = "cross_entropy", "cross-entropy: the mean of {minus}log {0}[row, target]"
    params = (("P", "matrix"), ("targets", "any"))
    ends_in_result = True  # its last term divides the sum by the rows: the mean
    term_axis = 0  # a term's row, named by P's row labels

    def default_names(self, args):
        return (known(args[0])[0] or "P", "targets")

    def prepare(self, args, names, exact):
        rows = check.matrix(args[0], names[0], exact)
        return rows, targets_of(args[1], rows, known(args[0])[2], names[0])

    def agree(self, args, names):
        rows, targets = args
        for i, t in picked(*args):
            if not rows[i][t] > 0:
                raise TraceError(f"{names[0]}[{i}, {t}] is {rows[i][t]}, and a target's "
                                 "weight must be above 0 (log 0 is −∞)")

    def compute(self, rows, targets):
        logs = [minus_log(rows[i][t]) for i, t in picked(rows, targets)]
        return total(logs) / len(logs)

    def rounded(self, args, result):
        rows, targets = args
        return isinstance(result, Fraction) and any(rows[i][t] != 1
                                                    for i, t in picked(*args))

    def labels(self, objs):
        return known(objs[0])[1:]

    def cell_terms(self, step, c):
        rows, targets = step.args
        terms, s = [], None
        for i, t in picked(rows, targets):
            x = minus_log(rows[i][t])
            s = x if s is None else s + x
            terms.append(Term("log", (i,), rows[i][t], None, x, s))
        return terms + [Term("divide", (), s, len(terms), step.result, None)]

    def backward(self, b):
        rows, targets = b.step.args
        return cross_entropy_grad(
            b.operand(0), targets, b.g, names=(b.step.names[0], "targets", b.gname),
            name=b.name(0), why="The loss is the mean of −log of each target's weight: "
            "its slope at a weight p is −1/(n × p), steep where p is small, and 0 for "
            "every weight that is no target."), None


@declare
class cross_entropy_grad(Grid):
    """Return the gradient of cross-entropy's P: −g/n divided by each target's weight
    (n rows with a target), 0 in every other cell."""

    name = "cross_entropy_grad"
    title = "back through cross-entropy: {minus}{2}/n divided by each target's {0}, 0 elsewhere"
    output = "∂L/∂{0}"
    params = (("P", "matrix"), ("targets", "any"), ("g", "number"))
    cell_title = "[{r}, {c}] = {minus}{2}/n / {0}[{r}, {c}]"

    def prepare(self, args, names, exact):
        rows = check.matrix(args[0], names[0], exact)
        return (rows, targets_of(args[1], rows, known(args[0])[2], names[0]),
                check.number(args[2], names[2], exact))

    def share(self, args):
        """Return −g/n: what each target's −log adds to the mean, per unit of g."""
        rows, targets, g = args
        return -g / len(picked(rows, targets))

    def compute(self, rows, targets, g):
        zero = Fraction(0) if isinstance(rows[0][0], Fraction) else 0.0
        out = [[zero] * len(row) for row in rows]
        c = self.share((rows, targets, g))
        for i, t in picked(rows, targets):
            out[i][t] = c / rows[i][t]
        return out

    def cells(self, step):
        return len(picked(*step.args[:2]))

    def cell_key(self, step, c):
        return picked(*step.args[:2])[c]

    def cell_terms(self, step, c):
        rows = step.args[0]
        i, t = self.cell_key(step, c)
        return [Term("divide", (i, t), self.share(step.args), rows[i][t],
                     step.result[i][t], None)]


class Update(Op):
    """A step against the gradient: each number less rate × its gradient."""

    title = "{0} {minus} {2} {times} {1}: a step against the gradient"
    output = "{0}"  # the new values take the old ones' name

    def default_names(self, args):
        w, g = (known(x)[0] for x in args[:2])
        return (w or "W", g or f"∂L/∂{w or 'W'}", str(args[2]))

    def agree(self, args, names):
        w, g, _ = args
        check.same_length(w, g, names[0], names[1])


@declare
class update_matrix(Update, Grid):
    """Return W − rate × gradient, cell by cell: W moved a step against its gradient."""

    name = "update"
    params = (("W", "matrix"), ("gradient", "matrix"), ("rate", "number"))

    def agree(self, args, names):
        super().agree(args, names)
        check.same_length(args[0][0], args[1][0], f"each row of {names[0]}",
                          f"each row of {names[1]}")

    def compute(self, w, g, rate):
        return [[x - rate * y for x, y in zip(a, b)] for a, b in zip(w, g)]

    def cell_terms(self, step, c):
        w, g, rate = step.args
        i, j = divmod(c, len(w[0]))
        p = rate * g[i][j]
        return [Term("product", (i, j), rate, g[i][j], p, None),
                Term("sub", (i, j), w[i][j], p, step.result[i][j], None)]


@declare
class update_vector(Update):
    """Return v − rate × gradient, component by component."""

    name = "update_vector"
    params = (("v", "vector"), ("gradient", "vector"), ("rate", "number"))
    shows = (0, 1)

    def labels(self, objs):
        return (None, known(objs[0])[2])

    def compute(self, v, g, rate):
        return [x - rate * y for x, y in zip(v, g)]

    def cells(self, step):
        return len(step.result)

    def cell_key(self, step, c):
        return (c,)

    def cell_terms(self, step, c):
        v, g, rate = step.args
        p = rate * g[c]
        return [Term("product", (c,), rate, g[c], p, None),
                Term("sub", (c,), v[c], p, step.result[c], None)]


def update(W, gradient, rate, names=None, name=None, why=None):
    """Return W − rate × gradient (a matrix or a vector), recorded cell by cell."""
    grid = isinstance(W, (list, tuple)) and W and isinstance(W[0], (list, tuple))
    op = update_matrix if grid else update_vector
    return op(W, gradient, rate, names=names, name=name, why=why)
