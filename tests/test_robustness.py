"""Review fixes: frozen narration, strict templates, overflow refused, walks by line."""

import importlib.util
import json
import random
import subprocess
import sys
from fractions import Fraction
from math import sqrt
from pathlib import Path
from types import SimpleNamespace

import pytest

import tracer
from tracer import check, cli, database, files, walk
from tracer.step import Step, Trace, TraceError
from tracer.walk import Walk

ROOT = Path(__file__).resolve().parent.parent


def refused(f, *args, **kwargs):
    """Return the one-line message of the TraceError f raises."""
    with pytest.raises(TraceError) as e:
        f(*args, **kwargs)
    assert "\n" not in str(e.value)
    return str(e.value)


def trace_text(*steps):
    """Return a trace file holding steps given as dicts of the fields that differ."""
    base = dict(op="dot", names=["a", "b"], args=[[1, 2], [3, 4]], result=11, name=None,
                file=None, line=None, rounded=False, labels=None)
    return json.dumps({"format": "tracer-trace", "version": 1,
                       "steps": [dict(base, **s) for s in steps]})


def load_refused(*steps):
    return refused(Trace.from_json, trace_text(*steps))


# 1. Narration: values frozen, templates of bare {} only.

def test_say_keeps_the_values_as_they_were_when_said():
    v = [1, [2, 3]]
    with tracer.recording() as t:
        tracer.say("v is {}", v)
    v.append(9)
    v[1].append(4)
    assert t[0].args == ((1, (2, 3)),)


@pytest.mark.parametrize("text, values", [
    ("w {:.2f}", (0.5,)), ("{0}", (1,)), ("{!r}", (1,)), ("{x}", (1,)),
    ("{0.numerator}", (1,)), ("{:{}}", (1, 2)), ("{} and {}", (1,)), ("{}", (1, 2)),
    ("no value", (1,)), ("a } alone", ()), ("a { alone", ()),
])
def test_say_takes_only_one_bare_placeholder_per_value(text, values):
    with tracer.recording() as t:
        assert refused(tracer.say, text, *values)
    assert len(t) == 0


def test_say_with_bare_placeholders_and_escaped_braces_is_taken():
    with tracer.recording() as t:
        tracer.say("{{}} is literal, {} is not", 2)
    assert t[0].result.format(*t[0].args) == "{} is literal, 2 is not"


def test_say_names_the_placeholder_it_refuses():
    assert refused(tracer.say, "w {:.2f}", 0.5) == ("the narration marks a value with "
                                                    "'{:.2f}'; write a bare {} for each "
                                                    "value instead")


@pytest.mark.parametrize("template", ["{0.numerator}", "{:>20}", "{:>2000000000}", "{!r}"])
def test_a_trace_file_with_a_fancy_placeholder_is_refused(template):
    text = load_refused(dict(op="say", names=None, args=[1], result=template))
    assert text.startswith("trace file, step 0: the narration marks a value with")


def test_a_trace_file_with_a_placeholder_per_value_loads():
    t = Trace.from_json(trace_text(dict(op="say", names=None, args=[1, [2]],
                                        result="{} then {}")))
    assert t[0].args == (1, (2,))
    assert "trace file, step 0: the narration has 1 {} but 2 values to show" == \
        load_refused(dict(op="say", names=None, args=[1, 2], result="{}"))


# 2. Derived vectors are long enough for any number of components.

@pytest.mark.parametrize("n", [1, 4, 11, 12, 16, 40])
def test_derived_vectors_have_every_component_and_a_unit_key(n):
    d = database.derived("zyzzyva", n)
    assert [len(d[kind]) for kind in ("value", "key", "query")] == [n, n, n]
    assert sum(x * x for x in d["key"]) == 1


def test_a_twelve_component_file_gives_unknown_words_twelve_components(tmp_path):
    path = tmp_path / "v.json"
    key = [1] + [0] * 11
    entry = {"value": key, "key": key, "query": key}
    path.write_text(json.dumps({"words": {"cat": entry}}))
    with tracer.recording(vectors=database.load(path)):
        for get in (tracer.get_value, tracer.get_key, tracer.get_query):
            assert len(get("aardvark")) == 12


# 3. Vectors files: the sentence is text, components are names; case folding done once.

