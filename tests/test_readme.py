"""The README's figures are the player's: each press count and status line it quotes."""

import re

import tracer
from tracer.play.walk import Walk
from tracer.view.screen import status_line
from tracer.view.text import Style
from helpers import ROOT

README = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
ENDS = re.compile(r"[Ll]esson (\d+) ends in (\d+) presses")
STATUS = re.compile(r"`(press (\d+) of (\d+)[^`]*)` in lesson (\d+)")
ANY = re.compile(r"press \d+ of \d+|ends in \d+ presses")


def guided(lesson):
    """Return a lesson's walk and its stops at the pacing the player starts in."""
    walk = Walk(tracer.lesson(f"lesson{lesson}"))
    return walk, walk.stops("guided")


def test_every_figure_the_readme_quotes_is_checked_here():
    quoted = ANY.findall(README)
    checked = ENDS.findall(README) + STATUS.findall(README)
    assert quoted and len(checked) == len(quoted), quoted


def test_each_lessons_press_count_is_the_players():
    for lesson, presses in ENDS.findall(README):
        walk, stops = guided(lesson)
        assert len(stops) == int(presses), f"lesson {lesson} ends in {len(stops)} presses"
        assert stops[-1] == walk.total  # the last press is the end


def test_each_status_line_is_the_one_the_player_draws():
    for line, at, total, lesson in STATUS.findall(README):
        walk, stops = guided(lesson)
        drawn = status_line(walk, stops[int(at) - 1], ("guided", None), Style(), 200)
        text = drawn[0][0]
        assert text.startswith(line + "   "), (line, text)  # then the keys, nothing else
        section = line.split(" · ")[1]
        assert section in [title for title, _ in walk.sections()]
