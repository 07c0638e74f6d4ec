"""Formatting numbers and terms (tracer/view/text.py)."""

import tracer
from tracer.view.text import Style, term_line


def test_a_masked_term_says_it_is_left_out():
    line = term_line(tracer.Term("masked", (0, 1), 0.25, None, 0.0, None), Style())
    assert line == "0.250 masked: weight 0.000, not in the sum"
