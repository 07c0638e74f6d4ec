"""Operations (tracer/op.py): terms read at a counted cost, counts against terms, fuzzing."""

import random
from fractions import Fraction
from types import SimpleNamespace

import pytest
from hypothesis import given, settings, strategies as st

import tracer
from tracer.ops.attention import softmax_rows_grad
from tracer.ops.learning import cross_entropy_grad
from tracer.ops.weights import softmax_grad
from tracer.op import Op, declare
from tracer.step import OPS
from helpers import every_kind_of_step, every_term_agrees, plays, random_matrix


@pytest.fixture
def derived(monkeypatch):
    """Count every term the operations derive from their operands, however reached."""
    count = [0]
    for op in set(OPS.values()):
        real = op.cell_terms

        def counting(step, c, real=real):
            terms = real(step, c)
            count[0] += len(terms)
            return terms
        monkeypatch.setattr(op, "cell_terms", counting)
    return count


def big_steps(exact=False):
    """Record one step of each kind that has many terms in long runs."""
    rng = random.Random(9)
    v = [rng.uniform(0.1, 1) for _ in range(300)]
    m = [[rng.uniform(0.1, 1) for _ in range(30)] for _ in range(20)]
    square = [[rng.uniform(-1, 1) for _ in range(25)] for _ in range(25)]
    with tracer.recording(exact=exact) as trace:
        tracer.dot(v, v[::-1])
        tracer.softmax(v)
        tracer.unit(v)
        tracer.normalize(v)
        tracer.weighted_sum(v[:20], m)
        tracer.matmul(m, [r[:10] for r in (m + m)[:30]])
        tracer.normalize_rows(m)
        tracer.softmax_rows(square, tracer.causal_mask(25))
        tracer.row_sums(m)
        tracer.broadcast_divide([r[:20] for r in m])
        tracer.compare(square, tracer.transpose(square))
    return [s for s in trace.steps if s.count() > 1]


@pytest.mark.parametrize("order", ["forward", "backward"])
def test_reading_every_term_derives_each_term_once(derived, order):
    for step in big_steps():
        derived[0] = 0
        ks = range(step.count())
        for k in (ks if order == "forward" else reversed(ks)):
            step.term(k)
            step.run_to(k)
        assert derived[0] == step.count(), step.op  # each cell worked out once


def test_listing_every_term_derives_each_once(derived):
    for step in big_steps():
        derived[0] = 0
        assert len(list(step.terms())) == step.count()
        assert derived[0] == step.count(), step.op


def test_exact_row_sums_add_each_term_once_however_often_read(monkeypatch):
    step = next(s for s in big_steps(exact=True) if s.op == "row_sums")
    assert isinstance(step.result[0], Fraction)
    additions = [0]
    real = Fraction.__add__

    def add(a, b):
        additions[0] += 1
        return real(a, b)
    monkeypatch.setattr(Fraction, "__add__", add)
    for k in range(step.count()):
        step.term(k)  # a look-up of each running sum in turn, as the view makes them
    for k in range(step.count()):
        step.term(k)
    rows, n = len(step.args[0]), len(step.args[0][0])
    # Each row's n − 1 additions once per pass, never again from the row's start.
    assert additions[0] <= 2 * rows * (n - 1)


def test_refused_operation_records_nothing():
    with tracer.recording() as trace:
        with pytest.raises(tracer.TraceError):
            tracer.dot([1], [1, 2])
    assert len(trace) == 0


def test_counts_and_terms_agree_on_random_shapes_and_masks():
    rng = random.Random(11)
    for _ in range(30):
        n, m = rng.randint(1, 6), rng.randint(1, 6)
        x = random_matrix(rng, n, m)
        mask = [[rng.random() < 0.6 or j == 0 for j in range(m)] for _ in range(n)]
        with tracer.recording() as trace:
            tracer.softmax_rows(x, mask if rng.random() < 0.7 else None)
            tracer.divide_matrix(x, 3.0)
            tracer.row_sums(x)
        for step in trace:
            every_term_agrees(step)


