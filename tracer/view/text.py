"""Numbers, symbols and terms as text: the pieces both views are made of."""

import re
import textwrap
import unicodedata
from decimal import Decimal, localcontext
from fractions import Fraction
from functools import lru_cache
from math import floor, isfinite, log10

from .. import kinds

UNICODE = {"times": "×", "dot": "·", "minus": "−", "root": "√", "sum": "Σ",
           "approx": "≈", "here": "▶", "arrow": "→", "rule": "─"}
ASCII = {"times": "x", "dot": ".", "minus": "-", "root": "sqrt", "sum": "sum",
         "approx": "~", "here": ">", "arrow": "->", "rule": "-"}
ZERO = 1e-12  # a float closer to 0 than this reads as 0
MOST_DIGITS = 15  # the most decimals a number is shown with: about all a float carries
TO_ASCII = str.maketrans({"ᵀ": "^T", "·": ".", "×": "x", "−": "-", "Σ": "sum",
                          "√": "sqrt", "≈": "~", "→": "->", "’": "'",
                          "…": "..."})


# Control characters (C0, DEL, C1), lone surrogates, and the marks that reorder text.
HIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u200e\u200f\u202a-\u202e"
                    "\u2066-\u2069]")


def visible(s):
    """Return s with every control character written out, as \\x1b, never obeyed."""
    return s if s.isprintable() else HIDDEN.sub(spelled, s)  # each one is unprintable


def spelled(match):
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


@lru_cache(maxsize=4096)  # a redraw measures the same rules, labels and terms again
def cells(text):
    """Return how many terminal columns text takes: wide characters 2, marks 0."""
    if text.isascii():
        return len(text)
    n = len(text)  # one column a character, then each kind of unusual one corrected
    for c in set(text):
        if not c.isascii() and width(c) != 1:
            n += (width(c) - 1) * text.count(c)
    return n


@lru_cache(maxsize=4096)  # a transcript meets the same few symbols millions of times
def width(c):
    """Return the columns one character takes."""
    if unicodedata.combining(c) or unicodedata.category(c) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1


def clip(text, room):
    """Return the start of text that fits in `room` columns."""
    if text.isascii():
        return text[:max(room, 0)]
    if cells(text) <= room:
        return text
    used = 0
    for i, c in enumerate(text):
        used += width(c)
        if used > room:
            return text[:i]
    return text


def pad(text, room, align="<"):
    """Return text clipped to `room` columns and padded with spaces to fill them."""
    text = clip(text, room)
    gap = " " * (room - cells(text))
    return text + gap if align == "<" else gap + text


def wrap(text, room, indent="", hyphens=False):
    """Return text broken between words into lines of at most `room` columns.

    Later lines start with indent; a word wider than a line is cut across lines.
    """
    if cells(text) == len(text):  # one column a character: the standard wrapper
        return textwrap.wrap(text, room, subsequent_indent=indent,
                             break_on_hyphens=hyphens)
    lines, line = [], text[:len(text) - len(text.lstrip())]
    for word in text.split():
        while word:
            gap = " " if line.strip() else ""
            if cells(line) + len(gap) + cells(word) <= room:
                line, word = line + gap + word, ""
            elif line.strip():
                lines.append(line)
                line = indent
            else:  # a word wider than a whole line: cut it
                cut = clip(word, room - cells(line)) or word[:1]
                lines.append(line + cut)
                line, word = indent, word[len(cut):]
    return lines + [line] if line.strip() else lines


