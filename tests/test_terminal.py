"""`python -m tracer lesson3` in a real pseudo-terminal, driven the way a learner drives it."""

import io
import json
import os
import re
import signal
import subprocess
import sys
import time

import pytest
from helpers import (ESCAPE, EVIL_SHOWN, ROOT, STATUS, child_env, default_signals,
                     evil_files, finish, flat, rich_or_skip, spawn_wrapped, vectors_file)

pexpect = pytest.importorskip("pexpect")
if not hasattr(pexpect, "spawn"):  # Windows has no pseudo-terminals to drive
    pytest.skip("these tests need a pseudo-terminal", allow_module_level=True)

SGR = re.compile(r"\x1b\[([0-9;]*)m")


@pytest.fixture
def spawn(tmp_path):
    """Return a function that starts tracer in a 30x80 pseudo-terminal at its start.

    It paces by term unless told otherwise (step=None: the default pacing).
    """
    children = []

    def start(*args, wrapped=True, step="term", **env):
        if step and "--step" not in args:
            args += ("--step", step)
        child = spawn_wrapped(tmp_path, args, child_env(**env), wrapped)
        children.append(child)
        child.mode_before = getattr(child, "settings", None)
        child.total = status(child)[1]
        assert status_of(child) == (1, child.total, None, None)
        return child

    yield start
    for child in children:
        child.close(force=True)


def status(child):
    """Wait for the next status line; return (press, of, term, of terms)."""
    child.expect(STATUS)
    numbers = [int(g) if g else None for g in child.match.groups()]
    child.last = tuple(numbers)
    child.frame = child.before  # what was drawn since the last status line
    return child.last


def status_of(child):
    return child.last


def press(child, key):
    child.send(key)
    return status(child)


def ended(child):
    """Wait for tracer itself to end; return its exit status."""
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus


def colours(text):
    """Return the SGR codes in text that set a colour (not bold, dim or reverse)."""
    found = set()
    for params in SGR.findall(text):
        codes = [int(p) for p in params.split(";") if p]
        for code in codes:
            if code in (38, 48) or 30 <= code <= 37 or 40 <= code <= 47 or \
                    90 <= code <= 97 or 100 <= code <= 107:
                found.add(code)
    return found


def test_first_screen_and_one_space(spawn):
    child = spawn("lesson3")
    assert child.total > 1000
    assert "Give every word a third vector, a query" in child.seen.getvalue()
    assert press(child, " ") == (2, child.total, 1, 4)
    child.send("q")
    assert finish(child) == (0, child.mode_before)


def test_each_key_press_shows_one_more_term(spawn):
    child = spawn("lesson3")
    expected_terms = [("1.000 × 0.889 = 0.889", 1), ("0.200 × 0.111 = 0.022", 2),
                      ("0.100 × 0.444 = 0.044", 3)]
    for pos, (term, k) in enumerate(expected_terms, start=2):
        assert press(child, " ") == (pos, child.total, k, 4)
        assert term in child.frame
        assert child.frame.count("running sum") == k  # the terms so far, one a line
    assert press(child, " ") == (5, child.total, 4, 4)
    assert "= 0.956" in child.frame  # the last term closes the sum on its result
    assert press(child, " ") == (6, child.total, 1, 4)  # the next dot starts at term 1
    assert "q_dog · k_Riley" in child.frame
    assert child.frame.count("running sum") == 1
    child.send("q")
    assert finish(child) == (0, child.mode_before)


def test_other_forward_keys_move_one_term(spawn):
    child = spawn("lesson3")
    steps = [press(child, key)[0] for key in ("\r", "n", "\x1b[C", "l")]
    assert steps == [2, 3, 4, 5]
    child.send("q")
    assert finish(child)[0] == 0


def test_b_steps_back(spawn):
    child = spawn("lesson3")
    press(child, " ")
    press(child, " ")
    assert press(child, "b") == (2, child.total, 1, 4)
    assert press(child, "\x1b[D") == (1, child.total, None, None)
    child.send("b")
    child.expect("this is the start")
    child.send("q")
    assert finish(child)[0] == 0


def test_typing_a_step_number_jumps_there(spawn):
    child = spawn("lesson3")
    child.send("500")
    child.expect("go to press: 500_")
    child.send("\r")
    assert status(child)[0] == 500
    assert press(child, " ")[0] == 501
    child.send("G")
    assert status(child)[0] == child.total
    child.send("q")
    assert finish(child) == (0, child.mode_before)


