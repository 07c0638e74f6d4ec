"""Causal masks, masked softmax by rows and attention (tracer/ops/attention.py)."""

import math
import random
import sys
from collections import Counter
from fractions import Fraction as F
from math import isqrt
from pathlib import Path

import pytest

import tracer
from helpers import (SEEDS, attention_inputs, divisions, error_of, every_term_agrees,
                     last_totals, one_step, random_matrix, scores)


@pytest.mark.parametrize("n", [0, -1, 2.0, True, "3"])
def test_a_causal_mask_needs_one_word_or_more(n):
    assert error_of(tracer.causal_mask, n).startswith(
        "a causal mask needs a whole number of words, 1 or more")


@pytest.mark.parametrize("mask", [5, "ab", [5], [[True], 1]])
def test_softmax_rows_refuses_a_mask_that_is_not_rows(mask):
    assert error_of(tracer.softmax_rows, [[1.0], [2.0]], mask).startswith(
        "the mask should be a list of rows of True and False")


@pytest.mark.parametrize("seed", SEEDS)
def test_softmax_rows_divides_by_each_rows_running_total(seed):
    rng = random.Random(seed)
    rows, cols = rng.randint(1, 6), rng.randint(1, 6)
    m = [scores(rng, cols) for _ in range(rows)]
    mask = [[j <= i or rng.random() < 0.3 for j in range(cols)] for i in range(rows)]
    out, step, terms = one_step(tracer.softmax_rows, m, mask)
    totals = last_totals(terms, "exp")
    for t in divisions(terms):
        i, j = t.at
        assert t.y.hex() == totals[(i,)].hex()
        assert t.value.hex() == (t.x / totals[(i,)]).hex() == out[i][j].hex()


SIZES = [(1, 1, 1), (2, 3, 2), (3, 4, 5), (5, 4, 3), (10, 4, 4), (7, 16, 9), (6, 64, 2)]


# Against NumPy and PyTorch

@pytest.mark.parametrize("causal", [False, True])
@pytest.mark.parametrize("scaled", [False, True])
@pytest.mark.parametrize("n, d, dv", SIZES)
def test_attention_agrees_with_numpy(n, d, dv, scaled, causal):
    np = pytest.importorskip("numpy")
    q, k, v = attention_inputs(n, d, dv)
    mask = tracer.causal_mask(n) if causal else None
    out = tracer.attention(q, k, v, mask=mask, scaled=scaled)

    S = np.array(q) @ np.array(k).T
    if scaled:
        S = S / np.sqrt(d)
    if causal:
        S = np.where(np.tril(np.ones((n, n), dtype=bool)), S, -np.inf)
    E = np.exp(S - S.max(axis=1, keepdims=True))
    W = E / E.sum(axis=1, keepdims=True)
    assert np.max(np.abs(np.array(out) - W @ np.array(v))) <= 1e-12


@pytest.mark.parametrize("causal", [False, True])
@pytest.mark.parametrize("n, d, dv", SIZES)
def test_attention_agrees_with_torch(n, d, dv, causal):
    torch = pytest.importorskip("torch")
    q, k, v = attention_inputs(n, d, dv)
    out = tracer.attention(q, k, v, mask=tracer.causal_mask(n) if causal else None)
    as_tensor = (lambda m: torch.tensor([m], dtype=torch.float64))  # a batch of one
    theirs = torch.nn.functional.scaled_dot_product_attention(
        as_tensor(q), as_tensor(k), as_tensor(v), is_causal=causal)[0]
    assert torch.max(torch.abs(torch.tensor(out, dtype=torch.float64) - theirs)) <= 1e-12


def test_a_boolean_mask_agrees_with_torch():
    torch = pytest.importorskip("torch")
    q, k, v = attention_inputs(5, 4, 3)
    mask = [[(i + j) % 3 != 1 or i == j for j in range(5)] for i in range(5)]
    out = tracer.attention(q, k, v, mask=mask)
    as_tensor = (lambda m: torch.tensor([m], dtype=torch.float64))
    theirs = torch.nn.functional.scaled_dot_product_attention(
        as_tensor(q), as_tensor(k), as_tensor(v), attn_mask=torch.tensor(mask))[0]
    assert torch.max(torch.abs(torch.tensor(out, dtype=torch.float64) - theirs)) <= 1e-12


def test_softmax_rows_agrees_with_softmax_row_by_row():
    m = random_matrix(random.Random(3), 4, 6)
    assert tracer.softmax_rows(m) == [tracer.softmax(row) for row in m]


# Terms, worked by hand

def test_root_of_a_square_is_exact_and_says_so():
    with tracer.recording() as trace:
        assert tracer.root(4) == 2 and isinstance(tracer.root(4), F)
        assert tracer.root(F(9, 4)) == F(3, 2)
        assert tracer.root(2) == pytest.approx(math.sqrt(2))
    assert [s.rounded for s in trace] == [False, False, False, True]
    assert list(trace[0].terms()) == [tracer.Term("sqrt", (0,), 4, None, 2, None)]
    with pytest.raises(tracer.TraceError):
        tracer.root(-1)


