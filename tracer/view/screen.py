"""Whole screens: the code beside its numbers, the narration, and where you are."""

from .code import code_lines, source
from .steps import step_lines
from .tables import cut
from .text import cells, clip, wrap


def narration(step, st):
    """Return the sentence of a say step, its {} filled with the recorded values."""
    return st.text(step.result.format(*(st.value(v) for v in step.args)))


def paragraph(step, st, width):
    """Return a say step as wrapped lines."""
    return sentence(narration(step, st), st, width)


def sentence(text, st, width):
    """Return a sentence as wrapped lines of narration."""
    return [[(ln, "say")] for ln in wrap(text, max(20, width - 2), hyphens=True)]


def telling(trace, i, st, width):
    """Return the narration that belongs to step i, as lines.

    A sentence says itself; an operation says why it runs when the lesson gave a why;
    else the sentence said just before it (on another line of code) introduces it.
    An operation after other operations, with nothing said, is named by its title, so
    the box never shows a sentence that was about something else.
    """
    step = trace.steps[i]
    if step.decl.narration:
        return paragraph(step, st, width)
    if step.why:
        return sentence(st.text(step.why), st, width)
    for k in range(i - 1, max(-1, i - 50), -1):  # a bounded look back, per key press
        before = trace.steps[k]
        if before.decl.narration:
            return paragraph(before, st, width)
        if (before.file, before.line) != (step.file, step.line):
            break
    name = step.decl.title.format(*step.names, **st.sym)
    return sentence(st.text(f"Next: {name}."), st, width)


def rule(st, width):
    return [(st.sym["rule"] * width, "dim")]


def frame(trace, walk, pos, st, width, height, title="", pace=("term", None)):
    """Return the screen for one position: code, narration, the step so far, status."""
    i, shown = walk.locate(pos)
    step = trace.steps[i]
    room = max(0, height - 1)  # the last line is the status
    budget = room if step.decl.narration else room - min(room // 2, 8)
    top = heading(trace, step, telling(trace, i, st, width), title, st, width, budget)
    body = [] if step.decl.narration else list(fit(
        step_lines(step, shown, st, width, room - len(top), focus=trace.focus), width))
    left = room - len(top)
    if len(body) > left:  # keep the title of the step and its newest lines
        body = body[:1] + body[len(body) - left + 1:] if left > 1 else body[:left]
        while len(body) > 1 and body[1][0][0].lstrip().startswith("+ "):
            del body[1]  # the end of a sum whose start is cut off cannot be checked
    status = status_line(walk, pos, pace, st, width)
    return (top + body + [[("", None)]] * (left - len(body)) + [status])[-height:]


def heading(trace, step, text, title, st, width, budget):
    """Return the title, the code and the narration, shortened to fit the budget."""
    code = code_lines(trace, step, st, width)
    for context in (code, [ln for ln in code if ln[0][1] == "code.here"]):
        top = ([[(cut(title, width, st), "title")]] if title else []) + (context and context + [
            rule(st, width)]) + (text and text + [rule(st, width)])
        if len(top) <= budget:
            return top
    return top[:max(0, budget)]


def status_line(walk, pos, pace, st, width):
    """Return where the learner is: "press 37 of 120 · relevances · line 25", and keys."""
    unit, opened = pace
    i, shown = walk.locate(pos)
    step = walk.trace.steps[i]
    done, total = walk.press(pos, unit)
    dot = f" {st.sym['dot']} "
    where = f"press {done} of {total}"
    tail = ""
    if step.count() > 1 and (unit == "term" or opened == i):
        tail += f"{dot}term {shown} of {step.count()}"
    if step.line:
        tail += f"{dot}line {step.line}"
    k = walk.section_at(pos)
    section = st.text(walk.sections()[k][0]) if k is not None else ""
    for keys in ("   space: next  b: back  o: outline  ?: keys  q: quit",
                 "   space: next  ?: keys  q: quit", "   ?: keys", ""):
        room = width - cells(where + tail + keys + dot)
        if not section or room >= cells(section):  # the keys go before the name is cut
            break
    if section and room >= min(8, len(section)):  # a stub of a title says nothing
        where += dot + shorten(section, room, "..." if st.ascii else "…")
    return [(clip(where + tail + keys, width), "status")]


def shorten(text, width, mark="…"):
    """Return text cut to width at a word, with an ellipsis when anything was cut."""
    if cells(text) <= width:
        return text
    cut = clip(text, width - len(mark))
    return (cut.rsplit(" ", 1)[0] if " " in cut.strip() else cut).rstrip() + mark


def fit(lines, width):
    """Yield lines no wider than width: text wraps under its indent, tables crop."""
    for line in lines:
        if sum(cells(text) for text, _ in line) <= width:
            yield line
        elif len(line) == 1:
            text, style = line[0]
            indent = " " * (len(text) - len(text.lstrip()) + 4)
            for piece in wrap(text, width, indent):
                yield [(piece, style)]
        else:
            yield crop(line, width)


def crop(line, width):
    """Return a line of pieces cut at width."""
    out, room = [], width
    for text, style in line:
        out.append((clip(text, room), style))
        room -= cells(out[-1][0])
    return out


def transcript(trace, st, width, steps=None):
    """Yield the whole walkthrough, top to bottom, for a file or a pipe, line by line.

    steps: the trace's steps as an iterator that may report progress as it goes.
    """
    return fit(walkthrough(trace, trace.steps if steps is None else steps, st, width), width)


def walkthrough(trace, steps, st, width):
    last = None
    for step in steps:
        if step.decl.narration:
            yield [("", None)]
            yield from paragraph(step, st, width)
            continue
        if (step.file, step.line) != last:
            yield [("", None)]
            code = source(trace, step)
            if code:
                yield [(st.text(f"{step.line:>4} {st.sym['here']} {code}"), "code.here")]
            last = step.file, step.line
        yield from step_lines(step, step.count(), st, width, 10**6, full=True)
