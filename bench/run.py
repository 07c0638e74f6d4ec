"""Benchmark: what recording costs, how big a trace is, how fast a key press, a load,
exact mode and a transcript are, each beside its target.

Run: python bench/run.py [--quick]   (one line per figure; exits 1 if any figure misses
its target, so it can gate a change)

Every timed figure interleaves its two sides (A, B, A, B, ...) and prints the median
of at least 7 runs with the min and max beside it, so that a noisy neighbour slows both
sides alike. Recording overhead is counted in instructions under callgrind when
valgrind is installed (a count does not depend on the machine's load), else timed.
"""

import argparse
import gc
import math
import operator
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import tracer  # noqa: E402
from tracer.play.walk import Walk  # noqa: E402

SIZES = ((10, 4), (64, 16), (128, 16), (256, 64))  # words × length of each vector
RUNS = [7]  # runs per timed figure (never fewer than 7: a median of 3 flatters)
MISSED = []  # the figures that missed their targets
WIDTH, HEIGHT = 100, 35  # the screen a key press redraws


# Reporting

def report(name, value, target, unit="", spread=None, note=""):
    """Print one figure beside its target; remember it if it missed."""
    ok = "meets" if value <= target else "MISSES"
    extra = f"  (min {spread[0]:.3g}, max {spread[1]:.3g})" if spread else ""
    print(f"{name:<50} {value:9.3g}{unit:<3} target <= {target}{unit}   {ok}"
          f"{extra}{'  ' + note if note else ''}", flush=True)
    if value > target:
        MISSED.append(name)


def median_of(xs):
    """Return the median of xs with its min and max."""
    return statistics.median(xs), (min(xs), max(xs))


def seconds(f):
    """Return how long one call of f takes, in seconds, after collecting garbage."""
    gc.collect()
    t = time.perf_counter()
    f()
    return time.perf_counter() - t


def interleaved(a, b, runs=None, budget=60.0):
    """Return (ratio b/a per run, a's times, b's times), a and b run turn about.

    A side slower than the budget stops after fewer runs, which the caller reports.
    """
    ta, tb, start = [], [], time.perf_counter()
    for _ in range(runs or RUNS[0]):
        ta.append(seconds(a))
        tb.append(seconds(b))
        if time.perf_counter() - start > budget:
            break
    return [y / x for x, y in zip(ta, tb)], ta, tb


def ratio_figure(name, a, b, target, budget=60.0):
    """Report b's time over a's, interleaved, as a median ratio with its spread."""
    ratios, ta, tb = interleaved(a, b, budget=budget)
    value, spread = median_of(ratios)
    note = f"{statistics.median(ta) * 1000:.0f} ms against {statistics.median(tb) * 1000:.0f} ms"
    if len(ratios) < RUNS[0]:
        note += f"; only {len(ratios)} runs within {budget:.0f} s"
    report(name, value, target, "x", spread, note)


# The two sides of the recording figures: plain Python a learner would write, and tracer

def matrix(rng, rows, cols):
    return [[rng.random() + 0.1 for _ in range(cols)] for _ in range(rows)]


def plain_attention(Q, K, V):
    """Attention over Python lists as a learner writes it fast: no recording at all."""
    mul = operator.mul
    rel = [[sum(map(mul, q, k)) for k in K] for q in Q]
    weights = []
    for row in rel:
        s = sum(row)
        weights.append([x / s for x in row])
    cols = list(zip(*V))
    return [[sum(map(mul, w, c)) for c in cols] for w in weights]


def plain_softmax(Q, K, V, mask=None):
    """Scaled softmax attention as a learner writes it fast, with sum(map(mul)) and exp."""
    mul, d = operator.mul, math.sqrt(len(Q[0]))
    weights = []
    for i, q in enumerate(Q):
        row = [sum(map(mul, q, k)) / d for k in K]
        allowed = mask[i] if mask else [True] * len(row)
        top = max(x for x, a in zip(row, allowed) if a)
        es = [math.exp(x - top) if a else 0.0 for x, a in zip(row, allowed)]
        s = sum(es)
        weights.append([e / s for e in es])
    cols = list(zip(*V))
    return [[sum(map(mul, w, c)) for c in cols] for w in weights]


