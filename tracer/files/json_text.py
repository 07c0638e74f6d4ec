"""Reading JSON a learner may have written by hand: every failure a TraceError."""

import json
import re
from fractions import Fraction
from math import isfinite

from .. import limits
from ..errors import TraceError

EXPONENT = re.compile(r"[eE]([+-]?\d+)$")


def guarded(convert, source):
    """Return convert, refusing numbers too long or too far from 1 to be meant."""
    def parse(literal):
        match = EXPONENT.search(literal)
        if len(literal) > limits.NUMBER_DIGITS or (match and abs(int(match.group(1))) > 400):
            raise TraceError(f"{source}: the number {literal[:20]}"
                             f"{'...' if len(literal) > 20 else ''} is out of range")
        return convert(literal)
    return parse


# Every character a number is written with, as "0"; and digits as "0", E as e, no signs.
LITERAL = bytes.maketrans(b"0123456789.eE+-", b"0" * 15)
POWER = bytes.maketrans(b"0123456789E", b"0" * 10 + b"e")


def risky(text):
    """Say whether text may hold a number the guards refuse: longer than NUMBER_DIGITS, or
    with an exponent of three digits. Two passes in C; words that only look so say yes."""
    raw = text.encode("utf-8", "replace")
    return b"0" * (limits.NUMBER_DIGITS + 1) in raw.translate(LITERAL) or \
        b"e000" in raw.translate(POWER, b"+-")


def read(text, source, exact=False, constant=None):
    """Return the data in JSON text; decimals as Fractions if exact; never NaN unasked."""
    def refuse(name):
        raise TraceError(f"{source}: {name} is not allowed in a trace")

    def real(literal):  # 1e400 would come back as infinity
        x = float(literal)
        return x if isfinite(x) else refuse(literal)
    try:
        if not exact and not risky(text):  # no number the guards could refuse: all in C
            return json.loads(text, parse_constant=constant or refuse)
        return json.loads(text, parse_float=guarded(Fraction if exact else real, source),
                          parse_int=guarded(int, source), parse_constant=constant or refuse)
    except json.JSONDecodeError as e:
        raise TraceError(f"{source}: not valid JSON ({e.msg}, line {e.lineno}, "
                         f"column {e.colno})") from None
    except RecursionError:
        raise TraceError(f"{source}: nested too deeply to be read") from None
