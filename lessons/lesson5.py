"""Lesson 5: where queries, keys and values come from; positions, heads and masks."""

from fractions import Fraction
from math import cos, sin

from tracer import (TraceError, add_matrices, causal_mask, compare, concat,
                    divide_matrix, get_value, get_values, matmul, root, say,
                    section, softmax_rows, transpose)
from tracer.step import known, remember

from . import possessive

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
WAVES = ("sin t", "cos t", "sin(t/100)", "cos(t/100)")  # p1 to p4 at place t
PLACES = 12  # decimals kept when comparing outputs computed in two different orders


def run(words, focus="Riley", partner="dog"):
    """One embedding per word; three matrices; positions; a causal mask; two heads."""
    size = len(get_value(focus))
    if size != len(HEAD_1["W_q"]):
        raise TraceError(f"lesson 5's matrices are {len(HEAD_1['W_q'])} x "
                         f"{len(HEAD_1['W_q'])}, so it needs vectors of "
                         f"{len(HEAD_1['W_q'])} numbers; these have {size}")
    name_matrices(known(get_values(words))[2])
    section("three matrices, one embedding")
    say("So far every word came with a query, a key and a value ready-made. In a "
        "transformer a word arrives as one vector, its embedding, and three matrices "
        "turn it into the other three. Here each word's value vector from the "
        "database serves as its embedding.")
    e = [get_value(focus)]
    q = matmul(e, HEAD_1["W_q"], names=[f"e_{focus}", "W_q"], name=f"q_{focus}",
               why=f"W_q turns {possessive(focus)} embedding into its query.")
    k = matmul(e, HEAD_1["W_k"], names=[f"e_{focus}", "W_k"], name=f"k_{focus}",
               why="W_k turns the same embedding into its key.")
    v = matmul(e, HEAD_1["W_v"], names=[f"e_{focus}", "W_v"], name=f"v_{focus}",
               why="W_v turns it into its value.")
    say("The one embedding of \"{}\", {}, gives the query {}, the key {} and the value {}. "
        "Training tunes the three matrices, and with them what every word looks for, "
        "offers, and passes on.", focus, e[0], q[0], k[0], v[0])

    phrase = words[:4]
    half = len(phrase) // 2
    reordered = phrase[half:] + phrase[:half]
    section("order does not matter")
    say("Nothing so far knows where a word stands. Run attention on \"{}\" (E, one "
        "row per word) and on \"{}\" (E_r, the same rows in another order).",
        " ".join(phrase), " ".join(reordered))
    out, _ = head(get_values(phrase), "E", HEAD_1, None, "output")
    out_r, _ = head(get_values(reordered), "E_r", HEAD_1, None, "output_r", "_r")
    differ = same_rows(phrase, reordered, out, out_r)
    say("Move the rows of output into the new order and compare them with output_r "
        "to {} decimals (floats added in another order may differ in the last bits): "
        "{} of {} cells differ. {}", PLACES, len(differ), len(out) * len(out[0]),
        "Each word got the output it had before, only in another row. To attention "
        "alone a sentence is a bag of words." if not differ else
        "Some outputs changed, so these vectors notice the order after all.")

    section("positions")
    say("The fix is to add to each embedding a vector that depends only on the "
        "place: here sines and cosines of the position at two speeds, as in the "
        "original transformer. X's columns are then {}, where p1 to p4 are {} of the "
        "place t.", ", ".join(mixed_columns(phrase)), ", ".join(WAVES))
    P = positions(len(phrase))
    X = add_matrices(placed(phrase), P, names=["E", "P"], name="X",
                     why="Each embedding plus the vector of its place.")
    X_r = add_matrices(placed(reordered), P, names=["E_r", "P"], name="X_r",
                       why="The reordered embeddings plus the same places.")
    out, _ = head(X, "X", HEAD_1, None, "output")
    out_r, _ = head(X_r, "X_r", HEAD_1, None, "output_r", "_r")
    differ = same_rows(phrase, reordered, out, out_r)
    say("With positions added, {} of {} cells differ. {}", len(differ),
        len(out) * len(out[0]), "A word's output now depends on where it stands, "
        "not only on which words are around." if differ else
        "With so few words there is no other place to move them to.")

    section("a causal mask")
    say("A model that writes text one word at a time must not look at words not "
        "written yet. A causal mask lets each word attend only to itself and the "
        "words before it; the hidden cells get weight 0 and stay out of the sum.")
    X = add_matrices(placed(words), positions(len(words)), names=["E", "P"], name="X",
                     why="The whole sentence, each word with its place.")
    mask = causal_mask(len(words), words, why="Which words each word may see.")
    head_1, weights = head(X, "X", HEAD_1, mask, "head 1")
    i = words.index(focus)
    say("{} sees {} of the {} words: weights {}. The first word, {}, sees only "
        "itself and gives itself weight {}.", focus, sum(w != 0 for w in weights[i]),
        len(words), weights[i], words[0], weights[0][0])

    section("two heads")
    say("One set of matrices asks one kind of question. A second head, with "
        "matrices of its own, asks another at the same time.")
    head_2, weights_2 = head(X, "X", HEAD_2, mask, "head 2")
    top_1, top_2 = favourite(weights[i]), favourite(weights_2[i])
    moved = sum(favourite(a) != favourite(b) for a, b in zip(weights, weights_2))
    say("Head 1 has {} look most at {} (weight {}); head 2 has it look most at {} "
        "(weight {}). {} Over the whole sentence, {} of {} words look most at a "
        "different word in the two heads.", focus, words[top_1], weights[i][top_1],
        words[top_2], weights_2[i][top_2], "The two heads ask different questions of "
        "the same words." if top_1 != top_2 else "For this word the two heads agree.",
        moved, len(words))
    both = concat(head_1, head_2, name="both heads",
                  why="The two heads' outputs side by side.")
    say("Side by side the two heads give each word {} numbers, {} from each. A real "
        "model then multiplies by one more matrix to bring them back to the size of "
        "an embedding, and stacks many such layers.", len(both[0]), len(head_1[0]))


