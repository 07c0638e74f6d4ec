"""A progress line on stderr while a long transcript is written to a file."""

import sys
import time

DELAY = 1.0  # a transcript written faster than this needs no progress line
EVERY = 0.1  # seconds between updates: often enough to move, rarely enough to cost nothing


def wanted(out, err):
    """Say whether to show progress: stderr is a terminal that the transcript is not on."""
    try:
        return err.isatty() and not out.isatty()
    except (AttributeError, ValueError):  # a closed or file-like stream without a tty
        return False


class Progress:
    """How far a transcript has got, shown on stderr once it has taken a second."""

    def __init__(self, trace, out, err=None, clock=None):
        self.trace, self.err = trace, err or sys.stderr
        self.clock = clock = clock or time.monotonic
        self.on = wanted(out, self.err)
        self.step, self.done, self.shown = 0, 0, ""
        self.start = self.last = clock() if self.on else 0

    def steps(self):
        """Yield the steps of the trace in order, noting which one is being written."""
        if not self.on:
            yield from self.trace.steps
            return
        weights = [max(1, s.count()) for s in self.trace.steps]  # a step's work: its terms
        self.total = sum(weights)
        for i, step in enumerate(self.trace.steps):
            self.step = i + 1
            yield step
            self.done += weights[i]
            self.show()

    def lines(self, lines):
        """Yield lines, showing progress now and then: a big step writes many."""
        if not self.on:
            yield from lines
            return
        for n, line in enumerate(lines):
            yield line
            if n % 64 == 0:
                self.show()

    def show(self):
        now = self.clock()
        if now - self.start > DELAY and now - self.last > EVERY and self.step:
            text = (f"tracer: writing step {self.step} of {len(self.trace.steps)} "
                    f"({100 * self.done // self.total}%)")
            self.err.write("\r" + text.ljust(len(self.shown)))
            self.err.flush()
            self.shown, self.last = text, now

    def clear(self):
        """Take the progress line away, leaving the terminal's line as it was."""
        if self.shown:
            self.err.write("\r" + " " * len(self.shown) + "\r")
            self.err.flush()
            self.shown = ""
