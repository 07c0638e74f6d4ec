"""Lesson 1: mix one word's value into another's, then see why one ratio is not enough."""

from tracer import (ask, get_value, get_values, mix, normalize, row_sums, say, scale,
                    section, sub, weighted_sum)

from . import alike, numbered, quote, quoted, same_word

TITLE = "Mix one word's value into another's"


def run(words, focus="Riley", partner="dog"):
    """Blend the partner's value into the focus word's, then blend every word alike."""
    section("one word takes on another's meaning")
    say("Every word starts with a value vector from a small vector database: what "
        "the word means on its own, before it has seen the rest of the sentence.")
    v_focus = get_value(focus)
    if len(words) < 2:
        say("Alone, {} knows nothing of the words around it, and here there are none: "
            "its value stays {}, with no other word to take meaning from. Try a longer "
            "sentence with --sentence.", quote(focus), v_focus)
        return
    v_partner = get_value(partner)
    say("Alone, {} knows nothing of the words around it. Let it take on some of the "
        "meaning of {}: keep a share `ratio` of {} and fill the rest with {}.",
        quote(focus), quote(partner), quote(focus), quote(partner))

    ratio = 0.75
    v_mixed = mix(v_focus, v_partner, ratio,
                  names=[f"v_{focus}", f"v_{partner}", "ratio"],
                  why=f"{quoted(focus)} keeps {ratio} of its own value and takes the rest "
                  f"from {quoted(partner)}, component by component.")
    if not alike(v_mixed, v_focus):
        say("Component by component, {} moved from {} to {}.", quote(focus), v_focus,
            v_mixed)
    else:
        say("Component by component, {} stayed at {}{}: {}", quote(focus), v_focus,
            rounding(v_mixed, v_focus),
            "{} has the very same value{}, so mixing it in changes nothing.".format(
                quote(partner), ": it is {} again".format(quote(focus))
                if same_word(focus, partner) else "") if list(v_partner) == list(v_focus)
            else "the share of {} is too small to change any component.".format(
                quote(partner)))
    whole_sentence(words, focus, partner, v_focus, ratio)


def whole_sentence(words, focus, partner, v_focus, ratio):
    """Mix every other word in with one ratio, then see what share each one got."""
    section("every word, one ratio")
    say("Now try it on the whole sentence: every word keeps {} of itself and takes "
        "the rest, in equal shares, from every other word. Follow {}.", ratio, quote(focus))
    share = normalize([1] * (len(words) - 1), names=["ones"],
                      why="Each of the other words gets an equal share: 1 divided by "
                      "how many there are.")
    others = [w for w in words if w != focus]
    values = get_values(others)
    blend = weighted_sum(share, values, names=["shares", "V of the others"],
                         name=f"the others of {focus}",
                         why=f"The other words' values, in equal shares, make what "
                         f"{quoted(focus)} takes in.")
    v_new = mix(v_focus, blend, ratio, name=f"new v_{focus}",
                names=[f"v_{focus}", f"the others of {focus}", "ratio"],
                why=f"{quoted(focus)} keeps {ratio} of itself and fills the rest with "
                "that blend.")
    if not alike(v_new, v_focus):
        say("With every other word in equal shares, {} becomes {}. Every other word of "
            "the sentence would be mixed the same way, with the same ratio.", quote(focus),
            v_new)
    else:
        say("With every other word in equal shares, {} stays at {}{}: the blend of the "
            "others, {}, is its own value again.", quote(focus), v_new,
            rounding(v_new, v_focus), blend)
    shares(words, focus, partner, others, values, share, ratio)


