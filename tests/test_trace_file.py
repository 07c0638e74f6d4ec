"""Trace files: a whole recorded attention survives JSON bit for bit; bad files are refused."""

import json
import os
from fractions import Fraction as F

import pytest
from hypothesis import given, settings, strategies as st

import tracer
from tracer import Trace
from tracer.word_vectors import database
from tracer.step import OPS
from helpers import error_of, json_values, loads_or_refuses


def attention(exact=False):
    """Record self-attention over the demo sentence."""
    words = tracer.words_of(database().sentence)
    with tracer.recording(exact=exact) as trace:
        q = tracer.get_queries(words)
        k = tracer.get_keys(words)
        v = tracer.get_values(words)
        tracer.say("{} words, {} components", len(words), len(v[0]))
        scores = tracer.matmul(q, tracer.transpose(k))
        weights = tracer.normalize_rows(scores)
        tracer.matmul(weights, v)
    return trace


def same_bits(a, b):
    """True when a and b hold the same kinds and values, floats compared by their bits."""
    if isinstance(a, (tuple, list)):
        return (type(a) is type(b) and len(a) == len(b)
                and all(same_bits(x, y) for x, y in zip(a, b)))
    if isinstance(a, float):
        return type(b) is float and a.hex() == b.hex()
    return type(a) is type(b) and a == b


def assert_same_trace(back, trace):
    assert len(back) == len(trace)
    for s, t in zip(back, trace):
        assert s == t
        for field in tracer.files.trace_file.FIELDS:
            assert same_bits(getattr(s, field), getattr(t, field)), (s.op, field)


def test_attention_round_trip_in_floats():
    trace = attention()
    assert [s.op for s in trace] == ["say", "transpose", "matmul", "normalize_rows", "matmul"]
    text = trace.to_json()
    back = Trace.from_json(text)
    assert_same_trace(back, trace)
    assert isinstance(back[4].result[0][0], float)
    assert back.count() == trace.count() == 1000
    assert back.to_json() == text


def test_attention_round_trip_in_fractions():
    trace = attention(exact=True)
    assert type(trace[4].result[0][0]) is F
    text = trace.to_json()
    back = Trace.from_json(text)
    assert_same_trace(back, trace)
    assert type(back[4].result[0][0]) is F
    assert back.to_json() == text


def test_terms_survive_the_round_trip():
    trace = attention()
    back = Trace.from_json(trace.to_json())
    for s, t in zip(back, trace):
        assert list(s.terms()) == list(t.terms())
        assert [s.cell_terms(c) for c in range(s.cells())] == \
            [t.cell_terms(c) for c in range(t.cells())]


def test_hard_floats_come_back_bit_for_bit():
    hard = [0.1, 1 / 3, 2 ** -1074, 1.7976931348623157e308, -0.0, 5e-324, 123456789.125]
    with tracer.recording() as trace:
        tracer.sub(hard, [0.0] * len(hard))
    back = Trace.from_json(trace.to_json())
    assert same_bits(back[0].args, trace[0].args)
    assert same_bits(back[0].result, trace[0].result)
    assert back[0].result[4].hex() == "-0x0.0p+0"


def test_top_level_object():
    data = json.loads(attention().to_json())
    assert list(data) == ["format", "version", "steps"]
    assert data["format"] == "tracer-trace"
    assert data["version"] == 1
    assert list(data["steps"][2]) == ["op", "names", "args", "result", "name", "file",
                                      "line", "rounded", "labels", "why"]


def test_fractions_and_tuples_are_encoded():
    with tracer.recording() as trace:
        tracer.dot([F(1, 3), 2], [F(-3, 4), 1])
        tracer.add([0.5], [1])
    first, second = json.loads(trace.to_json())["steps"]
    assert first["args"] == [[{"fraction": "1/3"}, 2], [{"fraction": "-3/4"}, 1]]
    assert first["result"] == {"fraction": "7/4"}
    assert first["names"] == ["a", "b"]
    assert second["args"] == [[0.5], [1]]
    assert second["result"] == [1.5]


def test_terms_written_on_request():
    with tracer.recording() as trace:
        tracer.dot([1, 2, 3], [4, 5, 6])
        tracer.norm([F(3, 5), F(4, 5)])
    plain = json.loads(trace.to_json())["steps"]
    assert "terms" not in plain[0]
    steps = json.loads(trace.to_json(terms=True))["steps"]
    assert steps[0]["terms"] == [
        ["product", [0], 1, 4, 4, 4],
        ["product", [1], 2, 5, 10, 14],
        ["product", [2], 3, 6, 18, 32],
    ]
    assert steps[1]["terms"][-1] == ["sqrt", [2], {"fraction": "1/1"}, None,
                                     {"fraction": "1/1"}, None]
    assert_same_trace(Trace.from_json(trace.to_json(terms=True)), trace)


def good_file():
    with tracer.recording() as trace:
        tracer.dot([1, 2], [3, 4])
    return json.loads(trace.to_json())


def refusal(data):
    text = data if isinstance(data, str) else json.dumps(data)
    with pytest.raises(tracer.TraceError) as caught:
        Trace.from_json(text)
    return str(caught.value)


