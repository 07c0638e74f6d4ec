"""The command line: listing, help, mistakes refused in one line, and clean transcripts."""

import json
import os
import re
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from fractions import Fraction
from pathlib import Path
from types import SimpleNamespace

import pytest

import tracer
from tracer import __version__, cli, lesson_trace
from tracer import word_vectors as database
from tracer.errors import UsageError
from tracer.play.player import keys_help
from tracer.step import Trace
from tracer.view.text import Style
from helpers import (EVIL_SHOWN, child_env, entry, error_of, evil_files, flat,
                     one_word_file, piped, ran, rich_or_skip, vectors_file, without_rich_code,
                     wrote)

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


def test_help_says_what_predict_does(capsys):
    from tracer.play.predict import LEAST, SHARE, questions, near
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    said = " ".join(capsys.readouterr().out.partition("--predict ")[2]
                    .partition("--export")[0].split())
    share, least = re.search(r"within (\d+)% of it, or ([\d.]+)\)", said).groups()
    assert Fraction(share) / 100 == SHARE and Fraction(least) == LEAST
    assert near(Fraction(least), 0) and not near(Fraction(least) * 2, 0)
    for lesson in cli.LESSONS:  # "a few questions", each a number or words offered
        asked = [q for qs in questions(tracer.lesson(lesson), Style()).values() for q in qs]
        assert 1 <= len(asked) <= 10, lesson
        assert all(q.choices is None or len(q.choices) >= 2 for q in asked), lesson


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


def unrelated_fractions(path):
    """Write a vectors file whose values are fractions of distinct primes: their common
    denominator has far more than limits.EXACT_DIGITS digits; return its path."""
    data = json.loads((Path(tracer.__file__).parent / "data" / "riley.json").read_text())
    primes = iter(p for p in range(1_000_003, 1_100_000, 2)
                  if all(p % d for d in range(3, int(p ** 0.5) + 1, 2)))
    for entry in data["words"].values():
        entry["value"] = [f"1/{next(primes)}" for _ in entry["value"]]
    path.write_text(json.dumps(data))
    return str(path)


def test_a_library_call_and_the_command_line_each_name_the_argument_their_way(
        capsys, tmp_path):
    # The same refusals, worded as each caller spells what it passed: focus= in a call,
    # --focus on the command line, which still exits 2 for usage and 1 for the vectors.
    with pytest.raises(UsageError) as call:
        tracer.lesson("lesson1", sentence="the cat saw the dog", focus="zzz")
    assert str(call.value) == "focus='zzz' is not in the sentence"
    line = refused(capsys, ["lesson1", "--sentence", "the cat saw the dog", "--focus",
                            "zzz", "--no-pause"])
    assert line == "tracer: --focus 'zzz' is not in the sentence"
    vectors = unrelated_fractions(tmp_path / "primes.json")
    with pytest.raises(tracer.TraceError) as call:
        tracer.lesson("lesson1", vectors=vectors, exact=True)
    said = str(call.value)
    assert said.startswith("exact=True: the fractions in the vectors of ")
    assert said.endswith("or leave exact False") and "--" not in said
    assert cli.main(["lesson1", "--vectors", vectors, "--exact", "--no-pause"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("tracer: --exact: the fractions in the vectors of ")
    assert err.rstrip("\n").endswith("or run without --exact"), err
    with pytest.raises(UsageError) as call:
        tracer.lesson("lesson9")
    assert re.fullmatch(r"no lesson called 'lesson9'; did you mean lesson\d\?",
                        str(call.value))
    with pytest.raises(UsageError) as call:
        tracer.lesson("xyzzy")
    assert str(call.value) == ("no lesson called 'xyzzy'; the lessons are "
                               + ", ".join(cli.LESSONS))


def test_focus_ignores_case(capsys):
    assert cli.main(["lesson2", "--sentence", "the cat saw the dog", "--focus", "CAT",
                     "--no-pause", "--plain"]) == 0
    out = capsys.readouterr().out
    assert 'The relevance of "cat" and "dog" is the dot product of their keys' in out


@pytest.mark.parametrize("sentence", ["...", "!? ,;", "", "  "])
def test_a_sentence_without_words_is_refused(capsys, sentence):
    line = refused(capsys, ["lesson3", "--sentence", sentence, "--no-pause"])
    assert line == f"tracer: the sentence {sentence!r} has no words"


@pytest.mark.parametrize("sentence", [5, b"the dog", ["the", "dog"]])
def test_a_sentence_that_is_not_text_is_refused_in_one_line(sentence):
    with pytest.raises(UsageError) as refusal:
        tracer.lesson("lesson3", sentence=sentence)
    assert str(refusal.value) == ("a sentence is text, such as 'the dog sat', not "
                                  f"{type(sentence).__name__}")


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
    rich_or_skip()
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
    if "--plain" not in args:
        rich_or_skip()
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
    rich_or_skip()
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
        assert re.search(r"\n  \d\d > forward = dot\(get_query\(focus\), get_key\(partner\), "
                         r"why=", text)


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
    assert done.stderr.decode() == wrote(page, *(tmp_path / f"a-{k}.svg" for k in (1, 2, 3, 4))) \
        + "tracer: rich is not installed, so this is the plain view (pip install rich for colour)\n"
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    slides = sorted(tmp_path.glob("a-*.svg"))
    assert slides and all(p.read_text(encoding="utf-8").startswith("<svg ") for p in slides)


def test_a_repeated_word_is_numbered_whatever_its_case():
    assert lesson_trace.sentence_words("The dog saw the cat, and THE end") == [
        "The", "dog", "saw", "the#2", "cat", "and", "THE#3", "end"]


@pytest.mark.parametrize("args", [("lesson1",), ("lesson1", "--plain")])
def test_a_pipe_closed_before_the_first_line_exits_0(args):
    if "--plain" not in args:
        rich_or_skip()
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
                        f"--vectors: writing it would overwrite that; choose another name")
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
            "so each was divided by its length and rounded to 15 decimals (leaving a "
            "length within 1e-12 of 1) before the lesson began.")
    assert out.count("".join(said.split())) == 1
    assert out.count("within0.0001") == 1


