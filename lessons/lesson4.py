"""Lesson 4: what plain sums get wrong, and what softmax, scaling and keepdims fix."""

import random
from itertools import combinations

from tracer import (ask, broadcast_divide, compare, divide_matrix, dot, get_keys,
                    get_queries, get_values, matmul, named, norm, normalize, normalize_rows,
                    paused, root, row_sums, say, scale, section, softmax, softmax_rows,
                    sub, total, transpose, weighted_sum)

from . import add_up, moved, possessive, quote, quoted, same_word, spread

TITLE = "What plain sums get wrong"
SEED = 31  # fixed, so every learner sees the same random vectors
KEYS = 6  # random keys per draw
DRAWS = 2000  # random draws averaged for each length
SIZES = (4, 64)  # components per random vector
ROUNDING = 1e-12  # how far a float dot product of unit keys may stray past ±1
PLACES = 12  # decimals kept when NumPy, adding in its own order, meets the replay
FLAT = 1.5  # a row is nearly flat when no weight reaches this many even shares
SHARPEN = 10  # how many times further apart lesson 4 spreads relevances to show a peak


def run(words, focus="Riley", partner="dog"):
    """Negative relevances break the plain sum; softmax, √n and keepdims fix the rest."""
    section("what this lesson is about")
    say("Lessons 2 and 3 turned relevances into weights by dividing each by the sum of "
        "its row, as the explanation does. This lesson finds where that breaks, what "
        "real attention does instead (softmax) and what it sees, why models divide "
        "relevances by a square root first, and a trap in the explanation's NumPy code.")
    section("negative relevances")
    Q, K = get_queries(words), get_keys(words)
    rel = matmul(Q, transpose(K, why="Turn K on its side: one key per column."),
                 name="relevances",
                 why="Every query against every key, as in lesson 3: are any below 0?")
    i, j = lowest_cell(rel)
    if rel[i][j] < 0:
        negative_weights(words, Q, K, rel, i, j, "q")
    else:
        key_relevances(words, K, rel[i][j])
    section("softmax for every word")
    weights = softmax_rows(rel, name="weights",
                           why="Softmax on every row of relevances at once.")
    sums = row_sums(weights, why="Does each row of softmax weights add up to 1?")
    if len(words) > 1:
        say("Softmax for every word at once: the smallest of the {} weights is {}, and "
            + add_up(sums) + ".", len(words) ** 2, min(min(row) for row in weights),
            *spread(sums))
    else:
        say("With one word, softmax gives it weight {} whatever its relevance: there is "
            "nothing to share, and no difference between relevances for softmax to see.",
            weights[0][0])
    even = differences(words, focus, rel, weights) if len(words) > 1 else None
    scaling(words, focus, rel, weights)
    full_attention(words, focus, rel, even)
    if len(words) > 1:
        broadcasting(words, rel)


def key_relevances(words, K, lowest):
    """Find relevances below 0 among the keys, when lesson 3's had none."""
    kinds = len({tuple(k) for k in K})
    say("None of lesson 3's relevances is below 0 for this sentence (the lowest is {}), "
        "so its plain sums happened to work here. Nothing keeps them there: a dot "
        "product is below 0 whenever two vectors point apart. " + (
            "Does any key point away from another? Lesson 2's relevances, every key "
            "against every key, say." if kinds > 1 else
            "With one word there is no second key to point away from its own: try a "
            "sentence of different words to see relevances below 0." if len(words) == 1
            else "Every word here has the same key, {}, so no key points away from "
            "another: try a sentence of different words to see relevances below 0."),
        lowest, *(() if kinds > 1 or len(words) == 1 else (K[0],)))
    if kinds < 2:
        return
    keys = matmul(K, transpose(K, why="Turn K on its side: one key per column."),
                  name="key relevances",
                  why="Every key against every key, as in lesson 2: are any below 0?")
    i, j = lowest_cell(keys)
    if keys[i][j] < 0:
        negative_weights(words, K, K, keys, i, j, "k")
    else:
        say("None of these is below 0 either (the lowest is {}), so plain sums happen to "
            "work for this sentence. Nothing promises it for other words: any two keys "
            "that point apart give a relevance below 0.", keys[i][j])


