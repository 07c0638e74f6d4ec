"""Vector operations (tracer/vector.py): results, recorded terms, running totals."""

import random
from math import sqrt

import pytest

import tracer
from helpers import SEEDS, divisions, hexes, last_totals, message_of, numbers, one_step


@pytest.mark.parametrize("seed", SEEDS)
def test_mix_is_its_running_totals(seed):
    rng = random.Random(seed)
    n = rng.randint(1, 9)
    out, step, terms = one_step(tracer.mix, numbers(rng, n), numbers(rng, n), rng.random())
    totals = last_totals(terms, "weighted")
    assert hexes(totals[(j,)] for j in range(n)) == hexes(out)


@pytest.mark.parametrize("seed", SEEDS)
def test_norm_is_the_root_of_its_running_total(seed):
    rng = random.Random(seed)
    out, step, terms = one_step(tracer.norm, numbers(rng, rng.randint(1, 12)))
    *squares, root = terms
    assert root.x.hex() == squares[-1].total.hex()
    assert root.value.hex() == out.hex() == sqrt(root.x).hex()


@pytest.mark.parametrize("seed", SEEDS)
def test_unit_divides_by_the_root_of_its_running_total(seed):
    rng = random.Random(seed)
    v = numbers(rng, rng.randint(1, 12))
    out, step, terms = one_step(tracer.unit, v)
    root = next(t for t in terms if t.kind == "sqrt")
    assert root.x.hex() == [t for t in terms if t.kind == "product"][-1].total.hex()
    assert {t.y.hex() for t in divisions(terms)} == {root.value.hex()}
    assert hexes(t.value for t in divisions(terms)) == hexes(out)
    assert hexes(x / root.value for x in v) == hexes(out)


def test_unit_of_zero_vector():
    text = message_of(tracer.unit, [0, 0], names=("z",))
    assert text == "z has length 0, so it has no direction to keep"