def test_what_a_lesson_says_first_is_said_as_any_sentence_at_no_line_of_code(tmp_path):
    # "the" is not in the set and cat's key is rescaled: two notes before the lesson,
    # recorded as tracer.say(..., code=False) records them in a recording of one's own.
    path = vectors(tmp_path, key=(0.6, 0.80003))
    t = tracer.lesson("lesson3", vectors=str(path))
    with tracer.recording() as mine:
        tracer.say(lesson_trace.DERIVED_ONE, '"the"', code=False)
        tracer.say(lesson_trace.RESCALED, "cat", str(path), code=False)
    assert t.steps[:2] == mine.steps
    assert [(s.op, s.file, s.line) for s in t.steps[:2]] == [("say", None, None)] * 2
    assert t.steps[2].file and t.steps[2].file.endswith("lesson3.py")
    assert t.sections[0][1] == 0  # the notes open the first section


def test_the_default_focus_is_a_word_a_learner_would_follow():
    words = lesson_trace.sentence_words("The cat sat on the mat because it was tired")
    assert lesson_trace.pick_focus(words, None) == ("cat", "sat")
    assert lesson_trace.pick_focus(lesson_trace.sentence_words("Evan's dog Riley is so hyper"), None) == \
        ("Riley", "dog")
    assert lesson_trace.pick_focus(lesson_trace.sentence_words("it is the dog"), None) == ("dog", "it")
    assert lesson_trace.pick_focus(lesson_trace.sentence_words("it is"), None) == ("it", "is")
    assert lesson_trace.pick_focus(words, "it") == ("it", "cat")


LESSONS = ["lesson1", "lesson2", "lesson3", "lesson4", "lesson5"]
NON_ASCII = "naïve café Zürich"


def refusal(done, status, *words):
    """Check a refusal: its status, one "tracer:" line naming words; return the line."""
    assert "Traceback" not in done.out + done.err, done.err
    assert done.returncode == status, (done.returncode, done.err)
    assert done.err.endswith("\n") and done.err.count("\n") == 1, done.err
    assert done.err.startswith("tracer: "), done.err
    assert done.out == ""
    line = done.err.rstrip("\n")
    for word in words:
        assert word.lower() in line.lower(), (word, line)
    return line


def leftovers(folder):
    """Return the temporary files a write left in folder or below."""
    return sorted(str(p) for p in Path(folder).rglob(".tracer-*.part"))


def one_word(value="[1, 0]", key="[1, 0]", query="[1, 0]"):
    """Return the text of a vectors file of the one word cat, its vectors as written."""
    return ('{"sentence": "the cat", "words": {"cat": {"value": %s, "key": %s, '
            '"query": %s}}}' % (value, key, query))


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """Return the text of a real trace, saved by `tracer lesson1 --export`."""
    folder = tmp_path_factory.mktemp("exported")
    saved = folder / "lesson1.json"
    ran(piped("lesson1", "--no-pause", "--plain", "--export", saved), [saved])
    return saved.read_text(encoding="utf-8")


# The command line: status 2.

@pytest.mark.parametrize("args, words", [
    (["lesson9"], ["no lesson", "lesson9"]),
    (["attention"], ["no lesson", "attention", "tracer"]),
    (["lesson3", "--frobnicate"], ["unrecognized", "--frobnicate"]),
    (["lesson3", "--digits", "-1"], ["--digits", "0 to 15", "-1"]),
    (["lesson3", "--digits", "16"], ["--digits", "0 to 15", "16"]),
    (["lesson3", "--digits", "x"], ["--digits", "0 to 15", "'x'"]),
    (["lesson3", "--step", "bogus"], ["--step", "bogus", "term", "op", "line"]),
    (["lesson1", "--focus", "banana"], ["--focus", "banana", "not in the sentence"]),
    (["lesson2", "--sentence", "the cat sat", "--focus", "dog"],
     ["--focus", "dog", "not in the sentence"]),
], ids=["unknown-lesson", "unknown-name", "unknown-option", "digits=-1", "digits=16",
        "digits=x", "step=bogus", "focus-not-in-demo", "focus-not-in-sentence"])
def test_a_bad_command_line_exits_2(args, words):
    refusal(piped(*args, "--no-pause"), 2, *words)


# Vectors files: status 1, naming the file and the problem.

NOT_UNIT = one_word(key="[1, 1]")
BAD_VECTORS = {
    "empty": ("", ["not valid JSON"]),
    "not-json": ("the cat sat on the mat\n", ["not valid JSON", "line 1"]),
    "truncated-json": (one_word()[:40], ["not valid JSON"]),
    "a-list": ("[[1, 0], [0, 1]]", ['"words"']),
    "no-words": ('{"sentence": "the cat", "components": ["a", "b"]}', ['"words"']),
    "words-a-list": ('{"words": ["cat", "dog"]}', ['"words"']),
    "words-empty": ('{"words": {}}', ["empty"]),
    "words-to-numbers": ('{"words": {"cat": 1, "dog": 2}}',
                         ["'cat'", "value, key and query"]),
    "missing-query": ('{"words": {"cat": {"value": [1, 0], "key": [1, 0]}}}',
                      ["'cat'", "query", "list of numbers"]),
    "a-word-for-a-number": (one_word(value='[1, "big"]'), ["'cat'", "'big'", "not a number"]),
    "mixed-lengths": (json.dumps({"words": {"cat": entry(),
                                            "dog": entry((1, 0, 0), (1, 0, 0), (1, 0, 0))}}),
                      ["'dog'", "3 numbers", "others have 2"]),
    "mixed-in-a-word": (one_word(query="[1, 0, 0]"), ["'cat'", "query", "3 numbers"]),
    "not-unit-key": (NOT_UNIT, ["'cat'", "key", "keys must have length 1"]),
    "short-key": (one_word(key='["3/5", "3/5"]'), ["'cat'", "keys must have length 1"]),
    "zero-key": (one_word(key="[0, 0]"), ["'cat'", "keys must have length 1"]),
    "nan": (one_word(value="[NaN, 0]"), ["NaN"]),
    "infinity": (one_word(query="[-Infinity, 0]"), ["infinity"]),
    "1e300": (one_word(value="[1e300, 0]"), ["'cat'", "value", "1,000,000"]),
    "1e400": (one_word(value="[1e400, 0]"), ["'cat'", "value", "1,000,000"]),
    "1e400-in-key": (one_word(key="[1e400, 0]"), ["'cat'", "key", "1,000,000"]),
    "divide-by-zero": (one_word(value='["1/0", 0]'), ["'cat'", "'1/0'", "fraction"]),
    "components-wrong": ('{"components": ["a"], "words": {"cat": %s}}' % json.dumps(entry()),
                         ["components", "2 names"]),
}


@pytest.mark.parametrize("text, words", BAD_VECTORS.values(), ids=BAD_VECTORS.keys())
def test_a_bad_vectors_file_exits_1_naming_it(tmp_path, text, words):
    path = vectors_file(tmp_path, text)
    line = refusal(piped("lesson3", "--no-pause", "--vectors", path), 1, *words)
    assert line.startswith(f"tracer: {path}")


