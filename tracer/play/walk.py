"""Positions in a trace: where the learner is, and where one key press goes.

Every term of a trace has a position, 1..total; a step with no terms takes one place.
A pacing (term, cell, op, line, guided) picks the positions a key press stops at.
"""

from bisect import bisect_left, bisect_right
from itertools import islice

from .. import kinds

UNITS = ("term", "cell", "op", "line", "guided")
FIRST_CELLS = 3  # the first time: after the first cell, this many cells one by one...
FIRST_ROWS = 2  # ...then this many rows one by one, then the rest in one press


class Walk:
    """Number every term of a trace 1..total, and the stops of each pacing."""

    def __init__(self, trace):
        self.trace = trace
        self.ends = []  # ends[i]: the last position of step i
        end = 0
        for step in trace.steps:
            end += max(1, step.count())
            self.ends.append(end)
        self._stops = {}

    @property
    def total(self):
        return self.ends[-1] if self.ends else 0

    def locate(self, pos):
        """Return (step index, terms shown) at a position from 1 to total."""
        i = bisect_right(self.ends, pos - 1)
        return i, pos - self.start(i)

    def start(self, i):
        """Return the position just before step i's first."""
        return self.ends[i - 1] if i else 0

    def stops(self, unit):
        """Return the sorted positions a press stops at in a pacing (the first included).

        By term every position is a stop: a range, which lists nothing, so a jump costs
        the same at press 10 as at press 10 million.
        """
        if unit == "term":
            return range(min(1, self.total), self.total + 1)
        if unit not in self._stops:
            found = {min(1, self.total)}
            for i, step in enumerate(self.trace.steps):
                found.update(self.start(i) + k for k in self.step_stops(i, step, unit))
            self._stops[unit] = sorted(found)
        return self._stops[unit]

    def step_stops(self, i, step, unit):
        """Return the terms shown at each stop inside step i (its last always among them)."""
        last = max(1, step.count())
        if unit == "term":
            return range(1, last + 1)
        if unit == "line" and i + 1 < len(self.ends) and self.same_line(i, i + 1):
            return []
        if unit == "guided" and self.recap(i):  # walked before: it goes by in a press
            return [] if self.joined(i + 1) else [last]
        if unit in ("op", "line") or last == 1:  # what follows has two terms or more
            return [last]
        if unit == "cell":
            table = cell_table(step)
            return [start for start, _ in table[1:]] + [last]
        return guided_stops(step, last, self.walked(i))

    def recap(self, i):
        """Say whether step i only does again what guided pacing already walked: an
        operation that came before, with no kind of term not yet walked through."""
        return self.plan()[0][i]

    def joined(self, i):
        """Say whether step i, a recap, goes by in the same press as the recap before."""
        return i < len(self.ends) and self.plan()[1][i]

    def walked(self, i):
        """Return the kinds of term (sum, product, ...) guided pacing went through one
        by one before step i."""
        return self.plan()[2][i]

    def plan(self):
        """Return, per step: whether it is a recap, whether it joins the recap before,
        and the kinds of term walked before it."""
        if not hasattr(self, "_plan"):
            recaps, walked, ops, kinds = [], [], set(), frozenset()
            for step in self.trace.steps:
                first = first_end(step) if step.count() else 0
                again = not step.decl.narration and kind(step) in ops and \
                    first_kinds(step, first) <= kinds
                recaps.append(again)
                walked.append(kinds)  # one set shared until a new kind is walked
                ops.add(kind(step))
                if step.count() and not again:
                    more = walked_kinds(step, first, kinds)
                    kinds = kinds | more if more - kinds else kinds
            self._plan = (recaps, self.runs(recaps), walked)
        return self._plan

    def runs(self, recaps):
        """Return, per step, whether it joins the recap before it in one press.

        Recaps go by together within one pass through the code. A pass ends at
        narration, at a section's start, and where the code starts over: a line the
        pass went through comes again after another line (another head, another draw).
        """
        starts = {k for _, k in getattr(self.trace, "sections", None) or ()}
        joins, lines, steps = [], set(), self.trace.steps
        for i, step in enumerate(steps):
            here = (step.file, step.line)
            before = (steps[i - 1].file, steps[i - 1].line) if i else None
            same = not step.decl.narration and i not in starts and \
                (here == before or here not in lines)
            joins.append(bool(same and recaps[i] and recaps[i - 1]))
            if same:
                lines.add(here)
            else:
                lines = {here}
        return joins

    def forward(self, pos, unit="term", opened=None):
        """Return the position one key press after pos (by term inside step `opened`)."""
        if pos >= self.total:
            return self.total
        if unit == "term" or self.inside(pos + 1, opened):
            return pos + 1
        stops = self.stops(unit)
        return stops[bisect_right(stops, pos)]

    def back(self, pos, unit="term", opened=None):
        """Return the position one key press before pos."""
        if pos <= 1:
            return min(1, self.total)
        if unit == "term" or (self.inside(pos - 1, opened) and self.inside(pos, opened)):
            return pos - 1
        stops = self.stops(unit)
        return stops[max(0, bisect_left(stops, pos) - 1)]

    def inside(self, pos, i):
        """Say whether pos is a position of step i (None: of no step)."""
        return i is not None and self.start(i) < pos <= self.ends[i]

    def press(self, pos, unit):
        """Return (which stop pos is at or after, counting the start as 1, stops in all)."""
        if unit == "term":  # every position is a stop: no need to list a million
            return pos, self.total
        stops = self.stops(unit)
        return bisect_right(stops, pos), len(stops)

    def finish(self, pos):
        """Return the last position of the step holding pos."""
        return self.ends[self.locate(pos)[0]] if self.total else 0

    def same_line(self, i, j):
        a, b = self.trace.steps[i], self.trace.steps[j]
        return (a.file, a.line) == (b.file, b.line)

    # Sections: the ideas of a lesson, each a title and the step it starts at.

    def sections(self):
        """Return [(title, first position)] of the trace's sections, in order."""
        if not hasattr(self, "_sections"):
            marked = getattr(self.trace, "sections", None) or said_sections(self.trace)
            self._sections = [(title, self.start(i) + 1) for title, i in marked
                              if i < len(self.ends)]
        return self._sections

    def section_at(self, pos):
        """Return the index of the section holding pos, or None before the first."""
        starts = [p for _, p in self.sections()]
        k = bisect_right(starts, pos) - 1
        return k if k >= 0 else None

    def section_stop(self, k, unit="term"):
        """Return where section k starts in a pacing: the first stop inside it."""
        stops = self.stops(unit)
        return stops[min(bisect_left(stops, self.sections()[k][1]), len(stops) - 1)]

    def next_section(self, pos, unit="term"):
        """Return the start of the section after pos's, or pos at the last."""
        k = self.section_at(pos)
        k = 0 if k is None else k + 1
        return self.section_stop(k, unit) if k < len(self.sections()) else pos

    def previous_section(self, pos, unit="term"):
        """Return the start of pos's section, or of the one before when pos is there."""
        k = self.section_at(pos)
        if k is not None and self.section_stop(k, unit) >= pos:
            k -= 1
        return self.section_stop(k, unit) if k is not None and k >= 0 \
            else min(1, self.total)


