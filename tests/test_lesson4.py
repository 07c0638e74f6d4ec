"""Lesson 4: every claim it prints holds in its own trace and in a computation by hand."""

import json
import math
from fractions import Fraction

import pytest

import tracer

from tracer import cli
from tracer.lessons import quote
from tracer import word_vectors as database

DEMO = json.loads(database.DEMO.read_text())["words"]
WORDS = ["Evan's", "dog", "Riley", "is", "so", "hyper", "she", "never", "stops", "moving"]


@pytest.fixture(scope="module")
def trace():
    return tracer.lesson("lesson4")


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


def query(word):
    return [Fraction(str(x)) for x in DEMO[word]["query"]]


def test_lesson_3s_relevances_are_checked_first_then_the_keys(trace):
    first, keys = steps(trace, "matmul")[:2]
    assert first.names == ("Q", "Kᵀ") and keys.names == ("K", "Kᵀ")
    # by hand: no query of the demo meets a key below 0; hyper's query meets never's at 0
    assert min(sum(a * b for a, b in zip(query(q), key(k))) for q in WORDS for k in WORDS) == 0
    (lowest,) = said(trace, "None of lesson 3's relevances is below 0")
    assert lowest == min(map(min, first.result)) == 0


def test_a_negative_relevance_exists_and_is_the_one_named(trace):
    relevances = steps(trace, "matmul")[1]
    lowest = min(min(row) for row in relevances.result)
    assert lowest < 0
    k, a, b, value, diagonal, own, rows, negatives, cells = said(trace, "{}_{} · k_{} = {}")
    assert k == "k" and diagonal == 1 and own == rows == 10
    keys = relevances.result
    assert all(keys[r][r] == max(keys[r]) for r in range(10))  # each word most its own
    assert value == lowest == relevances.result[WORDS.index(a)][WORDS.index(b)]
    assert negatives == sum(x < 0 for row in relevances.result for x in row) > 0
    assert cells == 100
    # by hand, in exact arithmetic: hyper's key against never's is -24/65
    assert (a, b) == ("hyper", "never")
    assert sum(x * y for x, y in zip(key(a), key(b))) == Fraction(-24, 65)
    assert math.isclose(value, -24 / 65, abs_tol=1e-15)


def test_dividing_by_the_plain_sum_leaves_0_to_1(trace):
    full = steps(trace, "normalize")[0]
    word, outside, total, verb, partner, weight = said(trace, "Divide the relevances of")
    assert outside == sum(not 0 <= w <= 1 for w in full.result) > 0
    assert total == len(full.result) and word == quote("hyper")
    assert weight == full.result[WORDS.index(partner.strip('"'))] < 0


def test_a_sum_near_zero_blows_the_weights_up(trace):
    blown = steps(trace, "normalize")[1]
    total, weights, largest, _ = said(trace, "Their sum is {}")
    assert blown.count() == 2 * len(blown.args[0])
    assert [t.total for t in blown.terms()][len(weights) - 1] == total
    assert abs(total) < 0.01 and largest > 1
    assert weights == list(blown.result)
    assert largest == max(abs(w) for w in blown.result)
    # by hand: hyper against Evan's, never and stops adds up to -1/585
    group = [w.strip('"') for w in said(trace, "Worse: suppose")[1].replace(" and ", ", ")
             .split(", ")]
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


def test_softmax_sees_differences_on_the_focus_row(trace):
    relevances = steps(trace, "matmul")[0].result
    soft = steps(trace, "softmax_rows")[0].result[2]
    focus, lo, hi, gap, wlo, whi, even, verdict = said(trace, "Softmax sees only how far")
    assert focus == quote("Riley") and (lo, hi) == (min(relevances[2]), max(relevances[2]))
    assert gap == hi - lo and (wlo, whi) == (min(soft), max(soft)) and even == 0.1
    assert 1.5 * even <= whi <= 0.5 and verdict.startswith("The weights are no longer even")
    times, before, after, word, peak = said(trace, "Make the same relevances")
    sharp = [st for st in steps(trace, "softmax") if st.names == ("10 x relevances",)]
    e = [math.exp(10 * x) for x in relevances[2]]  # by hand
    assert times == 10 and before == whi and after == max(sharp[0].result)
    assert after == pytest.approx(max(e) / sum(e), abs=1e-12) and word == quote("dog")
    assert peak.startswith("large differences make a peak") and after > 0.5
    focus, r, word, w, below = said(trace, "{} has relevance {} to {}, the nearest")
    k = WORDS.index(word.strip('"'))
    assert r == relevances[2][k] == min(map(abs, relevances[2])) != 0
    assert w == soft[k] and below == hi - r