def test_not_json():
    text = refusal("{steps: ")
    assert text.startswith("trace file: not valid JSON (")
    assert "line 1, column 2" in text


@pytest.mark.parametrize("data", [
    {"words": {}}, {"format": "tracer-vectors", "version": 1, "steps": []}, [], '"trace"', 3])
def test_foreign_json(data):
    assert refusal(data) == 'trace file: not a tracer trace (no "format": "tracer-trace")'


def test_newer_version():
    data = good_file()
    data["version"] = 2
    assert refusal(data) == ("trace file: version 2 is newer than this tracer reads (1); "
                             "upgrade tracer to open it")


@pytest.mark.parametrize("version", [None, "1", 1.0, True])
def test_version_not_a_whole_number(version):
    data = good_file()
    data["version"] = version
    assert refusal(data) == "trace file: its version is missing or not a whole number"


def test_steps_not_a_list():
    data = good_file()
    data["steps"] = {}
    assert refusal(data) == 'trace file: "steps" should be a list'


def test_step_not_an_object():
    data = good_file()
    data["steps"].append([1, 2])
    assert refusal(data) == "trace file, step 1: should be an object"


@pytest.mark.parametrize("field", ["op", "args", "labels"])
def test_missing_field(field):
    data = good_file()
    del data["steps"][0][field]
    assert refusal(data) == f"trace file, step 0: missing {field}"


def test_several_missing_fields():
    data = good_file()
    del data["steps"][0]["file"], data["steps"][0]["line"]
    assert refusal(data) == "trace file, step 0: missing file, line"


@pytest.mark.parametrize("op", ["frobnicate", "__import__('os').system('true')", None])
def test_unknown_op(op):
    data = good_file()
    data["steps"][0]["op"] = op
    assert refusal(data) == f"trace file, step 0: unknown operation {op!r}"


@pytest.mark.parametrize("bad", [
    {"fraction": "1/0"}, {"fraction": "one/2"}, {"fraction": "3"}, {"fraction": 0.5},
    {"fraction": "1/2", "extra": 1}, {"pickle": "gASVAA=="}])
def test_bad_fraction(bad):
    data = good_file()
    data["steps"][0]["result"] = bad
    assert refusal(data) == (f"trace file, step 0: {bad!r} is not a fraction like "
                             '{"fraction": "2/9"}')


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_nan_literal(literal):
    text = json.dumps(good_file()).replace('"result": 11', f'"result": {literal}')
    assert literal in text
    assert refusal(text) == f"trace file: {literal} is not allowed in a trace"


def test_float_too_large_for_a_float():
    text = json.dumps(good_file()).replace('"result": 11', '"result": 1e400')
    assert "1e400" in text
    assert refusal(text) == "trace file: 1e400 is not allowed in a trace"


def test_operands_that_do_not_fit():
    data = good_file()
    data["steps"][0]["args"] = 5
    assert refusal(data) == "trace file, step 0: its operands do not fit a dot step"


def test_loading_evaluates_nothing():
    data = good_file()
    data["steps"][0]["name"] = "__import__('os').system('false')"
    data["steps"][0]["file"] = "!!python/object:os.system"
    back = Trace.from_json(json.dumps(data))
    assert back[0].name == "__import__('os').system('false')"
    assert back[0].file == "!!python/object:os.system"


@pytest.mark.parametrize("text", [None, b'{"format": "tracer-trace"}', 3, ["steps"]])
def test_only_text_is_read(text):
    with pytest.raises(tracer.TraceError) as caught:
        Trace.from_json(text)
    assert str(caught.value) == (f"a trace is read from JSON text, not from "
                                 f"{type(text).__name__}")


@pytest.mark.parametrize("version", [0, -1])
def test_a_version_below_1(version):
    data = good_file()
    data["version"] = version
    assert refusal(data) == (f"trace file: version {version} is no version of the format "
                             "(they start at 1)")


@pytest.mark.parametrize("labels", [
    [["a"], None],  # one row label for a 2-row result
    [None, ["x", "y", "z"]],  # three column labels for 2 columns
    [["a", "b", "c"], ["x", "y"]],
])
def test_labels_of_the_wrong_length(labels):
    with tracer.recording() as trace:
        tracer.matmul([[1, 2], [3, 4]], [[5, 6], [7, 8]])
    data = json.loads(trace.to_json())
    data["steps"][0]["labels"] = labels
    assert refusal(data) == ("trace file, step 0: its labels do not fit the rows and "
                             "columns of its values")
    data["steps"][0]["labels"] = [["a", "b"], ["x", "y"]]
    assert Trace.from_json(json.dumps(data))[0].labels == (("a", "b"), ("x", "y"))


