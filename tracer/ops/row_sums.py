"""NumPy's `m / m.sum(axis=1)`, replayed: which sum each cell is really divided by."""

from .. import check
from .cellwise import Cellwise
from ..errors import TraceError
from .matrix import label
from ..op import Op, declare, known
from ..step import Term
from .weights import sum_terms, total


@declare
class row_sums(Op):
    """Return the sum of each row of m, added left to right (NumPy's m.sum(axis=1))."""

    name, title, output = "row_sums", "the sum of each row of {0}", "{0}.sum(axis=1)"
    params = (("m", "matrix"),)
    cell_axes = (0,)

    def compute(self, rows):
        return [total(row) for row in rows]

    def finite(self, result, names):
        check.finite(result, f"the row sums of {names[0]}", result=True)

    def labels(self, objs):
        return known(objs[0])[1:]

    def output_labels(self, labels):
        return (None, labels[0] if labels else None)

    def cells(self, step):
        return len(step.args[0])

    def cell_key(self, step, c):
        return (c,)

    def cell_terms(self, step, c):
        return sum_terms(step.args[0][c], (c,))


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

    def compute(self, rows, v):
        # NumPy lines a vector up with the last axis, so column j meets entry j.
        return [[x / v[j % len(v)] for j, x in enumerate(row)] for row in rows]

    def cell(self, step, i, j):
        rows, v = step.args
        s = j % len(v)  # which entry of the sums this cell was divided by
        return Term("divide", (i, j, s), rows[i][j], v[s], step.result[i][j], None)

    def cell_fields(self, step, c):
        """Return the label of the entry of the sums that cell c met."""
        j = c % len(step.result[0])
        return {"s": label(step.labels[0] if step.labels else None, j % len(step.args[1]))}


def broadcast_divide(m, sums=None, names=None, name=None, why=None):
    """Return m / sums as NumPy broadcasts it: cell (i, j) divided by sums[j].

    Without sums, divide by m's own row sums, as `m / m.sum(axis=1)` does.
    """
    if sums is None:
        sums = row_sums(m)
    return replayed_divide(m, sums, names=names, name=name, why=why)


broadcast_divide.decl = replayed_divide.decl
