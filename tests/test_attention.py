"""The attention operations: results against NumPy and PyTorch, terms by hand."""

import math
import random
import sys
from fractions import Fraction as F
from pathlib import Path

import pytest

import tracer
from tracer.view.steps import step_lines
from tracer.view.text import Style, term_line

SIZES = [(1, 1, 1), (2, 3, 2), (3, 4, 5), (5, 4, 3), (10, 4, 4), (7, 16, 9), (6, 64, 2)]


def random_matrix(rng, rows, cols):
    return [[rng.uniform(-2, 2) for _ in range(cols)] for _ in range(rows)]


def inputs(n, d, dv):
    rng = random.Random(n * 1000 + d * 10 + dv)
    return random_matrix(rng, n, d), random_matrix(rng, n, d), random_matrix(rng, n, dv)


def every_term_agrees(step):
    terms = list(step.terms())
    assert step.count() == len(terms)
    for k, t in enumerate(terms):
        assert step.term(k) == t


# Against NumPy and PyTorch

@pytest.mark.parametrize("causal", [False, True])
@pytest.mark.parametrize("scaled", [False, True])
@pytest.mark.parametrize("n, d, dv", SIZES)
def test_attention_agrees_with_numpy(n, d, dv, scaled, causal):
    np = pytest.importorskip("numpy")
    q, k, v = inputs(n, d, dv)
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
    q, k, v = inputs(n, d, dv)
    out = tracer.attention(q, k, v, mask=tracer.causal_mask(n) if causal else None)
    as_tensor = (lambda m: torch.tensor([m], dtype=torch.float64))  # a batch of one
    theirs = torch.nn.functional.scaled_dot_product_attention(
        as_tensor(q), as_tensor(k), as_tensor(v), is_causal=causal)[0]
    assert torch.max(torch.abs(torch.tensor(out, dtype=torch.float64) - theirs)) <= 1e-12


def test_a_boolean_mask_agrees_with_torch():
    torch = pytest.importorskip("torch")
    q, k, v = inputs(5, 4, 3)
    mask = [[(i + j) % 3 != 1 or i == j for j in range(5)] for i in range(5)]
    out = tracer.attention(q, k, v, mask=mask)
    as_tensor = (lambda m: torch.tensor([m], dtype=torch.float64))
    theirs = torch.nn.functional.scaled_dot_product_attention(
        as_tensor(q), as_tensor(k), as_tensor(v), attn_mask=torch.tensor(mask))[0]
    assert torch.max(torch.abs(torch.tensor(out, dtype=torch.float64) - theirs)) <= 1e-12


@pytest.mark.parametrize("n", [1, 2, 3, 7, 10])
def test_broadcast_replay_equals_numpy_cell_by_cell(n):
    np = pytest.importorskip("numpy")
    rng = random.Random(n)
    r = [[rng.uniform(0.05, 1) for _ in range(n)] for _ in range(n)]
    ours = tracer.broadcast_divide(r)
    theirs = np.array(r) / np.array(r).sum(axis=1)
    # NumPy adds in pairs, we add left to right: the sums may differ in the last bit.
    for i in range(n):
        for j in range(n):
            assert abs(ours[i][j] - theirs[i, j]) <= 1e-12


def test_broadcast_replay_of_one_row_equals_numpy():
    np = pytest.importorskip("numpy")
    r = [[0.5, 1.5, -0.25, 2.0]]
    theirs = np.array(r) / np.array(r).sum(axis=1)
    assert tracer.broadcast_divide(r) == theirs.tolist()


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


def test_divide_matrix_divides_every_cell():
    with tracer.recording() as trace:
        out = tracer.divide_matrix([[F(2), F(-6)], [F(1), F(0)]], tracer.root(4))
    assert out == [[1, -3], [F(1, 2), 0]]
    step = trace[1]
    assert step.op == "divide_matrix"
    assert [(t.kind, t.at, t.x, t.y, t.value) for t in step.terms()] == [
        ("divide", (0, 0), 2, 2, 1), ("divide", (0, 1), -6, 2, -3),
        ("divide", (1, 0), 1, 2, F(1, 2)), ("divide", (1, 1), 0, 2, 0)]
    every_term_agrees(step)
    with pytest.raises(tracer.TraceError):
        tracer.divide_matrix([[1.0]], 0)


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