def head(X, x_name, matrices, mask, name, tag=""):
    """Return one head's output over X and its weights, every step recorded."""
    Q, K, V = project(X, x_name, matrices, tag)
    relevances = matmul(Q, transpose(K, why="Turn K on its side: one key per column."),
                        name="relevances", why="Every query against every key.")
    n = len(K[0])
    scaled = divide_matrix(relevances, root(n, why="The square root of the number of "
                                            "components."),
                           names=["relevances", f"√{n}"], name="scaled",
                           why="Scaled, as real attention does.")
    weights = softmax_rows(scaled, mask, name="weights",
                           why="Softmax on each row" + (", hidden cells left out."
                                                        if mask else "."))
    out = matmul(weights, V, name=name,
                 why="Each word's output: the values, weighted by its row.")
    return out, weights


def favourite(row):
    """Return the position of the largest weight in a row (the first, on a tie)."""
    return max(range(len(row)), key=lambda k: (row[k], -k))


def same_rows(phrase, reordered, out, out_r):
    """Compare output_r with output's rows moved into the reordered order, by word."""
    moved = [out[phrase.index(w)] for w in reordered]
    return compare(to_places(out_r, reordered), to_places(moved, reordered),
                   names=["output_r", "output, rows moved"],
                   why="Is each word's output the same, wherever the word stands?")


def name_matrices(components):
    """Label each W's rows with the components it reads and its columns q1, q2, ..."""
    for name, W in [*HEAD_1.items(), *HEAD_2.items()]:
        remember(W, name, components, [f"{name[2]}{k + 1}" for k in range(len(W[0]))])


def placed(words):
    """Return the embeddings of words, columns named as they read once P is added."""
    return remember(get_values(words), "E", list(words), mixed_columns(words))


def mixed_columns(words):
    """Return the names of X's columns: each component plus its position wave."""
    names = known(get_values(words))[2] or [f"e{k + 1}" for k in range(len(WAVES))]
    return [f"{c}+p{k + 1}" for k, c in enumerate(names)]


def project(X, x_name, head, tag):
    """Return the queries, keys and values of X under one head's three matrices."""
    (nq, W_q), (nk, W_k), (nv, W_v) = head.items()
    suffix = nq[len("W_q"):] + tag
    Q = matmul(X, W_q, names=[x_name, nq], name="Q" + suffix,
               why=f"Every row of {x_name} turned into a query by {nq}.")
    K = matmul(X, W_k, names=[x_name, nk], name="K" + suffix,
               why=f"Every row of {x_name} turned into a key by {nk}.")
    V = matmul(X, W_v, names=[x_name, nv], name="V" + suffix,
               why=f"Every row of {x_name} turned into a value by {nv}.")
    return Q, K, V


def positions(n):
    """Return one vector per place 0..n-1: sines and cosines of it at two speeds."""
    return [[sin(t), cos(t), sin(t / 100), cos(t / 100)] for t in range(n)]


def to_places(m, words):
    """Return m rounded to PLACES decimals, its rows named by word."""
    # Moving words changes the order in which floats are added, and so their last bits.
    return remember([[round(x, PLACES) for x in row] for row in m], "output", words,
                    [f"out{k + 1}" for k in range(len(m[0]))])