class Style:
    """How the view writes numbers and symbols: digits shown, ASCII or not."""

    def __init__(self, digits=3, ascii=False, decimals=False):
        self.digits, self.ascii = digits, ascii
        self.decimals = decimals  # fractions as decimals: one formula, one kind of number
        self.sym = ASCII if ascii else UNICODE
        self.tiny = 10.0 ** (1 - digits) if digits >= 2 else 0  # coarse on request
        self.figures = 2  # the significant figures a number below tiny shows: 1.7e-08
        self.asked = None  # a fitted formula's style: the one its result keeps (see fit)

    def finer(self, extra, decimals=None):
        """Return this style with `extra` more digits (and fractions as decimals, or not)."""
        s = Style(min(MOST_DIGITS, self.digits + extra), self.ascii,
                  self.decimals if decimals is None else decimals)
        if self.tiny == 0:
            return s.even() if s.tiny else s  # even stays even
        # a tiny number gains figures as the others gain places: 1.82e-08, never
        # 0.0000000182 once the places would reach it
        s.tiny, s.figures = self.tiny, min(MOST_DIGITS, self.figures + extra)
        return s

    def __eq__(self, other):
        return isinstance(other, Style) and self.key() == other.key()

    def __hash__(self):  # equal styles share what a cache worked out for either
        return hash(self.key())

    def key(self):
        return (self.digits, self.ascii, self.decimals, self.tiny, self.figures,
                self.asked and self.asked.key())

    def answer(self, x):
        """Return a formula's result: in the digits asked for, however many its
        operands show so that they give it by hand."""
        return (self.asked or self).num(x)

    def keeping(self, asked):
        """Return this style writing operands, with results written as `asked` writes them."""
        s = Style(self.digits, self.ascii, self.decimals)
        s.tiny, s.figures, s.asked = self.tiny, self.figures, asked
        return s

    def even(self):
        """Return this style with every decimal to the same places, small ones too:
        a table's column keeps one number of decimals (0.005, not 0.0052)."""
        s = Style(self.digits, self.ascii, self.decimals)
        s.tiny = 0
        return s

    def num(self, x):
        """Return a number as the learner reads it: 0.300, 12/35, or ≈0.342 if rounded."""
        if isinstance(x, bool):
            return "yes" if x else "no"
        if isinstance(x, int):
            return str(x) if x.bit_length() <= WHOLE_BITS else self.num(Fraction(x))
        if isinstance(x, Fraction):
            n, d = x.numerator, x.denominator
            if self.decimals and d != 1:
                return self.num(float(x)) if abs(x) < 1e15 else self.decimal(x)
            if d == 1 and n.bit_length() <= WHOLE_BITS:
                return str(n)
            # A fraction too long to take in is shown as the decimal it is close to; its
            # digits are never written out, so a huge one costs no more than a short one.
            text = f"{n}/{d}" if n.bit_length() + d.bit_length() <= 40 else ""
            return text if 0 < len(text) <= 11 else self.sym["approx"] + self.decimal(x)
        if isinstance(x, float):
            if abs(x) < ZERO:  # float noise such as 2.8e-17: the trace keeps it, we show 0
                x = 0.0
            if 0 < abs(x) < self.tiny:  # would show as 0.00x or 0: keep 2 figures
                return f"{x:.{self.figures}g}"
            s = f"{x:.{self.digits}f}"
            return s[1:] if s.startswith("-") and not s.strip("-0.") else s
        return self.text(str(x))

    def decimal(self, x):
        """Return a Fraction as a decimal: 0.343, or 1.235e+99 when too large for places."""
        try:
            f = float(x)  # Python divides long integers in time linear in their length
        except OverflowError:  # beyond a float: the decimal module has no such limit
            with localcontext() as context:
                context.prec = self.digits + 1
                return f"{Decimal(x.numerator) / Decimal(x.denominator):.{self.digits}e}"
        return self.num(f) if abs(f) < 1e15 else f"{f:.{self.digits}e}"

    def operand(self, x):
        """Return a number as it reads inside a formula: (-0.6) and (3/5) in brackets."""
        s = self.num(x)
        return f"({s})" if s.startswith("-") or (isinstance(x, Fraction) and "/" in s) \
            else s

    def value(self, v):
        """Return a number, a vector or a word as text."""
        if isinstance(v, (list, tuple)):
            return "[" + ", ".join(self.value(x) for x in v) + "]"
        return self.num(v)

    def text(self, s):
        """Return s safe to show: control codes written out, ASCII symbols if asked."""
        s = visible(s)
        return s.translate(TO_ASCII) if self.ascii else s

    def quotient(self, x, y, value):
        """Return "a / b = c" for floats, c given only the figures a and b carry."""
        return quotient(x, y, value, self)

    def distinct(self, x, y):
        """Return x and y as text with enough digits to tell them apart."""
        return distinct(self, x, y)


WHOLE_BITS = 200  # a whole number longer than this (60 digits) is shown as ≈ a decimal


def shown(x, st):
    """Return the number a learner reads in st.num(x): 0.137 for 0.13698, 12/35 as is."""
    if type(x) is float and (abs(x) >= st.tiny or abs(x) < ZERO):
        return round(x, st.digits) if abs(x) >= ZERO else 0.0  # as num() rounds it
    return reading(st.num(x))