def test_q_restores_the_terminal(spawn):
    child = spawn("lesson3")
    press(child, " ")
    child.send("q")
    code, mode = finish(child)
    assert code == 0
    assert mode == child.mode_before
    seen = child.seen.getvalue()
    assert seen.rindex("\x1b[?1049l") > seen.rindex("\x1b[?1049h")  # left the alt screen
    assert seen.rindex("\x1b[?25h") > seen.rindex("\x1b[?25l")  # the cursor is back
    assert "Traceback" not in seen


def test_q_ends_python_m_tracer_with_0(spawn):
    child = spawn("lesson3", wrapped=False)
    press(child, " ")
    child.send("q")
    assert ended(child) == 0


def test_ctrl_c_exits_130_and_restores_the_terminal(spawn):
    child = spawn("lesson3")
    press(child, " ")
    press(child, " ")
    child.sendintr()
    code, mode = finish(child)
    assert code == 130
    assert mode == child.mode_before
    assert "Traceback" not in child.seen.getvalue()
    assert "KeyboardInterrupt" not in child.seen.getvalue()


def test_ctrl_c_ends_python_m_tracer_with_130(spawn):
    child = spawn("lesson3", wrapped=False)
    press(child, " ")
    child.sendintr()
    assert ended(child) == 130
    assert "Traceback" not in child.seen.getvalue()


def test_end_of_input_exits_0_and_restores_the_terminal(spawn):
    child = spawn("lesson3")
    press(child, " ")
    child.sendeof()
    code, mode = finish(child)
    assert code == 0
    assert mode == child.mode_before
    assert "Traceback" not in child.seen.getvalue()


def test_step_op_moves_a_whole_operation(spawn):
    child = spawn("lesson3", "--step", "op")
    # say, dot of 4 terms, dot of 4 terms, say, say: one press each
    assert [press(child, " ")[0] for _ in range(4)] == [2, 3, 4, 5]
    assert status_of(child)[2] is None
    assert press(child, "b")[0] == 4
    assert press(child, "b")[0] == 3
    child.send("q")
    assert finish(child) == (0, child.mode_before)


def test_step_line_moves_a_whole_line(spawn):
    child = spawn("lesson3", "--step", "line")
    assert press(child, " ")[0] == 2
    assert "= 0.956" in child.frame  # the whole dot on line 13
    assert press(child, " ")[0] == 3
    assert "q_dog · k_Riley" in child.frame
    child.send("q")
    assert finish(child)[0] == 0


def test_s_finishes_the_operation(spawn):
    child = spawn("lesson3")
    press(child, " ")
    assert press(child, "s") == (5, child.total, 4, 4)
    child.send("q")
    assert finish(child)[0] == 0


def test_a_resize_mid_lesson_keeps_working(spawn):
    child = spawn("lesson3")
    press(child, " ")
    child.setwinsize(20, 40)
    assert status(child) == (2, child.total, 1, 4)  # redrawn where it was
    assert press(child, " ") == (3, child.total, 2, 4)
    frame = ESCAPE.sub("", child.frame.split("\x1b[H")[-1])
    lines = [line.rstrip("\r") for line in frame.split("\n")]
    assert max(len(line) for line in lines) == 40  # the rules span the new width
    assert "q_Riley = [1.000, 0.200, 0.100, 0.100]" in frame
    assert press(child, " ") == (4, child.total, 3, 4)
    child.setwinsize(30, 80)
    assert status(child) == (4, child.total, 3, 4)
    child.send("q")
    assert finish(child) == (0, child.mode_before)


@pytest.mark.parametrize("env", [{"TERM": "dumb"}, {"LANG": "C"}],
                         ids=["TERM=dumb", "LANG=C"])
def test_dumb_terminal_or_c_locale_is_ascii(spawn, env):
    child = spawn("lesson3", **env)
    assert press(child, " ") == (2, child.total, 1, 4)
    assert "1.000 x 0.889 = 0.889" in child.frame
    assert "q_Riley . k_dog" in child.frame
    child.send("q")
    assert finish(child)[0] == 0
    seen = child.seen.getvalue()
    for symbol in ("×", "·", "▶", "─", "ᵀ"):
        assert symbol not in seen
    assert "press 1 of" in seen


def test_unicode_terminal_shows_symbols(spawn):
    child = spawn("lesson3")
    press(child, " ")
    assert "q_Riley · k_dog" in child.frame
    assert "1.000 × 0.889" in child.frame
    child.send("q")
    assert finish(child)[0] == 0