def negative_weights(words, A, K, relevances, i, j, a):
    """Show a negative relevance, the weights it breaks, and softmax mending them."""
    say("Lessons 2 and 3 followed the explanation, as if relevances ran from 0 to 1. "
        "That works while every relevance is positive. Is it?")
    lowest = dot(A[i], K[j], names=[f"{a}_{words[i]}", f"k_{words[j]}"],
                 why="The lowest relevance in the sentence, worked out.")
    below = [x for row in relevances for x in row if x < 0]
    why, values = keys_apart(relevances) if a == "k" else (
        "A query and a key are free to point apart, and then their dot product is "
        "below 0.", ())
    say("{}_{} · k_{} = {}. " + why + " {} of the {} relevances here are below 0.", a,
        words[i], words[j], lowest, *values, len(below), len(words) ** 2)
    if total(relevances[i]) == 0:
        say("Worse, the relevances of {} add up to exactly 0: dividing by their sum "
            "is impossible, and plain sums give it no weights at all.", quote(words[i]))
    else:
        plain_weights(words, relevances, i, j)
    mend(words, relevances, i, j)


def keys_apart(keys):
    """Return what the diagonal of K Kᵀ says about the keys, in words, and its values."""
    n = len(keys)
    diagonal = [keys[k][k] for k in range(n)]
    if not all(abs(d - 1) <= ROUNDING for d in diagonal):
        return ("The diagonal of K Kᵀ, each key with itself, runs from {} to {}: these "
                "keys are not all of length 1, so their relevances are not held to -1 "
                "to 1.", (min(diagonal), max(diagonal)))
    own = sum(keys[k][k] >= max(keys[k]) for k in range(n))
    return ("The diagonal of K Kᵀ, each key with itself, is all {}: every key has length "
            "1, so a relevance of two keys runs from -1 (pointing opposite ways) to 1 "
            "(the same way). " + ("So with keys alone every word is most relevant to "
                                  "itself, in {} of {} rows: that is why lesson 3 gave "
                                  "each word a query as well." if own == n else
                                  "Even so, only {} of {} rows are largest on the "
                                  "diagonal."), (min(diagonal, key=lambda d: len(repr(d))),
                                                 own, n))


def plain_weights(words, relevances, i, j):
    """Divide one row of relevances by its sum and show what the negatives do."""
    weights = normalize(relevances[i], names=[f"relevances of {words[i]}"],
                        why=f"Plain sums on the row of {words[i]}, as lessons 2 and 3 did.")
    outside = [w for w in weights if not 0 <= w <= 1]
    say("Divide the relevances of {} by their sum: {} of {} weights {} outside 0 "
        "to 1, and the weight of {} is {}. " + signs(relevances[i], weights[j]),
        quote(words[i]), len(outside), len(weights),
        "falls" if len(outside) == 1 else "fall", quote(words[j]), weights[j],
        *reversal(words, relevances[i], weights))


def reversal(words, row, weights):
    """Return the words and weights signs names on a row all at most 0: the most and the
    least relevant word, and the weight each gets."""
    if not all(x <= 0 for x in row) or max(row) == min(row):
        return ()
    hi, lo = row.index(max(row)), row.index(min(row))
    return quote(words[lo]), weights[lo], quote(words[hi]), weights[hi]


def signs(row, weight):
    """Return what a weight's sign says about dividing this row by its sum."""
    if weight < 0:
        return "A negative weight takes a word's meaning away instead of adding it."
    if all(x <= 0 for x in row) and max(row) == min(row):
        return ("Every relevance in this row is at most 0, and all are the same, so "
                "dividing by their sum gives every word the same weight.")
    if all(x <= 0 for x in row):
        return ("Every relevance in this row is at most 0, so dividing by their negative "
                "sum turns the signs back: the weights land within 0 to 1, but in reverse "
                "order. The least relevant word, {}, gets {}, and the most relevant, {}, "
                "gets {}: the less relevant a word, the more weight it gets.")
    return ("It is above 0 only because the row adds up to less than 0, which flips "
            "every sign: the words with positive relevances get negative weights instead.")


