"""Bad and odd input, end to end through `python -m tracer`: one clear line, never a crash.

Every refusal must exit with its status (2 for a mistake on the command line, 1 for a
file that cannot be used), say what is wrong in exactly one line on stderr starting with
"tracer:", show no traceback, and leave no file behind, whole or half-written.
"""

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import ESCAPE, STATUS, child_env, spawn_wrapped

try:
    import pexpect
except ImportError:  # the terminal tests need it; the rest do not
    pexpect = None

ROOT = Path(__file__).resolve().parent.parent
LESSONS = ["lesson1", "lesson2", "lesson3", "lesson4", "lesson5"]
NON_ASCII = "naïve café Zürich"


# Helpers.


def tracer(*args, timeout=30, **env):
    """Run `python -m tracer ARGS` from the repository, output piped; return it finished.

    stdout and stderr come back as text, undecodable bytes shown as U+FFFD.
    """
    done = subprocess.run([sys.executable, "-m", "tracer", *map(str, args)], cwd=ROOT,
                          env=child_env(**env), stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    done.out = done.stdout.decode("utf-8", "replace")
    done.err = done.stderr.decode("utf-8", "replace")
    return done


def refused(done, status, *words):
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


def ran(done):
    """Check a run that must succeed quietly; return what it printed."""
    assert "Traceback" not in done.out + done.err, done.err
    assert done.returncode == 0, done.err
    assert done.err == ""
    assert done.out.strip()
    return done.out


def leftovers(folder):
    """Return the temporary files a write left in folder or below."""
    return sorted(str(p) for p in Path(folder).rglob(".tracer-*.part"))


def vectors_file(tmp_path, text, name="vectors.json"):
    """Write a vectors file as given (text, or data dumped as JSON); return its path."""
    path = tmp_path / name
    path.write_text(text if isinstance(text, str) else json.dumps(text), encoding="utf-8")
    return path


def entry(value=(1, 0), key=(1, 0), query=(1, 0)):
    return {"value": list(value), "key": list(key), "query": list(query)}


def one_word(value="[1, 0]", key="[1, 0]", query="[1, 0]"):
    """Return the text of a vectors file of the one word cat, its vectors as written."""
    return ('{"sentence": "the cat", "words": {"cat": {"value": %s, "key": %s, '
            '"query": %s}}}' % (value, key, query))


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """Return the text of a real trace, saved by `tracer lesson1 --export`."""
    folder = tmp_path_factory.mktemp("exported")
    saved = folder / "lesson1.json"
    ran(tracer("lesson1", "--no-pause", "--export", saved))
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
    refused(tracer(*args, "--no-pause"), 2, *words)


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
    line = refused(tracer("lesson3", "--no-pause", "--vectors", path), 1, *words)
    assert line.startswith(f"tracer: {path}")


def test_the_non_unit_key_is_refused_not_normalised(tmp_path):
    path = vectors_file(tmp_path, NOT_UNIT)
    line = refused(tracer("lesson1", "--no-pause", "--sentence", "cat", "--vectors", path),
                   1, "cat")
    assert line.endswith("its key has length 1.41421, but keys must have length 1 (to "
                         "within 0.0001): divide each of its numbers by 1.41421"), line


def test_a_missing_vectors_file(tmp_path):
    path = tmp_path / "nowhere" / "vectors.json"
    line = refused(tracer("lesson3", "--no-pause", "--vectors", path), 1, "no such file")
    assert line == f"tracer: {path}: no such file"


def test_a_directory_as_the_vectors_file(tmp_path):
    refused(tracer("lesson3", "--no-pause", "--vectors", tmp_path), 1, str(tmp_path),
            "is a directory")


def test_a_vectors_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "latin1.json"
    path.write_bytes(one_word().replace("cat", "caf\xe9").encode("latin-1"))
    refused(tracer("lesson3", "--no-pause", "--vectors", path), 1, str(path),
            "cannot be read")


def test_a_50_mb_vectors_file_is_refused_as_too_big_fast(tmp_path):
    path = tmp_path / "big.json"
    with open(path, "w", encoding="utf-8") as f:  # a valid file, padded with spaces
        f.write(json.dumps({"words": {"cat": entry()}}))
        f.write(" " * (50 * 2**20))
    start = time.monotonic()
    done = tracer("lesson3", "--no-pause", "--vectors", path)
    took = time.monotonic() - start
    refused(done, 1, str(path), "too big", "10 MB")
    assert took < 5, f"took {took:.1f} s to refuse a file by its size"


def test_an_integer_of_5000_digits_in_a_vectors_file(tmp_path):
    path = vectors_file(tmp_path, one_word(value="[%s, 0]" % ("9" * 5000)))
    refused(tracer("lesson3", "--no-pause", "--vectors", path), 1, str(path))


def test_a_huge_exponent_in_a_vectors_file_is_refused_quickly(tmp_path):
    path = vectors_file(tmp_path, one_word(value="[1e100000000, 0]"))
    try:
        done = tracer("lesson3", "--no-pause", "--vectors", path, timeout=3)
    except subprocess.TimeoutExpired:
        pytest.fail("a 60-byte vectors file kept tracer busy for more than 3 s")
    refused(done, 1, str(path), "out of range")


def test_a_nan_refusal_names_the_word(tmp_path):
    text = json.dumps({"words": {"cat": entry(), "dog": entry()}})
    text = text.replace('"dog": {"value": [1, 0]', '"dog": {"value": [NaN, 0]')
    path = vectors_file(tmp_path, text)
    refused(tracer("lesson3", "--no-pause", "--vectors", path), 1, "NaN", "dog")


# Sentences.

@pytest.mark.parametrize("sentence", ["", "?!...", " -- , ; "], ids=["empty", "punctuation",
                                                                   "dashes"])
def test_a_sentence_without_words_exits_2(sentence):
    line = refused(tracer("lesson3", "--no-pause", "--sentence", sentence), 2, "no words")
    assert line == f"tracer: the sentence {sentence!r} has no words"


def test_a_sentence_of_1000_words_exits_2_with_the_limit():
    words = " ".join(f"word{i}" for i in range(1000))
    refused(tracer("lesson3", "--no-pause", "--sentence", words), 2,
            "1000 words", "1 to 60")


@pytest.mark.parametrize("lesson", LESSONS)
def test_a_one_word_sentence_runs_every_lesson(lesson):
    out = ran(tracer(lesson, "--no-pause", "--plain", "--sentence", "Riley"))
    assert "Riley" in out


@pytest.mark.parametrize("lesson", LESSONS)
def test_non_ascii_words_run_every_lesson(lesson):
    out = ran(tracer(lesson, "--no-pause", "--sentence", NON_ASCII))
    assert "Zürich" in out


def test_non_ascii_words_on_an_ascii_terminal_exit_0():
    done = tracer("lesson1", "--no-pause", "--sentence", NON_ASCII, "--focus", "Zürich",
                  LANG="C", LC_ALL="", PYTHONIOENCODING="ascii")
    out = ran(done)
    assert out.isascii()
    assert "Z?rich" in out  # shown as well as the terminal can


def test_a_refusal_naming_a_non_ascii_word_on_an_ascii_terminal():
    done = tracer("lesson1", "--no-pause", "--sentence", NON_ASCII, "--focus", "Zürichs",
                  LANG="C", LC_ALL="", PYTHONIOENCODING="ascii")
    assert done.err.isascii()
    refused(done, 2, "--focus", "not in the sentence")


# Replaying trace files: status 1, naming the file.

def test_replay_of_a_missing_file(tmp_path):
    path = tmp_path / "gone.json"
    line = refused(tracer("replay", path, "--no-pause"), 1, "no such file")
    assert line == f"tracer: {path}: no such file"


def test_replay_of_a_directory(tmp_path):
    refused(tracer("replay", tmp_path, "--no-pause"), 1, str(tmp_path), "directory")


def test_replay_of_the_whole_export_works(tmp_path, exported):
    path = tmp_path / "whole.json"
    path.write_text(exported, encoding="utf-8")
    assert ran(tracer("replay", path, "--no-pause")).startswith(
        f"lesson1: Mix one word's value into another's, replay of {path}")


def test_replay_of_a_trace_cut_in_half(tmp_path, exported):
    path = tmp_path / "half.json"
    path.write_text(exported[:len(exported) // 2], encoding="utf-8")
    refused(tracer("replay", path, "--no-pause"), 1, f"tracer: {path}: ", "not valid JSON")


def test_replay_of_a_foreign_json_file(tmp_path):
    path = tmp_path / "package.json"
    path.write_text('{"name": "left-pad", "version": "1.3.0"}', encoding="utf-8")
    refused(tracer("replay", path, "--no-pause"), 1, f"tracer: {path}: ",
            "not a tracer trace")


def test_replay_of_a_trace_from_a_newer_tracer(tmp_path, exported):
    data = json.loads(exported)
    data["version"] = 99
    path = tmp_path / "future.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    refused(tracer("replay", path, "--no-pause"), 1, f"tracer: {path}: ", "version 99",
            "newer", "upgrade")


def test_replay_of_a_trace_whose_result_was_edited(tmp_path, exported):
    data = json.loads(exported)
    step = next(i for i, s in enumerate(data["steps"]) if s["op"] == "mix")
    data["steps"][step]["result"][0] += 1
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    refused(tracer("replay", path, "--no-pause"), 1, f"tracer: {path}, step {step}: ",
            "not what its operands give")


def test_replay_of_a_trace_with_an_integer_of_5000_digits(tmp_path):
    path = tmp_path / "digits.json"
    path.write_text('{"format": "tracer-trace", "version": %s, "steps": []}' % ("9" * 5000),
                    encoding="utf-8")
    refused(tracer("replay", path, "--no-pause"), 1, str(path))


def test_an_unterminated_string_is_reported_in_plain_words(tmp_path):
    path = tmp_path / "cut.json"
    path.write_text('{"format": "tracer-trace", "version": 1, "steps": ["abc',
                    encoding="utf-8")
    line = refused(tracer("replay", path, "--no-pause"), 1, "not valid JSON")
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
    refused(tracer("lesson1", "--no-pause", option, target), 1, f"tracer: {target}: ",
            *words)
    assert sorted(p.name for p in tmp_path.rglob("*")) == before
    assert leftovers(tmp_path) == []
    assert (tmp_path / "file.txt").read_text() == "keep me\n"


def test_a_refused_lesson_writes_none_of_its_files(tmp_path):
    bad = vectors_file(tmp_path, NOT_UNIT)
    out = tmp_path / "out"
    out.mkdir()
    refused(tracer("lesson3", "--no-pause", "--vectors", bad,
                   "--export", out / "t.json", "--svg", out / "t.svg",
                   "--html", out / "t.html"), 1, "keys must have length 1")
    assert list(out.iterdir()) == []
    assert leftovers(tmp_path) == []


def test_a_refused_replay_writes_none_of_its_files(tmp_path):
    foreign = tmp_path / "foreign.json"
    foreign.write_text("[]", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    refused(tracer("replay", foreign, "--no-pause", "--export", out / "t.json",
                   "--html", out / "t.html"), 1, "not a tracer trace")
    assert list(out.iterdir()) == []


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
        assert step(child)[0] == 1
        return child

    yield start
    for child in children:
        child.close(force=True)


def step(child):
    """Wait for the next complete status line; return (press, of, term, of terms)."""
    child.expect(STATUS)
    child.frame = child.before
    return tuple(int(g) if g else None for g in child.match.groups())


def press(child, key):
    child.send(key)
    return step(child)


def finish(child, status):
    """Wait for the wrapper to end with status, the terminal's settings as before."""
    child.expect(r"after (\[.*\])\r\n")
    assert child.match.group(1) == child.settings
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == status
    seen = child.seen.getvalue()
    assert "Traceback" not in seen
    assert seen.rindex("\x1b[?1049l") > seen.rindex("\x1b[?1049h")  # main screen back
    assert seen.rindex("\x1b[?25h") > seen.rindex("\x1b[?25l")  # cursor back
    return seen


def test_ctrl_c_in_the_middle_of_a_step(terminal):
    child = terminal("lesson3")
    assert [press(child, " ")[2] for _ in range(3)] == [1, 2, 3]  # inside the first dot
    child.sendintr()
    seen = finish(child, 130)
    assert "KeyboardInterrupt" not in seen


def test_end_of_input_mid_lesson(terminal):
    child = terminal("lesson3")
    press(child, " ")
    press(child, " ")
    child.sendeof()
    finish(child, 0)


def test_the_terminal_made_narrower_mid_lesson(terminal):
    child = terminal("lesson3")
    press(child, " ")
    _, total, term, _ = press(child, " ")
    child.setwinsize(30, 40)
    assert step(child) == (3, total, term, 4)  # redrawn where it was
    assert press(child, " ")[0] == 4
    assert press(child, "b")[0] == 3
    frame = ESCAPE.sub("", child.frame.split("\x1b[H")[-1])
    widths = [len(line.rstrip("\r")) for line in frame.split("\n")]
    assert max(widths) <= 40, frame
    child.send("q")
    finish(child, 0)


@pytest.mark.parametrize("env", [{"TERM": "dumb"}, {"LANG": "C"}],
                         ids=["TERM=dumb", "LANG=C"])
def test_an_ascii_terminal_gets_ascii_symbols(terminal, env):
    child = terminal("lesson3", **env)
    press(child, " ")
    assert "1.000 x 0.889 = 0.889" in child.frame
    assert "q_Riley . k_dog" in child.frame
    press(child, "b")
    child.send("q")
    seen = finish(child, 0)
    for symbol in ("×", "·", "▶", "─"):
        assert symbol not in seen


def test_one_unwritable_target_means_no_file_is_written(tmp_path):
    good, bad = tmp_path / "t.json", tmp_path / "missing" / "t.svg"
    refused(tracer("lesson1", "--no-pause", "--export", good, "--svg", bad), 1,
            "cannot write there")
    assert sorted(p.name for p in tmp_path.iterdir()) == []


# Text from files is data: no control code from a file reaches the terminal or a page.

EVIL = "\x1b]0;pwned\x07\x1b[31m\x9b2J"  # retitle the window, turn red, clear (C1 CSI)
EVIL_SHOWN = "\\x1b]0;pwned\\x07\\x1b[31m\\x9b2J"


@pytest.fixture
def evil_files(tmp_path):
    """Return a vectors file and a trace file whose every text field carries EVIL."""
    vectors = vectors_file(tmp_path, {
        "sentence": f"the cat {EVIL} sat",
        "components": [f"size{EVIL}", "animal"],
        "words": {"cat": entry((1, 0), (1, 0), (0, 1))}})
    saved = tmp_path / "evil.json"
    ran(tracer("lesson3", "--vectors", vectors, "--no-pause", "--export", saved))
    data = json.loads(saved.read_text(encoding="utf-8"))
    data["title"] = f"title{EVIL}"
    for name in data["sources"]:
        data["sources"][name] = [f"code{EVIL}\n"] * len(data["sources"][name])
    data["sections"] = [[f"part{EVIL}", i] for _, i in data["sections"]]
    for step in data["steps"]:
        if step["op"] == "say":
            step["result"] = f"said{EVIL} " + step["result"]
        elif step["names"]:
            step["names"] = [f"{n}{EVIL}" for n in step["names"]]
    saved.write_text(json.dumps(data), encoding="utf-8")
    return vectors, saved


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
        done = tracer(*args)
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


@pytest.mark.parametrize("view", [(), ("--plain",)], ids=["rich", "plain"])
def test_escape_codes_in_files_reach_no_screen(terminal, evil_files, view):
    vectors, saved = evil_files
    for args, shown in ((("lesson3", "--vectors", vectors, *view), "size\\x1b"),
                        (("replay", saved, *view), "title" + EVIL_SHOWN[:20])):
        child = terminal(*map(str, args))
        press(child, "G")
        for _ in range(6):  # back into the last table, whose columns are the components
            press(child, "b")
        child.send("o")  # the outline lists the sections by their titles
        child.expect("Outline")
        child.send("\x1b")
        child.send("q")
        seen = finish(child, 0)
        assert "\x1b]" not in seen and "\x1b[31m" not in seen and "\x9b" not in seen
        assert shown in seen


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
        out = ran(tracer("replay", saved, "--no-pause", *args))
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
    out = ran(tracer("replay", saved, "--no-pause", "--plain", timeout=30))
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
    out = ran(tracer("lesson3", "--vectors", path, "--no-pause", "--export", saved,
                     "--html", tmp_path / "t.html"))
    assert "size\\ud800" in out
    assert leftovers(tmp_path) == []
    back = ran(tracer("replay", saved, "--no-pause", "--plain"))
    assert "size\\ud800" in back
    assert "size\\ud800" in (tmp_path / "t.html").read_text(encoding="utf-8")


def test_wide_words_keep_every_line_within_the_width():
    from tracer.view.text import cells
    out = ran(tracer("lesson3", "--no-pause", "--sentence", "猫が 日本語の 文を 読んだ",
                     COLUMNS="50"))
    lines = out.splitlines()
    assert max(cells(line) for line in lines) <= 50
    assert any("日本語の" in line for line in lines)


def test_an_unpaired_surrogate_on_the_player_screen(terminal, tmp_path):
    path = vectors_file(tmp_path, '{"sentence": "the cat", "components": ["size\\udc80", '
                                  '"animal"], "words": {"cat": {"value": [1, 0], '
                                  '"key": [1, 0], "query": [0, 1]}}}')
    child = terminal("lesson3", "--vectors", str(path))
    child.send("G")
    for _ in range(40):
        if "size\\udc80" in child.seen.getvalue():
            break
        press(child, "b")
    assert "size\\udc80" in child.seen.getvalue()
    child.send("q")
    finish(child, 0)
