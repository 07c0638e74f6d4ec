"""One budget for work: how much a trace, a file or a word may hold, each named once.

Loading a trace file checks these and refuses, naming the limit, with a TraceError; the
views refuse a trace beyond what they can show. Each is far above what a lesson on a
sentence of sixty words needs, and low enough that anything within them shows its first
screen in a second or two.
"""

TRACE_BYTES = 64 * 2**20  # a trace file
VECTORS_BYTES = 10 * 2**20  # a vectors file
NUMBER_DIGITS = 40  # a number written in JSON, sign, point and exponent included
FRACTION_DIGITS = 4000  # the numerator or the denominator of a fraction in a trace
CELL_DIGITS = 20_000  # digits of a cell's fractions times its terms: exact sums grow so
DEPTH = 8  # lists inside lists in one field of a step (a matmul's operands need 3)
TERMS_PER_STEP = 2_000_000  # terms one step may hold
TERMS_PER_TRACE = 4_000_000  # positions a whole trace may hold (a sentence counts 1)
SOURCE_CHARS = 500_000  # the code a trace file carries, all its files together
TEXT_CHARS = 20_000  # a sentence, a reason, a name or a title
WORD_CHARS = 100  # a word, a label or a component's name
NAME_CHARS = 400  # the name an operand or a result is shown under
SECTIONS = 100  # sections of one trace: one slide each
COMPONENTS = 256  # components of a word's vectors in a vectors file
# With --exact, the denominators of a sentence's vectors must share a multiple of at
# most this many digits: sixty words of them then stay within FRACTION_DIGITS.
EXACT_DIGITS = 30
PAGE_TERMS = 300_000  # terms a web page or a notebook's stepper writes out


def positions(trace):
    """Return how many positions a walk through the trace has: its terms, and 1 a sentence."""
    return sum(max(1, step.count()) for step in trace.steps)


def showable(trace, what, most="TERMS_PER_TRACE"):
    """Refuse a trace longer than a view can show, naming the limit it passes."""
    from .errors import TraceError
    if len(trace.sections) > SECTIONS:
        raise TraceError(f"{len(trace.sections):,} sections are more than {what} shows "
                         f"({SECTIONS}, limits.SECTIONS)")
    n, room = positions(trace), globals()[most]
    if n > room:
        raise TraceError(f"{n:,} terms are more than {what} writes out ({room:,}, "
                         f"limits.{most}); step through them in the terminal instead")
