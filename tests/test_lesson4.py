"""Lesson 4: every claim it prints holds in its own trace and in a computation by hand."""

import json
import math
from fractions import Fraction

import pytest

from tracer import cli
from tracer import word_vectors as database

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
    word, outside, total, partner, weight = said(trace, "Divide the relevances of {}")
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
    cells, smallest, total = said(trace, "Softmax for every word at once")
    assert smallest == min(min(row) for row in every_row.result)
    assert abs(total - 1) <= 1e-12  # every row's sum, all equal but for rounding


def test_softmax_costs_are_read_from_the_focus_row(trace):
    relevances = steps(trace, "matmul")[0].result
    plain = [st for st in steps(trace, "normalize") if st.names == ("relevances of Riley",)]
    soft = steps(trace, "softmax_rows")[0].result[2]
    focus, rel, word, w_plain, w_soft, verdict, moved, top_plain, top_soft, how = said(
        trace, "{} has relevance {} to {}")
    k = WORDS.index(word)
    assert focus == "Riley"
    assert rel == relevances[2][k] == 0
    assert w_plain == plain[0].result[k] == 0 and w_soft == soft[k] > 0
    assert verdict.startswith(" Softmax gives weight even to a word with no relevance")
    assert (top_plain, top_soft) == (max(plain[0].result), max(soft))
    assert moved == "fell" and top_soft < top_plain
    assert how.startswith(" Softmax spreads the weight more evenly")
    # by hand: Riley's key against is's is exactly 0, and e^0 over the row's exponentials
    assert sum(x * y for x, y in zip(key("Riley"), key("is"))) == 0
    row = [sum(x * y for x, y in zip(key("Riley"), key(w))) for w in WORDS]
    assert w_soft == pytest.approx(1 / sum(math.exp(float(r)) for r in row), abs=1e-12)


def test_scaling_is_averaged_over_seeded_draws_by_the_engine(trace):
    lesson = cli.lesson_module("lesson4")
    (p4, s4, rms4, r4), (p64, s64, rms64, r64) = (lesson.averages(n) for n in (4, 64))
    found = said(trace, "Unscaled, the average largest weight")
    assert found == ("rose", p4, 4, p64, 64, rms4, rms64, "close to", 4, 64, r4, r64,
                     "rose", s4, s64, found[-1])
    assert found[-1].startswith("So real attention divides")
    assert p64 - p4 > 0.2 and abs(s64 - s4) < 0.05 and (r4, r64) == (2, 8)
    assert said(trace, "One draw proves little")[0] == lesson.DRAWS == 2000
    # an independent computation with the same seeded draws, in plain Python
    import random
    for n, peak, scaled in ((4, p4, s4), (64, p64, s64)):
        rng = random.Random(lesson.SEED + n)
        tops = [], []
        for _ in range(lesson.DRAWS):
            q = [rng.gauss(0, 1) for _ in range(n)]
            keys = list(zip(*[[rng.gauss(0, 1) for _ in range(lesson.KEYS)]
                              for _ in range(n)]))
            rel = [sum(a * b for a, b in zip(q, k)) for k in keys]
            for out, div in zip(tops, (1, math.sqrt(n))):
                e = [math.exp(r / div) for r in rel]
                out.append(max(e) / sum(e))
        assert peak == pytest.approx(sum(tops[0]) / lesson.DRAWS, abs=1e-9)
        assert scaled == pytest.approx(sum(tops[1]) / lesson.DRAWS, abs=1e-9)


def test_the_kept_averages_are_what_the_draws_give_bit_for_bit():
    lesson = cli.lesson_module("lesson4")
    for n in lesson.SIZES:
        assert lesson.averages(n) == lesson.draw_averages(n)
        assert [type(x) for x in lesson.averages(n)[:3]] == [float] * 3


def test_lesson4_makes_few_operation_calls_and_draws_before_its_first_screen(monkeypatch):
    import random
    from tracer import op
    calls, draws = [], []
    run, gauss = op.run, random.Random.gauss
    monkeypatch.setattr(op, "run", lambda *a: calls.append(a[0].name) or run(*a))
    monkeypatch.setattr(random.Random, "gauss",
                        lambda self, *a: draws.append(1) or gauss(self, *a))
    for exact in (False, True):
        calls.clear(), draws.clear()
        trace = cli.record(cli.lesson_module("lesson4"), type("O", (), {"exact": exact}))
        # every call but the few under paused() is a step of the trace
        print(len(calls), len(trace.steps))
        assert len(calls) <= 60 and len(trace.steps) > 50  # drawn afresh: 20,049 calls
        assert len(draws) == (4 + 6 * 4) + (64 + 6 * 64)  # the one draw of each length shown


def test_unit_keys_are_said_not_to_need_scaling(trace):
    relevances = steps(trace, "matmul")[0].result
    lo, hi, where, focus, moved, before, after, verdict = said(trace, "Our own keys")
    assert (lo, hi) == (min(map(min, relevances)), max(map(max, relevances)))
    assert where == "within" and -1 <= lo and hi <= 1 + 1e-12
    assert before == max(steps(trace, "softmax_rows")[0].result[2])
    scaled = [st for st in steps(trace, "softmax_rows") if len(st.result) == 1][-1]
    assert after == max(scaled.result[0]) < before and moved == "fell"
    assert verdict.startswith("Unit keys do not need the scaling")


