"""The command line: list the lessons, play one, step by step or all at once."""

import argparse
import difflib
import importlib
import os
import sys

from . import __version__
from .step import TraceError

LESSONS = ("lesson1", "lesson2", "lesson3")
USAGE = 2


class UsageError(Exception):
    """A mistake on the command line: exit with status 2 and one line."""


class Parser(argparse.ArgumentParser):
    def error(self, message):
        raise UsageError(message)


def parser():
    """Return the parser of the command line."""
    p = Parser(prog="tracer", description="Step through self-attention one arithmetic "
               "term at a time. Run with no lesson to list the lessons.")
    p.add_argument("lesson", nargs="?", help="lesson1, lesson2 or lesson3")
    p.add_argument("--version", action="version", version=f"tracer {__version__}")
    p.add_argument("--no-pause", action="store_true",
                   help="print the whole walkthrough at once instead of stepping")
    p.add_argument("--plain", action="store_true",
                   help="ASCII only: no colour, no box drawing")
    p.add_argument("--step", choices=("term", "op", "line"), default="term",
                   help="how far one key press goes (default: term)")
    p.add_argument("--digits", type=digits, default=3, metavar="N",
                   help="decimals shown for each number (default: 3)")
    return p


def digits(text):
    """Return a --digits value from 0 to 15, or refuse it."""
    if not text.isdigit() or int(text) > 15:
        raise argparse.ArgumentTypeError(f"expected a whole number from 0 to 15, "
                                         f"not {text!r}")
    return int(text)


def lesson_module(name):
    """Return the module of a lesson, suggesting the nearest name for a typo."""
    if name not in LESSONS:
        near = difflib.get_close_matches(name, LESSONS + ("replay",), n=1)
        hint = f"; did you mean {near[0]}?" if near else "; run 'tracer' to list them"
        raise UsageError(f"no lesson called {name!r}{hint}")
    return importlib.import_module(f"lessons.{name}")


def listing():
    """Return the list of lessons, one line each."""
    lines = ["Lessons (run one with: python -m tracer lessonN):"]
    for name in LESSONS:
        lines.append(f"  {name}  {lesson_module(name).TITLE}")
    lines.append("Options: python -m tracer --help")
    return "\n".join(lines)


def record(module, options):
    """Run a lesson under recording and return its trace."""
    from . import database, recording
    db = database.use()
    words = database.words_of(db.sentence)
    with recording() as trace:
        module.run(words)
    return trace


def main(argv=None):
    """Run the command line; return the exit status."""
    try:
        options = parser().parse_args(argv)
        if options.lesson is None:
            print(listing())
            return 0
        module = lesson_module(options.lesson)
        trace = record(module, options)
        return show(trace, title=f"{options.lesson}: {module.TITLE}",
                    plain=options.plain, pause=not options.no_pause,
                    unit=options.step, digits=options.digits)
    except UsageError as e:
        print(f"tracer: {e}", file=sys.stderr)
        return USAGE
    except TraceError as e:
        print(f"tracer: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (| head): nothing more to say, and nothing went wrong.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def show(trace, title="", plain=False, pause=False, unit="term", digits=3, out=None):
    """Print a trace: step by step in a terminal, else the whole walkthrough at once."""
    from .view import choose
    out = out or sys.stdout
    view = choose(plain, out)
    interactive = pause and out.isatty() and sys.stdin.isatty()
    if not interactive:
        view.print_transcript(trace, title, digits)
        return 0
    from .player import play
    from .walk import Walk
    walk = Walk(trace)
    return play(walk, view.screen_renderer(trace, walk, title, digits), unit=unit)


def html(trace):
    """Return the walkthrough of a trace as an HTML page (for notebooks)."""
    from .view import choose
    return choose(False, None).html(trace)