def test_every_row_of_the_demo_is_said_nearly_flat(trace):
    even, lo, lo_word, hi, hi_word = said(trace, "How sharp are these weights?")
    weights = [st for st in steps(trace, "softmax_rows") if st.name == "weights"][-1].result
    tops = [max(row) for row in weights]
    assert (lo, hi) == (min(tops), max(tops)) and even == 0.1
    assert (lo_word, hi_word) == (quote(WORDS[tops.index(lo)]), quote(WORDS[tops.index(hi)]))
    assert hi < 1.5 * even  # every row nearly flat: the sentence says so
    assert [round(x, 3) for x in (lo, hi)] == [0.103, 0.135]


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
        trace = tracer.lesson("lesson4", exact=exact)
        # every call but the few under paused() is a step of the trace
        print(len(calls), len(trace.steps))
        assert len(calls) <= 60 and len(trace.steps) > 50  # drawn afresh: 20,049 calls
        assert len(draws) == (4 + 6 * 4) + (64 + 6 * 64)  # the one draw of each length shown


def test_small_relevances_are_said_not_to_need_scaling_yet_scaled(trace):
    relevances = steps(trace, "matmul")[0].result
    lo, hi, n, focus, before, after, n2 = said(trace, "Our own relevances are small")
    assert focus == quote("Riley")
    assert (lo, hi) == (min(map(min, relevances)), max(map(max, relevances)))
    assert -1 <= lo and hi <= 1 + 1e-12 and n == n2 == 4
    assert before == max(steps(trace, "softmax_rows")[0].result[2])
    scaled = [st for st in steps(trace, "softmax_rows") if len(st.result) == 1][-1]
    assert after == max(scaled.result[0]) < before


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
    assert focus == quote("Riley") and new == list(new_V.result[2])
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
    assert became == wrong.result[i][j] and by_word == quote(c)
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
    # the figures its operands carry: redone as shown, 0.1368 / 0.00171 is 80.0
    assert "0.1368 / (-0.00171) = -80.0\n" in out


@pytest.mark.parametrize("extra", [["--exact"], ["--sentence", "Hello"],
                                   ["--sentence", "the cat sat on the mat"]])
def test_lesson4_runs_in_exact_mode_and_on_other_sentences(extra, capsys):
    assert cli.main(["lesson4", "--no-pause", "--plain", *extra]) == 0
    capsys.readouterr()


def test_a_row_that_misses_1_changes_the_size_of_the_new_value(trace):
    np = pytest.importorskip("numpy")
    word, total, new, long, short, times = said(trace, "What does a row that misses 1 do")
    assert times == total
    Q = np.array([[float(x) for x in DEMO[w]["query"]] for w in WORDS])
    K = np.array([[float(x) for x in key(w)] for w in WORDS])
    V = np.array([[float(x) for x in DEMO[w]["value"]] for w in WORDS])
    R = Q @ K.T
    wrong = R / R.sum(axis=1)
    sums = wrong.sum(axis=1)
    r = int(np.argmax(np.abs(sums - 1)))  # the row that misses 1 the most
    assert word == quote(WORDS[r]) == quote("so") and total == pytest.approx(sums[r])
    assert np.allclose(new, wrong[r] @ V, atol=1e-12)
    assert long == pytest.approx(np.linalg.norm(wrong[r] @ V), abs=1e-12)
    right = R[r] / R[r].sum()
    assert short == pytest.approx(np.linalg.norm(right @ V), abs=1e-12)
    assert total > 1 and long > short  # so the sentence says "inflate", and it does
    text = [s.result for s in steps(trace, "say") if s.result.startswith("What does a row")][0]
    assert "more than 1 in size inflate" in text


def prose(trace):
    """Return the lesson's sentences with their values, each as the learner reads it."""
    return [s.result.format(*(f"{v:.3f}" if isinstance(v, float) else v for v in s.args))
            for s in steps(trace, "say")]


def test_one_word_repeated_says_nothing_its_numbers_deny():
    np = pytest.importorskip("numpy")
    trace = tracer.lesson("lesson4", "dog dog dog")
    text = " ".join(prose(trace))
    k = np.array([float(x) for x in key("dog")])
    q = np.array([float(x) for x in query("dog")])
    assert f"(the lowest is {q @ k:.3f})" in text and "Every word here has the same key" in text
    assert steps(trace, "dot") == [] and not [s for s in steps(trace, "matmul")
                                               if s.name == "key relevances"]
    # equal relevances: even weights, nothing spread ten times as far apart, no question
    assert "0 apart, so softmax gives every word the same weight, 0.333" in text
    assert "Make the same relevances" not in text and trace.questions == []
    assert "come closer together" not in text and "all equal, stay equal" in text
    v = [float(x) for x in DEMO["dog"]["value"]]
    assert "every word here has the same value" in text
    (new_V,) = [s for s in steps(trace, "matmul") if s.name == "new_V"]
    assert np.allclose(new_V.result, [v] * 3, atol=1e-12)
    assert "Not at all: in every row each word gets 0.333" in text
    assert "the trap does no harm on this sentence" in text
    for false in ("to 0.333 (row", "instead of 0.333", "differ too little"):
        assert false not in text


