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


def quoted(words):
    """Return words as prose names them, each in quotes: "Evan's", "never" and "stops"."""
    marks = [f'"{w}"' for w in words]
    return marks[0] if len(marks) == 1 else ", ".join(marks[:-1]) + " and " + marks[-1]
