"""Row sums and dividing each row by a sum (tracer/broadcast.py)."""

import random

import pytest

import tracer
from helpers import SEEDS, hexes, last_totals, numbers, one_step, positive


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
