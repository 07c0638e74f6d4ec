"""Declaring an operation once: its checks, its arithmetic, and what a view needs.

An operation is a subclass of Op, registered with @declare. The declaration says
- how each operand is checked (`params`, `agree`),
- the arithmetic, once (`arithmetic`, written with the steps of fold.py): the result,
  how many cells there are, and the terms a learner steps through in each are all read
  from it, so that a result is always the last running value of its terms; an operation
  that only moves numbers about (a transpose) says how in `arrange` and has no terms,
- how a view shows it (`title`, `shape`, `shows`, `cell_title`, `term_axis`).

@declare turns it into the function a learner calls, such as `dot(a, b)`, which checks,
computes and, inside `recording()`, appends one step.
"""

import inspect
from bisect import bisect_right
from itertools import accumulate

from . import check
from .errors import TraceError
from .fold import Cells, Counted, Terms, Values, Worked
from .step import (OPS, check_template, current, frozen, known, record, remember,
                   unchanged)


def names_of(names, objs, defaults="abcd"):
    """Return each operand's name: the one given, the one recorded, or a letter."""
    if names:
        return tuple(map(str, names))
    return tuple(known(o)[0] or defaults[i] for i, o in enumerate(objs))


CHECKS = {  # how an operand of each form is checked, given its name and the mode
    "vector": check.vector,
    "matrix": check.matrix,
    "number": check.number,
    "any": lambda x, name, exact: x,
}


def trusted(x, form):
    """Return a list an earlier step made, as it stored it, if it is unchanged."""
    if type(x) is list and form in ("vector", "matrix"):
        return unchanged(x, form == "matrix")
    return None


