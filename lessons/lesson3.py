"""Lesson 3: queries make attention asymmetric."""

from tracer import (YES_NO, ask, compare, dot, get_key, get_keys, get_queries, get_query,
                    get_values, matmul, normalize_rows, row_sums, say, section,
                    transpose)

from . import add_up, alike, quote, quoted, same_word, spread

TITLE = "Queries make attention asymmetric"
MIRROR = "Of the {} relevances, how many will differ from their mirror image (row and " \
    "column swapped)?"


def run(words, focus="Riley", partner="dog"):
    """Relevance is a query against a key; all of it at once with two matmuls."""
    section("queries")
    say("Give every word a third vector, a query: what the word is looking for. "
        "When a word attends to another, its query meets the other word's key.")
    if len(words) > 1:
        same = both_ways(focus, partner)
        forward = dot(get_query(focus), get_key(partner),
                      why=f"{quoted(focus)} attending to {quoted(partner)}.")
        backward = dot(get_query(partner), get_key(focus),
                       why=f"{quoted(partner)} attending to {quoted(focus)}.")
        say("{} attending to {} is q_{} · k_{} = {}; the other way round it is q_{} · k_{} "
            "= {}. {}", quote(focus), quote(partner), focus, partner, forward, partner,
            focus, backward, "The two directions now differ." if forward != backward else
            "Both are the word {}: one query, one key, one product.".format(
                quote(focus)) if same_word(focus, partner) else
            "For these two words they happen to be equal.")
    else:
        alone(focus)

    section("every word at once")
    say("Now every word at once. Stack the queries, keys and values into matrices "
        "Q, K and V, one row per word.")
    Q = get_queries(words)
    K = get_keys(words)
    V = get_values(words)

    differ = ask(MIRROR, len(Q) ** 2) if len(words) > 1 else None
    K_T = transpose(K, why="Turn K on its side: each column is one word's key.")
    relevances = matmul(Q, K_T, name="relevances",
                        why="Every word's query against every word's key.")
    mirror = compare(relevances,
                     transpose(relevances, why="The mirror image: rows become columns."),
                     why="Is each relevance the same as its mirror?")
    if len(words) > 1:
        answers(same, differ, words, focus, partner, forward, backward, relevances, mirror)
        say("{} of {} relevances differ from their mirror image: {}", len(mirror),
            len(relevances) * len(relevances[0]), "attention can now be one-sided."
            if mirror else "for these vectors attention is still the same both ways.")

    section("weights")
    sums = row_sums(relevances, why="Each row's sum, to divide that row by.")
    zero = [w for w, total in zip(words, sums) if total == 0]
    if zero:
        no_weights(zero[0])
    else:
        weigh(words, focus, relevances, sums, V)

    say("The third vector is what lets attention be one-sided: with keys alone, every "
        "pair of words shares one relevance. Real transformers make each word's query, "
        "key and value from one embedding with learned matrices, add each word's "
        "position (attention alone sees a set), use softmax on scaled relevances, and "
        "stack many layers. Lessons 4 and 5 take those steps.")


def weigh(words, focus, relevances, sums, V):
    """Divide each row by its sum, check the weights are shares, mix the values."""
    normalized = normalize_rows(relevances, name="weights",
                                why="Each row divided by its own sum: the weights.")
    totals = row_sums(normalized, name="row sums of weights",
                      why="Does every row of weights add up to 1?")
    odd = [w for w, row in zip(words, normalized) if any(not 0 <= x <= 1 for x in row)]
    flipped = [w for w, row, total in zip(words, relevances, sums)
               if w not in odd and total < 0 and min(row) != max(row)]
    if not odd and not flipped:
        say("Every weight lies between 0 and 1, and " + add_up(totals) + ": each row says "
            "how much of each word's value flows into that row's word.", *spread(totals))
    elif not odd:
        say("Every weight lies between 0 and 1, and " + add_up(totals) + ", but not by "
            "relevance in {} of {} rows ({}): every relevance there is at most 0, and "
            "dividing by a negative sum turns their order round, so the word such a row "
            "finds least relevant gets the most weight.", *spread(totals), len(flipped),
            len(words), quoted(flipped))
    else:
        not_shares(words, totals, odd, flipped)
    section("new values")
    new_V = matmul(normalized, V, name="new_V",
                   why="Each word's new value: the values of all words, weighted by its "
                   "row.")
    i = words.index(focus)
    row = normalized[i]
    if focus in odd:
        no_blend(focus, sums[i], row, new_V[i])
    elif focus in flipped:
        backwards(words, focus, relevances[i], sums[i], row, new_V[i])
    elif alike(new_V[i], V[i]):
        kept(words, focus, row, V, new_V[i])
    else:
        tops = [words[k] for k, x in enumerate(row) if x == max(row)]
        say('"{}" went from {} to {}, taking most from {} (' + ("itself, " if tops == [focus]
                                                             else "") + 'weight {}{}). It weighs '
            "itself {}, {}: its dot product with itself, meant to keep its value, keeps "
            "only that share (lesson 5 keeps all).", focus, V[i], new_V[i], quoted(tops),
            max(row),
            ", a tie" if len(tops) > 1 else "", row[i], "more than any other word"
            if tops == [focus] else "as much as the most, a tie" if focus in tops else
            "less than " + quoted(tops))


