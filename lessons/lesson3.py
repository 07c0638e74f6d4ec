"""Lesson 3: queries make attention asymmetric."""

from tracer import (compare, dot, get_key, get_keys, get_queries, get_query,
                    get_values, matmul, normalize_rows, say, transpose)

TITLE = "Queries make attention asymmetric"


def run(words, focus="Riley", partner="dog"):
    """Relevance is a query against a key; all of it at once with two matmuls."""
    say("Give every word a third vector, a query: what the word is looking for. "
        "When a word attends to another, its query meets the other word's key.")
    forward = dot(get_query(focus), get_key(partner))
    backward = dot(get_query(partner), get_key(focus))
    say("{} attending to {} is q_{} · k_{} = {}; the other way round it is "
        "q_{} · k_{} = {}. The two directions can now differ.",
        focus, partner, focus, partner, forward, partner, focus, backward)

    say("Now every word at once. Stack the queries, keys and values into matrices "
        "Q, K and V, one row per word.")
    Q = get_queries(words)
    K = get_keys(words)
    V = get_values(words)

    relevances = matmul(Q, transpose(K), name="relevances")
    mirror = compare(relevances, transpose(relevances))
    say("{} of {} relevances differ from their mirror image: attention can now be "
        "one-sided.", len(mirror), len(relevances) * len(relevances[0]))

    normalized = normalize_rows(relevances, name="weights")
    say("Each row of weights adds up to 1 and says how much of each word's value "
        "flows into that row's word.")

    new_V = matmul(normalized, V, name="new_V")
    i = words.index(focus)
    say("{} went from {} to {}: it now carries some of the meaning of the words "
        "it attends to.", focus, V[i], new_V[i])

    say("The third vector is what lets attention be one-sided: with keys alone, every "
        "pair of words shares one relevance. Real transformers make each word's query, "
        "key and value from one embedding with learned matrices, add the position of "
        "each word (attention alone sees the words as a set), scale and softmax the "
        "relevances instead of dividing by their sum, and stack many such layers. "
        "Lessons 4 and 5 take those steps.")
