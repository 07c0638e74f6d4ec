"""The benchmark (bench/run.py): interleaved runs, and exit 1 when a figure misses."""

import importlib.util

import pytest

from helpers import ROOT


# The benchmark fails when a figure misses its target.

def bench_module():
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return bench


def test_the_benchmark_exits_1_when_a_figure_misses(monkeypatch, capsys):
    bench = bench_module()
    meets = [lambda: bench.report("overhead", 1.0, 2.0, "x", (0.9, 1.1)),
             lambda: bench.report("load", 2.0, 3.0, "x")]
    monkeypatch.setattr(bench, "FIGURES", meets)
    assert bench.main([]) == 0
    monkeypatch.setattr(bench, "FIGURES", meets + [
        lambda: bench.report("memory", 40.0, 32, " B"), meets[0]])
    assert bench.main([]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 9
    assert lines[1].split() == ["overhead", "1x", "target", "<=", "2.0x", "meets", "(min",
                                "0.9,", "max", "1.1)"]
    assert lines[6].endswith("MISSES") and "meets" in lines[7]
    assert lines[8] == "1 figure missed"


def test_the_benchmark_interleaves_at_least_7_runs():
    bench = bench_module()
    calls = []
    ratios, ta, tb = bench.interleaved(lambda: calls.append("a"), lambda: calls.append("b"))
    assert calls == ["a", "b"] * 7 and len(ratios) == len(ta) == len(tb) == 7


def test_the_benchmark_times_every_lesson_s_first_screen_and_attention(monkeypatch):
    pytest.importorskip("pty", reason="first screens are timed in a pseudo-terminal")
    pytest.importorskip("rich.console", reason="first screens are timed against rich")
    bench = bench_module()
    named = []
    class Timer:
        def __init__(self, argv, marker=None):
            self.argv = argv

        def __call__(self):
            return 0.1
    monkeypatch.setattr(bench, "screen_timer", Timer)
    monkeypatch.setattr(bench, "ratio_figure", lambda name, a, b, target: named.append(
        (name, b.argv[3:])))
    bench.first_screens()
    from tracer.lesson_trace import LESSONS
    assert [args for _, args in named] == [[name] for name in LESSONS] + [
        ["lesson4", "--exact"]]
    runs = [f for f in bench.FIGURES if f.__name__ == "<lambda>"]
    assert {bench.first_screens, bench.page_presses, bench.lesson6} <= set(bench.FIGURES)
    assert len(runs) == 2 * len(bench.SIZES) + 2 * len(bench.ATTENTION)


def test_every_timed_key_press_is_at_a_different_position():
    bench = bench_module()
    from tracer.play.walk import Walk
    trace, figures = bench.big_steps()
    walk = Walk(trace)
    for name, steps in figures:
        positions = [p for i in steps for p in bench.presses(walk, i)]
        assert len(positions) == len(set(positions)) >= 7, name
