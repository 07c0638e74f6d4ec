"""Matrix operations: transpose, matmul, normalize_rows, compare, and terms by number."""

import random
from fractions import Fraction as F

import pytest

import tracer
from tracer import Term
from helpers import (SEEDS, biggest_gap, divisions, last_totals, one_step, positive,
                     random_vector, record_one)


def test_transpose():
    result, step = record_one(tracer.transpose, [[1, 2, 3], [4, 5, 6]], names=("M",))
    assert result == [[1, 4], [2, 5], [3, 6]]
    assert step.result == ((1, 4), (2, 5), (3, 6))
    assert step.name == "Mᵀ"
    assert step.count() == 0
    assert list(step.terms()) == []


def test_transpose_swaps_labels():
    with tracer.recording() as trace:
        v = tracer.get_values(["dog", "Riley"])
        tracer.transpose(v)
    (step,) = trace.steps
    rows, cols = step.labels
    assert rows == ("animal", "person", "energy", "female")
    assert cols == ("dog", "Riley")


def test_matmul_result():
    result, step = record_one(tracer.matmul, [[1, 2], [3, 4]], [[5, 6], [7, 8]])
    assert result == [[19, 22], [43, 50]]
    assert step.result == ((19, 22), (43, 50))
    assert step.name == "a @ b"
    assert step.args == (((1, 2), (3, 4)), ((5, 7), (6, 8)))
    assert step.count() == 8


def test_matmul_one_cell_per_entry():
    _, step = record_one(tracer.matmul, [[1, 2], [3, 4]], [[5, 6], [7, 8]])
    assert step.cells() == 4
    assert [step.cell_key(c) for c in range(4)] == [(0, 0), (0, 1), (1, 0), (1, 1)]
    assert [step.cell_start(c) for c in range(5)] == [0, 2, 4, 6, 8]
    assert [step.cell_of(k) for k in range(8)] == [0, 0, 1, 1, 2, 2, 3, 3]
    assert [step.cell_terms(c)[-1].total for c in range(4)] == [19, 22, 43, 50]
    assert step.cell_terms(1) == [
        Term("product", (0, 1, 0), 1, 6, 6, 6),
        Term("product", (0, 1, 1), 2, 8, 16, 22),
    ]


def test_matmul_terms_carry_cell_position():
    _, step = record_one(tracer.matmul, [[1, 2], [3, 4]], [[5, 6], [7, 8]])
    assert [t.at for t in step.terms()] == [
        (0, 0, 0), (0, 0, 1), (0, 1, 0), (0, 1, 1),
        (1, 0, 0), (1, 0, 1), (1, 1, 0), (1, 1, 1)]
    assert [t.total for t in step.terms()] == [5, 19, 6, 22, 15, 43, 18, 50]


def test_matmul_cell_names_use_words():
    with tracer.recording() as trace:
        q = tracer.get_queries(["dog", "Riley"])
        kt = tracer.transpose(tracer.get_keys(["she", "hyper", "so"]))
        tracer.matmul(q, kt)
    step = trace[1]
    assert step.name == "Q @ Kᵀ"
    assert step.labels[:2] == (("dog", "Riley"), ("she", "hyper", "so"))


def test_matmul_of_non_square_shapes():
    result = tracer.matmul([[1, 0, 2]], [[1], [2], [3]])
    assert result == [[7]]
    result = tracer.matmul([[1], [2]], [[3, 4, 5]])
    assert result == [[3, 4, 5], [6, 8, 10]]


def test_matmul_in_fractions():
    result = tracer.matmul([[F(1, 2), F(1, 3)]], [[F(2)], [F(3)]])
    assert result == [[F(2)]]
    assert type(result[0][0]) is F


def test_normalize_rows():
    result, step = record_one(tracer.normalize_rows, [[1, 3], [2, 2]])
    assert result == [[0.25, 0.75], [0.5, 0.5]]
    assert step.name == "normalize_rows(a)"
    assert step.count() == 8
    assert step.decl.shape == "rows"
    assert [step.cell_key(c) for c in range(step.cells())] == [(0,), (1,)]
    assert [step.cell_start(c) for c in range(3)] == [0, 4, 8]
    assert list(step.terms()) == [
        Term("sum", (0, 0), 1, None, 1, 1),
        Term("sum", (0, 1), 3, None, 3, 4),
        Term("divide", (0, 0), 1, 4, 0.25, None),
        Term("divide", (0, 1), 3, 4, 0.75, None),
        Term("sum", (1, 0), 2, None, 2, 2),
        Term("sum", (1, 1), 2, None, 2, 4),
        Term("divide", (1, 0), 2, 4, 0.5, None),
        Term("divide", (1, 1), 2, 4, 0.5, None),
    ]


