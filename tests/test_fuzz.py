"""Random bytes and random JSON thrown at the loaders: they load or raise TraceError."""

import json
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

import tracer
from tracer import database
from tracer.step import OPS
from tracer.view.screen import frame, transcript
from tracer.view.text import Style, cells
from tracer.walk import Walk

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
        "op": st.sampled_from(sorted(OPS) + ["bogus"]),
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
        plays(loaded)


def plays(trace):
    """Render the transcript and several player frames; each frame fills its height."""
    walk = Walk(trace)
    places = {1, 2, walk.total // 2, walk.total - 1, walk.total}
    for width, height in ((30, 8), (80, 24)):
        for line in transcript(trace, Style(), width):  # tables may crop, never overflow
            assert cells("".join(text for text, _ in line).rstrip()) <= width, line
        for pos in sorted(p for p in places if 1 <= p <= walk.total):
            lines = frame(trace, walk, pos, Style(), width, height, "title")
            assert len(lines) == height, (pos, width, len(lines))


numbers = st.integers(-3, 3) | st.floats(-3, 3).map(lambda x: round(x, 2))

# One call of each operation, given draw and strategies for its operands.
CALLS = {
    "add": lambda d, o: tracer.add(d(o.v), d(o.v)),
    "add_matrices": lambda d, o: tracer.add_matrices(d(o.m), d(o.m)),
    "broadcast_divide": lambda d, o: tracer.broadcast_divide(d(o.m), d(o.v)),
    "causal_mask": lambda d, o: tracer.causal_mask(o.rows),
    "compare": lambda d, o: tracer.compare(d(o.m), d(o.m)),
    "concat": lambda d, o: tracer.concat(d(o.m), d(o.m)),
    "divide_matrix": lambda d, o: tracer.divide_matrix(d(o.m), d(numbers)),
    "dot": lambda d, o: tracer.dot(d(o.v), d(o.v)),
    "matmul": lambda d, o: tracer.matmul(d(o.m), tracer.transpose(d(o.m))),
    "mix": lambda d, o: tracer.mix(d(o.v), d(o.v), d(numbers)),
    "norm": lambda d, o: tracer.norm(d(o.v)),
    "normalize": lambda d, o: tracer.normalize(d(o.v)),
    "normalize_rows": lambda d, o: tracer.normalize_rows(d(o.m)),
    "root": lambda d, o: tracer.root(abs(d(numbers))),
    "row_sums": lambda d, o: tracer.row_sums(d(o.m)),
    "say": lambda d, o: tracer.say("{} is not {}", d(o.v), d(numbers)),
    "scale": lambda d, o: tracer.scale(d(numbers), d(o.v)),
    "softmax": lambda d, o: tracer.softmax(d(o.v)),
    "softmax_rows": lambda d, o: tracer.softmax_rows(d(o.m), d(st.none() | o.mask)),
    "sub": lambda d, o: tracer.sub(d(o.v), d(o.v)),
    "transpose": lambda d, o: tracer.transpose(d(o.m)),
    "unit": lambda d, o: tracer.unit(d(o.v)),
    "weighted_sum": lambda d, o: tracer.weighted_sum(d(o.w), d(o.m)),
}


@st.composite
def recorded(draw):
    """Return a trace of a few real operations on small random numbers of one shape."""
    n, rows = draw(st.integers(1, 3)), draw(st.integers(1, 3))

    def rows_of(item, size):
        return st.lists(item, min_size=size, max_size=size)
    shapes = SimpleNamespace(rows=rows, v=rows_of(numbers, n), w=rows_of(numbers, rows),
                             m=rows_of(rows_of(numbers, n), rows),
                             mask=rows_of(rows_of(st.booleans(), n), rows))
    with tracer.recording() as trace:
        for op in draw(st.lists(st.sampled_from(sorted(CALLS)), min_size=1, max_size=4)):
            try:
                CALLS[op](draw, shapes)
            except tracer.TraceError:
                pass  # a zero sum or a mask hiding a whole row: refused, nothing recorded
    return trace


def test_every_operation_is_fuzzed():
    assert set(CALLS) == set(OPS)


@settings(max_examples=200, deadline=None)
@given(recorded())
def test_recorded_traces_load_and_play(trace):
    loaded = tracer.Trace.from_json(trace.to_json(terms=True))
    assert loaded.steps == trace.steps
    plays(loaded)


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