def test_the_non_unit_key_is_refused_not_normalised(tmp_path):
    path = vectors_file(tmp_path, NOT_UNIT)
    line = refusal(piped("lesson1", "--no-pause", "--sentence", "cat", "--vectors", path),
                   1, "cat")
    assert line.endswith("divide each of its numbers by 1.41421"), line
    assert "its key has length 1.41421" in line or len(line) == cli.LINE, line


def test_a_missing_vectors_file(tmp_path):
    path = tmp_path / "nowhere" / "vectors.json"
    line = refusal(piped("lesson3", "--no-pause", "--vectors", path), 1, "no such file")
    assert line == f"tracer: {path}: no such file"


def test_a_directory_as_the_vectors_file(tmp_path):
    refusal(piped("lesson3", "--no-pause", "--vectors", tmp_path), 1, str(tmp_path),
            "is a directory")


def test_a_vectors_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "latin1.json"
    path.write_bytes(one_word().replace("cat", "caf\xe9").encode("latin-1"))
    refusal(piped("lesson3", "--no-pause", "--vectors", path), 1, str(path),
            "cannot be read")


def test_a_50_mb_vectors_file_is_refused_as_too_big_fast(tmp_path):
    path = tmp_path / "big.json"
    with open(path, "w", encoding="utf-8") as f:  # a valid file, padded with spaces
        f.write(json.dumps({"words": {"cat": entry()}}))
        f.write(" " * (50 * 2**20))
    start = time.monotonic()
    done = piped("lesson3", "--no-pause", "--vectors", path)
    took = time.monotonic() - start
    refusal(done, 1, str(path), "too big", "10 MB")
    assert took < 5, f"took {took:.1f} s to refuse a file by its size"


def test_an_integer_of_5000_digits_in_a_vectors_file(tmp_path):
    path = vectors_file(tmp_path, one_word(value="[%s, 0]" % ("9" * 5000)))
    refusal(piped("lesson3", "--no-pause", "--vectors", path), 1, str(path))


def test_a_huge_exponent_in_a_vectors_file_is_refused_quickly(tmp_path):
    path = vectors_file(tmp_path, one_word(value="[1e100000000, 0]"))
    try:
        done = piped("lesson3", "--no-pause", "--vectors", path, timeout=3)
    except subprocess.TimeoutExpired:
        pytest.fail("a 60-byte vectors file kept tracer busy for more than 3 s")
    refusal(done, 1, str(path), "out of range")


def test_a_nan_refusal_names_the_word(tmp_path):
    text = json.dumps({"words": {"cat": entry(), "dog": entry()}})
    text = text.replace('"dog": {"value": [1, 0]', '"dog": {"value": [NaN, 0]')
    path = vectors_file(tmp_path, text)
    refusal(piped("lesson3", "--no-pause", "--vectors", path), 1, "NaN", "dog")


# Sentences.

@pytest.mark.parametrize("sentence", ["", "?!...", " -- , ; "], ids=["empty", "punctuation",
                                                                   "dashes"])
def test_a_sentence_without_words_exits_2(sentence):
    line = refusal(piped("lesson3", "--no-pause", "--sentence", sentence), 2, "no words")
    assert line == f"tracer: the sentence {sentence!r} has no words"


def test_a_sentence_of_1000_words_exits_2_with_the_limit():
    words = " ".join(f"word{i}" for i in range(1000))
    refusal(piped("lesson3", "--no-pause", "--sentence", words), 2,
            "1000 words", "1 to 60")


@pytest.mark.parametrize("lesson", LESSONS)
def test_a_one_word_sentence_runs_every_lesson(lesson):
    out = ran(piped(lesson, "--no-pause", "--plain", "--sentence", "Riley"))
    assert "Riley" in out


@pytest.mark.parametrize("lesson", LESSONS)
def test_non_ascii_words_run_every_lesson(lesson):
    rich_or_skip()
    out = ran(piped(lesson, "--no-pause", "--sentence", NON_ASCII))
    assert "Zürich" in out


def test_non_ascii_words_on_an_ascii_terminal_exit_0():
    rich_or_skip()
    done = piped("lesson1", "--no-pause", "--sentence", NON_ASCII, "--focus", "Zürich",
                 LANG="C", LC_ALL="", PYTHONIOENCODING="ascii")
    out = ran(done)
    assert out.isascii()
    assert "Z?rich" in out  # shown as well as the terminal can


def test_a_refusal_naming_a_non_ascii_word_on_an_ascii_terminal():
    done = piped("lesson1", "--no-pause", "--sentence", NON_ASCII, "--focus", "Zürichs",
                 LANG="C", LC_ALL="", PYTHONIOENCODING="ascii")
    assert done.err.isascii()
    refusal(done, 2, "--focus", "not in the sentence")


# Replaying trace files: status 1, naming the file.

def test_replay_of_a_missing_file(tmp_path):
    path = tmp_path / "gone.json"
    line = refusal(piped("replay", path, "--no-pause"), 1, "no such file")
    assert line == f"tracer: {path}: no such file"


def test_replay_of_a_directory(tmp_path):
    refusal(piped("replay", tmp_path, "--no-pause"), 1, str(tmp_path), "directory")


def test_replay_of_the_whole_export_works(tmp_path, exported):
    path = tmp_path / "whole.json"
    path.write_text(exported, encoding="utf-8")
    out = ran(piped("replay", path, "--no-pause", "--plain"))
    assert " ".join(out.split()).startswith(  # the plain view wraps a long title
        f"lesson1: Mix one word's value into another's, replay of {path}")


