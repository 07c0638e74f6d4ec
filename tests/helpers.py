"""What several test modules share: the repository, a child's environment, small runs."""

import contextlib
import io
import json
import os
import random
import re
import subprocess
import sys
from fractions import Fraction as F
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import strategies as st

import tracer
from tracer.step import TraceError

ROOT = Path(__file__).resolve().parent.parent
# The status line: "press 3 of 59 · Queries · term 2 of 4 · line 13", then the keys or the
# end of the line. Requiring what follows keeps a half-drawn number from matching.
STATUS = re.compile(r"press (\d+) of (\d+)(?: [·.] [^\r\x1b]*?)??(?: [·.] term (\d+) of (\d+))?"
                    r"(?: [·.] line \d+)?(?=   space|   \?|\x1b|\r)")
ESCAPE = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|[()][0-9A-B]|[=>]|O.)")  # any terminal code
CLEARED = ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES", "LC_ALL", "LC_CTYPE", "LANG",
           "TERM", "PYTHONIOENCODING", "PYTHONSTARTUP")


def child_env(**changes):
    """Return an environment for a child tracer: UTF-8, xterm, no colour overrides.

    A change of None removes that variable.
    """
    env = {k: v for k, v in os.environ.items() if k not in CLEARED}
    env.update(TERM="xterm", LANG="C.UTF-8", PYTHONPATH=str(ROOT))
    for key, value in changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def record_one(fn, *args, **kwargs):
    """Run one operation inside a recording; return its result and its single step."""
    with tracer.recording() as trace:
        result = fn(*args, **kwargs)
    assert len(trace) == 1
    return result, trace[0]


def finish(child):
    """Wait for a wrapper to end; return its exit status and the terminal mode it left."""
    child.expect(r"after (\[.*\])\r\n")
    mode = child.match.group(1)
    child.expect(__import__("pexpect").EOF)
    child.close()
    return child.exitstatus, mode


# Runs tracer's command line between two prints of the terminal's settings.
WRAPPER = '''\
import sys, termios
from tracer.cli import main
print("before", termios.tcgetattr(0), flush=True)
status = main(sys.argv[1:])
print("after", termios.tcgetattr(0), flush=True)
sys.exit(status)
'''


def default_signals():
    """Give a child the default action for every signal a test sends it.

    A shell without job control starts a background job with SIGINT and SIGQUIT
    ignored, and tracer keeps a signal ignored when it started (as under nohup): run
    that way, the suite's children would never see the signals its tests send.
    """
    import signal
    for name in ("SIGINT", "SIGQUIT", "SIGTERM", "SIGHUP", "SIGTSTP"):
        signal.signal(getattr(signal, name), signal.SIG_DFL)


def spawn_wrapped(folder, args, env, wrapped=True, size=(30, 80)):
    """Start tracer in a pseudo-terminal, wrapped unless asked not to; log what it draws.

    A wrapped child's `settings` are the terminal settings it printed before starting.
    """
    import pexpect
    wrapper = folder / "wrapper.py"
    wrapper.write_text(WRAPPER)
    argv = [str(wrapper), *args] if wrapped else ["-m", "tracer", *args]
    child = pexpect.spawn(sys.executable, argv, cwd=str(ROOT), env=env, encoding="utf-8",
                          timeout=10, dimensions=size,
                          preexec_fn=default_signals)
    child.seen = io.StringIO()
    child.logfile_read = child.seen
    if wrapped:
        child.expect(r"before (\[.*\])\r\n")
        child.settings = child.match.group(1)
    return child


