"""The benchmark (bench/run.py): interleaved runs, and exit 1 when a figure misses."""

import importlib.util

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