def one_word_file(tmp_path, **extra):
    path = tmp_path / "v.json"
    entry = {"value": [1, 0], "key": [0, 1], "query": [1, 1]}
    path.write_text(json.dumps(dict({"words": {"cat": entry}}, **extra)))
    return path


@pytest.mark.parametrize("sentence", [5, ["the", "cat"], {"a": 1}, True])
def test_a_sentence_that_is_not_text_is_refused(tmp_path, sentence):
    path = one_word_file(tmp_path, sentence=sentence)
    assert refused(database.load, path).startswith(f'{path}: "sentence" should be text')


@pytest.mark.parametrize("components", [[1, 2], ["a", None], ["a", ["b"]]])
def test_components_that_are_not_names_are_refused(tmp_path, components):
    path = one_word_file(tmp_path, components=components)
    assert refused(database.load, path) == \
        f"{path}: each of the components should be a name in quotes"


def test_lookup_folds_the_words_once_not_on_every_lookup():
    folds = []

    class Word(str):
        def casefold(self):
            folds.append(self)
            return str.casefold(self)
    entry = {"value": (1,), "key": (1,), "query": (1,)}
    db = database.Database({Word("Cat"): entry})
    folds.clear()
    for _ in range(3):
        assert db.lookup("cAT") is entry
        assert db.get("value", "CAT#2") == [1.0]
    assert folds == []


# 4. Trace files: a place is a file and a line; transpose and masks checked; no steps.

def test_a_file_without_a_line_is_refused():
    assert load_refused(dict(file="lesson.py", line=None)) == \
        "trace file, step 0: its line field is not of the right kind"
    assert load_refused(dict(file="lesson.py", line=0)) == \
        "trace file, step 0: its line field is not of the right kind"
    assert load_refused(dict(file=None, line=3)) == \
        "trace file, step 0: its line field is not of the right kind"
    assert Trace.from_json(trace_text(dict(file="lesson.py", line=1)))[0].line == 1


@pytest.mark.parametrize("rows, result", [
    ([[1, 2], [3]], [[1, 3]]),  # ragged: zip would drop the 2
    ([[], []], []),  # empty rows: zip would give nothing, and nothing matches
])
def test_transpose_in_a_trace_file_is_checked_like_transpose(rows, result):
    text = load_refused(dict(op="transpose", names=["m"], args=[rows], result=result))
    assert text.startswith("trace file, step 0: m ")


def test_transpose_in_a_trace_file_loads():
    t = Trace.from_json(trace_text(dict(op="transpose", names=["m"], args=[[[1, 2]]],
                                        result=[[1], [2]])))
    assert t[0].result == ((1,), (2,))


@pytest.mark.parametrize("n", [0, -1, 2.0, True, "3"])
def test_a_causal_mask_needs_one_word_or_more(n):
    assert refused(tracer.causal_mask, n).startswith(
        "a causal mask needs a whole number of words, 1 or more")


def test_a_causal_mask_of_no_words_in_a_trace_file_is_refused():
    load_refused(dict(op="causal_mask", names=["0"], args=[0], result=[], name="mask"))


EMPTY = json.dumps({"format": "tracer-trace", "version": 1, "steps": []})


def test_an_empty_trace_loads_but_is_not_shown(tmp_path, capsys):
    assert len(Trace.from_json(EMPTY)) == 0
    path = tmp_path / "empty.json"
    path.write_text(EMPTY)
    assert refused(cli.load_trace, str(path)) == f"{path} has no steps to show"
    assert refused(cli.show, Trace()) == "this trace has no steps to show"
    assert cli.main(["replay", str(path), "--no-pause"]) == 1
    assert capsys.readouterr().err == f"tracer: {path} has no steps to show\n"


# 5. Stepping back by line lands where stepping forward by line stops.

def lines_walk():
    """Line 1: one step of 2 places; line 2: steps of 1 and 3 places; line 3: 1 place."""
    def dot(n, line):
        return Step("dot", ("a", "b"), ((1,) * n, (1,) * n), n, file="f.py", line=line)
    return Walk(Trace([dot(2, 1), Step("say", None, (), "hi", file="f.py", line=2),
                       dot(3, 2), Step("say", None, (), "bye", file="f.py", line=3)]))