def mend(words, relevances, i, j):
    """Show a few relevances whose sum nearly cancels, and softmax mending them; a row
    that adds up to exactly 0 goes to softmax whole."""
    if total(relevances[i]) == 0:
        exponentials(list(relevances[i]), "The same row through softmax instead.")
        return
    group = near_zero_group(relevances[i], j)
    few = [relevances[i][k] for k in group]
    row = relevances[i]
    if min(row) < 0 < max(row):
        say("Worse: suppose {} attends only to {}, the words whose relevances come "
            "closest to cancelling out. Dividing by almost nothing is dangerous.",
            quote(words[i]), quoted([words[k] for k in group]))
    else:
        say("Worse: in a row that mixes signs, a few relevances can cancel out, and "
            "dividing by almost nothing is dangerous. Every relevance of {} is {} 0, so "
            "none cancel here; suppose it attends only to {}, the words whose relevances "
            "add up nearest to 0.", quote(words[i]),
            "at least" if min(row) >= 0 else "at most", quoted([words[k] for k in group]))
    blown = normalize(few, names=["relevances"],
                      why="Divide relevances that nearly cancel by their sum.")
    (few_sum,) = row_sums([few], names=["relevances"], why="The sum they were divided by.")
    largest = max(abs(w) for w in blown)
    say("Their sum is {}, so the weights are {}: the largest is {} in size{}",
        few_sum, blown, largest, ", where a weight should be at most 1." if largest > 1
        else ". Mild here, but the nearer the sum comes to 0, the larger they grow.")
    exponentials(few, "The same relevances through softmax instead.")


def exponentials(few, why):
    """Put relevances through softmax: weights above 0 that add up to 1."""
    say("Softmax is what real attention uses. Raise e to each relevance (minus the "
        "largest, which changes nothing but keeps the numbers small): every "
        "exponential is above 0. Then divide each by their sum.")
    fixed = softmax(few, names=["relevances"], why=why)
    (fixed_sum,) = row_sums([fixed], names=["weights"], why="Do they add up to 1?")
    say("The weights are now {}: {} of {} are above 0, and they add up to {}.",
        fixed, len([w for w in fixed if w > 0]), len(fixed), fixed_sum)


def differences(words, focus, relevances, weights):
    """Show on the focus row that softmax sees only how far apart relevances are."""
    section("what softmax sees")
    f = words.index(focus)
    row, soft = relevances[f], weights[f]
    hi, lo = max(row), min(row)
    (gap,) = sub([hi], [lo], names=["largest", "smallest"],
                 why=f"How far apart the relevances of {focus} are.")
    even = normalize([1] * len(words), names=["ones"],
                     why="An even share: 1 divided by the number of words.")[0]
    if gap == 0:
        say("Softmax sees only how far apart relevances are, not how large they are. "
            "The relevances of {} are all {}, 0 apart, so softmax gives every word the "
            "same weight, {}: an even share, 1 divided by {}. Spread {} times as far "
            "apart they would still be 0 apart, and the weights still even; a sentence "
            "of different words shows what differences do.", quote(focus), hi, soft[0],
            len(words), SHARPEN)
        return even
    say("Softmax sees only how far apart relevances are, not how large they are: that "
        "is why it may subtract the largest relevance from each before raising e to "
        "it, and change no weight. The "
        "relevances of {} run from {} to {}, {} apart, and its softmax weights run "
        "from {} to {}, against an even share of {}. {}", quote(focus), lo, hi, gap,
        min(soft), max(soft), even, "Differences this small give nearly even weights: "
        "no word gets 1.5 times an even share." if max(soft) < FLAT * even else
        "The weights are no longer even, but no word takes most of the weight."
        if max(soft) <= 1 / 2 else "One word takes most of the weight.")
    sharpen(words, focus, row, soft, even)
    nearest_zero(words, focus, row, soft, hi)
    return even


