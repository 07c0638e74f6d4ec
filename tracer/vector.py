"""Operations on vectors: dot, add, scale, mix, weighted sums, lengths."""

from fractions import Fraction
from math import isqrt, sqrt

from . import check
from .step import Rule, Term, current, known, record, remember, rule


def names_of(names, *objs):
    """Return each operand's name: the one given, the one recorded, or a letter."""
    if names:
        return tuple(names)
    return tuple(known(o)[0] or "abcd"[i] for i, o in enumerate(objs))


def dot(a, b, names=None):
    """Return the dot product a · b: multiply component by component, then add up."""
    na, nb = names_of(names, a, b)
    cols = known(a)[2]
    a, b = check.vector(a, na), check.vector(b, nb)
    check.same_length(a, b, na, nb)
    s = dot_of(a, b)
    check.finite((s,), f"{na} · {nb}", result=True)
    if current() is not None:
        record("dot", (na, nb), (a, b), s, labels=(None, cols))
    return s


def dot_of(a, b):
    """Return the sum of a[i] × b[i], added left to right as the trace shows it."""
    s = a[0] * b[0]
    for i in range(1, len(a)):
        s += a[i] * b[i]
    return s


@rule("dot")
class DotRule(Rule):
    def count(self, step):
        return len(step.args[0])

    def terms(self, step):
        a, b = step.args
        s = None
        for i, (x, y) in enumerate(zip(a, b)):
            p = x * y
            s = p if s is None else s + p
            yield Term("product", (i,), x, y, p, s)

    def redo(self, step):
        return dot(*step.args, names=step.names)


def _componentwise(op, a, b, names, f):
    na, nb = names_of(names, a, b)
    cols = known(a)[2]
    a, b = check.vector(a, na), check.vector(b, nb)
    check.same_length(a, b, na, nb)
    out = [f(x, y) for x, y in zip(a, b)]
    check.finite(out, f"the result of {op}", result=True)
    if current() is not None:
        record(op, (na, nb), (a, b), tuple(out), labels=(None, cols))
        remember(out, f"{op}({na}, {nb})", cols=cols)
    return out


def add(a, b, names=None):
    """Return a + b, component by component."""
    return _componentwise("add", a, b, names, lambda x, y: x + y)


def sub(a, b, names=None):
    """Return a − b, component by component."""
    return _componentwise("sub", a, b, names, lambda x, y: x - y)


@rule("add")
@rule("sub")
class PairRule(Rule):
    def count(self, step):
        return len(step.args[0])

    def terms(self, step):
        kind = "add" if step.op == "add" else "sub"
        for i, (x, y, r) in enumerate(zip(*step.args, step.result)):
            yield Term(kind, (i,), x, y, r, None)

    def redo(self, step):
        return tuple((add if step.op == "add" else sub)(*step.args, names=step.names))


def scale(c, v, names=None):
    """Return c × v: every component multiplied by the number c."""
    nc, nv = names or (str(c), known(v)[0] or "v")
    v = check.vector(v, nv)
    c = check.vector([c], nc)[0]
    out = [c * x for x in v]
    check.finite(out, f"{nc} × {nv}", result=True)
    if current() is not None:
        record("scale", (nc, nv), (c, v), tuple(out))
        remember(out, f"{nc} × {nv}")
    return out


@rule("scale")
class ScaleRule(Rule):
    def count(self, step):
        return len(step.args[1])

    def terms(self, step):
        c, v = step.args
        for i, (x, r) in enumerate(zip(v, step.result)):
            yield Term("product", (i,), c, x, r, None)

    def redo(self, step):
        return tuple(scale(*step.args, names=step.names))


def weighted_sum(weights, vectors, names=None, name=None):
    """Return Σ weights[i] × vectors[i], built up component by component."""
    nw, nv = names_of(names, weights, vectors)
    w = check.vector(weights, nw)
    rows = check.matrix(vectors, nv)
    check.same_length(w, rows, f"{nw} (weights)", f"{nv} (vectors)")
    out = _weighted(w, rows)
    check.finite(out, f"the weighted sum of {nv}", result=True)
    if current() is not None:
        labels = known(vectors)[1:]
        record("weighted_sum", (nw, nv), (w, rows), tuple(out), name, labels=labels)
        remember(out, name or f"Σ {nw} × {nv}", cols=known(vectors)[2])
    return out


