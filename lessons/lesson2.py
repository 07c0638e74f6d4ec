"""Lesson 2: keys say how related two words are."""

from tracer import (ask, compare, dot, get_key, get_keys, get_value, get_values, matmul,
                    mix, norm, normalize, normalize_rows, row_sums, say, section, sub,
                    transpose, weighted_sum)

from . import quote, quoted, same_word

TITLE = "Keys say how related two words are"
ROUNDING = 1e-12  # how far a float dot product of a unit key with itself may stray from 1


def run(words, focus="Riley", partner="dog"):
    """Weigh the mix by the dot product of keys; then see that it is symmetric."""
    section("keys and relevance")
    say("Give every word a second vector, a key. Keys have length 1, and two words "
        "whose keys point the same way should influence each other.")
    keys, values = get_keys(words), get_values(words)
    if len(words) < 2:
        say("\"{}\" is the only word here, so there is no pair of words to relate: the "
            "lesson can only weigh \"{}\" against itself.", focus, focus)
        whole_sentence(words, focus, keys, values)
        say("With a single word there is no pair to compare: try a longer sentence.")
        return
    v_focus, v_partner = get_value(focus), get_value(partner)
    k_focus, k_partner = get_key(focus), get_key(partner)
    relevance = dot(k_focus, k_partner, why=f"How related {quoted(focus)} and "
                    f"{quoted(partner)} are: the dot product of their keys.")
    say("The relevance of {} and {} is the dot product of their keys: {}.",
        quote(focus), quote(partner), relevance)
    one_pair(focus, partner, v_focus, v_partner, relevance)
    relevance_1(focus, partner, v_focus, v_partner)
    said = whole_sentence(words, focus, keys, values)
    symmetry(words, focus, partner, keys, said)


def relevance_1(focus, partner, v_focus, v_partner):
    """Mix with relevance 1 and see that the formula keeps the focus as it was."""
    section("relevance 1")
    say("A careful look at that formula: what if the relevance were exactly 1, "
        "the most related two words can be?")
    whose = ask("With a relevance of 1 as the ratio, what does {} end up with: its own "
                "value, the value of {}, or half of each?", quote(focus), quote(partner),
                choices=("itself", partner, "half") if partner not in (focus, "itself", "half")
                else ("itself", "half", "nothing"))
    v_same = mix(v_focus, v_partner, 1, names=[f"v_{focus}", f"v_{partner}", "1"],
                 why="The same formula with the largest relevance there is, 1.")
    changed = compare([v_same], [v_focus], names=["the mix", f"v_{focus}"],
                      why=f"Did relevance 1 change {quoted(focus)} at all?")
    whose.answer("itself" if list(v_same) == list(v_focus) else partner
                 if list(v_same) == list(v_partner)
                 else "half" if v_same == [(a + b) / 2 for a, b in zip(v_focus, v_partner)]
                 else "nothing", "1 × v_{} + (1 − 1) × v_{} = {}: {} of {} components "
                 "changed, since 1 − 1 leaves {} a share of 0.", focus, partner, v_same,
                 len(changed), len(v_focus), quote(partner))
    say("The explanation reads this formula as if a relevance of 1 gave {} all of the "
        "meaning of {}. Computed, {} of {} components changed: {}", quote(focus),
        quote(partner), len(changed), len(v_focus), "with relevance 1, {} keeps its own "
        "value and takes nothing from {}. The more related the words, the less this "
        "formula mixes them, which is backwards.".format(quote(focus), quote(partner))
        if not changed else "the mix is not the value of {} after all.".format(quote(focus)))


def one_pair(focus, partner, v_focus, v_partner, relevance):
    """Mix the pair with the relevance as the ratio, if it is a share at all."""
    if 0 <= relevance <= 1:
        v_mixed = mix(v_focus, v_partner, relevance,
                      names=[f"v_{focus}", f"v_{partner}", "relevance"],
                      why=f"The relevance as the ratio: how much {quoted(focus)} keeps of "
                      "itself.")
        say("Use it as the ratio: {} keeps a share `relevance` of itself and takes the "
            "rest from {}, giving {}.", quote(focus), quote(partner), v_mixed)
        return
    (rest,) = sub([1], [relevance], names=["1", "relevance"],
                  why=f"What {quoted(partner)} would get if this relevance were the ratio.")
    say("The explanation uses a relevance as a share between 0 and 1. This one is {}, "
        "outside that range: keys of length 1 give dot products anywhere from -1 to 1. "
        "As a ratio it would keep {} of {} and take {} of {}: that is no mixture, so we "
        "do not use it as one. Lesson 4 shows what real attention does instead.",
        relevance, relevance, quote(focus), rest, quote(partner))


