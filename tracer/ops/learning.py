"""What learning adds: a loss that says how wrong the weights were, and a step against
its gradient."""

from fractions import Fraction
from math import log
from operator import mul, sub, truediv

from .. import check
from ..errors import TraceError
from .matrix import Grid
from ..op import Op, declare, known


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

    def arithmetic(self, w, rows, targets):
        cells = picked(rows, targets)  # a term for each row's target, at that row
        s = w.total("log", minus_log, [rows[i][t] for i, t in cells],
                    index=[i for i, _ in cells])
        return w.one("divide", truediv, s, len(cells))  # the mean

    def rounded(self, args, result):
        rows, targets = args
        return isinstance(result, Fraction) and any(rows[i][t] != 1
                                                    for i, t in picked(*args))

    def labels(self, objs):
        return known(objs[0])[1:]

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

    def arithmetic(self, w, rows, targets, g):
        cells, c = picked(rows, targets), self.share((rows, targets, g))
        slopes = w.each_cell(len(cells), lambda w, k: w.one(
            "divide", truediv, c, rows[cells[k][0]][cells[k][1]]), key=cells.__getitem__)
        zero = Fraction(0) if isinstance(rows[0][0], Fraction) else 0.0
        out = [[zero] * len(row) for row in rows]  # no target: the loss does not see it
        for (i, t), x in zip(cells, slopes):
            out[i][t] = x
        return out


def moved(w, x, g, rate):
    """Return x − rate × g: the step times the gradient, then taken away."""
    return w.one("sub", sub, x, w.one("product", mul, rate, g))


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

    def arithmetic(self, w, v, g, rate):
        width = len(v[0])
        return w.each_cell(len(v) * width, lambda w, c: moved(
            w, v[c // width][c % width], g[c // width][c % width], rate), width=width)


@declare
class update_vector(Update):
    """Return v − rate × gradient, component by component."""

    name = "update_vector"
    params = (("v", "vector"), ("gradient", "vector"), ("rate", "number"))
    shows = (0, 1)

    def labels(self, objs):
        return (None, known(objs[0])[2])

    def arithmetic(self, w, v, g, rate):
        return w.each_cell(len(v), lambda w, c: moved(w, v[c], g[c], rate))


def update(W, gradient, rate, names=None, name=None, why=None):
    """Return W − rate × gradient (a matrix or a vector), recorded cell by cell."""
    grid = isinstance(W, (list, tuple)) and W and isinstance(W[0], (list, tuple))
    op = update_matrix if grid else update_vector
    return op(W, gradient, rate, names=names, name=name, why=why)