def test_replay_of_a_trace_cut_in_half(tmp_path, exported):
    path = tmp_path / "half.json"
    path.write_text(exported[:len(exported) // 2], encoding="utf-8")
    refusal(piped("replay", path, "--no-pause"), 1, f"tracer: {path}: ", "not valid JSON")


def test_replay_of_a_foreign_json_file(tmp_path):
    path = tmp_path / "package.json"
    path.write_text('{"name": "left-pad", "version": "1.3.0"}', encoding="utf-8")
    refusal(piped("replay", path, "--no-pause"), 1, f"tracer: {path}: ",
            "not a tracer trace")


def test_replay_of_a_trace_from_a_newer_tracer(tmp_path, exported):
    data = json.loads(exported)
    data["version"] = 99
    path = tmp_path / "future.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    refusal(piped("replay", path, "--no-pause"), 1, f"tracer: {path}: ", "version 99",
            "newer", "upgrade")


def test_replay_of_a_trace_whose_result_was_edited(tmp_path, exported):
    data = json.loads(exported)
    step = next(i for i, s in enumerate(data["steps"]) if s["op"] == "mix")
    data["steps"][step]["result"][0] += 1
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    want = data["steps"][step]["result"][0] - 1
    refusal(piped("replay", path, "--no-pause"), 1, f"tracer: {path}, step {step}: ",
            f"its result[0] is {want + 1!r}, but its operands give {want!r}")


def test_replay_of_a_trace_with_an_integer_of_5000_digits(tmp_path):
    path = tmp_path / "digits.json"
    path.write_text('{"format": "tracer-trace", "version": %s, "steps": []}' % ("9" * 5000),
                    encoding="utf-8")
    refusal(piped("replay", path, "--no-pause"), 1, str(path))


def test_an_unterminated_string_is_reported_in_plain_words(tmp_path):
    path = tmp_path / "cut.json"
    path.write_text('{"format": "tracer-trace", "version": 1, "steps": ["abc',
                    encoding="utf-8")
    line = refusal(piped("replay", path, "--no-pause"), 1, "not valid JSON")
    assert " at at " not in line


# Writing files: status 1, nothing written.

@pytest.mark.parametrize("option", ["--export", "--svg", "--html"])
@pytest.mark.parametrize("where", ["a-directory", "a-missing-directory", "under-a-file"])
def test_an_unwritable_target_exits_1_and_writes_nothing(tmp_path, option, where):
    (tmp_path / "folder").mkdir()
    (tmp_path / "file.txt").write_text("keep me\n")
    before = sorted(p.name for p in tmp_path.rglob("*"))
    target = {"a-directory": tmp_path / "folder",
              "a-missing-directory": tmp_path / "missing" / "out.file",
              "under-a-file": tmp_path / "file.txt" / "out.file"}[where]
    words = {"a-directory": ["is a directory", "file name"],
             "a-missing-directory": ["cannot write there", "no such file or directory"],
             "under-a-file": ["cannot write there", "not a directory"]}[where]
    refusal(piped("lesson1", "--no-pause", option, target), 1, f"tracer: {target}: ",
            *words)
    assert sorted(p.name for p in tmp_path.rglob("*")) == before
    assert leftovers(tmp_path) == []
    assert (tmp_path / "file.txt").read_text() == "keep me\n"


def test_a_refused_lesson_writes_none_of_its_files(tmp_path):
    bad = vectors_file(tmp_path, NOT_UNIT)
    out = tmp_path / "out"
    out.mkdir()
    refusal(piped("lesson3", "--no-pause", "--vectors", bad,
                  "--export", out / "t.json", "--svg", out / "t.svg",
                  "--html", out / "t.html"), 1, "keys must have length 1")
    assert list(out.iterdir()) == []
    assert leftovers(tmp_path) == []


def test_a_refused_replay_writes_none_of_its_files(tmp_path):
    foreign = tmp_path / "foreign.json"
    foreign.write_text("[]", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    refusal(piped("replay", foreign, "--no-pause", "--export", out / "t.json",
                  "--html", out / "t.html"), 1, "not a tracer trace")
    assert list(out.iterdir()) == []


def test_one_unwritable_target_means_no_file_is_written(tmp_path):
    good, bad = tmp_path / "t.json", tmp_path / "missing" / "t.svg"
    refusal(piped("lesson1", "--no-pause", "--export", good, "--svg", bad), 1,
            "cannot write there")
    assert sorted(p.name for p in tmp_path.iterdir()) == []


# Text from files is data: no control code from a file reaches the terminal or a page.

def test_escape_codes_in_files_reach_no_output(tmp_path, evil_files):
    vectors, saved = evil_files
    out = tmp_path / "out"
    out.mkdir()
    runs = [("lesson3", "--vectors", vectors, "--no-pause", "--plain"),
            ("lesson3", "--vectors", vectors, "--no-pause"),
            ("replay", saved, "--no-pause", "--plain"),
            ("replay", saved, "--no-pause", "--html", out / "page.html",
             "--svg", out / "slides.svg", "--export", out / "again.json")]
    for args in runs:
        done = piped(*args)
        assert done.returncode == 0, done.err
        assert b"\x1b" not in done.stdout + done.stderr and b"\xc2\x9b" not in done.stdout
        assert EVIL_SHOWN in done.out, args  # shown as text, not obeyed
    assert "title" + EVIL_SHOWN in done.out
    asked = subprocess.run([sys.executable, "-m", "tracer", "lesson3", "--vectors",
                            str(vectors), "--predict"], input=b"0.5\nq\n", cwd=ROOT,
                           env=child_env(), capture_output=True, timeout=60)
    assert asked.returncode == 0 and b"\x1b" not in asked.stdout + asked.stderr
    assert EVIL_SHOWN.encode() in asked.stdout
    assert "code" + EVIL_SHOWN in done.out and "said" + EVIL_SHOWN in done.out
    written = [p for p in out.iterdir()]
    assert len(written) >= 3
    for path in written:
        data = path.read_bytes()
        assert b"\x1b" not in data and b"\xc2\x9b" not in data, path
        if path.suffix != ".json":  # a trace keeps the text itself, escaped as JSON does
            assert EVIL_SHOWN.replace("[", "").encode() in data.replace(b"[", b""), path


def test_a_replay_shows_no_file_it_names(tmp_path, exported):
    secret = tmp_path / "secret.py"
    secret.write_text("SECRET = 'the learner's own file'\n" * 400)
    data = json.loads(exported)
    del data["sources"]
    for step in data["steps"]:
        if step["file"]:
            step["file"] = str(secret)
    saved = tmp_path / "named.json"
    saved.write_text(json.dumps(data), encoding="utf-8")
    page, again = tmp_path / "page.html", tmp_path / "again.json"
    for args, written in ((("--plain",), []), ((), []),
                          (("--html", page, "--export", again), [again, page])):
        if not args:  # the view without --plain: rich's
            rich_or_skip()
        out = ran(piped("replay", saved, "--no-pause", *args), written)
        assert "SECRET" not in out
        said = " ".join(out.split())  # the title wraps
        assert "no code shown: the file does not carry the code it ran" in said
    assert "SECRET" not in page.read_text() and "SECRET" not in again.read_text()


def test_a_replay_naming_dev_zero_ends(tmp_path, exported):
    data = json.loads(exported)
    data["sources"] = {}
    for step in data["steps"]:
        if step["file"]:
            step["file"] = "/dev/zero"
    saved = tmp_path / "zero.json"
    saved.write_text(json.dumps(data), encoding="utf-8")
    out = ran(piped("replay", saved, "--no-pause", "--plain", timeout=30))
    assert "no code shown:" in " ".join(out.split())


# Unicode: wide words, unpaired surrogates; and a disk that fills up.

def test_a_write_that_fails_partway_leaves_no_part_file(tmp_path):
    resource = pytest.importorskip("resource")  # POSIX only

    def small_files():  # as a full disk: no file may grow past 4 KB
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
    done = subprocess.run([sys.executable, "-m", "tracer", "lesson1", "--no-pause",
                           "--export", str(tmp_path / "t.json")], cwd=ROOT,
                          env=child_env(), capture_output=True, timeout=60,
                          preexec_fn=small_files)
    assert done.returncode == 1
    assert done.stderr.decode() == f"tracer: {tmp_path / 't.json'}: cannot write it " \
        "(File too large)\n"
    assert list(tmp_path.iterdir()) == []


def test_an_unpaired_surrogate_in_a_name_is_shown_not_crashed_on(tmp_path):
    rich_or_skip()
    # JSON can spell a lone surrogate, which no UTF-8 file or terminal can hold.
    path = vectors_file(tmp_path, '{"sentence": "the cat", "components": ["size\\ud800", '
                                  '"animal"], "words": {"cat": {"value": [1, 0], '
                                  '"key": [1, 0], "query": [0, 1]}}}')
    saved = tmp_path / "t.json"
    out = ran(piped("lesson3", "--vectors", path, "--no-pause", "--export", saved,
                    "--html", tmp_path / "t.html"), [saved, tmp_path / "t.html"])
    assert "size\\ud800" in out
    assert leftovers(tmp_path) == []
    back = ran(piped("replay", saved, "--no-pause", "--plain"))
    assert "size\\ud800" in back
    assert "size\\ud800" in (tmp_path / "t.html").read_text(encoding="utf-8")


def test_wide_words_keep_every_line_within_the_width():
    rich_or_skip()
    from tracer.view.text import cells
    out = ran(piped("lesson3", "--no-pause", "--sentence", "猫が 日本語の 文を 読んだ",
                    COLUMNS="50"))
    lines = out.splitlines()
    assert max(cells(line) for line in lines) <= 50
    assert any("日本語の" in line for line in lines)


EMPTY = json.dumps({"format": "tracer-trace", "version": 1, "steps": []})


def test_an_empty_trace_loads_but_is_not_shown(tmp_path, capsys):
    assert len(Trace.from_json(EMPTY)) == 0
    path = tmp_path / "empty.json"
    path.write_text(EMPTY)
    assert error_of(cli.load_trace, str(path)) == f"{path} has no steps to show"
    assert error_of(cli.show, Trace()) == "this trace has no steps to show"
    assert cli.main(["replay", str(path), "--no-pause"]) == 1
    assert capsys.readouterr().err == f"tracer: {path} has no steps to show\n"


def test_record_loads_the_vectors_once(tmp_path, monkeypatch):
    path = one_word_file(tmp_path)  # no sentence: the demo's is used
    database.demo()  # the demo vectors are read once per process, perhaps already
    uses = []
    real_load = database.load
    monkeypatch.setattr(database, "load",
                        lambda *a, **k: uses.append(a) or real_load(*a, **k))
    seen = []
    lesson = SimpleNamespace(TITLE="a lesson", run=lambda words, focus, partner: seen.append(
        (words[:2], database.database().source)))
    monkeypatch.setattr(lesson_trace, "lesson_module", lambda name: lesson)
    tracer.lesson("lesson1", vectors=str(path))
    assert uses == [(str(path),)]
    demo = tracer.words_of(database.demo().sentence)
    assert seen == [(demo[:2], str(path))]


# Without rich: pictures need none of it.

def test_without_rich_svg_is_written_all_the_same(tmp_path):
    path = tmp_path / "t.json"
    with tracer.recording() as t:
        tracer.dot([1, 2], [3, 4])
    path.write_text(t.to_json())
    argv = ["replay", str(path), "--no-pause", "--svg", str(tmp_path / "a.svg")]
    done = without_rich_code(f"from tracer import cli\nsys.exit(cli.main({argv!r}))")
    assert done.returncode == 0
    svg = (tmp_path / "a.svg").read_text(encoding="utf-8")
    assert "2 × 4 = 8" in svg and "= 11" in svg  # the finished dot, one term a line


DEMO = json.loads(database.DEMO.read_text())["words"]
WORDS = ["Evan's", "dog", "Riley", "is", "so", "hyper", "she", "never", "stops", "moving"]
CODE_LINE = re.compile(r"^\s*\d+ > ")  # "  30 > normalized = ..." in a plain transcript

# A small vectors file of our own: 3 components, unit keys as "p/q" strings.
MINE = {
    "format": "tracer-vectors",
    "version": 1,
    "sentence": "the cat saw one dog",
    "components": ["furry", "loud", "small"],
    "words": {
        "the": {"value": [0.1, 0.0, 0.2], "key": ["3/5", "4/5", 0], "query": [0.2, 0.1, 0.0]},
        "cat": {"value": [0.8, 0.1, 0.6], "key": [0, "3/5", "4/5"], "query": [0.5, 0.3, 0.9]},
        "saw": {"value": [0.0, 0.3, 0.1], "key": ["4/5", 0, "3/5"], "query": [0.1, 0.4, 0.2]},
        "one": {"value": [0.0, 0.0, 0.5], "key": [1, 0, 0], "query": [0.3, 0.3, 0.3]},
        "dog": {"value": [0.9, 0.7, 0.2], "key": ["2/3", "1/3", "2/3"],
                "query": [0.4, 0.8, 0.1]},
    },
}
MINE_WORDS = ["the", "cat", "saw", "one", "dog"]


@pytest.fixture
def mine(tmp_path):
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(MINE))
    return path


def transcript(capsys, *args, written=()):
    """Return the plain walkthrough the command line prints for args."""
    assert cli.main([*args, "--no-pause", "--plain"]) == 0
    out, err = capsys.readouterr()
    assert err == wrote(*written)
    return out


def exact(table, word, kind):
    """Return one vector of a vectors table as Fractions, read as written."""
    return [Fraction(x) if isinstance(x, str) else Fraction(str(x))
            for x in table[word][kind]]


def dot(a, b):
    return sum(x * y for x, y in zip(a, b))


def attention(table, words):
    """Return relevances, weights and new values, worked out by hand in Fractions."""
    Q = [exact(table, w, "query") for w in words]
    K = [exact(table, w, "key") for w in words]
    V = [exact(table, w, "value") for w in words]
    rel = [[dot(q, k) for k in K] for q in Q]
    weights = [[x / sum(row) for x in row] for row in rel]
    new_V = [[dot(row, [v[j] for v in V]) for j in range(len(V[0]))] for row in weights]
    return rel, weights, new_V


def fmt(x, digits=3):
    return f"{float(x):.{digits}f}"


def fmt_exact(x):
    """Return a Fraction as exact mode prints it: 3, 12/35, or ~0.342 past 11 characters."""
    if x.denominator == 1:
        return str(x.numerator)
    if len(f"{x.numerator}/{x.denominator}") <= 11:
        return f"{x.numerator}/{x.denominator}"
    return "~" + fmt(x)


def body(text):
    """Return the lines of a transcript after its title (which may wrap)."""
    lines = text.splitlines()
    return lines[lines.index(""):]


def table_cells(text, heading, labels):
    """Return {(row, column): cell} of the tables printed under a step's heading.

    A table may come in several column blocks; each block starts with a line of column
    labels. The section ends at the next line of code.
    """
    lines = text.splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.startswith(heading))
    cells, cols = {}, None
    for ln in lines[start + 1:]:
        if CODE_LINE.match(ln):
            break
        tokens = ln.split()
        if tokens and all(t in labels for t in tokens):
            cols = tokens
        elif cols and tokens and tokens[0] in labels and len(tokens) == len(cols) + 1:
            for col, cell in zip(cols, tokens[1:]):
                cells[tokens[0], col] = cell
    return cells


