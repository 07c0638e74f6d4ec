"""The step record at the centre: what an operation did, written once, read by everyone."""

import sys
from collections import namedtuple
from contextlib import contextmanager
from string import Formatter


class TraceError(ValueError):
    """A problem a learner can fix: bad input, a zero sum, a broken file."""


# One arithmetic term, made on demand from a step's operands: `kind` says how to read it
# (product, weighted, add, square, sqrt, divide, exp, compare), `at` where it sits.
Term = namedtuple("Term", "kind at x y value total")


class Step:
    """One operation: what it was, on what, giving what, called from where."""

    __slots__ = ("op", "names", "args", "result", "name", "file", "line",
                 "rounded", "labels", "index")

    def __init__(self, op, names, args, result, name=None, file=None, line=None,
                 rounded=False, labels=None, index=None):
        self.op, self.names, self.args, self.result = op, names, args, result
        self.name, self.file, self.line = name, file, line
        self.rounded, self.labels, self.index = rounded, labels, index

    def count(self):
        """Return how many terms this step holds."""
        return RULES[self.op].count(self)

    def terms(self):
        """Yield every term of this step, in the order it was computed."""
        return RULES[self.op].terms(self)

    def term(self, k):
        """Return term k of this step."""
        return RULES[self.op].term(self, k)

    def children(self):
        """Return the steps nested under this one (a matmul's cells), made on demand."""
        return RULES[self.op].children(self)

    def run_to(self, k):
        """Return the terms of the cell (or row) holding term k, from its first to k."""
        return RULES[self.op].run_to(self, k)

    def __repr__(self):
        return f"Step({self.op!r}, {self.names!r}, result={self.result!r})"

    def __eq__(self, other):
        return isinstance(other, Step) and all(
            getattr(self, f) == getattr(other, f) for f in self.__slots__)


class Rule:
    """How to count, list and pick the terms of one kind of step."""

    def count(self, step):
        return 0

    def terms(self, step):
        return iter(())

    def term(self, step, k):
        for i, t in enumerate(self.terms(step)):
            if i == k:
                return t
        raise IndexError(f"{step.op} step has no term {k}")

    def children(self, step):
        return []

    def run_to(self, step, k):
        return [self.term(step, k)]

    def redo(self, step):
        """Return the result this step's operands give, computed afresh."""
        raise NotImplementedError(step.op)


class SayRule(Rule):
    def redo(self, step):
        if not isinstance(step.result, str) or not isinstance(step.args, tuple):
            raise TypeError("narration needs a text and a list of values")
        check_template(step.result, step.args)
        step.result.format(*step.args)
        return step.result


RULES = {"say": SayRule()}


def rule(op):
    """Register the term rule of one operation."""
    def register(cls):
        RULES[op] = cls()
        return cls
    return register


class Trace:
    """The steps one recording took, in order."""

    def __init__(self, steps=None, title=""):
        self.steps = list(steps or [])
        self.title = title  # what the walkthrough is called, such as a lesson's name
        self.sources = None  # {file: lines} a trace file carried; None: recorded here
        self.known = {}  # id(list) -> (list, name, row labels, column labels)

    def __len__(self):
        return len(self.steps)

    def __iter__(self):
        return iter(self.steps)

    def __getitem__(self, i):
        return self.steps[i]

    def count(self):
        """Return how many terms the whole trace holds."""
        return sum(s.count() for s in self.steps)

    def to_json(self, terms=False, sources=False):
        """Return this trace as versioned JSON text; sources=True keeps the code too."""
        from .tracefile import dumps
        return dumps(self, terms, sources)

    @staticmethod
    def from_json(text):
        """Return the trace that `to_json` wrote."""
        from .tracefile import loads
        return loads(text)


_current = None  # the trace being recorded into, or None


@contextmanager
def recording():
    """Record every operation inside the block into a new trace."""
    global _current
    outer, trace = _current, Trace()
    _current = trace
    try:
        yield trace
    finally:
        _current = outer
        trace.known = {}


@contextmanager
def paused():
    """Record nothing inside the block, even within a recording."""
    global _current
    outer, _current = _current, None
    try:
        yield
    finally:
        _current = outer


def current():
    """Return the trace being recorded, or None."""
    return _current


def engine(module):
    """Say whether a module is the engine's own; the lessons live in tracer but call it."""
    return module.startswith("tracer.") and not module.startswith("tracer.lessons.")


def caller(depth=2):
    """Return the file and line of the code that called an operation."""
    f = sys._getframe(depth)
    while engine(f.f_globals.get("__name__", "")) and f.f_back:
        f = f.f_back
    return f.f_code.co_filename, f.f_lineno


def record(op, names, args, result, name=None, rounded=False, labels=None):
    """Append one step to the trace being recorded."""
    file, line = caller(3)
    if labels is not None:
        labels = tuple(None if x is None else tuple(x) for x in labels)
    step = Step(op, names, args, result, name, file, line, rounded, labels)
    _current.steps.append(step)
    return step


def say(text, *values):
    """Record a sentence of narration; each {} in it shows one of the values."""
    check_template(text, values)
    if _current is not None:
        from .check import EXACT, as_exact
        if EXACT[0]:
            values = [as_exact(v) for v in values]
        # Frozen: the caller may change its lists after the sentence was said.
        record("say", None, frozen(values), text)


def check_template(text, values):
    """Refuse narration unless it is text with one bare {} for each value."""
    if not isinstance(text, str):
        raise TraceError(f"narration should be text, not {type(text).__name__}")
    try:
        fields = [part[1:] for part in Formatter().parse(text) if part[1] is not None]
    except ValueError as e:
        raise TraceError(f"the narration {text[:40]!r} is not a template: {e}") from None
    for name, spec, conversion in fields:
        # A name, format or conversion could reach into a value or ask for a huge string.
        if name or spec or conversion:
            field = "{" + name + (f"!{conversion}" if conversion else "") + (
                f":{spec}" if spec else "") + "}"
            raise TraceError(f"the narration marks a value with {field[:40]!r}; "
                             "write a bare {} for each value instead")
    if len(fields) != len(values):
        raise TraceError(f"the narration has {len(fields)} {{}} but {len(values)} "
                         f"value{'' if len(values) == 1 else 's'} to show")


def frozen(x):
    """Return lists inside x as tuples, as a trace stores them."""
    return tuple(map(frozen, x)) if isinstance(x, (list, tuple)) else x


def known(obj):
    """Return (name, rows, cols) recorded for a list, or Nones."""
    entry = _current.known.get(id(obj)) if _current is not None else None
    return entry[1:] if entry and entry[0] is obj else (None, None, None)


def remember(obj, name, rows=None, cols=None):
    """Let later steps name a list and label its rows and columns."""
    if _current is not None:
        _current.known[id(obj)] = (obj, name, rows, cols)
    return obj
