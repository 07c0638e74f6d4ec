"""Lesson 4: what plain sums get wrong, and what softmax, scaling and keepdims fix."""

import random
from itertools import combinations

from tracer import (broadcast_divide, divide_matrix, dot, get_keys, get_queries, matmul,
                    normalize, normalize_rows, root, row_sums, say, softmax, softmax_rows,
                    transpose)
from tracer.weights import total

TITLE = "What plain sums get wrong"
SEED = 31  # fixed, so every learner sees the same random vectors
KEYS = 6  # random keys per length


def run(words, focus="Riley", partner="dog"):
    """Negative relevances break the plain sum; softmax, √n and keepdims fix the rest."""
    K = get_keys(words)
    relevances = matmul(K, transpose(K), name="relevances")
    i, j = lowest_cell(relevances)
    if relevances[i][j] < 0:
        negative_weights(words, K, relevances, i, j)
    else:
        say("None of these relevances is below 0, so plain sums happen to work for "
            "this sentence; with other words they do not.")
    weights = softmax_rows(relevances, name="weights")
    sums = row_sums(weights)
    say("Softmax for every word at once: the smallest of the {} weights is {}, and "
        "the row sums run from {} to {}.", len(words) ** 2,
        min(min(row) for row in weights), min(sums), max(sums))
    scaling(K)
    if len(words) > 1:
        broadcasting(words[:3])


def negative_weights(words, K, relevances, i, j):
    """Show a negative relevance, the weights it breaks, and softmax mending them."""
    say("Lessons 2 and 3 turned relevances into weights by dividing each by their "
        "sum. That works while every relevance is positive. Is it?")
    lowest = dot(K[i], K[j])
    below = [x for row in relevances for x in row if x < 0]
    say("k_{} · k_{} = {}. Keys have length 1, so a relevance can be anything from "
        "-1 (pointing opposite ways) to 1 (the same way). {} of the {} relevances "
        "here are below 0.", words[i], words[j], lowest, len(below), len(words) ** 2)

    weights = normalize(relevances[i], names=[f"relevances of {words[i]}"])
    outside = [w for w in weights if not 0 <= w <= 1]
    say("Divide {}'s relevances by their sum: {} of {} weights fall outside 0 to 1, "
        "and {}'s is {}. A negative weight takes a word's meaning away instead of "
        "adding it.", words[i], len(outside), len(weights), words[j], weights[j])

    group = near_zero_group(relevances[i], j)
    few = [relevances[i][k] for k in group]
    say("Worse: suppose {} attends only to {}. Their relevances nearly cancel, and "
        "dividing by almost nothing is dangerous.",
        words[i], ", ".join(words[k] for k in group))
    blown = normalize(few, names=["relevances"])
    (few_sum,) = row_sums([few], names=["relevances"])
    largest = max(abs(w) for w in blown)
    say("Their sum is {}, so the weights are {}: the largest is {} in size{}",
        few_sum, blown, largest, ", where a weight should be at most 1." if largest > 1
        else ". Mild here, but the nearer the sum comes to 0, the larger they grow.")

    say("Softmax fixes both. Raise e to each relevance (minus the largest, which "
        "changes nothing but keeps the numbers small): every exponential is above 0. "
        "Then divide each by their sum.")
    fixed = softmax(few, names=["relevances"])
    (fixed_sum,) = row_sums([fixed], names=["weights"])
    say("The weights are now {}: {} of {} are above 0, and they add up to {}.",
        fixed, len([w for w in fixed if w > 0]), len(fixed), fixed_sum)


def scaling(K):
    """Show softmax growing all-or-nothing as vectors get longer, and √n undoing it."""
    say("One more problem, which only vectors with many components show. Take one "
        "random query and {} random keys (the columns of Kᵀ), first with 4 "
        "components each, then with 64.", KEYS)
    rng = random.Random(SEED)
    peaks = {}
    for n in (4, 64):
        query = [[rng.gauss(0, 1) for _ in range(n)]]
        keys_t = [[rng.gauss(0, 1) for _ in range(KEYS)] for _ in range(n)]
        relevances = matmul(query, keys_t, names=["q", "Kᵀ"], name="relevances")
        plain = softmax_rows(relevances, name="weights")
        scale = root(n)
        scaled = softmax_rows(divide_matrix(relevances, scale), name="weights")
        peaks[n] = max(plain[0]), max(scaled[0])
        say("With {} components the relevances run from {} to {}. Softmax gives the "
            "largest weight {}; divided first by the square root of {}, which is {}, "
            "it gives {}.",
            n, min(relevances[0]), max(relevances[0]), peaks[n][0], n, scale,
            peaks[n][1])
    say("A dot product adds one product per component, so with more components the "
        "relevances spread further apart (by about the square root of their number), "
        "and softmax turns wide gaps into all-or-nothing. Unscaled, the largest weight "
        "{} from {} to {}; divided by the square root of the number of components it "
        "{} from {} to {}. So real attention divides by that square root before "
        "softmax.",
        change(peaks[4][0], peaks[64][0]), peaks[4][0], peaks[64][0],
        change(peaks[4][1], peaks[64][1]), peaks[4][1], peaks[64][1])
    n = len(K[0])
    scale = root(n)
    say("Our own keys have {} components, so their relevances would be divided by {}"
        "{}.", n, scale, ", a whole number: exact fractions stay exact"
        if scale * scale == n else ", which exact mode has to round")


def broadcasting(first):
    """Replay relevances / relevances.sum(axis=1) as NumPy computes it, then keepdims."""
    say("Last, a trap in the article's NumPy code: relevances / relevances.sum(axis=1). "
        "Here it is replayed on the first {} words, queries against keys.", len(first))
    relevances = matmul(get_queries(first), transpose(get_keys(first)),
                        name="relevances")
    # relevances / relevances.sum(axis=1), step by step:
    sums = row_sums(relevances)
    wrong = broadcast_divide(relevances, sums)
    wrong_sums = row_sums(wrong)
    # relevances / relevances.sum(axis=1, keepdims=True):
    right = normalize_rows(relevances, name="weights")
    right_sums = row_sums(right)
    r, c = max(((a, b) for a in range(len(first)) for b in range(len(first))),
               key=lambda cell: abs(wrong[cell[0]][cell[1]] - right[cell[0]][cell[1]]))
    say("NumPy lines the sums up with the columns, so cell [{}, {}] was divided by "
        "{}, the sum of row {}, not by {}, the sum of its own row: it became {} "
        "instead of {}.", first[r], first[c], sums[c], first[c], sums[r], wrong[r][c],
        right[r][c])
    missing = [s for s in wrong_sums if abs(s - 1) > 1e-12]
    say("The rows of that result add up to {}: {} of {} rows miss 1. With "
        "keepdims=True each row is divided by its own sum and adds up to {}.",
        wrong_sums, len(missing), len(first), right_sums)


def lowest_cell(m):
    """Return (i, j) of the smallest cell of m."""
    cells = [(i, j) for i in range(len(m)) for j in range(len(m[0]))]
    return min(cells, key=lambda cell: m[cell[0]][cell[1]])


def near_zero_group(row, j, sizes=(2, 3)):
    """Return 2 or 3 positions of row, j among them, whose sum is nearest 0 but not 0."""
    groups = [g for n in sizes for g in combinations(range(len(row)), n)
              if j in g and total([row[k] for k in g]) != 0]
    return min(groups, key=lambda g: abs(total([row[k] for k in g])), default=(j,))


def change(before, after):
    """Return which way a number moved, in words."""
    return "rose" if after > before else "fell" if after < before else "stayed"
