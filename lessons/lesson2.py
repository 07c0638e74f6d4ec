"""Lesson 2: keys say how related two words are."""

from tracer import (ask, compare, dot, get_key, get_keys, get_value, get_values, matmul,
                    mix, normalize, normalize_rows, row_sums, say, section, sub,
                    transpose, weighted_sum)

from . import possessive

TITLE = "Keys say how related two words are"


def run(words, focus="Riley", partner="dog"):
    """Weigh the mix by the dot product of keys; then see that it is symmetric."""
    section("keys and relevance")
    say("Give every word a second vector, a key. Keys have length 1, and two words "
        "whose keys point the same way should influence each other.")
    v_focus, v_partner = get_value(focus), get_value(partner)
    k_focus, k_partner = get_key(focus), get_key(partner)
    relevance = dot(k_focus, k_partner, why=f"How related {focus} and {partner} are: "
                    "the dot product of their keys.")
    say("The relevance of {} and {} is the dot product of their keys: {}.",
        focus, partner, relevance)
    one_pair(focus, partner, v_focus, v_partner, relevance)

    section("relevance 1")
    say("A careful look at that formula: what if the relevance were exactly 1, "
        "the most related two words can be?")
    whose = ask("With a relevance of 1 as the ratio, what does \"{}\" end up with: its "
                "own value, the value of \"{}\", or half of each?", focus, partner,
                choices=("itself", partner, "half") if partner not in (focus, "itself", "half")
                else ("itself", "half", "nothing"))
    v_same = mix(v_focus, v_partner, 1, names=[f"v_{focus}", f"v_{partner}", "1"],
                 why="The same formula with the largest relevance there is, 1.")
    changed = compare([v_same], [v_focus], names=["the mix", f"v_{focus}"],
                      why=f"Did relevance 1 change {focus} at all?")
    whose.answer("itself" if list(v_same) == list(v_focus) else partner
                 if list(v_same) == list(v_partner)
                 else "half" if v_same == [(a + b) / 2 for a, b in zip(v_focus, v_partner)]
                 else "nothing", "1 × v_{} + (1 − 1) × v_{} = {}: {} of {} components "
                 "changed, since 1 − 1 leaves {} a share of 0.", focus, partner, v_same,
                 len(changed), len(v_focus), partner)
    say("The explanation reads this formula as if a relevance of 1 gave {} all of "
        "the meaning of {}. Computed, {} of {} components changed: {}", focus, partner,
        len(changed), len(v_focus), "with relevance 1, {} keeps its own value and takes "
        "nothing from {}. The more related the words, the less this formula mixes them, "
        "which is backwards.".format(focus, partner) if not changed else
        "the mix is not the value of {} after all.".format(focus))

    keys, values = get_keys(words), get_values(words)
    said = whole_sentence(words, focus, keys, values)
    if len(words) < 2:
        say("With a single word there is no pair to compare: try a longer sentence.")
        return
    symmetry(words, focus, partner, keys, said)


def one_pair(focus, partner, v_focus, v_partner, relevance):
    """Mix the pair with the relevance as the ratio, if it is a share at all."""
    if 0 <= relevance <= 1:
        v_mixed = mix(v_focus, v_partner, relevance,
                      names=[f"v_{focus}", f"v_{partner}", "relevance"],
                      why=f"The relevance as the ratio: how much {focus} keeps of itself.")
        say("Use it as the ratio: {} keeps a share `relevance` of itself and takes the "
            "rest from {}, giving {}.", focus, partner, v_mixed)
        return
    (rest,) = sub([1], [relevance], names=["1", "relevance"],
                  why=f"What {partner} would get if this relevance were the ratio.")
    say("The explanation uses a relevance as a share between 0 and 1. This one is {}, "
        "outside that range: keys of length 1 give dot products anywhere from -1 to 1. "
        "As a ratio it would keep {} of {} and take {} of {}: that is no mixture, so we "
        "do not use it as one. Lesson 4 shows what real attention does instead.",
        relevance, relevance, focus, rest, partner)