small_numbers = st.integers(-3, 3) | st.floats(-3, 3).map(lambda x: round(x, 2))

# One call of each operation, given draw and strategies for its operands.
CALLS = {
    "add": lambda d, o: tracer.add(d(o.v), d(o.v)),
    "add_matrices": lambda d, o: tracer.add_matrices(d(o.m), d(o.m)),
    "broadcast_divide": lambda d, o: tracer.broadcast_divide(d(o.m), d(o.v)),
    "causal_mask": lambda d, o: tracer.causal_mask(o.rows),
    "compare": lambda d, o: tracer.compare(d(o.m), d(o.m)),
    "concat": lambda d, o: tracer.concat(d(o.m), d(o.m)),
    "curve": lambda d, o: tracer.curve(d(o.v)),
    "cross_entropy": lambda d, o: tracer.cross_entropy(tracer.softmax_rows(d(o.m)),
                                                       d(o.targets)),
    "cross_entropy_grad": lambda d, o: cross_entropy_grad(tracer.softmax_rows(d(o.m)),
                                                          d(o.targets), d(small_numbers)),
    "divide_matrix": lambda d, o: tracer.divide_matrix(d(o.m), d(small_numbers)),
    "dot": lambda d, o: tracer.dot(d(o.v), d(o.v)),
    "matmul": lambda d, o: tracer.matmul(d(o.m), tracer.transpose(d(o.m))),
    "mix": lambda d, o: tracer.mix(d(o.v), d(o.v), d(small_numbers)),
    "norm": lambda d, o: tracer.norm(d(o.v)),
    "normalize": lambda d, o: tracer.normalize(d(o.v)),
    "normalize_rows": lambda d, o: tracer.normalize_rows(d(o.m)),
    "root": lambda d, o: tracer.root(abs(d(small_numbers))),
    "row_sums": lambda d, o: tracer.row_sums(d(o.m)),
    "say": lambda d, o: tracer.say("{} is not {}", d(o.v), d(small_numbers)),
    "scale": lambda d, o: tracer.scale(d(small_numbers), d(o.v)),
    "softmax": lambda d, o: tracer.softmax(d(o.v)),
    "softmax_grad": lambda d, o: softmax_grad(d(o.v), tracer.softmax(d(o.v))),
    "softmax_rows_grad": lambda d, o: softmax_rows_grad(d(o.m), tracer.softmax_rows(d(o.m))),
    "softmax_rows": lambda d, o: tracer.softmax_rows(d(o.m), d(st.none() | o.mask)),
    "sub": lambda d, o: tracer.sub(d(o.v), d(o.v)),
    "transpose": lambda d, o: tracer.transpose(d(o.m)),
    "unit": lambda d, o: tracer.unit(d(o.v)),
    "update": lambda d, o: tracer.update(d(o.m), d(o.m), d(small_numbers)),
    "update_vector": lambda d, o: tracer.update(d(o.v), d(o.v), d(small_numbers)),
    "weighted_sum": lambda d, o: tracer.weighted_sum(d(o.w), d(o.m)),
}


@st.composite
def recorded(draw, exact=False, small_numbers=small_numbers, ops=4):
    """Return a trace of a few real operations on small random numbers of one shape
    (exact: in Fractions)."""
    n, rows = draw(st.integers(1, 3)), draw(st.integers(1, 3))

    def rows_of(item, size):
        return st.lists(item, min_size=size, max_size=size)
    shapes = SimpleNamespace(rows=rows, v=rows_of(small_numbers, n),
                             w=rows_of(small_numbers, rows),
                             m=rows_of(rows_of(small_numbers, n), rows),
                             mask=rows_of(rows_of(st.booleans(), n), rows),
                             targets=rows_of(st.none() | st.integers(0, n - 1), rows))
    with tracer.recording(exact=exact) as trace:
        for op in draw(st.lists(st.sampled_from(sorted(CALLS)), min_size=1, max_size=ops)):
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