# A sentence of one's own, and vectors of one's own.

@pytest.mark.parametrize("lesson", ["lesson1", "lesson2", "lesson3"])
def test_a_custom_sentence_runs_every_lesson(capsys, lesson):
    out = transcript(capsys, lesson, "--sentence", "the cat saw the dog", "--focus", "cat")
    assert out.startswith(f"{lesson}: ")
    assert ("the#2" in out) == (lesson != "lesson1")  # lesson 1 shows only cat's new value
    assert "new v_cat" in out or lesson != "lesson1"
    assert "Riley" not in out and "Evan's" not in out


def test_a_custom_sentence_labels_repeated_words(capsys):
    out = transcript(capsys, "lesson3", "--sentence", "the cat saw the dog", "--focus", "cat")
    words = ["the", "cat", "saw", "the#2", "dog"]
    rel = table_cells(out, "relevances = Q @ K^T", words)
    assert sorted(rel) == sorted((r, c) for r in words for c in words)
    assert "  [the#2, dog] = Q[the#2] . K^T[:, dog]" in out.splitlines()
    # a word the demo knows keeps its demo vectors inside another sentence
    assert "  k_dog = [0.889, 0.111, 0.444, 0.000]" in out.splitlines()
    assert '"cat" attending to "dog" is q_cat . k_dog = ' in flat(out)


