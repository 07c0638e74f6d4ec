"""Benchmark: what recording costs, how big a trace is, how fast the player redraws.

Run: python bench/run.py   (prints one line per figure, with its target beside it;
exits 1 if any figure misses its target, so it can gate a change)
"""

import gc
import os
import random
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import tracer  # noqa: E402
from tracer.view import PlainView  # noqa: E402
from tracer.view.text import Style  # noqa: E402
from tracer.view.screen import frame  # noqa: E402
from tracer.walk import Walk  # noqa: E402


def matrix(rng, rows, cols):
    return [[rng.random() + 0.1 for _ in range(cols)] for _ in range(rows)]


def plain_dot(a, b):
    """Return a · b over Python lists, added left to right as the engine adds."""
    s = a[0] * b[0]
    for i in range(1, len(a)):
        s += a[i] * b[i]
    return s


def plain_attention(Q, K, V):
    """Attention over Python lists, with no recording, summed in the engine's order."""
    rel = [[plain_dot(q, k) for k in K] for q in Q]
    weights = []
    for row in rel:
        s = row[0]
        for x in row[1:]:
            s += x
        weights.append([x / s for x in row])
    cols = list(zip(*V))
    return [[plain_dot(w, c) for c in cols] for w in weights]


def traced_attention(Q, K, V):
    with tracer.recording() as trace:
        weights = tracer.normalize_rows(tracer.matmul(Q, tracer.transpose(K)))
        out = tracer.matmul(weights, V)
    return out, trace


def best(f, *args, repeat=5):
    """Return the fastest of several runs of f(*args), in seconds."""
    times = []
    for _ in range(repeat):
        gc.collect()
        t = time.perf_counter()
        f(*args)
        times.append(time.perf_counter() - t)
    return min(times)


MISSED = []  # the figures that missed their targets


def report(name, value, target, unit=""):
    ok = "meets" if value <= target else "MISSES"
    print(f"{name:<44} {value:10.2f}{unit}   target <= {target}{unit}   {ok}")
    if value > target:
        MISSED.append(name)


def overhead(words=64, n=16):
    rng = random.Random(1)
    Q, K, V = (matrix(rng, words, n) for _ in range(3))
    assert traced_attention(Q, K, V)[0] == plain_attention(Q, K, V)
    ratio = best(traced_attention, Q, K, V) / best(plain_attention, Q, K, V)
    report(f"recording overhead ({words} words, length {n})", ratio, 2.0, "x")


def memory(words=128, n=16):
    rng = random.Random(2)
    Q, K, V = (matrix(rng, words, n) for _ in range(3))
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    out, trace = traced_attention(Q, K, V)
    del out
    gc.collect()
    held = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    report(f"bytes per recorded term ({trace.count():,} terms)", held / trace.count(),
           32, " B")


def scale(words=250, n=8):
    rng = random.Random(3)
    Q, K, V = (matrix(rng, words, n) for _ in range(3))
    ratio = best(traced_attention, Q, K, V, repeat=2) / best(plain_attention, Q, K, V,
                                                             repeat=2)
    trace = traced_attention(Q, K, V)[1]
    report(f"recording overhead ({trace.count():,} terms)", ratio, 2.0, "x")
    st = Style()
    t = time.perf_counter()
    walk = Walk(trace)  # built inside the timing: numbering the terms is part of a jump
    frame(trace, walk, 1, st, 100, 40)
    frame(trace, walk, walk.total, st, 100, 40)
    report("jump from first to last step, and redraw", (time.perf_counter() - t) * 1000,
           20, " ms")


def startup():
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    def run(*args):
        with open(os.devnull, "w") as sink:
            subprocess.run([sys.executable, *args], stdout=sink, env=env, check=True)
    lesson = best(run, "-m", "tracer", "lesson3", "--no-pause")
    rich = best(run, "-c", "import rich.console")
    report(f"start-up: lesson3 to a file ({lesson * 1000:.0f} ms) / rich", lesson / rich,
           3.0, "x")


def keypress(words=60):
    from tracer import cli
    from types import SimpleNamespace
    sentence = " ".join(f"word{i}" for i in range(words))
    trace = cli.record(cli.lesson_module("lesson3"), SimpleNamespace(sentence=sentence))
    walk = Walk(trace)
    draw = rich_or_plain().screen_renderer(trace, walk, "lesson3", 3)
    times = []
    for pos in range(1, walk.total, max(1, walk.total // 400)):
        t = time.perf_counter()
        draw(walk.forward(pos), 100, 40)
        times.append(time.perf_counter() - t)
    p95 = statistics.quantiles(times, n=20)[-1] * 1000
    report(f"key press redraw, p95 ({words} words, {len(times)} presses)", p95, 16, " ms")


def rich_or_plain():
    try:
        from tracer.view.fancy import RichView
        return RichView(open(os.devnull, "w"), ascii=False)
    except ImportError:
        return PlainView(open(os.devnull, "w"))


def main():
    """Print every figure; return 1 if any missed its target, else 0."""
    MISSED.clear()
    print(f"python {sys.version.split()[0]}, tracer {tracer.__version__}")
    for figure in (overhead, memory, scale, startup, keypress):
        figure()
    return 1 if MISSED else 0


if __name__ == "__main__":
    sys.exit(main())
