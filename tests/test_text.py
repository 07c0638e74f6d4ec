"""Formatting numbers and terms (tracer/view/text.py)."""

import tracer
from tracer.view.text import Style, term_line


def test_a_masked_term_says_it_is_left_out():
    line = term_line(tracer.Term("masked", (0, 1), 0.25, None, 0.0, None), Style())
    assert line == "0.250 masked: weight 0.000, not in the sum"


def test_a_small_divisor_shows_the_figures_its_quotient_needs_and_no_more():
    from tracer.view.text import quotient
    st = Style(3, ascii=True)
    # 16/117 over the sum of three relevances that nearly cancel: -80.000 once, which
    # 0.137 / (-0.0017) = -80.6 could not check, nor 0.13675 / (-0.00171) = -79.97.
    total = 16 / 117 - 24 / 65 + 3 / 13
    assert quotient(16 / 117, total, (16 / 117) / total, st) == \
        "0.13675 / (-0.00171) = -80.0"
    assert quotient(-24 / 65, total, (-24 / 65) / total, st) == \
        "(-0.36923) / (-0.00171) = 216"
    assert quotient(0.137, 4.123, 0.137 / 4.123, st) == "0.137 / 4.123 = 0.033"