def whole_sentence(words, focus, keys, values):
    """Weigh every word's value by its relevance to the focus, where the sum allows."""
    section("the whole sentence")
    say("Now the whole sentence. The relevance of \"{}\" to every word, itself included, "
        "then divide by their sum so the weights add up to 1.", focus)
    focus_key = keys[words.index(focus)]
    relevances = [dot(focus_key, key, names=[f"k_{focus}", f"k_{word}"],
                      why=f"How related {quoted(focus)} is to {quoted(word)}.")
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
            "sums give \"{}\" no weights at all. Lesson 4 replaces them with softmax, which "
            "never divides by 0.", focus)
        return bool(below)
    weights = normalize(relevances, names=["relevances"],
                        why="Divide each relevance by their sum to get weights.")
    (w_sum,) = row_sums([weights], names=["weights"], why="Do the weights add up to 1?")
    v_new = weighted_sum(weights, values, name=f"new v_{focus}",
                         why=f"Each word's value, weighted, goes into the new value of "
                         f"{quoted(focus)}.")
    outside = [w for w in weights if not 0 <= w <= 1]
    if not outside:
        say("The weights lie between 0 and 1 and add up to {}: the new value of \"{}\", "
            "{}, is every word's value, weighted by relevance.", w_sum, focus, v_new)
        if abs(s - 1) > ROUNDING:
            add_up_to_1(focus, relevances, values, s, v_new, outside)
        return bool(below)
    say("The weights add up to {}, but {} of {} lie outside 0 to 1, from {} to {}. "
        "The relevances add up to {}{}. So the new value of \"{}\", {}, is no blend of the "
        "words' values: dividing by the plain sum only works while relevances are "
        "positive. Lesson 4 shows the fix.", w_sum, len(outside), len(weights),
        min(weights), max(weights), s, ", below 0, which flips every sign" if s < 0 else "",
        focus, v_new)
    if s > 0 and abs(s - 1) > ROUNDING:
        add_up_to_1(focus, relevances, values, s, v_new, outside)
    return bool(below)


def add_up_to_1(focus, relevances, values, s, v_new, outside):
    """Show why weights must add up to 1: a row that does not stretches the new value."""
    say("Why must the weights add up to 1? Use the relevances themselves as weights, "
        "adding up to {}, and see what becomes of the new value.", s)
    v_raw = weighted_sum(relevances, values, name=f"unscaled v_{focus}",
                         names=["relevances", "V"],
                         why="The relevances as weights, not divided by their sum.")
    n_raw = norm(v_raw, names=[f"unscaled v_{focus}"], why="How long is that value?")
    n_new = norm(v_new, names=[f"new v_{focus}"],
                 why="And how long is the value whose weights add up to 1?")
    times = abs(n_raw - s * n_new) <= 1e-9 * max(1, n_raw)  # is n_raw s times n_new?
    say("Weights that add up to {} give \"{}\" the value {}, of length {}, against {} "
        "for weights that add up to 1" + (": {} times as long. " if times else ". ") + "{}",
        s, focus, v_raw, n_raw, n_new, *([s] if times else []),
        ("The sum of a row grows with every related word, so without dividing by it a "
         "word's new value would grow with the length of the sentence, not with what the "
         "words mean. " if s > 1 else
         "A row that adds up to less than 1 shrinks the new value instead, by an amount "
         "that depends on the sentence, not on what the words mean. ") +
        ("Weights that add up to 1 only blend the values." if not outside else
         "Dividing by the sum sets the size right, but with relevances below 0, as here, "
         "the weights are still no shares."))


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
    f, p = quote(focus), quote(partner)
    differ.answer(len(mirror), "{} of {} differ. [{}, {}] is k_{} · k_{} = {} and its mirror "
                  "[{}, {}] is k_{} · k_{} = {}: {}", len(mirror), len(words) ** 2, focus,
                  partner, focus, partner, relevance_matrix[i][j], partner, focus, partner,
                  focus, relevance_matrix[j][i], "the same products of the same two keys."
                  if relevance_matrix[i][j] == relevance_matrix[j][i] else "they differ.")
    if mirror:
        say("{} of {} cells differ from their mirror.", len(mirror), len(words) ** 2)
        return
    say("{} of {} cells differ from their mirror. A dot product does not care which "
        "key comes first, so {} attends to {} exactly as strongly, {}, as {} attends to "
        "{}, {}. Real relations are one-sided: " + (
            "what one word tells us about another can matter far more than the other way "
            "round." if same_word(focus, partner) else "what {} tells us about {} can "
            "matter far more than what {} tells us about {}."),
        len(mirror), len(words) ** 2, f, p, relevance_matrix[i][j], p, f,
        relevance_matrix[j][i], *(() if same_word(focus, partner) else (p, f, f, p)))
    diagonal(words, focus, partner, relevance_matrix)
    below = [x for row in relevance_matrix for x in row if x < 0]
    if below and not said:
        say("The explanation treats relevances as shares from 0 to 1, but {} of these "
            "{} {} below 0, the lowest {}: keys that point apart give a negative dot "
            "product.", len(below), len(words) ** 2, are(len(below)), min(below))
    weights_both_ways(words, relevance_matrix)


