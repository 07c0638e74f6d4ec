"""What a web page needs of a trace: every number already written as the terminal writes it.

The page's script only assembles these pieces and looks positions up in lists; it does
no arithmetic on the numbers and keeps no pacing rules of its own.
"""

import re

from .. import kinds
from . import curve
from ..files.trace_file import source_lines, stored_path
from ..play.walk import UNITS, Walk
from .code import statement_ends
from .screen import telling
from .steps import (axis_label, axis_names, cell_at, cell_name, compact, filled,
                    group_parts, groups, head, largest, largest_label, marks, operand_lines,
                    running, term_lines, term_name, title)
from .tables import heat, label
from .text import ROOM, Style, mark, run_style, running_sum, term_style, visible

LEVELS = 5  # heatmap shades; each has a text colour that reads at 4.5:1 or better
CONTEXT = 3  # lines of code shown around the first and last line a trace ran
DEFAULT = "guided"  # the pace a page starts in unless told, as the player does


def model(trace, digits=3, title="", pace=None):
    """Return a page's data for a trace: steps, code, sections, every pacing's stops."""
    st = Style(digits, ascii=False)
    walk = Walk(trace)
    code = Code(trace)
    steps = []
    for i, step in enumerate(trace.steps):
        start = walk.ends[i - 1] + 1 if i else 1
        # The narration box says what the terminal's says: the sentence, the why, or
        # the sentence that introduced this line of code, never a stale one.
        said = " ".join(text for line in telling(trace, i, st, 10**6) for text, _ in line)
        entry = {"start": start, "end": walk.ends[i], "say": visible(said),
                 "code": code.place(step)}
        if not step.decl.narration:
            entry.update(working(step, st))
        steps.append(entry)
    paces = {unit: runs_of(stops(walk, unit)) for unit in UNITS}
    return {
        "title": visible(title or trace.title or "tracer"),
        "digits": digits,
        "total": walk.total,
        "steps": steps,
        "files": code.files(),
        "sections": [{"title": visible(name), "start": pos}
                     for name, pos in sections_of(trace, walk, title)],
        "paces": paces,
        "pace": pace if pace in paces else DEFAULT if DEFAULT in paces else UNITS[0],
        "largest": f"{st.sym['arrow']} ",  # after two spaces; then the step's or cell's
        # largestText
    }


def sections_of(trace, walk, title=""):
    """Return (title, first position) of each section, as the player finds them.

    Positions before the first section make one of their own, named after the trace.
    """
    found = list(walk.sections())
    if walk.total and (not found or found[0][1] > 1):
        found.insert(0, (title or trace.title or "the walkthrough", 1))
    return found


def squeezed(text):
    """Return a line with each run of 3 to 70 spaces as a tab and a character counting it
    from "0", and the words "running sum " as a tab and "!" (the page's script spells
    them out): term lines are mostly padding and running sums.

    Text shown never holds a raw tab: visible() writes it out as \\x09.
    """
    return re.sub(" {3,70}", lambda m: "\t" + chr(48 + len(m.group())), text).replace(
        SUM, "\t!")


SUM = "running sum "  # as text.running_sum and the page's script write it


def runs_of(positions):
    """Return ascending positions as runs [first, step, count]: 1..5000 is one run."""
    out = []
    for p in positions:
        if out and out[-1][2] == 1:
            out[-1][1:] = [p - out[-1][0], 2]
        elif out and out[-1][0] + out[-1][1] * out[-1][2] == p:
            out[-1][2] += 1
        else:
            out.append([p, 0, 1])
    return out


def stops(walk, unit):
    """Return every position one pacing stops at, pressing forward from the start."""
    return list(walk.stops(unit))


class Code:
    """The lines of code a trace ran, each file once, with a few lines around them."""

    def __init__(self, trace):
        self.trace = trace
        self.seen = {}  # file name -> [id, first line, last line]

    def place(self, step):
        """Return [file id, first line, last line] of the statement that made a step."""
        if not step.file or not step.line:
            return None
        lines = source_lines(self.trace, step.file)
        if not lines:
            return None  # a trace without its code shows none
        last = statement_ends(lines).get(step.line, step.line)
        entry = self.seen.setdefault(step.file, [len(self.seen), step.line, last])
        entry[1], entry[2] = min(entry[1], step.line), max(entry[2], last)
        return [entry[0], step.line, last]

    def files(self):
        """Return each file's name, the number of its first line shown, and those lines."""
        out = []
        for name, (_, first, last) in sorted(self.seen.items(), key=lambda kv: kv[1][0]):
            lines = source_lines(self.trace, name)
            lo, hi = max(1, first - CONTEXT), min(len(lines), last + CONTEXT)
            out.append({"name": visible(stored_path(name)), "first": lo,
                        "lines": [visible(ln.rstrip("\r\n")) for ln in lines[lo - 1:hi]]})
        return out


