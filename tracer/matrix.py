"""Operations on matrices, each a list of rows: transpose, matmul, row weights."""

from itertools import islice

from . import check
from .step import RULES, Rule, Step, Term, current, frozen, known, record, remember, rule
from .vector import dot_of, names_of
from .weights import divide_by_sum


def transpose(m, names=None, name=None):
    """Return m with rows and columns swapped."""
    (nm,) = names or names_of(None, m)
    rows = check.matrix(m, nm)
    out = [list(col) for col in zip(*rows)]
    if current() is not None:
        _, r, c = known(m)
        name = name or nm + "ᵀ"
        record("transpose", (nm,), (rows,), tuple(map(tuple, out)), name, labels=(c, r))
        remember(out, name, c, r)
    return out


@rule("transpose")
class TransposeRule(Rule):  # no arithmetic, so no terms
    def redo(self, step):
        return frozen(transpose(*step.args, names=step.names))


def matmul(a, b, names=None, name=None):
    """Return a @ b: cell (i, j) is row i of a dotted with column j of b."""
    na, nb = names_of(names, a, b)
    rows, cols = check.matrix(a, na), tuple(zip(*check.matrix(b, nb)))
    check.same_length(rows[0], cols[0], f"each row of {na}", f"each column of {nb}")
    out = [[dot_of(r, c) for c in cols] for r in rows]
    for i, row in enumerate(out):
        check.finite(row, f"row {i} of {na} @ {nb}", result=True)
    if current() is not None:
        name = name or f"{na} @ {nb}"
        labels = (known(a)[1], known(b)[2])
        record("matmul", (na, nb), (rows, cols), tuple(map(tuple, out)), name,
               labels=labels)
        remember(out, name, *labels)
    return out


def label(labels, i):
    """Return the label of row or column i: a word when known, else the index."""
    return str(labels[i]) if labels and i < len(labels) else str(i)


@rule("matmul")
class MatmulRule(Rule):
    def count(self, step):
        rows, cols = step.args
        return len(rows) * len(cols) * len(rows[0])

    def cell(self, step, i, j):
        """Return the dot-product step of cell (i, j), made on demand."""
        rows, cols = step.args
        r, c = step.labels or (None, None)
        names = (f"{step.names[0]}[{label(r, i)}]", f"{step.names[1]}[:, {label(c, j)}]")
        return Step("dot", names, (rows[i], cols[j]), step.result[i][j],
                    file=step.file, line=step.line, index=(i, j))

    def children(self, step):
        rows, cols = step.args
        return [self.cell(step, i, j) for i in range(len(rows)) for j in range(len(cols))]

    def terms(self, step):
        for cell in self.children(step):
            for t in cell.terms():
                yield t._replace(at=cell.index + t.at)

    def redo(self, step):
        rows, cols = step.args
        return frozen(matmul(rows, list(zip(*cols)), names=step.names))

    def term(self, step, k):
        return self.run_to(step, k)[-1]

    def run_to(self, step, k):
        rows, cols = step.args
        n = len(rows[0])
        i, j = divmod(k // n, len(cols))
        terms = islice(self.cell(step, i, j).terms(), k % n + 1)
        return [t._replace(at=(i, j) + t.at) for t in terms]


def normalize_rows(m, names=None, name=None):
    """Return m with each row divided by its own sum, so every row adds up to 1."""
    (nm,) = names or names_of(None, m)
    rows = check.matrix(m, nm)
    out = [divide_by_sum(row, f"row {i} of {nm}") for i, row in enumerate(rows)]
    if current() is not None:
        name = name or f"normalize_rows({nm})"
        labels = known(m)[1:]
        record("normalize_rows", (nm,), (rows,), tuple(map(tuple, out)), name,
               labels=labels)
        remember(out, name, *labels)
    return out


@rule("normalize_rows")
class NormalizeRowsRule(Rule):
    def count(self, step):
        rows = step.args[0]
        return 2 * len(rows) * len(rows[0])

    def children(self, step):
        return [self.child(step, i) for i in range(len(step.args[0]))]

    def terms(self, step):
        for child in self.children(step):
            yield from RULES["normalize"].terms(child, child.index)

    def redo(self, step):
        return frozen(normalize_rows(*step.args, names=step.names))

    def child(self, step, i):
        return Step("normalize", (f"row {i}",), (step.args[0][i],), step.result[i],
                    file=step.file, line=step.line, index=(i,))

    def term(self, step, k):
        return self.run_to(step, k)[-1]

    def run_to(self, step, k):
        n = 2 * len(step.args[0][0])
        child = self.child(step, k // n)
        terms = islice(RULES["normalize"].terms(child, child.index), k % n + 1)
        return list(terms)


def compare(a, b, names=None):
    """Return the cells (i, j) where matrices a and b differ; record every comparison."""
    na, nb = names_of(names, a, b)
    ra, rb = check.matrix(a, na), check.matrix(b, nb)
    check.same_length(ra, rb, na, nb)
    check.same_length(ra[0], rb[0], f"each row of {na}", f"each row of {nb}")
    out = [(i, j) for i, (x, y) in enumerate(zip(ra, rb))
           for j in range(len(x)) if x[j] != y[j]]
    if current() is not None:
        record("compare", (na, nb), (ra, rb), tuple(out), labels=known(a)[1:])
    return out


@rule("compare")
class CompareRule(Rule):
    def count(self, step):
        return len(step.args[0]) * len(step.args[0][0])

    def terms(self, step):
        ra, rb = step.args
        for i, (x, y) in enumerate(zip(ra, rb)):
            for j in range(len(x)):
                yield Term("compare", (i, j), x[j], y[j], x[j] == y[j], None)

    def redo(self, step):
        return frozen(compare(*step.args, names=step.names))
