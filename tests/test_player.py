"""The player, driven through a real pseudo-terminal the way a learner drives it."""

import io
import os
import re
import sys
import time

import pytest
from helpers import default_signals, finish

import tracer
from tracer.play.player import GO_ON, Player, keys_help, play
from tracer.play.walk import Walk

pexpect = pytest.importorskip("pexpect")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Three steps: a sentence (one place), a dot of 3 terms, a dot of 2 terms: 6 places.
HELPER = '''
import os, signal, sys, termios
import tracer
from tracer.play.walk import Walk
from tracer.play.player import play

with tracer.recording() as t:
    tracer.say("hello")
    tracer.dot([1, 2, 3], [4, 5, 6])
    tracer.dot([1, 2], [3, 4])
w = Walk(t)


def render(pos, width, height, pace):
    if "boom" in sys.argv and pos == 3:
        raise RuntimeError("render broke")
    i, k = w.locate(pos)
    return f"screen step={i} terms={k} size={width}x{height}\\nstep {pos} of {w.total}"


if "hup" in sys.argv:  # outlive the terminal, to see how the player takes its loss
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
print("before", termios.tcgetattr(0), flush=True)
try:
    code = play(w, render, unit=sys.argv[1])
except RuntimeError as e:
    print("error", e)
    code = 3
if "hup" in sys.argv:
    with open(os.environ["STATUS_FILE"] + ".part", "w") as f:
        f.write(str(code))
    os.replace(os.environ["STATUS_FILE"] + ".part", os.environ["STATUS_FILE"])
print("after", termios.tcgetattr(0), flush=True)
sys.exit(code)
'''

AT = r"step (\d+) of 6"


@pytest.fixture
def start(tmp_path):
    """Return a function that starts the helper in a pty and waits for the first screen."""
    if not hasattr(pexpect, "spawn"):  # Windows has no pseudo-terminals to drive
        pytest.skip("this test needs a pseudo-terminal")
    script = tmp_path / "helper.py"
    script.write_text(HELPER)
    children = []

    def spawn(unit="term", *extra):
        env = dict(os.environ, PYTHONPATH=ROOT, STATUS_FILE=str(tmp_path / "status"))
        child = pexpect.spawn(sys.executable, [str(script), unit, *extra], cwd=ROOT,
                              env=env, encoding="utf-8", timeout=5, dimensions=(24, 80),
                              preexec_fn=default_signals)
        child.seen = io.StringIO()
        child.logfile_read = child.seen
        child.expect(r"before (\[.*\])\r\n")
        child.before_mode = child.match.group(1)
        assert at(child) == 1
        children.append(child)
        return child

    yield spawn
    for child in children:
        child.close(force=True)


def at(child):
    """Return the position on the next screen drawn."""
    child.expect(AT)
    return int(child.match.group(1))


def press(child, keys):
    """Send keys and return the position they lead to."""
    child.send(keys)
    return at(child)


def test_forward_keys_move_one_term_each(start):
    child = start()
    assert [press(child, k) for k in (" ", "\r", "n", "\x1b[C", "l")] == [2, 3, 4, 5, 6]


def test_back_keys_move_one_term_each(start):
    child = start()
    assert press(child, "G") == 6
    assert [press(child, k) for k in ("b", "\x1b[D", "h")] == [5, 4, 3]


def test_s_finishes_the_operation(start):
    child = start()
    assert press(child, " ") == 2
    assert press(child, "s") == 4


def test_home_and_end(start):
    child = start()
    assert press(child, "\x1b[F") == 6
    assert press(child, "\x1b[H") == 1
    assert press(child, "\x1b[4~") == 6
    assert press(child, "g") == 1


def test_digits_then_enter_jump(start):
    child = start()
    child.send("4")
    child.expect("go to press: 4_")
    assert press(child, "\r") == 4


def test_jump_past_the_end_clamps(start):
    child = start()
    for number, pos in (("99", 6), ("0", 1), ("5", 5)):
        child.send(number)
        child.expect(f"go to press: {number}_")
        assert press(child, "\r") == pos


def test_backspace_edits_the_step_number(start):
    child = start()
    child.send("25")
    child.expect("go to press: 25_")
    child.send("\x7f")
    child.expect("go to press: 2_")
    assert press(child, "\r") == 2


def test_esc_cancels_the_step_number(start):
    child = start()
    child.send("3")
    child.expect("go to press: 3_")
    assert press(child, "\x1b") == 1  # a lone Esc, redrawn without the prompt
    assert press(child, "\r") == 2  # Enter is now a plain forward, not "go to 3"


def test_step_op_moves_whole_operations(start):
    child = start("op")
    assert [press(child, " ") for _ in range(2)] == [4, 6]
    assert [press(child, "b") for _ in range(2)] == [4, 1]


def test_question_mark_shows_the_keys(start):
    child = start()
    child.send("?")
    child.expect(r"\x1b\[HKeys\x1b\[K")  # the first line of the frame
    for keys, meaning in keys_help():  # each whole line, in order: keys, then meaning
        child.expect(r"\n  " + re.escape(keys) + " +" + re.escape(meaning) + r"\x1b\[K")
    child.expect(r"\npress any key to go back\x1b\[K")
    assert press(child, "x") == 1  # the key closes the help and does nothing else
    assert press(child, " ") == 2


