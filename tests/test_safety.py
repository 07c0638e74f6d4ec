"""Nothing a file or a path can do: each fault of issue 21, refused or made to work.

Each test names the fault it covers; each failed before the fix (a file overwritten, a
traceback, a hang, minutes of work) and passes after. Work is asserted by counting,
never by timing.
"""

import io
import json
import os
import stat
import sys
from fractions import Fraction as F

import pytest
from hypothesis import given, settings, strategies as st

import tracer
from tracer import cli, limits
from tracer.files import trace_file, whole
from tracer.step import TraceError

from helpers import ROOT, child_env, error_of, piped, vectors_file

HERE = os.path.dirname(os.path.abspath(__file__))


def step(op, names, args, result, **fields):
    """Return one step of a trace file, with the fields a step must have."""
    d = dict(op=op, names=names, args=args, result=result, name=None, file=None,
             line=None, rounded=False, labels=None)
    d.update(fields)
    return d


def text_of(*steps, **top):
    return json.dumps({"format": "tracer-trace", "version": 1, "steps": list(steps),
                       **top})


def refused(*steps, **top):
    """Return the one-line TraceError loading these steps raises."""
    return error_of(tracer.Trace.from_json, text_of(*steps, **top))


def refusal_line(done, status):
    """Return the one error line of a refused run, checking it is one and short."""
    assert "Traceback" not in done.err, done.err
    assert done.returncode == status, (done.returncode, done.err)
    assert done.err.count("\n") == 1 and done.err.startswith("tracer: "), done.err
    line = done.err.rstrip("\n")
    assert len(line) <= cli.LINE
    return line


def two_section_trace(tmp_path, name):
    """Export lesson 3 (several sections, so several slides) to tmp_path/name."""
    path = tmp_path / name
    done = piped("lesson3", "--no-pause", "--export", path)
    assert done.returncode == 0, done.err
    return path


# 1. Every path a run writes is checked before anything is written, slides included.

def test_a_slide_named_like_the_replayed_trace_is_refused_and_nothing_written(tmp_path):
    trace = two_section_trace(tmp_path, "s-2.svg")  # a trace may be called anything
    before = trace.read_bytes()
    line = refusal_line(piped("replay", trace, "--no-pause", "--svg", tmp_path / "s.svg",
                              "--export", tmp_path / "also.json"), 2)
    assert "s-2.svg" in line and "the trace file" in line
    assert trace.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s-2.svg"]


def test_a_slide_named_like_the_vectors_file_is_refused(tmp_path):
    vectors = tmp_path / "vec-3.svg"
    vectors.write_bytes((ROOT / "tracer" / "data" / "riley.json").read_bytes())
    before = vectors.read_bytes()
    line = refusal_line(piped("lesson3", "--no-pause", "--vectors", vectors,
                              "--svg", tmp_path / "vec.svg"), 2)
    assert "--vectors" in line
    assert vectors.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["vec-3.svg"]


def test_a_slide_named_like_the_page_is_refused(tmp_path):
    line = refusal_line(piped("lesson3", "--no-pause", "--html", tmp_path / "s-1.svg",
                              "--svg", tmp_path / "s.svg"), 2)
    assert "--html" in line and "--svg" in line
    assert list(tmp_path.iterdir()) == []


def test_an_output_through_a_link_onto_an_input_is_refused(tmp_path):
    trace = two_section_trace(tmp_path, "t.json")
    (tmp_path / "link-1.svg").symlink_to(trace)
    before = trace.read_bytes()
    refusal_line(piped("replay", trace, "--no-pause", "--svg", tmp_path / "link.svg"), 2)
    assert trace.read_bytes() == before


def test_an_output_onto_the_lessons_own_code_is_refused(tmp_path):
    code = ROOT / "lessons" / "lesson1.py"
    before = code.read_bytes()
    line = refusal_line(piped("lesson1", "--no-pause", "--export", code), 2)
    assert "the code of lesson1" in line
    assert code.read_bytes() == before