def test_causal_mask_lets_a_word_see_itself_and_earlier_words():
    assert tracer.causal_mask(3) == [[True, False, False], [True, True, False],
                                     [True, True, True]]
    with tracer.recording() as trace:
        tracer.causal_mask(2, ["a", "b"])
    assert trace[0].count() == 0
    assert trace[0].labels == (("a", "b"), ("a", "b"))


def test_softmax_rows_with_a_mask_by_hand():
    # Row 0 sees only cell 0; row 1 sees both cells, whose exponentials are both 1.
    with tracer.recording() as trace:
        out = tracer.softmax_rows([[F(0), F(5)], [F(3), F(3)]], tracer.causal_mask(2))
    assert out == [[1, 0], [F(1, 2), F(1, 2)]]
    step = trace[-1]
    assert not step.rounded  # every exponent was 0, so nothing had to round
    assert list(step.terms()) == [
        tracer.Term("exp", (0, 0), 0, 0, 1, 1),
        tracer.Term("masked", (0, 1), 5, None, 0, None),
        tracer.Term("divide", (0, 0), 1, 1, 1, None),
        tracer.Term("exp", (1, 0), 3, 3, 1, 1),
        tracer.Term("exp", (1, 1), 3, 3, 1, 2),
        tracer.Term("divide", (1, 0), 1, 2, F(1, 2), None),
        tracer.Term("divide", (1, 1), 1, 2, F(1, 2), None)]
    assert step.count() == 7
    every_term_agrees(step)
    assert step.run_to(4) == list(step.terms())[3:5]  # row 1, from its start


def test_softmax_rows_subtracts_the_row_maximum():
    with tracer.recording() as trace:
        out = tracer.softmax_rows([[1.0, 2.0, 3.0]])
    e = [math.exp(-2), math.exp(-1), 1.0]
    assert out == [[x / sum(e) for x in e]]
    terms = list(trace[0].terms())
    assert [t.y for t in terms[:3]] == [3.0] * 3
    assert [t.total for t in terms[:3]] == [e[0], e[0] + e[1], e[0] + e[1] + e[2]]
    assert [t.kind for t in terms] == ["exp"] * 3 + ["divide"] * 3


def test_masked_weights_are_exactly_zero_and_positive_zero():
    out = tracer.softmax_rows([[-1.0, -2.0, -3.0]] * 3, tracer.causal_mask(3))
    for i, row in enumerate(out):
        for j, w in enumerate(row):
            if j > i:
                assert w == 0 and math.copysign(1, w) == 1
        assert abs(sum(row) - 1) <= 1e-15


def test_a_mask_that_hides_a_whole_row_is_refused():
    with pytest.raises(tracer.TraceError, match="nothing to attend to"):
        tracer.softmax_rows([[1.0, 2.0]], [[False, False]])
    with pytest.raises(tracer.TraceError, match="mask"):
        tracer.softmax_rows([[1.0, 2.0]], [[True]])


def test_attention_records_its_parts_as_ordinary_steps():
    q, k, v = attention_inputs(3, 4, 2)
    with tracer.recording() as trace:
        line = sys._getframe().f_lineno + 1
        tracer.attention(q, k, v, mask=tracer.causal_mask(3))
        tracer.attention(q, k, v, scaled=False)
    ops = [s.op for s in trace]
    assert ops == ["causal_mask", "transpose", "matmul", "root", "divide_matrix",
                   "softmax_rows", "matmul", "transpose", "matmul", "softmax_rows",
                   "matmul"]
    assert trace[3].result == 2 and not trace[3].rounded
    assert {(Path(s.file).resolve(), s.line) for s in trace[1:7]} == {
        (Path(__file__).resolve(), line)}
    for step in trace:
        every_term_agrees(step)


def python_calls(f):
    """Return the Python calls f makes, as (file, function) names in the order made."""
    import sys
    seen = []

    def profile(frame, event, arg):
        if event == "call":
            seen.append((frame.f_code.co_filename.rsplit("/", 1)[-1], frame.f_code.co_name))
    sys.setprofile(profile)
    try:
        f()
    finally:
        sys.setprofile(None)
    return seen


@pytest.mark.parametrize("words, n", [(10, 4), (64, 16)])
def test_recording_float_attention_makes_few_python_calls_and_one_exact_root(words, n):
    import random
    rng = random.Random(words)
    Q, K, V = ([[rng.uniform(-1, 1) for _ in range(n)] for _ in range(words)]
               for _ in range(3))
    mask = [[j <= i for j in range(words)] for i in range(words)]
    for m in (None, mask):
        with tracer.recording() as trace:
            tracer.attention(Q, K, V, m)  # once first: imports and first-call caches
            calls = python_calls(lambda: tracer.attention(Q, K, V, m))
        # √n of a square is exact (√16 = 4, as the step shows) and made once; no
        # Fraction arithmetic per cell, and the module check is asked once per module
        fractions = [c for c in calls if c[0] == "fractions.py"]
        assert len(fractions) <= 4 and trace[-4].result == isqrt(n)
        assert ("step.py", "engine") not in calls
        # A budget of calls: a fixed cost per operation, then a comprehension per row
        assert len(calls) <= 210 + 8 * words, (len(calls), Counter(calls).most_common(5))