def test_one_word_says_each_thing_once():
    trace = tracer.lesson("lesson4", "dog")
    text = prose(trace)
    assert sum("With one word" in t for t in text) == 2  # no second key; nothing to share
    assert len(set(text)) == len(text)
    joined = " ".join(text)
    assert "with one word, both give it weight 1, and so its own value back" in joined
    assert steps(trace, "broadcast_divide") == []


def test_repeated_words_are_named_in_prose_as_read():
    trace = tracer.lesson("lesson4", "the dog sat on the mat")
    text = " ".join(prose(trace))
    assert "#" not in text.replace("[the#2", "")  # a cell keeps its table's label
    assert 'the second "the"' in text


def relevances_by_numpy(np, words, keys_only=False):
    """Return Q Kᵀ (or K Kᵀ) over the words, in fractions, from the vectors alone."""
    vectors = [DEMO.get(w.split("#")[0]) or database.derived(w, 4) for w in words]
    Q = np.array([[Fraction(str(x)) for x in v["query"]] for v in vectors], dtype=object)
    K = np.array([[Fraction(x) for x in v["key"]] for v in vectors], dtype=object)
    return (K if keys_only else Q) @ K.T  # exact: a 0 stays 0, not 1e-18


def test_a_peak_split_over_a_repeated_word_is_called_a_peak():
    np = pytest.importorskip("numpy")
    words = ("Riley chased the dog and the dog chased the cat while Evan watched from the "
             "porch quietly").split()
    text = " ".join(prose(tracer.lesson("lesson4", " ".join(words))))
    row = 10 * relevances_by_numpy(np, words)[words.index("Riley")].astype(float)
    w = np.exp(row - row.max()) / np.exp(row - row.max()).sum()
    even, bar = 1 / len(words), max(1 / 2, 1.5 / len(words))
    dog = sum(w[k] for k, x in enumerate(words) if x == "dog")
    assert w.max() <= bar < dog  # no one place, but the places of "dog" together, peak
    assert np.isclose(w[3], w[6]) and w.argmax() in (3, 6)
    assert (f'to {fmt(w.max())}, on "dog" and the second "dog": large differences make '
            f"a peak, split over the 2 places of one word; together they take {fmt(dog)}, "
            f"against an even share of {fmt(even)}") in text
    assert "still no single word stands out" not in text


def test_a_row_all_at_most_0_is_said_reversed_and_not_to_cancel():
    np = pytest.importorskip("numpy")
    words = ["the", "a", "it"]
    text = " ".join(prose(tracer.lesson("lesson4", "the a it")))
    row = relevances_by_numpy(np, words)[1]
    assert (row <= 0).all() and row.min() < row.max()  # nothing cancels; order turned
    w = (row / row.sum()).astype(float)
    lo, hi = int(row.argmin()), int(row.argmax())
    assert w.argmax() == lo and w.argmin() == hi
    assert 'Divide the relevances of "a" by their sum' in text
    assert (f"The least relevant word, {quote(words[lo])}, gets {fmt(w[lo])}, and the most "
            f"relevant, {quote(words[hi])}, gets") in text
    assert "happen to land" not in text and "not so lucky" not in text
    assert "closest to cancelling out" not in text
    assert 'Every relevance of "a" is at most 0, so none cancel here' in text


def test_a_row_that_mixes_signs_is_said_to_cancel(trace):
    np = pytest.importorskip("numpy")
    text = " ".join(prose(trace))
    (found,) = [s.args[0] for s in steps(trace, "say") if s.result.startswith("Worse")]
    assert relevances_by_numpy(np, WORDS).min() >= 0  # so the lesson turns to K Kᵀ
    row = relevances_by_numpy(np, WORDS, keys_only=True)[WORDS.index(found.strip('"'))]
    assert row.min() < 0 < row.max() and "closest to cancelling out" in text


def test_equal_relevances_are_said_all_equal_not_to_run_from_one_to_itself():
    np = pytest.importorskip("numpy")
    text = " ".join(prose(tracer.lesson("lesson4", "dog dog dog")))
    R = relevances_by_numpy(np, ["dog"] * 3)
    assert R.min() == R.max()
    assert f"Our own relevances are small already: they are all {fmt(R[0, 0])}," in text
    assert "they run from" not in text