def presses(move, start, unit, n):
    out, pos = [], start
    for _ in range(n):
        pos = move(pos, unit)
        out.append(pos)
    return out


def test_forward_and_back_by_line_stop_at_the_same_places():
    w = lines_walk()
    assert presses(w.forward, 1, "line", 3) == [2, 6, 7]
    assert presses(w.back, 7, "line", 3) == [6, 2, 1]
    assert w.back(4, "line") == 2  # from mid-line to the end of the line before


def test_forward_and_back_by_operation():
    w = lines_walk()
    assert presses(w.forward, 1, "op", 4) == [2, 3, 6, 7]
    assert presses(w.back, 7, "op", 4) == [6, 3, 2, 1]
    assert w.back(5, "op") == 3


def test_the_step_option_offers_the_walk_units():
    (step,) = [a for a in cli.parser()._actions if "--step" in a.option_strings]
    assert tuple(step.choices) == walk.UNITS
    assert not hasattr(Walk, "end_of")


# 6. Matrix operations refuse an overflow instead of recording it.

@pytest.mark.parametrize("op, args, names, message", [
    (tracer.divide_matrix, ([[1e300, 1.0]], 1e-10), ("m", "d"), "row 0 of m / d"),
    (tracer.add_matrices, ([[1.0], [1e308]], [[1.0], [1e308]]), ("a", "b"),
     "row 1 of a + b"),
    (tracer.row_sums, ([[1e308, 1e308]],), ("m",), "the row sums of m"),
    (tracer.broadcast_divide, ([[1e300]], [1e-10]), ("m", "s"), "row 0 of m / s"),
])
def test_matrix_operations_refuse_an_overflow(op, args, names, message):
    with tracer.recording() as t:
        assert refused(op, *args, names=names) == \
            f"{message} overflowed to inf: the numbers are too large"
    assert len(t) == 0


@pytest.mark.parametrize("mask", [5, "ab", [5], [[True], 1]])
def test_softmax_rows_refuses_a_mask_that_is_not_rows(mask):
    assert refused(tracer.softmax_rows, [[1.0], [2.0]], mask).startswith(
        "the mask should be a list of rows of True and False")


# 7. Finite inputs are taken however large their sum would be.

def test_large_but_finite_inputs_are_taken():
    assert tracer.dot([1e308, 1e308], [1e-308, 1e-308]) == 1e308 * 1e-308 * 2
    assert tracer.dot([10**400], [1]) == 10**400
    assert tracer.scale(0.5, [1e308, 1e308]) == [5e307, 5e307]
    assert tracer.dot([Fraction(10**400)], [Fraction(1, 10**400)]) == 1


def test_infinity_is_still_refused_among_huge_integers():
    assert refused(check.finite, [10**400, float("inf")], "x") == \
        "x holds inf, and a trace needs finite numbers"
    assert refused(check.finite, [float("nan")], "y", result=True) == \
        "y overflowed to nan: the numbers are too large"


def test_a_length_or_sum_that_overflows_is_refused_not_divided_by():
    # x / inf is 0: without a check these would record a length-1 vector of zeros.
    assert refused(tracer.unit, [1e200, 1e200], names=("v",)) == \
        "the length of v overflowed to inf: the numbers are too large"
    assert refused(tracer.normalize, [1e308, 1e308], names=("x",)) == \
        "the sum of x overflowed to inf: the numbers are too large"


# 8. One reader for files; one load of the vectors per lesson.

def test_read_text_says_what_is_wrong_in_one_line(tmp_path):
    assert refused(files.read_text, tmp_path / "no", 10, "trace file") == \
        f"{tmp_path / 'no'}: no such file"
    assert refused(files.read_text, tmp_path, 10, "trace file") == \
        f"{tmp_path}: is a directory, not a trace file"
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (2**20 + 1))
    assert refused(files.read_text, big, 2**20, "vectors file") == \
        f"{big}: larger than 1 MB, too big for a vectors file"
    assert files.read_text(big, 2**20 + 1, "x") == " " * (2**20 + 1)
    latin = tmp_path / "latin.json"
    latin.write_bytes("caf\xe9".encode("latin-1"))
    assert refused(files.read_text, latin, 10, "trace file") == \
        f"{latin}: cannot be read (not UTF-8: byte 0xe9 at offset 3)"