# Sentences every lesson runs on, each for a reason (the command-line options that pick it).
SENTENCES = {
    "demo": [],
    # negative relevances; the row of "it" in Q @ Kᵀ adds up to less than 0
    "cat": ["--sentence", "The cat sat on the mat because it was tired", "--focus", "it"],
    # every row of Q @ Kᵀ adds up to less than 0, and no word is in the vector set
    "fox": ["--sentence", "a fox"],
    "one word": ["--sentence", "Riley"],
    "repeats": ["--sentence", "the dog saw the other dog"],
    "mixed": ["--sentence", "Riley chased the hyper cat"],
    # opposite keys: rows of K @ Kᵀ and of Q @ Kᵀ that add up to exactly 0
    "opposite": ["--vectors", str(ROOT / "tests" / "data" / "opposite.json"),
                 "--focus", "up"],
    # the focus is the first word, and "never" comes twice
    "first": ["--sentence", "Riley never stops, she never sleeps"],
    # the focus is a function word, first in the sentence, that reads as English unquoted
    "function word": ["--sentence", "the dog is so hyper", "--focus", "the"],
}


def lesson_text(lesson, args=(), digits=3, exact=False):
    """Return the plain transcript of a lesson run with these options, 80 columns wide."""
    import contextlib
    from tracer import cli
    out = io.StringIO()
    argv = [lesson, *without_focus(lesson, args), "--no-pause", "--plain", "--digits",
            str(digits)]
    # 80 columns, whatever COLUMNS the calling test file sets (test_lessons sets 60).
    with mock.patch.dict(os.environ, COLUMNS="80"), contextlib.redirect_stdout(out):
        status = cli.main(argv + (["--exact"] if exact else []))
    assert status == 0, (argv, out.getvalue()[-300:])
    return out.getvalue()


def without_focus(lesson, args):
    """Return a lesson's arguments less --focus WORD where the lesson refuses it (lesson 6
    follows the sentence's pronoun, not a word the learner names)."""
    from tracer import lesson_trace
    args = list(args)
    if "--focus" in args and getattr(lesson_trace.lesson_module(lesson), "FOLLOWS", None):
        k = args.index("--focus")
        del args[k:k + 2]
    return args


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@contextlib.contextmanager
def browser_or_skip():
    """Yield Debian's headless Chromium driven by Playwright, or skip without them."""
    sync = needed("playwright.sync_api")
    if not os.path.exists(CHROMIUM):
        missing(f"no Chromium at {CHROMIUM}: apt-get install chromium")
    with sync.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def needed(module):
    """Return a module the browser and notebook tests use, or skip without it."""
    try:
        return __import__(module, fromlist=["_"])
    except ImportError:
        missing(f"{module} is not installed")


def rich_or_skip():
    """Skip a test of the view a run gets without --plain, which is rich's (without rich
    the plain view stands in and says so on stderr); where CI has rich, fail."""
    needed("rich")


def missing(why):
    """Skip a test that lacks a tool; where CI promised the tool (TRACER_NEED_ALL), fail."""
    import pytest
    if os.environ.get("TRACER_NEED_ALL"):
        pytest.fail(f"{why}, and TRACER_NEED_ALL says CI provides it")
    pytest.skip(why)


def contrast(fg, bg):
    """Return the WCAG contrast ratio of two CSS colours written rgb(r, g, b)."""
    def luminance(css):
        r, g, b = (int(x) / 255 for x in re.findall(r"\d+", css)[:3])
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    hi, lo = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


# Running `python -m tracer` as a shell does, its output piped.