# 2. Only regular files are written; inputs that are not regular files are refused.

@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_or_a_device_is_never_written_even_through_a_link(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    link = tmp_path / "null.json"
    link.symlink_to(os.devnull)
    for target, what in ((fifo, "a FIFO"), (link, "a character device")):
        line = refusal_line(piped("lesson1", "--no-pause", "--export", target), 1)
        assert f"is {what}, not a regular file" in line
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert os.path.islink(link) and stat.S_ISCHR(os.stat(os.devnull).st_mode)
    with pytest.raises(TraceError, match="a directory"):
        whole.write_all({str(tmp_path): "x"})


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_given_as_an_input_is_refused_without_waiting(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)  # nobody writes to it: reading it would wait for ever
    for args, kind in ((("lesson3", "--vectors", fifo), "vectors file"),
                       (("replay", fifo), "trace file")):
        line = refusal_line(piped(*args, "--no-pause", timeout=20), 1)
        assert line == f"tracer: {fifo}: is a FIFO, not a {kind}"


# 3. Exact mode stays bounded.

def rounded_vectors(tmp_path, words=60, places=6):
    """Return a vectors file of `words` words whose keys are unit keys rounded to places."""
    import random
    rng = random.Random(7)
    table = {}
    for k in range(words):
        key = [rng.gauss(0, 1) for _ in range(4)]
        size = sum(x * x for x in key) ** 0.5
        table[f"w{k}"] = {"value": [round(rng.random(), places) for _ in range(4)],
                          "key": [round(x / size, places) for x in key],
                          "query": [round(rng.random(), places) for _ in range(4)]}
    return vectors_file(tmp_path, {"sentence": " ".join(table), "words": table})


def fraction_digits(trace):
    """Return the most digits a numerator or denominator of the trace holds."""
    most = 0

    def visit(x):
        nonlocal most
        if isinstance(x, tuple):
            for y in x:
                visit(y)
        elif isinstance(x, F):
            most = max(most, int(max(x.numerator.bit_length(), x.denominator.bit_length()) * 0.30103) + 1)
    for s in trace.steps:
        visit(s.args)
        visit(s.result)
    return most


def test_rescaled_keys_are_short_and_exact_lesson4_runs_on_sixty_words(tmp_path):
    path = rounded_vectors(tmp_path)
    db = tracer.word_vectors.load(path)
    assert len(db.rescaled) == 60
    for word in db.rescaled:  # 15 decimals, so one short denominator for all of them
        key = db.get("key", word, exact=True)
        assert all((x * 10**15).denominator == 1 for x in key)
        assert abs(float(sum(x * x for x in key)) - 1) < 1e-12
    trace = tracer.lesson("lesson4", vectors=str(path), exact=True)  # died in row_sums
    assert fraction_digits(trace) < limits.FRACTION_DIGITS
    again = tracer.Trace.from_json(trace.to_json(sources=True))  # within every limit
    assert len(again.steps) == len(trace.steps)
    out = io.StringIO()
    cli.show(again, out=out)  # no integer is written out whole
    assert "≈" in out.getvalue()


def test_exact_refuses_vectors_whose_fractions_share_no_short_denominator(tmp_path):
    primes = [1000003, 1000033, 1000037, 1000039, 1000081, 1000099, 1000117, 1000121]
    table = {f"w{k}": {"value": [f"1/{p}", 0], "key": [1, 0], "query": [0, f"1/{p}"]}
             for k, p in enumerate(primes)}
    path = vectors_file(tmp_path, {"sentence": " ".join(table), "words": table})
    line = refusal_line(piped("lesson3", "--exact", "--no-pause", "--vectors", path), 1)
    assert "--exact" in line and "without --exact" in line
    assert piped("lesson3", "--no-pause", "--vectors", path).returncode == 0


def test_a_key_too_short_to_measure_is_told_its_length_in_figures(tmp_path):
    path = vectors_file(tmp_path, {"words": {"cat": {"value": [1, 0, 0, 0],
                                                     "key": ["1e-400", 0, 0, 0],
                                                     "query": [1, 0, 0, 0]}}})
    message = error_of(tracer.word_vectors.load, path)
    assert "its key has length 1e-400" in message
    assert "divide each of its numbers by 1e-400" in message
    assert "by 0" not in message


def test_a_huge_fraction_is_shown_as_a_decimal_without_writing_its_digits():
    from tracer.view.text import Style
    st = Style(3)
    with limited_int_digits(640):  # writing out a longer integer would raise
        assert st.num(F(10**5000 + 1, 3 * 10**4000)) == "≈3.333e+999"
        assert st.num(F(1, 10**5000)) == "≈0.000"
        assert st.num(10**5000) == "≈1.000e+5000"
        assert st.num(F(2, 7)) == "2/7"


class limited_int_digits:
    """Lower Python's limit on writing integers out, where it has one."""

    def __init__(self, digits):
        self.digits = digits

    def __enter__(self):
        if hasattr(sys, "set_int_max_str_digits"):
            self.old = sys.get_int_max_str_digits()
            sys.set_int_max_str_digits(self.digits)

    def __exit__(self, *exc):
        if hasattr(sys, "set_int_max_str_digits"):
            sys.set_int_max_str_digits(self.old)


# 4. One budget for work: loading refuses beyond each named limit.

def test_fraction_strings_are_held_to_the_digit_limit():
    long = "1" * (limits.FRACTION_DIGITS + 1)
    message = refused(step("dot", ["a", "b"], [[{"fraction": f"{long}/3"}], [1]],
                           {"fraction": f"{long}/3"}))
    assert "limits.FRACTION_DIGITS" in message and len(message) < 200


def test_long_exact_sums_are_refused_before_adding():
    a = [{"fraction": f"{'7' * 3000}/{'3' * 3000}"}] * 20
    assert "limits.CELL_DIGITS" in refused(step("dot", ["a", "b"], [a, a], 0))


def test_nesting_beyond_the_limit_is_refused_not_recursed():
    v = 1
    for _ in range(330):
        v = [v]
    assert "limits.DEPTH" in refused(step("say", None, [v], "{}"))


def test_an_operation_that_is_not_a_name_is_refused():
    assert refused(step([], ["a", "b"], [[1], [1]], 1)) == \
        "trace file, step 0: unknown operation []"


def test_a_step_of_too_many_terms_is_refused_unworked():
    n = 200
    rows = [[0] * n] * n
    message = refused(step("matmul", ["A", "B"], [rows, rows], [[0] * n] * n))
    assert "8,000,000 terms" in message and "limits.TERMS_PER_STEP" in message


def test_too_many_sections_too_much_code_and_long_labels_are_refused():
    says = [step("say", None, [], f"s{k}") for k in range(limits.SECTIONS + 1)]
    sections = [[f"s{k}", k] for k in range(limits.SECTIONS + 1)]
    assert "limits.SECTIONS" in refused(*says, sections=sections)
    code = {"x.py": ["x" * (limits.SOURCE_CHARS + 1)]}
    assert "limits.SOURCE_CHARS" in refused(step("say", None, [], "hi"), sources=code)
    word = "w" * (limits.WORD_CHARS + 1)
    labelled = step("transpose", ["m"], [[[1, 2]]], [[1], [2]],
                    labels=[[word, "b"], ["a"]])
    assert "limits.WORD_CHARS" in refused(labelled)


def test_views_refuse_a_trace_beyond_what_they_show(monkeypatch):
    from tracer.view import notebook, page, slides
    with tracer.recording() as trace:
        tracer.dot([1, 2, 3], [4, 5, 6])
    monkeypatch.setattr(limits, "PAGE_TERMS", 2)
    assert "limits.PAGE_TERMS" in error_of(page.page, trace)
    summary = notebook.html(trace)  # a notebook shows the summary and why, no stepper
    assert "3 terms" in summary and "limits.PAGE_TERMS" in summary and "<script" not in summary
    trace.sections = [(f"s{k}", 0) for k in range(limits.SECTIONS + 1)]
    assert "limits.SECTIONS" in error_of(slides.slides, trace)


def test_a_far_press_by_term_lists_no_stops():
    from tracer.play.player import Player
    from tracer.play.walk import Walk
    with tracer.recording() as trace:
        tracer.matmul([[1.0] * 50] * 100, [[1.0] * 100] * 50)  # 500,000 terms
    walk = Walk(trace)
    assert isinstance(walk.stops("term"), range)  # no list of half a million positions
    assert walk._stops == {}
    player = Player(walk, lambda *a: "", unit="term")
    for key in ["1"] + ["9"] * 5000 + ["enter"]:  # a paste of 5,001 digits
        player.press(key)
    assert player.pos == walk.total and player.typed is None
    for key in ("4", "2", "enter"):
        player.press(key)
    assert player.pos == 42
    assert walk._stops == {}


# 5. Replay checks what it shows.

def test_booleans_are_not_the_numbers_they_equal():
    message = refused(step("normalize", ["xs"], [[1.0, 0.0]], [True, False]))
    assert message == "trace file, step 0: its result[0] is True, but its operands give 1.0"


def test_a_flipped_rounded_flag_is_refused():
    with tracer.recording(exact=True) as trace:
        tracer.softmax([1, 2])
        tracer.normalize([1, 3])
    data = json.loads(trace.to_json())
    assert [s["rounded"] for s in data["steps"]] == [True, False]
    for k in (0, 1):
        data["steps"][k]["rounded"] = not data["steps"][k]["rounded"]
        message = error_of(tracer.Trace.from_json, json.dumps(data))
        assert message.startswith(f"trace file, step {k}: it says rounded is")
        data["steps"][k]["rounded"] = not data["steps"][k]["rounded"]


def test_a_cell_of_a_matrix_that_disagrees_is_named():
    with tracer.recording() as trace:
        tracer.matmul([[1, 2], [3, 4]], [[1, 0], [0, 1]])
    data = json.loads(trace.to_json())
    data["steps"][0]["result"][1][0] = 3.0  # 3, but a float
    assert error_of(tracer.Trace.from_json, json.dumps(data)) == \
        "trace file, step 0: its result[1][0] is 3.0, but its operands give 3"


# 6. The crashes end in a clear error or work.

def test_predict_on_rows_recorded_without_names(tmp_path):
    from tracer.play.predict import questions
    from tracer.view.text import Style
    with tracer.recording() as trace:
        queries = [[1.0, 0.5, 0.2, 0.1], [0.3, 0.2, 0.9, 0.4]]
        tracer.normalize_rows(tracer.matmul(queries, tracer.transpose(
            tracer.get_keys(["Riley", "dog", "she"]))))
    again = tracer.Trace.from_json(trace.to_json(sources=True))  # as replay reads it
    prompts = [q.prompt for qs in questions(again, Style(3)).values() for q in qs]
    assert "Which word will row 1 attend to most?" in prompts
    assert "Your estimate of the largest weight in row 1" in prompts
    path = tmp_path / "unnamed.json"
    path.write_text(trace.to_json(sources=True), encoding="utf-8")
    done = piped("replay", path, "--predict")
    assert done.returncode == 0 and "Traceback" not in done.err, done.err


def test_error_lines_are_cut_to_two_hundred_characters(tmp_path):
    path = tmp_path / "t.json"
    path.write_text(text_of(step("dot", ["a", "b"], [[{"fraction": "x" * 10**6}], [1]],
                                 1)), encoding="utf-8")
    line = refusal_line(piped("replay", path, "--no-pause"), 1)
    assert "is not a fraction like" in line
    assert cli.short("x" * 1000).startswith("x" * 100) and len(cli.short("x" * 1000)) == 200


def test_exports_and_pages_name_no_folder_of_their_maker(tmp_path):
    saved, page = tmp_path / "t.json", tmp_path / "t.html"
    done = piped("lesson1", "--no-pause", "--export", saved, "--html", page)
    assert done.returncode == 0, done.err
    for path in (saved, page):
        assert str(ROOT) not in path.read_text(encoding="utf-8")
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert set(data["sources"]) == {"tracer/lessons/lesson1.py"}
    assert trace_file.stored_path("/home/someone/work/mine.py") == "mine.py"
    assert trace_file.stored_path("<stdin>") == "<stdin>"


def test_a_dumb_terminal_gets_no_screen_switch_and_no_cursor_moves(monkeypatch):
    from tracer.play import terminal
    monkeypatch.setenv("TERM", "dumb")
    assert terminal.can_draw() is False
    monkeypatch.setenv("TERM", "xterm")
    assert terminal.can_draw() is (terminal.posix() or terminal.enable_vt())


# 7. A fuzz test over the trace format: types and nesting as well as values.

def recorded():
    """Return a small trace that uses most kinds of operand, as a trace file's data."""
    with tracer.recording(exact=True) as trace:
        k = tracer.get_keys(["Riley", "dog"])
        w = tracer.normalize_rows(tracer.matmul(k, tracer.transpose(k)))
        tracer.weighted_sum(w[0], tracer.get_values(["Riley", "dog"]))
        tracer.softmax([1, 2])
        tracer.say("{} and {}", "Riley", [1, 2])
    return json.loads(trace.to_json(sources=True))


BASE = recorded()
leaves = st.one_of(
    st.none(), st.booleans(), st.integers(-10**50, 10**50),
    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=30),
    st.builds(lambda p, q: {"fraction": f"{p}/{q}"}, st.integers(-10**60, 10**60),
              st.integers(-10**60, 10**60)),
    st.builds(lambda s: {"fraction": s}, st.text(max_size=30)),
    st.builds(lambda n: {"fraction": "9" * n + "/7"}, st.integers(3990, 4010)))