def test_normalize_rows_in_fractions():
    result = tracer.normalize_rows([[F(1), F(2)], [F(1, 2), F(1, 2)]])
    assert result == [[F(1, 3), F(2, 3)], [F(1, 2), F(1, 2)]]
    assert all(type(x) is F for row in result for x in row)


def test_compare():
    result, step = record_one(tracer.compare, [[1, 2], [3, 4]], [[1, 2], [3, 5]])
    assert result == [(1, 1)]
    assert step.result == ((1, 1),)
    assert list(step.terms()) == [
        Term("compare", (0, 0), 1, 1, True, None),
        Term("compare", (0, 1), 2, 2, True, None),
        Term("compare", (1, 0), 3, 3, True, None),
        Term("compare", (1, 1), 4, 5, False, None),
    ]


def test_compare_equal_matrices():
    assert tracer.compare([[0.5]], [[0.5]]) == []


def test_compare_refuses_different_shapes():
    with pytest.raises(tracer.TraceError, match="a has 2 numbers but b has 1"):
        tracer.compare([[1], [2]], [[1]])


def test_matmul_term_by_number_for_every_k():
    _, step = record_one(tracer.matmul, [[1, 2, 3], [4, 5, 6]],
                         [[1, 0, 2, 1], [0, 1, 1, 1], [3, 1, 0, 2]])
    terms = list(step.terms())
    assert len(terms) == 2 * 4 * 3
    for k in range(len(terms)):
        assert step.term(k) == terms[k]


@pytest.mark.parametrize("seed", SEEDS)
def test_normalize_rows_divides_by_each_rows_running_total(seed):
    rng = random.Random(seed)
    cols = rng.randint(1, 8)
    m = [positive(rng, cols) for _ in range(rng.randint(1, 6))]
    out, step, terms = one_step(tracer.normalize_rows, m)
    totals = last_totals(terms, "sum")
    for t in divisions(terms):
        i, j = t.at
        assert t.y.hex() == totals[(i,)].hex()
        assert t.value.hex() == (t.x / t.y).hex() == out[i][j].hex()


# Against NumPy: the same products and weights on random inputs of several sizes.

SIZES = [(1, 1, 1), (2, 3, 2), (3, 4, 5), (5, 4, 3), (10, 4, 4), (7, 16, 9), (12, 8, 1)]


def positive_rows(rng, rows, cols):
    return [[rng.uniform(0.05, 1.0) for _ in range(cols)] for _ in range(rows)]


@pytest.mark.parametrize("n, d, dv", SIZES)
def test_attention_agrees_with_numpy(n, d, dv):
    np = pytest.importorskip("numpy")
    rng = random.Random(n * 1000 + d * 10 + dv)
    q, k, v = positive_rows(rng, n, d), positive_rows(rng, n, d), positive_rows(rng, n, dv)
    with tracer.recording() as trace:
        scores = tracer.matmul(q, tracer.transpose(k))
        weights = tracer.normalize_rows(scores)
        out = tracer.matmul(weights, v)
    assert len(trace) == 4

    Q, K, V = np.array(q), np.array(k), np.array(v)
    S = Q @ K.T
    W = S / S.sum(axis=1, keepdims=True)
    O = W @ V
    assert np.array(out).shape == (n, dv)
    assert biggest_gap(scores, S) <= 1e-12
    assert biggest_gap(weights, W) <= 1e-12
    assert biggest_gap(out, O) <= 1e-12


def test_weights_rows_add_up_to_one():
    np = pytest.importorskip("numpy")
    rng = random.Random(7)
    q, k = positive_rows(rng, 6, 3), positive_rows(rng, 6, 3)
    weights = tracer.normalize_rows(tracer.matmul(q, tracer.transpose(k)))
    assert biggest_gap([sum(row) for row in weights], np.ones(6)) <= 1e-15


def test_matmul_cells_equal_last_running_sums_bit_for_bit():
    rng = random.Random(3)
    for _ in range(40):
        n, d, m = rng.randint(1, 6), rng.randint(1, 9), rng.randint(1, 6)
        a = [random_vector(rng, d) for _ in range(n)]
        b = [random_vector(rng, m) for _ in range(d)]
        with tracer.recording() as trace:
            result = tracer.matmul(a, b)
        step = trace[0]
        for c in range(step.cells()):
            i, j = step.cell_key(c)
            last = step.cell_terms(c)[-1]
            assert result[i][j].hex() == last.total.hex() == step.result[i][j].hex()
        totals = [t.total for t in step.terms() if t.at[2] == d - 1]
        assert [x.hex() for row in result for x in row] == [x.hex() for x in totals]