def test_plain_works_interactively_without_colour(spawn):
    child = spawn("lesson3", "--plain")
    assert press(child, " ") == (2, child.total, 1, 4)
    assert "1.000 x 0.889 = 0.889" in child.frame
    assert press(child, "b")[0] == 1
    child.send("q")
    assert finish(child) == (0, child.mode_before)
    seen = child.seen.getvalue()
    assert SGR.search(seen) is None
    assert seen.isascii()


def test_no_color_keeps_colour_off_the_screen(spawn):
    rich_or_skip()  # colour to see, and to see turned off
    coloured = spawn("lesson3")
    press(coloured, " ")
    coloured.send("q")
    assert finish(coloured)[0] == 0
    assert colours(coloured.seen.getvalue())  # the test could see colour if it were there

    child = spawn("lesson3", NO_COLOR="1")
    assert press(child, " ") == (2, child.total, 1, 4)
    child.send("q")
    assert finish(child)[0] == 0
    assert colours(child.seen.getvalue()) == set()


def test_help_key_lists_the_keys(spawn):
    child = spawn("lesson3")
    child.send("?")
    child.expect("finish this operation")
    child.expect("press any key to go back")
    child.send("x")
    assert status(child)[0] == 1
    child.send("q")
    assert finish(child)[0] == 0


# Windows, simulated: no termios or tty, and a stand-in msvcrt that types scripted keys.
WINDOWS = r'''
import json, sys, types
sys.modules["termios"] = sys.modules["tty"] = None  # as on Windows: importing them fails
keys = list(json.loads(sys.argv[1]))
msvcrt = types.ModuleType("msvcrt")
msvcrt.kbhit = lambda: bool(keys)
msvcrt.getwch = lambda: keys.pop(0)
sys.modules["msvcrt"] = msvcrt
import tracer.play.terminal
tracer.play.terminal.enable_vt = lambda: sys.argv[2] == "vt"  # the console takes escape codes
from tracer.cli import main
sys.exit(main(sys.argv[3:]))
'''


def windows(tmp_path, keys, vt, *args, **env):
    """Start tracer as it would run on Windows, in a 30x80 pseudo-terminal."""
    script = tmp_path / "windows.py"
    script.write_text(WINDOWS)
    child = pexpect.spawn(sys.executable, [str(script), json.dumps(keys), vt, *args],
                          cwd=str(ROOT), env=child_env(**env), encoding="utf-8",
                          timeout=20, dimensions=(30, 80), preexec_fn=default_signals)
    child.seen = io.StringIO()
    child.logfile_read = child.seen
    return child