values = st.recursive(leaves, lambda inner: st.lists(inner, max_size=4), max_leaves=20)
deep = st.integers(1, 40).map(lambda n: json.loads("[" * n + "1" + "]" * n))


def places(x, path=()):
    """Yield the path of every value inside x, containers included."""
    yield path
    if isinstance(x, list):
        for k, y in enumerate(x):
            yield from places(y, path + (k,))
    elif isinstance(x, dict):
        for k, y in x.items():
            yield from places(y, path + (k,))


PLACES = [p for p in places(BASE["steps"]) if p]


def put(data, path, value):
    for k in path[:-1]:
        data = data[k]
    data[path[-1]] = value


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PLACES), values | deep), min_size=1,
                max_size=3))
def test_a_mutated_trace_loads_and_shows_or_is_refused(changes):
    data = json.loads(json.dumps(BASE))
    for path, value in changes:
        try:
            put(data["steps"], path, value)
        except (KeyError, IndexError, TypeError):
            pass  # an earlier change took that place away
    try:
        trace = tracer.Trace.from_json(json.dumps(data))
    except TraceError as e:
        assert "\n" not in str(e) and len(str(e)) < 400
        return
    out = io.StringIO()
    cli.show(trace, out=out)  # whatever loads shows, within the budget
    assert out.getvalue()


def test_long_words_and_many_components_are_refused_before_any_lesson(tmp_path):
    word = "w" * (limits.WORD_CHARS + 1)
    long_word = vectors_file(tmp_path, {"words": {word: {"value": [1, 0], "key": [1, 0],
                                                         "query": [1, 0]}}})
    assert "limits.WORD_CHARS" in error_of(tracer.word_vectors.load, long_word)
    n = limits.COMPONENTS + 1
    wide = vectors_file(tmp_path, {"words": {"cat": {"value": [0] * n,
                                                     "key": [1] + [0] * (n - 1),
                                                     "query": [0] * n}}}, "wide.json")
    assert "limits.COMPONENTS" in error_of(tracer.word_vectors.load, wide)
    line = refusal_line(piped("lesson1", "--no-pause", "--sentence", f"the {word}"), 2)
    assert "limits.WORD_CHARS" in line
