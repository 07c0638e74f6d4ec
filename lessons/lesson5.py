"""Lesson 5: where queries, keys and values come from; positions, heads and masks."""

from fractions import Fraction
from math import cos, sin

from tracer import (add_matrices, ask, causal_mask, compare, concat, divide_matrix,
                    get_value, get_values, labels_of, matmul, named, root, say,
                    section, softmax_rows, TraceError, transpose)

from . import plain, possessive, quote, quoted, same_word

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
WAVES = ("sin t / 10", "cos t / 10", "sin(t/100) / 10", "cos(t/100) / 10")  # p1..p4 at t
HIDDEN = -1000  # what the mask adds where code writes -∞: e to it is 0 in floats
# W_O: eight numbers, four from each head, back to four, here the heads' average.
W_O = [[H if r % 4 == c else 0 for c in range(4)] for r in range(8)]
PLACES = 12  # decimals kept when comparing outputs computed in two different orders


def run(words, focus="Riley", partner="dog"):
    """One embedding per word; three matrices; positions; a causal mask; two heads."""
    size = len(get_value(focus))
    if size != len(HEAD_1["W_q"]):
        raise TraceError(f"lesson 5's matrices are {len(HEAD_1['W_q'])} x "
                         f"{len(HEAD_1['W_q'])}, so it needs vectors of "
                         f"{len(HEAD_1['W_q'])} numbers; these have {size}")
    name_matrices(labels_of(get_values(words))[2])
    projections(focus)
    phrase = words[:4]
    if len(phrase) > 1:
        order(phrase)
    else:
        section("positions")
        say("Attention alone does not know where a word stands; with one word there is "
            "no other order to try. Models add to each embedding a vector of its place; "
            "here its components are {} of the place t, sines and cosines a tenth the "
            "original transformer's size, so that they nudge the embeddings rather than "
            "swamp them.", ", ".join(WAVES))
    X, mask, i = masking(words, focus)
    head_1, weights, head_2, weights_2 = heads(words, focus, X, mask)
    layer(words, focus, X, head_1, head_2, weights, weights_2)


def projections(focus):
    """Turn one word's embedding into its query, key and value."""
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
    say("The one embedding of {}, {}, gives the query {}, the key {} and the value {}. "
        "Training tunes the three matrices, and with them what every word looks for, "
        "offers, and passes on.", quote(focus), e[0], q[0], k[0], v[0])


def order(phrase):
    """Run a head on a phrase and on its words reordered, without and with positions."""
    reordered = reorder(phrase)
    alike = plain(reordered) == plain(phrase)  # every word the same: no order reads apart
    section("order does not matter")
    say("Nothing so far knows where a word stands. Run attention on \"{}\" (E, one "
        "row per word) and on \"{}\" (E_r, the same rows in another order).",
        plain(phrase), plain(reordered))
    out, _ = head(get_values(phrase), "E", HEAD_1, None, "output")
    out_r, _ = head(get_values(reordered), "E_r", HEAD_1, None, "output_r", "_r")
    differ = same_rows(phrase, reordered, out, out_r)
    say("Move the rows of output into the new order and compare them with output_r "
        "to {} decimals (floats added in another order may differ in the last bits): "
        "{} of {} cells differ. {}", PLACES, len(differ), len(out) * len(out[0]),
        "Every word here is the same, so any order reads the same and this shows "
        "little; a sentence of different words shows attention blind to order."
        if alike and not differ else
        "Each word got the output it had before, only in another row. To attention "
        "alone a sentence is a bag of words." if not differ else
        "Some outputs changed, so these vectors notice the order after all.")

    section("positions")
    say("The fix is to add to each embedding a vector that depends only on the "
        "place: here sines and cosines of the position at two speeds, as in the "
        "original transformer, but a tenth the size, so that they nudge the embeddings "
        "rather than swamp them. (The original transformer keeps the same balance the "
        "other way round, multiplying its embeddings by the square root of their size.) "
        "X's columns "
        "are then {}, where p1 to p4 are {} of the place t.",
        ", ".join(mixed_columns(phrase)), ", ".join(WAVES))
    P = positions(len(phrase))
    show_positions(P)
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
        "Even so, no output changed: these vectors do not notice the order.")


