"""The one error a learner can act on; every other module raises it."""


class TraceError(ValueError):
    """A problem a learner can fix: bad input, a zero sum, a broken file."""


class UsageError(TraceError):
    """A call that asks for what does not exist (a lesson, a word): exit status 2."""
