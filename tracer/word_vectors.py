"""The vector database: a value, a key and a query for every word."""

import hashlib
import re
import unicodedata
from decimal import Decimal, localcontext
from fractions import Fraction
from math import lcm
from pathlib import Path

from . import limits
from .files import json_text, whole
from .errors import TraceError
from .step import current, remember

DEMO = Path(__file__).with_name("data") / "riley.json"
ROLES = ("value", "key", "query")
LETTER = {"value": "v", "key": "k", "query": "q"}
KEY_SLACK = Fraction(1, 10**4)  # float32 or six decimals miss length 1 by far less
# A rescaled key is rounded to this many decimals: its length is then 1 to within 1e-12,
# and every rescaled key shares one short denominator, so exact sums of them stay short.
KEY_PLACES = 15


def words_of(sentence):
    """Split a sentence into words, keeping apostrophes and dropping punctuation.

    A combining mark stays with its letter: "नमस्ते" is one word, and so is "naïve"
    written with a separate diaeresis.
    """
    # \w alone would cut words at their marks: match on a mask, one letter a character.
    mask = "".join("a" if c.isalnum() or c == "_" or unicodedata.category(c)[0] == "M"
                   else "'" if c in "'’" else " " for c in sentence)
    return [sentence[m.start():m.end()] for m in re.finditer(r"a+(?:'a+)*", mask)]


class Database:
    """Vectors for each word, as Fractions underneath; floats unless exact."""

    def __init__(self, table, components=None, sentence=None, source="the demo vectors"):
        self.table, self.source = table, source
        self.sentence = sentence
        self.rescaled = []  # words whose keys were near length 1 and were made exactly so
        self.folded = {w.casefold(): e for w, e in table.items()}
        n = len(next(iter(table.values()))["value"]) if table else 4
        self.components = components or [str(i) for i in range(n)]

    def get(self, role, word, exact=False):
        """Return one vector of a word, made from the word itself if it is unknown."""
        word = re.sub(r"#\d+$", "", word)  # "the#2" is the second "the" of a sentence
        entry = self.lookup(word) or derived(word, len(self.components))
        v = entry[role]
        return list(v) if exact else [float(x) for x in v]

    def lookup(self, word):
        """Return the vectors of a word in the set, matched exactly or else by case."""
        return self.table.get(word) or self.folded.get(word.casefold())


def derived(word, n):
    """Return vectors for a word outside the set: the same everywhere, keys of length 1."""
    # One byte per value and query component, and n - 1 for the key: sha256's 32
    # bytes would run out at 11 components.
    data = word.casefold().encode("utf-8", "surrogatepass")  # any text, even unpaired
    digest = hashlib.shake_256(data).digest(3 * n - 1)
    tenths = [Fraction(b % 11, 10) for b in digest]
    # A rational point on the unit sphere: lift u from n-1 dimensions by the inverse
    # stereographic projection, which keeps every coordinate a fraction.
    u = [Fraction(b % 7 - 3) for b in digest[2 * n:3 * n - 1]]
    r = sum(x * x for x in u)
    key = [2 * x / (r + 1) for x in u] + [(r - 1) / (r + 1)]
    return {"value": tenths[:n], "key": key, "query": tenths[n:2 * n]}


class NotFinite(str):
    """NaN or infinity in a vectors file, kept until the word it belongs to is known."""


def number(x, where):
    """Return a JSON number or a "p/q" string as an exact Fraction."""
    if isinstance(x, NotFinite):
        raise TraceError(f"{where}: {x} is not allowed; every number must be finite")
    if isinstance(x, bool) or not isinstance(x, (int, str, Fraction)):
        raise TraceError(f"{where}: {x!r} is not a number")
    if isinstance(x, str):
        x = json_text.guarded(str, where)(x.strip())
    try:
        return Fraction(x)
    except (ValueError, ZeroDivisionError):
        raise TraceError(f"{where}: {x!r} is not a number or a fraction like 2/9") from None


def parse(text, source):
    """Return a Database from the JSON text of a vectors file, or say what is wrong."""
    data = json_text.read(text, source, exact=True, constant=NotFinite)
    if not isinstance(data, dict) or not isinstance(data.get("words"), dict):
        raise TraceError(f'{source}: expected an object with a "words" object inside')
    if not data["words"]:
        raise TraceError(f"{source}: the words object is empty")
    table, size, rescaled = {}, None, []
    for word, entry in data["words"].items():
        if len(word) > limits.WORD_CHARS:
            raise TraceError(f"{source}: the word {word[:20]!r}... is longer than "
                             f"{limits.WORD_CHARS} characters (limits.WORD_CHARS)")
        table[word] = entry = vectors_of(entry, f"{source}, word {word!r}")
        if entry.pop("rescaled"):
            rescaled.append(word)
        size = size or len(entry["value"])
        if size > limits.COMPONENTS:
            raise TraceError(f"{source}, word {word!r}: {size:,} components, more than "
                             f"the lessons take ({limits.COMPONENTS}, limits.COMPONENTS)")
        for role in ROLES:
            if len(entry[role]) != size:
                raise TraceError(f"{source}, word {word!r}: its {role} has "
                                 f"{len(entry[role])} numbers, but others have {size}")
    components = data.get("components")
    if components is not None and (not isinstance(components, list) or
                                   len(components) != size):
        raise TraceError(f"{source}: components should list {size} names")
    if components and not all(isinstance(c, str) for c in components):
        raise TraceError(f"{source}: each of the components should be a name in quotes")
    if components and any(len(c) > limits.WORD_CHARS for c in components):
        raise TraceError(f"{source}: a component's name is longer than "
                         f"{limits.WORD_CHARS} characters (limits.WORD_CHARS)")
    sentence = data.get("sentence")
    if sentence is not None and not isinstance(sentence, str):
        raise TraceError(f'{source}: "sentence" should be text in quotes, '
                         f"not {type(sentence).__name__}")
    db = Database(table, components, sentence, source)
    db.rescaled = rescaled
    return db


