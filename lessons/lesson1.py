"""Lesson 1: mix one word's value into another's, then see why one ratio is not enough."""

from tracer import get_value, get_values, mix, norm, normalize, say, sub, weighted_sum

TITLE = "Mix one word's value into another's"


def run(words, focus="Riley", partner="dog"):
    """Blend the partner's value into the focus word's, then blend every word alike."""
    say("Every word starts with a value vector from a small vector database: what "
        "the word means on its own, before it has seen the rest of the sentence.")
    v_focus = get_value(focus)
    v_partner = get_value(partner)
    say("Alone, {} knows nothing of the words around it. Let it take on some of the "
        "meaning of {}: keep a share `ratio` of {} and fill the rest with {}.",
        focus, partner, focus, partner)

    ratio = 0.75
    v_mixed = mix(v_focus, v_partner, ratio,
                  names=[f"v_{focus}", f"v_{partner}", "ratio"])
    say("Component by component, {} moved from {} to {}.", focus, v_focus, v_mixed)

    if len(words) < 2:
        say("With a single word there is no other word to mix in: try a longer "
            "sentence with --sentence.")
        return

    say("Now try it on the whole sentence: every word keeps {} of itself and takes "
        "the rest, in equal shares, from every other word.", ratio)
    share = normalize([1] * (len(words) - 1), names=["ones"])
    new_values = []
    for i, word in enumerate(words):
        others = words[:i] + words[i + 1:]
        blend = weighted_sum(share, get_values(others), names=["shares", "V of the others"],
                             name=f"the others of {word}")
        new_values.append(mix(get_value(word), blend, ratio, name=f"new v_{word}",
                              names=[f"v_{word}", f"the others of {word}", "ratio"]))
        if i == words.index(focus):
            say("{} took a share of {} from {}, and the same {} from {}. Nothing in "
                "the mix knows which of them matters more.",
                word, share[0], others[0], share[-1], others[-1])

    say("How alike have the words become? Measure each word's distance from the "
        "sentence's average value, before and after.")
    equal = normalize([1] * len(words), names=["ones"])
    average = weighted_sum(equal, get_values(words), names=["equal shares", "V"],
                           name="average")
    new_average = weighted_sum(equal, new_values, names=["equal shares", "new values"],
                               name="new average")
    before = norm(sub(get_value(focus), average, names=[f"v_{focus}", "average"]))
    after = norm(sub(new_values[words.index(focus)], new_average,
                     names=[f"new v_{focus}", "new average"]))
    say("{} was {} from the average and is now {}. Every word drifted toward every "
        "other; mix again and again and they all blur into one. What we lack is a "
        "way to say which words should take on which meanings, and how much.",
        focus, before, after)
