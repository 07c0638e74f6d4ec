"""Lesson 2: keys say how related two words are."""

from tracer import (compare, dot, get_key, get_keys, get_value, get_values, matmul,
                    mix, normalize, normalize_rows, say, transpose, weighted_sum)

TITLE = "Keys say how related two words are"


def run(words, focus="Riley", partner="dog"):
    """Weigh the mix by the dot product of keys; then see that it is symmetric."""
    say("Give every word a second vector, a key. Keys have length 1, and two words "
        "whose keys point the same way should influence each other.")
    v_focus, v_partner = get_value(focus), get_value(partner)
    k_focus, k_partner = get_key(focus), get_key(partner)
    relevance = dot(k_focus, k_partner)
    say("The relevance of {} and {} is the dot product of their keys: {}.",
        focus, partner, relevance)

    v_mixed = mix(v_focus, v_partner, relevance,
                  names=[f"v_{focus}", f"v_{partner}", "relevance"])
    say("Use it as the ratio: {} keeps a share `relevance` of itself and takes the "
        "rest from {}, giving {}.", focus, partner, v_mixed)

    say("A careful look at that formula: what if the relevance were exactly 1, "
        "the most related two words can be?")
    v_same = mix(v_focus, v_partner, 1, names=[f"v_{focus}", f"v_{partner}", "1"])
    changed = compare([v_same], [v_focus], names=["the mix", f"v_{focus}"])
    say("{} of {} components changed: with relevance 1, {} keeps its own value and "
        "takes nothing from {}. The more related the words, the less this formula "
        "mixes them, which is backwards.", len(changed), len(v_focus), focus, partner)

    say("Now the whole sentence. {}'s relevance to every word, itself included, "
        "then divide by their sum so the weights add up to 1.", focus)
    keys, values = get_keys(words), get_values(words)
    focus_key = keys[words.index(focus)]
    relevances = [dot(focus_key, key) for key in keys]
    weights = normalize(relevances, names=["relevances"])
    v_new = weighted_sum(weights, values, name=f"new v_{focus}")
    say("{}'s new value {} is every word's value, weighted by relevance.", focus, v_new)

    if len(words) < 2:
        say("With a single word there is no pair to compare: try a longer sentence.")
        return

    say("Something is still wrong. Compute the relevance of every word to every "
        "other word, and compare each cell with its mirror image.")
    relevance_matrix = matmul(keys, transpose(keys), name="relevances")
    mirror = compare(relevance_matrix, transpose(relevance_matrix))
    say("{} of {} cells differ from their mirror. A dot product does not care which "
        "key comes first, so {} attends to {} exactly as strongly, {}, as {} attends "
        "to {}. Real relations are one-sided: what {} tells us about {} can matter "
        "far more than what {} tells us about {}.",
        len(mirror), len(words) ** 2, focus, partner, relevance, partner, focus,
        partner, focus, focus, partner)

    weight_matrix = normalize_rows(relevance_matrix, name="weights")
    mirror_weights = compare(weight_matrix, transpose(weight_matrix))
    say("After dividing each row by its own sum, {} of {} weights differ from their "
        "mirror, but only because the rows add up to different totals. Each pair of "
        "words still shares one relevance: nothing lets a word look for something "
        "in another word that the other does not look for in it.",
        len(mirror_weights), len(words) ** 2)
    negative = [w for row in weight_matrix for w in row if w < 0]
    if negative:
        say("{} of these weights are below 0, the lowest {}, because some keys point "
            "apart: lesson 4 shows why that is a problem and what fixes it.",
            len(negative), min(negative))
