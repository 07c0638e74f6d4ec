"""Operations on vectors: dot, add, sub, scale, mix, weighted sums, lengths."""

from fractions import Fraction
from functools import reduce
from math import isqrt, sqrt
from operator import add as plus, mul, sub as minus, truediv

from .. import check
from ..errors import TraceError
from ..op import Op, declare, known, names_of


def dot_of(a, b):
    """Return a · b, added left to right as its running sums add."""
    return reduce(plus, map(mul, a, b))


class Pair(Op):
    """Two vectors of one length, component by component."""

    params = (("a", "vector"), ("b", "vector"))
    shows = (0, 1)
    term_axis = 1  # a term's index is a component, named by a's columns

    def agree(self, args, names):
        check.same_length(args[0], args[1], names[0], names[1])

    def labels(self, objs):
        return (None, known(objs[0])[2])


@declare
class dot(Pair):
    """Return the dot product a · b: multiply component by component, then add up."""

    name, title, quiz = "dot", "{0} {dot} {1}", "result"
    shows_result = False  # its last running sum is its result

    def arithmetic(self, w, a, b):
        return w.total("product", mul, a, b)

    def backward(self, b):
        (x, y), (nx, ny) = b.step.args, b.step.names
        why = "{} moves {} by each of {}'s numbers, times the gradient of the dot product."
        return (scale(b.g, b.operand(1), names=(b.gname, ny), name=b.name(0),
                      why=why.format(nx, b.called, ny)) if b.wants[0] else None,
                scale(b.g, b.operand(0), names=(b.gname, nx), name=b.name(1),
                      why=why.format(ny, b.called, nx)) if b.wants[1] else None)


class Componentwise(Pair):
    """One term per component: a[i] and b[i] combined by `combine`."""

    combine = None

    def arithmetic(self, w, a, b):
        return w.cellwise(self.name, type(self).combine, a, b)


@declare
class add(Componentwise):
    """Return a + b, component by component."""

    name, title, output, combine = "add", "{0} + {1}", "add({0}, {1})", plus

    def backward(self, b):
        return b.g, b.g  # each operand moves the sum one for one


@declare
class sub(Componentwise):
    """Return a − b, component by component."""

    name, title, output, combine = "sub", "{0} {minus} {1}", "sub({0}, {1})", minus

    def backward(self, b):
        return b.g, (scale(-1, b.g, names=("−1", b.gname), name=b.name(1),
                           why=f"{b.step.names[1]} is taken away, so its gradient "
                               "changes sign.") if b.wants[1] else None)


@declare
class scale(Op):
    """Return c × v: every component multiplied by the number c."""

    name, title, output = "scale", "{0} {times} {1}", "{0} × {1}"
    params = (("c", "number"), ("v", "vector"))
    shows = (1,)

    def default_names(self, args):
        return (str(args[0]), known(args[1])[0] or "v")

    def labels(self, objs):
        return (None, known(objs[1])[2])

    def arithmetic(self, w, c, v):
        return w.cellwise("product", mul, [c] * len(v), v)

    def backward(self, b):
        (c, v), (nc, nv) = b.step.args, b.step.names
        return (dot(b.g, b.operand(1), names=(b.gname, nv), name=b.name(0),
                    why=f"{nc} moves every number of {b.called} by {nv}'s.")
                if b.wants[0] else None,
                scale(c, b.g, names=(nc, b.gname), name=b.name(1),
                      why=f"Each number of {nv} moves {b.called} {nc} times as much.")
                if b.wants[1] else None)


def component(i, j):
    """Return where a weighted sum's cell sits: its component j (of its one row)."""
    return (j,)


class Weighted(Op):
    """A weighted sum, one component at a time: each component is a cell."""

    shape, cell_axes, term_axis, shows_name = "vector", (1,), 0, True
    quiz = "share"

    def parts(self, args):
        """Return (weights, rows) of the stored operands."""
        return args

    def arithmetic(self, w, *args):
        weights, rows = self.parts(args)  # component j: Σ weights[i] × rows[i][j]
        return w.grid((weights,), tuple(zip(*rows)), "weighted", key=component)[0]