def diagonal(words, focus, partner, m):
    """Read the diagonal of K·Kᵀ: with unit keys, every word is most related to itself."""
    own = [m[k][k] for k in range(len(m))]
    ones = all(abs(x - 1) <= ROUNDING for x in own)
    top = all(x <= m[k][k] + ROUNDING for k, row in enumerate(m) for x in row)
    tied = {k for k, row in enumerate(m) for c, x in enumerate(row)
            if c != k and abs(x - m[k][k]) <= ROUNDING}
    if not (ones and top):
        say("Along the diagonal, each key against itself: {}. {}", own,
            "Not every row has its largest relevance on the diagonal, so with these keys "
            "a word need not be most related to itself." if not top else
            "These keys are not all of length 1, yet every row still has its largest "
            "relevance on the diagonal.")
        return
    example = "" if same_word(focus, partner) else \
        ": {} can never find {} more relevant than itself".format(quote(focus), quote(partner))
    say("Along the diagonal, each key against itself: {}. Every one is 1{}, since every "
        "key has length 1, and no other cell of a row comes above its diagonal" +
        ("; in {} of {} rows another word ties it, having the very same key" if tied
         else "") + ". With keys alone, " + ("no word is more related to another than to "
                                              "itself" if tied else
                                              "every word is most related to itself") +
        ", whatever it should be looking for" + example + ". That is the strongest case for a second "
        "vector to look with, which lesson 3 adds: a query.", own,
        "" if all(x == 1 for x in own) else " but for rounding in the last digits",
        *([len(tied), len(words)] if tied else []))


def weights_both_ways(words, relevance_matrix):
    """Divide each row by its sum and compare the weights with their mirror."""
    sums = row_sums(relevance_matrix, why="Each row's sum, to divide that row by.")
    if 0 in sums:
        say("Row {} adds up to exactly 0, so the rows cannot all be divided by their "
            "sums: lesson 4 shows what real attention does instead.",
            quote(words[sums.index(0)]))
        return
    weight_matrix = normalize_rows(relevance_matrix, name="weights",
                                   why="Each row divided by its own sum.")
    mirror_weights = compare(weight_matrix,
                             transpose(weight_matrix, why="The weights' mirror image."),
                             why="Do the weights still match their mirror?")
    say("After dividing each row by its own sum, {} of {} weights differ from their "
        "mirror, " + ("only because the rows add up to different totals (from {} to {})"
                      if mirror_weights else "since every row adds up to the same total "
                      "here, {}") + ". Each pair of words still shares one relevance: "
        "nothing lets a word look for something in another word that the other does not "
        "look for in it.", len(mirror_weights), len(words) ** 2,
        *((min(sums), max(sums)) if mirror_weights else (sums[0],)))
    negative = [w for row in weight_matrix for w in row if w < 0]
    if negative:
        say("{} of these weights are below 0, the lowest {}, because some keys point "
            "apart: lesson 4 shows why that is a problem and what fixes it.",
            len(negative), min(negative))


def are(n):
    """Return the verb that agrees with a count: 1 is, 2 are."""
    return "is" if n == 1 else "are"
