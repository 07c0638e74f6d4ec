"""A trace in a notebook or a script: its stepper, its transcript, and a short summary."""

import io
from html import escape
import json
import sys


def summary(trace):
    """Return a short description of a trace: <Trace "lesson3": 64 steps, 1,117 terms>."""
    steps, terms = len(trace.steps), trace.count()
    name = f" {json.dumps(trace.title, ensure_ascii=False)}" if trace.title else ""
    return (f"<Trace{name}: {steps:,} step{'' if steps == 1 else 's'}, "
            f"{terms:,} term{'' if terms == 1 else 's'}>")


def html(trace, digits=3):
    """Return the stepper as one HTML fragment, which a notebook shows as one output."""
    from ..errors import TraceError
    from .page import fragment
    from .text import visible
    try:
        return fragment(trace, digits, trace.title)
    except TraceError as e:  # too big to write out: the summary, and why
        return f"<p>{escape(visible(summary(trace)))}: {escape(visible(str(e)))}</p>"


def show(trace, plain=False, digits=3, out=None):
    """Print the whole walkthrough of a trace as text."""
    from ..errors import TraceError
    from . import choose
    if not trace.steps:
        raise TraceError(f"{trace.title or 'this trace'} has no steps to show")
    out = out or sys.stdout
    if "ipykernel" not in sys.modules:
        return choose(plain, out).print_transcript(trace, trace.title, digits)
    # A notebook makes each write an output of its own: write the walkthrough once.
    text = io.StringIO()
    choose(plain, text).print_transcript(trace, trace.title, digits)
    out.write(text.getvalue())
    out.flush()
