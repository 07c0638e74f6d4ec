"""Guided pacing on the lessons: nothing walked twice, every press worth it, a budget."""

import io
from functools import lru_cache

import pytest

import tracer
from tracer import cli
from tracer.play.player import Player
from tracer.play.walk import Walk
from tracer.view import choose

BUDGET, MOST = 450, 150  # lessons 1-5 together, and any one lesson, in presses
LESSONS = ("lesson1", "lesson2", "lesson3", "lesson4", "lesson5", "lesson6")
BUDGETED = LESSONS[:5]  # the budget of 450 was set for lessons 1-5


@lru_cache(maxsize=None)
def walk_of(lesson):
    return Walk(tracer.lesson(lesson))


@lru_cache(maxsize=None)
def pressed(lesson):
    """Return the screens a learner sees at 80x24 pressing space from start to end."""
    walk = walk_of(lesson)
    view = choose(True, io.StringIO())
    player = Player(walk, view.screen_renderer(walk.trace, walk, lesson, 3), "guided")
    screens = [player.lines(80, 23)]
    while player.pos < walk.total:
        player.press("space")
        screens.append(player.lines(80, 23))
        assert len(screens) <= 10 * MOST  # a player that stops moving fails, not hangs
    return screens


def test_lessons_end_within_the_press_budget():
    counts = {lesson: len(pressed(lesson)) for lesson in LESSONS}
    assert sum(counts[lesson] for lesson in BUDGETED) <= BUDGET, counts
    assert max(counts.values()) <= MOST, counts
    for lesson, count in counts.items():  # the player's own count agrees with the walk's
        walk = walk_of(lesson)
        assert walk.press(walk.total, "guided") == (count, count)
        assert pressed(lesson)[-1][-1].startswith(f"press {count} of {count} ")


@pytest.mark.parametrize("lesson", LESSONS)
def test_every_press_changes_the_screen(lesson):
    screens = pressed(lesson)
    for k in range(1, len(screens)):  # above the status line, which counts presses
        assert screens[k][:-1] != screens[k - 1][:-1], f"press {k + 1} shows nothing new"


@pytest.mark.parametrize("lesson", LESSONS)
def test_step_term_still_reaches_every_term(lesson):
    walk, pos, seen = walk_of(lesson), 1, [1]
    while pos < walk.total:
        pos = walk.forward(pos, "term")
        seen.append(pos)
    assert seen == list(range(1, walk.total + 1))
    assert walk.total == sum(max(1, s.count()) for s in walk.trace.steps)


def stops_in(walk, i):
    """Return the guided stops inside step i, as terms of it shown."""
    return [p - walk.start(i) for p in walk.stops("guided")
            if walk.start(i) < p <= walk.ends[i]]


def walked_one_by_one(walk, i):
    """Return the kinds of term step i goes through one press per term."""
    step, stops = walk.trace.steps[i], set(stops_in(walk, i))
    first = step.cell_start(1) if step.cells() > 1 else step.count()  # its first cell
    return {step.term(k - 1).kind for k in stops if k - 1 in stops and 1 < k <= first
            and step.term(k - 2).kind == step.term(k - 1).kind}


@pytest.mark.parametrize("lesson", LESSONS)
def test_no_kind_of_term_is_walked_term_by_term_twice(lesson):
    walk, where = walk_of(lesson), {}
    for i in range(len(walk.trace.steps)):
        for kind in walked_one_by_one(walk, i):
            assert kind not in where, f"{kind} walked at steps {where.get(kind)} and {i}"
            where[kind] = i


@pytest.mark.parametrize("lesson", LESSONS)
def test_an_operation_walked_once_goes_by_in_a_press_when_it_comes_again(lesson):
    walk, seen, kinds = walk_of(lesson), set(), set()
    for i, step in enumerate(walk.trace.steps):
        first = step.cell_start(1) if step.cells() > 1 else step.count()
        here = {step.term(k).kind for k in range(first)}
        if step.op in seen and here <= kinds:  # nothing new in it
            assert len(stops_in(walk, i)) <= 1, (i, step.op, step.name)
        seen.add(step.op)
        kinds |= here


def steps_named(lesson, op):
    walk = walk_of(lesson)
    return walk, [i for i, s in enumerate(walk.trace.steps) if s.op == op]


@pytest.mark.parametrize("lesson", ("lesson2", "lesson3", "lesson4"))
def test_row_sums_are_not_added_up_again_inside_the_division(lesson):
    walk = walk_of(lesson)
    ops = [s.op for s in walk.trace.steps]
    checked = 0
    for i, op in enumerate(ops):
        if op not in ("normalize", "normalize_rows") or "row_sums" not in ops[:i]:
            continue
        step, stops = walk.trace.steps[i], stops_in(walk, i)
        row = step.args[0] if op == "normalize" else step.args[0][0]
        assert [step.term(k).kind for k in range(len(row))] == ["sum"] * len(row)
        # A stop inside the first row's running sum would add it up term by term again.
        assert not [p for p in stops if p < len(row)], (lesson, i, stops)
        checked += 1
    assert checked


def test_lesson2_adds_the_relevances_up_once():
    walk, (i,) = steps_named("lesson2", "normalize")
    assert walk.trace.steps[i - 1].op == "row_sums"  # the same ten, added up just before
    n = len(walk.trace.steps[i].args[0])
    assert stops_in(walk, i)[0] == n  # the sum in one press, then the divisions


def test_lesson4_does_not_walk_lesson3s_weighted_sum_again():
    walk = walk_of("lesson4")
    (i,) = [i for i, s in enumerate(walk.trace.steps) if s.name and "lesson 3's" in s.name]
    assert len(stops_in(walk, i)) <= 1
    assert walk.trace.steps[i].count() == 40  # still there, term by term, with --step term


@pytest.mark.parametrize("lesson", LESSONS)
def test_narration_comes_at_least_every_40_presses(lesson):
    walk = walk_of(lesson)
    said = [walk.press(walk.ends[i], "guided")[0] for i, s in enumerate(walk.trace.steps)
            if s.decl.narration]
    ends = [1] + said + [walk.press(walk.total, "guided")[1]]
    assert max(b - a for a, b in zip(ends, ends[1:])) <= 40  # lesson 5 had 60