def test_sentence_words_number_the_repeats():
    assert lesson_trace.sentence_words("The dog saw the dog, and the dog ran.") == [
        "The", "dog", "saw", "the#2", "dog#2", "and", "the#3", "dog#3", "ran"]
    assert lesson_trace.sentence_words("Evan's dog Riley") == ["Evan's", "dog", "Riley"]


@pytest.mark.parametrize("lesson", ["lesson1", "lesson2", "lesson3"])
def test_custom_vectors_run_every_lesson(capsys, mine, lesson):
    out = transcript(capsys, lesson, "--vectors", str(mine), "--sentence",
                     "the cat saw one dog", "--focus", "cat")
    assert out.startswith(f"{lesson}: ")
    assert "cat" in out and "Riley" not in out


def test_custom_vectors_lesson1_mixes_by_hand(capsys, mine):
    out = flat(transcript(capsys, "lesson1", "--vectors", str(mine), "--sentence",
                          "the cat saw one dog", "--focus", "cat"))
    cat, dog = exact(MINE["words"], "cat", "value"), exact(MINE["words"], "dog", "value")
    mixed = [Fraction(3, 4) * a + Fraction(1, 4) * b for a, b in zip(cat, dog)]
    assert f"\"cat\" moved from [{', '.join(map(fmt, cat))}] to " \
           f"[{', '.join(map(fmt, mixed))}]." in out
    assert "furry: 0.750 x 0.800 + 0.250 x 0.900 = 0.825" in out


def test_custom_vectors_lesson2_relevance_by_hand(capsys, mine):
    out = flat(transcript(capsys, "lesson2", "--vectors", str(mine), "--sentence",
                          "the cat saw one dog", "--focus", "cat"))
    k_cat, k_dog = exact(MINE["words"], "cat", "key"), exact(MINE["words"], "dog", "key")
    assert dot(k_cat, k_dog) == Fraction(11, 15)
    assert 'The relevance of "cat" and "dog" is the dot product of their keys: ' \
           f"{fmt(dot(k_cat, k_dog))}." in out


def test_custom_vectors_lesson3_attention_by_hand(capsys, mine):
    out = transcript(capsys, "lesson3", "--vectors", str(mine), "--sentence",
                     "the cat saw one dog", "--focus", "cat")
    table = MINE["words"]
    forward = dot(exact(table, "cat", "query"), exact(table, "dog", "key"))
    backward = dot(exact(table, "dog", "query"), exact(table, "cat", "key"))
    assert (forward, backward) == (Fraction(31, 30), Fraction(14, 25))
    assert f'"cat" attending to "dog" is q_cat . k_dog = {fmt(forward)}; the other way ' \
           f"round it is q_dog . k_cat = {fmt(backward)}." in flat(out)
    rel, weights, new_V = attention(table, MINE_WORDS)
    cells = table_cells(out, "relevances = Q @ K^T", MINE_WORDS)
    assert cells == {(r, c): fmt(rel[i][j]) for i, r in enumerate(MINE_WORDS)
                     for j, c in enumerate(MINE_WORDS)}
    cat = MINE_WORDS.index("cat")
    lines = [ln.split() for ln in out.splitlines()]
    assert ["furry", "loud", "small"] in lines  # the file's component names head new_V
    assert ["cat"] + [fmt(x) for x in new_V[cat]] in lines
    assert f'"cat" went from [0.800, 0.100, 0.600] to ' \
           f"[{', '.join(map(fmt, new_V[cat]))}]" in flat(out)


def test_custom_vectors_bring_their_own_sentence(capsys, mine):
    out = transcript(capsys, "lesson3", "--vectors", str(mine))
    # no --sentence: the file's sentence; no --focus: its first word that is not an
    # article, and dog as partner
    assert '"cat" attending to "dog" is q_cat . k_dog = ' in flat(out)
    rel = table_cells(out, "relevances = Q @ K^T", MINE_WORDS)
    assert len(rel) == 25