def piped(*args, timeout=30, **env):
    """Run `python -m tracer ARGS` from the repository, output piped; return it finished.

    stdout and stderr come back as text, undecodable bytes shown as U+FFFD.
    """
    done = subprocess.run([sys.executable, "-m", "tracer", *map(str, args)], cwd=ROOT,
                          env=child_env(**env), stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    done.out = done.stdout.decode("utf-8", "replace")
    done.err = done.stderr.decode("utf-8", "replace")
    return done


def wrote(*paths):
    """Return what stderr says after writing these files: one line each."""
    return "".join(f"tracer: wrote {path}\n" for path in paths)


def ran(done, written=()):
    """Check a run that must succeed quietly (but for the files written); return stdout."""
    assert "Traceback" not in done.out + done.err, done.err
    assert done.returncode == 0, done.err
    assert done.err == wrote(*written)
    assert done.out.strip()
    return done.out


def vectors_file(tmp_path, text, name="vectors.json"):
    """Write a vectors file as given (text, or data dumped as JSON); return its path."""
    path = tmp_path / name
    path.write_text(text if isinstance(text, str) else json.dumps(text), encoding="utf-8")
    return path


def entry(value=(1, 0), key=(1, 0), query=(1, 0)):
    return {"value": list(value), "key": list(key), "query": list(query)}


# Text from files is data: files carrying control codes, for the command-line and terminal
# tests to show they never reach the screen.

EVIL = "\x1b]0;pwned\x07\x1b[31m\x9b2J"  # retitle the window, turn red, clear (C1 CSI)
EVIL_SHOWN = "\\x1b]0;pwned\\x07\\x1b[31m\\x9b2J"


@pytest.fixture
def evil_files(tmp_path):
    """Return a vectors file and a trace file whose every text field carries EVIL."""
    vectors = vectors_file(tmp_path, {
        "sentence": f"the cat {EVIL} sat",
        "components": [f"size{EVIL}", "animal"],
        "words": {"cat": entry((1, 0), (1, 0), (0, 1))}})
    saved = tmp_path / "evil.json"
    ran(piped("lesson3", "--vectors", vectors, "--no-pause", "--plain", "--export", saved),
        [saved])
    data = json.loads(saved.read_text(encoding="utf-8"))
    data["title"] = f"title{EVIL}"
    for name in data["sources"]:
        data["sources"][name] = [f"code{EVIL}\n"] * len(data["sources"][name])
    data["sections"] = [[f"part{EVIL}", i] for _, i in data["sections"]]
    for step in data["steps"]:
        if step["op"] == "say":
            step["result"] = f"said{EVIL} " + step["result"]
        elif step["names"]:
            step["names"] = [f"{n}{EVIL}" for n in step["names"]]
    saved.write_text(json.dumps(data), encoding="utf-8")
    return vectors, saved


def error_of(f, *args, **kwargs):
    """Return the one-line message of the TraceError f raises."""
    with pytest.raises(TraceError) as e:
        f(*args, **kwargs)
    assert "\n" not in str(e.value)
    return str(e.value)


# A vectors file of the one word cat, with any other fields given.

def one_word_file(tmp_path, **extra):
    path = tmp_path / "v.json"
    entry = {"value": [1, 0], "key": [0, 1], "query": [1, 1]}
    path.write_text(json.dumps(dict({"words": {"cat": entry}}, **extra)))
    return path


# Python with rich blocked: pictures, pages and notebooks need none of it.

def without_rich_code(code):
    return subprocess.run([sys.executable, "-c", "import sys\nsys.modules['rich'] = None\n"
                           + code], cwd=ROOT, capture_output=True, text=True, timeout=60)


# Random inputs where the order of adding matters, and the running totals a step
# records: each result is, bit for bit, the last running total its trace shows.

def hexes(xs):
    return [x.hex() for x in xs]


def numbers(rng, n):
    """Return n floats of mixed sizes and signs, where the order of adding matters."""
    return [rng.uniform(-1, 1) * 10 ** rng.randint(-6, 6) for _ in range(n)]


def scores(rng, n):
    """Return n scores of the size softmax meets, where the order of adding matters."""
    return [rng.uniform(-8, 8) for _ in range(n)]


def positive(rng, n):
    return [rng.uniform(0.01, 1) * 10 ** rng.randint(-6, 6) for _ in range(n)]


def last_totals(terms, kind):
    """Return the last running total of each run of `kind` terms, by the term's row."""
    totals = {}
    for t in terms:
        if t.kind == kind:
            totals[t.at[:-1]] = t.total
    return totals


def divisions(terms):
    return [t for t in terms if t.kind == "divide"]


def one_step(op, *args, **kwargs):
    with tracer.recording() as t:
        out = op(*args, **kwargs)
    return out, t[-1], list(t[-1].terms())


SEEDS = range(20)


def flat(text):
    """Return text with every run of whitespace made one space (undo the wrapping)."""
    return " ".join(text.split())


def message_of(fn, *args, **kwargs):
    """Return the message of the TraceError fn raises."""
    with pytest.raises(tracer.TraceError) as caught:
        fn(*args, **kwargs)
    return str(caught.value)


def biggest_gap(ours, theirs):
    """Return the largest difference between our numbers and NumPy's."""
    import numpy as np
    return float(np.max(np.abs(np.array(ours) - theirs)))


def random_vector(rng, n):
    """Return n floats of very different sizes, where the order of adding matters."""
    return [rng.uniform(-100, 100) * 10 ** rng.randint(-8, 8) for _ in range(n)]


def random_matrix(rng, rows, cols):
    """Return a rows-by-cols matrix of random numbers from -2 to 2."""
    return [[rng.uniform(-2, 2) for _ in range(cols)] for _ in range(rows)]


def attention_inputs(n, d, dv):
    """Return random Q, K and V for n words, seeded by their sizes."""
    rng = random.Random(n * 1000 + d * 10 + dv)
    return random_matrix(rng, n, d), random_matrix(rng, n, d), random_matrix(rng, n, dv)


def every_term_agrees(step):
    """Check a step's count, and each term read alone, against its list of terms."""
    terms = list(step.terms())
    assert step.count() == len(terms)
    for k, t in enumerate(terms):
        assert step.term(k) == t


# Any small JSON value, to throw at the loaders of trace files and vectors files.
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) |
    st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6),
                                                                inner, max_size=4),
    max_leaves=20)


