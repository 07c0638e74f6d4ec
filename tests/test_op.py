"""Reading terms back costs a bounded amount of arithmetic per term, counted, not timed."""

import random
from fractions import Fraction

import pytest

import tracer
from helpers import every_term_agrees, random_matrix
from tracer.step import OPS


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
