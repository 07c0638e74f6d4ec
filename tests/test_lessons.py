"""The lessons run to the end, print what the engine computes, and read as expected."""

import importlib.util
import json
import os
from fractions import Fraction
from pathlib import Path

import pytest

from tracer import cli, database

EXPECTED = Path(__file__).with_name("expected")
DEMO = json.loads(database.DEMO.read_text())["words"]
WORDS = ["Evan's", "dog", "Riley", "is", "so", "hyper", "she", "never", "stops", "moving"]


def transcript(capsys, *args):
    assert cli.main([*args, "--no-pause", "--plain"]) == 0
    out, err = capsys.readouterr()
    return out


def exact(word, kind):
    return [Fraction(x) if isinstance(x, str) else Fraction(str(x))
            for x in DEMO[word][kind]]


def fmt(x):
    return f"{float(x):.3f}"


@pytest.fixture(autouse=True)
def narrow(monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")


@pytest.mark.parametrize("lesson", cli.LESSONS)
def test_walkthrough_matches_expected_text(lesson, capsys):
    out = transcript(capsys, lesson)
    expected = EXPECTED / f"{lesson}.txt"
    if os.environ.get("TRACER_WRITE_EXPECTED"):
        expected.write_text(out)
    if lesson == "lesson4" and importlib.util.find_spec("numpy") is None:
        # The expected text ends with NumPy's own lines; without NumPy the lesson ends
        # saying so instead, and every line before stays as it is.
        return without_numpy(out.splitlines(), expected.read_text().splitlines())
    assert out == expected.read_text()


def without_numpy(out, want):
    """Check lesson 4 without NumPy: the expected lines up to NumPy's part, then a note."""
    start = want.index("NumPy is installed, so run its own two lines on the same")
    assert out == want[:start] + [
        "NumPy is not installed here, so only the replay ran. With",
        "NumPy, this lesson also runs its two lines and compares",
        "them with the replay."]


@pytest.mark.parametrize("lesson", cli.LESSONS)
def test_no_line_is_wider_than_the_terminal(lesson, capsys):
    out = transcript(capsys, lesson)
    assert max(len(line) for line in out.splitlines()) <= 60


def test_lesson3_prints_the_attention_a_hand_computation_gives(capsys):
    out = transcript(capsys, "lesson3")
    Q = [exact(w, "query") for w in WORDS]
    K = [exact(w, "key") for w in WORDS]
    V = [exact(w, "value") for w in WORDS]
    rel = [[sum(q * k for q, k in zip(qr, kr)) for kr in K] for qr in Q]
    weights = [[x / sum(row) for x in row] for row in rel]
    new_V = [[sum(w * v[j] for w, v in zip(row, V)) for j in range(4)] for row in weights]
    riley = WORDS.index("Riley")
    assert ["Riley"] + [fmt(x) for x in new_V[riley]] in [ln.split() for ln in out.splitlines()]
    assert f"= {fmt(rel[riley][1])}" in out  # q_Riley · k_dog, the last running sum
    assert f"Riley attending to dog is q_Riley . k_dog = {fmt(rel[riley][1])}" in out
    mirror = sum(rel[i][j] != rel[j][i] for i in range(10) for j in range(10))
    assert f"{mirror} of 100 relevances differ from their mirror" in out.replace("\n", " ")


def test_lesson2_finds_the_key_relevances_symmetric(capsys):
    out = " ".join(transcript(capsys, "lesson2").split())
    assert "0 of 100 cells differ from their mirror" in out
    assert "0 of 4 components changed: with relevance 1" in out
    k_riley, k_dog = exact("Riley", "key"), exact("dog", "key")
    relevance = sum(a * b for a, b in zip(k_riley, k_dog))
    assert f"The relevance of Riley and dog is the dot product of their keys: " \
           f"{fmt(relevance)}." in out


def test_lesson1_mixes_a_quarter_of_dog_into_riley(capsys):
    out = " ".join(transcript(capsys, "lesson1").split())
    riley, dog = exact("Riley", "value"), exact("dog", "value")
    mixed = [Fraction(3, 4) * a + Fraction(1, 4) * b for a, b in zip(riley, dog)]
    assert f"moved from [{', '.join(map(fmt, riley))}] to " \
           f"[{', '.join(map(fmt, mixed))}]" in out


def test_every_lesson_trace_ends_each_dot_on_its_result():
    for name in cli.LESSONS:
        trace = cli.record(cli.lesson_module(name), None)
        for step in trace.steps:
            if step.op == "dot":
                assert list(step.terms())[-1].total == step.result
            if step.op == "matmul":
                for c in range(step.cells()):
                    i, j = step.cell_key(c)
                    assert step.cell_terms(c)[-1].total == step.result[i][j]


@pytest.mark.parametrize("lesson", cli.LESSONS)
def test_every_operation_says_why_it_runs_and_every_idea_has_a_section(lesson):
    trace = cli.record(cli.lesson_module(lesson), None)
    silent = [(s.op, s.line) for s in trace if s.op != "say" and not s.why]
    assert silent == []
    assert all(isinstance(s.why, str) and s.why.endswith((".", "?")) for s in trace
               if s.op != "say")
    titles = [t for t, _ in trace.sections]
    assert len(titles) >= 3 and len(set(titles)) == len(titles)
    starts = [i for _, i in trace.sections]
    assert starts[0] == 0 and starts == sorted(starts) and starts[-1] < len(trace)
