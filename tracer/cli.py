"""The command line: list the lessons, play one, step by step or all at once."""

import argparse
import difflib
import importlib
import importlib.util
import os
import re
import sys

from . import __version__
from .errors import TraceError

LESSONS = ("lesson1", "lesson2", "lesson3", "lesson4", "lesson5", "lesson6")
MAX_WORDS = 60
USAGE = 2


class UsageError(Exception):
    """A mistake on the command line: exit with status 2 and one line."""


class Parser(argparse.ArgumentParser):
    def error(self, message):
        raise UsageError(message)


def parser():
    """Return the parser of the command line."""
    from .play.player import keys_help
    from .play.walk import UNITS
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
                   help="decimals shown for each number, 0 to 15 (default: 3)")
    p.add_argument("--sentence", metavar="TEXT", help="run the lesson on your own "
                   f"sentence (1 to {MAX_WORDS} words)")
    p.add_argument("--focus", metavar="WORD", help="the word whose update the lessons "
                   "follow (default: Riley, or the sentence's first word that is "
                   "not an article, a pronoun or the like)")
    p.add_argument("--vectors", metavar="FILE", help="your own vectors, a JSON file "
                   "in the format of tracer/data/riley.json")
    p.add_argument("--exact", action="store_true",
                   help="compute in fractions: 12/35 rather than 0.343")
    p.add_argument("--predict", action="store_true",
                   help="estimate each relevance, weight and output before it is shown")
    p.add_argument("--export", metavar="FILE.json", help="save the lesson's trace")
    p.add_argument("--svg", metavar="FILE", help="save one SVG slide per section: FILE.svg, or "
                   "FILE-1.svg, FILE-2.svg, ... for several")
    p.add_argument("--html", metavar="FILE", help="save the walkthrough as a web page")
    return p


def digits(text):
    """Return a --digits value from 0 to 15, or refuse it."""
    if not text.isdigit() or int(text) > 15:
        raise argparse.ArgumentTypeError(f"expected a whole number from 0 to 15, "
                                         f"not {text!r}")
    return int(text)


def nearest(name, names):
    """Return "; did you mean X?" for the closest of names, or ""."""
    near = difflib.get_close_matches(name, names, n=1, cutoff=0.5)
    return f"; did you mean {near[0]}?" if near else ""


def lesson_module(name):
    """Return the module of a lesson, suggesting the nearest name for a typo."""
    if name not in LESSONS:
        hint = nearest(name, LESSONS + ("replay",)) or "; run 'tracer' to list them"
        raise UsageError(f"no lesson called {name!r}{hint}")
    lessons()
    return importlib.import_module(f"tracer.lessons.{name}")


def lessons():
    """Return the lessons package: tracer/lessons when installed, lessons/ in a checkout."""
    try:
        return importlib.import_module("tracer.lessons")
    except ModuleNotFoundError as error:
        if error.name != "tracer.lessons":
            raise
    # The wheel maps lessons/ to tracer/lessons; a checkout keeps it beside the package.
    # Loading it there under the same name gives a lesson one module name everywhere.
    folder = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                          "lessons")
    spec = importlib.util.spec_from_file_location(
        "tracer.lessons", os.path.join(folder, "__init__.py"),
        submodule_search_locations=[folder])
    package = importlib.util.module_from_spec(spec)
    sys.modules["tracer.lessons"] = package
    spec.loader.exec_module(package)
    return package


def listing():
    """Return the list of lessons, one line each."""
    lines = ["Lessons (run one with: python -m tracer lessonN):"]
    for name in LESSONS:
        lines.append(f"  {name}  {lesson_module(name).TITLE}")
    lines.append("  replay FILE.json  play a trace saved with --export")
    lines.append("Options: python -m tracer --help")
    return "\n".join(lines)


def sentence_words(text):
    """Return the words of a sentence, repeated ones numbered (The, dog, the#2)."""
    from .word_vectors import words_of
    words = words_of(text)
    if not words:
        raise UsageError(f"the sentence {text!r} has no words")
    if len(words) > MAX_WORDS:
        raise UsageError(f"the sentence has {len(words)} words; the lessons take "
                         f"1 to {MAX_WORDS}")
    seen, out = {}, []
    for w in words:
        key = w.casefold()  # "The" and "the" are one word, as the vectors see them
        seen[key] = seen.get(key, 0) + 1
        out.append(w if seen[key] == 1 else f"{w}#{seen[key]}")
    return out


# Words a learner would not follow through a lesson: they carry grammar, not meaning.
FUNCTION_WORDS = frozenset("""
a an the this that these those and or but nor so if then than because as of at by for
from in into on onto to with without over under about after before up down out off is
are was were be been being am do does did has have had will would can could shall
should may might must not no it its it's he him his she her hers they them their we us
our you your i me my mine""".split())


def meaningful(words):
    """Return the words that carry meaning of their own, in order."""
    return [w for w in words if w.split("#")[0].casefold() not in FUNCTION_WORDS]