def test_other_keys_give_a_hint(start):
    child = start()
    child.send("x")
    child.expect(r"press \? to see the keys")


def test_resize_redraws_at_the_new_size(start):
    child = start()
    assert "size=80x23" in child.seen.getvalue()
    child.setwinsize(30, 100)
    child.expect("size=100x29")
    assert at(child) == 1
    assert press(child, " ") == 2
    child.send("q")
    assert finish(child)[0] == 0


@pytest.mark.parametrize("how, status", [
    ("q", 0),
    ("ctrl-c", 130),
    ("eof", 0),
])
def test_leaving_restores_the_terminal(start, how, status):
    child = start()
    assert press(child, " ") == 2
    if how == "ctrl-c":
        child.sendintr()
    elif how == "eof":
        child.sendeof()
    else:
        child.send(how)
    code, mode = finish(child)
    assert code == status
    assert mode == child.before_mode
    seen = child.seen.getvalue()
    assert "Traceback" not in seen
    assert seen.rindex("\x1b[?1049l") > seen.rindex("\x1b[?1049h")  # left the alt screen
    assert seen.rindex("\x1b[?25h") > seen.rindex("\x1b[?25l")  # cursor shown again


def test_a_failing_render_still_restores_the_terminal(start):
    child = start("term", "boom")
    child.send("  ")
    child.expect("error render broke")
    code, mode = finish(child)
    assert (code, mode) == (3, child.before_mode)
    assert child.seen.getvalue().rindex("\x1b[?1049l") > 0


def test_a_vanished_terminal_ends_quietly(start, tmp_path):
    child = start("term", "hup")
    assert press(child, " ") == 2
    child.ptyproc.fileobj.close()  # hang up: close the terminal's other end
    status = tmp_path / "status"
    deadline = time.monotonic() + 5
    while not status.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert status.read_text() == "0"


def test_frames_redraw_in_place_only_when_something_changed():
    with tracer.recording() as t:
        tracer.dot([1, 2], [3, 4])
    w = Walk(t)
    out = io.StringIO()
    writes = []
    out.write = writes.append
    calls = []

    def render(pos, width, height, pace):
        calls.append(pos)
        return f"step {pos} of {w.total}"

    keys = ["right", "x", "x", "1", "enter", "enter", "q"]
    assert play(w, render, keys=keys, out=out) == 0
    # the second x changes nothing, so nothing is drawn for it
    assert [f.count("step 2 of 2") for f in writes] == [0, 1, 1, 1, 0, 1]
    assert all(f.startswith("\x1b[H") and f.endswith("\x1b[K\x1b[J") for f in writes)
    assert "\x1b[2J" not in "".join(writes)  # never a full clear: no flicker
    assert calls == [1, 2, 1, 2]  # hints and the prompt reuse the rendered screen


def test_ctrl_c_and_eof_keys_end_at_once():
    with tracer.recording() as t:
        tracer.dot([1, 2], [3, 4])
    w = Walk(t)
    draw = lambda pos, width, height, pace: ""  # noqa: E731
    assert play(w, draw, keys=["ctrl-c", "q"], out=io.StringIO()) == 130
    assert play(w, draw, keys=["eof", "q"], out=io.StringIO()) == 0
    assert play(w, draw, keys=[], out=io.StringIO()) == 0


def test_keys_help_lists_every_key():
    meaning = {key: m for keys, m in keys_help() for key in keys.split(", ")}
    assert meaning["s"] == "finish this operation"
    assert meaning["g"] == meaning["Home"] == "go to the start"
    assert meaning["G"] == meaning["End"] == "go to the end"
    assert meaning["?"] == "show these keys"
    assert meaning["q"] == "quit"
    assert meaning["b"] == meaning["Left"] == meaning["h"] == "back one"
    for key in ("Enter", "Space", "n", "Right", "l"):
        assert meaning[key].startswith("forward one press")
    assert Player(Walk(tracer.Trace()), None).pos == 0  # an empty walk has nowhere to go


def test_a_line_as_wide_as_the_terminal_keeps_its_last_column():
    # With autowrap off the cursor stays on the last column, so clearing the rest of
    # the line there would erase that character: "q: quit" would read "q: qui".
    with tracer.recording() as t:
        tracer.dot([1, 2], [3, 4])
    w = Walk(t)
    line = "step 1 of 2" + " " * 62 + "q: quit"  # 80 columns
    wide = "日本" * 40  # 80 columns in 40 characters
    player = Player(w, lambda pos, width, height, pace: f"{wide}\n\x1b[7m{line}\x1b[0m")
    frame = player.frame(80, 4)
    assert f"{wide}\r\n" in frame
    assert f"q: quit\x1b[0m\r\n" in frame
    # the short rows are still cleared, and the first screen says how to go on
    assert frame.endswith(f"\r\n\x1b[K\r\n{GO_ON}\x1b[K\x1b[J")
    player.note = ""
    assert player.frame(80, 4).endswith("\r\n\x1b[K\x1b[J")
    player.note = "n" * 80  # a hint as wide as the bottom row
    assert player.frame(80, 4).endswith("n" * 80)


