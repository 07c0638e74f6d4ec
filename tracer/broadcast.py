"""NumPy's `m / m.sum(axis=1)`, replayed: which sum each cell is really divided by."""

from . import check
from .cellwise import CellRule, Redo, finite_rows, record_matrix
from .step import Term, TraceError, current, known, record, remember, rule
from .vector import names_of
from .weights import sum_terms, total


def row_sums(m, names=None, name=None):
    """Return the sum of each row of m, added left to right (NumPy's m.sum(axis=1))."""
    (nm,) = names or names_of(None, m)
    rows = check.matrix(m, nm)
    out = [total(row) for row in rows]
    check.finite(out, f"the row sums of {nm}", result=True)
    if current() is not None:
        labels = known(m)[1:]
        record("row_sums", (nm,), (rows,), tuple(out), name, labels=labels)
        remember(out, name or f"{nm}.sum(axis=1)", cols=labels[0])
    return out


@rule("row_sums")
class RowSumsRule(Redo):
    do = staticmethod(row_sums)

    def count(self, step):
        return len(step.args[0]) * len(step.args[0][0])

    def terms(self, step):
        for i, row in enumerate(step.args[0]):
            yield from sum_terms(row, (i,))


def broadcast_divide(m, sums=None, names=None, name=None):
    """Return m / sums as NumPy broadcasts it: cell (i, j) divided by sums[j]."""
    if sums is None:  # what `m / m.sum(axis=1)` divides by
        sums = row_sums(m)
    nm, ns = names_of(names, m, sums)
    rows, v = check.matrix(m, nm), check.vector(sums, ns)
    if len(v) not in (1, len(rows[0])):
        raise TraceError(f"NumPy would refuse {nm} / {ns}: {nm} has {len(rows[0])} "
                         f"columns but {ns} has {len(v)} numbers")
    if 0 in v:
        raise TraceError(f"{ns} holds a 0, and dividing by 0 is undefined")
    # NumPy lines a vector up with the last axis, so column j meets entry j.
    out = [[x / v[j % len(v)] for j, x in enumerate(row)] for row in rows]
    finite_rows(out, f"{nm} / {ns}")
    if current() is not None:
        record_matrix("broadcast_divide", (nm, ns), (rows, v), out, name, known(m)[1:],
                       f"{nm} / {ns}")
    return out


@rule("broadcast_divide")
class BroadcastDivideRule(CellRule):
    do = staticmethod(broadcast_divide)

    def cell(self, step, i, j):
        rows, v = step.args
        s = j % len(v)  # which entry of the sums this cell was divided by
        return Term("divide", (i, j, s), rows[i][j], v[s], step.result[i][j], None)