def loads_or_refuses(load, text):
    """Check that text loads (and a trace that loads plays) or is refused in one line."""
    try:
        loaded = load(text)
    except tracer.TraceError as e:
        assert str(e) and "\n" not in str(e)
        return
    if isinstance(loaded, tracer.Trace):  # what loads must also play
        plays(loaded)


def plays(trace):
    """Render the transcript and several player frames; each frame fills its height."""
    from tracer.view.screen import frame, transcript
    from tracer.view.text import Style, cells
    from tracer.play.walk import Walk
    walk = Walk(trace)
    places = {1, 2, walk.total // 2, walk.total - 1, walk.total}
    for width, height in ((30, 8), (80, 24)):
        for line in transcript(trace, Style(), width):  # tables may crop, never overflow
            assert cells("".join(text for text, _ in line).rstrip()) <= width, line
        for pos in sorted(p for p in places if 1 <= p <= walk.total):
            lines = frame(trace, walk, pos, Style(), width, height, "title")
            assert len(lines) == height, (pos, width, len(lines))


def every_kind_of_step():
    """Record one step of every operation, in ints, floats and Fractions."""
    with tracer.recording() as trace:
        for kind in (int, float, F):
            a = [kind(1), kind(2), kind(3)]
            b = [kind(4), kind(5), kind(7)]
            m = [[kind(1), kind(2)], [kind(3), kind(4)], [kind(5), kind(6)]]
            n = [[kind(2), kind(1), kind(3)], [kind(1), kind(1), kind(2)]]
            tracer.dot(a, b)
            tracer.add(a, b)
            tracer.sub(a, b)
            tracer.scale(kind(3), a)
            tracer.mix(a, b, kind(1) / kind(4) if kind is not int else 0.25)
            tracer.weighted_sum(a, m)
            tracer.norm(a)
            tracer.unit(a)
            tracer.normalize(a)
            tracer.softmax(a)
            tracer.transpose(m)
            tracer.matmul(m, n)
            tracer.normalize_rows(m)
            tracer.compare(m, m)
            tracer.say("a is {}", a)
    return trace
