"""Trace files: a recorded trace as versioned JSON, read back without loss."""

import json
import linecache
import os
import re
import sys
from fractions import Fraction

from . import json_text
from .whole import read_text, write_all
from .. import limits
from ..errors import TraceError
from ..question import Asked
from ..step import OPS, Step, Trace, check_template, paused

FORMAT, VERSION = "tracer-trace", 1
UNSAFE = re.compile("[\x7f-\x9f\ud800-\udfff]")
FIELDS = ("op", "names", "args", "result", "name", "file", "line", "rounded", "labels")
OPTIONAL = ("why",)  # fields a file may leave out: older traces have no reasons


def encode(x):
    """Return x with tuples as lists and Fractions as {"fraction": "p/q"}."""
    if isinstance(x, (tuple, list)):
        return [encode(y) for y in x]
    return fraction(x) if isinstance(x, Fraction) else x


def fraction(x):
    """Return a Fraction as JSON writes it; json.dumps asks only for what it cannot write."""
    if isinstance(x, Fraction):
        if max(x.numerator.bit_length(), x.denominator.bit_length()) > FRACTION_BITS:
            raise TraceError(f"a fraction of more than {limits.FRACTION_DIGITS} digits is "
                             "beyond what a trace file holds (limits.FRACTION_DIGITS)")
        return {"fraction": f"{x.numerator}/{x.denominator}"}
    raise TypeError(f"a trace holds {type(x).__name__}, which JSON cannot hold")


FRACTION_BITS = int(limits.FRACTION_DIGITS / 0.30103)  # fewer bits than digits allow


class Reader:
    """Turn one step's JSON values into a trace's: lists as tuples, fractions exact.

    It refuses nesting, text and fractions beyond the budget in limits.py, and keeps
    the length of the longest fraction and of the longest list, which together bound
    what exact sums of them cost.
    """

    def __init__(self, where):
        self.where, self.longest, self.widest, self.leaves = where, 0, 0, 0

    def __call__(self, x, depth=0):
        if type(x) is list:
            if depth >= limits.DEPTH:
                raise TraceError(f"{self.where}: lists nested more than {limits.DEPTH} "
                                 "deep (limits.DEPTH)")
            self.widest = max(self.widest, len(x))
            try:  # adding up holds for a row of numbers only: no list, object or text
                sum(x, 0.0)
            except (TypeError, OverflowError):
                pass
            else:  # nothing to look into: one copy in C
                self.leaves += len(x)
                return tuple(x)
            return tuple([self(y, depth + 1) for y in x])
        if isinstance(x, dict):
            return self.fraction(x)
        self.leaves += 1
        if isinstance(x, str) and len(x) > limits.TEXT_CHARS:
            self.text()
        return x

    def text(self):
        raise TraceError(f"{self.where}: a text of more than {limits.TEXT_CHARS:,} "
                         "characters (limits.TEXT_CHARS)")

    def fraction(self, x):
        p = x.get("fraction")
        if len(x) == 1 and isinstance(p, str) and p.count("/") == 1:
            if len(p) > 2 * limits.FRACTION_DIGITS + 2 or any(
                    len(part.strip().lstrip("+-")) > limits.FRACTION_DIGITS
                    for part in p.split("/")):
                raise TraceError(f"{self.where}: a fraction longer than "
                                 f"{limits.FRACTION_DIGITS} digits (limits.FRACTION_DIGITS)")
            try:
                value = Fraction(p)
            except (ValueError, ZeroDivisionError):
                pass
            else:
                self.longest = max(self.longest, len(p))
                return value
        raise TraceError(f"{self.where}: {brief(repr(x))} is not a fraction like "
                         '{"fraction": "2/9"}')


SCALARS = {int, float, bool, type(None)}  # JSON values that need no reading


def brief(text, room=60):
    """Return text cut to room characters, with ... where it was cut: a message quotes it."""
    return text if len(text) <= room else text[:room - 3] + "..."


def decode(x, where):
    """Return x with lists as tuples and {"fraction": "p/q"} as Fractions, checked."""
    return Reader(where)(x)