def test_without_termios_the_transcript_and_help_still_work(tmp_path):
    script = tmp_path / "windows.py"
    script.write_text(WINDOWS)
    run = [sys.executable, str(script), '""', "vt"]
    env = child_env(COLUMNS="60")
    done = subprocess.run(run + ["lesson3", "--no-pause", "--plain"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == (ROOT / "tests" / "expected" / "lesson3.txt").read_text()
    helped = subprocess.run(run + ["--help"], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=60)
    assert helped.returncode == 0 and "finish this operation" in helped.stdout
    files = [tmp_path / name for name in ("t.json", "t.html", "t.svg")]
    saved = subprocess.run(run + ["lesson3", "--no-pause", "--export", str(files[0]),
                                  "--html", str(files[1]), "--svg", str(files[2])],
                           cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert saved.returncode == 0
    assert saved.stderr.splitlines()[:2] == [f"tracer: wrote {files[0]}", f"tracer: wrote {files[1]}"]
    assert saved.stderr.count("tracer: wrote ") == 2 + len(list(tmp_path.glob("t-*.svg")))
    slides = sorted(tmp_path.glob("t-*.svg"))  # one picture per section, numbered
    assert len(slides) > 1
    assert all(path.stat().st_size > 1000 for path in files[:2] + slides)


def test_windows_keys_step_through_lesson3(tmp_path):
    # space, Enter, the right arrow ("\xe0M"), b, the left arrow ("\x00K"), then q
    child = windows(tmp_path, " \r\xe0Mb\x00Kq", "vt", "lesson3", "--step", "term")
    steps = [int(child.match.group(1)) for _ in range(6)
             if child.expect(STATUS) == 0]
    child.expect(pexpect.EOF)
    child.close()
    assert steps == [1, 2, 3, 4, 3, 2]
    assert child.exitstatus == 0
    seen = child.before
    assert "Traceback" not in seen


def test_a_console_without_escape_codes_gets_plain_screens(tmp_path):
    child = windows(tmp_path, " bq", "no", "lesson3", "--step", "term")
    child.expect(pexpect.EOF)
    child.close()
    seen = child.before
    assert child.exitstatus == 0
    assert "\x1b" not in seen
    assert [int(n) for n in re.findall(r"press (\d+) of \d+", seen)] == [1, 2, 1]
    assert "1.000 x 0.889 = 0.889" in seen  # the plain view's ASCII symbols


# Signals: whatever stops or ends the player gives the terminal back as it was.
MODES = {"1049": "alternate screen", "25": "cursor shown", "7": "autowrap"}


def modes(seen):
    """Return which of the alternate screen, the cursor and autowrap the output left on."""
    last = {}
    for code, switch in re.findall(r"\x1b\[\?(1049|25|7)([hl])", seen):
        last[MODES[code]] = switch == "h"
    return last


PROMPT = "READY> "


def shell_run(shell, command):
    """Run a command in the shell; return what it printed."""
    shell.sendline(command)
    shell.expect(PROMPT)
    return re.sub(r"\x1b\[\?2004[hl]", "", shell.before).split("\n", 1)[1]


def test_ctrl_z_gives_the_terminal_back_and_fg_redraws():
    # In a shell with job control, as a learner has it: only there does Ctrl-Z stop.
    shell = pexpect.spawn("bash", ["--norc", "--noprofile", "-i"], cwd=str(ROOT),
                          env=child_env(PS1=PROMPT), encoding="utf-8", timeout=10,
                          dimensions=(30, 80))
    shell.seen = io.StringIO()
    shell.logfile_read = shell.seen
    shell.expect(PROMPT)
    before = shell_run(shell, "stty -a")
    assert " icanon " in before and " echo " in before
    shell.sendline(f"{sys.executable} -m tracer lesson3")
    status(shell)
    assert press(shell, " ")[0] == 2
    shell.sendcontrol("z")
    shell.expect("Stopped")
    shell.expect(PROMPT)
    assert modes(shell.seen.getvalue()) == {
        "alternate screen": False, "cursor shown": True, "autowrap": True}
    assert shell_run(shell, "stty -a") == before  # echo and line mode are back
    shell.sendline("fg")
    assert status(shell)[0] == 2  # the same step, drawn again
    assert modes(shell.seen.getvalue())["alternate screen"] is True
    assert press(shell, " ")[0] == 3  # keys act at once, without Enter
    shell.send("q")
    shell.expect(PROMPT)
    assert shell_run(shell, "echo status $?").strip() == "status 0"
    assert shell_run(shell, "stty -a") == before
    assert modes(shell.seen.getvalue()) == {
        "alternate screen": False, "cursor shown": True, "autowrap": True}
    shell.close(force=True)


@pytest.mark.parametrize("sig", ["SIGTERM", "SIGQUIT", "SIGHUP"])
def test_a_signal_to_end_restores_everything(spawn, sig):
    child = spawn("lesson3")
    assert press(child, " ")[0] == 2
    child.kill(getattr(signal, sig))
    code, mode = finish(child)
    assert (code, mode) == (128 + getattr(signal, sig), child.mode_before)
    seen = child.seen.getvalue()
    assert modes(seen) == {"alternate screen": False, "cursor shown": True,
                           "autowrap": True}
    assert "Traceback" not in seen


def test_ctrl_backslash_restores_everything(spawn):
    child = spawn("lesson3")
    assert press(child, " ")[0] == 2
    child.sendcontrol("\\")
    assert finish(child) == (128 + signal.SIGQUIT, child.mode_before)
    assert modes(child.seen.getvalue())["alternate screen"] is False


def test_lesson3_ends_within_150_presses_at_the_default_pacing(spawn):
    child = spawn("lesson3", step=None)
    assert child.total - 1 <= 150  # press 1 is the start
    for n in range(2, child.total + 1):
        assert press(child, "n")[:2] == (n, child.total)  # the status counts each press
    assert "Lessons 4 and 5 take those steps" in child.frame  # the last narration
    child.send("n")
    child.expect("that was the end")
    child.send("q")
    assert finish(child) == (0, child.mode_before)


def test_t_opens_an_operation_term_by_term_and_closes_it(spawn):
    child = spawn("lesson3", step=None)
    child.send("6")
    child.expect("go to press: 6_")
    child.send("\r")  # the second dot, reached in one press at the default pacing
    assert status(child)[2:] == (None, None)
    assert "q_dog · k_Riley" in child.frame
    assert press(child, "t")[2:] == (4, 4)  # opened where it stands: the last term
    assert press(child, "b")[2:] == (3, 4)
    assert press(child, "b")[2:] == (2, 4)
    assert "0.200 × 0.600 = 0.120" in child.frame
    assert press(child, "t")[2:] == (None, None)  # closed again
    child.send("q")
    assert finish(child)[0] == 0


def narration_of(frame):
    """Return the narration box of a drawn frame: the lines between its last two rules."""
    text = ESCAPE.sub("", frame.split("\x1b[H")[-1])
    lines = [ln.rstrip("\r") for ln in text.split("\n")]
    rules = [k for k, ln in enumerate(lines) if ln.startswith("────")]
    return " ".join(lines[rules[-2] + 1:rules[-1]]) if len(rules) >= 2 else ""


def test_sections_in_order_each_with_its_own_narration(spawn):
    child = spawn("lesson3", step=None)
    seen = [(child.last[0], narration_of(child.frame))]
    for _ in range(30):
        child.send("]")
        child.expect(STATUS)
        if int(child.match.group(1)) == seen[-1][0]:  # no section after this one
            child.expect("this is the last section")
            break
        seen.append((int(child.match.group(1)), narration_of(child.before)))
    assert len(seen) >= 3
    assert [p for p, _ in seen] == sorted({p for p, _ in seen})  # in order, each new
    narrations = [n for _, n in seen]
    assert all(narrations) and len(set(narrations)) == len(narrations)
    child.send("q")
    assert finish(child)[0] == 0


def test_a_product_names_its_component_in_term_view(spawn):
    child = spawn("lesson3")
    press(child, " ")
    assert "animal  1.000 × 0.889 = 0.889   running sum 0.889" in child.frame
    press(child, " ")
    assert "person  0.200 × 0.111 = 0.022   running sum 0.889 + 0.022 = 0.911" in child.frame
    child.send("q")
    assert finish(child)[0] == 0


def test_a_signal_to_end_the_windows_player_leaves_its_screen(tmp_path):
    child = windows(tmp_path, " ", "vt", "lesson3")  # one key, then none: it waits
    for _ in range(2):
        child.expect(STATUS)
    child.kill(signal.SIGTERM)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 128 + signal.SIGTERM
    assert modes(child.seen.getvalue()) == {
        "alternate screen": False, "cursor shown": True, "autowrap": True}


# In a pseudo-terminal: every way out puts the terminal back as it was.



@pytest.fixture
def terminal(tmp_path):
    """Return a function starting the wrapped tracer in a 30x80 terminal at its start."""
    if pexpect is None or not hasattr(pexpect, "spawn"):
        pytest.skip("the terminal tests need pexpect and a pseudo-terminal")
    children = []

    def start(*args, **env):  # term by term, as these tests count terms
        child = spawn_wrapped(tmp_path, args + ("--step", "term"), child_env(**env))
        children.append(child)
        assert next_status(child)[0] == 1
        return child

    yield start
    for child in children:
        child.close(force=True)


def next_status(child):
    """Wait for the next complete status line; return (press, of, term, of terms)."""
    child.expect(STATUS)
    child.frame = child.before
    return tuple(int(g) if g else None for g in child.match.groups())


def press_term(child, key):
    child.send(key)
    return next_status(child)


def finish_restored(child, status, screen=True):
    """Wait for the wrapper to end with status, the terminal's settings as before.

    screen=False: a terminal that moves no cursor got no escape code at all."""
    child.expect(r"after (\[.*\])\r\n")
    assert child.match.group(1) == child.settings
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == status
    seen = child.seen.getvalue()
    assert "Traceback" not in seen
    if not screen:
        assert "\x1b" not in seen
        return seen
    assert seen.rindex("\x1b[?1049l") > seen.rindex("\x1b[?1049h")  # main screen back
    assert seen.rindex("\x1b[?25h") > seen.rindex("\x1b[?25l")  # cursor back
    return seen


def test_ctrl_c_in_the_middle_of_a_step(terminal):
    child = terminal("lesson3")
    assert [press_term(child, " ")[2] for _ in range(3)] == [1, 2, 3]  # inside the first dot
    child.sendintr()
    seen = finish_restored(child, 130)
    assert "KeyboardInterrupt" not in seen


def test_end_of_input_mid_lesson(terminal):
    child = terminal("lesson3")
    press_term(child, " ")
    press_term(child, " ")
    child.sendeof()
    finish_restored(child, 0)


def test_the_terminal_made_narrower_mid_lesson(terminal):
    child = terminal("lesson3")
    press_term(child, " ")
    _, total, term, _ = press_term(child, " ")
    child.setwinsize(30, 40)
    assert next_status(child) == (3, total, term, 4)  # redrawn where it was
    assert press_term(child, " ")[0] == 4
    assert press_term(child, "b")[0] == 3
    frame = ESCAPE.sub("", child.frame.split("\x1b[H")[-1])
    widths = [len(line.rstrip("\r")) for line in frame.split("\n")]
    assert max(widths) <= 40, frame
    child.send("q")
    finish_restored(child, 0)


@pytest.mark.parametrize("env", [{"TERM": "dumb"}, {"LANG": "C"}],
                         ids=["TERM=dumb", "LANG=C"])
def test_an_ascii_terminal_gets_ascii_symbols(terminal, env):
    child = terminal("lesson3", **env)
    press_term(child, " ")
    assert "1.000 x 0.889 = 0.889" in child.frame
    assert "q_Riley . k_dog" in child.frame
    press_term(child, "b")
    child.send("q")
    # TERM=dumb: no alternate screen and no cursor moves, screens one below the other.
    seen = finish_restored(child, 0, screen=env.get("TERM") != "dumb")
    for symbol in ("×", "·", "▶", "─"):
        assert symbol not in seen


# Text from files is data: no control code from a file reaches the screen.

@pytest.mark.parametrize("view", [(), ("--plain",)], ids=["rich", "plain"])
def test_escape_codes_in_files_reach_no_screen(terminal, evil_files, view):
    vectors, saved = evil_files
    for args, shown in ((("lesson3", "--vectors", vectors, *view), "size\\x1b"),
                        (("replay", saved, *view), "title" + EVIL_SHOWN[:20])):
        child = terminal(*map(str, args))
        press_term(child, "G")
        for _ in range(6):  # back into the last table, whose columns are the components
            press_term(child, "b")
        child.send("o")  # the outline lists the sections by their titles
        child.expect("Outline")
        child.send("\x1b")
        child.send("q")
        seen = finish_restored(child, 0)
        assert "\x1b]" not in seen and "\x1b[31m" not in seen and "\x9b" not in seen
        assert shown in seen


def test_an_unpaired_surrogate_on_the_player_screen(terminal, tmp_path):
    path = vectors_file(tmp_path, '{"sentence": "the cat", "components": ["size\\udc80", '
                                  '"animal"], "words": {"cat": {"value": [1, 0], '
                                  '"key": [1, 0], "query": [0, 1]}}}')
    child = terminal("lesson3", "--vectors", str(path))
    child.send("G")
    for _ in range(40):
        if "size\\udc80" in child.seen.getvalue():
            break
        press_term(child, "b")
    assert "size\\udc80" in child.seen.getvalue()
    child.send("q")
    finish_restored(child, 0)


# Predict, then reveal.


def test_predict_in_a_terminal_is_a_conversation_inside_the_player():
    pexpect = pytest.importorskip("pexpect")
    child = pexpect.spawn(sys.executable, ["-m", "tracer", "lesson3", "--predict", "--plain"],
                          cwd=str(ROOT), env=child_env(), encoding="utf-8", timeout=10,
                          dimensions=(24, 80), preexec_fn=default_signals)
    try:
        child.expect_exact("Will q_dog . k_Riley equal q_Riley . k_dog?")  # at once
        child.expect_exact("press 1 of ")
        child.expect_exact("your answer: _")
        child.send("maybe\r")
        child.expect_exact("'maybe' is not one of the choices; try again")
        child.send("yes\r")  # wrong: the reason, computed, comes on the screen
        child.expect(r"Not this time: the answer is no\. q_dog \. k_Riley = 0\.200 and")
        child.expect_exact("space goes on")
        child.send(" ")  # and the walk goes on
        child.expect(r"press 2 of \d+")
        child.send("G")  # a jump stops at the next question first
        child.expect_exact("how many will differ from their mirror image")
        child.send("88\r")  # within 10% of 90
        child.expect(r"Right: 90\. 90 of 100 differ\.")
        child.send("G")
        child.expect(r"that was the end \. questions: 1 right of 2 answered")
        child.send("q")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0