def first_end(step):
    """Return the number of terms up to the end of a step's first cell."""
    return step.cell_start(1) if step.cells() > 1 else max(1, step.count())


def runs(step, first):
    """Yield (kind, first term, end, alike) for each run of one kind of term in the
    first `first` terms; alike: its terms all take the same numbers (1 + 1 + 1)."""
    k = 0
    while k < first:
        t, end = step.term(k), k + 1
        while end < first and kinds.of(step.term(end)) is kinds.of(t):
            end += 1
        alike = end - k > 1 and all(
            (u.x, u.y) == (t.x, t.y) for u in map(step.term, range(k + 1, end)))
        yield kinds.of(t), k, end, alike
        k = end


def first_cell_stops(step, first, walked):
    """Return the stops through a step's first cell the first time its kind comes.

    Term by term, except that a run of equal terms (adding up ones) takes one press,
    and so does a run of a kind of term already walked through.
    """
    out = []
    for kind_, k, end, alike in runs(step, first):
        out += [end] if alike or kind_ in walked else range(k + 1, end + 1)
    return out


def walked_kinds(step, first, walked):
    """Return the kinds of term that first_cell_stops goes through one by one."""
    return {kind_ for kind_, k, end, alike in runs(step, first)
            if not alike and kind_ not in walked}


def first_kinds(step, first):
    """Return the kinds of term in a step's first `first` terms."""
    return {kind_ for kind_, *_ in runs(step, first)}


def guided_stops(step, last, walked=frozenset()):
    """Return a teacher's stops inside a step of two or more terms, new to the walk.

    Through its first cell (first_cell_stops), then a few cells one by one, then a few
    rows, then the rest. A step of a million cells stops at a handful of them: finding
    those must not list every cell, or the first key press on a big trace would wait.
    """
    n = step.cells()

    def end(c):
        return step.cell_start(c + 1) if c + 1 < n else last

    def rows():  # the last term of each row, in order, made as they are asked for
        for c in range(n):
            key = step.cell_key(c)
            if len(key) < 2 or c + 1 == n or step.cell_key(c + 1)[0] != key[0]:
                yield end(c)
    out = first_cell_stops(step, end(0), walked)
    out += [end(c) for c in range(1, min(n, 1 + FIRST_CELLS))]
    out += list(islice((r for r in rows() if r > out[-1]), FIRST_ROWS)) + [last]
    return sorted(set(out))


def kind(step):
    """Return what makes two steps the same kind of operation."""
    return step.decl


def cell_table(step):
    """Return [(first term, key)] of every cell of a step: key (i, j), (i,), (j,) or ()."""
    return [(step.cell_start(c), step.cell_key(c)) for c in range(step.cells())]


def said_sections(trace):
    """Return sections for a trace that marks none: each run of narration starts one."""
    out = []
    for i, step in enumerate(trace.steps):
        if step.decl.narration and (i == 0 or not trace.steps[i - 1].decl.narration):
            words = step.result.format(*map(brief, step.args)).split()
            out.append((" ".join(words[:6]) + (" …" if len(words) > 6 else ""), i))
    return out


def brief(v):
    """Return a value as a title shows it: a word, a short number, or [...] for a list."""
    if isinstance(v, (list, tuple)):
        return "[…]"
    try:
        return str(v) if isinstance(v, str) else f"{float(v):.3g}"
    except (TypeError, ValueError, OverflowError):
        return str(v)
