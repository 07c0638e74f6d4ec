"""Row sums and dividing each row by a sum (tracer/ops/row_sums.py)."""

import random

import pytest

import tracer
from helpers import (SEEDS, every_term_agrees, hexes, last_totals, numbers, one_step,
                     positive)


@pytest.mark.parametrize("seed", SEEDS)
def test_row_sums_are_their_running_totals(seed):
    rng = random.Random(seed)
    cols = rng.randint(1, 9)
    m = [numbers(rng, cols) for _ in range(rng.randint(1, 6))]
    out, step, terms = one_step(tracer.row_sums, m)
    totals = last_totals(terms, "sum")
    assert hexes(totals[(i,)] for i in range(len(m))) == hexes(out)


@pytest.mark.parametrize("seed", SEEDS)
def test_broadcast_divide_divides_by_the_row_sums_running_totals(seed):
    rng = random.Random(seed)
    n = rng.randint(1, 6)
    m = [positive(rng, n) for _ in range(n)]  # square: the sums line up with columns
    with tracer.recording() as t:
        out = tracer.broadcast_divide(m)
    sums_step, divide_step = t[-2], t[-1]
    totals = last_totals(sums_step.terms(), "sum")
    assert hexes(divide_step.args[1]) == hexes(totals[(i,)] for i in range(n))
    for term in divide_step.terms():
        i, j, s = term.at
        assert term.y.hex() == totals[(s,)].hex()
        assert term.value.hex() == (term.x / term.y).hex() == out[i][j].hex()


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
