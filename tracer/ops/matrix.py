"""Operations on matrices, each a list of rows: transpose, matmul, row weights."""

from operator import eq, truediv

from .. import check
from ..op import Op, declare, known
from .weights import nonzero_sum


def label(labels, i):
    """Return the label of row or column i: a word when known, else the index."""
    return str(labels[i]) if labels and i < len(labels) else str(i)


class Grid(Op):
    """A step whose result is a matrix, worked out one cell at a time in reading order."""

    shape, shows_name, cell_axes, cell_title = "matrix", True, (0, 1), "[{r}, {c}]"

    def freeze(self, result):
        return tuple(map(tuple, result))

    def labels(self, objs):
        return known(objs[0])[1:]


@declare
class transpose(Grid):
    """Return m with rows and columns swapped."""

    named_step = True
    name, title, output = "transpose", "{0} with rows and columns swapped", "{0}ᵀ"
    params = (("m", "matrix"),)

    def arrange(self, rows):
        return [list(col) for col in zip(*rows)]

    def labels(self, objs):
        _, r, c = known(objs[0])
        return (c, r)

    def backward(self, b):
        return (transpose(b.g, names=(b.gname,), name=b.name(0),
                          why=f"{b.called} is {b.step.names[0]} turned on its side, so its "
                              "gradient turns back."),)


@declare
class matmul(Grid):
    """Return a @ b: cell (i, j) is row i of a dotted with column j of b."""

    named_step = True
    name, title, output = "matmul", "{0} @ {1}: each row of {0} {dot} each column of {1}", \
        "{0} @ {1}"
    params = (("a", "matrix"), ("b", "matrix"))
    cell_title, term_axis = "[{r}, {c}] = {0}[{r}] {dot} {1}[:, {c}]", 2
    quiz = "cell"

    def enter(self, args):
        return args[0], tuple(zip(*args[1]))  # b's columns, which the cells take

    def agree(self, args, names):
        check.same_length(args[0][0], args[1][0], f"each row of {names[0]}",
                          f"each column of {names[1]}")

    def arithmetic(self, w, rows, cols):
        return w.grid(rows, cols)  # cell (i, j): the running sum of row i × column j

    def labels(self, objs):
        a, b = known(objs[0]), known(objs[1])
        return (a[1], b[2], a[2] or b[1])  # rows, columns, and the components they share

    def backward(self, b):
        rows, cols = b.step.args
        da = db = None
        if b.wants[0]:  # cell (i, j) moved by b[k][j] for each a[i][k]: g @ bᵀ
            bt, name = b.flipped(1, cols)
            da = matmul(b.g, bt, names=(b.gname, name), name=b.name(0),
                        why=f"{b.step.names[0]}[i, k] met {b.step.names[1]}[k, j] in every "
                            f"cell of row i of {b.called}, so its gradient adds up "
                            f"{b.gname} times {b.step.names[1]} along row k.")
        if b.wants[1]:  # and by a[i][k] for each b[k][j]: aᵀ @ g
            at, name = b.flipped(0, zip(*rows))
            db = matmul(at, b.g, names=(name, b.gname), name=b.name(1),
                        why=f"{b.step.names[1]}[k, j] met {b.step.names[0]}[i, k] in every "
                            f"cell of column j of {b.called}, so its gradient adds up "
                            f"{b.step.names[0]} down column k times {b.gname}.")
        return da, db


class Rows(Grid):
    """A matrix step worked out a whole row at a time: each row is a cell."""

    shape, cell_axes, quiz = "rows", (0,), "weights"


@declare
class normalize_rows(Rows):
    """Return m with each row divided by its own sum, so every row adds up to 1."""

    named_step = True
    name, title, output = "normalize_rows", "each row of {0} divided by its own sum", \
        "normalize_rows({0})"
    params = (("m", "matrix"),)
    cell_title = "row {r}: add it up, then divide each cell by the sum"

    def arithmetic(self, w, rows):
        sums = w.rows_total("sum", None, rows)  # each row's running sum
        if w.checks and not (check.all_finite(sums) and 0 not in sums):
            for i, s in enumerate(sums):  # name the row
                nonzero_sum(s, f"row {i} of {w.names[0]}")
        return w.rows_each("divide", truediv, rows, sums)  # each cell / its row's sum


@declare
class compare(Grid):
    """Return the cells (i, j) where matrices a and b differ; record every comparison."""

    name, title = "compare", "{0} against {1}, cell by cell"
    params = (("a", "matrix"), ("b", "matrix"))
    marks = True  # its table shows = and ≠, not numbers

    def agree(self, args, names):
        a, b = args
        check.same_length(a, b, *names)
        check.same_length(a[0], b[0], f"each row of {names[0]}", f"each row of {names[1]}")

    def arithmetic(self, w, a, b):
        same = w.cellwise("compare", eq, a, b)  # each cell's comparison, True if equal
        return [(i, j) for i, row in enumerate(same) for j, x in enumerate(row) if not x]

    def finite(self, result, names):
        pass  # pairs of indices: nothing to overflow
