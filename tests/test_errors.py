"""The error type (tracer/errors.py): what every refusal raises."""

import tracer


def test_trace_error_is_a_value_error():
    assert issubclass(tracer.TraceError, ValueError)
