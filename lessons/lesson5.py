"""Lesson 5: where queries, keys and values come from; positions, heads and masks."""

from fractions import Fraction
from math import cos, sin

from tracer import (TraceError, add_matrices, attention, causal_mask, compare, concat,
                    divide_matrix, get_value, get_values, matmul, root, say,
                    softmax_rows, transpose)

TITLE = "Where queries, keys and values come from"

H = Fraction(1, 2)
# Two heads, each with its own three matrices. A model learns these numbers in
# training; these are picked by hand, as fractions so that exact mode stays exact.
HEAD_1 = {
    "W_q": [[1, 0, 0, 0], [0, 1, 0, H], [0, 0, H, 0], [H, H, 0, 1]],
    "W_k": [[1, H, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, H, 0, 1]],
    "W_v": [[1, 0, 0, 0], [0, 1, 0, H], [0, 0, 1, 0], [0, 0, 0, 1]],
}
HEAD_2 = {
    "W_q2": [[0, 0, 1, 0], [0, 0, 0, 1], [1, 0, 0, 0], [0, 1, 0, 0]],
    "W_k2": [[H, 0, 0, 0], [0, H, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]],
    "W_v2": [[0, 0, H, 0], [0, 0, 0, H], [H, 0, 0, 0], [0, H, 0, 0]],
}
PLACES = 12  # decimals kept when comparing outputs computed in two different orders


def run(words, focus="Riley", partner="dog"):
    """One embedding per word; three matrices; positions; a causal mask; two heads."""
    size = len(get_value(focus))
    if size != len(HEAD_1["W_q"]):
        raise TraceError(f"lesson 5's matrices are {len(HEAD_1['W_q'])} x "
                         f"{len(HEAD_1['W_q'])}, so it needs vectors of "
                         f"{len(HEAD_1['W_q'])} numbers; these have {size}")
    say("So far every word came with a query, a key and a value ready-made. In a "
        "transformer a word arrives as one vector, its embedding, and three matrices "
        "turn it into the other three. Here each word's value vector from the "
        "database serves as its embedding.")
    e = [get_value(focus)]
    q = matmul(e, HEAD_1["W_q"], names=[f"e_{focus}", "W_q"], name=f"q_{focus}")
    k = matmul(e, HEAD_1["W_k"], names=[f"e_{focus}", "W_k"], name=f"k_{focus}")
    v = matmul(e, HEAD_1["W_v"], names=[f"e_{focus}", "W_v"], name=f"v_{focus}")
    say("{}'s one embedding {} gives the query {}, the key {} and the value {}. "
        "Training tunes the three matrices, and with them what every word looks for, "
        "offers, and passes on.", focus, e[0], q[0], k[0], v[0])

    phrase = words[:4]
    half = len(phrase) // 2
    reordered = phrase[half:] + phrase[:half]
    say("Nothing so far knows where a word stands. Run attention on \"{}\" and on "
        "\"{}\": the same words in another order.", " ".join(phrase),
        " ".join(reordered))
    out = attend(get_values(phrase), "E", HEAD_1)
    out_r = attend(get_values(reordered), "E", HEAD_1)
    moved = [out[phrase.index(w)] for w in reordered]
    differ = compare(to_places(out_r), to_places(moved),
                     names=["output, reordered", "output, rows moved"])
    say("Move the first output's rows into the new order and compare to {} decimals "
        "(floats added in another order may differ in the last bits): {} of {} cells "
        "differ. {}", PLACES, len(differ), len(moved) * len(moved[0]),
        "Each word got the output it had before, only in another row. To attention "
        "alone a sentence is a bag of words." if not differ else
        "Some outputs changed, so these vectors notice the order after all.")

    say("The fix is to add to each embedding a vector that depends only on the "
        "place: here sines and cosines of the position at two speeds, as in the "
        "original transformer.")
    P = positions(len(phrase))
    X = add_matrices(get_values(phrase), P, names=["E", "P"], name="X")
    X_r = add_matrices(get_values(reordered), P, names=["E", "P"], name="X")
    out = attend(X, "X", HEAD_1)
    out_r = attend(X_r, "X", HEAD_1)
    moved = [out[phrase.index(w)] for w in reordered]
    differ = compare(to_places(out_r), to_places(moved),
                     names=["output, reordered", "output, rows moved"])
    say("With positions added, {} of {} cells differ. {}", len(differ),
        len(moved) * len(moved[0]), "A word's output now depends on where it stands, "
        "not only on which words are around." if differ else
        "With so few words there is no other place to move them to.")

    say("A model that writes text one word at a time must not look at words not "
        "written yet. A causal mask lets each word attend only to itself and the "
        "words before it; the hidden cells get weight 0 and stay out of the sum.")
    X = add_matrices(get_values(words), positions(len(words)), names=["E", "P"],
                     name="X")
    mask = causal_mask(len(words), words)
    Q, K, V = project(X, "X", HEAD_1)
    relevances = matmul(Q, transpose(K), name="relevances")
    scaled = divide_matrix(relevances, root(len(K[0])), name="scaled")
    weights = softmax_rows(scaled, mask, name="weights")
    head_1 = matmul(weights, V, name="head 1")
    i = words.index(focus)
    say("{} sees {} of the {} words: weights {}. The first word, {}, sees only "
        "itself and gives itself weight {}.", focus, sum(w != 0 for w in weights[i]),
        len(words), weights[i], words[0], weights[0][0])

    say("One set of matrices asks one kind of question. A second head, with "
        "matrices of its own, can ask another at the same time.")
    head_2 = attention(*project(X, "X", HEAD_2), mask=mask, name="head 2")
    both = concat(head_1, head_2, name="both heads")
    say("Side by side the two heads give each word {} numbers, {} from each. A real "
        "model then multiplies by one more matrix to bring them back to the size of "
        "an embedding, and stacks many such layers.", len(both[0]), len(head_1[0]))


def project(X, x_name, head):
    """Return the queries, keys and values of X under one head's three matrices."""
    (nq, W_q), (nk, W_k), (nv, W_v) = head.items()
    suffix = nq[len("W_q"):]
    Q = matmul(X, W_q, names=[x_name, nq], name="Q" + suffix)
    K = matmul(X, W_k, names=[x_name, nk], name="K" + suffix)
    V = matmul(X, W_v, names=[x_name, nv], name="V" + suffix)
    return Q, K, V


def attend(X, x_name, head):
    """Return scaled dot-product attention over X with one head's matrices."""
    return attention(*project(X, x_name, head))


def positions(n):
    """Return one vector per place 0..n-1: sines and cosines of it at two speeds."""
    return [[sin(t), cos(t), sin(t / 100), cos(t / 100)] for t in range(n)]


def to_places(m):
    """Return m rounded to PLACES decimals."""
    # Moving words changes the order in which floats are added, and so their last bits.
    return [[round(x, PLACES) for x in row] for row in m]
