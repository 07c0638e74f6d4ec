"""Random bytes and random JSON thrown at the loaders: they load or raise TraceError."""

import json

from hypothesis import given, settings
from hypothesis import strategies as st

import tracer
from tracer import database
from tracer.view.screen import transcript
from tracer.view.text import Style

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) |
    st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6),
                                                                inner, max_size=4),
    max_leaves=20)

plausible = (st.none() | st.booleans() | st.integers(-3, 3) | st.text(max_size=4) |
             st.lists(st.integers(-3, 3) | st.floats(-2, 2) | st.text(max_size=2),
                      max_size=3) |
             st.lists(st.lists(st.integers(-3, 3), min_size=1, max_size=2), max_size=2))

shaped_steps = st.fixed_dictionaries({
    "format": st.just("tracer-trace"), "version": st.integers(0, 2),
    "steps": st.lists(st.fixed_dictionaries({
        "op": st.sampled_from(["dot", "mix", "matmul", "normalize", "softmax", "say",
                               "normalize_rows", "compare", "weighted_sum", "bogus"]),
        "names": plausible, "args": plausible, "result": plausible,
        "name": plausible, "file": plausible, "line": plausible,
        "rounded": plausible, "labels": plausible}), max_size=3)})

shaped_vectors = st.fixed_dictionaries({"words": st.dictionaries(
    st.text(min_size=1, max_size=5), st.fixed_dictionaries({
        "value": json_values, "key": json_values, "query": json_values}), max_size=3)})


def loads_or_refuses(load, text):
    try:
        loaded = load(text)
    except tracer.TraceError as e:
        assert str(e) and "\n" not in str(e)
        return
    if isinstance(loaded, tracer.Trace):  # what loads must also play
        assert list(transcript(loaded, Style(), 60)) is not None


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes_as_a_trace(data):
    loads_or_refuses(tracer.Trace.from_json, data.decode("utf-8", "replace"))


@settings(max_examples=300, deadline=None)
@given(json_values | shaped_steps)
def test_random_json_as_a_trace(value):
    loads_or_refuses(tracer.Trace.from_json, json.dumps(value))


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes_as_vectors(data):
    loads_or_refuses(lambda t: database.parse(t, "v.json"),
                     data.decode("utf-8", "replace"))


@settings(max_examples=300, deadline=None)
@given(json_values | shaped_vectors)
def test_random_json_as_vectors(value):
    loads_or_refuses(lambda t: database.parse(t, "v.json"), json.dumps(value))


def step_file(**step):
    fields = dict(op="dot", names=["a", "b"], args=[[1, 2], [3, 4]], result=11,
                  name=None, file=None, line=None, rounded=False, labels=None)
    fields.update(step)
    return json.dumps({"format": "tracer-trace", "version": 1, "steps": [fields]})


def refusal(text):
    try:
        tracer.Trace.from_json(text)
    except tracer.TraceError as e:
        return str(e)
    raise AssertionError("loaded")


def test_a_result_its_operands_do_not_give_is_refused():
    assert tracer.Trace.from_json(step_file())[0].result == 11
    assert refusal(step_file(result=12)) == \
        "trace file, step 0: its result is not what its operands give"


def test_narration_that_is_not_text_is_refused():
    assert refusal(step_file(op="say", names=None, args=[], result=5)) == \
        "trace file, step 0: its operands do not fit a say step"
