from fractions import Fraction

import tracer


def test_dot_records_products_and_running_sums():
    with tracer.recording() as trace:
        result = tracer.dot([1, 2, 3], [4, 5, 6])
    (step,) = trace.steps
    assert [t.value for t in step.terms()] == [4, 10, 18]
    assert [t.total for t in step.terms()] == [4, 14, 32]
    assert result == 32


def test_dot_of_fractions_stays_exact():
    a = [Fraction(1, 3), Fraction(2, 3)]
    assert tracer.dot(a, a) == Fraction(5, 9)