def reorder(phrase):
    """Return the phrase's words in another order that reads differently, if any does:
    its second half first, else the words turned round by one place, else reversed."""
    half = len(phrase) // 2
    tries = [phrase[half:] + phrase[:half], phrase[1:] + phrase[:1], phrase[::-1]]
    return next((t for t in tries if plain(t) != plain(phrase)), tries[0])


def show_positions(P):
    """Say P row by row, so that every sum with a position can be checked."""
    say("P, one row per place: " + "; ".join(f"t = {t}: {{}}" for t in range(len(P)))
        + ".", *P)


def masking(words, focus):
    """Add the places to the whole sentence and make the causal mask."""
    section("a causal mask")
    say("A model that writes text one word at a time must not look at words not "
        "written yet. A causal mask lets each word attend only to itself and the "
        "words before it; the hidden cells get weight 0 and stay out of the sum. That "
        "is what lets a model learn from every word of a sentence at once: each "
        "position predicts the next word from what comes before it, in one pass.")
    P = positions(len(words))
    show_positions(P)
    X = add_matrices(placed(words), P, names=["E", "P"], name="X",
                     why="The whole sentence, each word with its place.")
    mask = causal_mask(len(words), words, why="Which words each word may see.")
    return X, mask, words.index(focus)


def heads(words, focus, X, mask):
    """Run two heads under the mask; say what each raises and whom the focus looks at."""
    i = words.index(focus)
    head_1, weights, scaled = head(X, "X", HEAD_1, mask, "head 1", scores=True)
    if i == 0:
        say("{} is the first word, so it sees only itself: weights {}, the whole weight, "
            "{}, on itself.", quote(focus), weights[i], weights[0][0])
    else:
        say("{} sees {} of the {} words: weights {}. The first word, {}, sees only "
            "itself and gives itself weight {}.", quote(focus),
            sum(w != 0 for w in weights[i]), len(words), weights[i], quote(words[0]),
            weights[0][0])
    minus_infinity(words, focus, scaled, weights)

    section("two heads")
    say("One set of matrices asks one kind of question. A second head, with "
        "matrices of its own, asks another at the same time.")
    seen = words[:i + 1]  # under the mask, the words the focus can look at
    which = ask("Which word will {} look at most in head 2?", quote(focus), choices=seen) \
        if len(seen) > 1 else None
    head_2, weights_2 = head(X, "X", HEAD_2, mask, "head 2")
    raises(HEAD_1, "1")
    raises(HEAD_2, "2")
    top_1, top_2 = favourite(weights[i]), favourite(weights_2[i])
    moved, places = differ(words, weights, weights_2)
    if which:
        which.answer(words[top_2], "Head 2 gives {} the weights {} over {}: the largest, "
                     "{}, is on {}. Head 1 looked most at {}.", quote(focus),
                     weights_2[i][:i + 1], quoted(seen), weights_2[i][top_2],
                     quote(words[top_2]), quote(words[top_1]))
    if len(words) == 1:
        say("With one word, both heads give {} weight {}: there is no other word for "
            "either to look at.", quote(focus), weights_2[0][0])
    elif i == 0:
        say("With only itself to see, {} gets weight {} in head 2 as well: the heads "
            "cannot disagree on it. Over the whole sentence, {} of {} words " + (
                "looks" if moved == 1 else "look") + " most at "
            "a different word in the two heads" + elsewhere(places), quote(focus),
            weights_2[i][i], moved, len(words), *[places] * bool(places))
    else:
        say("Head 1 has {} look most at {} (weight {}); head 2 has it look "
            "most at {} (weight {}). {} Over the whole sentence, {} of {} words " + (
                "looks" if moved == 1 else "look") + " "
            "most at a different word in the two heads" + elsewhere(places),
            quote(focus), quote(words[top_1]), weights[i][top_1], quote(words[top_2]),
            weights_2[i][top_2],
            "The two heads ask different questions of the same words."
            if top_1 != top_2 else "For this word the two heads agree.",
            moved, len(words), *[places] * bool(places))
    first_word(words, weights, weights_2)
    return head_1, weights, head_2, weights_2