def reading(text):
    """Return the number a shown text spells: 0.137, -0.0017, 12/35, 2."""
    text = text.lstrip("≈~")
    if "/" in text:
        a, b = text.split("/")
        return Fraction(int(a), int(b))
    return int(text) if text.lstrip("-").isdigit() else float(text)


def unit(text):
    """Return one unit of the last digit of a shown decimal (0.001 for 0.137), 0 if exact."""
    text = text.lstrip("≈~-")
    if "/" in text or not any(c in text for c in ".e"):
        return 0
    mantissa, _, power = text.partition("e")
    places = len(mantissa.partition(".")[2])
    return 10.0 ** (int(power or 0) - places)


def agrees(got, text):
    """Say whether a value recomputed from shown numbers rounds to a shown result: within
    half a unit of its last digit (a tie either way), or equal where it is exact."""
    want = float(reading(text))
    return abs(got - want) <= 0.5 * unit(text) + SLACK * max(1.0, abs(want))


SLACK = 1e-12  # what float arithmetic may add to a recomputation, relative


def fitted(st, numbers, result, recompute, what):
    """Return the style that shows a formula so that its shown numbers give its result.

    what: names the formula's arithmetic for the cache, such as the kind of its terms.

    Where terms cancel, the digits asked for are too few to check by hand: add digits
    until the numbers as shown recompute to the result as shown. In exact mode, a
    fraction too long to show turns the whole formula into decimals, never half of it.
    """
    key = (st.key(), what, tuple(numbers), result)
    if key not in FITTED:
        if len(FITTED) > 4096:  # a bound, not a policy: the screen asks for few at a time
            FITTED.clear()
        FITTED[key] = fit(st, numbers, result, recompute)
    return FITTED[key]


FITTED = {}  # formulas already fitted: a key press redraws the same ones again


def fit(st, numbers, result, recompute):
    """Return the style fitted() chooses, worked out afresh.

    The result keeps the digits asked for; its operands gain digits until, redone as
    shown, they round to it.
    """
    if not st.decimals and any(isinstance(x, Fraction) and
                               st.num(x).startswith(st.sym["approx"])
                               for x in (*numbers, result)):
        st = st.finer(0, decimals=True)
    want = st.num(result)
    s = st
    for extra in range(MOST_DIGITS + 1 - st.digits):
        s = st.finer(extra).keeping(st) if extra else st
        try:
            got = recompute([shown(x, s) for x in numbers])
            if isfinite(float(got)) and agrees(float(got), want):
                return s
        except (ZeroDivisionError, OverflowError, ValueError):
            return s
    return s


def mark(s, st):
    """Return "≈ " before a formula exact mode had to show in decimals, else ""."""
    return f"{s.sym['approx']} " if s.decimals and not st.decimals else ""


def distinct(st, x, y):
    """Return x and y as text with enough digits to tell them apart."""
    for extra in range(MOST_DIGITS + 1 - st.digits):
        s = st.finer(extra) if extra else st
        a, b = s.num(x), s.num(y)
        if a != b:
            return a, b
    return repr(x), repr(y)


def total_of(xs):
    """Return the sum of xs added left to right, as a learner adds them."""
    s = 0
    for x in xs:
        s = s + x
    return s


def term_style(t, st):
    """Return the style that shows one term's formula so it checks by hand."""
    k = kinds.of(t)
    if not k.checks(t, st):
        return st
    return fitted(st, k.numbers(t), t.value, lambda v: k.redo(*v), k.name)


def run_style(pairs, st):
    """Return the style that writes a run's running sums so each line adds up.

    pairs: (value, running sum) of each line in view. Line by line, the running sum
    above plus the value shown gives the running sum shown, to its last digit. Only
    where the sum cancels are digits added, and no more than the cancellation costs.
    """
    return running_style(tuple(pairs), st)


@lru_cache(maxsize=1024)  # a redraw shows the same run again
def running_style(pairs, st):
    if any(type(x) is not float for pair in pairs for x in pair):
        return st
    cost = 0
    for (_, before), (value, total) in zip(pairs, pairs[1:]):
        if abs(total) >= ZERO and max(abs(before), abs(value)) > abs(total):
            # a total ten times smaller than what made it costs a digit, and so on
            cost = max(cost, floor(log10(max(abs(before), abs(value)) / abs(total))))
    s = st
    for extra in range(min(cost, MOST_DIGITS - st.digits) + 1):
        s = st.finer(extra) if extra else st
        if all(adds_up(s, before, value, total)
               for (_, before), (value, total) in zip(pairs, pairs[1:])):
            return s
    return s


