"""The command line: listing, help, mistakes refused in one line, and clean transcripts."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import tracer
from tracer import __version__, cli, database
from tracer.player import keys_help
from helpers import child_env

ROOT = Path(__file__).resolve().parent.parent
CLOSING = {  # the last words of each lesson's closing narration
    "lesson1": "Lesson 2 computes that from the words themselves.",
    "lesson2": "lesson 4 shows why that is a problem and what fixes it.",
    "lesson3": "Lessons 4 and 5 take those steps.",
}
SIXTY = " ".join(f"w{i}" for i in range(60))


def closes(text, lesson):
    """Say whether text ends, after its last line, with the lesson's closing words."""
    return text.endswith("\n") and " ".join(text.split()).endswith(CLOSING[lesson])


UNICODE_SYMBOLS = ("×", "·", "▶", "−", "Σ", "√", "≈", "→", "─", "ᵀ")


@pytest.fixture(autouse=True)
def clean(monkeypatch):
    """Run each test at the default width, and leave the demo vectors in use after."""
    monkeypatch.delenv("COLUMNS", raising=False)
    yield


def tracer_run(*args, input=None, **env):
    """Run `python -m tracer ARGS` with its output piped; return the finished process."""
    return subprocess.run([sys.executable, "-m", "tracer", *args], cwd=ROOT,
                          env=child_env(**env), input=input, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=60)


def refused(capsys, args):
    """Run the command line in-process, expecting a usage error; return its one line."""
    assert cli.main(args) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "Traceback" not in err
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert err.startswith("tracer: ")
    return err.rstrip("\n")


# Listing, help and version.

