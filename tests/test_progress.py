"""Transcripts stream line by line, with a progress line on a terminal's stderr."""

import io

import pytest

import tracer
from tracer.view import PlainView, screen
from tracer.view.progress import Progress


class Stream(io.StringIO):
    """A text stream that says whether it is a terminal."""

    def __init__(self, tty):
        super().__init__()
        self.tty = tty

    def isatty(self):
        return self.tty


class Stop(Exception):
    pass


class StopsAt(Stream):
    """An output that stops the transcript at one of its lines, as a closed pipe would."""

    def __init__(self, line):
        super().__init__(False)
        self.line = line

    def write(self, text):
        self.line -= 1
        if self.line < 0:
            raise Stop


def many_dots(n=50):
    with tracer.recording() as trace:
        for i in range(n):
            tracer.dot([1, 2, i], [3, 4, 5])
    return trace


def views():
    out = [PlainView]
    try:
        from tracer.view.rich_view import RichView
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
        view(StopsAt(0)).print_transcript(trace, "", 3)
    assert len(laid_out) <= 1  # the first line went out before step 2 was written


def clock(times):
    """Return a clock that reads each of times in turn, then stays at the last."""
    times = list(times)
    return lambda: times.pop(0) if len(times) > 1 else times[0]


def written(trace, out_tty, err, times):
    """Return the steps and lines a transcript goes through, with progress on err."""
    progress = Progress(trace, Stream(out_tty), err, clock(times))
    steps = []

    def lines():
        for step in progress.steps():
            steps.append(step)
            yield step.op
    return steps, list(progress.lines(lines())), progress


def test_progress_shows_after_a_second_and_is_cleared_at_the_end():
    trace = many_dots(4)
    err = Stream(True)
    # Start at 0. Step 1's line at 0.4, its end at 0.5: too soon. Step 2 ends at 1.2,
    # step 3 at 1.25 (too soon after), step 4 at 1.4.
    steps, lines, progress = written(trace, False, err, [0, 0.4, 0.5, 1.2, 1.25, 1.4])
    assert steps == trace.steps and lines == ["dot"] * 4
    shown = "tracer: writing step 2 of 4 (50%)"
    then = "tracer: writing step 4 of 4 (100%)"
    assert err.getvalue() == f"\r{shown}\r{then}"
    progress.clear()
    assert err.getvalue() == f"\r{shown}\r{then}\r{' ' * len(then)}\r"


def test_a_big_step_shows_progress_while_its_lines_are_written():
    trace = many_dots(2)
    err = Stream(True)
    progress = Progress(trace, Stream(False), err, clock([0, 2]))
    steps = progress.steps()
    next(steps)
    list(progress.lines(iter(["line"] * 3)))  # the first line is checked: at 2 s
    assert err.getvalue() == "\rtracer: writing step 1 of 2 (0%)"


@pytest.mark.parametrize("out_tty, err_tty", [(True, True), (False, False)])
def test_no_progress_unless_stderr_is_a_terminal_the_transcript_is_not_on(out_tty, err_tty):
    err = Stream(err_tty)
    steps, lines, progress = written(many_dots(4), out_tty, err, [0, 5, 10, 15, 20])
    progress.clear()
    assert len(steps) == 4 and err.getvalue() == ""


def test_a_transcript_stopped_early_clears_its_progress_line(monkeypatch):
    from tracer.view import progress
    monkeypatch.setattr(progress.time, "monotonic", clock([0, 2, 3, 4, 5]))
    err = Stream(True)
    monkeypatch.setattr(progress.sys, "stderr", err)
    with pytest.raises(Stop):
        PlainView(StopsAt(3)).print_transcript(many_dots(4), "", 3)
    assert err.getvalue().startswith("\rtracer: writing step 1 of 4")
    assert err.getvalue().endswith("\r") and err.getvalue().strip() == "tracer: writing " \
        "step 1 of 4 (0%)"