def minus_infinity(words, focus, scaled, weights):
    """Add the mask as numbers, 0 or HIDDEN, before softmax; check the weights are the same.

    On the focus's row when the mask hides some of it, else on the first word's row,
    which hides every word but the first."""
    n = len(words)
    if n == 1:
        say("In code the mask is usually added to the scores before softmax: 0 where a "
            "word may look and minus infinity where it may not. With one word nothing "
            "is hidden, so there is nothing to add here.")
        return
    i = words.index(focus) if words.index(focus) < n - 1 else 0
    w = words[i]
    hidden = named([[0 if j <= i else HIDDEN for j in range(n)]],
                   "mask as numbers", [w], list(words))
    row = named([scaled[i]], f"scaled row of {w}", [w], list(words))
    masked = add_matrices(row, hidden, names=[f"scaled row of {w}", "mask as numbers"],
                          why="0 where the word may look, -1000 where it may not: "
                          "the mask as code adds it.")
    plain_ = softmax_rows(masked, name="weights",
                          why="Softmax of the row with the mask added, no cell left out.")
    differ = compare(plain_, [weights[i]], names=["softmax(row + mask)", "masked softmax"],
                     why="The same weights as leaving the hidden cells out?")
    say("In code the mask is usually added to the scores before softmax: 0 where a word "
        "may look and minus infinity where it may not (here -1000, as the tracer keeps "
        "to finite numbers); e raised to so low a number is 0. {}On the row of {}, {} of "
        "{} weights differ from the masked softmax above: {}",
        "" if w == focus else "The last word hides nothing, so take the first word's "
        "row, which hides all but itself. ", quote(w), len(differ), n,
        "adding minus infinity and leaving the cell out are the same thing."
        if not differ else "here the two ways do not agree.")


def raises(matrices, h):
    """Say where one head's W_q W_kᵀ is largest: what a query there looks for in a key."""
    (nq, W_q), (nk, W_k), _ = matrices.items()
    names = labels_of(W_q)[1]
    M = matmul(W_q, transpose(W_k, why=f"{nk} on its side."), names=[nq, f"{nk}ᵀ"],
               name=f"what head {h} raises",
               why=f"{nq} {nk}ᵀ: how much the looking word's component (row) raises the "
               "relevance of the other word's component (column).")
    top = max(max(row) for row in M)
    cells = [(r, c) for r in range(len(M)) for c in range(len(M[0])) if M[r][c] == top]
    alike = sum(r == c for r, c in cells)
    say("Head {} raises a relevance most, by {}, where " + ", and where ".join(
        "the looking word's {} meets the other word's {}" for _ in cells) + ". {}", h, top,
        *[n for r, c in cells for n in (names[r], names[c])],
        "Like meets like: it looks for words that share what it has."
        if alike == len(cells) else "Unlike meets unlike: a query looks in other words "
        "for something other than what it has." if not alike else
        "Some like meets like, some not.")


def differ(words, weights, weights_2):
    """Count the rows whose favourites in the two heads are different words, and those
    whose favourites are two places of one word."""
    pairs = [(words[favourite(a)], words[favourite(b)]) for a, b in zip(weights, weights_2)]
    moved = sum(not same_word(p, q) for p, q in pairs)
    return moved, sum(p != q and same_word(p, q) for p, q in pairs)