def dumps(trace, terms=False, sources=False):
    """Return the JSON text of a trace; optionally every term and the code it ran."""
    steps, kept = [], {}  # kept: each file's name as the trace file keeps it
    for s in trace.steps:
        # Tuples are written as lists by json itself, Fractions through fraction().
        d = {f: getattr(s, f) for f in FIELDS + OPTIONAL}
        if s.file and sources:  # a file to share names no folder of its maker's
            d["file"] = kept.get(s.file) or kept.setdefault(s.file, stored_path(s.file))
        if terms:
            d["terms"] = list(s.terms())
        steps.append(d)
    data = {"format": FORMAT, "version": VERSION, "steps": steps}
    if trace.title:
        data["title"] = trace.title
    if trace.sections:
        data["sections"] = [list(x) for x in trace.sections]
    if trace.focus:
        data["focus"] = trace.focus
    asked = [[q.step, q.prompt, encode(list(q.shown)), list(q.choices) if q.choices else None,
              encode(q.answer_), q.reason, encode(list(q.values))]
             for q in trace.questions if q.answer_ is not None]
    if asked:
        data["questions"] = asked
    if trace.asks:
        data["asks"] = True
    if sources:
        files = sorted({s.file for s in trace.steps if s.file})
        data["sources"] = {stored_path(f): list(source_lines(trace, f)) for f in files}
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, default=fraction)
    # JSON escapes C0 controls itself; DEL, C1 controls and lone surrogates (which no
    # file can hold as UTF-8) are escaped here, so the file is safe to cat and to write.
    return UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def stored_path(file):
    """Return the name a trace file keeps for a file of code: never an absolute path.

    A lesson's file is named from its package (tracer/lessons/lesson3.py); any other
    file by its name alone, so a saved trace never shows the folders of its maker.
    """
    if not os.path.isabs(file):
        return file  # already relative, or no path at all: <stdin>, a notebook cell
    package = getattr(sys.modules.get("tracer.lessons"), "__file__", None)
    folder = os.path.dirname(package) if package else None
    if folder and os.path.dirname(file) == folder:
        return "tracer/lessons/" + os.path.basename(file)
    return os.path.basename(file)


def loads(text):
    """Return the Trace in JSON text, or raise TraceError saying what is wrong and where."""
    if not isinstance(text, str):
        raise TraceError(f"a trace is read from JSON text, not from {type(text).__name__}")
    data = json_text.read(text, "trace file")
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise TraceError(f'trace file: not a tracer trace (no "format": "{FORMAT}")')
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise TraceError("trace file: its version is missing or not a whole number")
    if version < 1:
        raise TraceError(f"trace file: version {version} is no version of the format "
                         "(they start at 1)")
    if version > VERSION:
        raise TraceError(f"trace file: version {version} is newer than this tracer "
                         f"reads ({VERSION}); upgrade tracer to open it")
    if not isinstance(data.get("steps"), list):
        raise TraceError('trace file: "steps" should be a list')
    title = data.get("title", "")
    if not isinstance(title, str):
        raise TraceError('trace file: "title" should be text')
    if len(title) > limits.TEXT_CHARS:
        raise TraceError(f"trace file: a title of more than {limits.TEXT_CHARS:,} "
                         "characters (limits.TEXT_CHARS)")
    trace = Trace(steps_of(data["steps"]), title)
    trace.sections = sections_of(data.get("sections", []), len(trace.steps))
    trace.sources = sources_of(data.get("sources", {}))
    trace.focus = data.get("focus")
    if trace.focus is not None and not (isinstance(trace.focus, str)
                                        and len(trace.focus) <= limits.WORD_CHARS):
        raise TraceError(f'trace file: "focus" should be text, a word of at most '
                         f"{limits.WORD_CHARS} characters (limits.WORD_CHARS)")
    trace.questions = questions_of(data.get("questions", []), trace.steps)
    trace.asks = data.get("asks", False)
    if not isinstance(trace.asks, bool):
        raise TraceError('trace file: "asks" should be true or false')
    return trace


def load(path):
    """Return the trace saved in a file, or raise TraceError naming the file."""
    text = read_text(path, limits.TRACE_BYTES, "trace file")
    try:
        return loads(text)
    except TraceError as e:
        raise TraceError(str(e).replace("trace file", str(path), 1)) from None


def save(trace, path):
    """Write a trace, with the code it ran, to a file: whole or not at all."""
    write_all({path: dumps(trace, sources=True)})


def steps_of(steps):
    """Yield each step of a trace file, checked, within the budget of terms."""
    positions = 0
    for i, d in enumerate(steps):
        step, most = step_of(d, i)
        positions += most
        if positions > limits.TERMS_PER_TRACE:
            raise TraceError(f"trace file: up to {positions:,} terms by step {i}, more "
                             f"than {limits.TERMS_PER_TRACE:,} (limits.TERMS_PER_TRACE)")
        yield step


