"""The one error a learner can act on; every other module raises it."""


class TraceError(ValueError):
    """A problem a learner can fix: bad input, a zero sum, a broken file.

    command: the same message as the command line says it, naming its flags (--focus)
    where a library call names its arguments (focus=); None when the two read alike.
    """

    def __init__(self, *args, command=None):
        super().__init__(*args)
        self.command = command


class UsageError(TraceError):
    """A call that asks for what does not exist (a lesson, a word): exit status 2."""