def elsewhere(places):
    """Return the end of the sentence on the heads' favourites: the rows whose
    favourites are one word in two places, if any."""
    if not places:
        return "."
    return (", and {} " + ("looks" if places == 1 else "look") + " most at the same "
            "word in a different place.")


def first_word(words, weights, weights_2):
    """Count the words, past the first, that look most at the first word in each head."""
    if len(words) < 3:
        return
    later = range(1, len(words))
    a = sum(favourite(weights[k]) == 0 for k in later)
    b = sum(favourite(weights_2[k]) == 0 for k in later)
    again = any(same_word(w, words[0]) for w in words[1:])
    say("Does everyone lean on the first word, which every word can see? Past the first, "
        "{} of {} words look most at {}{} in head 1 and {} in head 2: {}", a,
        len(words) - 1, "the first " if again else "", quote(words[0]), b,
        "most do, in at least one head." if 2 * max(a, b) > len(words) - 1 else
        "half do, in at least one head; not most." if 2 * max(a, b) == len(words) - 1
        else "no, most look elsewhere.")


def layer(words, focus, X, head_1, head_2, weights, weights_2):
    """Join the heads, bring them back to size with W_O, and add the residual."""
    section("joining the heads")
    i = words.index(focus)
    tag(head_1, "1", words)
    tag(head_2, "2", words)
    both = concat(head_1, head_2, name="both heads",
                  why="The two heads' outputs side by side.")
    say("Side by side the two heads give each word {} numbers, {} from each. One more "
        "matrix, W_O, brings them back to the size of an embedding; a model learns it, "
        "and here it simply averages the two heads, component by component.",
        len(both[0]), len(head_1[0]))
    out = matmul(named([both[i]], f"both heads of {focus}", [focus], labels_of(both)[2]),
                 named(W_O, "W_O", labels_of(both)[2], labels_of(X)[2]),
                 name=f"attention of {focus}",
                 why="W_O mixes the eight numbers back into four.")
    new = add_matrices([X[i]], out, names=[f"x_{focus}", f"attention of {focus}"],
                       name=f"output of {focus}",
                       why="The residual: the word's own vector plus what attention "
                       "brought.")
    say("Last, real models add each word's own vector back: x + attention(x), the "
        "residual connection. It does what the explanation asked of a word's dot product "
        "with itself, keeping its own value: {} gives itself weight {} in head 1 "
        "and {} in head 2, and whatever those weights, the residual passes its own vector "
        "{} on whole. The layer's output for it is {}. Models stack many such layers.",
        quote(focus), weights[i][i],
        weights_2[i][i], X[i], new[0])


def head(X, x_name, matrices, mask, name, tag="", scores=False):
    """Return one head's output over X and its weights (and its scaled scores, if asked)."""
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
    return (out, weights, scaled) if scores else (out, weights)


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
        named(W, name, components, [f"{name[2]}{k + 1}" for k in range(len(W[0]))])


def placed(words):
    """Return the embeddings of words, columns named as they read once P is added."""
    return named(get_values(words), "E", list(words), mixed_columns(words))


def mixed_columns(words):
    """Return the names of X's columns: each component plus its position wave."""
    names = labels_of(get_values(words))[2] or [f"e{k + 1}" for k in range(len(WAVES))]
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
    """Return one vector per place 0..n-1: sines and cosines of it at two speeds, a tenth
    the size."""
    return [[sin(t) / 10, cos(t) / 10, sin(t / 100) / 10, cos(t / 100) / 10]
            for t in range(n)]


def tag(out, h, words):
    """Name a head's output columns by head: h1·v1 ... h1·v4."""
    named(out, f"head {h}", list(words), [f"h{h}·v{k + 1}" for k in range(len(out[0]))])


def to_places(m, words):
    """Return m rounded to PLACES decimals, its rows named by word."""
    # Moving words changes the order in which floats are added, and so their last bits.
    return named([[round(x, PLACES) for x in row] for row in m], "output", words,
                    [f"out{k + 1}" for k in range(len(m[0]))])