def test_a_trace_file_and_a_vectors_file_are_refused_alike(tmp_path):
    assert refused(cli.load_trace, str(tmp_path)) == \
        f"{tmp_path}: is a directory, not a trace file"
    assert refused(database.load, tmp_path) == \
        f"{tmp_path}: is a directory, not a vectors file"


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


# 9. Without rich: pictures, pages and notebooks need none of it.

def without_rich(code):
    return subprocess.run([sys.executable, "-c", "import sys\nsys.modules['rich'] = None\n"
                           + code], cwd=ROOT, capture_output=True, text=True, timeout=60)


def test_without_rich_svg_is_written_all_the_same(tmp_path):
    path = tmp_path / "t.json"
    with tracer.recording() as t:
        tracer.dot([1, 2], [3, 4])
    path.write_text(t.to_json())
    argv = ["replay", str(path), "--no-pause", "--svg", str(tmp_path / "a.svg")]
    done = without_rich(f"from tracer import cli\nsys.exit(cli.main({argv!r}))")
    assert done.returncode == 0
    svg = (tmp_path / "a.svg").read_text(encoding="utf-8")
    assert "2 × 4 = 8" in svg and "= 11" in svg  # the finished dot, one term a line


def test_without_rich_a_notebook_gets_the_stepper():
    done = without_rich("import tracer\nwith tracer.recording() as t:\n"
                        "    tracer.dot([1], [2])\nprint(t._repr_html_())")
    assert (done.returncode, done.stderr) == (0, "")
    assert 'class="tracer"' in done.stdout and "1 × 2 = 2" in done.stdout


# 10. The benchmark fails when a figure misses its target.

def bench_module():
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return bench


