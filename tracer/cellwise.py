"""Matrices cell by cell: divide by a number, add two, join two side by side."""

from . import check
from .step import Rule, Term, TraceError, current, frozen, known, record, remember, rule
from .vector import names_of


def record_matrix(op, names, args, out, name, labels, default):
    """Record a step whose result is a matrix; later steps call it name, or default."""
    record(op, names, args, frozen(out), name, labels=labels)
    remember(out, name or default, *labels)


class Redo(Rule):
    """A rule that can compute a loaded step afresh by calling its operation again."""

    do = None

    def redo(self, step):
        return frozen(type(self).do(*step.args, names=step.names))


class CellRule(Redo):
    """One term per cell of the result, in reading order."""

    def count(self, step):
        return len(step.result) * len(step.result[0])

    def terms(self, step):
        return map(lambda k: self.term(step, k), range(self.count(step)))

    def term(self, step, k):
        i, j = divmod(k, len(step.result[0]))
        return self.cell(step, i, j)


def finite_rows(out, what):
    """Refuse a matrix result that overflowed, naming the row."""
    for i, row in enumerate(out):
        check.finite(row, f"row {i} of {what}", result=True)


def divide_matrix(m, d, names=None, name=None):
    """Return m with every cell divided by the number d (the scores by √n, say)."""
    nm, nd = names or (known(m)[0] or "m", str(d))
    rows = check.matrix(m, nm)
    d = check.vector([d], nd)[0]
    if d == 0:
        raise TraceError(f"{nm} cannot be divided by {nd}, which is 0")
    out = [[x / d for x in row] for row in rows]
    finite_rows(out, f"{nm} / {nd}")
    if current() is not None:
        record_matrix("divide_matrix", (nm, nd), (rows, d), out, name, known(m)[1:],
                       f"{nm} / {nd}")
    return out


@rule("divide_matrix")
class DivideMatrixRule(CellRule):
    do = staticmethod(divide_matrix)

    def cell(self, step, i, j):
        rows, d = step.args
        return Term("divide", (i, j), rows[i][j], d, step.result[i][j], None)


def concat(a, b, names=None, name=None):
    """Return a and b side by side: row i of a followed by row i of b (two heads)."""
    na, nb = names_of(names, a, b)
    ra, rb = check.matrix(a, na), check.matrix(b, nb)
    check.same_length(ra, rb, f"{na} (rows)", f"{nb} (rows)")
    out = [list(x + y) for x, y in zip(ra, rb)]
    if current() is not None:
        ca, cb = known(a)[2], known(b)[2]
        cols = list(ca) + list(cb) if ca and cb else None
        record_matrix("concat", (na, nb), (ra, rb), out, name, (known(a)[1], cols),
                       f"[{na} | {nb}]")
    return out


@rule("concat")
class ConcatRule(Redo):  # no arithmetic, so no terms
    do = staticmethod(concat)


def add_matrices(a, b, names=None, name=None):
    """Return a + b, cell by cell (each word's embedding plus its position, say)."""
    na, nb = names_of(names, a, b)
    ra, rb = check.matrix(a, na), check.matrix(b, nb)
    check.same_length(ra, rb, f"{na} (rows)", f"{nb} (rows)")
    check.same_length(ra[0], rb[0], f"each row of {na}", f"each row of {nb}")
    out = [[x + y for x, y in zip(p, q)] for p, q in zip(ra, rb)]
    finite_rows(out, f"{na} + {nb}")
    if current() is not None:
        record_matrix("add_matrices", (na, nb), (ra, rb), out, name, known(a)[1:],
                       f"{na} + {nb}")
    return out


@rule("add_matrices")
class AddMatricesRule(CellRule):
    do = staticmethod(add_matrices)

    def cell(self, step, i, j):
        ra, rb = step.args
        return Term("add", (i, j), ra[i][j], rb[i][j], step.result[i][j], None)