def test_every_term_by_number_matches_the_list():
    trace = every_kind_of_step()
    assert len(trace) == 45
    for step in trace:
        terms = list(step.terms())
        assert step.count() == len(terms), step.op
        for k, t in enumerate(terms):
            assert step.term(k) == t, (step.op, k)


# One source for an operation's arithmetic: the result is read from the terms' arithmetic.

def same(a, b):
    """Say whether two results are the same bit for bit: kind, sign of zero and all."""
    if isinstance(a, (list, tuple)) or isinstance(b, (list, tuple)):
        return isinstance(b, (list, tuple)) and isinstance(a, (list, tuple)) and \
            len(a) == len(b) and all(map(same, a, b))
    return type(a) is type(b) and repr(a) == repr(b)


def last_of(terms, j=None):
    """Return what a run of terms comes to: the last running sum, else the last value
    (j given: of the last term at index j of its cell)."""
    if j is not None:
        terms = [t for t in terms if t.at[-1] == j]
    t = terms[-1]
    return t.total if t.total is not None else t.value


def check_result_is_its_terms(step):
    """Check that each cell of the result is what the cell's terms come to."""
    if step.count() == 0:  # no arithmetic: the numbers are moved about, not worked out
        assert step.decl.arithmetic is None and step.decl.arrange is not None, step.op
        return
    for c in range(step.cells()):
        terms, key = step.cell_terms(c), step.cell_key(c)
        if step.decl.marks:  # a comparison's result lists the cells found different
            assert terms[-1].value is (key not in step.result), step.op
            continue
        entry = step.result
        for i in key:
            entry = entry[i]
        if isinstance(entry, tuple):  # a row of results: each what its last term gives
            assert all(same(x, last_of(terms, j)) for j, x in enumerate(entry)), \
                (step.op, entry, terms)
        else:
            assert same(entry, last_of(terms)), (step.op, entry, terms)


@settings(max_examples=150, deadline=None)
@given(st.booleans(), st.data())
def test_every_result_is_the_last_running_value_of_its_terms(exact, data):
    numbers = small_numbers | st.floats(-3, 3, allow_subnormal=False)
    trace = data.draw(recorded(exact, numbers, ops=len(CALLS)))
    for step in trace:
        if not step.decl.narration:
            check_result_is_its_terms(step)
    if exact:
        assert all(type(x) is not float for s in trace for x in flat_numbers(s.result))


def flat_numbers(x):
    """Yield every number in a result."""
    if isinstance(x, (list, tuple)):
        for y in x:
            yield from flat_numbers(y)
    elif not isinstance(x, (bool, str)):
        yield x


def test_every_operation_states_its_arithmetic_once():
    for op in set(OPS.values()):
        if not op.narration:  # its result comes from its arithmetic, or it has no terms
            assert (op.arithmetic is None) != (op.arrange is None), op.name


@pytest.mark.parametrize("apart", ["compute", "result", "cell_terms", "cells"])
def test_an_operation_cannot_state_a_result_or_terms_apart_from_its_arithmetic(apart):
    class doubled(Op):
        """Σ v, with a result its terms would not give."""

        name, params = "doubled", (("v", "vector"),)

        def arithmetic(self, w, v):
            return w.total("sum", None, v)
    setattr(doubled, apart, lambda self, *args: 2 * sum(args[0]))
    with pytest.raises(TypeError, match=f"states its {apart}; an operation states its "
                                        "arithmetic once"):
        declare(doubled)
    assert "doubled" not in OPS


def test_an_operation_needs_its_arithmetic_or_an_arrangement_not_both():
    class neither(Op):
        name, params = "neither", (("v", "vector"),)

    class both(neither):
        name = "both"

        def arithmetic(self, w, v):
            return w.total("sum", None, v)

        def arrange(self, v):
            return list(v)
    for cls in (neither, both):
        with pytest.raises(TypeError, match="needs its arithmetic"):
            declare(cls)
        assert cls.name not in OPS