def test_a_repeated_word_keeps_its_own_vectors(capsys, mine):
    out = transcript(capsys, "lesson3", "--vectors", str(mine), "--sentence",
                     "the cat saw the dog", "--focus", "cat")
    words = ["the", "cat", "saw", "the#2", "dog"]
    cells = table_cells(out, "relevances = Q @ K^T", words)
    rel, _, _ = attention(MINE["words"], ["the", "cat", "saw", "the", "dog"])
    assert cells == {(r, c): fmt(rel[i][j]) for i, r in enumerate(words)
                     for j, c in enumerate(words)}


# Exact mode.

def test_exact_lesson3_tables_are_the_hand_computed_fractions(capsys):
    out = transcript(capsys, "lesson3", "--exact")
    rel, weights, _ = attention(DEMO, WORDS)
    want_rel = {(r, c): fmt_exact(rel[i][j]) for i, r in enumerate(WORDS)
                for j, c in enumerate(WORDS)}
    want_weights = {(r, c): fmt_exact(weights[i][j]) for i, r in enumerate(WORDS)
                    for j, c in enumerate(WORDS)}
    got_rel = table_cells(out, "relevances = Q @ K^T", WORDS)
    got_weights = table_cells(out, "weights = each row of relevances", WORDS)
    assert got_rel == want_rel
    assert got_weights == want_weights
    assert all("/" in cell or cell in ("0", "1") for cell in got_rel.values())
    # both ways of printing a fraction are in the weights: p/q, and ~0.123 when longer
    assert got_weights["hyper", "Riley"] == "65/237"
    assert got_weights["Riley", "dog"] == "~" + fmt(weights[2][1])
    assert "q_Riley . k_dog = 43/45" in flat(out)
    assert "1 x (8/9) + (1/5) x (1/9) + (1/10) x (4/9) + (1/10) x 0 = 43/45" in out


def test_exact_lesson1_mixes_three_quarters(capsys):
    out = transcript(capsys, "lesson1", "--exact")
    riley, dog = exact(DEMO, "Riley", "value"), exact(DEMO, "dog", "value")
    mixed = [Fraction(3, 4) * a + Fraction(1, 4) * b for a, b in zip(riley, dog)]
    assert "  animal: (3/4) x (1/10) + (1/4) x (9/10) = 3/10" in out.splitlines()
    assert f"  = [{', '.join(map(fmt_exact, mixed))}]" in out.splitlines()
    assert "= [3/10, 21/40, 3/20, 9/40]" in out
    assert "0.750 x" not in out


def test_exact_lesson1_shares_are_ninths(capsys):
    out = transcript(capsys, "lesson1", "--exact")
    assert "  1 / 9 = 1/9" in out.splitlines()
    assert "~0.111" not in out


def test_exact_and_float_agree_to_three_decimals(capsys):
    floats = table_cells(transcript(capsys, "lesson3"), "weights = each row", WORDS)
    exacts = table_cells(transcript(capsys, "lesson3", "--exact"), "weights = each row",
                         WORDS)
    for cell, shown in exacts.items():
        value = float(Fraction(shown)) if not shown.startswith("~") else float(shown[1:])
        assert Style().even().num(value) == floats[cell]  # as a table shows it


# Export, replay, SVG and HTML.

def test_export_then_replay_gives_the_same_transcript(capsys, tmp_path):
    saved = tmp_path / "t.json"
    live = transcript(capsys, "lesson3", "--export", str(saved), written=[saved])
    assert saved.exists()
    again = transcript(capsys, "replay", str(saved))
    assert flat(again).startswith(f"lesson3: Queries make attention asymmetric, replay "
                                  f"of {saved} ")
    assert live.splitlines()[0] == "lesson3: Queries make attention asymmetric"
    assert live.splitlines()[1] == ""
    assert body(again) == live.splitlines()[1:]
    assert len(live.splitlines()) > 500


def test_replay_keeps_the_code_when_the_lesson_file_is_gone(capsys, tmp_path):
    saved = tmp_path / "t.json"
    live = transcript(capsys, "lesson2", "--export", str(saved), written=[saved])
    assert str(ROOT) not in saved.read_text()  # no folder of the maker's is shared
    text = saved.read_text().replace('"tracer/lessons/lesson2.py"',
                                     json.dumps(str(tmp_path / "gone" / "lesson2.py")))
    assert str(tmp_path / "gone") in text
    moved = tmp_path / "moved.json"
    moved.write_text(text)
    again = transcript(capsys, "replay", str(moved))
    assert body(again) == body(live)
    # the whole statement, wrapped at the width
    assert re.search(r'^ +\d+ > v_mixed = mix\(v_focus, v_partner, relevance, names=\[f"v_'
                     r'\{focus\}",\n +f"v_\{partner\}", "relevance"\], why=f"The relevance as',
                     again, re.M)


def test_exported_exact_trace_replays_in_fractions(capsys, tmp_path):
    saved = tmp_path / "exact.json"
    live = transcript(capsys, "lesson3", "--exact", "--export", str(saved), written=[saved])
    again = transcript(capsys, "replay", str(saved))
    assert body(again) == body(live)
    assert "= 43/45" in again


def test_svg_is_one_slide_per_section(capsys, tmp_path):
    from tracer.view.page_data import sections_of
    from tracer.play.walk import Walk
    trace = tracer.lesson("lesson3")
    parts = sections_of(trace, Walk(trace))
    assert len(parts) > 1
    names = [f"lesson3-{k}.svg" for k in range(1, len(parts) + 1)]
    transcript(capsys, "lesson3", "--svg", str(tmp_path / "lesson3.svg"),
               written=[tmp_path / name for name in names])  # one line a file written
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names)
    for name in names:
        root = ET.parse(tmp_path / name).getroot()
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert (root.get("width"), root.get("height")) == ("1280", "720")
    last = (tmp_path / names[-1]).read_text(encoding="utf-8")  # its last operation's screen
    assert ">new_V = weights @ V: " in last and "take those steps" not in last


def test_html_is_a_page_with_the_numbers(capsys, tmp_path):
    page = tmp_path / "lesson3.html"
    out = transcript(capsys, "lesson3", "--html", str(page), written=[page])
    assert out.rstrip().endswith("5 take those steps.")  # stdout is still the walkthrough
    text = page.read_text(encoding="utf-8")
    assert text.lstrip().lower().startswith("<!doctype html>")
    assert "</html>" in text
    assert "0.956" in text and "0.920" in text
    assert not list(tmp_path.glob(".tracer-*.part"))