def sharpen(words, focus, row, soft, even):
    """Spread the focus row SHARPEN times as far apart and show softmax making a peak."""
    peak = ask("Make the relevances of {} {} times as far apart: what will their "
               "largest softmax weight be?", quote(focus), SHARPEN)
    apart = scale(SHARPEN, row, names=[str(SHARPEN), f"relevances of {focus}"],
                  why=f"The same relevances, {SHARPEN} times as far apart.")
    sharp = softmax(apart, names=[f"{SHARPEN} x relevances"],
                    why="Softmax of relevances ten times as far apart: a peak?")
    top = max(sharp)
    tied = quoted([w for w, x in zip(words, sharp) if x == top])
    peak.answer(top, "{} times as far apart, the relevances run from {} to {}, and "
                "softmax gives {} {}, against {} before: the further the others fall "
                "below the largest, the less their exponentials weigh beside its e^0 = 1.",
                SHARPEN, min(apart), max(apart), tied, top, max(soft))
    went, values = moved(max(soft), top)
    bar = max(1 / 2, FLAT * even)
    first = words[sharp.index(top)]
    places = [k for k, w in enumerate(words) if same_word(w, first)]
    if top <= bar and len(places) > 1:  # a repeated word: its places share its weight
        (together,) = row_sums([[sharp[k] for k in places]],
                               names=[f"weights of {first.split('#')[0]}"],
                               why="The weights on every place of the same word, added.")
        if together > bar:
            say("Make the same relevances {} times as far apart, and the largest weight "
                + went + ", on {}: large differences make a peak, split over the {} "
                "places of one word; together they take {}, against an even share of {}.",
                SHARPEN, *values, tied, len(places), together, even)
            return
    say("Make the same relevances {} times as far apart, and the largest weight " + went +
        ", on {}: {}", SHARPEN, *values, tied,
        "large differences make a peak." if top > bar else
        "still no single word stands out; these relevances are too close even so.")


def nearest_zero(words, focus, row, soft, hi):
    """Show that softmax reads the relevance nearest 0 by its distance below the largest."""
    k = min(range(len(words)), key=lambda c: (abs(row[c]), c))
    if row[k] == hi:
        say("{} has relevance {} to {}, the nearest to 0 in its row and {}, so softmax "
            "gives it {}, {}: to softmax only the differences count, whatever the sign.",
            quote(focus), row[k], quote(words[k]), "the largest" if row.count(hi) == 1
            else "as large as any", "the most weight" if row.count(hi) == 1 else
            "as much weight as any word", soft[k])
        return
    (below,) = sub([hi], [row[k]], names=["largest", f"relevance of {words[k]}"],
                   why=f"How far below the largest the relevance of {words[k]} is.")
    tail = ("A relevance of 0 does not mean \"no relevance\" to softmax: it is only {} "
            "below the largest, and that difference is all softmax sees. Only a relevance "
            "far below all the others gets weight 0, which is how lesson 5's mask works."
            if row[k] == 0 else "To softmax it is only {} below the largest: softmax "
            "reads no relevance, 0 included, as \"none\".")
    say("{} has relevance {} to {}, the nearest to 0 in its row, and softmax "
        "gives it weight {}. " + tail, quote(focus), row[k], quote(words[k]), soft[k], below)