def questions_of(questions, steps):
    """Return a file's questions, each [the step it comes before, prompt, [values],
    choices or null, answer, reason, [values]], checked: an answer among its choices,
    or a number when there are none; each text a template for its values."""
    if not isinstance(questions, list):
        raise TraceError('trace file: "questions" should be a list')
    out = []
    for n, x in enumerate(questions):
        where = f"trace file, question {n}"
        if not (isinstance(x, list) and len(x) == 7 and type(x[0]) is int
                and 0 <= x[0] < len(steps)):
            raise TraceError(f"{where}: should be [the step it comes before, prompt, "
                             "values, choices, answer, reason, values]")
        step, prompt, shown, choices, answer, reason, values = x
        if not (choices is None or (isinstance(choices, list) and len(choices) >= 2
                                    and all(isinstance(c, str) for c in choices))):
            raise TraceError(f"{where}: its choices should be a list of words, or null")
        answer = decode(answer, where)
        if (answer not in choices) if choices else (
                isinstance(answer, bool) or not isinstance(answer, (int, float, Fraction))):
            raise TraceError(f"{where}: its answer is not "
                             + ("one of its choices" if choices else "a number"))
        shown, values = decode(shown, where), decode(values, where)
        for text, vs in ((prompt, shown), (reason, values)):
            if not isinstance(text, str) or not isinstance(vs, tuple):
                raise TraceError(f"{where}: its prompt and its reason should be text, "
                                 "each with a list of values")
            try:
                check_template(text, vs)
            except TraceError as e:
                raise TraceError(f"{where}: {e}") from None
        asked = Asked(step, prompt, shown, tuple(choices) if choices else None)
        asked.answer_, asked.reason, asked.values = answer, reason, values
        out.append(asked)
    return out


def sources_of(sources):
    """Return the code a trace file carries, {file name: lines}, checked."""
    if not isinstance(sources, dict) or not all(
            isinstance(lines, list) and all(isinstance(x, str) for x in lines)
            for lines in sources.values()):
        raise TraceError('trace file: "sources" should map each file name to a list of '
                         "lines")
    size = sum(len(x) for lines in sources.values() for x in lines) + sum(map(len, sources))
    if size > limits.SOURCE_CHARS:
        raise TraceError(f"trace file: it carries more than {limits.SOURCE_CHARS:,} "
                         "characters of code (limits.SOURCE_CHARS)")
    return {name: tuple(lines) for name, lines in sources.items()}


def source_lines(trace, file):
    """Return the lines of a file of code a trace ran, or () where it has none.

    A trace read from a file shows only the code it carries, never a file on this
    machine that it names. A trace recorded here shows the code that ran here.
    """
    if trace.sources is not None:
        return trace.sources.get(file, ())
    return linecache.getlines(file)


def sections_of(sections, n):
    """Return a file's sections as (title, first step), checked to lie in order."""
    out = []
    if not isinstance(sections, list):
        raise TraceError('trace file: "sections" should be a list')
    if len(sections) > limits.SECTIONS:
        raise TraceError(f"trace file: more than {limits.SECTIONS} sections "
                         "(limits.SECTIONS)")
    for x in sections:
        if not (isinstance(x, list) and len(x) == 2 and isinstance(x[0], str)
                and type(x[1]) is int and 0 <= x[1] <= n
                and (not out or out[-1][1] <= x[1])):
            raise TraceError("trace file: each section should be [title, first step], "
                             "in order")
        out.append((x[0], x[1]))
    return out


def step_of(d, i):
    """Return step i of a trace file, checked field by field."""
    where = f"trace file, step {i}"
    if not isinstance(d, dict):
        raise TraceError(f"{where}: should be an object")
    missing = [f for f in FIELDS if f not in d]
    if missing:
        raise TraceError(f"{where}: missing {', '.join(missing)}")
    if not isinstance(d["op"], str) or d["op"] not in OPS:
        raise TraceError(f"{where}: unknown operation {brief(repr(d['op']))}")
    read = Reader(where)
    fields = {f: d[f] if type(d[f]) in SCALARS else read(d[f]) for f in FIELDS
              if f != "result"}
    leaves, longest = read.leaves, read.longest
    fields["result"] = read(d["result"])
    results = read.leaves - leaves
    read.longest = longest  # the work is in adding the operands up, not in the result
    why = d.get("why")
    if why is not None and not isinstance(why, str):
        raise TraceError(f"{where}: its why field should be text")
    fields["why"] = read(why)
    check_fields(fields, where)
    step = Step(**fields)
    try:
        most = within_budget(step, read, results, where)
        with paused():
            again = OPS[step.op].redo(step)  # terms come from the same arithmetic
            rounded = OPS[step.op].rounded(step.args, again)
    except TraceError as e:
        raise TraceError(e if str(e).startswith(where) else f"{where}: {e}") from None
    except (TypeError, ValueError, IndexError, KeyError, AttributeError,
            ZeroDivisionError, OverflowError, NotImplementedError):
        raise TraceError(f"{where}: its operands do not fit a {d['op']} step") from None
    differ = difference(again, step.result)
    if differ:
        cell, want, got = differ
        raise TraceError(f"{where}: its result{cell} is {brief(repr(got), 40)}, but its "
                         f"operands give {brief(repr(want), 40)}")
    if rounded != step.rounded:
        raise TraceError(f"{where}: it says rounded is {str(step.rounded).lower()}, but "
                         f"its arithmetic {'rounds' if rounded else 'is exact'}")
    if step.labels and not labels_fit(step.labels, (step.result, *step.args)):
        raise TraceError(f"{where}: its labels do not fit the rows and columns of its "
                         "values")
    return step, most


