"""Every screen of every lesson fits the terminal it is drawn for, and reads as expected."""

import importlib.util

import pytest

import tracer
from tracer import cli
from tracer.view.plain import render
from tracer.view.screen import frame
from tracer.view.text import Style
from tracer.play.walk import Walk
import golden


@pytest.mark.parametrize("lesson", cli.LESSONS)
@pytest.mark.parametrize("width, height", [(30, 8), (60, 20), (20, 3), (100, 40)])
def test_every_screen_fits(lesson, width, height):
    trace = tracer.lesson(lesson)
    walk = Walk(trace)
    for pos in range(1, walk.total + 1, 7):
        lines = frame(trace, walk, pos, Style(3, True), width, height, trace.title)
        assert len(lines) == height
        text = render(lines).splitlines()
        assert text[-1].startswith(f"press {pos} of {walk.total}"[:width])  # by term
        too_wide = [line for line in text if len(line) > width]
        assert too_wide == [], (pos, too_wide)


def test_a_screen_shows_the_code_line_and_the_term_so_far():
    trace = tracer.lesson("lesson3")
    walk = Walk(trace)
    dot = next(i for i, s in enumerate(trace.steps) if s.op == "dot")
    pos = walk.ends[dot - 1] + 2 if dot else 2  # the second term of the first dot
    text = render(frame(trace, walk, pos, Style(3, True), 80, 24))
    assert "> " in text and "forward = dot(get_query(focus), get_key(partner)," in text
    assert "  person  0.200 x 0.111 = 0.022   running sum 0.889 + 0.022 = 0.911" in text.splitlines()
    assert "  q_Riley  1.000   0.200   0.100   0.100" in text.splitlines()  # by component
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


def test_the_narration_belongs_to_the_operation_on_screen():
    with tracer.recording() as trace:
        tracer.say("Two keys.")
        tracer.dot([1, 2], [3, 4])
        tracer.dot([1, 0], [0, 1], why="Two keys at right angles.")
        tracer.dot([2, 2], [1, 1], names=("a", "b"))
    walk = Walk(trace)

    def box(pos):
        lines = render(frame(trace, walk, pos, Style(3, True), 60, 20)).splitlines()
        rules = [k for k, line in enumerate(lines) if line.startswith("-----")]
        return " ".join(lines[rules[0] + 1:rules[1]])

    assert box(2) == "Two keys."  # said just before: it introduces the dot
    assert box(5) == "Two keys at right angles."  # the lesson's why for this one
    assert box(7) == "Next: a . b."  # nothing said: never the sentence about another


def test_a_finished_cell_marks_its_largest_term():
    trace = tracer.lesson("lesson3")
    walk = Walk(trace)
    dot = next(i for i, s in enumerate(trace.steps) if s.op == "dot")
    text = render(frame(trace, walk, walk.ends[dot], Style(3, True), 80, 24)).splitlines()
    assert "  animal  1.000 x 0.889 = 0.889   running sum 0.889  -> largest part" in text
    assert sum("largest" in line for line in text) == 1
    assert "  = 0.956" in text


def test_a_short_status_line_drops_the_keys_before_the_section_name():
    from tracer.view.screen import status_line
    with tracer.recording() as trace:
        tracer.section("one word takes on another's meaning")
        tracer.dot([1, 2, 3], [4, 5, 6])
    walk = Walk(trace)

    def status(width):
        return render([status_line(walk, 2, ("term", None), Style(3, True), width)]).rstrip()

    name = "one word takes on another's meaning"
    assert f". {name} . term 2 of 3 . line " in status(80)  # whole, for fewer keys
    assert "space: next" not in status(80) and len(status(80)) <= 80
    assert status(140).endswith("space: next  b: back  o: outline  ?: keys  q: quit")
    assert status(60).startswith("press 2 of 3 . one word takes on... . term 2 of 3")
    assert status(60).rsplit(" line ", 1)[1].isdigit() and len(status(60)) <= 60  # cut


