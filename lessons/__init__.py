"""The lessons: short scripts that follow "Motivating Self-Attention" part by part."""


def possessive(word):
    """Return a word's possessive: "it" gives "its", any other word gains 's."""
    return {"it": "its", "It": "Its", "IT": "ITS"}.get(word, f"{word}'s")


def add_up(totals):
    """Return how the rows add up, in words: one total when they differ by rounding alone."""
    low, high = min(totals), max(totals)
    if low == high:
        return "every row adds up to {}"
    if high - low <= 1e-9 * max(1, abs(high)):  # floats: equal but for the last bits
        return "every row adds up to {} but for rounding in the last digits"
    return "the rows add up to between {} and {}"


def spread(totals):
    """Return the totals add_up's words show: one, or the least and the most."""
    low, high = min(totals), max(totals)
    if high - low <= 1e-9 * max(1, abs(high)):  # the total written most briefly: 1.0
        return (min(totals, key=lambda x: len(repr(x))),)
    return low, high


def moved(before, after):
    """Return how a number moved, as words with {} and their values: rose from a to b."""
    if after == before:
        return "stayed at {}", (before,)
    return ("rose" if after > before else "fell") + " from {} to {}", (before, after)


ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
            "ninth", "tenth")


def quote(word):
    """Return a sentence word as prose names it: "the", or the second "the" for the#2."""
    base, k = numbered(word)
    if k == 1:
        return f'"{base}"'
    return f'the {ordinal(k)} "{base}"'


def ordinal(k):
    """Return second for 2, 21st for 21."""
    if k <= len(ORDINALS):
        return ORDINALS[k - 1]
    return f"{k}" + ("th" if k % 100 in (11, 12, 13) else
                     {1: "st", 2: "nd", 3: "rd"}.get(k % 10, "th"))


def plain(words):
    """Return words as a phrase reads them, a repeated word without its number."""
    return " ".join(numbered(w)[0] for w in words)


def numbered(word):
    """Return a word and which time it comes in the sentence: the#2 gives ("the", 2)."""
    base, mark, n = word.rpartition("#")
    return (base, int(n)) if mark and base and n.isdigit() else (word, 1)


def quoted(words):
    """Return a word, or words, as prose names them, each in quotes: "the", or "Evan's",
    "never" and "stops"; a repeated word as the second "the"."""
    marks = [quote(w) for w in ([words] if isinstance(words, str) else words)]
    return marks[0] if len(marks) == 1 else ", ".join(marks[:-1]) + " and " + marks[-1]


def same_word(a, b):
    """Say whether two words of a sentence are one word, as the vectors see them: the,
    The#2."""
    return a.split("#")[0].casefold() == b.split("#")[0].casefold()


def alike(u, v):
    """Say whether two vectors are equal but for rounding in the last digits of floats."""
    return all(abs(a - b) <= 1e-12 * max(1, abs(b)) for a, b in zip(u, v))
