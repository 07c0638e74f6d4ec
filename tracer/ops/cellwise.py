"""Matrices cell by cell: divide by a number, add two, join two side by side."""

from fractions import Fraction
from itertools import chain

from .. import check
from ..errors import TraceError
from .matrix import Grid
from ..op import declare, known, names_of
from ..step import Term


FLOAT = {float}


class Cellwise(Grid):
    """One term per cell of the result, in reading order."""

    def cells(self, step):
        return len(step.result) * len(step.result[0])

    def cell_terms(self, step, c):
        i, j = divmod(c, len(step.result[0]))
        return [self.cell(step, i, j)]


@declare
class divide_matrix(Cellwise):
    """Return m with every cell divided by the number d (the scores by √n, say)."""

    name, title, output = "divide_matrix", "{0}: every cell divided by {1}", "{0} / {1}"
    params = (("m", "matrix"), ("d", "number"))

    def default_names(self, args):
        return (known(args[0])[0] or "m", str(args[1]))

    def agree(self, args, names):
        if args[1] == 0:
            raise TraceError(f"{names[0]} cannot be divided by {names[1]}, which is 0")

    def compute(self, rows, d):
        if type(d) is Fraction and FLOAT.issuperset(map(type, chain.from_iterable(rows))):
            # A float divided by a Fraction is divided as two floats anyway: convert d
            # once, not for every cell (√16 is Fraction(4) even outside exact mode).
            d = float(d)
        return [[x / d for x in row] for row in rows]

    def cell(self, step, i, j):
        rows, d = step.args
        return Term("divide", (i, j), rows[i][j], d, step.result[i][j], None)

    def backward(self, b):
        if b.wants[1]:
            raise TraceError(f"gradients do not go back into the divisor {b.step.names[1]}"
                             " yet: divide by a number the parameters do not change")
        d, nd = b.step.args[1], b.step.names[1]
        return divide_matrix(b.g, d, names=(b.gname, nd), name=b.name(0),
                             why=f"{b.called} is {b.step.names[0]} divided by {nd}, so "
                                 f"its gradient is divided by {nd} too."), None


@declare
class concat(Grid):
    """Return a and b side by side: row i of a followed by row i of b (two heads)."""

    name, title, output = "concat", "{0} and {1} side by side", "[{0} | {1}]"
    params = (("a", "matrix"), ("b", "matrix"))

    def agree(self, args, names):
        check.same_length(args[0], args[1], f"{names[0]} (rows)", f"{names[1]} (rows)")

    def compute(self, ra, rb):
        return [list(x + y) for x, y in zip(ra, rb)]

    def labels(self, objs):
        ca, cb = known(objs[0])[2], known(objs[1])[2]
        return (known(objs[0])[1], list(ca) + list(cb) if ca and cb else None)

    def backward(self, b):
        n = len(b.step.args[0][0])  # a's columns come first in each row
        return [row[:n] for row in b.g], [row[n:] for row in b.g]


@declare
class add_matrices(Cellwise):
    """Return a + b, cell by cell (each word's embedding plus its position, say)."""

    name, title, output = "add_matrices", "{0} + {1}, cell by cell", "{0} + {1}"
    params = (("a", "matrix"), ("b", "matrix"))

    def agree(self, args, names):
        a, b = args
        check.same_length(a, b, f"{names[0]} (rows)", f"{names[1]} (rows)")
        check.same_length(a[0], b[0], f"each row of {names[0]}", f"each row of {names[1]}")

    def compute(self, ra, rb):
        return [[x + y for x, y in zip(p, q)] for p, q in zip(ra, rb)]

    def cell(self, step, i, j):
        ra, rb = step.args
        return Term("add", (i, j), ra[i][j], rb[i][j], step.result[i][j], None)

    def backward(self, b):
        return b.g, b.g  # each operand moves the sum one for one


__all__ = ["divide_matrix", "concat", "add_matrices", "names_of"]
