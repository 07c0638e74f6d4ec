"""Transcripts stream line by line, with a progress line on a terminal's stderr."""

import io

import pytest

import tracer
from tracer.view import PlainView, screen
from tracer.view.progress import steps_shown


class Stream(io.StringIO):
    """A text stream that says whether it is a terminal."""

    def __init__(self, tty):
        super().__init__()
        self.tty = tty

    def isatty(self):
        return self.tty


class Stop(Exception):
    pass


class FirstLineStops(Stream):
    """An output that stops the transcript at its first line."""

    def write(self, text):
        raise Stop


def many_dots(n=50):
    with tracer.recording() as trace:
        for i in range(n):
            tracer.dot([1, 2, i], [3, 4, 5])
    return trace


def views():
    out = [PlainView]
    try:
        from tracer.view.fancy import RichView
        out.append(RichView)
    except ImportError:
        pass
    return out


@pytest.mark.parametrize("view", views())
def test_a_transcript_starts_before_the_later_steps_are_laid_out(view, monkeypatch):
    laid_out = []
    real = screen.step_lines
    monkeypatch.setattr(screen, "step_lines",
                        lambda step, *rest, **kw: laid_out.append(step) or real(step, *rest, **kw))
    trace = many_dots()
    with pytest.raises(Stop):
        view(FirstLineStops(False)).print_transcript(trace, "", 3)
    assert len(laid_out) <= 1  # the first line went out before step 2 was written


def clock(times):
    """Return a clock that reads each of times in turn, then stays at the last."""
    times = list(times)
    return lambda: times.pop(0) if len(times) > 1 else times[0]


def test_progress_shows_after_a_second_and_is_cleared_at_the_end():
    trace = many_dots(4)
    err = Stream(True)
    # start at 0; the first step ends at 0.5 (too soon), the others at 1.2, 1.25, 1.4.
    steps = list(steps_shown(trace, Stream(False), err, clock([0, 0.5, 1.2, 1.25, 1.4])))
    assert steps == trace.steps
    shown = "tracer: writing step 2 of 4 (50%)"
    then = "tracer: writing step 4 of 4 (100%)"  # 1.25 came too soon after 1.2
    assert err.getvalue() == f"\r{shown}\r{then}\r{' ' * len(then)}\r"


@pytest.mark.parametrize("out_tty, err_tty", [(True, True), (False, False)])
def test_no_progress_unless_stderr_is_a_terminal_the_transcript_is_not_on(out_tty, err_tty):
    trace = many_dots(4)
    err = Stream(err_tty)
    steps = list(steps_shown(trace, Stream(out_tty), err, clock([0, 5, 10, 15, 20])))
    assert steps == trace.steps and err.getvalue() == ""


def test_progress_is_cleared_when_the_transcript_stops_early():
    trace = many_dots(4)
    err = Stream(True)
    walk = steps_shown(trace, Stream(False), err, clock([0, 2, 3]))
    next(walk)
    next(walk)
    walk.close()  # as when the reader of a pipe goes away, or Ctrl-C
    assert err.getvalue() == ("\rtracer: writing step 1 of 4 (25%)\r"
                              + " " * len("tracer: writing step 1 of 4 (25%)") + "\r")
