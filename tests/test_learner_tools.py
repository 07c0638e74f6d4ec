"""Issue 4, the learner's own tools: sentences, vectors, exact mode, files, predict."""

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from fractions import Fraction
from pathlib import Path

import pytest

import tracer
from tracer import cli, database
from tracer.view.text import Style
from helpers import child_env

ROOT = Path(__file__).resolve().parent.parent
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


@pytest.fixture(autouse=True)
def clean(monkeypatch):
    """Run each test at the default width, and leave the demo vectors in use after."""
    monkeypatch.delenv("COLUMNS", raising=False)
    yield


@pytest.fixture
def mine(tmp_path):
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(MINE))
    return path


def transcript(capsys, *args):
    """Return the plain walkthrough the command line prints for args."""
    assert cli.main([*args, "--no-pause", "--plain"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
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


def flat(text):
    """Return text with every run of whitespace made one space (undo the wrapping)."""
    return " ".join(text.split())


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
    assert "the#2" in out
    assert "Riley" not in out and "Evan's" not in out


def test_a_custom_sentence_labels_repeated_words(capsys):
    out = transcript(capsys, "lesson3", "--sentence", "the cat saw the dog", "--focus", "cat")
    words = ["the", "cat", "saw", "the#2", "dog"]
    rel = table_cells(out, "relevances = Q @ K^T", words)
    assert sorted(rel) == sorted((r, c) for r in words for c in words)
    assert "  [the#2, dog] = Q[the#2] . K^T[:, dog]" in out.splitlines()
    # a word the demo knows keeps its demo vectors inside another sentence
    assert "  k_dog = [0.889, 0.111, 0.444, 0.000]" in out.splitlines()
    assert "cat attending to dog is q_cat . k_dog = " in flat(out)


def test_sentence_words_number_the_repeats():
    assert cli.sentence_words("The dog saw the dog, and the dog ran.") == [
        "The", "dog", "saw", "the#2", "dog#2", "and", "the#3", "dog#3", "ran"]
    assert cli.sentence_words("Evan's dog Riley") == ["Evan's", "dog", "Riley"]


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
    assert f"cat moved from [{', '.join(map(fmt, cat))}] to " \
           f"[{', '.join(map(fmt, mixed))}]." in out
    assert "furry: 0.750 x 0.800 + 0.250 x 0.900 = 0.825" in out


def test_custom_vectors_lesson2_relevance_by_hand(capsys, mine):
    out = flat(transcript(capsys, "lesson2", "--vectors", str(mine), "--sentence",
                          "the cat saw one dog", "--focus", "cat"))
    k_cat, k_dog = exact(MINE["words"], "cat", "key"), exact(MINE["words"], "dog", "key")
    assert dot(k_cat, k_dog) == Fraction(11, 15)
    assert "The relevance of cat and dog is the dot product of their keys: " \
           f"{fmt(dot(k_cat, k_dog))}." in out


def test_custom_vectors_lesson3_attention_by_hand(capsys, mine):
    out = transcript(capsys, "lesson3", "--vectors", str(mine), "--sentence",
                     "the cat saw one dog", "--focus", "cat")
    table = MINE["words"]
    forward = dot(exact(table, "cat", "query"), exact(table, "dog", "key"))
    backward = dot(exact(table, "dog", "query"), exact(table, "cat", "key"))
    assert (forward, backward) == (Fraction(31, 30), Fraction(14, 25))
    assert f"cat attending to dog is q_cat . k_dog = {fmt(forward)}; the other way " \
           f"round it is q_dog . k_cat = {fmt(backward)}." in flat(out)
    rel, weights, new_V = attention(table, MINE_WORDS)
    cells = table_cells(out, "relevances = Q @ K^T", MINE_WORDS)
    assert cells == {(r, c): fmt(rel[i][j]) for i, r in enumerate(MINE_WORDS)
                     for j, c in enumerate(MINE_WORDS)}
    cat = MINE_WORDS.index("cat")
    lines = [ln.split() for ln in out.splitlines()]
    assert ["furry", "loud", "small"] in lines  # the file's component names head new_V
    assert ["cat"] + [fmt(x) for x in new_V[cat]] in lines
    assert f"cat went from [0.800, 0.100, 0.600] to " \
           f"[{', '.join(map(fmt, new_V[cat]))}]" in flat(out)


def test_custom_vectors_bring_their_own_sentence(capsys, mine):
    out = transcript(capsys, "lesson3", "--vectors", str(mine))
    # no --sentence: the file's sentence; no --focus: its first word that is not an
    # article, and dog as partner
    assert "cat attending to dog is q_cat . k_dog = " in flat(out)
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
        assert Style().num(value) == floats[cell]


# Export, replay, SVG and HTML.

def test_export_then_replay_gives_the_same_transcript(capsys, tmp_path):
    saved = tmp_path / "t.json"
    live = transcript(capsys, "lesson3", "--export", str(saved))
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
    live = transcript(capsys, "lesson2", "--export", str(saved))
    text = saved.read_text().replace(str(ROOT / "lessons" / "lesson2.py"),
                                     str(tmp_path / "gone" / "lesson2.py"))
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
    live = transcript(capsys, "lesson3", "--exact", "--export", str(saved))
    again = transcript(capsys, "replay", str(saved))
    assert body(again) == body(live)
    assert "= 43/45" in again


def test_svg_is_one_slide_per_section(capsys, tmp_path):
    from tracer.view.model import sections_of
    from tracer.walk import Walk
    transcript(capsys, "lesson3", "--svg", str(tmp_path / "lesson3.svg"))
    trace = cli.record(cli.lesson_module("lesson3"))
    parts = sections_of(trace, Walk(trace))
    assert len(parts) > 1
    names = [f"lesson3-{k}.svg" for k in range(1, len(parts) + 1)]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names)
    for name in names:
        root = ET.parse(tmp_path / name).getroot()
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert (root.get("width"), root.get("height")) == ("1280", "720")
    last = (tmp_path / names[-1]).read_text(encoding="utf-8")  # the lesson's last screen
    assert ">and 5 take those steps.<" in last


def test_html_is_a_page_with_the_numbers(capsys, tmp_path):
    page = tmp_path / "lesson3.html"
    transcript(capsys, "lesson3", "--html", str(page))
    text = page.read_text(encoding="utf-8")
    assert text.lstrip().lower().startswith("<!doctype html>")
    assert "</html>" in text
    assert "0.956" in text and "0.920" in text
    assert not list(tmp_path.glob(".tracer-*.part"))


def test_written_files_are_readable_by_others(capsys, tmp_path):
    saved = tmp_path / "t.json"
    old = os.umask(0o022)
    try:
        transcript(capsys, "lesson1", "--export", str(saved))
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
    transcript(capsys, "lesson3", "--digits", "5", "--export", str(saved))
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


# Notebooks and scripts.

def test_recording_shows_its_walkthrough(capsys):
    with tracer.recording() as t:
        tracer.dot([0.3, 0.4], [0.7, 0.2], names=["a", "b"])
    capsys.readouterr()
    t.show(plain=True)
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert "a . b" in lines
    assert "  a = [0.300, 0.400]" in lines
    assert "  0.300 x 0.700 + 0.400 x 0.200 = 0.290" in lines
    assert any("> tracer.dot([0.3, 0.4], [0.7, 0.2]" in ln for ln in lines)


def test_recording_shows_more_digits(capsys):
    with tracer.recording() as t:
        tracer.dot([1, 2], [3, 4], names=["u", "w"])
    capsys.readouterr()
    t.show(plain=True, digits=1)
    assert "  1 x 3 + 2 x 4 = 11" in capsys.readouterr().out.splitlines()


def test_recording_renders_html_for_notebooks():
    with tracer.recording() as t:
        tracer.dot([0.3, 0.4], [0.7, 0.2], names=["a", "b"])
    page = t._repr_html_()
    assert "<html" not in page.lower() and "<body" not in page.lower()
    assert "0.290" in page and "0.300" in page


# Predict, then reveal.


def test_predict_in_a_terminal():
    pexpect = pytest.importorskip("pexpect")
    child = pexpect.spawn(sys.executable, ["-m", "tracer", "lesson3", "--predict", "--plain"],
                          cwd=str(ROOT), env=child_env(), encoding="utf-8", timeout=10,
                          dimensions=(30, 80))
    try:
        child.expect(r"it counts as right when it is within 0\.05 of the true value")
        child.expect_exact("q_Riley = [1.000, 0.200, 0.100, 0.100]")  # what to guess from
        child.expect_exact("Your estimate of q_Riley . k_dog: ")
        child.sendline("0.95")
        child.expect(r"right: the true value is 0\.956\r\n")
        assert "not within" not in child.before
        child.expect_exact("Q[Evan's] = [0.600, 0.100, 0.000, 0.100]")
        child.expect(r"Your estimate of (\[Evan's, Evan's\][^\r\n]*): ")
        child.sendline("0.9")
        child.expect(r"not within the tolerance: the true value is 0\.200\r\n")
        child.expect_exact("Which word will Riley attend to most? (Evan's, dog, Riley, ")
        child.sendline("cat")
        child.expect(r"'cat' is not one of the choices; try again")
        child.expect_exact("Which word will Riley attend to most? (")  # asked again
        child.sendline("DOG")  # any case
        child.expect(r"right: the true answer is dog\r\n")
        child.expect(r"Your estimate of (.*?): ")
        child.sendline("abc")
        child.expect(r"'abc' is not a number from -1,000,000 to 1,000,000; try again")
        child.sendline("")  # skipped
        child.expect_exact("Will every row of weights add up to 1? (yes, no): ")
        assert "true value" not in child.before  # a skip reveals no verdict
        child.sendline("q")
        child.expect(r"Questions answered: 3 of 5\. Right: 2\.")
        assert "Your estimate of" not in child.before  # q stopped the asking
        assert "dividing by their sum, and stack many such layers." in flat(child.before)
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0


def test_predict_reads_piped_answers():
    done = subprocess.run([sys.executable, "-m", "tracer", "lesson3", "--predict"],
                          cwd=ROOT, env=child_env(), input=b"0.95\n\nq\n",
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    assert done.returncode == 0
    assert done.stderr == b""
    out = done.stdout.decode()
    assert b"\x1b" not in done.stdout
    assert out.count("Your estimate of") == 2  # answered, skipped
    assert out.count("Which word will Riley attend to most?") == 1  # then q
    assert "Your estimate of q_Riley · k_dog:   right: the true value is 0.956" in out
    assert out.count("true value is") == 1
    assert out.endswith("Questions answered: 1 of 5. Right: 1.\n")
    assert "stack many such layers." in out


def test_predict_takes_fractions_and_ends_on_end_of_input():
    done = subprocess.run([sys.executable, "-m", "tracer", "lesson3", "--predict", "--plain"],
                          cwd=ROOT, env=child_env(), input=b"43/45\n1/5\n",
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    assert done.returncode == 0
    assert b"Traceback" not in done.stderr
    out = done.stdout.decode()
    assert out.count("right: the true value is") == 2
    assert out.endswith("Questions answered: 2 of 5. Right: 2.\n")


@pytest.mark.parametrize("answer", ["1e99999999", "9" * 5000, "1/1e-99999", "2000000"])
def test_predict_refuses_an_answer_too_long_or_too_large_at_once(answer):
    from tracer.predict import parse
    assert parse(answer) is None
    done = subprocess.run([sys.executable, "-m", "tracer", "lesson3", "--predict", "--plain"],
                          cwd=ROOT, env=child_env(), input=f"{answer}\nq\n".encode(),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    assert done.returncode == 0 and done.stderr == b""
    out = done.stdout.decode()
    assert f"{answer[:20]!r}{'...' if len(answer) > 20 else ''} is not a number from " \
        "-1,000,000 to 1,000,000; try again" in out
    assert len(max(out.splitlines(), key=len)) < 300  # a long answer is not echoed whole


@pytest.mark.parametrize("lesson", cli.LESSONS)
def test_predict_asks_a_few_questions_one_of_them_a_word(lesson):
    done = subprocess.run([sys.executable, "-m", "tracer", lesson, "--predict", "--plain"],
                          cwd=ROOT, env=child_env(), input=b"\n" * 40,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    assert done.returncode == 0 and done.stderr == b""
    out = done.stdout.decode()
    numbers = out.count("Your estimate of ")
    choices = re.findall(r"\? \(([^)]*)\): ", out)
    assert 1 <= numbers + len(choices) <= 12
    assert any(c != "yes, no" for c in choices)  # a choice answered with a word
    assert out.endswith(f"Questions answered: 0 of {numbers + len(choices)}. Right: 0.\n")


def test_a_question_checks_numbers_within_the_tolerance_and_words_in_any_case():
    from tracer.predict import Question
    number = Question("q · k", 0.956, None, [])
    assert [number.check(a) for a in ("0.95", "43/45", "0.9", "abc")] == \
        [True, True, False, None]
    word = Question("Which word?", "dog", ("Riley", "dog"), [])
    assert [word.check(a) for a in ("dog", "DOG", "Riley", "cat")] == \
        [True, True, False, None]