def scaling(words, focus, relevances, weights):
    """Show softmax growing all-or-nothing on long random vectors, and √n undoing it."""
    section("scaling by the square root")
    say("One more problem, which only long vectors show. In a model at the start of "
        "training, the numbers in queries and keys are random, about 1 in size. Take "
        "one random query and {} random keys, with {} components each, then {}.",
        KEYS, *SIZES)
    rng = random.Random(SEED)
    for n in SIZES:
        query = [[rng.gauss(0, 1) for _ in range(n)]]
        keys_t = [[rng.gauss(0, 1) for _ in range(KEYS)] for _ in range(n)]
        one = matmul(query, keys_t, names=["q", "Kᵀ"], name="relevances",
                     why=f"One random query against {KEYS} random keys of {n} numbers.")
        softmax_rows(one, name="weights", why="Softmax as it is: how peaked?")
        scale = root(n, why=f"The square root of {n}, the number of components.")
        softmax_rows(divide_matrix(one, scale, why="Each relevance divided by it."),
                     name="weights", why="Softmax after scaling: how peaked now?")
    say("One draw proves little, so the engine repeats this for {} seeded draws of "
        "each length, without showing every step, and averages the largest weight.",
        DRAWS)
    (p4, s4, rms4, r4), (p64, s64, rms64, r64) = (averages(n) for n in SIZES)
    say("Unscaled, the average largest weight {} from {} with {} components to {} "
        "with {}. The relevances' typical size (root mean square) went from {} to {}, "
        "{} the square roots of {} and {}, which are {} and {}: a dot product adds one "
        "product per component. Divided by that square root first, the average largest "
        "weight {} from {} to {}. {}",
        change(p4, p64), p4, SIZES[0], p64, SIZES[1], rms4, rms64,
        "close to" if near(rms4, r4) and near(rms64, r64) else "unlike",
        *SIZES, r4, r64, change(s4, s64), s4, s64,
        "So real attention divides relevances by the square root of the number of "
        "components before softmax." if p64 - p4 > abs(s64 - s4) else
        "Here scaling did not make the difference it should.")
    if len(words) > 1:
        ours(words, focus, relevances, weights)


def ours(words, focus, relevances, weights):
    """Scale the focus row anyway, and say why models scale though ours need not."""
    f = words.index(focus)
    lo = min(min(row) for row in relevances)
    hi = max(max(row) for row in relevances)
    unit_keys = -1 - ROUNDING <= lo and hi <= 1 + ROUNDING
    n = len(get_keys([focus])[0])
    scale = root(n, why=f"The square root of {n}, the number of our components.")
    scaled = softmax_rows(divide_matrix([relevances[f]], scale,
                                        names=[f"relevances of {focus}", f"√{n}"],
                                        why=f"{possessive(focus)} relevances scaled anyway."),
                          name="weights", why="Softmax of the scaled row.")
    went, values = moved(max(weights[f]), max(scaled[0]))
    row = relevances[f]
    closer = ("divided by √{} they only come closer together, and the largest softmax "
              "weight of {} " + went if max(row) > min(row) else "divided by √{} the "
              "relevances of {}, all equal, stay equal, and so do its weights: the largest "
              + went)
    if unit_keys:
        say("Our own relevances are small already: " + (
            "they run from {} to {}" if lo < hi else "they are all {}") + ", within -1 to "
            "1. Scaling is for relevances that grow with the number of components, as the "
            "random ones did; ours need none, and " + closer + ". The attention "
            "below divides by √{} all the same, because that is the formula models "
            "compute: their learned queries and keys are not kept to length 1.",
            *((lo, hi) if lo < hi else (lo,)), n, quote(focus), *values, n)
    else:
        say("Our own relevances run from {} to {}, beyond -1 to 1, so scaling may matter "
            "for them: " + closer + ".", lo, hi, n, quote(focus), *values)


# What draw_averages(n) returns for each length, kept so that the lesson starts at once:
# the draws take about a second and 950,000 random numbers. tests/test_lesson4.py draws
# them again through the engine and checks every figure here, bit for bit.
AVERAGES = {4: (0.5802119084626274, 0.40428888474727137, 1.99840543251837),
            64: (0.8928497527258707, 0.42341613439093984, 8.012648455917422)}