def _weighted(w, rows):
    out = [w[0] * x for x in rows[0]]
    for i in range(1, len(w)):
        wi, row = w[i], rows[i]
        for j in range(len(out)):
            out[j] += wi * row[j]
    return out


def mix(a, b, ratio, names=None, name=None):
    """Return ratio × a + (1 − ratio) × b: a blend that keeps `ratio` of a."""
    na, nb, nr = names or names_of(None, a, b) + (str(ratio),)
    cols = known(a)[2]
    a, b = check.vector(a, na), check.vector(b, nb)
    check.same_length(a, b, na, nb)
    r = check.vector([ratio], nr)[0]
    w = (r, 1 - r)
    out = _weighted(w, (a, b))
    check.finite(out, f"the mix of {na} and {nb}", result=True)
    if current() is not None:
        record("mix", (na, nb, nr), (a, b, r), tuple(out), name, labels=(None, cols))
        remember(out, name or f"mix({na}, {nb})", cols=cols)
    return out


@rule("weighted_sum")
@rule("mix")
class WeightedRule(Rule):
    def count(self, step):
        w, rows = self.parts(step)
        return len(w) * len(rows[0])

    def parts(self, step):
        if step.op == "mix":
            a, b, r = step.args
            return (r, 1 - r), (a, b)
        return step.args

    def terms(self, step):
        for j in range(len(self.parts(step)[1][0])):
            yield from self.component(step, j)

    def component(self, step, j):
        w, rows = self.parts(step)
        s = None
        for i, (wi, row) in enumerate(zip(w, rows)):
            p = wi * row[j]
            s = p if s is None else s + p
            yield Term("weighted", (j, i), wi, row[j], p, s)

    def redo(self, step):
        if step.op == "mix":
            return tuple(mix(*step.args, names=step.names))
        return tuple(weighted_sum(*step.args, names=step.names))

    def term(self, step, k):
        m = len(self.parts(step)[0])
        for t in self.component(step, k // m):
            if t.at[1] == k % m:
                return t


def root_of(s):
    """Return √s and whether it had to round; exact for squares of fractions."""
    if isinstance(s, Fraction) and s >= 0:
        p, q = isqrt(s.numerator), isqrt(s.denominator)
        if p * p == s.numerator and q * q == s.denominator:
            return Fraction(p, q), False
        return Fraction(sqrt(s)), True
    return sqrt(s), isinstance(s, Fraction)


def norm(v, names=None):
    """Return the length of v: the square root of the sum of its squares."""
    (nv,) = names or names_of(None, v)
    v = check.vector(v, nv)
    n, rounded = root_of(dot_of(v, v))
    check.finite((n,), f"the length of {nv}", result=True)
    if current() is not None:
        record("norm", (nv,), (v,), n, rounded=rounded)
    return n


def _squares(v):
    s = None
    for i, x in enumerate(v):
        p = x * x
        s = p if s is None else s + p
        yield Term("product", (i,), x, x, p, s)
    yield Term("sqrt", (len(v),), s, None, root_of(s)[0], None)


@rule("norm")
class NormRule(Rule):
    def count(self, step):
        return len(step.args[0]) + 1

    def terms(self, step):
        return _squares(step.args[0])

    def redo(self, step):
        return norm(*step.args, names=step.names)


def unit(v, names=None):
    """Return v divided by its length: same direction, length 1."""
    (nv,) = names or names_of(None, v)
    v = check.vector(v, nv)
    n, rounded = root_of(dot_of(v, v))
    check.finite((n,), f"the length of {nv}", result=True)  # else v / inf gives zeros
    if n == 0:
        raise check.TraceError(f"{nv} has length 0, so it has no direction to keep")
    out = [x / n for x in v]
    check.finite(out, f"unit({nv})", result=True)
    if current() is not None:
        record("unit", (nv,), (v,), tuple(out), rounded=rounded)
        remember(out, f"unit({nv})")
    return out


@rule("unit")
class UnitRule(Rule):
    def count(self, step):
        return 2 * len(step.args[0]) + 1

    def terms(self, step):
        v = step.args[0]
        *squares, root = _squares(v)
        yield from squares
        yield root
        for i, (x, r) in enumerate(zip(v, step.result)):
            yield Term("divide", (i,), x, root.value, r, None)

    def redo(self, step):
        return tuple(unit(*step.args, names=step.names))