def traced_softmax(Q, K, V, mask=None):
    with tracer.recording() as trace:
        out = tracer.attention(Q, K, V, mask)
    return out, trace


def causal(n):
    return [[j <= i for j in range(n)] for i in range(n)]


def traced_attention(Q, K, V):
    with tracer.recording() as trace:
        weights = tracer.normalize_rows(tracer.matmul(Q, tracer.transpose(K)))
        out = tracer.matmul(weights, V)
    return out, trace


def inputs(words, n, seed=1):
    rng = random.Random(seed)
    return [matrix(rng, words, n) for _ in range(3)]


# Recording overhead

COUNT_CHILD = """
import sys
sys.path.insert(0, {root!r})
from bench.run import *
args = inputs({words}, {n})
args += [causal({words})] if {masked} else []
side = {side}
side(*args)  # once outside the count: first calls import and warm caches
call = compile("side(*args)", "call", "eval")  # compiled here, outside the count
[eval(call) for _ in range({reps})]
"""


def instructions(side, words, n, reps, masked=False):
    """Return the instructions callgrind counts inside `reps` calls of side."""
    code = COUNT_CHILD.format(root=str(ROOT), side=side, words=words, n=n, reps=reps,
                              masked=masked)
    # Only code under builtin eval is counted: the calls above, not start-up or setup.
    cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
           "--collect-atstart=no", "--toggle-collect=builtin_eval",
           sys.executable, "-c", code]
    env = dict(os.environ, PYTHONHASHSEED="0")
    done = subprocess.run(cmd, capture_output=True, text=True, env=env)
    for line in done.stderr.splitlines():
        if "Collected :" in line:
            return int(line.split(":")[-1])
    raise RuntimeError(f"callgrind gave no count: {done.stderr[-300:]}")