def working(step, st):
    """Return the pieces of an operation: title, operands, terms, result or table."""
    count = step.count()
    out = {"title": title(step, st)[0][0], "operands": [ln[0][0].strip()
                                                        for ln in operand_lines(step, st)],
           "count": count}
    if step.decl.shape in ("matrix", "rows"):
        out.update(matrix(step, st))
    elif step.decl.shape == "curve":  # the terminal's drawing, a line of text an item
        drawn = [ln[0][0] for ln in curve.lines(step, st, 80)]
        out.update(runs(step, [], st), operands=drawn[:-1], result=drawn[-1].strip(),
                   largest=None, largestText="", pair=None)
    else:
        terms = [step.term(k) for k in range(count)]
        out.update(runs(step, terms, st))
        # As on the terminal's screen: a finished sum marks its largest term, and the two
        # vectors of a product stand one above the other under their components' names.
        big = largest(groups(terms)[-1]) if terms else None
        out["largest"] = next(k for k, t in enumerate(terms) if t is big) if big else None
        out["largestText"] = largest_label(groups(terms)[-1]) if big else ""
        out["pair"] = pair(step, st)
        if out["pair"]:
            out["operands"] = []
        out["result"] = "" if step.decl.ends_in_result else "= " + st.value(step.result)
    return out


def runs(step, terms, st):
    """Return each term's line as the screen writes the run in progress, and each run
    finished before it as the screen writes it then (a sum on one line: a + b = c)."""
    texts, spans, before = [], [], None
    for g in groups(terms):
        spread = [ln[0][0][2:] for ln in term_lines(step, g, False, st, 10**6, spread=True,
                                                     before=before)]
        before = next((t for t in reversed(g) if running(t)), before)
        # One line, as wrap() joins a sum's parts, without measuring it part by part;
        # a run that reads the same finished (None) is not stored twice.
        closed = ([head(step, g[0], st) + " ".join(group_parts(g, st))] if compact(g[0])
                  else None)
        spans.append([len(texts), closed and [squeezed(c) for c in closed]])
        texts += map(squeezed, spread)  # the screen's indent is the page's margin
    # where each run starts, as runs of positions, and the finished form of those that
    # read otherwise when finished
    return {"terms": texts, "groups": {"first": runs_of([g[0] for g in spans]),
                                       "closed": {n: g[1] for n, g in enumerate(spans) if g[1]}}}


def pair(step, st):
    """Return the two vectors of a product as a small table under component names."""
    names = axis_names(step, step.decl.term_axis)
    if not names or step.decl.shape != "vector" or tuple(step.decl.shows) != (0, 1) or \
            any(len(v) != len(names) for v in step.args[:2]):
        return None
    return {"rows": [st.text(n) for n in step.names[:2]],
            "cols": [st.text(str(n)) for n in names],
            "text": [[st.num(x) for x in v] for v in step.args[:2]]}


def inputs(step, st):
    """Return the two matrices a product starts from, shaded, rows and columns named."""
    labels = step.labels or ()
    if step.decl.shape != "matrix" or len(labels) != 3 or len(step.args) < 2 or \
            not axis_names(step, step.decl.term_axis):
        return None
    a = [list(r) for r in step.args[0]]
    b = [list(x) for x in zip(*step.args[1])]  # the step keeps b's columns: b, as a matrix
    rows, cols, inner = labels
    na, nb = (st.text(n) for n in step.names[:2])
    return {"names": [na, nb],
            "a": grid(a, rows, inner, st), "b": grid(b, inner, cols, st),
            "rowName": [f"{na}[{st.text(axis_label(step, 0, i))}]" for i in range(len(a))],
            "colName": [f"{nb}[:, {st.text(axis_label(step, 1, j))}]"
                        for j in range(len(b[0]))]}