def averages(n):
    """Return the average largest weight unscaled and scaled, the relevances' typical
    size and √n, over DRAWS seeded draws (as draw_averages(n) computes them)."""
    with paused():
        return (*AVERAGES[n], root(n))


def draw_averages(n):
    """Return what averages(n) returns, drawn afresh: DRAWS seeded draws of one query
    and KEYS keys of n components, through the engine's own operations."""
    rng = random.Random(SEED + n)
    plain, scaled, squares = [], [], []
    with paused():  # unrecorded, and so in floats even when the lesson is exact
        scale = root(n)
        for _ in range(DRAWS):
            query = [[rng.gauss(0, 1) for _ in range(n)]]
            keys_t = [[rng.gauss(0, 1) for _ in range(KEYS)] for _ in range(n)]
            one = matmul(query, keys_t)
            plain.append([max(softmax_rows(one)[0])])
            scaled.append([max(softmax_rows(divide_matrix(one, scale))[0])])
            squares.append([dot(one[0], one[0]) / KEYS])
        equal = [1 / DRAWS] * DRAWS
        (p,), (s,), (ms,) = (weighted_sum(equal, m) for m in (plain, scaled, squares))
        return p, s, root(ms), scale


def near(x, y):
    """Say whether x is within a fifth of y."""
    return abs(x - y) <= abs(y) / 5


def full_attention(words, focus, rel, even):
    """Run softmax(Q Kᵀ / √n) V on the whole sentence; set the focus row beside lesson 3's."""
    section("attention as models compute it")
    say("Now the corrected attention, all at once: lesson 3's relevances Q Kᵀ, divided "
        "by the square root of the number of components, softmax on each row, then the "
        "weighted sum of the values.")
    V = get_values(words)
    n = len(V[0])
    scaled = divide_matrix(rel, root(n, why="The square root of the number of "
                                     "components."),
                           names=["relevances", f"√{n}"], name="scaled",
                           why="Every relevance divided by that square root.")
    weights = softmax_rows(scaled, name="weights", why="Softmax on every row.")
    new_V = matmul(weights, V, name="new_V",
                   why="Each word's new value: all values, weighted by its row.")
    beside_lesson3(words, focus, rel, weights, new_V, V)
    if len(words) > 1:
        flatness(words, weights, even)


def beside_lesson3(words, focus, rel, weights, new_V, V):
    """Set the focus word's new value beside the one lesson 3's plain sums gave."""
    f = words.index(focus)
    if total(rel[f]) == 0:
        say("{} now becomes {}. Lesson 3 had no weights for it: its relevances add "
            "up to 0.", quote(focus), new_V[f])
        return
    say("Lesson 3 divided the same relevances of {} by their plain sum. For "
        "comparison, its row again:", quote(focus))
    plain = normalize(rel[f], names=[f"relevances of {focus}"],
                      why="Lesson 3's weights: divided by the plain sum.")
    # Lesson 3 took this as a row of weights @ V: a matmul, which goes by in a press.
    (old,) = matmul([plain], V, names=[f"weights of {focus}", "V"],
                    name=f"lesson 3's new v_{focus}",
                    why=f"Lesson 3's new value of {focus}, to set beside this one.")
    same = all(abs(a - b) <= ROUNDING for a, b in zip(new_V[f], old))
    if same and len({tuple(v) for v in V}) == 1:
        say("{} becomes {} with softmax and scaling, and {} in lesson 3: {}.",
            quote(focus), new_V[f], old, "with one word, both give it weight 1, and so its "
            "own value back" if len(words) == 1 else "every word here has the same value, "
            "so any weights that add up to 1 give that value back")
    elif all(0 <= w <= 1 for w in plain):
        say("{} becomes {} with softmax and scaling, against {} in lesson 3.",
            quote(focus), new_V[f], old)
    else:
        say("{} becomes {} with softmax and scaling, against {} in lesson 3, whose "
            "weights for it ran from {} to {}, outside 0 to 1; softmax's run from {} to "
            "{}.", quote(focus), new_V[f], old, min(plain), max(plain), min(weights[f]),
            max(weights[f]))


