"""Lesson 1: mix one word's value into another's, then see why one ratio is not enough."""

from tracer import (ask, get_value, get_values, mix, normalize, say, scale, section, sub,
                    weighted_sum)

from . import possessive

TITLE = "Mix one word's value into another's"


def run(words, focus="Riley", partner="dog"):
    """Blend the partner's value into the focus word's, then blend every word alike."""
    section("one word takes on another's meaning")
    say("Every word starts with a value vector from a small vector database: what "
        "the word means on its own, before it has seen the rest of the sentence.")
    v_focus = get_value(focus)
    v_partner = get_value(partner)
    say("Alone, {} knows nothing of the words around it. Let it take on some of the "
        "meaning of {}: keep a share `ratio` of {} and fill the rest with {}.",
        focus, partner, focus, partner)

    ratio = 0.75
    v_mixed = mix(v_focus, v_partner, ratio,
                  names=[f"v_{focus}", f"v_{partner}", "ratio"],
                  why=f"{focus} keeps {ratio} of its own value and takes the rest from "
                  f"{partner}, component by component.")
    say("Component by component, {} moved from {} to {}.", focus, v_focus, v_mixed)

    if len(words) < 2:
        say("With a single word there is no other word to mix in: try a longer "
            "sentence with --sentence.")
        return

    section("every word, one ratio")
    say("Now try it on the whole sentence: every word keeps {} of itself and takes "
        "the rest, in equal shares, from every other word. Follow {}.", ratio, focus)
    share = normalize([1] * (len(words) - 1), names=["ones"],
                      why="Each of the other words gets an equal share: 1 divided by "
                      "how many there are.")
    others = [w for w in words if w != focus]
    blend = weighted_sum(share, get_values(others), names=["shares", "V of the others"],
                         name=f"the others of {focus}",
                         why=f"The other words' values, in equal shares, make what "
                         f"{focus} takes in.")
    v_new = mix(v_focus, blend, ratio, name=f"new v_{focus}",
                names=[f"v_{focus}", f"the others of {focus}", "ratio"],
                why=f"{focus} keeps {ratio} of itself and fills the rest with that blend.")
    say("With every other word in equal shares, {} becomes {}. Every other word of the "
        "sentence would be mixed the same way, with the same ratio.", focus, v_new)

    section("the shares one ratio gives")
    say("How much of each other word's value went into {}? It gets 1 - ratio of the "
        "mix, and each other word has an equal share of that.", focus)
    other = contrast(words, focus, partner)
    than = ask("Will \"{}\" feed \"{}\" more than \"{}\" does, as much, or less?",
               other, focus, partner, choices=("more", "as much", "less")) if other else None
    (rest,) = sub([1], [ratio], names=["1", "ratio"],
                  why="What the ratio leaves for the other words.")
    shares = scale(rest, share, names=["(1 - ratio)", "equal shares"],
                   why=f"Each other word's share of {possessive(focus)} new value: its "
                   "equal share of what the ratio leaves.")
    if other is None:
        say("{} took {} of the value of {}, the only other word: with two words, one ratio "
            "is all there is to choose. Try a longer sentence to see the problem.",
            focus, shares[0], partner)
        return
    a, b = shares[others.index(partner)], shares[others.index(other)]
    than.answer("more" if b > a else "as much" if a == b else "less", "Each of the {} other "
                "words gets (1 - ratio) × 1/{} = {} × {} = {}, whatever it means to \"{}\".",
                len(others), len(others), rest, share[0], b, focus)
    say("{} took {} of the value of {} and {} of the value of {}: {}. {}", focus, a, partner, b, other,
        "the same share" if a == b else "different shares",
        "One fixed ratio cannot tell a word that matters to {} from one that does not: "
        "{} feeds it exactly as much as {} does. What we lack is a way to say which "
        "words should take on which meanings, and how much. Lesson 2 computes that from "
        "the words themselves.".format(focus, other, partner) if a == b else
        "The shares differ, so something other than one fixed ratio is at work here.")


def contrast(words, focus, partner):
    """Return a word to set beside the partner: the focus's neighbour, or None."""
    i = words.index(focus)
    near = sorted((w for w in words if w not in (focus, partner)),
                  key=lambda w: (abs(words.index(w) - i), words.index(w) < i))
    return near[0] if near else None
