"""Questions at a lesson's forks: placed where they are asked, answered once computed.

A lesson asks a question before the steps that settle it, then gives the answer it
computed and the reason, with the numbers that make it so:

    q = ask("Will q_{} · k_{} equal q_{} · k_{}?", "dog", "Riley", "Riley", "dog",
            choices=YES_NO)
    a, b = dot(...), dot(...)
    q.answer("yes" if a == b else "no", "q_dog · k_Riley = {} and q_Riley · k_dog = {}.",
             b, a)

A question adds no step: with --predict the learner answers it just before the step
that came next when it was asked, so before its answer is on screen.
"""

from numbers import Real

from .check import as_exact
from .errors import TraceError
from .step import check_template, current, frozen

YES_NO = ("yes", "no")


class Asked:
    """A question placed before step `step` of a trace, waiting for its answer."""

    __slots__ = ("step", "prompt", "shown", "choices", "answer_", "reason", "values")

    def __init__(self, step, prompt, shown, choices):
        self.step, self.prompt, self.shown, self.choices = step, prompt, shown, choices
        self.answer_, self.reason, self.values = None, None, ()

    def answer(self, answer, reason, *values):
        """Give the answer the lesson computed, and the reason, one {} per value."""
        if self.choices is not None and answer not in self.choices:
            raise TraceError(f"the answer {str(answer)[:40]!r} is not among the choices "
                             f"{', '.join(self.choices)}")
        if self.choices is None and (not isinstance(answer, Real)
                                     or isinstance(answer, bool)):
            raise TraceError("a question without choices takes a number for its answer")
        check_template(reason, values)
        exact = self.exact()
        self.answer_ = as_exact(answer) if exact and self.choices is None else answer
        self.reason, self.values = reason, held(values, exact)
        return answer

    def exact(self):
        trace = current()
        return trace is not None and trace.exact

    def __repr__(self):
        return f"Asked(before step {self.step}, answer {self.answer_!r})"


class Unrecorded:
    """What ask() returns outside a recording: answering it does nothing."""

    def answer(self, answer, reason, *values):
        return answer


def held(values, exact):
    """Return values as a trace keeps them: frozen, and exact in exact mode."""
    return frozen([as_exact(v) for v in values] if exact else list(values))


def ask(prompt, *values, choices=None):
    """Ask a question here, one {} per value; return it, to be answered once computed.

    choices: the words a learner picks from (YES_NO, the words of the sentence, ...);
    None asks for a number, right when within 10% of the answer, or 0.02.
    """
    check_template(prompt, values)
    if choices is not None:
        choices = tuple(map(str, choices))
        if len(choices) < 2 or len(set(choices)) != len(choices):
            raise TraceError("a question offers at least two different choices")
    trace = current()
    if trace is None:
        return Unrecorded()
    asked = Asked(len(trace.steps), prompt, held(values, trace.exact), choices)
    trace.questions.append(asked)
    return asked
