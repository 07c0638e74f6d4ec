"""Positions and pacings: where one key press goes in each of them."""

import pytest

import tracer
from tracer import cli
from tracer.play import walk
from tracer.step import Step, Trace
from tracer.play.walk import UNITS, Walk


def small():
    """Return a walk of: a sentence, a dot of 3 terms, a 2x2 matmul of 3 terms a cell."""
    with tracer.recording() as t:
        tracer.say("hello")
        tracer.dot([1, 2, 3], [4, 5, 6])
        tracer.matmul([[1, 2, 3], [4, 5, 6]], [[1, 0], [0, 1], [1, 1]])
        tracer.dot([1, 2], [3, 4])
    return Walk(t)


def presses(walk, unit, opened=None):
    """Return every position a learner pressing forward stops at, from the start."""
    out = [1]
    while out[-1] < walk.total:
        out.append(walk.forward(out[-1], unit, opened))
    return out


def test_term_stops_at_every_position():
    w = small()
    assert presses(w, "term") == list(range(1, 19))
    assert w.press(7, "term") == (7, 18)


def test_cell_stops_at_the_end_of_each_cell():
    w = small()  # say 1, dot 2-4, matmul 5-16 (cells end at 7, 10, 13, 16), dot 17-18
    assert presses(w, "cell") == [1, 4, 7, 10, 13, 16, 18]
    assert [w.back(p, "cell") for p in (18, 13, 8, 4)] == [16, 10, 7, 1]


def test_guided_goes_term_by_term_the_first_time_only():
    w = small()
    # The first dot term by term; the first matmul's first cell in one press (the dot
    # walked its products), then cell by cell; the second dot in one press.
    assert presses(w, "guided") == [1, 2, 3, 4, 7, 10, 13, 16, 18]


def test_an_opened_step_goes_term_by_term_both_ways():
    w = small()
    assert presses(w, "op", opened=2)[:6] == [1, 4, 5, 6, 7, 8]
    assert w.back(9, "op", opened=2) == 8
    assert w.back(5, "op", opened=2) == 4  # out of the step: back by operation


@pytest.mark.parametrize("lesson, most", [("lesson3", 150), ("lesson5", 400)])
def test_guided_lessons_end_within_their_press_budget(lesson, most):
    w = Walk(tracer.lesson(lesson))
    assert 0 < w.press(w.total, "guided")[1] - 1 <= most  # the start is press 1
    assert len(presses(w, "guided")) == w.press(w.total, "guided")[1]


@pytest.mark.parametrize("lesson", cli.LESSONS)
def test_every_pacing_ends_at_the_last_position(lesson):
    w = Walk(tracer.lesson(lesson))
    for unit in UNITS:
        stops = w.stops(unit)
        assert stops[0] == 1 and stops[-1] == w.total
        assert list(stops) == sorted(set(stops))
    # each coarser pacing stops only where a finer one does
    assert set(w.stops("op")) <= set(w.stops("cell")) <= set(w.stops("term"))


def test_sections_go_forward_and_back():
    w = small()
    w._sections = [("one", 1), ("two", 5), ("three", 17)]
    assert [w.next_section(p) for p in (1, 4, 5, 16, 17)] == [5, 5, 17, 17, 17]
    assert [w.previous_section(p) for p in (1, 5, 6, 17, 18)] == [1, 1, 5, 5, 17]
    assert [w.section_at(p) for p in (1, 4, 5, 18)] == [0, 0, 1, 2]


# On a big trace, where a press goes is found without listing every cell.

def test_guided_stops_read_only_the_cells_they_need(monkeypatch):
    with tracer.recording() as trace:
        tracer.matmul([[1.0]] * 300, [[0.5] * 300])
    op = trace.steps[0].decl
    calls = [0]
    real = op.cell_key

    def cell_key(step, c):
        calls[0] += 1
        return real(step, c)
    monkeypatch.setattr(op, "cell_key", cell_key)
    walk = Walk(trace)
    # The first cell term by term (one term here), three more cells, two rows, the end.
    assert walk.stops("guided") == [1, 2, 3, 4, 300, 600, 90000]
    assert calls[0] < 2000  # a few rows of 300 cells, not all 90,000 cells


def test_a_press_by_term_counts_without_listing_the_positions():
    with tracer.recording() as trace:
        tracer.matmul([[1.0]] * 300, [[0.5] * 300])
    walk = Walk(trace)
    assert walk.press(45000, "term") == (45000, 90000)
    assert "term" not in walk._stops


# Stepping back by line lands where stepping forward by line stops.