def adds_up(s, before, value, total):
    """Say whether a running sum as shown plus a value as shown gives the next one."""
    want = s.num(total)
    return abs(shown(before, s) + shown(value, s) - reading(want)) <= \
        0.5 * unit(want) + 1e-12  # the two shown numbers add to it, rounded as shown


def figures(text):
    """Return the significant figures a shown decimal carries: 3 for -0.00171."""
    digits = text.lstrip("≈~-").partition("e")[0].replace(".", "").lstrip("0")
    return len(digits) if digits else 1


@lru_cache(maxsize=4096)  # a redraw writes the same quotients again
def quotient(x, y, value, st):
    """Return a / b = c for floats, the result given only the figures a and b carry.

    A small divisor shows with more digits until dividing the numbers as shown gives
    the result as shown; the result never shows more figures than its operands have.
    """
    for extra in range(MOST_DIGITS + 1 - st.digits):
        s = st.finer(extra) if extra else st
        a, b = s.operand(x), s.operand(y)
        places = st.digits
        if value:
            carried = min(figures(s.num(x)), figures(s.num(y)))
            places = max(0, min(places, carried - 1 - floor(log10(abs(value)))))
        result = Style(places, st.ascii, st.decimals).num(round(value, places))
        if not shown(y, s):
            continue
        off = abs(shown(x, s) / shown(y, s) - reading(result)) / 10.0 ** -places
        if off <= 0.5 + 1e-9:
            break  # the numbers as shown divide to the result as shown, rounded
    return f"{a} / {b} = {result}"


def run_parts(g, st, carried=None):
    """Return a finished run of terms as pieces to wrap: a × b + c × d = total.

    carried: the running sum of the run's earlier terms, when a screen shows only its
    end; it stands first ("earlier 2.230 + ..."), so that the shown numbers add up.
    """
    k = kinds.of(g[0])
    early = [] if carried is None else [carried]
    size = len(k.numbers(g[0]))

    def redo(v):  # the earlier sum, then each term redone from its shown numbers
        return total_of(v[:len(early)] + [k.redo(*v[i:i + size])
                                          for i in range(len(early), len(v), size)])
    numbers = early + [x for t in g for x in k.numbers(t)]
    s = fitted(st, numbers, g[-1].total, redo, (k.name, len(early)))
    items = [f"earlier {s.operand(carried)}"] * len(early) + [k.formula(t, s) for t in g]
    parts = [mark(s, st) + items[0]] + [f"+ {x}" for x in items[1:]]
    return parts[:-1] + [f"{parts[-1]} = {s.answer(g[-1].total)}"]


def term_line(t, st, before=None, formula=None):
    """Return one term written out in full, with its running sum where it has one.

    before: the running sum this term adds to, if an earlier term made one; formula:
    the term's formula_line, if already written. The running sums of a run line up
    where its formulas are no wider than "0.111 × 0.900 = 0.100", however many show.
    """
    if t.total is not None and not kinds.of(t).stands:
        return running_sum(t, st, before)  # it says the term: "+ x" would repeat it
    formula = formula or formula_line(t, st)
    if t.total is None:
        return formula
    return f"{formula:<{ROOM}}   {running_sum(t, st, before)}"


ROOM = 21  # the columns a term's formula takes before its running sum, at least


def formula_line(t, st):
    """Return one term's own formula: what it works out, and to what."""
    s = term_style(t, st)
    return mark(s, st) + kinds.of(t).line(t, s)


def running_sum(t, st, before=None):
    """Return the running sum a term makes, as a sum that checks by hand:
    "running sum 0.1444 + 0.0333 = 0.178", the sum before it and its value shown finer
    where the digits asked for would not add up; the first term's sum alone.

    Each running sum is the next line's operand too, so no one number of digits makes
    every line add up: each line adds up its own.
    """
    if before is None:
        return f"running sum {st.num(t.total)}"
    s = fitted(st, (before, t.value), t.total, plus, "+")
    return (f"running sum {mark(s, st)}{s.operand(before)} + {s.operand(t.value)} = "
            f"{s.answer(t.total)}")


def plus(numbers):
    """Return the sum before a term plus its value: how a running sum is redone."""
    return numbers[0] + numbers[1]