def test_concat_and_add_matrices():
    with tracer.recording() as trace:
        both = tracer.concat([[1, 2], [3, 4]], [[5], [6]])
        total = tracer.add_matrices([[1, 2], [3, 4]], [[F(1, 2), 0], [-1, 1]])
    assert both == [[1, 2, 5], [3, 4, 6]]
    assert total == [[F(3, 2), 2], [2, 5]]
    assert trace[0].count() == 0
    assert list(trace[1].terms())[2] == tracer.Term("add", (1, 0), 3, -1, 2, None)
    every_term_agrees(trace[1])
    with pytest.raises(tracer.TraceError):
        tracer.concat([[1]], [[1], [2]])


def test_row_sums_and_the_broadcast_divide_by_hand():
    m = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
    with tracer.recording() as trace:
        wrong = tracer.broadcast_divide(m)
    sums, step = trace[0], trace[1]
    assert sums.op == "row_sums" and sums.result == (6, 15, 24)
    assert [t.total for t in sums.terms()] == [1, 3, 6, 4, 9, 15, 7, 15, 24]
    # cell (i, j) meets the sum of row j: 7 in row 2 is divided by 6, row 0's sum
    assert wrong[2][0] == 7 / 6
    t = step.term(6)
    assert (t.kind, t.at, t.x, t.y) == ("divide", (2, 0, 0), 7, 6)
    assert all(t.at[2] == t.at[1] and t.y == sums.result[t.at[1]] for t in step.terms())
    every_term_agrees(step)
    assert [sum(row) for row in wrong] != [1, 1, 1]


def test_broadcast_divide_refuses_what_numpy_refuses():
    with pytest.raises(tracer.TraceError, match="NumPy would refuse"):
        tracer.broadcast_divide([[1, 2, 3], [4, 5, 6]])  # 2 sums, 3 columns
    with pytest.raises(tracer.TraceError, match="0"):
        tracer.broadcast_divide([[1, -1], [2, 3]])


def test_attention_records_its_parts_as_ordinary_steps():
    q, k, v = inputs(3, 4, 2)
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


def test_every_new_step_saves_loads_and_draws():
    q, k, v = inputs(4, 4, 3)
    with tracer.recording() as trace:
        a = tracer.attention(q, k, v, mask=tracer.causal_mask(4, list("abcd")))
        b = tracer.attention(q, k, v)
        tracer.add_matrices(tracer.concat(a, b), tracer.concat(b, a))
        tracer.broadcast_divide(tracer.matmul(q, tracer.transpose(k)))
        tracer.root(3)
    assert tracer.Trace.from_json(trace.to_json()).steps == trace.steps
    assert tracer.Trace.from_json(trace.to_json(terms=True)).steps == trace.steps
    st = Style(3, ascii=True)
    for step in trace:
        for shown in range(1, step.count() + 1):
            assert step_lines(step, shown, st, 60, 20)
        assert step_lines(step, step.count(), st, 60, 10**6, full=True)


def test_a_masked_term_says_it_is_left_out():
    line = term_line(tracer.Term("masked", (0, 1), 0.25, None, 0.0, None), Style())
    assert line == "0.250 masked: weight 0.000, not in the sum"


def test_counts_and_terms_agree_on_random_shapes_and_masks():
    rng = random.Random(11)
    for _ in range(30):
        n, m = rng.randint(1, 6), rng.randint(1, 6)
        x = random_matrix(rng, n, m)
        mask = [[rng.random() < 0.6 or j == 0 for j in range(m)] for _ in range(n)]
        with tracer.recording() as trace:
            tracer.softmax_rows(x, mask if rng.random() < 0.7 else None)
            tracer.divide_matrix(x, 3.0)
            tracer.row_sums(x)
        for step in trace:
            every_term_agrees(step)
