"""Vector operations (tracer/vector.py): results and recorded terms, by hand and at random."""

import random
from fractions import Fraction as F
from math import sqrt

import pytest

import tracer
from tracer import Term
from helpers import (SEEDS, divisions, hexes, last_totals, message_of, numbers, one_step,
                     random_vector, record_one)


def test_dot_result_and_terms():
    result, step = record_one(tracer.dot, [1, 2, 3], [4, 5, 6])
    assert result == 32
    assert step.op == "dot"
    assert step.names == ("a", "b")
    assert step.args == ((1, 2, 3), (4, 5, 6))
    assert step.result == 32
    assert step.count() == 3
    assert list(step.terms()) == [
        Term("product", (0,), 1, 4, 4, 4),
        Term("product", (1,), 2, 5, 10, 14),
        Term("product", (2,), 3, 6, 18, 32),
    ]


def test_dot_products_and_running_sums():
    _, step = record_one(tracer.dot, [1, 2, 3], [4, 5, 6])
    assert [t.value for t in step.terms()] == [4, 10, 18]
    assert [t.total for t in step.terms()] == [4, 14, 32]


def test_dot_uses_given_names():
    _, step = record_one(tracer.dot, [1], [2], names=("q", "k"))
    assert step.names == ("q", "k")


def test_dot_in_fractions_is_exact():
    result, step = record_one(tracer.dot, [F(1, 3), F(2, 3)], [F(1, 2), F(3, 4)])
    assert result == F(2, 3)
    assert type(result) is F
    assert [t.value for t in step.terms()] == [F(1, 6), F(1, 2)]
    assert [t.total for t in step.terms()] == [F(1, 6), F(2, 3)]


def test_dot_floats_in_floats_out():
    result = tracer.dot([0.5, 1.5], [2.0, 4.0])
    assert result == 7.0
    assert type(result) is float


def test_add():
    result, step = record_one(tracer.add, [1, 2], [3, 5])
    assert result == [4, 7]
    assert step.result == (4, 7)
    assert list(step.terms()) == [
        Term("add", (0,), 1, 3, 4, None),
        Term("add", (1,), 2, 5, 7, None),
    ]


def test_sub():
    result, step = record_one(tracer.sub, [1, 2], [3, 5])
    assert result == [-2, -3]
    assert list(step.terms()) == [
        Term("sub", (0,), 1, 3, -2, None),
        Term("sub", (1,), 2, 5, -3, None),
    ]


def test_add_and_sub_in_fractions():
    assert tracer.add([F(1, 2)], [F(1, 3)]) == [F(5, 6)]
    assert tracer.sub([F(1, 2)], [F(1, 3)]) == [F(1, 6)]
    assert type(tracer.add([F(1, 2)], [F(1, 3)])[0]) is F


def test_add_floats_in_floats_out():
    (x,) = tracer.add([0.25], [0.5])
    assert x == 0.75 and type(x) is float


def test_scale():
    result, step = record_one(tracer.scale, 2, [1, 2, 3])
    assert result == [2, 4, 6]
    assert step.names == ("2", "v")
    assert step.args == (2, (1, 2, 3))
    assert list(step.terms()) == [
        Term("product", (0,), 2, 1, 2, None),
        Term("product", (1,), 2, 2, 4, None),
        Term("product", (2,), 2, 3, 6, None),
    ]


def test_scale_in_fractions():
    assert tracer.scale(F(1, 3), [F(3, 4), 6]) == [F(1, 4), F(2)]


def test_mix_keeps_ratio_of_first():
    result, step = record_one(tracer.mix, [1, 2], [3, 4], 0.75)
    assert result == [1.5, 2.5]
    assert step.names == ("a", "b", "0.75")
    assert step.args == ((1, 2), (3, 4), 0.75)
    assert step.count() == 4
    # Component 0: 0.75 × 1 + 0.25 × 3; component 1: 0.75 × 2 + 0.25 × 4.
    assert list(step.terms()) == [
        Term("weighted", (0, 0), 0.75, 1, 0.75, 0.75),
        Term("weighted", (0, 1), 0.25, 3, 0.75, 1.5),
        Term("weighted", (1, 0), 0.75, 2, 1.5, 1.5),
        Term("weighted", (1, 1), 0.25, 4, 1.0, 2.5),
    ]


def test_mix_in_fractions():
    result, step = record_one(tracer.mix, [F(1), F(2)], [F(3), F(4)], F(3, 4))
    assert result == [F(3, 2), F(5, 2)]
    assert [t.x for t in step.terms()] == [F(3, 4), F(1, 4), F(3, 4), F(1, 4)]
    assert [t.total for t in step.terms()] == [F(3, 4), F(3, 2), F(3, 2), F(5, 2)]