def flatness(words, weights, even):
    """Say how far each row of weights is from even: nearly flat, or with a clear lead."""
    tops = [max(row) for row in weights]
    lo, hi = tops.index(min(tops)), tops.index(max(tops))
    flat = [w for w, top in zip(words, tops) if top < FLAT * even]
    even_rows = sum(max(row) - min(row) <= ROUNDING for row in weights)
    if even_rows == len(words):
        say("How sharp are these weights? Not at all: in every row each word gets {}, an "
            "even share, because every row's relevances are equal. Lesson 6 shows "
            "training moving the projections until the weights are sharp.", tops[0])
        return
    span = ("The largest weight of each row runs from {} (row {}) to {} (row {}). "
            if tops[hi] > tops[lo] else "The largest weight of every row is {}. ")
    say("How sharp are these weights? An even share is {}. " + span + (
            "Every row is nearly flat: in none does a word get 1.5 times an even share. "
            "These queries and keys differ too little for softmax to single "
            "one word out; lesson 6 shows training moving the projections until the "
            "weights are sharp." if len(flat) == len(words) else
            "{} of {} rows are nearly flat (no word gets 1.5 times an even share); in "
            "the other" + ("s" if len(words) - len(flat) > 1 else "") + " some word gets "
            "more." if flat else
            "No row is nearly flat: in every row some word gets at least 1.5 times an "
            "even share."), even,
        *((tops[lo], quote(words[lo]), tops[hi], quote(words[hi])) if tops[hi] > tops[lo]
          else (tops[hi],)),
        *((len(flat), len(words)) if 0 < len(flat) < len(words) else ()))


def broadcasting(words, rel):
    """Replay relevances / relevances.sum(axis=1) as NumPy computes it, then keepdims."""
    section("the broadcasting trap")
    say("Last, a trap in the explanation's NumPy code, which divides the relevances "
        "by relevances.sum(axis=1) as if each row met its own sum. Here it is "
        "replayed on the relevances Q Kᵀ of all {} words.", len(words))
    # relevances / relevances.sum(axis=1), step by step:
    sums = row_sums(rel, why="relevances.sum(axis=1): one sum per row.")
    if 0 in sums:
        say("The row of {} adds up to exactly 0, so NumPy would divide by 0: nothing "
            "to replay here.", quote(words[sums.index(0)]))
        return
    wrong = broadcast_divide(rel, sums, why="relevances / relevances.sum(axis=1), as "
                             "NumPy lines the sums up: by column.")
    say("Why no error? The sums are {} numbers and each row has {} cells. NumPy lines "
        "a list of numbers up with a table's columns, so whenever the two counts agree "
        "it divides column j by sum j without a word. {}", len(sums), len(rel[0]),
        "They agree because the relevances are square: one row and one column per word."
        if len(sums) == len(rel) == len(rel[0]) else "")
    wrong_sums = row_sums(wrong, why="Do the rows of that result add up to 1?")
    # relevances / relevances.sum(axis=1, keepdims=True):
    right = normalize_rows(rel, name="weights",
                           why="With keepdims=True: each row divided by its own sum.")
    right_sums = row_sums(right, why="Do these rows add up to 1?")
    n = len(words)
    missing = [s for s in wrong_sums if abs(s - 1) > 1e-12]
    if max(sums) - min(sums) <= ROUNDING * max(1, abs(max(sums))):
        say("Here every row adds up to the same {}, so dividing column j by sum j is "
            "dividing each cell by its own row's sum after all: the rows of that result "
            "add up to {}, {} of {} miss 1, and the trap does no harm on this sentence. "
            "With rows whose sums differ it does.", sums[0], wrong_sums, len(missing), n)
        run_numpy(words, rel, wrong, right)
        return
    r, c = max(((a, b) for a in range(n) for b in range(n)),
               key=lambda cell: abs(wrong[cell[0]][cell[1]] - right[cell[0]][cell[1]]))
    say("So cell [{}, {}] was divided by {}, the sum of row {}, not by {}, the sum of "
        "its own row: it became {} instead of {}.", words[r], words[c], sums[c],
        quote(words[c]), sums[r], wrong[r][c], right[r][c])
    say("The rows of that result add up to {}: {} of {} rows miss 1. With "
        "keepdims=True each row is divided by its own sum and adds up to {}.",
        wrong_sums, len(missing), n, right_sums)
    too_big(words, wrong, right, wrong_sums)
    run_numpy(words, rel, wrong, right)


