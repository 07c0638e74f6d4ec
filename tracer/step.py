"""The step record at the centre: what an operation did, written once, read by everyone.

This module imports nothing above the engine: views, the player, the quiz and the
command line read steps; steps never read them.
"""

import sys
from collections import namedtuple
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from string import Formatter

from .check import as_exact
from .errors import TraceError
from .shown import Shown

# One arithmetic term, made on demand from a step's operands: `kind` names how to read
# it, declared in kinds.py (product, sum, divide, exp, ...); `at` where it sits (its
# cell, then its index inside the cell).
Term = namedtuple("Term", "kind at x y value total")

OPS = {}  # operation name -> its declaration (an Op); filled as op modules load


class Step:
    """One operation: what it was, on what, giving what, called from where, and why."""

    FIELDS = ("op", "names", "args", "result", "name", "file", "line", "rounded", "labels",
              "why")
    # plan, layout, kept and extent: what its operation counted and what views worked
    # out (a cell's terms, the smallest and largest number of its result), kept on the
    # step that it belongs to, never on the operation that all steps share
    __slots__ = FIELDS + ("plan", "layout", "kept", "extent")

    def __init__(self, op, names, args, result, name=None, file=None, line=None,
                 rounded=False, labels=None, why=None):
        self.op, self.names, self.args, self.result = op, names, args, result
        self.name, self.file, self.line = name, file, line
        self.rounded, self.labels, self.why = rounded, labels, why
        self.plan = self.layout = self.kept = self.extent = None

    @property
    def decl(self):
        """Return the declaration of this step's operation."""
        return OPS[self.op]

    def count(self):
        """Return how many terms this step holds."""
        return OPS[self.op].count(self)

    def terms(self):
        """Yield every term of this step, in the order it was computed."""
        return OPS[self.op].terms(self)

    def term(self, k):
        """Return term k of this step."""
        return OPS[self.op].term(self, k)

    def run_to(self, k):
        """Return the terms of the cell (or row) holding term k, from its first to k."""
        return OPS[self.op].run_to(self, k)

    def cells(self):
        """Return how many cells (entries, rows or components) this step works out;
        none for a step without terms."""
        return OPS[self.op].cells(self) if self.count() else 0

    def cell_of(self, k):
        """Return the cell that holds term k."""
        return OPS[self.op].cell_of(self, k)

    def cell_start(self, c):
        """Return the index of cell c's first term (cell_start(cells()) == count())."""
        return OPS[self.op].cell_start(self, c)

    def cell_key(self, c):
        """Return where cell c sits: (i, j) in a matrix, (i,) for a row, (j,) or ()."""
        return OPS[self.op].cell_key(self, c)

    def cell_terms(self, c):
        """Return every term of cell c, in order."""
        return OPS[self.op].cell_terms(self, c)

    def __repr__(self):
        return f"Step({self.op!r}, {self.names!r}, result={self.result!r})"

    def __eq__(self, other):
        return isinstance(other, Step) and all(
            getattr(self, f) == getattr(other, f) for f in self.FIELDS)


class Trace(Shown):
    """The steps one recording took, in order, and the sections a lesson marked."""

    def __init__(self, steps=None, title="", exact=False, vectors=None, sections=None):
        self.steps = list(steps or [])
        self.title = title  # what the walkthrough is called, such as a lesson's name
        self.sources = None  # {file: lines} a trace file carried; None: recorded here
        self.exact = exact  # floats entered as the fractions they spell
        self.vectors = vectors  # the vector set words are looked up in (None: the demo)
        self.sections = list(sections or [])  # (title, index of its first step)
        self.focus = None  # the word (a row's label) the walkthrough follows, if any
        self.questions = []  # questions said at the lesson's forks (question.Asked)
        # The lesson asks its own questions (tracer.ask): where none is asked, there is
        # none to ask on this sentence, and --predict makes up none from the arithmetic.
        self.asks = False
        # id(list) -> (list, name, row labels, column labels, checked form or None)
        self.known = {}
        # (step, operands as the caller passed them, result as returned) for each
        # operation recorded here: the paths a gradient goes back along (see grad.py)
        self.links = []

    def __len__(self):
        return len(self.steps)

    def __iter__(self):
        return iter(self.steps)

    def __getitem__(self, i):
        return self.steps[i]

    def count(self):
        """Return how many terms the whole trace holds."""
        return sum(s.count() for s in self.steps)



_recording = ContextVar("tracer_recording", default=None)  # the trace being recorded


