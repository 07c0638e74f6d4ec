"""Cell-by-cell operations on matrices (tracer/cellwise.py): divide, concat, add."""

from fractions import Fraction as F

import pytest

import tracer
from helpers import every_term_agrees


def test_divide_matrix_divides_every_cell():
    with tracer.recording() as trace:
        out = tracer.divide_matrix([[F(2), F(-6)], [F(1), F(0)]], tracer.root(4))
    assert out == [[1, -3], [F(1, 2), 0]]
    step = trace[1]
    assert step.op == "divide_matrix"
    assert [(t.kind, t.at, t.x, t.y, t.value) for t in step.terms()] == [
        ("divide", (0, 0), 2, 2, 1), ("divide", (0, 1), -6, 2, -3),
        ("divide", (1, 0), 1, 2, F(1, 2)), ("divide", (1, 1), 0, 2, 0)]
    every_term_agrees(step)
    with pytest.raises(tracer.TraceError):
        tracer.divide_matrix([[1.0]], 0)


def fraction_calls(f):
    """Return (calls into fractions.py, calls of its arithmetic) made while f runs."""
    import sys
    seen = []

    def profile(frame, event, arg):
        if event == "call" and frame.f_code.co_filename.endswith("fractions.py"):
            seen.append(frame.f_code.co_name)
    sys.setprofile(profile)
    try:
        f()
    finally:
        sys.setprofile(None)
    # Fraction's operators are made by _operator_fallbacks: forward and reverse
    return len(seen), sum(name in ("forward", "reverse") for name in seen)


@pytest.mark.parametrize("size", [2, 30])
def test_a_float_divide_matrix_by_a_whole_root_does_no_fraction_arithmetic(size):
    import random
    rng = random.Random(size)
    m = [[rng.uniform(-3, 3) for _ in range(size)] for _ in range(size)]
    with tracer.recording():
        d = tracer.root(16)
        assert d == 4 and type(d) is F  # exact: the step shows √16 = 4
        calls, arithmetic = fraction_calls(lambda: tracer.divide_matrix(m, d))
        out = tracer.divide_matrix(m, d)
    assert arithmetic == 0 and calls <= 4  # none per cell: d becomes a float once
    assert out == [[x / 4.0 for x in row] for row in m]
    assert all(type(x) is float for row in out for x in row)
    with tracer.recording(exact=True):  # exact mode stays exact
        assert tracer.divide_matrix([[3]], tracer.root(16)) == [[F(3, 4)]]


def test_concat_and_add_matrices():
    with tracer.recording() as trace:
        both = tracer.concat([[1, 2], [3, 4]], [[5], [6]])
        total = tracer.add_matrices([[1, 2], [3, 4]], [[F(1, 2), 0], [-1, 1]])
    assert both == [[1, 2, 5], [3, 4, 6]]
    assert total == [[F(3, 2), 2], [2, 5]]
    assert trace[0].count() == 0
    assert list(trace[1].terms())[2] == tracer.Term("add", (1, 0), 3, -1, 2, None)
    every_term_agrees(trace[1])
    with pytest.raises(tracer.TraceError):
        tracer.concat([[1]], [[1], [2]])