def test_no_arguments_lists_each_lesson_on_one_line(capsys):
    assert cli.main([]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    listed = re.findall(r"^  (lesson\d+)  (.+)$", out, re.M)
    assert listed == [(name, cli.lesson_module(name).TITLE) for name in cli.LESSONS]
    assert listed[:3] == [("lesson1", "Mix one word's value into another's"),
                          ("lesson2", "Keys say how related two words are"),
                          ("lesson3", "Queries make attention asymmetric")]
    assert "  replay FILE.json  play a trace saved with --export" in out.splitlines()


def test_no_arguments_from_the_shell_lists_the_lessons():
    done = tracer_run()
    assert done.returncode == 0
    assert done.stderr == b""
    assert done.stdout.decode().splitlines()[1:4] == [
        "  lesson1  Mix one word's value into another's",
        "  lesson2  Keys say how related two words are",
        "  lesson3  Queries make attention asymmetric",
    ]


def test_help_exits_0_and_lists_the_keys(capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["--help"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: tracer")
    assert "keys while stepping:" in out
    for keys, meaning in keys_help():
        assert re.search(rf"^  {re.escape(keys)} +{re.escape(meaning)}$", out, re.M), keys
    for option in ("--no-pause", "--plain", "--step", "--digits", "--sentence", "--focus",
                   "--vectors", "--exact", "--predict", "--export", "--svg", "--html"):
        assert option in out


def test_version(capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out == "tracer 0.1.0\n"
    assert __version__ == "0.1.0"


def test_version_from_the_shell():
    done = tracer_run("--version")
    assert (done.returncode, done.stdout, done.stderr) == (0, b"tracer 0.1.0\n", b"")


# Mistakes: exit 2, one line on stderr, no traceback.

def test_unknown_lesson_suggests_the_nearest(capsys):
    line = refused(capsys, ["lesosn3"])
    assert line == "tracer: no lesson called 'lesosn3'; did you mean lesson3?"


def test_unknown_lesson_number_suggests_a_lesson(capsys):
    line = refused(capsys, ["lesson9"])
    suggestion = re.fullmatch(r"tracer: no lesson called 'lesson9'; did you mean "
                              r"(lesson\d+)\?", line)
    assert suggestion and suggestion.group(1) in cli.LESSONS


def test_a_name_like_no_lesson_points_at_the_listing(capsys):
    line = refused(capsys, ["xyzzy"])
    assert line == "tracer: no lesson called 'xyzzy'; run 'tracer' to list them"


@pytest.mark.parametrize("name", ["lesson9", "lesosn3"])
def test_unknown_lesson_from_the_shell(name):
    done = tracer_run(name)
    assert done.returncode == 2
    assert done.stdout == b""
    err = done.stderr.decode()
    assert err.count("\n") == 1 and err.startswith("tracer: ")
    assert "did you mean lesson" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("args", [
    ["--bogus"],
    ["lesson3", "--bogus"],
    ["lesson3", "--digits", "-1"],
    ["lesson3", "--digits", "abc"],
    ["lesson3", "--digits", "99"],
    ["lesson3", "--digits", "16"],
    ["lesson3", "--digits", ""],
    ["lesson3", "--digits", "2.5"],
    ["lesson3", "--step", "word"],
    ["lesson3", "--step", ""],
    ["lesson3", "extra"],
    ["replay"],
])
def test_bad_command_lines_exit_2_in_one_line(capsys, args):
    refused(capsys, args)


def test_bad_digits_says_what_it_takes(capsys):
    line = refused(capsys, ["lesson3", "--digits", "99"])
    assert line == ("tracer: argument --digits: expected a whole number from 0 to 15, "
                    "not '99'")


def test_bad_step_names_the_choices(capsys):
    line = refused(capsys, ["lesson3", "--step", "word"])
    assert "'word'" in line
    for unit in ("term", "op", "line"):
        assert f"'{unit}'" in line


def test_replay_without_a_file_says_how(capsys):
    line = refused(capsys, ["replay"])
    assert line == "tracer: replay needs a trace file: tracer replay FILE.json"


def test_replay_of_a_missing_file_exits_1(capsys, tmp_path):
    missing = tmp_path / "nothing.json"
    assert cli.main(["replay", str(missing), "--no-pause"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"tracer: {missing}: no such file\n"


def test_focus_outside_the_sentence_suggests_a_word(capsys):
    line = refused(capsys, ["lesson1", "--sentence", "the cat saw the dog",
                            "--focus", "dgo", "--no-pause"])
    assert line == "tracer: --focus 'dgo' is not in the sentence; did you mean dog?"


def test_focus_far_from_every_word_is_refused(capsys):
    line = refused(capsys, ["lesson1", "--sentence", "the cat saw the dog",
                            "--focus", "xylophone", "--no-pause"])
    assert line == "tracer: --focus 'xylophone' is not in the sentence"


def test_focus_ignores_case(capsys):
    assert cli.main(["lesson2", "--sentence", "the cat saw the dog", "--focus", "CAT",
                     "--no-pause", "--plain"]) == 0
    out = capsys.readouterr().out
    assert "The relevance of cat and dog is the dot product of their keys" in out


@pytest.mark.parametrize("sentence", ["...", "!? ,;", "", "  "])
def test_a_sentence_without_words_is_refused(capsys, sentence):
    line = refused(capsys, ["lesson3", "--sentence", sentence, "--no-pause"])
    assert line == f"tracer: the sentence {sentence!r} has no words"


def test_a_sentence_of_61_words_is_refused(capsys):
    line = refused(capsys, ["lesson3", "--sentence", SIXTY + " w60", "--no-pause"])
    assert line == "tracer: the sentence has 61 words; the lessons take 1 to 60"


def test_a_sentence_of_60_words_is_taken(capsys):
    assert cli.main(["lesson1", "--sentence", SIXTY, "--focus", "w59", "--no-pause",
                     "--plain"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert "new v_w59" in out
    assert closes(out, "lesson1")


def test_bad_vectors_file_exits_1_in_one_line(capsys, tmp_path):
    bad = tmp_path / "vectors.json"
    bad.write_text('{"words": {"cat": {"value": [1], "key": [2], "query": [1]}}}')
    assert cli.main(["lesson1", "--vectors", str(bad), "--sentence", "cat",
                     "--no-pause"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and err.startswith(f"tracer: {bad}, word 'cat': ")
    assert "length 1" in err


# Piped output: a clean transcript.

@pytest.mark.parametrize("lesson", ["lesson1", "lesson2", "lesson3"])
def test_piped_output_is_a_clean_transcript(lesson):
    done = tracer_run(lesson)
    assert done.returncode == 0
    assert done.stderr == b""
    assert b"\x1b" not in done.stdout
    text = done.stdout.decode("utf-8")
    assert text.startswith(f"{lesson}: {cli.lesson_module(lesson).TITLE}\n")
    assert closes(text, lesson)
    assert "step 1 of" not in text  # a transcript, not the stepping screen


def test_piped_output_equals_no_pause(capsys):
    done = tracer_run("lesson3", "--plain")
    assert cli.main(["lesson3", "--plain", "--no-pause"]) == 0
    assert done.stdout.decode() == capsys.readouterr().out


def test_piped_output_wraps_to_80_columns():
    text = tracer_run("lesson3").stdout.decode()
    assert max(len(line) for line in text.splitlines()) <= 80


@pytest.mark.parametrize("args", [
    ("lesson3",),
    ("lesson3", "--plain"),
    ("lesson1", "--sentence", SIXTY),  # far more than a pipe holds: the write must fail
    ("lesson1", "--sentence", SIXTY, "--plain"),
])
def test_closing_the_pipe_early_is_quiet(tmp_path, args):
    with open(tmp_path / "stderr", "w+b") as err:
        child = subprocess.Popen([sys.executable, "-m", "tracer", *args], cwd=ROOT,
                                 env=child_env(), stdout=subprocess.PIPE, stderr=err)
        first = [child.stdout.readline() for _ in range(5)]
        child.stdout.close()  # as `| head -5` does
        code = child.wait(timeout=60)
        err.seek(0)
        said = err.read()
    assert first[0].startswith(b"lesson")
    assert said == b""
    assert code in (0, -13)  # 0, or ended quietly by SIGPIPE


def test_no_color_gives_the_same_transcript_without_escapes():
    plain = tracer_run("lesson3")
    done = tracer_run("lesson3", NO_COLOR="1")
    assert done.returncode == 0 and done.stderr == b""
    assert b"\x1b" not in done.stdout
    assert done.stdout == plain.stdout


def test_unicode_symbols_in_a_utf8_transcript():
    text = tracer_run("lesson3").stdout.decode()
    assert "q_Riley · k_dog" in text
    assert "1.000 × 0.889" in text
    assert "▶" in text


@pytest.mark.parametrize("lesson", ["lesson1", "lesson2", "lesson3"])
@pytest.mark.parametrize("env", [{"TERM": "dumb"}, {"LANG": "C"}, {"LANG": "POSIX"}],
                         ids=["TERM=dumb", "LANG=C", "LANG=POSIX"])
def test_dumb_terminal_or_c_locale_gives_ascii(lesson, env):
    done = tracer_run(lesson, LC_ALL=None, **env)
    assert done.returncode == 0
    text = done.stdout.decode("utf-8")
    for symbol in UNICODE_SYMBOLS:
        assert symbol not in text
    assert text.isascii()
    assert closes(text, lesson)
    if lesson == "lesson3":
        assert "q_Riley . k_dog" in text
        assert "1.000 x 0.889" in text
        assert "  15 > forward = dot(get_query(focus), get_key(partner), why=" in text


def test_lc_all_overrides_lang():
    done = tracer_run("lesson3", LANG="C.UTF-8", LC_ALL="C")
    assert done.stdout.decode().isascii()


def test_plain_is_ascii_whatever_the_locale():
    done = tracer_run("lesson3", "--plain")
    assert done.returncode == 0
    assert done.stdout.decode().isascii()


# Without rich.

BLOCK_RICH = ("import runpy, sys\n"
              "sys.modules['rich'] = None\n"
              "sys.argv = ['tracer'] + sys.argv[1:]\n"
              "runpy.run_module('tracer', run_name='__main__', alter_sys=True)\n")


def without_rich(*args):
    return subprocess.run([sys.executable, "-c", BLOCK_RICH, *args], cwd=ROOT,
                          env=child_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=60)


def test_without_rich_falls_back_to_the_plain_view():
    done = without_rich("lesson3", "--no-pause")
    assert done.returncode == 0
    err = done.stderr.decode()
    assert err.count("\n") == 1, err
    assert err.startswith("tracer: ") and "pip install rich" in err
    assert "Traceback" not in err
    assert b"\x1b" not in done.stdout
    assert done.stdout == tracer_run("lesson3", "--no-pause").stdout


def test_without_rich_svg_and_html_are_still_written(tmp_path):
    page, svg = tmp_path / "a.html", tmp_path / "a-1.svg"  # one slide per section
    done = without_rich("lesson3", "--no-pause", "--svg", str(tmp_path / "a.svg"), "--html",
                        str(page))
    assert done.returncode == 0
    assert done.stderr.decode() == ("tracer: rich is not installed, so this is the plain "
                                    "view (pip install rich for colour)\n")
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    slides = sorted(tmp_path.glob("a-*.svg"))
    assert slides and all(p.read_text(encoding="utf-8").startswith("<svg ") for p in slides)


def test_a_repeated_word_is_numbered_whatever_its_case():
    assert cli.sentence_words("The dog saw the cat, and THE end") == [
        "The", "dog", "saw", "the#2", "cat", "and", "THE#3", "end"]


@pytest.mark.parametrize("args", [("lesson1",), ("lesson1", "--plain")])
def test_a_pipe_closed_before_the_first_line_exits_0(args):
    # As `python -m tracer lesson1 | true`: the reader is gone before anything is written.
    read, write = os.pipe()
    os.close(read)
    with open(os.devnull, "rb") as nothing:
        done = subprocess.run([sys.executable, "-m", "tracer", *args], cwd=ROOT,
                              env=child_env(), stdin=nothing, stdout=write,
                              stderr=subprocess.PIPE, timeout=60)
    os.close(write)
    assert (done.returncode, done.stderr) == (0, b"")


# Paths: what is read is never overwritten, and every file named is written once.

def vectors(tmp_path, key=(1, 0)):
    path = tmp_path / "vectors.json"
    path.write_text(json.dumps({"sentence": "the cat", "words": {
        "cat": {"value": [1, 0], "key": list(key), "query": [0, 1]}}}))
    return path


def test_an_output_that_is_the_vectors_file_is_refused(capsys, tmp_path):
    path = vectors(tmp_path)
    before = path.read_bytes()
    for option in ("--export", "--svg", "--html"):
        line = refused(capsys, ["lesson1", "--no-pause", "--vectors", str(path),
                                option, os.path.join(tmp_path, ".", "vectors.json")])
        assert line == (f"tracer: {option} '{tmp_path}/./vectors.json' is the same file as "
                        f"--vectors '{path}': writing it would overwrite that; choose "
                        "another name")
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["vectors.json"]


def test_an_output_that_is_the_replayed_trace_is_refused(capsys, tmp_path):
    saved = tmp_path / "t.json"
    assert cli.main(["lesson1", "--no-pause", "--export", str(saved)]) == 0
    capsys.readouterr()
    before = saved.read_bytes()
    refused(capsys, ["replay", str(saved), "--no-pause", "--export", str(saved)])
    assert saved.read_bytes() == before


def test_one_file_named_for_two_outputs_is_refused(capsys, tmp_path):
    out = tmp_path / "both"
    line = refused(capsys, ["lesson1", "--no-pause", "--export", str(out), "--html",
                            str(out)])
    assert line.startswith(f"tracer: --html '{out}' is the same file as --export")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("option", ["--export", "--svg", "--html", "--vectors"])
def test_an_empty_path_is_refused(capsys, option):
    assert refused(capsys, ["lesson1", "--no-pause", option, ""]) == \
        f"tracer: {option} needs a file name, not an empty one"


def test_an_export_through_a_link_writes_its_target(capsys, tmp_path):
    target = tmp_path / "real.json"
    target.write_text("old")
    link = tmp_path / "link.json"
    try:
        link.symlink_to(target)
    except OSError:  # Windows lets only some accounts make links
        pytest.skip("this system will not make a symbolic link")
    assert cli.main(["lesson1", "--no-pause", "--export", str(link)]) == 0
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert tracer.Trace.from_json(target.read_text()).title.startswith("lesson1")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.json", "real.json"]


def test_keys_near_length_1_are_rescaled_and_the_transcript_says_so_once(capsys, tmp_path):
    path = vectors(tmp_path, key=(0.6, 0.80003))
    assert cli.main(["lesson3", "--no-pause", "--plain", "--vectors", str(path)]) == 0
    out = "".join(capsys.readouterr().out.split())  # wrapping may break even the path
    said = (f"The keys of cat in {path} were within 0.0001 of length 1 but not exactly 1, "
            "so each was divided by its length before the lesson began.")
    assert out.count("".join(said.split())) == 1
    assert out.count("within0.0001") == 1


def test_the_default_focus_is_a_word_a_learner_would_follow():
    words = cli.sentence_words("The cat sat on the mat because it was tired")
    assert cli.pick_focus(words, None) == ("cat", "sat")
    assert cli.pick_focus(cli.sentence_words("Evan's dog Riley is so hyper"), None) == \
        ("Riley", "dog")
    assert cli.pick_focus(cli.sentence_words("it is the dog"), None) == ("dog", "it")
    assert cli.pick_focus(cli.sentence_words("it is"), None) == ("it", "is")
    assert cli.pick_focus(words, "it") == ("it", "cat")