@declare
class weighted_sum(Weighted):
    """Return Σ weights[i] × vectors[i], built up component by component."""

    name, title, output = "weighted_sum", "weighted sum of {1}, weights {0}", "Σ {0} × {1}"
    params = (("weights", "vector"), ("vectors", "matrix"))
    shows = (0,)

    def agree(self, args, names):
        check.same_length(args[0], args[1], f"{names[0]} (weights)",
                          f"{names[1]} (vectors)")

    def labels(self, objs):
        return known(objs[1])[1:]

    def output_labels(self, labels):
        return (None, labels[1] if labels else None)

    def backward(self, b):
        (w, rows), (nw, nr) = b.step.args, b.step.names
        dw = dv = None
        if b.wants[0]:  # weight i moved the sum along row i: Σ_j g_j × rows[i][j]
            cols, name = b.flipped(1, zip(*rows))
            dw = weighted_sum(b.g, cols, names=(b.gname, name), name=b.name(0),
                              why=f"Weight i moved {b.called} by row i of {nr}, so its "
                                  f"gradient adds up {b.gname} times that row.")
        if b.wants[1]:  # row i moved the sum by its weight: w_i × g, one row at a time
            words = known(b.given[1])[1] or [str(i) for i in range(len(w))]
            dv = [scale(x, b.g, names=(f"{nw}[{word}]", b.gname), name=f"{b.name(1)}[{word}]",
                        why=f"Row {word} of {nr} moved {b.called} by its weight, so its "
                            f"gradient is that weight times {b.gname}.")
                  for x, word in zip(w, words)]
        return dw, dv


@declare
class mix(Weighted):
    """Return ratio × a + (1 − ratio) × b: a blend that keeps `ratio` of a."""

    name, title, output = "mix", "{2} {times} {0} + (1 {minus} {2}) {times} {1}", \
        "mix({0}, {1})"
    params = (("a", "vector"), ("b", "vector"), ("ratio", "number"))
    shows = (0, 1)

    def default_names(self, args):
        return names_of(None, args[:2]) + (str(args[2]),)

    def agree(self, args, names):
        check.same_length(args[0], args[1], names[0], names[1])

    def parts(self, args):
        a, b, r = args
        return (r, 1 - r), (a, b)

    def labels(self, objs):
        return (None, known(objs[0])[2])

    def output_labels(self, labels):
        return (None, labels[1] if labels else None)

    def backward(self, b):
        (_, _, r), (_, _, nr) = b.step.args, b.step.names
        why = "{} counts {} in the blend, so its gradient is {} times {}."
        return (scale(r, b.g, names=(nr, b.gname), name=b.name(0),
                      why=why.format(b.step.names[0], nr, nr, b.gname))
                if b.wants[0] else None,
                scale(1 - r, b.g, names=(f"1 − {nr}", b.gname), name=b.name(1),
                      why=why.format(b.step.names[1], f"1 − {nr}", f"1 − {nr}", b.gname))
                if b.wants[1] else None, None)


def root_of(s):
    """Return √s and whether it had to round; exact for squares of fractions."""
    if isinstance(s, Fraction) and s >= 0:
        p, q = isqrt(s.numerator), isqrt(s.denominator)
        if p * p == s.numerator and q * q == s.denominator:
            return Fraction(p, q), False
        return Fraction(sqrt(s)), True
    return sqrt(s), isinstance(s, Fraction)


def length(w, v, names, needs_direction=False):
    """Return the length of v: the root of the running sum of its squares, then checked."""
    n = w.one("sqrt", first_of_root, w.total("product", mul, v, v), index=len(v))
    check.finite((n,), f"the length of {names[0]}", result=True)  # else v / inf is 0
    if n == 0 and needs_direction:
        raise TraceError(f"{names[0]} has length 0, so it has no direction to keep")
    return n


def first_of_root(s):
    """Return √s (without saying whether it rounded)."""
    return root_of(s)[0]


class Length(Op):
    params = (("v", "vector"),)
    shows = (0,)

    def rounded(self, args, result):
        return root_of(dot_of(args[0], args[0]))[1]


@declare
class norm(Length):
    """Return the length of v: the square root of the sum of its squares."""

    name, title = "norm", "length of {0}"
    ends_in_result = True  # its last term, the root, is the length

    def arithmetic(self, w, v):
        return length(w, v, w.names)


@declare
class unit(Length):
    """Return v divided by its length: same direction, length 1."""

    name, title, output = "unit", "{0} divided by its length", "unit({0})"
    quiz = "first"

    def arithmetic(self, w, v):
        return w.each("divide", truediv, v, y=length(w, v, w.names, True))