def test_weighted_sum():
    result, step = record_one(tracer.weighted_sum, [0.5, 0.25], [[1, 2], [3, 4]])
    assert result == [1.25, 2.0]
    assert step.result == (1.25, 2.0)
    assert step.args == ((0.5, 0.25), ((1, 2), (3, 4)))
    assert list(step.terms()) == [
        Term("weighted", (0, 0), 0.5, 1, 0.5, 0.5),
        Term("weighted", (0, 1), 0.25, 3, 0.75, 1.25),
        Term("weighted", (1, 0), 0.5, 2, 1.0, 1.0),
        Term("weighted", (1, 1), 0.25, 4, 1.0, 2.0),
    ]


def test_weighted_sum_in_fractions():
    result = tracer.weighted_sum([F(1, 3), F(2, 3)], [[F(3), F(6)], [F(3, 2), 0]])
    assert result == [F(2), F(2)]
    assert all(type(x) is F for x in result)


def test_norm_of_ints():
    result, step = record_one(tracer.norm, [3, 4])
    assert result == 5.0
    assert step.rounded is False
    assert list(step.terms()) == [
        Term("product", (0,), 3, 3, 9, 9),
        Term("product", (1,), 4, 4, 16, 25),
        Term("sqrt", (2,), 25, None, 5.0, None),
    ]


def test_norm_exact_fraction_root_is_not_rounded():
    result, step = record_one(tracer.norm, [F(3, 5), F(4, 5)])
    assert result == F(1) and type(result) is F
    assert step.rounded is False
    assert [t.value for t in step.terms()] == [F(9, 25), F(16, 25), F(1)]
    assert list(step.terms())[-1] == Term("sqrt", (2,), F(1), None, F(1), None)


def test_norm_inexact_fraction_root_is_rounded():
    result, step = record_one(tracer.norm, [F(1), F(1)])
    assert result == F(sqrt(2)) and type(result) is F
    assert step.rounded is True
    assert list(step.terms())[-1] == Term("sqrt", (2,), F(2), None, F(sqrt(2)), None)


def test_norm_floats_in_floats_out():
    result, step = record_one(tracer.norm, [1.0, 1.0])
    assert result == sqrt(2.0) and type(result) is float
    assert step.rounded is False


def test_unit():
    result, step = record_one(tracer.unit, [3, 4])
    assert result == [0.6, 0.8]
    assert step.result == (0.6, 0.8)
    assert step.count() == 5
    assert list(step.terms()) == [
        Term("product", (0,), 3, 3, 9, 9),
        Term("product", (1,), 4, 4, 16, 25),
        Term("sqrt", (2,), 25, None, 5.0, None),
        Term("divide", (0,), 3, 5.0, 0.6, None),
        Term("divide", (1,), 4, 5.0, 0.8, None),
    ]


def test_unit_in_fractions():
    result, step = record_one(tracer.unit, [F(3), F(4)])
    assert result == [F(3, 5), F(4, 5)]
    assert all(type(x) is F for x in result)
    assert step.rounded is False
    assert tracer.dot(result, result) == 1


def test_unit_of_inexact_fraction_length_is_rounded():
    _, step = record_one(tracer.unit, [F(1), F(1)])
    assert step.rounded is True


# Each result is, bit for bit, the last running total its trace shows.

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


def test_dot_equals_last_running_sum_bit_for_bit():
    rng = random.Random(1)
    for _ in range(200):
        n = rng.randint(1, 30)
        a, b = random_vector(rng, n), random_vector(rng, n)
        with tracer.recording() as trace:
            result = tracer.dot(a, b)
        last = list(trace[0].terms())[-1]
        assert result.hex() == last.total.hex()


def test_weighted_sum_equals_last_running_sums_bit_for_bit():
    rng = random.Random(2)
    for _ in range(100):
        n, d = rng.randint(1, 12), rng.randint(1, 6)
        w = random_vector(rng, n)
        rows = [random_vector(rng, d) for _ in range(n)]
        with tracer.recording() as trace:
            result = tracer.weighted_sum(w, rows)
        terms = list(trace[0].terms())
        lasts = [t.total for t in terms if t.at[1] == n - 1]
        assert [x.hex() for x in result] == [x.hex() for x in lasts]


def test_a_first_product_of_minus_zero_stays_minus_zero():
    with tracer.recording() as trace:
        d = tracer.dot([-0.0, -0.0], [1.0, 5.0])
        m = tracer.matmul([[-0.0]], [[2.0]])
    assert d.hex() == list(trace[0].terms())[-1].total.hex()
    assert d.hex() == (-0.0).hex() and m[0][0].hex() == (-0.0).hex()
