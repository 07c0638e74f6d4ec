"""Turning scores into weights: divide by the sum, or softmax."""

from fractions import Fraction
from functools import reduce
from math import exp
from operator import add, mul, sub, truediv

from .. import check
from ..errors import TraceError
from ..op import Op, declare, known


def total(xs):
    """Return the sum of xs: the last of its running sums, added left to right."""
    return reduce(add, xs)  # as accumulate adds: left to right, from the first


def nonzero_sum(s, name):
    """Return the sum s, refusing one that overflowed or is 0.

    name: what was added up, or a function that says it (made only for a message).
    """
    if s != 0 and check.all_finite(s):  # the common case: no message to make
        return s
    name = name() if callable(name) else name
    check.finite((s,), f"the sum of {name}", result=True)  # else x / inf gives zeros
    raise TraceError(f"{name} add up to 0, and dividing by 0 is undefined: "
                     "there are no weights to make")


@declare
class normalize(Op):
    """Return xs divided by their sum, so that they add up to 1."""

    name, title, output = "normalize", "{0} divided by their sum", "normalize({0})"
    quiz = "first"
    params = (("xs", "vector"),)
    shows = (0,)

    def arithmetic(self, w, xs):
        s = nonzero_sum(w.total("sum", None, xs), w.names[0])  # the running sum
        return w.each("divide", truediv, xs, y=s)  # each x divided by it

    def finite(self, result, names):
        check.finite(result, f"{names[0]} divided by their sum")



def exp_of(x):
    """Return e**x in the kind of x; only a zero exponent stays exact."""
    if isinstance(x, Fraction):
        return Fraction(1) if x == 0 else Fraction(exp(x))
    return exp(x)


@declare
class softmax(Op):
    """Return exp(x) / Σ exp(x) for each x: positive weights that add up to 1."""

    name, title, output = "softmax", "softmax of {0}", "softmax({0})"
    quiz = "first"
    params = (("xs", "vector"),)
    shows = (0,)

    def arithmetic(self, w, xs):
        top = max(xs)  # subtracting the largest keeps every exponential at most 1
        e = exp if Fraction not in map(type, xs) else exp_of  # floats: exp as it is
        es, s = w.running("exp", (e, sub), xs, y=top)  # each e**(x − top), and their sum
        return w.each("divide", truediv, es, y=s)  # each divided by the sum

    def rounded(self, args, result):
        xs = args[0]
        top = max(xs)
        return isinstance(top, Fraction) and any(x != top for x in xs)

    def backward(self, b):
        return (softmax_grad(b.g, b.step.result, names=(b.gname, b.called),
                             name=b.name(0), why=f"Back through softmax: score j moves "
                             f"weight k by w_k(δ − w_j), so each score's gradient adds up "
                             f"{b.gname} times those slopes."),)


# Back through softmax: weight w_k = e_k / Σ e moves with score s_j by w_k × (δ_kj − w_j),
# where δ_kj is 1 for the score's own weight (k = j) and 0 for the others.

def self_slope(w, same):
    """Return w × (1 − w): how a weight moves with its own score."""
    return w * (1 - same)


def cross_slope(wk, wj):
    """Return w_k × (0 − w_j): how weight k moves with another score j."""
    return wk * (0 - wj)


def through(w, g, ws, j):
    """Return score j's gradient: each weight's slope, then Σ g_k × slope_k."""
    kinds = ["self_slope" if k == j else "cross_slope" for k in range(len(ws))]
    fs = [self_slope if k == j else cross_slope for k in range(len(ws))]
    return w.total("product", mul, g, w.each(kinds, fs, ws, y=ws[j]))


@declare
class softmax_grad(Op):
    """Return the gradient of softmax's scores: Σ_k g_k × w_k × (δ_kj − w_j) for each j."""

    name, title = "softmax_grad", "back through softmax: Σ {0} × {1}_k × (δ − {1}_j)"
    output = "{0} through softmax"
    params = (("g", "vector"), ("w", "vector"))
    shows = (0, 1)
    cell_axes, term_axis = (1,), 1  # a cell is a score j, a term the weight k it moves

    def agree(self, args, names):
        check.same_length(args[0], args[1], names[0], names[1])

    def labels(self, objs):
        return (None, known(objs[0])[2] or known(objs[1])[2])

    def arithmetic(self, w, g, ws):
        return w.each_cell(len(g), lambda w, j: through(w, g, ws, j))
