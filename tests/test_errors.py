"""Bad input is refused with a TraceError that says what is wrong."""

from fractions import Fraction as F

import pytest

import tracer


def message(fn, *args, **kwargs):
    with pytest.raises(tracer.TraceError) as caught:
        fn(*args, **kwargs)
    return str(caught.value)


def test_trace_error_is_a_value_error():
    assert issubclass(tracer.TraceError, ValueError)


def test_dot_of_different_lengths_names_both_operands_and_lengths():
    text = message(tracer.dot, [1, 2, 3], [4, 5], names=("q", "k"))
    assert text == "q has 3 numbers but k has 2: they need the same length"


@pytest.mark.parametrize("op", [tracer.add, tracer.sub])
def test_componentwise_of_different_lengths(op):
    text = message(op, [1], [4, 5], names=("x", "y"))
    assert text == "x has 1 numbers but y has 2: they need the same length"


def test_mix_of_different_lengths():
    text = message(tracer.mix, [1, 2], [3], 0.5, names=("old", "new", "r"))
    assert text == "old has 2 numbers but new has 1: they need the same length"


def test_weighted_sum_with_too_few_weights():
    text = message(tracer.weighted_sum, [0.5], [[1, 2], [3, 4]], names=("w", "V"))
    assert text == "w (weights) has 1 numbers but V (vectors) has 2: they need the same length"


def test_matmul_of_mismatched_shapes():
    text = message(tracer.matmul, [[1, 2]], [[1, 2]], names=("A", "B"))
    assert text == ("each row of A has 2 numbers but each column of B has 1: "
                    "they need the same length")


def test_ragged_matrix():
    text = message(tracer.transpose, [[1, 2], [3]], names=("M",))
    assert text == ("M row 1 has 1 numbers but row 0 has 2: "
                    "every row needs the same length")


def test_normalize_zero_sum_cannot_divide_by_zero():
    text = message(tracer.normalize, [1, -1], names=("scores",))
    assert text.startswith("scores add up to 0")
    assert "dividing by 0" in text


def test_normalize_rows_zero_sum_names_the_row():
    text = message(tracer.normalize_rows, [[1, 1], [2, -2]], names=("S",))
    assert text.startswith("row 1 of S add up to 0")
    assert "dividing by 0" in text


def test_unit_of_zero_vector():
    text = message(tracer.unit, [0, 0], names=("z",))
    assert text == "z has length 0, so it has no direction to keep"


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), float("-inf")])
def test_nan_and_infinity_refused(bad):
    text = message(tracer.dot, [1.0, bad], [1.0, 2.0], names=("q", "k"))
    assert text == f"q holds {bad}, and a trace needs finite numbers"


@pytest.mark.parametrize("op", [tracer.norm, tracer.unit, tracer.normalize, tracer.softmax])
def test_nan_refused_by_one_vector_operations(op):
    text = message(op, [float("nan")], names=("x",))
    assert text == "x holds nan, and a trace needs finite numbers"


def test_nan_in_a_matrix_names_the_row():
    text = message(tracer.matmul, [[1.0], [float("nan")]], [[1.0]], names=("A", "B"))
    assert text == "A row 1 holds nan, and a trace needs finite numbers"


def test_overflowing_result_refused():
    text = message(tracer.dot, [1e200], [1e200], names=("a", "b"))
    assert text == "a · b overflowed to inf: the numbers are too large"


@pytest.mark.parametrize("bad", ["3", None, [1], True])
def test_non_number_refused(bad):
    text = message(tracer.dot, [1, bad], [1, 2], names=("q", "k"))
    assert text == f"q holds {bad!r}, which is not a number"


def test_non_list_refused():
    text = message(tracer.norm, 5, names=("v",))
    assert text == "v should be a list of numbers, not int"


def test_empty_vector_refused():
    text = message(tracer.dot, [], [], names=("q", "k"))
    assert text == "q is empty: it needs at least one number"


def test_empty_matrix_refused():
    assert message(tracer.transpose, [], names=("M",)) == "M should be a non-empty list of rows"


def test_non_number_scale_factor_refused():
    text = message(tracer.scale, "2", [1, 2], names=("c", "v"))
    assert text == "c holds '2', which is not a number"


def test_refused_operation_records_nothing():
    with tracer.recording() as trace:
        with pytest.raises(tracer.TraceError):
            tracer.dot([1], [1, 2])
    assert len(trace) == 0


def test_fractions_are_accepted():
    assert tracer.dot([F(1, 2)], [2]) == 1