def whole_sentence(words, focus, keys, values):
    """Weigh every word's value by its relevance to the focus, where the sum allows."""
    section("the whole sentence")
    say("Now the whole sentence. The relevance of {} to every word, itself included, "
        "then divide by their sum so the weights add up to 1.", focus)
    focus_key = keys[words.index(focus)]
    relevances = [dot(focus_key, key, names=[f"k_{focus}", f"k_{word}"],
                      why=f"How related {focus} is to {word}.")
                  for word, key in zip(words, keys)]
    (s,) = row_sums([relevances], names=[f"relevances of {focus}"],
                    why="Their sum is what each relevance will be divided by.")
    below = [r for r in relevances if r < 0]
    if below:  # the explanation's claim, beside the numbers that correct it
        say("The explanation treats relevances as shares from 0 to 1, but {} of these "
            "{} {} below 0, the lowest {}: keys that point apart give a negative dot "
            "product.", len(below), len(relevances), are(len(below)), min(below))
    if s == 0:
        say("They add up to exactly 0, so dividing by their sum is impossible: plain "
            "sums give {} no weights at all. Lesson 4 replaces them with softmax, which "
            "never divides by 0.", focus)
        return bool(below)
    weights = normalize(relevances, names=["relevances"],
                        why="Divide each relevance by their sum to get weights.")
    (w_sum,) = row_sums([weights], names=["weights"], why="Do the weights add up to 1?")
    v_new = weighted_sum(weights, values, name=f"new v_{focus}",
                         why=f"Each word's value, weighted, goes into {possessive(focus)} new value.")
    outside = [w for w in weights if not 0 <= w <= 1]
    if not outside:
        say("The weights lie between 0 and 1 and add up to {}: the new value of {}, {}, is "
            "every word's value, weighted by relevance.", w_sum, focus, v_new)
        return bool(below)
    say("The weights add up to {}, but {} of {} lie outside 0 to 1, from {} to {}. "
        "The relevances add up to {}{}. So the new value of {}, {}, is no blend of the "
        "words' values: dividing by the plain sum only works while relevances are "
        "positive. Lesson 4 shows the fix.", w_sum, len(outside), len(weights),
        min(weights), max(weights), s, ", below 0, which flips every sign" if s < 0 else "",
        focus, v_new)
    return bool(below)


def symmetry(words, focus, partner, keys, said):
    """Show that relevance by keys alone is the same both ways round."""
    section("the same both ways")
    say("Something is still wrong. Compute the relevance of every word to every "
        "other word, and compare each cell with its mirror image.")
    differ = ask("Of the {} relevances, how many will differ from their mirror image "
                 "(row and column swapped)?", len(words) ** 2)
    keys_t = transpose(keys, why="Turn K on its side so each column is one word's key.")
    relevance_matrix = matmul(keys, keys_t, name="relevances",
                              why="Every word's key against every word's key at once.")
    mirror = compare(relevance_matrix,
                     transpose(relevance_matrix, why="The mirror image: rows become "
                               "columns."),
                     why="Is each cell the same as its mirror across the diagonal?")
    i, j = words.index(focus), words.index(partner)
    differ.answer(len(mirror), "{} of {} differ. [{}, {}] is k_{} · k_{} = {} and its mirror "
                  "[{}, {}] is k_{} · k_{} = {}: {}", len(mirror), len(words) ** 2, focus,
                  partner, focus, partner, relevance_matrix[i][j], partner, focus, partner,
                  focus, relevance_matrix[j][i], "the same products of the same two keys."
                  if relevance_matrix[i][j] == relevance_matrix[j][i] else "they differ.")
    if mirror:
        say("{} of {} cells differ from their mirror.", len(mirror), len(words) ** 2)
        return
    say("{} of {} cells differ from their mirror. A dot product does not care which "
        "key comes first, so {} attends to {} exactly as strongly, {}, as {} attends "
        "to {}, {}. Real relations are one-sided: what {} tells us about {} can matter "
        "far more than what {} tells us about {}.",
        len(mirror), len(words) ** 2, focus, partner, relevance_matrix[i][j], partner,
        focus, relevance_matrix[j][i], partner, focus, focus, partner)
    below = [x for row in relevance_matrix for x in row if x < 0]
    if below and not said:
        say("The explanation treats relevances as shares from 0 to 1, but {} of these "
            "{} {} below 0, the lowest {}: keys that point apart give a negative dot "
            "product.", len(below), len(words) ** 2, are(len(below)), min(below))

    sums = row_sums(relevance_matrix, why="Each row's sum, to divide that row by.")
    if 0 in sums:
        say("Row {} adds up to exactly 0, so the rows cannot all be divided by their "
            "sums: lesson 4 shows what real attention does instead.",
            words[sums.index(0)])
        return
    weight_matrix = normalize_rows(relevance_matrix, name="weights",
                                   why="Each row divided by its own sum.")
    mirror_weights = compare(weight_matrix,
                             transpose(weight_matrix, why="The weights' mirror image."),
                             why="Do the weights still match their mirror?")
    say("After dividing each row by its own sum, {} of {} weights differ from their "
        "mirror, only because the rows add up to different totals (from {} to {}). "
        "Each pair of words still shares one relevance: nothing lets a word look for "
        "something in another word that the other does not look for in it.",
        len(mirror_weights), len(words) ** 2, min(sums), max(sums))
    negative = [w for row in weight_matrix for w in row if w < 0]
    if negative:
        say("{} of these weights are below 0, the lowest {}, because some keys point "
            "apart: lesson 4 shows why that is a problem and what fixes it.",
            len(negative), min(negative))


def are(n):
    """Return the verb that agrees with a count: 1 is, 2 are."""
    return "is" if n == 1 else "are"
