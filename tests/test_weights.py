"""Turning scores into weights: normalize and softmax, with every term they record."""

import random
from fractions import Fraction as F
from math import exp, fsum

import pytest

import tracer
from tracer import Term
from helpers import (SEEDS, biggest_gap, divisions, hexes, last_totals, message_of,
                     one_step, record_one, scores)


def test_normalize_running_sum_then_each_division():
    result, step = record_one(tracer.normalize, [1, 2, 5])
    assert result == [0.125, 0.25, 0.625]
    assert step.op == "normalize"
    assert step.count() == 6
    assert list(step.terms()) == [
        Term("sum", (0,), 1, None, 1, 1),
        Term("sum", (1,), 2, None, 2, 3),
        Term("sum", (2,), 5, None, 5, 8),
        Term("divide", (0,), 1, 8, 0.125, None),
        Term("divide", (1,), 2, 8, 0.25, None),
        Term("divide", (2,), 5, 8, 0.625, None),
    ]


def test_normalize_in_fractions():
    result, step = record_one(tracer.normalize, [F(1, 2), F(1, 3)])
    assert result == [F(3, 5), F(2, 5)]
    assert all(type(x) is F for x in result)
    assert [t.total for t in step.terms()][:2] == [F(1, 2), F(5, 6)]
    assert sum(result) == 1


def test_normalize_floats_in_floats_out():
    result = tracer.normalize([1.0, 3.0])
    assert result == [0.25, 0.75]
    assert all(type(x) is float for x in result)


def test_softmax_terms():
    result, step = record_one(tracer.softmax, [1.0, 2.0])
    e0, e1 = exp(1.0 - 2.0), exp(0.0)
    s = e0 + e1
    assert result == [e0 / s, e1 / s]
    assert step.count() == 4
    assert step.rounded is False
    assert list(step.terms()) == [
        Term("exp", (0,), 1.0, 2.0, e0, e0),
        Term("exp", (1,), 2.0, 2.0, 1.0, s),
        Term("divide", (0,), e0, s, e0 / s, None),
        Term("divide", (1,), 1.0, s, 1.0 / s, None),
    ]


def test_softmax_weights_are_positive_and_add_up_to_one():
    result = tracer.softmax([3.0, -1.0, 0.5, 0.5, 12.0])
    assert all(w > 0 for w in result)
    assert abs(fsum(result) - 1) < 1e-15
    assert result[2] == result[3]
    assert max(result) == result[4]


def test_softmax_equal_fractions_are_exact():
    result, step = record_one(tracer.softmax, [F(1, 2), F(1, 2)])
    assert result == [F(1, 2), F(1, 2)]
    assert step.rounded is False


def test_softmax_of_fractions_gives_fractions_adding_up_to_exactly_one():
    result, step = record_one(tracer.softmax, [F(1), F(2), F(0)])
    assert all(type(x) is F and x > 0 for x in result)
    assert sum(result) == 1
    assert step.rounded is True


def test_softmax_ignores_a_shift():
    assert tracer.softmax([1.0, 2.0]) == tracer.softmax([1001.0, 1002.0])


@pytest.mark.parametrize("seed", SEEDS)
def test_softmax_divides_by_its_running_total(seed):
    rng = random.Random(seed)
    out, step, terms = one_step(tracer.softmax, scores(rng, rng.randint(1, 12)))
    (s,) = last_totals(terms, "exp").values()
    assert {t.y.hex() for t in divisions(terms)} == {s.hex()}
    assert hexes(t.value for t in divisions(terms)) == hexes(out)
    assert hexes(t.x / s for t in divisions(terms)) == hexes(out)


def test_normalize_zero_sum_cannot_divide_by_zero():
    text = message_of(tracer.normalize, [1, -1], names=("scores",))
    assert text.startswith("scores add up to 0")
    assert "dividing by 0" in text


def test_normalize_rows_zero_sum_names_the_row():
    text = message_of(tracer.normalize_rows, [[1, 1], [2, -2]], names=("S",))
    assert text.startswith("row 1 of S add up to 0")
    assert "dividing by 0" in text


# Against NumPy.

@pytest.mark.parametrize("n", [1, 2, 5, 20])
def test_softmax_agrees_with_numpy(n):
    np = pytest.importorskip("numpy")
    rng = random.Random(n)
    xs = [rng.uniform(-5, 5) for _ in range(n)]
    e = np.exp(np.array(xs) - max(xs))
    assert biggest_gap(tracer.softmax(xs), e / e.sum()) <= 1e-12


def test_normalize_divides_by_last_running_sum_bit_for_bit():
    rng = random.Random(4)
    for _ in range(200):
        n = rng.randint(1, 30)
        xs = [rng.uniform(0.001, 50) for _ in range(n)]
        with tracer.recording() as trace:
            result = tracer.normalize(xs)
        terms = list(trace[0].terms())
        sums, divides = terms[:n], terms[n:]
        total = sums[-1].total
        assert all(t.y.hex() == total.hex() for t in divides)
        assert [t.value.hex() for t in divides] == [x.hex() for x in result]