def test_written_files_are_readable_by_others(capsys, tmp_path):
    saved = tmp_path / "t.json"
    old = os.umask(0o022)
    try:
        transcript(capsys, "lesson1", "--export", str(saved), written=[saved])
    finally:
        os.umask(old)
    assert saved.stat().st_mode & 0o777 == 0o644


def unwritable(tmp_path, kind):
    """Return (a path that cannot be written, the folder to check for leftovers)."""
    if kind == "directory":
        return str(tmp_path), tmp_path
    if kind == "missing folder":
        return str(tmp_path / "missing" / "out.json"), tmp_path
    if kind == "trailing slash":  # the temporary file is made, then cannot be renamed
        return str(tmp_path / "out.json") + "/", tmp_path
    if kind == "read-only folder":
        if os.geteuid() == 0:
            pytest.skip("root writes into read-only folders")
        folder = tmp_path / "ro"
        folder.mkdir()
        folder.chmod(0o555)
        return str(folder / "out.json"), folder
    raise AssertionError(kind)


@pytest.mark.parametrize("option", ["--export", "--svg", "--html"])
@pytest.mark.parametrize("kind", ["directory", "missing folder", "trailing slash",
                                  "read-only folder"])
def test_an_unwritable_path_exits_1_and_leaves_nothing(capsys, tmp_path, option, kind):
    path, folder = unwritable(tmp_path, kind)
    before = sorted(p.name for p in folder.iterdir())
    try:
        code = cli.main(["lesson1", "--no-pause", "--plain", option, path])
        out, err = capsys.readouterr()
        after = sorted(p.name for p in folder.iterdir())
    finally:
        folder.chmod(0o755)
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1 and err.startswith(f"tracer: {path}: "), err
    assert "Traceback" not in err
    assert after == before
    assert not list(tmp_path.rglob(".tracer-*.part"))


# Digits.

def test_digits_5_shows_five_decimals(capsys):
    out = transcript(capsys, "lesson3", "--digits", "5")
    assert "q_Riley . k_dog = 0.95556" in flat(out)
    assert "q_Riley = [1.00000, 0.20000, 0.10000, 0.10000]" in out
    assert "1.00000 x 0.88889 + 0.20000 x 0.11111 + 0.10000 x 0.44444 + 0.10000 x " \
           "0.00000 = 0.95556" in flat(out)
    assert "0.956 " not in out


def test_digits_0_shows_whole_numbers(capsys):
    out = transcript(capsys, "lesson3", "--digits", "0")
    assert "q_Riley . k_dog = 1;" in flat(out)
    assert "  q_Riley = [1, 0, 0, 0]" in out.splitlines()


def test_the_trace_keeps_full_precision(capsys, tmp_path):
    saved = tmp_path / "t.json"
    transcript(capsys, "lesson3", "--digits", "5", "--export", str(saved), written=[saved])
    steps = json.loads(saved.read_text())["steps"]
    first = next(s for s in steps if s["op"] == "dot")
    q = [float(x) for x in exact(DEMO, "Riley", "query")]
    k = [float(x) for x in exact(DEMO, "dog", "key")]
    total = q[0] * k[0]
    for a, b in zip(q[1:], k[1:]):
        total += a * b
    assert first["names"] == ["q_Riley", "k_dog"]
    assert first["result"] == total
    assert abs(first["result"] - 43 / 45) < 1e-15
    assert round(first["result"], 5) != first["result"]
    assert first["args"][1][0] == 8 / 9


def predicted(lesson, typed, *extra):
    done = subprocess.run([sys.executable, "-m", "tracer", lesson, "--predict", *extra],
                          cwd=ROOT, env=child_env(), input=typed,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    assert done.returncode == 0 and done.stderr == b""
    return done.stdout.decode()


def test_predict_reads_piped_answers():
    rich_or_skip()
    out = predicted("lesson3", b"2\n85\n")  # "no" by its number; 85 is within 10% of 90
    assert "\x1b" not in out
    assert out.count("  Right: ") == 2
    assert "Will q_dog · k_Riley equal q_Riley · k_dog? (yes, no): \n" \
        "  Right: no. q_dog · k_Riley = 0.200 and q_Riley · k_dog = 0.956:" in out
    assert "  Right: 90. 90 of 100 differ." in out
    assert out.endswith("Questions asked: 2. Answered: 2. Right: 2.\n")
    assert "Lessons 4 and 5 take those steps." in out


def test_predict_takes_fractions_and_ends_on_end_of_input():
    out = predicted("lesson3", b"yes\n", "--plain")
    assert "Not this time: the answer is no." in out
    assert out.endswith("Questions asked: 2. Answered: 1. Right: 0.\n"
                        "Stopped at question 2.\n")
    out = predicted("lesson3", b"no\n180/2\n", "--plain")
    assert "Right: 90." in out


@pytest.mark.parametrize("answer", ["1e99999999", "9" * 5000, "1/1e-99999", "2000000"])
def test_predict_refuses_an_answer_too_long_or_too_large_at_once(answer):
    from tracer.play.predict import parse
    assert parse(answer) is None
    out = predicted("lesson3", f"no\n{answer}\nq\n".encode(), "--plain")
    assert f"{answer[:20]!r}{'...' if len(answer) > 20 else ''} is not a number from " \
        "-1,000,000 to 1,000,000; try again" in out
    assert len(max(out.splitlines(), key=len)) < 300  # a long answer is not echoed whole


@pytest.mark.parametrize("lesson", cli.LESSONS)
def test_predict_asks_each_lesson_its_own_questions(lesson):
    out = predicted(lesson, b"\n" * 40, "--plain")
    asked = int(re.search(r"Questions asked: (\d+)\.", out).group(1))
    assert 1 <= asked <= 12
    if lesson in ("lesson1", "lesson2", "lesson3", "lesson4", "lesson5"):
        assert "Your estimate of " not in out  # the lesson's forks, not arithmetic
    assert out.endswith(f"Questions asked: {asked}. Answered: 0. Right: 0.\n"
                        f"Skipped: {asked}.\n")
    assert max(map(len, out.splitlines())) <= 80  # wrapped between words, at 80


def test_the_summary_counts_only_the_questions_asked():
    out = predicted("lesson2", b"half\n\nq\n", "--plain")
    assert "Not this time: the answer is itself." in out
    assert out.endswith("Questions asked: 2. Answered: 1. Right: 0.\nSkipped: 1.\n")
