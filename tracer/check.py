"""Checks on what enters an operation, with messages a learner can act on."""

from fractions import Fraction
from itertools import chain
from math import isfinite

from .errors import TraceError

NUMBERS = (int, float, Fraction)


def as_exact(x):
    """Return a float as the fraction its shortest decimal spells, an int as a Fraction."""
    if type(x) is float:
        return Fraction(repr(x))
    return Fraction(x) if type(x) is int else x


PLAIN = {float, int, Fraction}  # kinds of entry the fast checks let through at once


def plain(values):
    """Say whether every value is a finite float, int or Fraction (not a bool)."""
    kinds = set(map(type, values))
    if not PLAIN.issuperset(kinds):
        return False
    if Fraction in kinds:  # always finite: only the others are added up, as floats
        values = [x for x in values if type(x) is not Fraction]
    try:
        # The sum is finite when every value is, unless it overflows: then look closer.
        return isfinite(sum(values, 0.0))
    except OverflowError:  # an int or Fraction beyond a float's range: the slow checks
        return False


def vector(v, name, exact=False):
    """Return v as a tuple of numbers, or say what is wrong with it."""
    if type(v) is not tuple:
        if not isinstance(v, (list, tuple)):
            raise TraceError(f"{name} should be a list of numbers, not {type(v).__name__}")
        v = tuple(v)
    if not v:
        raise TraceError(f"{name} is empty: it needs at least one number")
    if not plain(v):
        for x in v:
            if not isinstance(x, NUMBERS) or isinstance(x, bool):
                raise TraceError(f"{name} holds {what(x)}, which is not a number")
        finite(v, name)
    return tuple(map(as_exact, v)) if exact else v


def what(x):
    """Return a short description of a value that is not a number, for a message."""
    if isinstance(x, (list, tuple, dict, set)):  # its repr may hold anything, of any size
        return f"a {type(x).__name__}"
    text = repr(x)
    return text if len(text) <= 40 else text[:37] + "..."


def number(x, name, exact=False):
    """Return x checked as one number."""
    return vector((x,), name, exact)[0]


def matrix(m, name, exact=False):
    """Return m as a tuple of equal-length row tuples, or say what is wrong."""
    if not isinstance(m, (list, tuple)) or not m:
        raise TraceError(f"{name} should be a non-empty list of rows")
    # The common case in a few passes in C: rows of one length, every entry plain.
    if LISTS.issuperset(map(type, m)) and len(set(map(len, m))) == 1 and m[0] and \
            plain(tuple(chain.from_iterable(m))):
        rows = tuple(map(tuple, m))
        return tuple(tuple(map(as_exact, row)) for row in rows) if exact else rows
    rows = tuple([vector(row, f"{name} row {i}", exact) for i, row in enumerate(m)])
    n = len(rows[0])
    for i, row in enumerate(rows):
        if len(row) != n:
            raise TraceError(f"{name} row {i} has {len(row)} numbers but row 0 has "
                             f"{n}: every row needs the same length")
    return rows


LISTS = {list, tuple}


def same_length(a, b, name_a, name_b):
    """Refuse two vectors of different lengths, naming both."""
    if len(a) != len(b):
        raise TraceError(f"{name_a} has {len(a)} numbers but {name_b} has {len(b)}: "
                         "they need the same length")


def all_finite(result):
    """Say quickly whether a number, a vector or a matrix of numbers is all finite."""
    if isinstance(result, list):
        result = chain.from_iterable(result) if result and isinstance(result[0], list) \
            else result
    elif type(result) is Fraction:  # always finite, and adding it to 0.0 is slow
        return True
    else:
        result = (result,)
    try:  # a sum is finite when every term is, unless it overflows: then look closer
        return isfinite(sum(result, 0.0))
    except (OverflowError, TypeError):  # huge fractions, pairs: the careful checks decide
        return False


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
