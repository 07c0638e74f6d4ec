"""Input checks (tracer/check.py): finite numbers in, overflow refused, never recorded."""

from fractions import Fraction

import pytest

import tracer
from helpers import error_of
from tracer import check


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