class Op:
    """What every declaration starts from; an operation overrides what differs."""

    name = ""  # as a trace records it
    params = ()  # (operand name, form) in the order the function takes them
    optional = {}  # operands that may be left out, and their defaults
    title = ""  # the heading, over the operands' names: "{0} {dot} {1}"
    shape = "vector"  # how a view lays it out: vector, matrix, rows or none
    shows = ()  # operands a view writes out before the terms
    cell_title = ""  # how a view names a cell, from {r} and {c} and the operands' names
    term_axis = None  # the step label that names a term's last index (a component)
    output = None  # the name later steps give the result, such as "{0} @ {1}"
    named_step = False  # the step itself takes that name when the caller gives none
    shows_name = False  # the view's heading starts "name = "
    shows_result = True  # the view writes the result under the terms
    ends_in_result = False  # its last term's value is the whole result (√4 = 2), so no
    # view writes the result again under it
    narration = False  # a sentence, not arithmetic
    numbers = True  # its result holds numbers (a mask's holds True and False)
    marks = False  # its table shows = and ≠ rather than numbers
    cell_axes = ()  # which of the step's labels name each part of a cell's key
    quiz = None  # the question its first step poses (play/predict.py): "result" of a
    # dot, a first "cell" of a product, a "share" of a weighted sum, the "first" of a
    # division, the "weights" of a row

    # -- checks and arithmetic

    def default_names(self, args):
        """Return the names of operands nobody named: recorded names, else letters."""
        return names_of(None, args)

    def prepare(self, args, names, exact):
        """Return the operands checked (and in exact mode, made Fractions)."""
        return tuple(trusted(x, form) or CHECKS[form](x, n, exact)
                     for (_, form), x, n in zip(self.params, args, names))

    def enter(self, args):
        """Return checked operands in the form the step stores them."""
        return args

    def agree(self, args, names):
        """Refuse operands that are each fine but do not fit together."""

    arithmetic = None  # arithmetic(w, *operands): the result, worked out with w's steps
    arrange = None  # arrange(*operands): the result of an operation without arithmetic

    def finite(self, result, names):
        """Refuse a result that overflowed."""
        if check.all_finite(result):  # the common case, before naming anything
            return
        grid = isinstance(result, list) and result and isinstance(result[0], list)
        what = (self.output or self.title).format(*names, dot="·", times="×", minus="−")
        if grid:
            for i, row in enumerate(result):
                check.finite(row, f"row {i} of {what}", result=True)
        else:
            check.finite(result if isinstance(result, list) else (result,), what,
                         result=True)

    def freeze(self, result):
        """Return the result as a step stores it: lists become tuples."""
        return frozen(result)

    def result(self, args, names):
        """Return the result of checked operands; names are for what can go wrong."""
        if self.arithmetic is None:
            return self.arrange(*args)
        return self.arithmetic(Values((names,)), *args)

    def rounded(self, args, result):
        """Say whether exact operands gave a result that had to round."""
        return False

    def labels(self, objs):
        """Return the step's labels (rows, columns[, components]) from what is known."""
        return None

    def output_labels(self, labels):
        """Return the (rows, columns) later steps see on the result."""
        return tuple(labels[:2]) if labels else (None, None)

    def redo(self, step):
        """Return the result a stored step's operands give, computed afresh."""
        args = self.prepare(step.args, step.names, False)
        self.agree(args, step.names)
        return self.freeze(self.result(args, step.names))

    # -- gradients: the local derivative, beside the arithmetic above

    def backward(self, back):
        """Return the gradient of each operand wanted (else None), given the gradient of
        the result (back.g), recording the steps that work it out (see grad.py)."""
        raise TraceError(f"gradients do not go back through {self.name} yet")

    # -- terms: a step is a run of cells, each worked out by the same arithmetic.
    # The arithmetic says how many cells there are, where each sits and its terms; how
    # many terms there are, and where each cell starts, are counted from those terms.

    def plan(self, step):
        """Return (how many cells, where cell c sits), from the arithmetic's first step:
        kept on the step, as its layout is."""
        got = step.plan
        if got is None:
            if self.arithmetic is None:
                got = (0, None)
            else:
                try:
                    self.arithmetic(Cells(step.names), *step.args)
                    raise TypeError(f"{self.name}: its arithmetic takes no step of fold.py")
                except Counted as cells:
                    got = (cells.n, cells.key)
            step.plan = got
        return got

    def cells(self, step):
        """Return how many cells the step works out."""
        return (step.plan or self.plan(step))[0]

    def even(self, step):
        """Say whether every cell holds as many terms as the first (a mask makes rows differ)."""
        return True

    def cell_key(self, step, c):
        """Return where cell c sits: (i, j), (i,), (j,) or ()."""
        return tuple((step.plan or self.plan(step))[1](c))

    def worked(self, step, c):
        """Return (the terms of cell c, the value they give), worked out afresh."""
        w = Terms(step.names, c)
        try:
            value = self.arithmetic(w, *step.args)
        except Worked as cell:
            return cell.terms, cell.value
        return w.terms, value

    def cell_terms(self, step, c):
        """Return the terms of cell c."""
        return self.worked(step, c)[0]

    def cell_operands(self, step, i, j, r, c):
        """Return the two vectors cell (i, j)'s terms run over, each with how it reads
        (r and c name the row and column): by default row i of the first operand and
        column j of the second, as a matrix product's cell takes them."""
        a, b = step.names[:2]
        return (step.args[0][i], f"{a}[{r}]"), (step.args[1][j], f"{b}[:, {c}]")

    def cell_fields(self, step, cell):
        """Return more fields cell_title names for a cell, (i, j) or (i, None), beside
        {r} and {c}."""
        return {}

    def layout(self, step):
        """Return (terms each cell holds, terms in all) when every cell holds as many, else
        where each cell's terms end (a list): counted from the terms, once a step."""
        got = step.layout
        if got is None:
            n = self.cells(step)
            if n == 0:
                got = (0, 0)
            elif self.even(step):
                per = len(self.cell_terms(step, 0))
                got = (per, per * n)
            else:
                got = list(accumulate(len(self.cell_terms(step, c)) for c in range(n)))
            step.layout = got
        return got

    def count(self, step):
        """Return how many terms the step holds."""
        got = step.layout or self.layout(step)
        return got[1] if type(got) is tuple else got[-1]

    def cell_start(self, step, c):
        """Return the index of the first term of cell c."""
        got = step.layout or self.layout(step)
        if type(got) is tuple:
            return c * got[0]
        return got[c - 1] if c else 0

    def place(self, step, k):
        """Return (the cell that holds term k, k's index inside it)."""
        got = step.layout or self.layout(step)
        if type(got) is tuple:
            if not 0 <= k < got[1]:
                raise IndexError(f"{step.op} step has no term {k}")
            return divmod(k, got[0])
        c = bisect_right(got, k)
        if k < 0 or c == len(got):
            raise IndexError(f"{step.op} step has no term {k}")
        return c, k - (got[c - 1] if c else 0)

    def cell_of(self, step, k):
        """Return the cell that holds term k."""
        return self.place(step, k)[0]

    def terms(self, step):
        for c in range(self.cells(step) if self.count(step) else 0):
            yield from self.whole(step, c, self.cell_terms(step, c))

    def whole(self, step, c, terms):
        """Return cell c's terms, refusing them if the count taken from the first cell
        would not hold for them (an operation whose cells differ says even() is False)."""
        got = self.layout(step)
        want = got[0] if type(got) is tuple else got[c] - (got[c - 1] if c else 0)
        if len(terms) != want:
            raise ValueError(f"{self.name}: cell {c} holds {len(terms)} terms, not the "
                             f"{want} of its first cell; its even() should say False")
        return terms

    def term(self, step, k):
        c, i = self.place(step, k)
        hit = step.kept
        return (hit[1] if hit is not None and hit[0] == c else self.kept(step, c))[i]

    def run_to(self, step, k):
        c, i = self.place(step, k)
        return self.kept(step, c)[:i + 1]

    def kept(self, step, c):
        """Return cell c's terms, kept on the step while a view walks through that cell."""
        hit = step.kept
        if hit is not None and hit[0] == c:
            return hit[1]
        terms = self.whole(step, c, self.cell_terms(step, c))
        step.kept = (c, terms)
        return terms