def within_budget(step, read, results, where):
    """Refuse a step with more terms, or longer exact sums, than the budget allows.

    Nothing is added up first: no cell holds more terms than the longest list among
    the operands, so a step whose numbers times that length stay within the budget
    needs no counting; only one beyond it is counted.
    """
    # An exact running sum can grow by every fraction it adds: bound it the same way.
    if read.longest * read.widest > limits.CELL_DIGITS and not step.decl.narration:
        raise TraceError(f"{where}: sums of up to {read.widest} fractions of up to "
                         f"{read.longest} digits could grow past {limits.CELL_DIGITS:,} "
                         "digits (limits.CELL_DIGITS)")
    most = max(1, results) * max(1, read.widest)
    if most > limits.TERMS_PER_STEP:
        most = step.count()
        if most > limits.TERMS_PER_STEP:
            raise TraceError(f"{where}: {most:,} terms, more than "
                             f"{limits.TERMS_PER_STEP:,} (limits.TERMS_PER_STEP)")
    return most


def difference(want, got, cell=""):
    """Return (cell, recomputed, stored) where two results differ in value or type, else None.

    True is not 1.0 here: a number of another type is another number.
    """
    if want == got and same_kinds(want, got):  # the common case, mostly in C
        return None
    if type(want) is not type(got) or not isinstance(want, tuple) or len(want) != len(got):
        return cell, want, got
    for k, (a, b) in enumerate(zip(want, got)):
        differ = difference(a, b, f"{cell}[{k}]")
        if differ:
            return differ
    return None


def same_kinds(a, b):
    """Say whether two equal values hold the same types in the same places."""
    kinds = tuple(map(type, a)) if type(a) is tuple else type(a)
    if kinds != (tuple(map(type, b)) if type(b) is tuple else type(b)):
        return False
    return type(a) is not tuple or tuple not in kinds or all(
        map(same_kinds, a, b))


def labels_fit(labels, values):
    """Say whether a step's labels have the shape of its values.

    Rows and columns must be those of one value; a third label (the components two
    operands share) must be as long as some side of one.
    """
    shapes = []
    for v in values:
        if isinstance(v, tuple) and v:
            matrix = all(isinstance(row, tuple) and row for row in v)
            shapes.append((len(v), len(v[0])) if matrix else (None, len(v)))
    rows, cols = labels[:2]
    pair = (rows is None and cols is None) or any(
        (rows is None or len(rows) == r) and (cols is None or len(cols) == c)
        for r, c in shapes)
    extra = labels[2:] and labels[2] is not None
    return pair and (not extra or len(labels[2]) in {n for s in shapes for n in s})


def check_fields(f, where):
    """Refuse a step whose names, place or labels are not of the kinds a trace writes."""
    def texts(x):
        return isinstance(x, tuple) and all(isinstance(y, str) for y in x)
    if not isinstance(f["args"], tuple):
        raise TraceError(f"{where}: its operands do not fit a {f['op']} step")
    problems = [
        (f["names"] is None and OPS[f["op"]].narration) or (
            texts(f["names"]) and len(f["names"]) == len(f["args"])),
        f["name"] is None or isinstance(f["name"], str),
        f["file"] is None or isinstance(f["file"], str),
        # The view shows the code at file:line, so one without the other is no place.
        f["line"] is None if f["file"] is None else (
            type(f["line"]) is int and f["line"] >= 1),
        isinstance(f["rounded"], bool),
        f["labels"] is None or (isinstance(f["labels"], tuple) and len(f["labels"]) in (2, 3)
                                and all(x is None or texts(x) for x in f["labels"])),
    ]
    for ok, field in zip(problems, ("names", "name", "file", "line", "rounded", "labels")):
        if not ok:
            raise TraceError(f"{where}: its {field} field is not of the right kind")
    words = [w for x in f["labels"] or () if x for w in x]
    if any(len(w) > limits.WORD_CHARS for w in words):
        raise TraceError(f"{where}: a label longer than {limits.WORD_CHARS} characters "
                         "(limits.WORD_CHARS)")
    names = [*(f["names"] or ()), f["name"] or ""]
    if any(len(n) > limits.NAME_CHARS for n in names):
        raise TraceError(f"{where}: a name longer than {limits.NAME_CHARS} characters "
                         "(limits.NAME_CHARS)")
