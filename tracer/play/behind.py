"""Recording behind the first screen: the learner reads it while the rest records."""

import signal
import threading
import time

from ..step import Trace
from .walk import Walk


class Behind:
    """Record in a thread; hand out the first step as soon as it exists, then the whole.

    record(begun) records and returns a trace, calling begun(trace) once it has begun.
    """

    def __init__(self, record):
        self.started = None  # the trace being recorded, once it has begun
        self.trace = self.error = None
        self.thread = threading.Thread(target=self.work, args=(record,), daemon=True)
        self.thread.start()

    def work(self, record):
        # Signals (Ctrl-C, a closed terminal, kill) go to the main thread, which plays:
        # taken here, they would leave it waiting for a key it never gets.
        if hasattr(signal, "pthread_sigmask"):  # POSIX; Windows has no such mask
            signal.pthread_sigmask(signal.SIG_BLOCK, signal.valid_signals())
        try:
            self.trace = record(self.begin)
        except BaseException as e:  # raised again where the whole trace is asked for
            self.error = e

    def begin(self, trace):
        self.started = trace

    def first(self):
        """Return the first steps recorded so far, at least one, as a trace of their
        own; or None when the recording ended first (whole() then gives it)."""
        while self.thread.is_alive():
            started = self.started
            if started is not None and started.steps:
                return head(started)
            time.sleep(0.001)  # a poll, not a busy wait: recording keeps the processor
        return None

    def whole(self):
        """Return the whole trace once recorded, or raise what stopped the recording."""
        self.thread.join()
        if self.error is not None:
            raise self.error
        return self.trace


def head(trace):
    """Return the steps recorded so far as a trace, with what a screen reads beside them."""
    steps = trace.steps[:]  # appends go on in the other thread
    part = Trace(steps, trace.title, trace.exact, trace.vectors,
                 [s for s in trace.sections if s[1] < len(steps)])
    part.focus = trace.focus
    return part


class Unfinished(Walk):
    """The walk of the steps recorded so far: how many presses in all is not known yet."""

    def press(self, pos, unit):
        return super().press(pos, unit)[0], "..."
