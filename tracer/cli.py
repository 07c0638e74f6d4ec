"""The command line: list the lessons, play one, step by step or all at once."""

import argparse
import os
import sys

from . import __version__, limits
from .errors import TraceError, UsageError
from .lesson_trace import LESSONS, MAX_WORDS, lesson, lesson_module

USAGE = 2
LINE = 200  # the longest error line


class Parser(argparse.ArgumentParser):
    def error(self, message):
        raise UsageError(message)


def parser():
    """Return the parser of the command line."""
    from .play.player import keys_help
    from .play.predict import LEAST as least, SHARE as share
    from .play.walk import UNITS
    from .view.text import MOST_DIGITS
    keys = "\n".join(f"  {k:<28} {meaning}" for k, meaning in keys_help())
    p = Parser(prog="tracer", formatter_class=argparse.RawDescriptionHelpFormatter,
               description="Step through self-attention one arithmetic term at a time. "
               "Run with no lesson to list the lessons.",
               epilog=f"keys while stepping:\n{keys}")
    p.add_argument("lesson", nargs="?", help="lesson1 ... lesson6, or replay")
    p.add_argument("file", nargs="?", help="with replay: a trace saved by --export")
    p.add_argument("--version", action="version", version=f"tracer {__version__}")
    p.add_argument("--no-pause", action="store_true",
                   help="print the whole walkthrough at once instead of stepping")
    p.add_argument("--plain", action="store_true",
                   help="ASCII only: no colour, no box drawing")
    p.add_argument("--step", choices=UNITS, default="guided",
                   help="how far one key press goes: guided (the default) goes term by "
                   "term the first time an operation appears, then faster; term, cell "
                   "(one cell, row or component), op or line")
    p.add_argument("--digits", type=digits, default=3, metavar="N",
                   help=f"decimals shown for each number, 0 to {MOST_DIGITS} (default: 3)")
    p.add_argument("--sentence", metavar="TEXT", help="run the lesson on your own "
                   f"sentence (1 to {MAX_WORDS} words)")
    p.add_argument("--focus", metavar="WORD", help="the word whose update the lessons "
                   "follow (default: Riley, or the sentence's first word that is "
                   "not an article, a pronoun or the like)")
    p.add_argument("--vectors", metavar="FILE", help="your own vectors, a JSON file "
                   "in the format of tracer/data/riley.json")
    p.add_argument("--exact", action="store_true",
                   help="compute in fractions: 12/35 rather than 0.343")
    p.add_argument("--predict", action="store_true", help=(  # argparse reads %: doubled
        "stop at a few questions on the way and guess before going on: estimate a "
        f"number (right within {float(share):.0%} of it, or {float(least)}) or choose "
        "one of the words offered; each guess is checked").replace("%", "%%"))
    p.add_argument("--export", metavar="FILE.json", help="save the lesson's trace")
    p.add_argument("--svg", metavar="FILE", help="save one SVG slide per section: FILE.svg, or "
                   "FILE-1.svg, FILE-2.svg, ... for several")
    p.add_argument("--html", metavar="FILE", help="save the walkthrough as a web page")
    return p


def digits(text):
    """Return a --digits value from 0 to MOST_DIGITS, or refuse it."""
    from .view.text import MOST_DIGITS
    if not text.isdigit() or int(text) > MOST_DIGITS:
        raise argparse.ArgumentTypeError(f"expected a whole number from 0 to {MOST_DIGITS}, "
                                         f"not {text!r}")
    return int(text)


def listing():
    """Return the list of lessons, one line each."""
    lines = ["Lessons (run one with: python -m tracer lessonN):"]
    for name in LESSONS:
        lines.append(f"  {name}  {lesson_module(name).TITLE}")
    lines.append("  replay FILE.json  play a trace saved with --export")
    lines.append("Options: python -m tracer --help")
    return "\n".join(lines)


