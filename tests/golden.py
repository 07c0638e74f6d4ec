"""The golden files in tests/expected/ and what makes each one.

Tests compare with these files and never write them; only `python tests/regen.py`
does, after a change meant to show, and its diff is read before it is committed.
"""

import contextlib
import io
import os
import sys
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script, tests/regen.py finds the package here
    sys.path.insert(0, str(ROOT))

import tracer  # noqa: E402
from tracer import cli  # noqa: E402
from tracer.play.walk import Walk  # noqa: E402
from tracer.view.plain import render  # noqa: E402
from tracer.view.screen import frame  # noqa: E402
from tracer.view.text import Style  # noqa: E402

EXPECTED = ROOT / "tests" / "expected"
SCREENS = EXPECTED / "screens"
SIZES = ((80, 24), (100, 35))  # the terminals the expected screens are drawn for
WHERE = ("first", "middle")


def lesson_text(lesson):
    """Return a lesson's plain transcript, 60 columns wide, as `--no-pause --plain`."""
    out = io.StringIO()
    with mock.patch.dict(os.environ, COLUMNS="60"), contextlib.redirect_stdout(out):
        status = cli.main([lesson, "--no-pause", "--plain"])
    if status != 0:
        raise RuntimeError(f"{lesson} exited {status}")
    return out.getvalue()


def screens(lesson, width, height):
    """Return the plain view's first screen and one in the middle of the largest step."""
    trace = tracer.lesson(lesson)
    walk = Walk(trace)
    big = max(range(len(trace.steps)), key=lambda i: trace.steps[i].count())
    middle = walk.start(big) + trace.steps[big].count() // 2
    return {where: render(frame(trace, walk, pos, Style(3, True), width, height,
                                trace.title, ("guided", None))) + "\n"
            for where, pos in (("first", 1), ("middle", middle))}


def lesson_path(lesson):
    return EXPECTED / f"{lesson}.txt"


def screen_path(lesson, width, height, where):
    return SCREENS / f"{lesson}-{width}x{height}-{where}.txt"


def every_file(lessons=cli.LESSONS):
    """Yield (path, text it should hold) for every golden file of these lessons."""
    for lesson in lessons:
        yield lesson_path(lesson), lesson_text(lesson)
        for width, height in SIZES:
            for where, text in screens(lesson, width, height).items():
                yield screen_path(lesson, width, height, where), text
