"""Causal masks, masked softmax by rows and attention (tracer/scaled.py)."""

import random

import pytest

import tracer
from helpers import SEEDS, divisions, error_of, last_totals, one_step, scores


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