# Read from the arithmetic, never declared: the count and the cells from its terms, the
# result and the terms from the one statement of its arithmetic.
DERIVED = ("count", "cell_start", "cell_of", "place", "layout", "plan", "cells",
           "cell_key", "worked", "cell_terms", "result", "compute")


def declare(cls):
    """Register an operation and return the function a learner calls."""
    stated = [m for m in DERIVED if getattr(cls, m, None) is not getattr(Op, m, None)]
    if stated:
        raise TypeError(f"{cls.__name__} states its {stated[0]}; an operation states its "
                        "arithmetic once, and its result, cells, terms and count are all "
                        "read from it")
    if (cls.arithmetic is None) == (cls.arrange is None):
        raise TypeError(f"{cls.__name__} needs its arithmetic, or else (an operation "
                        "without terms) how it arranges its operands, and not both")
    op = cls()
    OPS[op.name] = op
    required = [p for p, _ in op.params if p not in op.optional]
    order = [p for p, _ in op.params]

    def complete(args, given):
        if len(args) > len(order) or any(p not in op.optional for p in given):
            unknown = [p for p in given if p not in op.optional]
            raise TypeError(f"{op.name}() takes {', '.join(order)}"
                            + (f"; not {unknown[0]}" if unknown else ""))
        args = args + tuple(given.get(p, op.optional.get(p)) for p in order[len(args):])
        if len(args) < len(order) or any(a is inspect.Parameter.empty for a in args):
            raise TypeError(f"{op.name}() needs {', '.join(required)}")
        return args

    def operation(*args, names=None, name=None, why=None, **given):
        if given or len(args) != len(order):  # every operand given in order skips this
            args = complete(args, given)
        return run(op, args, names, name, why)

    operation.__name__ = operation.__qualname__ = op.name
    operation.__doc__ = cls.__doc__
    operation.__module__ = cls.__module__
    operation.__signature__ = inspect.Signature(
        [inspect.Parameter(p, inspect.Parameter.POSITIONAL_OR_KEYWORD,
                           default=op.optional.get(p, inspect.Parameter.empty))
         for p in order] +
        [inspect.Parameter(k, inspect.Parameter.KEYWORD_ONLY, default=None)
         for k in ("names", "name", "why")])
    operation.decl = op
    return operation


def run(op, args, names, name, why):
    """Check, compute, and inside a recording, record one step of an operation."""
    trace = current()
    names = names_of(names, args) if names else op.default_names(args)
    if why is not None and not isinstance(why, str):
        raise TraceError(f"why= should be a sentence, not {type(why).__name__}")
    stored = op.enter(op.prepare(args, names, trace is not None and trace.exact))
    op.agree(stored, names)
    result = op.result(stored, names)
    op.finite(result, names)
    if trace is not None:
        labels = op.labels(args)
        if name is None and op.named_step:
            name = op.output.format(*names)
        step = record(trace, op.name, names, stored, op.freeze(result), name,
                      op.rounded(stored, result), labels, why)
        trace.links.append((step, args, result))
        if op.output is not None and isinstance(result, list):
            remember(result, name or op.output.format(*names), *op.output_labels(labels),
                     kept=step.result if op.numbers else None)
    return result


class Say(Op):
    """A sentence of narration: text with a {} for each value it shows."""

    name, shape, narration = "say", "none", True

    def redo(self, step):
        if not isinstance(step.result, str) or not isinstance(step.args, tuple):
            raise TypeError("narration needs a text and a list of values")
        check_template(step.result, step.args)
        step.result.format(*step.args)
        return step.result


OPS["say"] = Say()