def pick_focus(words, focus):
    """Return the focus word and its partner (the word it takes meaning from)."""
    if focus is None:
        focus = "Riley" if "Riley" in words else (meaningful(words) or words)[0]
    elif focus not in words:
        folded = [w for w in words if w.casefold() == focus.casefold()]
        if not folded:
            raise UsageError(f"--focus {focus!r} is not in the sentence"
                             f"{nearest(focus, words)}")
        focus = folded[0]
    others = [w for w in words if w != focus]
    partner = "dog" if "dog" in others else (meaningful(others) or others or [focus])[0]
    return focus, partner


def record(module, options=None):
    """Run a lesson under recording and return its trace."""
    from . import follow, recording
    from . import word_vectors as database
    get = (lambda name: getattr(options, name, None))
    vectors = database.load(get("vectors")) if get("vectors") else database.demo()
    text = get("sentence")
    if text is None:  # the file's own sentence, else the demo's
        text = vectors.sentence or database.demo().sentence
    words = sentence_words(text)
    focus, partner = pick_focus(words, get("focus"))
    with recording(exact=bool(get("exact")), vectors=vectors) as trace:
        follow(focus)  # the lesson's tables keep this word's row in view
        module.run(words, focus, partner)
    if vectors.rescaled:  # said once, before the lesson: not a line of the lesson's code
        from .step import Step
        rescaled = vectors.rescaled
        shown = rescaled[:5] + ([f"{len(rescaled) - 5} more"] if rescaled[5:] else [])
        trace.steps.insert(0, Step("say", None, (", ".join(shown), vectors.source),
                                   RESCALED))
    if getattr(module, "VOCABULARY", None):  # its own words: it names unknown ones itself
        return trace
    made = {}  # each word outside the set once, as first written: "the#2" is "the"
    for w in (re.sub(r"#\d+$", "", w) for w in words):
        if not vectors.lookup(w):
            made.setdefault(w.casefold(), w)
    made = list(made.values())
    if made:  # said once, first: these words' numbers carry no meaning
        from .step import Step
        trace.steps.insert(0, Step("say", None, (", ".join(made),), DERIVED))
    return trace


DERIVED = ("Not in the vector set: {}. Their vectors are made from their letters, the same "
           "each time, so their component values mean nothing; only the arithmetic on "
           "them is real.")


RESCALED = ("The keys of {} in {} were within 0.0001 of length 1 but not exactly 1, so "
            "each was divided by its length before the lesson began.")


def main(argv=None):
    """Run the command line; return the exit status."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):  # a word the terminal cannot show becomes ?
            stream.reconfigure(errors="replace")
    try:
        return run(parser().parse_args(argv))
    except (UsageError, TraceError) as e:
        from .view.text import visible  # a message may quote a file or an argument
        print(f"tracer: {visible(str(e))}", file=sys.stderr)
        return USAGE if isinstance(e, UsageError) else 1
    except (KeyboardInterrupt, EOFError) as e:
        return 130 if isinstance(e, KeyboardInterrupt) else 0
    except BrokenPipeError:
        # The reader went away (| head): nothing more to say, and nothing went wrong.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


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
        module = lesson_module(options.lesson)
        trace = record(module, options)
        title = trace.title = f"{options.lesson}: {module.TITLE}"
    save(trace, options, title)
    if options.predict:
        from .view import choose
        return choose(options.plain, sys.stdout).predict(trace, title, options.digits)
    return show(trace, title=title, plain=options.plain, pause=not options.no_pause,
                unit=options.step, digits=options.digits)


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
        seen.setdefault(file_key(path), f"{option} {path!r}")


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
    from .files.whole import read_text
    from .step import Trace
    text = read_text(path, 64 * 2**20, "trace file")
    try:
        trace = Trace.from_json(text)
    except TraceError as e:
        raise TraceError(str(e).replace("trace file", path, 1)) from None
    if not trace.steps:
        raise TraceError(f"{path} has no steps to show")
    return trace


def save(trace, options, title):
    """Write the files --export, --svg and --html ask for: all of them whole, or none."""
    from .files.whole import write_all
    texts = {}
    if options.export:
        texts[options.export] = trace.to_json(sources=True)
    if options.html:
        from .view.page import page
        texts[options.html] = page(trace, options.digits, title, options.step)
    if options.svg:
        from .view.slides import slides
        texts.update(slide_files(options.svg, slides(trace, options.digits, title)))
    write_all(texts)
    if texts:  # stdout stays the walkthrough: the files written are said on stderr
        from .view.text import visible
        for path in texts:
            print(f"tracer: wrote {visible(path)}", file=sys.stderr)


def slide_files(path, pictures):
    """Return {file: picture}: one slide per section, each file named ....svg."""
    from .view.slides import names
    from .files.whole import draft
    os.unlink(draft(path, ""))  # a path that cannot take a file is refused by its own name
    if not os.path.split(path)[1]:
        raise TraceError(f"{path}: ends in a folder; give a file name")
    return dict(zip(names(path, len(pictures)), pictures))


def show(trace, title="", plain=False, pause=False, unit="guided", digits=3, out=None):
    """Print a trace: step by step in a terminal, else the whole walkthrough at once."""
    from .play.display import show
    return show(trace, title, plain, pause, unit, digits, out)