class recording:
    """Record every operation inside the block into a new trace.

    exact=True computes in Fractions (a float enters as the decimal it spells, 0.75 as
    3/4); vectors is the vector set words are looked up in (None: the demo vectors).
    A class rather than a generator: entering it is part of what recording costs.
    """

    def __init__(self, exact=False, vectors=None):
        self.trace = Trace(exact=exact, vectors=vectors)
        self.tokens = []

    def __enter__(self):
        self.tokens.append(_recording.set(self.trace))
        return self.trace

    def __exit__(self, *exc):
        _recording.reset(self.tokens.pop())
        self.trace.known, self.trace.links = {}, []


@contextmanager
def paused():
    """Record nothing inside the block, even within a recording."""
    token = _recording.set(None)
    try:
        yield
    finally:
        _recording.reset(token)


def current():
    """Return the trace being recorded, or None."""
    return _recording.get()


@lru_cache(maxsize=None)  # a few module names, asked about on every operation
def engine(module):
    """Say whether a module is the engine's own; the lessons live in tracer but call it."""
    return module.startswith("tracer.") and not module.startswith("tracer.lessons.")


def caller(depth=2):
    """Return the file and line of the code that called an operation."""
    f = sys._getframe(depth)
    while engine(f.f_globals.get("__name__", "")) and f.f_back:
        f = f.f_back
    return f.f_code.co_filename, f.f_lineno


def record(trace, op, names, args, result, name=None, rounded=False, labels=None,
           why=None, placed=True):
    """Append one step to a trace, placed at the code that called the operation
    (placed=False: at no line of code)."""
    file, line = caller(3) if placed else (None, None)
    if labels is not None:  # most steps have no labels: (None, None) as it is
        labels = tuple(labels) if not any(labels) else tuple(
            None if x is None else tuple(map(str, x)) for x in labels)
    step = Step(op, names, args, result, name, file, line, rounded, labels, why)
    trace.steps.append(step)
    return step


def say(text, *values, code=True):
    """Record a sentence of narration; each {} in it shows one of the values.

    code=False: the sentence belongs to no line of code, as what the library says
    before a lesson begins (its vectors rescaled, its words made up).
    """
    check_template(text, values)
    trace = _recording.get()
    if trace is not None:
        if trace.exact:
            values = [as_exact(v) for v in values]
        # Frozen: the caller may change its lists after the sentence was said.
        record(trace, "say", None, frozen(values), text, placed=code)


def section(title):
    """Start a new section of the walkthrough: the next idea, under its title."""
    if not isinstance(title, str) or not title.strip():
        raise TraceError("a section needs a title, such as 'relevances'")
    trace = _recording.get()
    if trace is not None:
        trace.sections.append((title, len(trace.steps)))


def follow(word):
    """Name the word the walkthrough follows: a finished table keeps its row in view."""
    if not isinstance(word, str) or not word:
        raise TraceError("follow() takes a word, such as 'Riley'")
    trace = _recording.get()
    if trace is not None:
        trace.focus = word


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
    if not isinstance(x, (list, tuple)):
        return x
    if LISTS.isdisjoint(map(type, x)):  # a row of numbers: one copy, no call per entry
        return tuple(x)
    return tuple(map(frozen, x))


LISTS = {list, tuple}


def named(matrix, name, rows=None, cols=None):
    """Name a matrix (or vector) and label its rows and columns; return it.

    Later steps that read it show those names, as they do for what get_values returns.
    """
    if not isinstance(name, str) or not name:
        raise TraceError("named() takes a name, such as 'W_Q'")
    return remember(matrix, name, rows, cols)


def labels_of(matrix):
    """Return (name, row labels, column labels) recorded for a matrix, or Nones."""
    return known(matrix)


def known(obj):
    """Return (name, rows, cols) recorded for a list, or Nones."""
    trace = _recording.get()
    entry = trace.known.get(id(obj)) if trace is not None else None
    return entry[1:4] if entry and entry[0] is obj else (None, None, None)


def remember(obj, name, rows=None, cols=None, kept=None):
    """Let later steps name a list and label its rows and columns.

    kept: the checked form of obj a step stored, which later steps may take without
    checking it again for as long as obj still holds the same numbers.
    """
    trace = _recording.get()
    if trace is not None:
        trace.known[id(obj)] = (obj, name, rows, cols, kept)
    return obj


def unchanged(obj, matrix):
    """Return the checked form a step stored for obj if obj still holds it, else None."""
    trace = _recording.get()
    entry = trace.known.get(id(obj)) if trace is not None else None
    if entry is None or entry[0] is not obj or not entry[4]:
        return None
    kept = entry[4]
    if (type(kept[0]) is tuple) != matrix:  # a vector where a matrix goes, or back
        return None
    try:  # the same numbers, compared in C (mostly the very same objects)
        same = (tuple(map(tuple, obj)) if matrix else tuple(obj)) == kept
    except TypeError:  # a row replaced by something that is not a list
        return None
    return kept if same else None