def lines_walk():
    """Line 1: one step of 2 places; line 2: steps of 1 and 3 places; line 3: 1 place."""
    def dot(n, line):
        return Step("dot", ("a", "b"), ((1,) * n, (1,) * n), n, file="f.py", line=line)
    return Walk(Trace([dot(2, 1), Step("say", None, (), "hi", file="f.py", line=2),
                       dot(3, 2), Step("say", None, (), "bye", file="f.py", line=3)]))


def presses_from(move, start, unit, n):
    out, pos = [], start
    for _ in range(n):
        pos = move(pos, unit)
        out.append(pos)
    return out


def test_forward_and_back_by_line_stop_at_the_same_places():
    w = lines_walk()
    assert presses_from(w.forward, 1, "line", 3) == [2, 6, 7]
    assert presses_from(w.back, 7, "line", 3) == [6, 2, 1]
    assert w.back(4, "line") == 2  # from mid-line to the end of the line before


def test_forward_and_back_by_operation():
    w = lines_walk()
    assert presses_from(w.forward, 1, "op", 4) == [2, 3, 6, 7]
    assert presses_from(w.back, 7, "op", 4) == [6, 3, 2, 1]
    assert w.back(5, "op") == 3


def test_the_step_option_offers_the_walk_units():
    (step,) = [a for a in cli.parser()._actions if "--step" in a.option_strings]
    assert tuple(step.choices) == walk.UNITS
    assert not hasattr(Walk, "end_of")


def step_presses(w, i):
    """Return the guided stops inside step i, as terms shown."""
    return [p - w.start(i) for p in presses(w, "guided") if w.start(i) < p <= w.ends[i]]


def test_guided_takes_equal_terms_in_one_press():
    with tracer.recording() as t:
        tracer.say("Equal shares.")
        tracer.normalize([1] * 9)  # 1 + 1 + ... = 9, then 1 / 9 nine times
    w = Walk(t)
    assert [x.kind for x in t.steps[1].terms()] == ["sum"] * 9 + ["divide"] * 9
    assert step_presses(w, 1) == [9, 18]
    assert presses(w, "term") == list(range(1, 20))  # by term, unchanged


def test_guided_does_not_add_a_row_up_again_after_showing_such_sums():
    m = [[0.5, 0.25, 0.25], [0.2, 0.3, 0.1]]
    with tracer.recording() as t:
        tracer.say("Rows.")
        tracer.normalize_rows(m)  # nothing added up before: term by term
        tracer.row_sums(m)
    w = Walk(t)
    assert step_presses(w, 1)[:4] == [1, 2, 3, 4]
    with tracer.recording() as t:
        tracer.say("Rows.")
        tracer.row_sums(m)  # the sums of a row, term by term
        tracer.normalize_rows(m)  # its first row's sum in one press, then its divides
    w = Walk(t)
    assert step_presses(w, 1)[:3] == [1, 2, 3]
    assert [x.kind for x in t.steps[2].run_to(5)] == ["sum"] * 3 + ["divide"] * 3
    assert step_presses(w, 2)[:4] == [3, 4, 5, 6]


def head(x):
    """Two operations on two lines: a pass through a small piece of code."""
    tracer.dot(x, x)
    tracer.scale(2, x)


def test_guided_takes_a_pass_through_code_walked_before_in_one_press():
    with tracer.recording() as t:
        tracer.say("First time.")
        head([1, 2])  # new: the dot term by term, the scale cell by cell
        head([3, 4])  # a pass through the same code: one press
        head([5, 6])  # the code starts over: a press of its own
        tracer.say("Again.")  # narration ends a pass
        head([7, 8])
        tracer.section("next")
        head([9, 1])  # a section's start ends a pass too
    w = Walk(t)
    assert [w.recap(i) for i in range(len(t.steps))] == [False] * 3 + [True] * 4 + \
        [False] + [True] * 4
    assert [len(step_presses(w, i)) for i in range(3, 12) if i != 7] == [0, 1] * 4
    assert presses(w, "term") == list(range(1, w.total + 1))  # by term, unchanged


def test_guided_walks_a_repeated_operation_that_brings_a_new_kind_of_term():
    with tracer.recording() as t:
        tracer.softmax_rows([[1.0, 2.0], [3.0, 1.0]])
        tracer.softmax_rows([[1.0, 2.0], [3.0, 1.0]])  # nothing new: one press
        tracer.softmax_rows([[1.0, 2.0], [3.0, 1.0]], tracer.causal_mask(2))
    w = Walk(t)
    assert [w.recap(i) for i in range(4)] == [False, True, False, False]
    assert len(step_presses(w, 3)) > 1  # the hidden cells are new: walked
