"""Matrices cell by cell: divide by a number, add two, join two side by side."""

from operator import add, truediv

from .. import check
from ..errors import TraceError
from .matrix import Grid
from ..op import declare, known, names_of


class Cellwise(Grid):
    """One term per cell of the result, in reading order."""


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

    def arithmetic(self, w, rows, d):
        return w.cellwise("divide", truediv, rows, y=d)

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

    def arrange(self, ra, rb):
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

    def arithmetic(self, w, ra, rb):
        return w.cellwise("add", add, ra, rb)

    def backward(self, b):
        return b.g, b.g  # each operand moves the sum one for one


__all__ = ["divide_matrix", "concat", "add_matrices", "names_of"]
