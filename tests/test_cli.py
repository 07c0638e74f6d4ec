"""The command line: listing, help, mistakes refused in one line, and clean transcripts."""

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

import tracer
from tracer import __version__, cli, database
from tracer.player import keys_help
from helpers import (EVIL_SHOWN, child_env, entry, error_of, evil_files, one_word_file,
                     piped, ran, vectors_file, without_rich_code)
from tracer.step import Trace

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
    ran(piped("lesson1", "--no-pause", "--export", saved))
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
    assert line.endswith("its key has length 1.41421, but keys must have length 1 (to "
                         "within 0.0001): divide each of its numbers by 1.41421"), line


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
    out = ran(piped(lesson, "--no-pause", "--sentence", NON_ASCII))
    assert "Zürich" in out


def test_non_ascii_words_on_an_ascii_terminal_exit_0():
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
    assert ran(piped("replay", path, "--no-pause")).startswith(
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
    refusal(piped("replay", path, "--no-pause"), 1, f"tracer: {path}, step {step}: ",
            "not what its operands give")


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
    for args in (("--plain",), (), ("--html", page, "--export", again)):
        out = ran(piped("replay", saved, "--no-pause", *args))
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
    # JSON can spell a lone surrogate, which no UTF-8 file or terminal can hold.
    path = vectors_file(tmp_path, '{"sentence": "the cat", "components": ["size\\ud800", '
                                  '"animal"], "words": {"cat": {"value": [1, 0], '
                                  '"key": [1, 0], "query": [0, 1]}}}')
    saved = tmp_path / "t.json"
    out = ran(piped("lesson3", "--vectors", path, "--no-pause", "--export", saved,
                    "--html", tmp_path / "t.html"))
    assert "size\\ud800" in out
    assert leftovers(tmp_path) == []
    back = ran(piped("replay", saved, "--no-pause", "--plain"))
    assert "size\\ud800" in back
    assert "size\\ud800" in (tmp_path / "t.html").read_text(encoding="utf-8")


def test_wide_words_keep_every_line_within_the_width():
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
    uses = []
    real_load = database.load
    monkeypatch.setattr(database, "load",
                        lambda *a, **k: uses.append(a) or real_load(*a, **k))
    seen = []
    lesson = SimpleNamespace(run=lambda words, focus, partner: seen.append(
        (words[:2], database.database().source)))
    cli.record(lesson, SimpleNamespace(vectors=str(path)))
    assert uses == [(str(path),)]
    demo = tracer.words_of(database.demo().sentence)
    assert seen == [(demo[:2], str(path))]


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
