"""Trace files: a recorded trace as versioned JSON, read back without loss."""

import json
import linecache
import re
from fractions import Fraction

from . import json_text
from .whole import read_text, write_all
from ..errors import TraceError
from ..step import OPS, Step, Trace, paused

FORMAT, VERSION = "tracer-trace", 1
UNSAFE = re.compile("[\x7f-\x9f\ud800-\udfff]")
FIELDS = ("op", "names", "args", "result", "name", "file", "line", "rounded", "labels")
OPTIONAL = ("why",)  # fields a file may leave out: older traces have no reasons


def encode(x):
    """Return x with tuples as lists and Fractions as {"fraction": "p/q"}."""
    if isinstance(x, (tuple, list)):
        return [encode(y) for y in x]
    if isinstance(x, Fraction):
        return {"fraction": f"{x.numerator}/{x.denominator}"}
    return x


def decode(x, where):
    """Return x with lists as tuples and {"fraction": "p/q"} as Fractions."""
    if isinstance(x, list):
        return tuple(decode(y, where) for y in x)
    if isinstance(x, dict):
        p = x.get("fraction")
        try:
            if len(x) == 1 and isinstance(p, str) and p.count("/") == 1:
                return Fraction(p)
        except (ValueError, ZeroDivisionError):
            pass
        raise TraceError(f"{where}: {x!r} is not a fraction like {{\"fraction\": \"2/9\"}}")
    return x


MAX_BYTES = 64 * 2**20  # a trace file larger than this is refused unread


def dumps(trace, terms=False, sources=False):
    """Return the JSON text of a trace; optionally every term and the code it ran."""
    steps = []
    for s in trace.steps:
        d = {f: encode(getattr(s, f)) for f in FIELDS + OPTIONAL}
        if terms:
            d["terms"] = [encode(list(t)) for t in s.terms()]
        steps.append(d)
    data = {"format": FORMAT, "version": VERSION, "steps": steps}
    if trace.title:
        data["title"] = trace.title
    if trace.sections:
        data["sections"] = [list(x) for x in trace.sections]
    if trace.focus:
        data["focus"] = trace.focus
    if sources:
        files = sorted({s.file for s in trace.steps if s.file})
        data["sources"] = {f: list(source_lines(trace, f)) for f in files}
    text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    # JSON escapes C0 controls itself; DEL, C1 controls and lone surrogates (which no
    # file can hold as UTF-8) are escaped here, so the file is safe to cat and to write.
    return UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


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
    trace = Trace((step_of(d, i) for i, d in enumerate(data["steps"])), title)
    trace.sections = sections_of(data.get("sections", []), len(trace.steps))
    trace.sources = sources_of(data.get("sources", {}))
    trace.focus = data.get("focus")
    if trace.focus is not None and not isinstance(trace.focus, str):
        raise TraceError('trace file: "focus" should be text')
    return trace


def load(path):
    """Return the trace saved in a file, or raise TraceError naming the file."""
    text = read_text(path, MAX_BYTES, "trace file")
    try:
        return loads(text)
    except TraceError as e:
        raise TraceError(str(e).replace("trace file", str(path), 1)) from None


def save(trace, path):
    """Write a trace, with the code it ran, to a file: whole or not at all."""
    write_all({path: dumps(trace, sources=True)})


def sources_of(sources):
    """Return the code a trace file carries, {file name: lines}, checked."""
    if not isinstance(sources, dict) or not all(
            isinstance(lines, list) and all(isinstance(x, str) for x in lines)
            for lines in sources.values()):
        raise TraceError('trace file: "sources" should map each file name to a list of '
                         "lines")
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
    if d["op"] not in OPS:
        raise TraceError(f"{where}: unknown operation {d['op']!r}")
    fields = {f: decode(d[f], where) for f in FIELDS}
    why = d.get("why")
    if why is not None and not isinstance(why, str):
        raise TraceError(f"{where}: its why field should be text")
    fields["why"] = why
    check_fields(fields, where)
    step = Step(**fields)
    try:
        with paused():
            again = OPS[step.op].redo(step)  # terms come from the same arithmetic
    except TraceError as e:
        raise TraceError(f"{where}: {e}") from None
    except (TypeError, ValueError, IndexError, KeyError, AttributeError,
            ZeroDivisionError, OverflowError, NotImplementedError):
        raise TraceError(f"{where}: its operands do not fit a {d['op']} step") from None
    if again != step.result or type(again) is not type(step.result):
        raise TraceError(f"{where}: its result is not what its operands give")
    if step.labels and not labels_fit(step.labels, (step.result, *step.args)):
        raise TraceError(f"{where}: its labels do not fit the rows and columns of its "
                         "values")
    return step


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