def test_a_replayed_trace_carries_its_own_code_and_reads_no_other():
    with tracer.recording() as trace:
        tracer.dot([1, 2], [3, 4])
    data = json.loads(trace.to_json(sources=True))
    kept = os.path.basename(trace[0].file)  # no folder of the maker's goes into the file
    assert data["steps"][0]["file"] == kept
    assert data["sources"][kept][trace[0].line - 1].strip().startswith("tracer.dot")
    data["sources"] = {}
    back = Trace.from_json(json.dumps(data))
    assert back.sources == {}
    assert tracer.files.trace_file.source_lines(back, back[0].file) == ()
    assert "sources" not in json.loads(back.to_json()) or \
        json.loads(back.to_json(sources=True))["sources"] == {}


def test_loading_derives_no_terms(monkeypatch):
    from tracer.step import OPS
    trace = attention()
    text = trace.to_json()
    derived = []
    for op in set(OPS.values()):
        monkeypatch.setattr(op, "cell_terms", lambda step, c: derived.append(step) or [])
    again = Trace.from_json(text)
    assert derived == [] and again.steps == trace.steps


def trace_text(*steps):
    """Return a trace file holding steps given as dicts of the fields that differ."""
    base = dict(op="dot", names=["a", "b"], args=[[1, 2], [3, 4]], result=11, name=None,
                file=None, line=None, rounded=False, labels=None)
    return json.dumps({"format": "tracer-trace", "version": 1,
                       "steps": [dict(base, **s) for s in steps]})


def load_refused(*steps):
    return error_of(Trace.from_json, trace_text(*steps))


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


# Trace files: a place is a file and a line; transpose and masks checked; no steps.

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


def test_a_causal_mask_of_no_words_in_a_trace_file_is_refused():
    load_refused(dict(op="causal_mask", names=["0"], args=[0], result=[], name="mask"))


plausible = (st.none() | st.booleans() | st.integers(-3, 3) | st.text(max_size=4) |
             st.lists(st.integers(-3, 3) | st.floats(-2, 2) | st.text(max_size=2),
                      max_size=3) |
             st.lists(st.lists(st.integers(-3, 3), min_size=1, max_size=2), max_size=2))

shaped_steps = st.fixed_dictionaries({
    "format": st.just("tracer-trace"), "version": st.integers(0, 2),
    "steps": st.lists(st.fixed_dictionaries({
        "op": st.sampled_from(sorted(OPS) + ["bogus"]),
        "names": plausible, "args": plausible, "result": plausible,
        "name": plausible, "file": plausible, "line": plausible,
        "rounded": plausible, "labels": plausible}), max_size=3)})


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes_as_a_trace(data):
    loads_or_refuses(tracer.Trace.from_json, data.decode("utf-8", "replace"))


@settings(max_examples=300, deadline=None)
@given(json_values | shaped_steps)
def test_random_json_as_a_trace(value):
    loads_or_refuses(tracer.Trace.from_json, json.dumps(value))


def step_file(**step):
    fields = dict(op="dot", names=["a", "b"], args=[[1, 2], [3, 4]], result=11,
                  name=None, file=None, line=None, rounded=False, labels=None)
    fields.update(step)
    return json.dumps({"format": "tracer-trace", "version": 1, "steps": [fields]})


def refusal_of_text(text):
    try:
        tracer.Trace.from_json(text)
    except tracer.TraceError as e:
        return str(e)
    raise AssertionError("loaded")


def test_a_result_its_operands_do_not_give_is_refused():
    assert tracer.Trace.from_json(step_file())[0].result == 11
    assert refusal_of_text(step_file(result=12)) == \
        "trace file, step 0: its result is 12, but its operands give 11"


def test_narration_that_is_not_text_is_refused():
    assert refusal_of_text(step_file(op="say", names=None, args=[], result=5)) == \
        "trace file, step 0: its operands do not fit a say step"


def test_the_followed_word_is_saved_and_checked():
    with tracer.recording() as trace:
        tracer.follow("Riley")
        tracer.dot([1, 2], [3, 4])
    assert tracer.Trace.from_json(trace.to_json()).focus == "Riley"
    data = json.loads(trace.to_json())
    data["focus"] = ["Riley"]
    with pytest.raises(tracer.TraceError, match='"focus" should be text'):
        tracer.Trace.from_json(json.dumps(data))
    with pytest.raises(tracer.TraceError, match="follow"):
        tracer.follow(3)


def test_reading_a_trace_of_floats_makes_no_python_call_per_number(monkeypatch):
    from tracer.files import json_text
    calls = []

    def counting(convert, source):
        parse = guarded(convert, source)
        return lambda literal: calls.append(literal) or parse(literal)
    guarded = json_text.guarded
    monkeypatch.setattr(json_text, "guarded", counting)
    rows = [[(i * 7 + j) % 13 / 13 for j in range(8)] for i in range(50)]
    with tracer.recording() as trace:
        tracer.softmax_rows(tracer.matmul(rows, tracer.transpose(rows)))
    text = trace.to_json()
    assert Trace.from_json(text).steps == trace.steps
    assert calls == []  # 22,800 numbers read by json in C
    # a number the guards refuse still meets them, and is named
    long = "0." + "1" * 45
    assert refusal(text.replace(repr(rows[0][1]), long, 1)).endswith("is out of range")
    assert calls[-1] == long  # read through the guards, up to the number refused
