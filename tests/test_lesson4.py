"""Lesson 4: every claim it prints holds in its own trace and in a computation by hand."""

import json
import math
from fractions import Fraction

import pytest

from tracer import cli, database

DEMO = json.loads(database.DEMO.read_text())["words"]
WORDS = ["Evan's", "dog", "Riley", "is", "so", "hyper", "she", "never", "stops", "moving"]


@pytest.fixture(scope="module")
def trace():
    return cli.record(cli.lesson_module("lesson4"), None)


def steps(trace, op):
    return [s for s in trace if s.op == op]


def said(trace, start):
    """Return the values of the one sentence that begins with `start`."""
    found = [s.args for s in steps(trace, "say") if s.result.startswith(start)]
    assert len(found) == 1, start
    return tuple(list(v) if isinstance(v, tuple) else v for v in found[0])  # stored frozen


def key(word):
    return [Fraction(x) for x in DEMO[word]["key"]]


def fmt(x):
    return f"{float(x):.3f}"


def test_a_negative_relevance_exists_and_is_the_one_named(trace):
    relevances = steps(trace, "matmul")[0]
    assert relevances.names == ("K", "Kᵀ")
    lowest = min(min(row) for row in relevances.result)
    assert lowest < 0
    a, b, value, negatives, cells = said(trace, "k_{} · k_{} = {}")
    assert value == lowest == relevances.result[WORDS.index(a)][WORDS.index(b)]
    assert negatives == sum(x < 0 for row in relevances.result for x in row) > 0
    assert cells == 100
    # by hand, in exact arithmetic: hyper's key against never's is -24/65
    assert (a, b) == ("hyper", "never")
    assert sum(x * y for x, y in zip(key(a), key(b))) == Fraction(-24, 65)
    assert math.isclose(value, -24 / 65, abs_tol=1e-15)


def test_dividing_by_the_plain_sum_leaves_0_to_1(trace):
    full = steps(trace, "normalize")[0]
    word, outside, total, partner, weight = said(trace, "Divide {}'s relevances")
    assert outside == sum(not 0 <= w <= 1 for w in full.result) > 0
    assert total == len(full.result)
    assert weight == full.result[WORDS.index(partner)] < 0


def test_a_sum_near_zero_blows_the_weights_up(trace):
    blown = steps(trace, "normalize")[1]
    total, weights, largest, _ = said(trace, "Their sum is {}")
    assert blown.count() == 2 * len(blown.args[0])
    assert [t.total for t in blown.terms()][len(weights) - 1] == total
    assert abs(total) < 0.01 and largest > 1
    assert weights == list(blown.result)
    assert largest == max(abs(w) for w in blown.result)
    # by hand: hyper against Evan's, never and stops adds up to -1/585
    group = said(trace, "Worse: suppose")[1].split(", ")
    exact = [sum(x * y for x, y in zip(key("hyper"), key(w))) for w in group]
    assert sum(exact) == Fraction(-1, 585)
    assert [float(x / sum(exact)) for x in exact] == pytest.approx(weights, abs=1e-9)


def test_softmax_weights_are_positive_and_add_up_to_1(trace):
    fixed = steps(trace, "softmax")[0]
    weights, positive, total, sum_ = said(trace, "The weights are now {}")
    assert weights == list(fixed.result) and all(w > 0 for w in weights)
    assert positive == total == len(weights)
    assert abs(sum_ - 1) <= 1e-15
    assert [t.kind for t in fixed.terms()] == ["exp"] * 3 + ["divide"] * 3
    every_row = steps(trace, "softmax_rows")[0]
    assert len(every_row.result) == 10
    assert all(w > 0 for row in every_row.result for w in row)
    for row in every_row.result:
        assert abs(sum(row) - 1) <= 1e-12
    cells, smallest, low, high = said(trace, "Softmax for every word at once")
    assert smallest == min(min(row) for row in every_row.result)
    assert abs(low - 1) <= 1e-12 and abs(high - 1) <= 1e-12


def test_unscaled_softmax_gets_peaked_as_vectors_grow(trace):
    found = {}
    for n in (4, 64):
        found[n] = [s.args for s in steps(trace, "say")
                    if s.result.startswith("With {} components") and s.args[0] == n][0]
    (_, _, _, plain4, _, root4, scaled4) = found[4]
    (_, _, _, plain64, _, root64, scaled64) = found[64]
    assert root4 == 2 and root64 == 8
    assert plain64 > plain4 and plain64 > 0.99
    assert scaled64 < 0.5 and scaled4 < 0.5
    assert said(trace, "A dot product adds")[:3] == ("rose", plain4, plain64)
    roots = steps(trace, "root")
    assert [(r.args[0], r.result, r.rounded) for r in roots] == [
        (4, 2, False), (64, 8, False), (4, 2, False)]
    # the largest weights printed are the largest in the one-row softmax steps
    peaks = [max(s.result[0]) for s in steps(trace, "softmax_rows")
             if len(s.result) == 1]
    assert peaks == [plain4, scaled4, plain64, scaled64]
    scaled = [s for s in steps(trace, "divide_matrix")]
    assert [s.args[1] for s in scaled] == [2, 8]


def test_the_broadcast_replay_is_what_numpy_computes(trace):
    np = pytest.importorskip("numpy")
    wrong = steps(trace, "broadcast_divide")[0]
    rows = np.array(wrong.args[0])
    assert np.max(np.abs(np.array(wrong.result) - rows / rows.sum(axis=1))) <= 1e-15
    right = steps(trace, "normalize_rows")[0]
    assert np.max(np.abs(np.array(right.result)
                         - rows / rows.sum(axis=1, keepdims=True))) <= 1e-15


def test_the_broadcast_claims_hold(trace):
    wrong = steps(trace, "broadcast_divide")[0]
    first, wrong_sums, right_sums = steps(trace, "row_sums")[-3:]
    assert wrong.args[1] == first.result
    for t in wrong.terms():  # each cell divided by the sum of row j
        assert t.y == first.result[t.at[1]]
    r, c, by, by_word, own, became, instead = said(trace, "NumPy lines the sums up")
    i, j = WORDS.index(r), WORDS.index(c)
    assert i != j and by == first.result[j] and own == first.result[i]
    assert became == wrong.result[i][j] and became > 1
    listed, missing, rows, correct = said(trace, "The rows of that result")
    assert listed == list(wrong_sums.result)
    assert missing == sum(abs(s - 1) > 1e-12 for s in listed) == rows == 3
    assert all(abs(s - 1) <= 1e-12 for s in correct)


def test_lesson4_runs_to_the_end_within_60_columns(monkeypatch, capsys):
    monkeypatch.setenv("COLUMNS", "60")
    assert cli.main(["lesson4", "--no-pause", "--plain"]) == 0
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) <= 60
    text = " ".join(out.split())
    assert f"k_hyper . k_never = {fmt(Fraction(-24, 65))}." in text
    assert "Their sum is -0.0017, so the weights are [-80.000, 216.000, -135.000]" in text


@pytest.mark.parametrize("extra", [["--exact"], ["--sentence", "Hello"],
                                   ["--sentence", "the cat sat on the mat"]])
def test_lesson4_runs_in_exact_mode_and_on_other_sentences(extra, capsys):
    assert cli.main(["lesson4", "--no-pause", "--plain", *extra]) == 0
    capsys.readouterr()
