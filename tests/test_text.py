"""Formatting numbers and terms (tracer/view/text.py)."""

import tracer
from tracer.view.text import Style, term_line


def test_a_masked_term_says_it_is_left_out():
    line = term_line(tracer.Term("masked", (0, 1), 0.25, None, 0.0, None), Style())
    assert line == "0.250 masked: weight 0.000, not in the sum"


def test_a_small_divisor_shows_the_figures_its_quotient_needs_and_no_more():
    from tracer.view.text import quotient
    st = Style(3, ascii=True)
    # 16/117 over the sum of three relevances that nearly cancel: -80.000 once. Redone
    # as shown, 0.137 / (-0.0017) = -80.6 rounds to -81, not -80; 0.1368 / (-0.00171) =
    # -80.0, to the one decimal the divisor's three figures carry.
    total = 16 / 117 - 24 / 65 + 3 / 13
    assert quotient(16 / 117, total, (16 / 117) / total, st) == \
        "0.1368 / (-0.00171) = -80.0"
    assert quotient(-24 / 65, total, (-24 / 65) / total, st) == \
        "(-0.3692) / (-0.00171) = 216"
    assert quotient(0.137, 4.123, 0.137 / 4.123, st) == "0.137 / 4.123 = 0.033"


def test_float_noise_reads_as_zero_and_the_trace_keeps_it():
    from tracer.view.text import Style
    assert Style(3).num(2.8e-17) == "0.000"
    assert Style(3).num(-3e-13) == "0.000"
    assert Style(3).num(0.0017) == "0.0017"  # small, but not noise: two figures


def test_a_difference_shows_in_the_digits_of_its_verdict():
    from tracer.view.text import Style, distinct
    assert distinct(Style(3), 0.05447, 0.05403) == ("0.0545", "0.0540")
    assert distinct(Style(1), 0.5, 0.52) == ("0.50", "0.52")


def test_a_long_sum_is_fitted_once_and_read_from_memory_after():
    from tracer.view import text
    calls = []
    real = text.fit
    text.FITTED.clear()
    try:
        text.fit = lambda *a: calls.append(1) or real(*a)
        st = text.Style(3)
        numbers = [0.1234567] * 2000
        for _ in range(5):
            text.fitted(st, numbers, 246.9134, text.total_of, "sum")
    finally:
        text.fit = real
    assert len(calls) == 1  # counted, not timed: a redraw does not refit


def test_a_formula_shows_the_digits_that_give_its_result_by_hand():
    # 2 × 0.867 is 1.734, not the 1.733 that 2 × 0.86672 rounds to: the operand shows a
    # digit more, the result keeps the digits asked for.
    t = tracer.Term("product", (0,), 2, 0.86672, 2 * 0.86672, None)
    assert term_line(t, Style(3, ascii=True)) == "2 x 0.8667 = 1.733"
    t = tracer.Term("product", (0,), 2, 0.8668, 2 * 0.8668, None)
    assert term_line(t, Style(3, ascii=True)) == "2 x 0.867 = 1.734"  # as asked: it checks
    from tracer.view.text import agrees
    assert agrees(1.7335, "1.733") and not agrees(1.7336, "1.733")  # half a unit, no more


def test_a_tiny_operand_gains_figures_not_places():
    # 1.8e-08 / 1.095 is 1.64e-08, not the 1.7e-08 shown; one more figure each checks,
    # where ten places (0.0000000182 / 1.0954572019) once did.
    t = tracer.Term("divide", (0,), 1.8216e-08, 1.09546, 1.8216e-08 / 1.09546, None)
    assert term_line(t, Style(3, ascii=True)) == "1.82e-08 / 1.0955 = 1.7e-08"