# What only some sentences say (below the code the demo's walkthrough shows)

def alone(focus):
    """Say what a query can do in a sentence of one word."""
    itself = dot(get_query(focus), get_key(focus), why=f"{quoted(focus)} attending to itself.")
    say("\"{}\" is the only word, so it attends only to itself: q_{} · k_{} = {}. There is "
        "no other direction to compare, and its one relevance is its own mirror.", focus,
        focus, focus, itself)


def no_weights(word):
    """Say that a row adding up to 0 cannot be divided by its sum."""
    say("The row of {} adds up to exactly 0, so it cannot be divided by its sum: plain "
        "sums give it no weights at all. Lesson 4 replaces them with softmax, which never "
        "divides by 0.", quote(word))


def not_shares(words, totals, odd, flipped):
    """Say that rows adding up to 1 are still no shares when weights leave 0 to 1, or
    when a negative sum turns their order round."""
    say("The explanation divides each row by its sum as if that made shares. Indeed "
        + add_up(totals) + ", but in {} of {} rows some weights lie outside "
        "0 to 1 ({}), because those rows hold negative relevances. Such a row is "
        "not a set of shares." + (" In {} more ({}) every relevance is at most 0: the "
                                  "weights stay within 0 to 1, but dividing by a negative "
                                  "sum turns their order round, so the least relevant "
                                  "word gets the most weight." if flipped else ""),
        *spread(totals), len(odd), len(words), quoted(odd),
        *((len(flipped), quoted(flipped)) if flipped else ()))


def backwards(words, focus, relevances, total, row, new):
    """Say that the focus's weights, within 0 to 1, rank its words backwards."""
    tops = [words[k] for k, x in enumerate(row) if x == max(row)]
    say("\"{}\" went to {}, but not by relevance: its relevances are all at most 0 and "
        "add up to {}, and dividing by a negative sum turns their order round. {} {} the "
        "most weight, {}, with the lowest relevance in the row, {}.", focus, new, total,
        quoted(tops), "gets" if len(tops) == 1 else "get", max(row), min(relevances))


def no_blend(focus, total, row, new):
    """Say that the focus's weights, outside 0 to 1, make no blend."""
    say("The relevances of \"{}\" add up to {}, so its weights run from {} to {}, and "
        "its new value {} is no blend of the words it attends to. Lesson 4 shows why "
        "real attention uses softmax instead.", focus, total, min(row), max(row), new)


def kept(words, focus, row, V, new):
    """Say why the focus kept its value, from its weights and the values."""
    i = words.index(focus)
    fed = [k for k, x in enumerate(row) if x != 0]
    why = "its only weight, {}, is on itself." if fed == [i] else \
        "it weighs itself {}, and every other word it weighs has its very value." \
        if all(list(V[k]) == list(V[i]) for k in fed) else \
        "it weighs itself {}, and the others happen to blend back to it."
    exact = "" if list(new) == list(V[i]) else " but for rounding in the last digits"
    say("\"{}\" kept its value, {}{}: " + why, focus, new, exact, row[i])


# The questions --predict asks here and their answers (below the code a walkthrough shows)

def both_ways(focus, partner):
    """Ask, before either dot product, whether the two directions give one number."""
    return ask("Will q_{} · k_{} equal q_{} · k_{}?", partner, focus, focus, partner,
               choices=YES_NO)


def answers(same, differ, words, focus, partner, forward, backward, relevances, mirror):
    """Answer the two questions from the dot products and the comparison."""
    same.answer("yes" if forward == backward else "no", "q_{} · k_{} = {} and q_{} · k_{} "
                "= {}: {}", partner, focus, backward, focus, partner, forward,
                "one word's query meets the other's key, and a query is not a key." if
                forward != backward else "both are the same word's query and key."
                if same_word(focus, partner) else
                "for these two words they happen to agree.")
    i, j = words.index(focus), words.index(partner)
    n = len(words)
    matched = [(r, c) for r in range(n) for c in range(r + 1, n)
               if relevances[r][c] == relevances[c][r]]  # off the diagonal, yet equal
    r, c = matched[0] if matched else (0, 0)
    differ.answer(len(mirror), "{} of {} differ. [{}, {}] is q_{} · k_{} = {} and its "
                  "mirror [{}, {}] is q_{} · k_{} = {}; a cell on the diagonal, a word "
                  "with itself, is its own mirror" + (
                      "." if not matched else ", and here {} cells off it equal their "
                      "mirror too, such as [{}, {}]: " + (
                          "a word that comes twice has one query and one key." if
                          same_word(words[r], words[c]) else "those products happen to "
                          "agree.")), len(mirror), n ** 2,
                  focus, partner, focus, partner, relevances[i][j], partner, focus,
                  partner, focus, relevances[j][i],
                  *((2 * len(matched), words[r], words[c]) if matched else ()))