def vectors_of(entry, where):
    """Return one word's value, key and query, checked; keys must have length 1."""
    if not isinstance(entry, dict):
        raise TraceError(f"{where}: expected an object with value, key and query")
    out = {}
    for role in ROLES:
        v = entry.get(role)
        if not isinstance(v, list) or not v:
            raise TraceError(f"{where}: {role} should be a non-empty list of numbers")
        out[role] = tuple(number(x, f"{where}, {role}") for x in v)
        if any(abs(x) > 1e6 for x in out[role]):
            raise TraceError(f"{where}: {role} holds a number beyond ±1,000,000")
    out["key"], out["rescaled"] = unit_key(out["key"], where)
    return out


def unit_key(key, where):
    """Return a key of length 1 and whether it was rescaled to it; refuse one far off."""
    squared = sum(x * x for x in key)
    if squared == 1:
        return key, False
    if squared == 0:
        raise TraceError(f"{where}: its key is all zeros, but keys must have length 1")
    with localcontext() as digits:
        digits.prec = 50  # a rescaled key then misses length 1 by about 1e-50
        root = (Decimal(squared.numerator) / Decimal(squared.denominator)).sqrt()
        length = Fraction(root)
    if abs(length - 1) > KEY_SLACK:
        raise TraceError(f"{where}: its key has length {figure(length)}, but keys must "
                         f"have length 1 (to within {float(KEY_SLACK)}): divide each of "
                         f"its numbers by {figure(length)}")
    grid = 10 ** KEY_PLACES
    return tuple(Fraction(round(x / length * grid), grid) for x in key), True


def figure(x):
    """Return a Fraction to six figures, however small or large: 1e-400, not 0."""
    with localcontext() as context:
        context.prec = 7
        return f"{Decimal(x.numerator) / Decimal(x.denominator):.6g}"


def check_exact(db, words):
    """Refuse exact arithmetic on vectors whose fractions share no short denominator.

    Exact sums of fractions with unrelated denominators grow with every term: sixty
    words of such keys take minutes and thousands of digits. Refused before computing.
    """
    common, limit = 1, 10 ** limits.EXACT_DIGITS
    for word in words:
        word = re.sub(r"#\d+$", "", word)
        entry = db.lookup(word) or derived(word, len(db.components))
        for role in ROLES:
            for x in entry[role]:
                common = lcm(common, x.denominator)
        if common > limit:
            why = (f"the fractions in the vectors of {db.source} share no denominator "
                   f"of at most {limits.EXACT_DIGITS} digits (by the word {word!r}), so "
                   "exact arithmetic on them would grow too long to finish; write them "
                   "as decimals (15 places at most) or ")
            raise TraceError(f"exact=True: {why}leave exact False",
                             command=f"--exact: {why}run without --exact")


def load(path):
    """Return the Database in a vectors file, or say what is wrong with it."""
    return parse(whole.read_text(path, limits.VECTORS_BYTES, "vectors file"), str(path))


_demo = []  # the demo vectors, read once: a constant, not a mode


def demo():
    """Return the demo vectors."""
    if not _demo:
        _demo.append(load(DEMO))
        _demo[0].source = "the demo vectors"
    return _demo[0]


def database():
    """Return the vector set of the recording under way, else the demo vectors."""
    trace = current()
    return trace.vectors if trace is not None and trace.vectors is not None else demo()


def _one(role, word):
    trace = current()
    v = database().get(role, word, trace is not None and trace.exact)
    return remember(v, f"{LETTER[role]}_{word}", cols=_components(role))


def _many(role, words):
    m = [_one(role, w) for w in words]
    return remember(m, LETTER[role].upper(), list(words), _components(role))


def _components(role):
    """Return the names of the components: values, keys and queries share one space."""
    return database().components


def get_value(word):
    """Return the value vector of a word: what it means, before any context."""
    return _one("value", word)


def get_key(word):
    """Return the key of a word: a unit vector that says what it relates to."""
    return _one("key", word)


def get_query(word):
    """Return the query of a word: what it looks for in other words."""
    return _one("query", word)


def get_values(words):
    """Return the value vectors of many words, one row each."""
    return _many("value", words)


def get_keys(words):
    """Return the keys of many words, one row each."""
    return _many("key", words)


def get_queries(words):
    """Return the queries of many words, one row each."""
    return _many("query", words)