def test_a_console_without_escape_codes_gets_plain_frames():
    with tracer.recording() as t:
        tracer.dot([1, 2], [3, 4])
    w = Walk(t)
    out = io.StringIO()
    draw = lambda pos, width, height, pace: f"\x1b[1mstep {pos}\x1b[0m"  # noqa: E731
    assert play(w, draw, keys=["right", "q"], out=out, escapes=False) == 0
    assert "\x1b" not in out.getvalue()
    assert out.getvalue().count("step 1\n") == 1
    assert out.getvalue().count("step 2\n") == 1


def sectioned():
    """Return a walk of three sections: a sentence, a dot of 3 terms, a dot of 2 terms."""
    with tracer.recording() as t:
        tracer.section("hello")
        tracer.say("hello")
        tracer.section("a long dot")
        tracer.dot([1, 2, 3], [4, 5, 6])
        tracer.section("a short dot")
        tracer.dot([1, 2], [3, 4])
    return Walk(t)


def moves(player, keys):
    """Press each key; return the positions it leads to."""
    return [player.press(key) and player.pos for key in keys]


def test_brackets_go_from_section_to_section():
    player = Player(sectioned(), None, unit="term")
    assert moves(player, "]]]") == [2, 5, 5]
    assert player.note == "this is the last section"
    assert moves(player, "[[[") == [2, 1, 1]
    player.pos = 4  # inside the long dot: [ goes to its start first
    assert moves(player, "[") == [2]
    by_op = Player(sectioned(), None, unit="op")  # a section starts at its first stop
    assert moves(by_op, "]][") == [4, 6, 4]


def test_the_outline_lists_sections_and_jumps_to_the_one_chosen():
    player = Player(sectioned(), None, unit="op")
    player.press("o")
    assert player.outline_lines()[2:] == [
        ">  1. hello         press 1  (you are here)",
        "   2. a long dot    press 2",
        "   3. a short dot   press 3",
    ]
    assert player.outline_lines()[2:] == [  # presses in the pacing of the player
        ">  1. hello         press 1  (you are here)",
        "   2. a long dot    press 2",
        "   3. a short dot   press 3",
    ]
    for key in ("down", "down", "down", "up"):  # held at the last, then back one
        player.press(key)
    assert player.outline == 1
    player.press("enter")
    assert (player.outline, player.pos) == (None, 4)  # the dot, whole
    player.press("o")
    player.press("3")
    player.press("esc")  # Esc closes without moving
    assert (player.outline, player.pos) == (None, 4)


def test_t_opens_the_operation_term_by_term_until_it_is_left():
    player = Player(sectioned(), None, unit="op")
    player.press("n")
    assert player.pos == 4  # the long dot in one press
    player.press("t")
    assert player.opened == 1
    assert moves(player, ("b", "b", "n")) == [3, 2, 3]
    player.press("n")
    player.press("n")  # out of the opened dot, by operation again
    assert (player.pos, player.opened) == (6, None)


def test_t_on_a_sentence_says_there_is_no_operation_to_open():
    player = Player(sectioned(), None, unit="op")
    assert player.pos == 1  # the sentence "hello"
    player.press("t")
    assert player.opened is None
    assert player.note == "no operation here to go through term by term"


def test_while_the_player_runs_the_collector_leaves_the_trace_alone():
    import gc
    with tracer.recording() as trace:
        tracer.matmul([[0.5]] * 300, [[0.25] * 300])  # 90,000 cells of one term each
    walk = Walk(trace)
    frozen = []

    def render(pos, width, height, pace):
        frozen.append(gc.get_freeze_count())
        return f"{pos}"
    before = gc.get_freeze_count()
    play(walk, render, keys=["G", "b", "g"], out=io.StringIO())
    # every object alive when play began (the trace's rows among them) is set apart
    assert len(frozen) == 4 and min(frozen) >= len(gc.get_objects()) // 2
    assert gc.get_freeze_count() == before == 0


@pytest.mark.parametrize("lesson", ("lesson1", "lesson2", "lesson3", "lesson4", "lesson5",
                                    "lesson6"))
def test_the_first_screen_of_every_lesson_says_how_to_go_on(lesson):
    from tracer.view import choose
    walk = Walk(tracer.lesson(lesson))
    view = choose(True, io.StringIO())
    player = Player(walk, view.screen_renderer(walk.trace, walk, lesson, 3), "guided")
    first = player.frame(80, 24).split("\r\n")
    assert first[-1].startswith("space or the right arrow goes on")
    player.press("right")
    assert player.pos > 1 and "goes on" not in player.frame(80, 24).split("\r\n")[-1]
    player.press("left")  # the hint was for the first screen only
    assert player.pos == 1 and "goes on" not in player.frame(80, 24).split("\r\n")[-1]
