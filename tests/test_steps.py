"""What a step shows (tracer/view/steps.py): every step drawn at every stage."""

import tracer
from tracer.view.steps import step_lines
from tracer.view.text import Style
from helpers import attention_inputs


def test_every_new_step_saves_loads_and_draws():
    q, k, v = attention_inputs(4, 4, 3)
    with tracer.recording() as trace:
        a = tracer.attention(q, k, v, mask=tracer.causal_mask(4, list("abcd")))
        b = tracer.attention(q, k, v)
        tracer.add_matrices(tracer.concat(a, b), tracer.concat(b, a))
        tracer.broadcast_divide(tracer.matmul(q, tracer.transpose(k)))
        tracer.root(3)
    assert tracer.Trace.from_json(trace.to_json()).steps == trace.steps
    assert tracer.Trace.from_json(trace.to_json(terms=True)).steps == trace.steps
    st = Style(3, ascii=True)
    for step in trace:
        for shown in range(1, step.count() + 1):
            assert step_lines(step, shown, st, 60, 20)
        assert step_lines(step, step.count(), st, 60, 10**6, full=True)
