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


def read(text, source, exact=False, constant=None):
    """Return the data in JSON text; decimals as Fractions if exact; never NaN unasked."""
    def refuse(name):
        raise TraceError(f"{source}: {name} is not allowed in a trace")

    def real(literal):  # 1e400 would come back as infinity
        x = float(literal)
        return x if isfinite(x) else refuse(literal)
    try:
        return json.loads(text, parse_float=guarded(Fraction if exact else real, source),
                          parse_int=guarded(int, source), parse_constant=constant or refuse)
    except json.JSONDecodeError as e:
        raise TraceError(f"{source}: not valid JSON ({e.msg}, line {e.lineno}, "
                         f"column {e.colno})") from None
    except RecursionError:
        raise TraceError(f"{source}: nested too deeply to be read") from None
