"""NumPy's `m / m.sum(axis=1)`, replayed: which sum each cell is really divided by."""

from operator import truediv

from .. import check
from .cellwise import Cellwise
from ..errors import TraceError
from .matrix import label
from ..op import Op, declare, known


@declare
class row_sums(Op):
    """Return the sum of each row of m, added left to right (NumPy's m.sum(axis=1))."""

    name, title, output = "row_sums", "the sum of each row of {0}", "{0}.sum(axis=1)"
    params = (("m", "matrix"),)
    cell_axes = (0,)

    def arithmetic(self, w, rows):
        return w.rows_total("sum", None, rows)  # each row's running sum

    def finite(self, result, names):
        check.finite(result, f"the row sums of {names[0]}", result=True)

    def labels(self, objs):
        return known(objs[0])[1:]

    def output_labels(self, labels):
        return (None, labels[0] if labels else None)


@declare
class replayed_divide(Cellwise):
    """Return m / sums as NumPy broadcasts it: cell (i, j) divided by sums[j]."""

    name = "broadcast_divide"
    title = "{0} / {1}, broadcast: cell (i, j) divided by entry j of {1}"
    output = "{0} / {1}"
    params = (("m", "matrix"), ("sums", "vector"))
    cell_title = "[{r}, {c}] / {1}[{s}]"

    def agree(self, args, names):
        rows, v = args
        if len(v) not in (1, len(rows[0])):
            raise TraceError(f"NumPy would refuse {names[0]} / {names[1]}: {names[0]} has "
                             f"{len(rows[0])} columns but {names[1]} has {len(v)} numbers")
        if 0 in v:
            raise TraceError(f"{names[1]} holds a 0, and dividing by 0 is undefined")

    def arithmetic(self, w, rows, v):
        # NumPy lines a vector up with the last axis, so column j meets entry j % len(v);
        # a term's place says which entry of the sums its cell was divided by.
        met = [v[j % len(v)] for j in range(len(rows[0]))]
        return w.cellwise("divide", truediv, rows, [met] * len(rows),
                          at=lambda i, j: (i, j, j % len(v)))

    def cell_fields(self, step, cell):
        """Return the label of the entry of the sums that cell (i, j) met."""
        return {"s": label(step.labels[0] if step.labels else None,
                           cell[1] % len(step.args[1]))}


def broadcast_divide(m, sums=None, names=None, name=None, why=None):
    """Return m / sums as NumPy broadcasts it: cell (i, j) divided by sums[j].

    Without sums, divide by m's own row sums, as `m / m.sum(axis=1)` does.
    """
    if sums is None:
        sums = row_sums(m)
    return replayed_divide(m, sums, names=names, name=name, why=why)


broadcast_divide.decl = replayed_divide.decl
