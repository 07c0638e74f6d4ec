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
