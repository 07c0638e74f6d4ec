"""Each kind of term, declared once: how it is written, how a learner redoes it by hand,
and whether it adds to a running sum.

A term (step.Term) names its kind; views, the page, the quiz and the walk look the kind
up here (`of(term)`) and never test its name. A new kind is one class with @kind.

Writing a term takes a writer `w`, the view's number style: w.num(x) writes a number,
w.operand(x) writes it as it reads inside a formula ((-0.6) in brackets), w.answer(x)
writes a formula's result (in the digits asked for, where the operands show more so that
they give it by hand), w.sym holds
the symbols (times, minus, ...), w.ascii says whether to keep to ASCII, and
w.quotient(x, y, value) and w.distinct(x, y) are the careful forms two kinds need.
This module imports nothing: the core declares, the views write.
"""

from math import exp, log, sqrt

KINDS = {}  # a term's kind as it names it -> its declaration


def kind(cls):
    """Register a kind of term under its name; return the class."""
    KINDS[cls.name] = cls()
    return cls


def of(term):
    """Return the declaration of a term's kind."""
    try:
        return KINDS[term.kind]
    except KeyError:
        raise KeyError(f"no kind of term {term.kind!r} is declared in tracer/kinds.py") \
            from None


def run_of(term):
    """Return what a running sum is known by: its kind of term and the cell it works out."""
    return term.kind, term.at[:-1]


class Kind:
    """What every kind starts from; a kind overrides what differs."""

    name = ""
    running = False  # adds to a running sum, which a term then carries as its total
    one_line = False  # a finished run of them reads on one line: a × b + c × d = total
    parts = False  # products that add up: the largest part of a finished sum is marked
    stands = True  # its own formula stands before its running sum; False: the running
    # sum's line, "running sum 0.200 + 0.544 = 0.744", says all the term says

    def numbers(self, t):
        """Return the numbers a learner reads off the term to redo it."""
        return (t.x, t.y)

    redo = None  # how a learner redoes the value from those numbers; None: nothing to redo

    def checks(self, t, w):
        """Say whether a view should fit the digits until the written term checks by hand."""
        return self.redo is not None

    def formula(self, t, w):
        """Return the term as it reads inside a longer sum, without its value."""
        return f"{self.name}({w.operand(t.x)}, {w.operand(t.y)})"

    def line(self, t, w):
        """Return the term written out on its own: formula = value."""
        return f"{self.formula(t, w)} = {w.answer(t.value)}"


@kind
class product(Kind):
    """x × y: one product of a dot product (or of a scaling, which keeps no sum)."""

    name, running, one_line, parts = "product", True, True, True

    def redo(self, x, y):
        return x * y

    def formula(self, t, w):
        return f"{w.operand(t.x)} {w.sym['times']} {w.operand(t.y)}"


@kind
class weighted(product):
    """weight × value: one share of a weighted sum."""

    name = "weighted"


@kind
class addend(Kind):
    """+ x: one number added to a running sum."""

    name, running, one_line, stands = "sum", True, True, False

    def numbers(self, t):
        return (t.x,)

    def redo(self, x):
        return x

    def checks(self, t, w):
        return False  # "+ x" shows no result of its own to check

    def formula(self, t, w):
        return w.operand(t.x)

    def line(self, t, w):
        return f"+ {w.operand(t.x)}"


@kind
class add(Kind):
    """x + y = value: one cell of a sum of two."""

    name = "add"

    def redo(self, x, y):
        return x + y

    def formula(self, t, w):
        return f"{w.operand(t.x)} + {w.operand(t.y)}"


@kind
class sub(Kind):
    """x − y = value: one cell of a difference."""

    name = "sub"

    def redo(self, x, y):
        return x - y

    def formula(self, t, w):
        return f"{w.operand(t.x)} {w.sym['minus']} {w.operand(t.y)}"


@kind
class divide(Kind):
    """x / y = value: one share, or one cell divided by a number."""

    name = "divide"

    def redo(self, x, y):
        return x / y

    def rounded_quotient(self, t, w):
        """Say whether the term is written as w.quotient writes floats: the result given
        only the figures its operands carry (a tiny weight keeps its two figures)."""
        return all(type(v) is float for v in (t.x, t.y, t.value)) and \
            not 0 < abs(t.value) < w.tiny

    def checks(self, t, w):
        return not self.rounded_quotient(t, w)  # w.quotient fits its own digits

    def formula(self, t, w):
        return f"{w.operand(t.x)} / {w.operand(t.y)}"

    def line(self, t, w):
        if self.rounded_quotient(t, w):
            return w.quotient(t.x, t.y, t.value)
        return super().line(t, w)


@kind
class exponential(Kind):
    """exp(x − largest) = value: one exponential of a softmax, added to its sum."""

    name, running = "exp", True  # not one line: each exponential's value is needed later

    def redo(self, x, top):
        return exp(x - top)

    def formula(self, t, w):
        return f"exp({w.operand(t.x)} {w.sym['minus']} {w.operand(t.y)})"


@kind
class root(Kind):
    """√x = value: the square root that ends a length."""

    name = "sqrt"

    def numbers(self, t):
        return (t.x,)

    def redo(self, x):
        return sqrt(x)

    def formula(self, t, w):
        return f"sqrt({w.num(t.x)})" if w.ascii else f"√{w.operand(t.x)}"


@kind
class masked(Kind):
    """A score the mask hides: weight 0, left out of the sum."""

    name = "masked"

    def numbers(self, t):
        return (t.x,)

    def line(self, t, w):
        return f"{w.num(t.x)} masked: weight {w.num(t.value)}, not in the sum"


@kind
class compare(Kind):
    """x vs y: equal or different, with digits enough to see which."""

    name = "compare"

    def line(self, t, w):
        a, b = (w.num(t.x), w.num(t.y)) if t.value else w.distinct(t.x, t.y)
        return f"{a} vs {b}: {'equal' if t.value else 'different'}"


@kind
class self_slope(Kind):
    """w × (1 − w) = value: how a softmax weight moves with its own score."""

    name = "self_slope"

    def redo(self, w, same):
        return w * (1 - same)

    def formula(self, t, w):
        return f"{w.operand(t.x)} {w.sym['times']} (1 {w.sym['minus']} {w.operand(t.y)})"


@kind
class cross_slope(Kind):
    """w_k × (0 − w_j) = value: how a softmax weight moves with another score."""

    name = "cross_slope"

    def redo(self, wk, wj):
        return wk * (0 - wj)

    def formula(self, t, w):
        return f"{w.operand(t.x)} {w.sym['times']} (0 {w.sym['minus']} {w.operand(t.y)})"


@kind
class minus_log(Kind):
    """−log x = value: how surprised a weight x is by the right answer, added to a sum."""

    name, running = "log", True

    def numbers(self, t):
        return (t.x,)

    def redo(self, x):
        return -log(x)

    def formula(self, t, w):
        return f"{w.sym['minus']}log({w.num(t.x)})"
