"""Positions in a trace: where the learner is, and where one key press goes."""

from bisect import bisect_right

UNITS = ("term", "op", "line")


class Walk:
    """Number every term of a trace 1..total; a step with no terms takes one place."""

    def __init__(self, trace):
        self.trace = trace
        self.ends = []  # ends[i]: the last position of step i
        end = 0
        for step in trace.steps:
            end += max(1, step.count())
            self.ends.append(end)

    @property
    def total(self):
        return self.ends[-1] if self.ends else 0

    def locate(self, pos):
        """Return (step index, terms shown) at a position from 1 to total."""
        i = bisect_right(self.ends, pos - 1)
        start = self.ends[i - 1] if i else 0
        return i, pos - start

    def forward(self, pos, unit="term"):
        """Return the position one key press after pos."""
        if pos >= self.total:
            return self.total
        if unit == "term":
            return pos + 1
        i, _ = self.locate(pos)
        if pos == self.ends[i]:
            i += 1
        if unit == "line":
            while i + 1 < len(self.ends) and self.same_line(i, i + 1):
                i += 1
        return self.ends[i]

    def back(self, pos, unit="term"):
        """Return the position one key press before pos."""
        if pos <= 1:
            return min(1, self.total)
        if unit == "term":
            return pos - 1
        i, _ = self.locate(pos)
        if unit == "line":  # from the first step of this line's run of steps...
            while i > 0 and self.same_line(i, i - 1):
                i -= 1
        # ...to the end of the run before it, where a forward press by line stops.
        return self.ends[i - 1] if i > 0 else 1

    def finish(self, pos):
        """Return the last position of the step holding pos."""
        return self.ends[self.locate(pos)[0]] if self.total else 0

    def same_line(self, i, j):
        a, b = self.trace.steps[i], self.trace.steps[j]
        return (a.file, a.line) == (b.file, b.line)
