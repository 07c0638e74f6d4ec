"""Every screen of every lesson fits the terminal it is drawn for."""

import pytest

from tracer import cli
from tracer.view.plain import render
from tracer.view.screen import frame
from tracer.view.text import Style
from tracer.walk import Walk


@pytest.mark.parametrize("lesson", cli.LESSONS)
@pytest.mark.parametrize("width, height", [(30, 8), (60, 20), (20, 3), (100, 40)])
def test_every_screen_fits(lesson, width, height):
    trace = cli.record(cli.lesson_module(lesson))
    walk = Walk(trace)
    for pos in range(1, walk.total + 1, 7):
        lines = frame(trace, walk, pos, Style(3, True), width, height, "title")
        assert len(lines) == height
        text = render(lines).splitlines()
        assert text[-1].startswith(f"press {pos} of {walk.total}"[:width])  # by term
        too_wide = [line for line in text if len(line) > width]
        assert too_wide == [], (pos, too_wide)


def test_a_screen_shows_the_code_line_and_the_term_so_far():
    trace = cli.record(cli.lesson_module("lesson3"))
    walk = Walk(trace)
    dot = next(i for i, s in enumerate(trace.steps) if s.op == "dot")
    pos = walk.ends[dot - 1] + 2 if dot else 2  # the second term of the first dot
    text = render(frame(trace, walk, pos, Style(3, True), 80, 24))
    assert "> " in text and "forward = dot(get_query(focus), get_key(partner))" in text
    assert "  0.200 x 0.111 = 0.022        running sum 0.911" in text.splitlines()
    assert "running sum 0.978" not in text
    assert text.splitlines()[-1].startswith(f"press {pos} of {walk.total} . ")
    assert "term 2 of 4" in text.splitlines()[-1]


def test_a_table_of_wide_words_lines_up_in_display_columns():
    from tracer.view.tables import table
    words = ("猫", "日本語", "ok")  # 2, 6 and 2 columns wide
    lines = table([[0.5, 0.25, 1.0], [0.1, 0.2, 0.3], [1.0, 2.0, 3.0]], words, words,
                  Style(3), 80, 20)
    assert ["".join(t for t, _ in ln).rstrip() for ln in lines] == [
        "             猫  日本語      ok",
        "  猫      0.500   0.250   1.000",
        "  日本語  0.100   0.200   0.300",
        "  ok      1.000   2.000   3.000",
    ]
