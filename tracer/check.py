"""Checks on what enters an operation, with messages a learner can act on."""

from fractions import Fraction
from math import isfinite

from .errors import TraceError

NUMBERS = (int, float, Fraction)


def as_exact(x):
    """Return a float as the fraction its shortest decimal spells, an int as a Fraction."""
    if type(x) is float:
        return Fraction(repr(x))
    return Fraction(x) if type(x) is int else x


def vector(v, name, exact=False):
    """Return v as a tuple of numbers, or say what is wrong with it."""
    if type(v) is not tuple:
        if not isinstance(v, (list, tuple)):
            raise TraceError(f"{name} should be a list of numbers, not {type(v).__name__}")
        v = tuple(v)
    if not v:
        raise TraceError(f"{name} is empty: it needs at least one number")
    if fine(v):
        return tuple(map(as_exact, v)) if exact else v
    for x in v:
        if not isinstance(x, NUMBERS) or isinstance(x, bool):
            raise TraceError(f"{name} holds {x!r}, which is not a number")
    finite(v, name)
    return tuple(map(as_exact, v)) if exact else v


def fine(v):
    """Say whether every entry of a tuple is a finite number: the common case, fast."""
    try:
        return all(map(isfinite, v)) and bool not in map(type, v)
    except (TypeError, OverflowError):  # text, a list, or an int too big for a float
        return False


def number(x, name, exact=False):
    """Return x checked as one number."""
    return vector((x,), name, exact)[0]


def matrix(m, name, exact=False):
    """Return m as a tuple of equal-length row tuples, or say what is wrong."""
    if not isinstance(m, (list, tuple)) or not m:
        raise TraceError(f"{name} should be a non-empty list of rows")
    rows = []
    for i, row in enumerate(m):
        row = tuple(row) if type(row) is list else row
        if exact or type(row) is not tuple or not row or not fine(row):
            row = vector(row, f"{name} row {i}", exact)  # names the row only when needed
        rows.append(row)
    n = len(rows[0])
    if len(set(map(len, rows))) > 1:
        i = next(i for i, row in enumerate(rows) if len(row) != n)
        raise TraceError(f"{name} row {i} has {len(rows[i])} numbers but row 0 has "
                         f"{n}: every row needs the same length")
    return tuple(rows)


def same_length(a, b, name_a, name_b):
    """Refuse two vectors of different lengths, naming both."""
    if len(a) != len(b):
        raise TraceError(f"{name_a} has {len(a)} numbers but {name_b} has {len(b)}: "
                         "they need the same length")


def finite(values, name, result=False):
    """Refuse NaN and infinity, which no step can explain; result=True: it overflowed."""
    try:
        if all(map(isfinite, values)):  # fast, and the common case
            return
    except OverflowError:  # an int or Fraction beyond a float's range: still finite
        pass
    except TypeError:  # booleans of a mask, or pairs of a comparison: nothing to check
        return
    for x in values:
        if isinstance(x, float) and x - x != 0:  # only infinity and NaN fail this
            if result:
                raise TraceError(f"{name} overflowed to {x}: the numbers are too large")
            raise TraceError(f"{name} holds {x}, and a trace needs finite numbers")
