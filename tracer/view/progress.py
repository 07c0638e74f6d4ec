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


def steps_shown(trace, out, err=None, clock=time.monotonic):
    """Yield the steps of trace in order, saying on err how far along they are."""
    err = err or sys.stderr
    if not wanted(out, err):
        yield from trace.steps
        return
    weights = [max(1, s.count()) for s in trace.steps]  # a step's work is its terms
    total, done, start, shown, last = sum(weights), 0, clock(), "", 0.0
    try:
        for i, step in enumerate(trace.steps):
            yield step
            done += weights[i]
            now = clock()
            if now - start > DELAY and now - last > EVERY:
                text = (f"tracer: writing step {i + 1} of {len(trace.steps)} "
                        f"({100 * done // total}%)")
                err.write("\r" + text.ljust(len(shown)))
                err.flush()
                shown, last = text, now
    finally:
        if shown:  # leave the terminal's line as it was
            err.write("\r" + " " * len(shown) + "\r")
            err.flush()
