"""Showing a trace: step by step in a terminal, else all at once to a file or pipe."""

import sys

from ..errors import TraceError


def show(trace, title="", plain=False, pause=False, unit="term", digits=3, out=None,
         predict=False):
    """Print a trace: step by step in a terminal, else the whole walkthrough at once.

    predict: ask the questions on the way: in the player, or else between the lines."""
    from ..view import choose
    if not trace.steps:  # nothing to print, and the player needs a step to stand on
        raise TraceError(f"{title or 'this trace'} has no steps to show")
    out = out or sys.stdout
    interactive = pause and out.isatty() and sys.stdin.isatty()
    if not interactive:
        if predict:
            return choose(plain, out).predict(trace, title, digits)
        choose(plain, out).print_transcript(trace, title, digits)
        return 0
    from .player import play
    from .terminal import can_draw
    from .walk import Walk
    escapes = can_draw()  # a Windows console without escape codes gets plain frames
    view = choose(plain or not escapes, out)
    walk = Walk(trace)
    quiz = None
    if predict:
        from .predict import stops
        from .quiz import Quiz
        st = view.style(digits)
        quiz = Quiz(stops(trace, walk, st), st)
    return play(walk, view.screen_renderer(trace, walk, title, digits), unit=unit,
                escapes=escapes, quiz=quiz)


def show_behind(record, plain=False, unit="term", digits=3):
    """Play a lesson in the terminal while it records: its first screen at once.

    record(begun) records the lesson (see Behind). The view is made ready before the
    recording starts, so the two never wait on each other for the interpreter.
    """
    from ..view import choose
    from .behind import Behind, Unfinished
    from .player import play
    from .terminal import can_draw
    from .walk import Walk
    escapes = can_draw()
    view = choose(plain or not escapes, sys.stdout)
    behind = Behind(record)
    first = behind.first()
    if first is None:  # recorded already (or stopped): play the whole
        trace = behind.whole()
        return show(trace, trace.title, plain, True, unit, digits)
    title = first.title

    def rest():
        trace = behind.whole()
        walk = Walk(trace)
        return walk, view.screen_renderer(trace, walk, title, digits)
    walk = Unfinished(first)
    return play(walk, view.screen_renderer(first, walk, title, digits), unit=unit,
                escapes=escapes, rest=rest)