def matrix(step, st):
    """Return a matrix step's terms grouped by cell, and its table with shades."""
    shape = marks(step, st) if step.decl.marks else step.result
    terms = list(step.terms())
    common = {"rows": step.decl.shape == "rows", "table": table(step, shape, st),
              "inputs": inputs(step, st)}
    packed = products(step, terms, st)
    if packed:
        return {**common, "calc": packed}
    # Each cell as [row, column or None, first term, cells filled while it is worked
    # on, once it is done], then its largest term and that mark's words, if it has one.
    cells, named = [], []
    for k, t in enumerate(terms):
        here = cell_at(step, k)
        if not cells or cells[-1][:2] != list(here):
            cells.append([*here, k, filled(step, here, False)])
            named.append(cell_name(step, here, st))
        if k + 1 == len(terms) or cell_at(step, k + 1) != here:  # the cell is finished
            cells[-1].append(filled(step, here, True))
            run = terms[cells[-1][2]:k + 1]
            big = largest(groups(run)[-1])  # marked, as on the screen
            if big:
                cells[-1] += [cells[-1][2] + run.index(big), largest_label(groups(run)[-1])]
    rows = [st.text(axis_label(step, 0, i)) for i in range(len(shape))]
    cols = [st.text(axis_label(step, 1, j)) for j in range(len(shape[0]))] \
        if step.decl.shape == "matrix" else []
    out = {**runs(step, terms, st), "cells": layout(cells, len(shape[0]), step.decl.shape),
           "cell": template(named, cells, rows, cols), "labels": [rows, cols], **common}
    if step.decl.marks:
        out["result"] = f"{len(step.result)} of {len(terms)} cells differ"
    return out