def too_big(words, wrong, right, wrong_sums):
    """Show what a row of weights that misses 1 does to the size of a new value."""
    r = max(range(len(words)), key=lambda k: (abs(wrong_sums[k] - 1), -k))
    V = get_values(words)
    w = words[r]
    (a,) = matmul(named([wrong[r]], "broadcast result", [w], list(words)), V,
                  name=f"new v_{w}, row missing 1",
                  why="The new value that row would give: does its size change?")
    (b,) = matmul(named([right[r]], "keepdims weights", [w], list(words)), V,
                  name=f"new v_{w}", why="The new value its own weights give.")
    la = norm(a, names=[f"new v_{words[r]}, row missing 1"],
              why="How long is the value from the row that misses 1?")
    lb = norm(b, names=[f"new v_{words[r]}"],
              why="How long is the value from weights that add up to 1?")
    s = wrong_sums[r]
    agree = (la > lb) == (abs(s) > 1)
    say("What does a row that misses 1 do to a new value? The row of {} in that result "
        "adds up to "
        "{}, and the new value it gives, {}, has length {}, against {} for the value from "
        "its own weights, which add up to 1. " + (
            "Weights adding up to more than 1 in size inflate a value: " if agree and
            abs(s) > 1 else "Weights adding up to less than 1 in size shrink a value: "
            if agree else
            "Here the lengths moved the other way, because the two rows spread their "
            "weight differently; even so, ") +
        "were every word's value the same v, this row would give {} times v rather than "
        "v itself.", quote(words[r]), s, a, la, lb, s)


def run_numpy(words, rel, wrong, right):
    """Run NumPy's own two lines, when NumPy is here, and compare them with the replay."""
    try:
        import numpy as np
    except ImportError:
        say("NumPy is not installed here, so only the replay ran. With NumPy, this "
            "lesson also runs its two lines and compares them with the replay.")
        return
    say("NumPy is installed, so run its own two lines on the same relevances and "
        "compare them with the replay, cell by cell, to {} decimals (NumPy may add a "
        "row in another order, which can change the last bits).", PLACES)
    R = np.array(rel)
    buggy = labelled((R / R.sum(axis=1)).tolist(), words, "NumPy: R / R.sum(axis=1)")
    fixed = labelled((R / R.sum(axis=1, keepdims=True)).tolist(), words,
                     "NumPy: keepdims=True")
    off_buggy = compare(buggy, labelled(wrong, words, "replay"),
                        why="NumPy's buggy line against the replay, cell by cell.")
    off_fixed = compare(fixed, labelled(right, words, "replay with keepdims"),
                        why="NumPy's keepdims line against the replay, cell by cell.")
    say("{} of {} cells differ for the buggy line and {} for the fixed one: {}",
        len(off_buggy), len(words) ** 2, len(off_fixed),
        "the replay is what NumPy computes." if not off_buggy and not off_fixed else
        "the replay and NumPy disagree somewhere.")


def labelled(m, words, name):
    """Return m rounded to PLACES decimals, its rows and columns named by word."""
    out = [[round(x, PLACES) for x in row] for row in m]
    return named(out, name, words, words)


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


def favourite(row):
    """Return the position of the largest weight in a row (the first, on a tie)."""
    return max(range(len(row)), key=lambda k: (row[k], -k))