def overhead(words, n):
    """Report recording's cost against plain Python: instructions, else seconds."""
    name = f"recording overhead, {words}×{n}"
    Q, K, V = inputs(words, n)
    if traced_attention(Q, K, V)[0] != plain_attention(Q, K, V):
        # sum() may round differently (it compensates from Python 3.12): say so
        print(f"  note: plain and traced results differ in the last bits at {words}×{n}")
    if shutil.which("valgrind") and words * words * n <= 128 * 128 * 16:
        reps = max(1, 64 * 64 * 16 // (words * words * n))  # about the same work each
        base = {s: instructions(s, words, n, 0) for s in ("plain_attention",
                                                           "traced_attention")}
        counts = {s: (instructions(s, words, n, reps) - base[s]) / reps for s in base}
        ratio = counts["traced_attention"] / counts["plain_attention"]
        report(name + " (instructions)", ratio, 2.0, "x", note=(
            f"{counts['plain_attention']:,.0f} against {counts['traced_attention']:,.0f} "
            "per call; callgrind counts repeat exactly"))
    else:
        ratio_figure(name + " (seconds)", lambda: plain_attention(Q, K, V),
                     lambda: traced_attention(Q, K, V), 2.0)


# Memory

def stored_values(x):
    """Return how many numbers x holds, counting each place a number is stored."""
    if isinstance(x, (list, tuple)):
        return sum(map(stored_values, x))
    return 1 if isinstance(x, (int, float)) or hasattr(x, "denominator") else 0


ATTENTION = ((10, 4), (64, 16), (64, 64))  # words × length: tracer.attention's figures


def attention(words, n, masked):
    """Report recording tracer.attention against plain softmax attention, in instructions."""
    name = f"tracer.attention{', masked' if masked else ''}, {words}×{n}"
    args = inputs(words, n) + ([causal(words)] if masked else [])
    if traced_softmax(*args)[0] != plain_softmax(*args):
        print(f"  note: plain and traced attention differ in the last bits at {words}×{n}")
    if not shutil.which("valgrind"):
        print(f"{name:<50} skipped: valgrind is not installed (apt-get install valgrind)")
        return
    reps = max(1, 64 * 64 * 16 // (words * words * n))
    counts = {s: (instructions(s, words, n, reps, masked) -
                  instructions(s, words, n, 0, masked)) / reps
              for s in ("plain_softmax", "traced_softmax")}
    report(name + " (instructions)", counts["traced_softmax"] / counts["plain_softmax"],
           2.0, "x", note=f"{counts['plain_softmax']:,.0f} against "
           f"{counts['traced_softmax']:,.0f} per call")


def memory(words, n):
    """Report the bytes a trace holds per stored number, and its peak per term."""
    Q, K, V = inputs(words, n, seed=2)
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    out, trace = traced_attention(Q, K, V)
    del out
    gc.collect()
    held, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    held -= before
    peak -= before
    values = sum(stored_values(s.args) + stored_values(s.result) for s in trace.steps)
    report(f"bytes per stored value, {words}×{n} ({values:,} values)", held / values,
           40, " B", note="a float and the pointer to it take 32 B")
    report(f"bytes per term at peak, {words}×{n} ({trace.count():,} terms)",
           peak / trace.count(), 32, " B")


# A million terms: record, jump end to end, redraw

def million():
    """Report recording a 1M-term trace, jumping to its end and redrawing, against plain."""
    Q, K, V = inputs(250, 8, seed=3)
    draw = []

    def traced():
        trace = traced_attention(Q, K, V)[1]
        walk = Walk(trace)  # numbering the terms is part of a jump
        render = renderer(trace, walk)
        render(1)
        render(walk.total)
        draw.append(trace.count())

    ratio_figure("1M terms: record, jump to the end, redraw / plain",
                 lambda: plain_attention(Q, K, V), traced, 2.0)
    print(f"  ({draw[-1]:,} terms)")


def renderer(trace, walk, title="bench"):
    """Return draw(pos) at 100×35: the rich view where it can run, else the plain one."""
    try:
        from tracer.view.rich_view import RichView
        view = RichView(open(os.devnull, "w"), ascii=False)
    except ImportError:
        from tracer.view import PlainView
        view = PlainView(open(os.devnull, "w"))
    draw = view.screen_renderer(trace, walk, title, 3)
    return lambda pos: draw(pos, WIDTH, HEIGHT, ("guided", None))  # the default pacing


# Key presses

def big_steps():
    """Return a trace of the steps the key-press figure redraws, and each figure's name
    with the steps it times."""
    rng = random.Random(4)
    a = [rng.uniform(-1, 1) for _ in range(4000)]
    b = [rng.uniform(-1, 1) for _ in range(4000)]
    tall, wide = matrix(rng, 1000, 1), matrix(rng, 1, 1000)
    squares = [matrix(rng, 500, 500) for _ in range(RUNS[0])]
    with tracer.recording() as trace:
        tracer.dot(a, b)
        tracer.softmax(a)
        tracer.matmul(tall, wide)
        # A transpose has no terms, so one position: time several, one each.
        flipped = [tracer.transpose(m) for m in squares]
        tracer.compare(squares[0], flipped[0])
    n = len(squares)
    figures = [("dot product, length 4,000", [0]), ("softmax, length 4,000", [1]),
               ("1000×1000 matmul result (1M terms)", [2]),
               (f"500×500 transpose ({n} of them)", list(range(3, 3 + n))),
               ("500×500 compare", [3 + n])]
    return trace, figures


def presses(walk, i, samples=40):
    """Return positions a learner reaches on step i, each once: jumps across it, then
    steps forward from its middle, then the positions just before its end."""
    first = walk.ends[i - 1] + 1 if i else 1
    last = walk.ends[i]
    n = last - first + 1
    jumps = [first + (n - 1) * k // (samples - 1) for k in range(samples)]
    middle = first + n // 2
    steps = list(range(middle, min(last, middle + samples) + 1))
    end = list(range(max(first, last - samples), last + 1))
    return list(dict.fromkeys(jumps + steps + end))  # a position timed twice is cached


def keypress():
    """Report the 95th percentile of a redraw on each big step and on a 60-word lesson."""
    trace, figures = big_steps()
    walk = Walk(trace)
    draw = renderer(trace, walk)
    for name, steps in figures:
        positions = [p for i in steps for p in presses(walk, i)]
        press_figure(f"key press p95: {name}", draw, positions)
    # A trace read from a file shares no object with another: nothing found for one
    # step serves the next. The 1000×1 @ 1×1000 product, saved and replayed.
    product = tracer.Trace([s for s in trace.steps if s.op == "matmul"])
    loaded = tracer.Trace.from_json(product.to_json())
    walk = Walk(loaded)
    press_figure("key press p95: 1000×1000 matmul, replayed from a file",
                 renderer(loaded, walk), presses(walk, 0))
    sentence = " ".join(f"word{i}" for i in range(60))
    trace = tracer.lesson("lesson3", sentence=sentence)
    walk = Walk(trace)
    draw = renderer(trace, walk, "lesson3")
    positions = list(dict.fromkeys([*range(1, walk.total + 1, max(1, walk.total // 400)),
                                    walk.total]))
    press_figure("key press p95: lesson3, 60 words, every step", draw, positions)


def percentile95(times):
    """Return the 95th percentile of times in seconds, in ms; inclusive: the 95th
    percentile of a few presses lies between them, never beyond."""
    return 1000 * (statistics.quantiles(times, n=20, method="inclusive")[-1]
                   if len(times) > 1 else times[0])


def press_figure(name, draw, positions, budget=15.0):
    """Time draw at each position in turn; report the 95th percentile in ms."""
    times, cpu, start = [], [], time.perf_counter()
    gc.freeze()  # as the player does while it runs: collections skip the trace
    for pos in positions:
        t, c = time.perf_counter(), time.thread_time()
        draw(pos)
        times.append(time.perf_counter() - t)
        cpu.append(time.thread_time() - c)
        if time.perf_counter() - start > budget and len(times) >= 7:
            break
    gc.unfreeze()
    p95 = percentile95(times)
    # Beside it the processor time the presses took: on a busy machine the wall-clock
    # figure also counts the time other programs held the processor.
    note = f"{len(times)} presses; processor time p95 {percentile95(cpu):.3g} ms"
    if len(times) < len(positions):
        note += f" of {len(positions)}: stopped after {budget:.0f} s"
    report(name, p95, 16, " ms", (min(times) * 1000, max(times) * 1000), note)


# Loading

def load():
    """Report to_json against json.dumps, from_json against json.loads, at 1M terms."""
    import json
    from tracer.files.trace_file import FIELDS, FORMAT, OPTIONAL, VERSION, encode
    trace = traced_attention(*inputs(250, 8, seed=5))[1]
    text = trace.to_json()
    assert tracer.Trace.from_json(text).steps == trace.steps
    # the same nested data as plain lists, as a program without tracer would hold it
    data = {"format": FORMAT, "version": VERSION, "steps": [
        {f: encode(getattr(s, f)) for f in FIELDS + OPTIONAL} for s in trace.steps]}
    terms = f"{trace.count():,} terms"
    ratio_figure(f"to_json / json.dumps ({terms})",
                 lambda: json.dumps(data, ensure_ascii=False, allow_nan=False),
                 trace.to_json, 1.5, budget=90)
    # from_json may cost 2x json.loads plus the checks the format needs: each step's
    # result recomputed from its operands (replay shows only what its arithmetic gives)
    from tracer.step import OPS, paused
    loaded = tracer.Trace.from_json(text)

    def checks():
        with paused():
            for s in loaded.steps:
                OPS[s.op].redo(s)
    ratios = []
    for _ in range(RUNS[0]):
        took = [seconds(f) for f in (lambda: json.loads(text),
                                     lambda: tracer.Trace.from_json(text), checks)]
        ratios.append((took[1] - took[2]) / took[0])
    value, spread = median_of(ratios)
    report(f"(from_json - checks) / json.loads ({terms})", value, 2.0, "x", spread,
           f"checks: recomputing every step, {took[2] * 1000:.0f} ms of "
           f"{took[1] * 1000:.0f} ms")


# Whole commands

def command(*args):
    """Return a function that runs `python -m tracer ARGS` with its output to a file."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("COLUMNS", None)

    def run():
        with tempfile.TemporaryFile() as sink:
            subprocess.run([sys.executable, "-m", "tracer", *args], stdout=sink,
                           stderr=subprocess.DEVNULL, env=env, check=True)
    return run


def exact():
    """Report lesson 4 on 60 words with --exact against the float run."""
    sentence = " ".join(f"word{i}" for i in range(60))
    args = ("lesson4", "--sentence", sentence, "--no-pause")
    ratio_figure("lesson4 --exact / float, 60 words, to a file", command(*args),
                 command(*args, "--exact"), 2.5, budget=120)


def transcript():
    """Report --no-pause to a file against --plain, and the start-up against rich's."""
    ratio_figure("lesson5 --no-pause / --plain, to a file",
                 command("lesson5", "--plain"), command("lesson5", "--no-pause"), 1.5)
    sentence = " ".join(f"word{i}" for i in range(60))
    ratio_figure("lesson3 --no-pause / --plain, 60 words, to a file",
                 command("lesson3", "--plain", "--sentence", sentence),
                 command("lesson3", "--no-pause", "--sentence", sentence), 1.5)
    rich = subprocess.run([sys.executable, "-c", "import rich.console"]).returncode == 0
    if rich:
        ratio_figure("start-up: lesson3 to a file / importing rich",
                     lambda: subprocess.run([sys.executable, "-c", "import rich.console"]),
                     command("lesson3", "--no-pause"), 3.0)


def lesson6():
    """Report lesson 6's first screen in a terminal (≤ 0.5 s) and its whole recording (≤ 3 s)."""
    record = lambda: tracer.lesson("lesson6")  # noqa: E731
    record()  # once outside the timing: the first call imports the lesson
    times = [seconds(record) for _ in range(RUNS[0])]
    value, spread = median_of(times)
    report("lesson6: recording the whole lesson", value, 3.0, " s", spread,
           f"{len(record()):,} steps, training included")
    firsts = [first_screen("lesson6") for _ in range(RUNS[0])]
    value, spread = median_of(firsts)
    report("lesson6: first screen in an 80x24 terminal", value, 0.5, " s", spread,
           "from starting python -m tracer to the title on screen")


def first_screen(lesson, timeout=30.0):
    """Return the seconds from starting `python -m tracer LESSON` in a pseudo-terminal to
    its title on the screen; then quit it."""
    import pty
    import select
    import struct
    import fcntl
    import termios
    env = dict(os.environ, PYTHONPATH=str(ROOT), TERM="xterm", COLUMNS="80", LINES="24")
    main_fd, child_fd = pty.openpty()
    fcntl.ioctl(child_fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "tracer", lesson], stdin=child_fd,
                             stdout=child_fd, stderr=child_fd, env=env, close_fds=True)
    os.close(child_fd)
    seen, took = b"", None
    try:
        while took is None and time.perf_counter() - start < timeout:
            if select.select([main_fd], [], [], 0.05)[0]:
                try:
                    seen += os.read(main_fd, 65536)
                except OSError:  # the child closed the terminal
                    break
                if lesson.encode() in seen:
                    took = time.perf_counter() - start
        os.write(main_fd, b"q")
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        os.close(main_fd)
    if took is None:
        raise RuntimeError(f"{lesson} showed no first screen within {timeout:.0f} s")
    return took


# The first screen, in a terminal

def screen_timer(argv, marker=b"press 1 of "):
    """Return a function that runs argv in a pty at 100×35 and returns the seconds until
    marker appears on the screen (None: until the program ends), then quits it."""
    import pty
    import select
    import signal
    env = dict(os.environ, PYTHONPATH=str(ROOT), TERM="xterm-256color")
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: bytecode cached

    def run():
        start = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:  # the child: the program, with the pty as its terminal
            try:
                import fcntl
                import struct
                import termios
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", HEIGHT, WIDTH, 0, 0))
                os.execve(argv[0], argv, env)
            finally:
                os._exit(127)
        seen, took = b"", None
        try:
            while select.select([fd], [], [], 30)[0]:
                try:
                    data = os.read(fd, 65536)
                except OSError:  # the child ended
                    data = b""
                if not data:
                    break
                seen += data
                if marker and marker in seen:
                    took = time.perf_counter() - start
                    break
        finally:
            if took is None and marker is None:
                took = time.perf_counter() - start
            if marker:
                os.kill(pid, signal.SIGTERM)
            os.waitpid(pid, 0)
            os.close(fd)
        if took is None:
            raise RuntimeError(f"{' '.join(argv[2:])} never showed {marker!r}")
        return took
    return run


def first_screens():
    """Report each lesson's first screen in a pty against `python -c "import rich.console"`."""
    try:
        import pty  # noqa: F401
        import rich.console  # noqa: F401
    except ImportError as e:
        print(f"{'first screens':<50} skipped: {e.name} is missing here")
        return
    from tracer.lesson_trace import LESSONS  # lesson6 and any later one too
    rich = screen_timer([sys.executable, "-c", "import rich.console"], marker=None)
    for args in [(name,) for name in LESSONS] + [("lesson4", "--exact")]:
        lesson = screen_timer([sys.executable, "-m", "tracer", *args])
        lesson()  # once untimed: writes the bytecode the timed runs read
        ratio_figure(f"first screen in a pty: {' '.join(args)} / rich", rich, lesson,
                     3.0)


# A key press in the page, in headless Chromium

CHROMIUM = "/usr/bin/chromium"
# A press's work: its handler, then the rendering of the frame that shows it (from that
# frame's animation callback to the task after it), without the wait for the frame:
# two frames at 60 Hz take 17-33 ms whatever a press does, which a target of 16 ms
# could never meet. The press to the frame's end, wait included, is given beside it.
PRESS_JS = """async () => {
  const t = performance.now();
  document.dispatchEvent(new KeyboardEvent("keydown", {key: "n", bubbles: true}));
  const handled = performance.now() - t;
  const frame = await new Promise(r => requestAnimationFrame(() => {
    const at = performance.now(); setTimeout(() => r(at), 0); }));
  return [handled + performance.now() - frame, performance.now() - t];
}"""


def page_presses():
    """Report the 95th percentile of a key press's work in the page, in Chromium."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print(f"{'key press in the page':<50} skipped: playwright is not installed")
        return
    if not os.path.exists(CHROMIUM):
        print(f"{'key press in the page':<50} skipped: no Chromium at {CHROMIUM}")
        return
    sentence = " ".join(f"word{i}" for i in range(60))
    p95 = lambda xs: 1000 * statistics.quantiles(xs, n=20, method="inclusive")[-1]  # noqa
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--no-first-run"])
        try:
            for name in ("lesson3", "lesson5"):
                path = Path(folder) / f"{name}.html"
                tracer.lesson(name, sentence=sentence).save_html(str(path))
                page = browser.new_page(viewport={"width": 1280, "height": 800})
                page.goto(path.as_uri())
                took = [page.evaluate(PRESS_JS) for _ in range(60)]
                page.close()
                work, painted = ([t[k] / 1000 for t in took] for k in (0, 1))
                report(f"page key press p95: {name}, 60 words, work", p95(work), 16, " ms",
                       (min(work) * 1000, max(work) * 1000),
                       f"{len(work)} presses, each to a new position; to the frame's end, "
                       f"its wait included: p95 {p95(painted):.0f} ms")
        finally:
            browser.close()


FIGURES = [
    *(lambda w=w, n=n: overhead(w, n) for w, n in SIZES),
    *(lambda w=w, n=n: memory(w, n) for w, n in SIZES),
    *(lambda w=w, n=n, m=m: attention(w, n, m) for w, n in ATTENTION for m in (False, True)),
    million, keypress, load, exact, transcript, first_screens, lesson6, page_presses,
]


def main(argv=None):
    """Print every figure; return 1 if any missed its target, else 0."""
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0]).parse_args(argv)
    MISSED.clear()
    print(f"python {sys.version.split()[0]}, tracer {tracer.__version__}, "
          f"{RUNS[0]} interleaved runs per timed figure")
    for figure in FIGURES:
        figure()
    if MISSED:
        print(f"{len(MISSED)} figure{'s' if len(MISSED) > 1 else ''} missed")
    return 1 if MISSED else 0


if __name__ == "__main__":
    sys.exit(main())
