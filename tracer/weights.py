"""Turning scores into weights: divide by the sum, or softmax."""

from fractions import Fraction
from math import exp

from . import check
from .step import Rule, Term, TraceError, current, record, remember, rule
from .vector import names_of


def total(xs):
    """Return the sum of xs, added left to right as the trace shows it."""
    s = xs[0]
    for x in xs[1:]:
        s += x
    return s


def divide_by_sum(xs, name):
    """Return xs divided by their sum, refusing a zero sum."""
    s = total(xs)
    check.finite((s,), f"the sum of {name}", result=True)  # else x / inf gives zeros
    if s == 0:
        raise TraceError(f"{name} add up to 0, and dividing by 0 is undefined: "
                         "there are no weights to make")
    return [x / s for x in xs]


def normalize(xs, names=None):
    """Return xs divided by their sum, so that they add up to 1."""
    (nx,) = names or names_of(None, xs)
    v = check.vector(xs, nx)
    out = divide_by_sum(v, nx)
    check.finite(out, f"{nx} divided by their sum")
    if current() is not None:
        record("normalize", (nx,), (v,), tuple(out))
        remember(out, f"normalize({nx})")
    return out


def sum_terms(xs, at=()):
    """Yield the running sum of xs, one term each."""
    s = None
    for i, x in enumerate(xs):
        s = x if s is None else s + x
        yield Term("sum", at + (i,), x, None, x, s)


@rule("normalize")
class NormalizeRule(Rule):
    def count(self, step):
        return 2 * len(step.args[0])

    def terms(self, step, at=()):
        xs = step.args[0]
        yield from sum_terms(xs, at)
        s = total(xs)
        for i, (x, r) in enumerate(zip(xs, step.result)):
            yield Term("divide", at + (i,), x, s, r, None)

    def redo(self, step):
        return tuple(normalize(*step.args, names=step.names))


def exp_of(x):
    """Return e**x in the kind of x; only a zero exponent stays exact."""
    if isinstance(x, Fraction):
        return Fraction(1) if x == 0 else Fraction(exp(x))
    return exp(x)


def exponentials(xs):
    """Return the largest x and e**(x - largest) for each x, as softmax takes them."""
    top = max(xs)  # subtracting the largest keeps every exponential at most 1
    return top, [exp_of(x - top) for x in xs]


def softmax(xs, names=None):
    """Return exp(x) / Σ exp(x) for each x: positive weights that add up to 1."""
    (nx,) = names or names_of(None, xs)
    v = check.vector(xs, nx)
    top, es = exponentials(v)
    out = divide_by_sum(es, f"the exponentials of {nx}")
    if current() is not None:
        rounded = isinstance(top, Fraction) and any(x != top for x in v)
        record("softmax", (nx,), (v,), tuple(out), rounded=rounded)
        remember(out, f"softmax({nx})")
    return out


@rule("softmax")
class SoftmaxRule(Rule):
    def count(self, step):
        return 2 * len(step.args[0])

    def terms(self, step):
        xs = step.args[0]
        top, es = exponentials(xs)
        s = None
        for i, (x, e) in enumerate(zip(xs, es)):
            s = e if s is None else s + e
            yield Term("exp", (i,), x, top, e, s)
        for i, (e, r) in enumerate(zip(es, step.result)):
            yield Term("divide", (i,), e, s, r, None)

    def redo(self, step):
        return tuple(softmax(*step.args, names=step.names))