def layout(cells, ncol, shape):
    """Return cells as stored: in reading order and filled one by one (a row at a time
    for rows), only where each starts, as runs, and their marks; else each in full."""
    regular = all(c[:2] == ([n // ncol, n % ncol] if shape == "matrix" else [n, None]) and
                  c[3:5] == ([n, n + 1] if shape == "matrix" else [n * ncol, (n + 1) * ncol])
                  for n, c in enumerate(cells))
    if not regular:
        return cells
    return {"ncol": ncol, "first": runs_of([c[2] for c in cells]),
            "largest": {n: c[5:] for n, c in enumerate(cells) if len(c) > 5}}


def products(step, terms, st):
    """Return a matrix product as operands and digits, or None for a step that is not one.

    Cell (i, j) adds up a[i][q] × b[j][q]; the page's script multiplies and adds as the
    engine did (checked here, bit for bit) and writes each line in the digits chosen
    here, checked against the terminal's own lines. So the page stores a few operands
    where it stored thousands of lines.
    """
    a, b = (list(step.args) + [None, None])[:2]
    rows = (list, tuple)
    if step.decl.shape != "matrix" or step.decl.marks or not terms or \
            not isinstance(a, rows) or not isinstance(b, rows) or not a or not b or \
            not all(isinstance(v, rows) for v in (*a, *b)) or \
            any(type(x) is not float for v in (*a, *b) for x in v):
        return None
    nrow, ncol, inner = len(a), len(b), len(a[0])
    if len(terms) != nrow * ncol * inner or len(step.result[0]) != ncol:
        return None
    names = [term_name(step, t, st) for t in terms[:inner]]
    rows = [st.text(axis_label(step, 0, i)) for i in range(nrow)]
    cols = [st.text(axis_label(step, 1, j)) for j in range(ncol)]
    digits, extra, named = [], {}, []
    for c in range(nrow * ncol):
        i, j = divmod(c, ncol)
        cell = terms[c * inner:(c + 1) * inner]
        s = written(step, cell, a[i], b[j], names, st, extra, c * inner)
        if s is None or cell_at(step, c * inner) != (i, j):
            return None
        digits.append(chr(48 + s.digits))
        named.append(cell_name(step, (i, j), st))
    keys = [divmod(c, ncol) for c in range(nrow * ncol)]
    return {"a": [list(v) for v in a], "b": [list(v) for v in b], "names": names,
            "labels": [rows, cols], "digits": "".join(digits), "extra": extra,
            "cell": template(named, keys, rows, cols)}


def written(step, cell, x, y, names, st, extra, first):
    """Return the style a cell's lines are written in, if the script's way of writing
    them gives the terminal's lines to the letter; note terms written finer in extra."""
    lines = [ln[0][0][2:] for ln in term_lines(step, cell, False, st, 10**6, spread=True)]
    s = run_style([(t.value, t.total) for t in cell], st.even())
    total, made = None, []
    for q, t in enumerate(cell):
        value = x[q] * y[q]
        total = value if total is None else total + value
        if (t.x, t.y) != (x[q], y[q]) or value != t.value or total != t.total or \
                not kinds.of(t).running or s.tiny:
            return None
        w = term_style(t, s)
        if w.digits != s.digits:
            extra[first + q] = w.digits
        if mark(w, s):
            return None
        made.append(f"{w.operand(x[q])} {st.sym['times']} {w.operand(y[q])} = "
                    f"{w.answer(value)}")
    for q, (t, line) in enumerate(zip(cell, lines)):
        added = running_sum(t, s, cell[q - 1].total if q else None)
        if line != f"{names[q]}{made[q]:<{ROOM}}   {added}":
            return None
    # The script marks the first term largest in size unless all are 0, as here.
    big = max(range(len(cell)), key=lambda q: abs(cell[q].value))
    big = cell[big] if len(cell) > 1 and cell[big].value != 0 else None
    sign = "largest part" if all(t.value >= 0 for t in cell) else "largest in size"
    if big is not largest(cell) or (big and sign != largest_label(cell)):
        return None
    return s


def template(named, keys, rows, cols):
    """Return a cell's name with \x01 for its row's label and \x02 for its column's, if
    that gives every cell's name; else every name. keys: each cell's (row, column)."""
    def label(key, axis):
        return (rows, cols)[axis][key[axis]] if key[axis] is not None else ""
    for key, name in zip(keys, named):
        r, c = label(key, 0), label(key, 1)
        if r and r in name and (not c or (r not in c and c not in r and c in name)):
            text = name.replace(r, "\x01").replace(c, "\x02") if c else name.replace(r, "\x01")
            if all(text.replace("\x01", label(k, 0)).replace("\x02", label(k, 1)) == n
                   for k, n in zip(keys, named)):
                return text
            break
    return named


def table(step, m, st):
    """Return a step's result table: labels, each cell's text, and its shade (or None)."""
    labels = (step.labels or (None, None))[:2]
    return grid(m, *labels, st)


def grid(m, rows, cols, st):
    """Return a table's row and column labels, each cell's text, and its shade (or None)."""
    numeric = not isinstance(m[0][0], str)
    lo, hi = (min(map(min, m)), max(map(max, m))) if numeric else (0, 0)
    return {
        "rows": [st.text(label(rows, i, 0)) for i in range(len(m))],
        "cols": [st.text(label(cols, j, 1)) for j in range(len(m[0]))],
        "text": [[st.num(x) for x in row] for row in m],
        # one character a cell: its shade, or a space for none
        "shade": ["".join(str(shade(heat(x, lo, hi))) if numeric else " " for x in row)
                  for row in m],
    }


def shade(x):
    """Return which of the LEVELS shades a cell at x (0 to 1) of its table's range takes."""
    return min(LEVELS - 1, int(x * LEVELS))


# Words of a right-to-left script, isolated so that the numbers around them keep their
# places (without it, "שלום: 1.000 = 0.523 + ..." is laid out backwards).
RTL = "\u0590-\u08ff\ufb1d-\ufdcf\ufdf0-\ufdff\ufe70-\ufefe\U00010800-\U00010fff" \
      "\U0001e800-\U0001efff"
WORD = f"[^\\s!-/:-@\\[-`{{-~]*[{RTL}][^\\s!-/:-@\\[-`{{-~]*"
# (never from the count after a tab: squeezed() writes a run of spaces so)
RIGHT_TO_LEFT = re.compile(f"(?<!\t){WORD}(?:[ ]+{WORD})*")
# Unicode's non-characters, which XML forbids or frowns on: shown written out instead.
NONCHARACTERS = re.compile("[\ufdd0-\ufdef" + "".join(
    chr(plane * 0x10000 + 0xfffe) + chr(plane * 0x10000 + 0xffff) for plane in range(17))
    + "]")


def isolated(text):
    """Return text with each run of right-to-left words between isolates (FSI ... PDI)."""
    return RIGHT_TO_LEFT.sub(lambda m: f"\u2068{m.group()}\u2069", text)


def characters(text):
    """Return text with Unicode's non-characters written out, as \\ufffe."""
    return NONCHARACTERS.sub(lambda m: f"\\u{ord(m.group()):04x}" if ord(m.group()) < 0x10000
                             else f"\\U{ord(m.group()):08x}", text)