def test_lesson3s_finished_tables_show_the_focus_words_row_at_80x24():
    trace = tracer.lesson("lesson3")
    walk = Walk(trace)
    assert trace.focus == "Riley"

    def end_of(name):
        i = next(i for i, s in enumerate(trace.steps) if s.name == name)
        return render(frame(trace, walk, walk.ends[i], Style(3, True), 80, 24)).splitlines()
    relevances, new_v = end_of("relevances"), end_of("new_V")
    riley = next(line for line in relevances if line.startswith("  Riley "))
    assert riley.startswith("  Riley [ 0.333   0.956 ") and riley.endswith("]")
    assert "  (all 400 terms worked out; the row of Riley in brackets)" in relevances
    assert "  Riley [ 0.300   0.350   0.305   0.195]" in new_v


@pytest.mark.parametrize("lesson", cli.LESSONS)
@pytest.mark.parametrize("width, height", golden.SIZES)
def test_screens_match_the_expected_ones(lesson, width, height):
    # Only tests/regen.py writes the expected screens (see tests/golden.py).
    if lesson == "lesson4" and importlib.util.find_spec("numpy") is None:
        pytest.skip("lesson 4's expected screens count the steps NumPy's own lines add")
    for where, text in golden.screens(lesson, width, height).items():
        path = golden.screen_path(lesson, width, height, where)
        assert text == path.read_text(), path.name
        lines = text.splitlines()
        assert len(lines) == height and max(map(len, lines)) <= width


# A key press formats what the screen shows, whatever the size of the step.

def formatted(monkeypatch, trace, positions, height=35):
    """Return how many numbers drawing each position writes out."""
    from tracer.view import text
    walk = Walk(trace)
    calls = [0]
    real = text.Style.num

    def num(self, x):
        calls[0] += 1
        return real(self, x)
    monkeypatch.setattr(text.Style, "num", num)
    out = []
    for pos in positions(walk):
        calls[0] = 0
        frame(trace, walk, pos, Style(3, False), 100, height)
        out.append(calls[0])
    return out


@pytest.mark.parametrize("n", [400, 4000])
def test_a_long_vector_step_writes_out_only_a_screenful(monkeypatch, n):
    v = [(i % 7 + 1) / 8 for i in range(n)]
    with tracer.recording() as trace:
        tracer.dot(v, v)
        tracer.softmax(v)
    counts = formatted(monkeypatch, trace, lambda walk: [
        1, n // 2, n, n + 1, n + n // 2, n + n + 1, 3 * n])
    assert max(counts) < 700  # a screen of 35 lines, not thousands of numbers


@pytest.mark.parametrize("size", [60, 300])
def test_a_big_table_writes_out_only_the_cells_shown(monkeypatch, size):
    m = [[(i * size + j) % 11 / 10 for j in range(size)] for i in range(size)]
    with tracer.recording() as trace:
        flipped = tracer.transpose(m)
        tracer.compare(m, flipped)
        tracer.matmul([[1.0]] * size, [[0.5] * size])
    counts = formatted(monkeypatch, trace, lambda walk: [
        1, 2, size * size // 2, size * size + 1, size * size + size * size // 2])
    assert max(counts) < 700


def test_a_tables_range_is_found_once_per_step(monkeypatch):
    from tracer.view import tables
    m = [[(i * 7 + j) % 13 / 10 for j in range(200)] for i in range(200)]
    with tracer.recording() as trace:
        tracer.matmul(m, m)
    walk = Walk(trace)
    frame(trace, walk, 5, Style(), 100, 35)
    found = []
    real = tables.extremes.__globals__["kept"]
    monkeypatch.setattr(tables, "kept", lambda what, obj, find: real(
        what, obj, lambda o: found.append(what) or find(o)))
    for pos in range(6, 400, 7):
        frame(trace, walk, pos, Style(), 100, 35)
    assert found == []  # every later press reused the range and the label widths


def test_a_label_too_long_for_its_column_ends_in_an_ellipsis():
    from tracer.view.tables import table
    words = ("extraordinarily", "ok")
    lines = table([[0.5, 0.25], [0.1, 0.2]], words, words, Style(3, True), 80, 20)
    text = ["".join(t for t, _ in ln).rstrip() for ln in lines]
    assert text[0].split() == ["extraord...", "ok"]
    assert text[1].startswith("  extraor...  ") and text[2].startswith("  ok   ")