def test_corrected_attention_runs_on_the_sentence_beside_lesson_3(trace):
    np = pytest.importorskip("numpy")
    Q = np.array([[float(x) for x in DEMO[w]["query"]] for w in WORDS])
    K = np.array([[float(x) for x in key(w)] for w in WORDS])
    V = np.array([[float(x) for x in DEMO[w]["value"]] for w in WORDS])
    S = Q @ K.T / 2
    e = np.exp(S - S.max(axis=1, keepdims=True))
    ours = (e / e.sum(axis=1, keepdims=True)) @ V
    R = Q @ K.T
    lesson3 = (R / R.sum(axis=1, keepdims=True)) @ V
    (new_V,) = [st for st in steps(trace, "matmul") if st.name == "new_V"]
    assert np.max(np.abs(np.array(new_V.result) - ours)) <= 1e-12
    focus, new, old = said(trace, "{} becomes {} with softmax and scaling")
    assert focus == "Riley" and new == list(new_V.result[2])
    assert np.max(np.abs(np.array(old) - lesson3[2])) <= 1e-12
    assert [round(x, 3) for x in new] == [0.197, 0.277, 0.332, 0.142]
    assert [round(x, 3) for x in old] == [0.300, 0.350, 0.305, 0.195]


def test_the_broadcast_replay_is_what_numpy_computes(trace):
    np = pytest.importorskip("numpy")
    wrong = steps(trace, "broadcast_divide")[0]
    rows = np.array(wrong.args[0])
    assert rows.shape == (10, 10)
    assert np.max(np.abs(np.array(wrong.result) - rows / rows.sum(axis=1))) <= 1e-15
    right = steps(trace, "normalize_rows")[0]
    assert np.max(np.abs(np.array(right.result)
                         - rows / rows.sum(axis=1, keepdims=True))) <= 1e-15


def test_numpy_lines_equal_the_replay_cell_by_cell(trace):
    np = pytest.importorskip("numpy")
    buggy, fixed = [st for st in steps(trace, "compare") if st.names[0].startswith("NumPy")]
    assert buggy.names == ("NumPy: R / R.sum(axis=1)", "replay")
    assert fixed.names == ("NumPy: keepdims=True", "replay with keepdims")
    assert buggy.result == fixed.result == ()
    assert buggy.count() == fixed.count() == 100
    assert buggy.labels == (tuple(WORDS), tuple(WORDS))
    wrong = steps(trace, "broadcast_divide")[0]
    R = np.array(wrong.args[0])
    assert buggy.args[0] == tuple(tuple(round(x, 12) for x in row)
                                  for row in (R / R.sum(axis=1)).tolist())
    assert buggy.args[1] == tuple(tuple(round(x, 12) for x in row) for row in wrong.result)
    assert said(trace, "{} of {} cells differ for the buggy line") == (
        0, 100, 0, "the replay is what NumPy computes.")


def test_the_broadcast_claims_hold(trace):
    wrong = steps(trace, "broadcast_divide")[0]
    first, wrong_sums, right_sums = steps(trace, "row_sums")[-3:]
    assert wrong.args[1] == first.result
    for t in wrong.terms():  # each cell divided by the sum of row j
        assert t.y == first.result[t.at[1]]
    r, c, by, by_word, own, became, instead = said(trace, "So cell [{}, {}] was divided")
    i, j = WORDS.index(r), WORDS.index(c)
    assert i != j and by == first.result[j] and own == first.result[i]
    assert became == wrong.result[i][j] and by_word == c
    listed, missing, rows, correct = said(trace, "The rows of that result")
    assert listed == list(wrong_sums.result)
    assert missing == sum(abs(s - 1) > 1e-12 for s in listed) and rows == 10
    assert all(abs(s - 1) <= 1e-12 for s in correct)
    count, cells, why = said(trace, "Why no error?")
    assert count == cells == len(wrong.result[0]) == len(wrong.result)
    assert why.startswith("They agree because the relevances are square")


def test_lesson4_runs_to_the_end_within_60_columns(monkeypatch, capsys):
    monkeypatch.setenv("COLUMNS", "60")
    assert cli.main(["lesson4", "--no-pause", "--plain"]) == 0
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) <= 60
    text = " ".join(out.split())
    assert f"k_hyper . k_never = {fmt(Fraction(-24, 65))}." in text
    assert "Their sum is -0.0017, so the weights are [-80.000, 216.000, -135.000]" in text
    assert "0.13675 / (-0.00171) = -80.0\n" in out  # the figures its operands carry


@pytest.mark.parametrize("extra", [["--exact"], ["--sentence", "Hello"],
                                   ["--sentence", "the cat sat on the mat"]])
def test_lesson4_runs_in_exact_mode_and_on_other_sentences(extra, capsys):
    assert cli.main(["lesson4", "--no-pause", "--plain", *extra]) == 0
    capsys.readouterr()
