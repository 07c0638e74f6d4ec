"""Input checks (tracer/check.py): finite numbers in, overflow refused, never recorded."""

from fractions import Fraction, Fraction as F

import pytest

import tracer
from tracer import check
from helpers import error_of, message_of


# Matrix operations refuse an overflow instead of recording it.

@pytest.mark.parametrize("op, args, names, message", [
    (tracer.divide_matrix, ([[1e300, 1.0]], 1e-10), ("m", "d"), "row 0 of m / d"),
    (tracer.add_matrices, ([[1.0], [1e308]], [[1.0], [1e308]]), ("a", "b"),
     "row 1 of a + b"),
    (tracer.row_sums, ([[1e308, 1e308]],), ("m",), "the row sums of m"),
    (tracer.broadcast_divide, ([[1e300]], [1e-10]), ("m", "s"), "row 0 of m / s"),
])
def test_matrix_operations_refuse_an_overflow(op, args, names, message):
    with tracer.recording() as t:
        assert error_of(op, *args, names=names) == \
            f"{message} overflowed to inf: the numbers are too large"
    assert len(t) == 0


# Finite inputs are taken however large their sum would be.

def test_large_but_finite_inputs_are_taken():
    assert tracer.dot([1e308, 1e308], [1e-308, 1e-308]) == 1e308 * 1e-308 * 2
    assert tracer.dot([10**400], [1]) == 10**400
    assert tracer.scale(0.5, [1e308, 1e308]) == [5e307, 5e307]
    assert tracer.dot([Fraction(10**400)], [Fraction(1, 10**400)]) == 1


def test_infinity_is_still_refused_among_huge_integers():
    assert error_of(check.finite, [10**400, float("inf")], "x") == \
        "x holds inf, and a trace needs finite numbers"
    assert error_of(check.finite, [float("nan")], "y", result=True) == \
        "y overflowed to nan: the numbers are too large"


def test_a_length_or_sum_that_overflows_is_refused_not_divided_by():
    # x / inf is 0: without a check these would record a length-1 vector of zeros.
    assert error_of(tracer.unit, [1e200, 1e200], names=("v",)) == \
        "the length of v overflowed to inf: the numbers are too large"
    assert error_of(tracer.normalize, [1e308, 1e308], names=("x",)) == \
        "the sum of x overflowed to inf: the numbers are too large"


def test_dot_of_different_lengths_names_both_operands_and_lengths():
    text = message_of(tracer.dot, [1, 2, 3], [4, 5], names=("q", "k"))
    assert text == "q has 3 numbers but k has 2: they need the same length"


@pytest.mark.parametrize("op", [tracer.add, tracer.sub])
def test_componentwise_of_different_lengths(op):
    text = message_of(op, [1], [4, 5], names=("x", "y"))
    assert text == "x has 1 numbers but y has 2: they need the same length"


def test_mix_of_different_lengths():
    text = message_of(tracer.mix, [1, 2], [3], 0.5, names=("old", "new", "r"))
    assert text == "old has 2 numbers but new has 1: they need the same length"


def test_weighted_sum_with_too_few_weights():
    text = message_of(tracer.weighted_sum, [0.5], [[1, 2], [3, 4]], names=("w", "V"))
    assert text == "w (weights) has 1 numbers but V (vectors) has 2: they need the same length"


def test_matmul_of_mismatched_shapes():
    text = message_of(tracer.matmul, [[1, 2]], [[1, 2]], names=("A", "B"))
    assert text == ("each row of A has 2 numbers but each column of B has 1: "
                    "they need the same length")


def test_ragged_matrix():
    text = message_of(tracer.transpose, [[1, 2], [3]], names=("M",))
    assert text == ("M row 1 has 1 numbers but row 0 has 2: "
                    "every row needs the same length")


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), float("-inf")])
def test_nan_and_infinity_refused(bad):
    text = message_of(tracer.dot, [1.0, bad], [1.0, 2.0], names=("q", "k"))
    assert text == f"q holds {bad}, and a trace needs finite numbers"


@pytest.mark.parametrize("op", [tracer.norm, tracer.unit, tracer.normalize, tracer.softmax])
def test_nan_refused_by_one_vector_operations(op):
    text = message_of(op, [float("nan")], names=("x",))
    assert text == "x holds nan, and a trace needs finite numbers"


def test_nan_in_a_matrix_names_the_row():
    text = message_of(tracer.matmul, [[1.0], [float("nan")]], [[1.0]], names=("A", "B"))
    assert text == "A row 1 holds nan, and a trace needs finite numbers"


def test_overflowing_result_refused():
    text = message_of(tracer.dot, [1e200], [1e200], names=("a", "b"))
    assert text == "a · b overflowed to inf: the numbers are too large"


@pytest.mark.parametrize("bad", ["3", None, [1], True])
def test_non_number_refused(bad):
    text = message_of(tracer.dot, [1, bad], [1, 2], names=("q", "k"))
    shown = "a list" if isinstance(bad, list) else repr(bad)  # a list's repr may be huge
    assert text == f"q holds {shown}, which is not a number"


def test_non_list_refused():
    text = message_of(tracer.norm, 5, names=("v",))
    assert text == "v should be a list of numbers, not int"


def test_empty_vector_refused():
    text = message_of(tracer.dot, [], [], names=("q", "k"))
    assert text == "q is empty: it needs at least one number"


def test_empty_matrix_refused():
    assert message_of(tracer.transpose, [], names=("M",)) == \
        "M should be a non-empty list of rows"


def test_non_number_scale_factor_refused():
    text = message_of(tracer.scale, "2", [1, 2], names=("c", "v"))
    assert text == "c holds '2', which is not a number"


def test_fractions_are_accepted():
    assert tracer.dot([F(1, 2)], [2]) == 1