def shares(words, focus, partner, others, values, share, ratio):
    """Show what share of the focus's new value each other word got, and why it is wrong."""
    section("the shares one ratio gives")
    say("How much of each other word's value went into {}? It gets 1 - ratio of the mix, "
        "and each other word has an equal share of that.", quote(focus))
    other = contrast(words, focus, partner)
    than = ask("Will {} feed {} more than {} does, as much, or less?",
               spoken(other, others), quote(focus), spoken(partner, others),
               choices=("more", "as much", "less")) if other else None
    (rest,) = sub([1], [ratio], names=["1", "ratio"],
                  why="What the ratio leaves for the other words.")
    each = scale(rest, share, names=["(1 - ratio)", "equal shares"],
                 why=f"Each other word's share of the new value of {quoted(focus)}: its "
                 "equal share of what the ratio leaves.")
    if len(others) == 1:
        say("{} took {} of the value of {}, the only other word: with two words, one "
            "ratio is all there is to choose. Try a longer sentence to see the problem.",
            quote(focus), each[0], quote(partner))
        return
    if other is None:
        same = all(list(v) == list(values[0]) for v in values)
        say("{} took {} of the value of each of the other {} words, but every one of them "
            "is {} again{}: there is nothing here for one ratio to tell apart. Try a "
            "sentence of different words to see the problem.", quote(focus), each[0],
            len(others), quote(numbered(partner)[0]), ", with the same value" if same
            else "")
        return
    a, n = word_share(focus, partner, others, each)
    b, m = word_share(focus, other, others, each)
    than.answer("more" if b > a else "as much" if a == b else "less", reason(n, m),
                *((len(others), len(others), rest, share[0], b, quote(focus)) if n == m == 1
                  else (spoken(partner, others), *[n][:n > 1], a, spoken(other, others),
                        *[m][:m > 1], b, quote(focus))))
    verdict(focus, (spoken(partner, others), a, n), (spoken(other, others), b, m))


def word_share(focus, word, others, each):
    """Return what one word of the sentence feeds the focus, every time it comes, and how
    many times that is."""
    where = [k for k, w in enumerate(others) if same_word(w, word)]
    if len(where) == 1:
        return each[where[0]], 1
    (s,) = scale(len(where), [each[where[0]]],
                 names=[str(len(where)), f"the share of {numbered(word)[0]}"],
                 why=f"{quote(numbered(word)[0])} comes {len(where)} times, and takes an "
                 "equal share each time: what it feeds in all.")
    return s, len(where)


def reason(n, m):
    """Return, as a template, why the shares of two words compare as they do."""
    if n == m == 1:
        return ("Each of the {} other words gets (1 - ratio) × 1/{} = {} × {} = {}, "
                "whatever it means to {}.")
    return ("{} comes " + times(n) + ", so it feeds in {}; {} comes " + times(m) + " and "
            "feeds in {}. Each time a word comes it gets the same share, whatever it means "
            "to {}.")


def verdict(focus, mine, theirs):
    """Say what the two shares show about one fixed ratio."""
    (partner, a, n), (other, b, m) = mine, theirs
    lack = ("What we lack is a way to say which words should take on which meanings, and "
            "how much. Lesson 2 computes that from the words themselves.")
    if n == m:
        say("{} took {} of the value of {} and {} of the value of {}: {}. {}",
            quote(focus), a, partner, b, other,
            "the same share" if a == b else "different shares",
            "One fixed ratio cannot tell a word that matters to {} from one that does "
            "not: {} feeds it exactly as much as {} does. {}".format(
                quote(focus), other, partner, lack) if a == b else
            "The shares differ, so something other than one fixed ratio is at work here.")
        return
    say("{} took {} of the value of {}, which comes " + times(n) + ", and {} of the value "
        "of {}, which comes " + times(m) + ": {}. {}", quote(focus), a, partner,
        *([n] if n > 1 else []), b, other, *([m] if m > 1 else []),
        "different shares" if a != b else "the same share",
        "They differ only because one of the words comes more often: one fixed ratio "
        "gives a word a share each time it appears, whether or not it matters to {}. "
        "{}".format(quote(focus), lack) if a != b else
        "Something other than one fixed ratio is at work here.")


def spoken(w, others):
    """Return how prose names a word: "never" for every time it comes, if it comes more
    than once among the others, else the one it is ("dog", the second "dog")."""
    return quote(numbered(w)[0]) if sum(same_word(o, w) for o in others) > 1 else quote(w)


def rounding(u, v):
    """Return what to add when two vectors said to be one are so only but for rounding."""
    return "" if list(u) == list(v) else " (but for rounding in the last digits)"


def times(n):
    """Return how often a word comes, as a template: "once", or "{} times"."""
    return "once" if n == 1 else "{} times"


def contrast(words, focus, partner):
    """Return a word to set beside the partner: the focus's nearest neighbour that is not
    the partner again (the focus again only if no other is left), or None."""
    i = words.index(focus)
    near = sorted((w for w in words if w != focus and not same_word(w, partner)),
                  key=lambda w: (same_word(w, focus), abs(words.index(w) - i),
                                 words.index(w) < i))
    return near[0] if near else None