def main(argv=None):
    """Run the command line; return the exit status."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):  # a word the terminal cannot show becomes ?
            stream.reconfigure(errors="replace")
    try:
        return run(parser().parse_args(argv))
    except (UsageError, TraceError) as e:
        from .view.text import visible  # a message may quote a file or an argument
        # the message as the command line words it: --focus, where a call says focus=
        print(short(f"tracer: {visible(e.command or str(e))}"), file=sys.stderr)
        return USAGE if isinstance(e, UsageError) else 1
    except (KeyboardInterrupt, EOFError) as e:
        return 130 if isinstance(e, KeyboardInterrupt) else 0
    except BrokenPipeError:
        # The reader went away (| head): nothing more to say, and nothing went wrong.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def short(line):
    """Return an error line of at most LINE characters: its start, ..., and its end.

    A message quotes what it was given, which may be huge; its start names the file
    and its end says what to do, so the middle goes.
    """
    if len(line) <= LINE:
        return line
    head = LINE // 2
    return line[:head] + "..." + line[len(line) - (LINE - head - 3):]


def run(options):
    """Do what the parsed command line asks."""
    check_paths(options)
    if options.lesson is None:
        print(listing())
        return 0
    if options.lesson == "replay":
        if not options.file:
            raise UsageError("replay needs a trace file: tracer replay FILE.json")
        trace = load_trace(options.file)
        title = f"{trace.title + ', ' if trace.title else ''}replay of {options.file}"
        if any(s.file and not trace.sources.get(s.file) for s in trace.steps):
            title += " (no code shown: the file does not carry the code it ran)"
    else:
        if options.file:
            raise UsageError(f"unexpected argument {options.file!r}")
        if behind(options):  # the first screen shows while the lesson records
            from .lesson_trace import record
            from .play.display import show_behind
            return show_behind(lambda begun: record(
                options.lesson, options.sentence, options.focus, options.vectors,
                options.exact, begun), options.plain, options.step, options.digits)
        trace = lesson(options.lesson, options.sentence, options.focus, options.vectors,
                       options.exact)
        title = trace.title
    save(trace, options, title, inputs(options))
    return show(trace, title=title, plain=options.plain, pause=not options.no_pause,
                unit=options.step, digits=options.digits, predict=options.predict)


def behind(options):
    """Say whether a lesson can record behind its first screen: played in a terminal,
    with no file to write and no quiz, which need the whole trace first."""
    return (not options.no_pause and not options.predict and sys.stdin.isatty()
            and sys.stdout.isatty() and not (options.export or options.html or options.svg))


def check_paths(options):
    """Refuse an empty path, and an output path that is an input or another output."""
    paths = [("--vectors", options.vectors), ("--export", options.export),
             ("--svg", options.svg), ("--html", options.html)]
    if options.lesson == "replay":
        paths.insert(0, ("the trace file", options.file))
    seen = {}
    for option, path in paths:
        if path == "":
            raise UsageError(f"{option} needs a file name, not an empty one")
        if path is None:
            continue
        same = seen.get(file_key(path))
        if same and option in OUTPUTS:
            raise UsageError(f"{option} {path!r} is the same file as {same}: writing it "
                             "would overwrite that; choose another name")
        seen.setdefault(file_key(path), option)


OUTPUTS = ("--export", "--svg", "--html")


def file_key(path):
    """Return what names one file however it is written: its device and inode, or path."""
    try:
        st = os.stat(path)
        return st.st_dev, st.st_ino
    except (OSError, ValueError):
        return os.path.normcase(os.path.realpath(path))


def load_trace(path):
    """Return the trace in a file saved by --export, or say what is wrong."""
    from .files.trace_file import load
    trace = load(path)
    if not trace.steps:
        raise TraceError(f"{path} has no steps to show")
    return trace


def inputs(options):
    """Return (what, path) of every file a run reads: no output may land on one."""
    found = [("the trace file", options.file if options.lesson == "replay" else None),
             ("--vectors", options.vectors)]
    if options.lesson in LESSONS:  # the lesson's own code, which --export carries
        found.append((f"the code of {options.lesson}", lesson_module(options.lesson).__file__))
    return [(what, path) for what, path in found if path]


def save(trace, options, title, read=()):
    """Write the files --export, --svg and --html ask for: all of them whole, or none.

    Every path is known, and checked against every input and every other output,
    before the first is written.
    """
    from .files.whole import write_all
    planned = []  # (option, path, text)
    if options.export:
        planned.append(("--export", options.export, trace.to_json(sources=True)))
    if options.html:
        from .view.page import page
        planned.append(("--html", options.html,
                        page(trace, options.digits, title, options.step)))
    if options.svg:
        from .view.slides import slide_files, slides
        pictures = slide_files(options.svg, slides(trace, options.digits, title))
        planned += [("--svg", path, svg) for path, svg in pictures.items()]
    check_outputs([(option, path) for option, path, _ in planned], read)
    texts = {path: text for _, path, text in planned}
    write_all(texts)
    if texts:  # stdout stays the walkthrough: the files written are said on stderr
        from .view.text import visible
        for path in texts:
            print(f"tracer: wrote {visible(path)}", file=sys.stderr)


def check_outputs(outputs, read):
    """Refuse an output that is an input, or another output, however it is spelled."""
    seen = {file_key(path): what for what, path in read}
    for option, path in outputs:
        key = file_key(path)
        if key in seen:
            raise UsageError(f"{option} {path!r} is {seen[key]}: writing it would "
                             "overwrite that; choose another name")
        seen[key] = f"the file of {option}"


def show(trace, title="", plain=False, pause=False, unit="guided", digits=3, out=None,
         predict=False):
    """Print a trace: step by step in a terminal, else the whole walkthrough at once."""
    from .play.display import show
    return show(trace, title, plain, pause, unit, digits, out, predict)