def test_the_benchmark_exits_1_when_a_figure_misses(monkeypatch, capsys):
    bench = bench_module()
    meets = [lambda: bench.report("overhead", 1.0, 2.0, "x", (0.9, 1.1)),
             lambda: bench.report("load", 2.0, 3.0, "x")]
    monkeypatch.setattr(bench, "FIGURES", meets)
    assert bench.main([]) == 0
    monkeypatch.setattr(bench, "FIGURES", meets + [
        lambda: bench.report("memory", 40.0, 32, " B"), meets[0]])
    assert bench.main([]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 9
    assert lines[1].split() == ["overhead", "1x", "target", "<=", "2.0x", "meets", "(min",
                                "0.9,", "max", "1.1)"]
    assert lines[6].endswith("MISSES") and "meets" in lines[7]
    assert lines[8] == "1 figure missed"


def test_the_benchmark_interleaves_at_least_7_runs():
    bench = bench_module()
    calls = []
    ratios, ta, tb = bench.interleaved(lambda: calls.append("a"), lambda: calls.append("b"))
    assert calls == ["a", "b"] * 7 and len(ratios) == len(ta) == len(tb) == 7


# 11. Each result is, bit for bit, the last running total its trace shows.

def hexes(xs):
    return [x.hex() for x in xs]


def numbers(rng, n):
    """Return n floats of mixed sizes and signs, where the order of adding matters."""
    return [rng.uniform(-1, 1) * 10 ** rng.randint(-6, 6) for _ in range(n)]


def scores(rng, n):
    """Return n scores of the size softmax meets, where the order of adding matters."""
    return [rng.uniform(-8, 8) for _ in range(n)]


def positive(rng, n):
    return [rng.uniform(0.01, 1) * 10 ** rng.randint(-6, 6) for _ in range(n)]


def last_totals(terms, kind):
    """Return the last running total of each run of `kind` terms, by the term's row."""
    totals = {}
    for t in terms:
        if t.kind == kind:
            totals[t.at[:-1]] = t.total
    return totals


def divisions(terms):
    return [t for t in terms if t.kind == "divide"]


def one_step(op, *args, **kwargs):
    with tracer.recording() as t:
        out = op(*args, **kwargs)
    return out, t[-1], list(t[-1].terms())


SEEDS = range(20)


@pytest.mark.parametrize("seed", SEEDS)
def test_softmax_divides_by_its_running_total(seed):
    rng = random.Random(seed)
    out, step, terms = one_step(tracer.softmax, scores(rng, rng.randint(1, 12)))
    (s,) = last_totals(terms, "exp").values()
    assert {t.y.hex() for t in divisions(terms)} == {s.hex()}
    assert hexes(t.value for t in divisions(terms)) == hexes(out)
    assert hexes(t.x / s for t in divisions(terms)) == hexes(out)


@pytest.mark.parametrize("seed", SEEDS)
def test_softmax_rows_divides_by_each_rows_running_total(seed):
    rng = random.Random(seed)
    rows, cols = rng.randint(1, 6), rng.randint(1, 6)
    m = [scores(rng, cols) for _ in range(rows)]
    mask = [[j <= i or rng.random() < 0.3 for j in range(cols)] for i in range(rows)]
    out, step, terms = one_step(tracer.softmax_rows, m, mask)
    totals = last_totals(terms, "exp")
    for t in divisions(terms):
        i, j = t.at
        assert t.y.hex() == totals[(i,)].hex()
        assert t.value.hex() == (t.x / totals[(i,)]).hex() == out[i][j].hex()


@pytest.mark.parametrize("seed", SEEDS)
def test_row_sums_are_their_running_totals(seed):
    rng = random.Random(seed)
    cols = rng.randint(1, 9)
    m = [numbers(rng, cols) for _ in range(rng.randint(1, 6))]
    out, step, terms = one_step(tracer.row_sums, m)
    totals = last_totals(terms, "sum")
    assert hexes(totals[(i,)] for i in range(len(m))) == hexes(out)


@pytest.mark.parametrize("seed", SEEDS)
def test_normalize_rows_divides_by_each_rows_running_total(seed):
    rng = random.Random(seed)
    cols = rng.randint(1, 8)
    m = [positive(rng, cols) for _ in range(rng.randint(1, 6))]
    out, step, terms = one_step(tracer.normalize_rows, m)
    totals = last_totals(terms, "sum")
    for t in divisions(terms):
        i, j = t.at
        assert t.y.hex() == totals[(i,)].hex()
        assert t.value.hex() == (t.x / t.y).hex() == out[i][j].hex()


@pytest.mark.parametrize("seed", SEEDS)
def test_mix_is_its_running_totals(seed):
    rng = random.Random(seed)
    n = rng.randint(1, 9)
    out, step, terms = one_step(tracer.mix, numbers(rng, n), numbers(rng, n), rng.random())
    totals = last_totals(terms, "weighted")
    assert hexes(totals[(j,)] for j in range(n)) == hexes(out)


@pytest.mark.parametrize("seed", SEEDS)
def test_norm_is_the_root_of_its_running_total(seed):
    rng = random.Random(seed)
    out, step, terms = one_step(tracer.norm, numbers(rng, rng.randint(1, 12)))
    *squares, root = terms
    assert root.x.hex() == squares[-1].total.hex()
    assert root.value.hex() == out.hex() == sqrt(root.x).hex()


@pytest.mark.parametrize("seed", SEEDS)
def test_unit_divides_by_the_root_of_its_running_total(seed):
    rng = random.Random(seed)
    v = numbers(rng, rng.randint(1, 12))
    out, step, terms = one_step(tracer.unit, v)
    root = next(t for t in terms if t.kind == "sqrt")
    assert root.x.hex() == [t for t in terms if t.kind == "product"][-1].total.hex()
    assert {t.y.hex() for t in divisions(terms)} == {root.value.hex()}
    assert hexes(t.value for t in divisions(terms)) == hexes(out)
    assert hexes(x / root.value for x in v) == hexes(out)


@pytest.mark.parametrize("seed", SEEDS)
def test_broadcast_divide_divides_by_the_row_sums_running_totals(seed):
    rng = random.Random(seed)
    n = rng.randint(1, 6)
    m = [positive(rng, n) for _ in range(n)]  # square: the sums line up with columns
    with tracer.recording() as t:
        out = tracer.broadcast_divide(m)
    sums_step, divide_step = t[-2], t[-1]
    totals = last_totals(sums_step.terms(), "sum")
    assert hexes(divide_step.args[1]) == hexes(totals[(i,)] for i in range(n))
    for term in divide_step.terms():
        i, j, s = term.at
        assert term.y.hex() == totals[(s,)].hex()
        assert term.value.hex() == (term.x / term.y).hex() == out[i][j].hex()
