"""Turning scores into weights: divide by the sum, or softmax."""

from fractions import Fraction
from functools import reduce
from itertools import accumulate
from math import exp
from operator import add

from .. import check
from ..errors import TraceError
from ..op import Op, declare, known
from ..step import Term
from .vector import dot_of, product_terms


def total(xs):
    """Return the sum of xs: the last of its running sums, added left to right."""
    return reduce(add, xs)  # as accumulate adds: left to right, from the first


def nonzero_sum(xs, name):
    """Return the sum of xs, refusing one that overflowed or is 0.

    name: what xs are, or a function that says it (made only for a message).
    """
    s = total(xs)
    if s != 0 and check.all_finite(s):  # the common case: no message to make
        return s
    name = name() if callable(name) else name
    check.finite((s,), f"the sum of {name}", result=True)  # else x / inf gives zeros
    if s == 0:
        raise TraceError(f"{name} add up to 0, and dividing by 0 is undefined: "
                         "there are no weights to make")
    return s


def divided(xs):
    """Return xs divided by their sum."""
    s = total(xs)
    return [x / s for x in xs]


def sum_terms(xs, at=()):
    """Return the running sum of xs, one term each."""
    return [Term("sum", at + (i,), x, None, x, s)
            for i, (x, s) in enumerate(zip(xs, accumulate(xs)))]


def divided_terms(xs, result, at=()):
    """Return a division by the sum: the running sum, then each x divided by it."""
    terms = sum_terms(xs, at)
    s = terms[-1].total
    return terms + [Term("divide", at + (i,), x, s, r, None)
                    for i, (x, r) in enumerate(zip(xs, result))]


@declare
class normalize(Op):
    """Return xs divided by their sum, so that they add up to 1."""

    name, title, output = "normalize", "{0} divided by their sum", "normalize({0})"
    quiz = "first"
    params = (("xs", "vector"),)
    shows = (0,)

    def agree(self, args, names):
        nonzero_sum(args[0], names[0])

    def compute(self, xs):
        return divided(xs)

    def finite(self, result, names):
        check.finite(result, f"{names[0]} divided by their sum")

    def cell_terms(self, step, c):
        return divided_terms(step.args[0], step.result)


def exp_of(x):
    """Return e**x in the kind of x; only a zero exponent stays exact."""
    if isinstance(x, Fraction):
        return Fraction(1) if x == 0 else Fraction(exp(x))
    return exp(x)


def exponentials(xs):
    """Return the largest x and e**(x - largest) for each x, as softmax takes them."""
    top = max(xs)  # subtracting the largest keeps every exponential at most 1
    return top, [exp_of(x - top) for x in xs]


def softmax_terms(xs, result, at=()):
    """Return softmax's terms: each exponential with its running sum, then each share."""
    top, es = exponentials(xs)
    terms = [Term("exp", at + (i,), x, top, e, s)
             for i, (x, e, s) in enumerate(zip(xs, es, accumulate(es)))]
    s = terms[-1].total
    return terms + [Term("divide", at + (i,), e, s, r, None)
                    for i, (e, r) in enumerate(zip(es, result))]


@declare
class softmax(Op):
    """Return exp(x) / Σ exp(x) for each x: positive weights that add up to 1."""

    name, title, output = "softmax", "softmax of {0}", "softmax({0})"
    quiz = "first"
    params = (("xs", "vector"),)
    shows = (0,)

    def compute(self, xs):
        return divided(exponentials(xs)[1])

    def rounded(self, args, result):
        xs = args[0]
        top = max(xs)
        return isinstance(top, Fraction) and any(x != top for x in xs)

    def cell_terms(self, step, c):
        return softmax_terms(step.args[0], step.result)

    def backward(self, b):
        return (softmax_grad(b.g, b.step.result, names=(b.gname, b.called),
                             name=b.name(0), why=f"Back through softmax: score j moves "
                             f"weight k by w_k(δ − w_j), so each score's gradient adds up "
                             f"{b.gname} times those slopes."),)


# Back through softmax: weight w_k = e_k / Σ e moves with score s_j by w_k × (δ_kj − w_j),
# where δ_kj is 1 for the score's own weight (k = j) and 0 for the others.

def slopes(w, j):
    """Return how each weight moves with score j: w_k × (δ_kj − w_j) for each k."""
    wj = w[j]
    return [x * ((1 if k == j else 0) - wj) for k, x in enumerate(w)]


def slope_terms(g, w, j, at=()):
    """Return the terms of score j's gradient: each slope, then Σ g_k × slope_k."""
    js = slopes(w, j)
    terms = [Term("self_slope" if k == j else "cross_slope", at + (k,), w[k], w[j], x,
                  None) for k, x in enumerate(js)]
    return terms + product_terms(g, js, at)


def back_through(g, w):
    """Return the gradient of softmax's scores, given its weights' gradient g."""
    return [dot_of(g, slopes(w, j)) for j in range(len(w))]


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

    def compute(self, g, w):
        return back_through(g, w)

    def cells(self, step):
        return len(step.args[0])

    def cell_key(self, step, c):
        return (c,)

    def cell_terms(self, step, c):
        return slope_terms(*step.args, c, (c,))
