"""Lesson 6: a head learns where to look: W_Q and W_K trained from random numbers."""

import random
from math import floor, isclose, log, log10

from tracer import (ask, cross_entropy, curve, divide_matrix, dot, follow, get_keys,
                    get_queries, grad, labels_of, matmul, named, root, say, section,
                    softmax_rows, sub, transpose, update, words_of)

from . import possessive
from . import pronouns as task
from . import training

TITLE = "A head learns where to look"
SEED = 3  # the head's first matrices and the made-up sentences: the same for everyone
# (seed 1 made a gradient of 8.1e-06 from 0.005 × 0.0016, which the figures shown cannot check)
D = 4  # numbers in each query and key
BIG_D = 64  # the size at which scaling matters
STEPS = 300  # training steps, one sentence each
RATE = 0.1  # how far each step moves the matrices against their gradient
EVERY = 50  # steps between progress lines
SEEDS = range(1, 11)  # the starts the √d comparison is repeated from
VOCABULARY = True  # the head reads words of its own, not the vector set's
FOLLOWS = "the sentence's pronoun"  # not a word --focus names


def run(words, focus=None, partner=None):
    """Train one attention head to find what a pronoun stands for, then try it out."""
    demo = task.DEMO_WORDS
    p = task.pronoun(demo)
    t = task.answer(demo, p)
    follow(demo[p])
    examples = [example(words) for words in task.sentences(SEED, STEPS)]
    W_Q, W_K = start(D, SEED)
    introduce(demo, p, t, examples)
    X = embeddings(demo)
    weights, scaled, loss = forward(X, W_Q, W_K, demo, p, t, "before training")
    W_Q, W_K = first_step(X, W_Q, W_K, demo, p, t, weights, scaled, loss)
    W_Q, W_K, losses = progress(examples, W_Q, W_K, demo, p, t, loss)
    trained, scores, _ = forward(X, W_Q, W_K, demo, p, t, "after training")
    learned(demo, p, t, weights, trained, losses)
    scaling(examples, X, demo, p, t)
    flat(demo, p, trained, scores)
    own(words, demo, W_Q, W_K)


# The pieces the lesson is made of

def start(d, seed):
    """Return seeded random W_Q and W_K, one row per feature, d columns each."""
    rng = random.Random(seed)
    spread = 1 / task.SIZE  # so that queries and keys start with numbers about 1 in size
    W_Q, W_K = ([[rng.gauss(0, spread) for _ in range(d)] for _ in task.FEATURES]
                for _ in "QK")
    named(W_Q, "W_Q", task.FEATURES, [f"q{c + 1}" for c in range(d)])
    named(W_K, "W_K", task.FEATURES, [f"k{c + 1}" for c in range(d)])
    return W_Q, W_K


def example(words):
    """Return (embeddings as training takes them, pronoun's position, answer's
    position) of a sentence."""
    p = task.pronoun(words)
    return training.sparse(map(task.embedding, words)), p, task.answer(words, p)


def embeddings(words):
    """Return the embeddings of known words as the matrix X, one row per word."""
    return named([task.embedding(w) for w in words], "X", words, task.FEATURES)


def quoted(words):
    """Return words in quotes, joined by commas."""
    return ", ".join(f"\"{w}\"" for w in words)


# Sections

def introduce(demo, p, t, examples):
    """Say what the head must learn, what it reads, and what it trains on."""
    section("the task")
    say("Lessons 3 to 5 took their queries and keys as given. A real model learns the "
        "matrices that make them. Here one attention head learns them from random "
        "numbers, on one small task: in a sentence such as \"{}\", a pronoun must "
        "attend to the word it stands for: \"she\" to a female name, \"he\" to a male "
        "name, \"it\" to an animal.", task.DEMO)
    say("The head reads {} words. Each has an embedding of {} numbers, one per "
        "feature ({}): a name, an animal or a pronoun holds {} at its feature and 0 "
        "elsewhere, and words such as {} hold no feature at all. The head knows no "
        "positions, so it can only go by what the words are.", len(vocabulary()),
        len(task.FEATURES), ", ".join(task.FEATURES), task.SIZE,
        quoted(task.OTHERS[:3]))
    shown = task.sentences(SEED, 3)[1:]
    say("It trains on {} sentences, one per step: the demo sentence first, then "
        "made-up ones such as \"{}\" (\"{}\" stands for \"{}\") and \"{}\" (\"{}\" "
        "stands for \"{}\").", len(examples),
        *(x for ws in shown for x in (task.text(ws), ws[task.pronoun(ws)],
                                     ws[task.answer(ws, task.pronoun(ws))])))
    say("W_Q and W_K start as seeded random numbers, {} columns each. Nobody tells the "
        "head where \"{}\" should look. Training only judges what attention gives "
        "\"{}\": its new value, read against every word's embedding, should look like "
        "\"{}\".", D, demo[p], demo[p], demo[t])


def vocabulary():
    """Return every word the head has an embedding for."""
    return task.FEMALE + task.MALE + task.ANIMALS + tuple(task.PRONOUNS) + task.OTHERS


def forward(X, W_Q, W_K, words, p, t, when):
    """Record attention on a sentence, the readout the loss judges, and the loss.

    Return the weights, the scaled scores and the loss."""
    section(f"attention {when}")
    Q = matmul(X, W_Q, name="Q", why="Each word's query: its embedding times W_Q.")
    K = matmul(X, W_K, name="K", why="Each word's key: its embedding times W_K.")
    scores = matmul(Q, transpose(K, why="Turn K on its side: one key per column."),
                    name="scores", why="Every query against every key.")
    scaled = divide_matrix(scores, root(D, why="The square root of the key size."),
                           names=["scores", f"√{D}"], name="scaled",
                           why="Every score divided by that square root.")
    say("Each row of scaled holds one word's scores: its query against every key, "
        "divided by √{}. Softmax turns a row into weights that add up to 1: how much of "
        "each word's value that word takes.", D)
    P = softmax_rows(scaled, name="weights", why="Softmax on every row: the weights.")
    out = matmul(P, X, name="new values", why="Each word's new value: the embeddings, "
                 "weighted by its row. The values here are the embeddings themselves.")
    say("Attention ends there. To judge it, read the new value of \"{}\" against every "
        "word's embedding: softmax turns those numbers into shares, and the loss wants "
        "\"{}\"'s share to be large.", words[p], words[t])
    readout = matmul(out, transpose(X, why="Turn X on its side: one word per column."),
                     name="readout", why="Each new value against every word's "
                     "embedding: which word does it look like?")
    shares = softmax_rows(readout, name="readout shares",
                          why="Softmax on every row: each word's share of the readout.")
    targets = [t if i == p else None for i in range(len(words))]  # the pronoun's row only
    loss = cross_entropy(shares, targets, name="loss", why="Only the pronoun's row has a "
                         "right answer: the loss is −log of its share there.")
    top = max(range(len(words)), key=P[p].__getitem__)
    say("{}, \"{}\" gives \"{}\" weight {}" + (
        ", more than any other word." if top == t else
        "; its largest weight, {}, goes to \"{}\".") + " Read against every embedding, "
        "the new value of \"{}\" gives \"{}\" a share of {}. The loss is minus the "
        "logarithm of that share, worked out above with the digits it takes to check: "
        "{}. It would be 0 if the share were 1.",
        when.capitalize(), words[p], words[t], P[p][t],
        *(() if top == t else (P[p][top], words[top])), words[p], words[t],
        shares[p][t], loss)
    return P, scaled, loss


def first_step(X, W_Q, W_K, words, p, t, weights, scaled, loss):
    """Record the first training step: the gradients, term by term, and the update."""
    section("the first step back")
    say("Training asks how the loss moves when each number in W_Q and W_K moves: its "
        "gradient. The engine goes back through every step above, last first, each by "
        "its own rule: through −log, through the readout's softmax, through the new "
        "values, through the weights' softmax (its slopes w_k(δ − w_j)), through ÷√{}, "
        "through Q Kᵀ and at last through the projections.", D)
    g_Q, g_K = grad(loss, [W_Q, W_K])
    named(g_Q, "∂L/∂W_Q", *labels_of(W_Q)[1:])
    named(g_K, "∂L/∂W_K", *labels_of(W_K)[1:])
    moved_Q = [f for f, g in zip(task.FEATURES, g_Q) if any(g)]
    moved_K = [f for f, g in zip(task.FEATURES, g_K) if any(g)]
    carried = [f for f in task.FEATURES if any(task.feature(w) == f for w in words)]
    say("Only \"{}\" has a target, so only its query reaches the loss: of W_Q, {} {} {} "
        "a gradient other than 0. Of W_K, {} {} {} one: {}.", words[p],
        "the row of feature" if len(moved_Q) == 1 else "the rows of features",
        quoted(moved_Q) if moved_Q else "none", "has" if len(moved_Q) == 1 else "have",
        "the rows of features" if len(moved_K) != 1 else "the row of feature",
        quoted(moved_K) if moved_K else "none",
        "has" if len(moved_K) == 1 else "have", "one for each feature the sentence's "
        "words carry" if moved_K == carried else "not every feature the sentence's words "
        "carry")
    section("the update")
    rise = ask("One step of {} times the gradient downhill: after it, will the weight "
               "of \"{}\" on \"{}\" rise or fall?", RATE, words[p], words[t],
               choices=("rise", "fall"))
    new_Q = update(W_Q, g_Q, RATE, names=["W_Q", "∂L/∂W_Q", str(RATE)], name="W_Q",
                   why="Every number of W_Q less the rate times its gradient.")
    new_K = update(W_K, g_K, RATE, names=["W_K", "∂L/∂W_K", str(RATE)], name="W_K",
                   why="And of W_K.")
    named(new_Q, "W_Q", *labels_of(W_Q)[1:])
    named(new_K, "W_K", *labels_of(W_K)[1:])
    after, score = row_weights(X, new_Q, new_K, words, p, "after one step")
    rise.answer("rise" if after[t] > weights[p][t] else "fall",
                "It {} from {} to {}; {} scaled score for \"{}\" went from {} to {}.",
                change(weights[p][t], after[t]), weights[p][t], after[t],
                possessive(words[p]), words[t], scaled[p][t], score[t])
    say("After one step, \"{}\" gives \"{}\" weight {}; before it, {}. {}", words[p],
        words[t], after[t], weights[p][t],
        "A small step in the right direction: training takes hundreds of them."
        if after[t] > weights[p][t] else
        "This step moved it the wrong way: a step follows the gradient of this "
        "sentence's loss, which need not raise this one weight.")
    return new_Q, new_K


def row_weights(X, W_Q, W_K, words, p, when):
    """Record one word's weights: its query against every key, scaled, softmax."""
    x = named([X[p]], f"x_{words[p]}", [words[p]], task.FEATURES)
    q = matmul(x, W_Q, name=f"q_{words[p]}", why=f"The query of \"{words[p]}\", {when}.")
    K = matmul(X, W_K, name="K", why=f"Every key, {when}.")
    scores = matmul(q, transpose(K, why="One key per column."), name="scores",
                    why=f"The query of \"{words[p]}\" against every key.")
    scaled = divide_matrix(scores, root(D, why="The square root of the key size."),
                           names=["scores", f"√{D}"], name="scaled",
                           why="Every score divided by that square root.")
    w = softmax_rows(scaled, name="weights", why=f"The weights of \"{words[p]}\", {when}.")
    return w[0], scaled[0]


def progress(examples, W_Q, W_K, demo, p, t, loss):
    """Train on the sentences after the first, in runs of EVERY steps, saying the loss
    and the demo's weight after each; return the matrices and every step's loss."""
    section("training")
    say("Every step does what the first did: attention forward, the loss, the gradient "
        "of the loss with respect to every number in W_Q and W_K, and a step of {} "
        "times the gradient downhill. The engine now repeats it on the other {} "
        "sentences without recording every term.", RATE, len(examples) - 1)
    X = examples[0][0]
    losses = [loss]
    for k in range(0, len(examples), EVERY):
        W_Q, W_K, run = training.train(examples[max(1, k):k + EVERY], W_Q, W_K, RATE)
        losses += run
        w = training.forward(X, W_Q, W_K, p)[3][t]
        done = losses[k:k + EVERY]
        say("Steps {} to {}: average loss {}; \"{}\" now gives \"{}\" weight {}.",
            k + 1, k + len(done), sum(done) / len(done), demo[p], demo[t], w)
    curve(losses, names=["loss"], name="loss curve",
          why="The loss of every step: each sentence is new, so it jumps about.")
    return named(W_Q, "trained W_Q"), named(W_K, "trained W_K"), losses


def learned(demo, p, t, before, after, losses):
    """Say what training changed, from the numbers it gave."""
    first, last = (sum(run) / len(run) for run in (losses[:EVERY], losses[-EVERY:]))
    top = max(range(len(demo)), key=after[p].__getitem__)
    say("Over {} steps the average loss went from {} (the first {} steps) to {} (the "
        "last {}). The weight of \"{}\" on \"{}\" {} from {} to {}. {}", len(losses),
        first, EVERY, last, EVERY, demo[p], demo[t], change(before[p][t], after[p][t]),
        before[p][t], after[p][t],
        f"\"{demo[t]}\" is now where \"{demo[p]}\" looks most: nobody said where to "
        "look, yet the gradients moved W_Q and W_K until the pronoun's query met the "
        "name's key." if top == t else
        f"Yet \"{demo[p]}\" still looks most at \"{demo[top]}\": training did not "
        "teach this head the task.")


def scaling(examples, X, demo, p, t):
    """Train at BIG_D with and without ÷√d: a saturated softmax shrinks the gradients.
    Then the same from every seed in SEEDS: the argument rests on more than one start."""
    section("why divide by √d")
    say("Lesson 4 showed that longer random queries and keys make softmax more "
        "peaked, and that dividing by √d undoes it. Gradients say why that matters. "
        "Start again with {} columns instead of {}, from the same seed.", BIG_D, D)
    W_Q, W_K = start(BIG_D, SEED)
    x_p = named([X[p]], f"x_{demo[p]}", [demo[p]], task.FEATURES)
    q = matmul(x_p, W_Q, name=f"q_{demo[p]}",
               why=f"The query of \"{demo[p]}\", {BIG_D} numbers long.")
    K = matmul(X, W_K, name="K", why=f"Every word's key, {BIG_D} numbers long.")
    scores = matmul(q, transpose(K, why="One key per column."), name="scores",
                    why=f"The query of \"{demo[p]}\" against every key.")
    plain = softmax_rows(scores, name="weights unscaled", why="Softmax as it is.")
    root_d = root(BIG_D, why="The square root of the key size.")
    scaled = softmax_rows(divide_matrix(scores, root_d, names=["scores", f"√{BIG_D}"],
                                        name="scaled", why="The scores divided by √d first."),
                          name="weights scaled", why="Softmax after scaling.")
    say("The softmax's slope, the Jacobian w_i(δ_ij − w_j), carries every gradient "
        "back from the weights to the scores. Its diagonal w × (1 − w) is largest at "
        "w = 1/2 and 0 at w = 0 and w = 1. Add it up over the row:")
    slopes = [dot(w[0], sub([1] * len(w[0]), w[0], names=["1", "w"],
                            why="1 − w for every weight."),
                  names=["w", "(1 − w)"], why="Σ w × (1 − w) over the row.")
              for w in (plain, scaled)]
    say("Unscaled, the weights of \"{}\" run from {} to {} and Σ w × (1 − w) is {}; "
        "scaled, they run from {} to {} and it is {}.", demo[p], min(plain[0]),
        max(plain[0]), slopes[0], min(scaled[0]), max(scaled[0]), slopes[1])
    x = training.sparse(X)
    g_plain = training.step(x, W_Q, W_K, p, t, scaled=False)[4][t]
    g_scaled = training.step(x, W_Q, W_K, p, t, scaled=True)[4][t]
    w_p, w_s = plain[0][t], scaled[0][t]
    say("The score that must rise is {} score for \"{}\". Its weight is {} unscaled "
        "and {} scaled, so its w × (1 − w) is {} against {}. On the first step the "
        "gradient reaching that score is {} unscaled against {} scaled" + (
            ": more than {} times smaller." if abs(g_plain) < abs(g_scaled) else
            ", not smaller{}."), possessive(demo[p]), demo[t], w_p, w_s,
        w_p * (1 - w_p), w_s * (1 - w_s), g_plain, g_scaled,
        power(ratio(abs(g_scaled), abs(g_plain))) if abs(g_plain) < abs(g_scaled) else "")
    runs = {seed: compare(examples, x, p, t, seed) for seed in SEEDS}
    here = runs.get(SEED) or compare(examples, x, p, t, SEED)
    (p0, p1, pw), (s0, s1, sw) = here["run"][False], here["run"][True]
    say("Trained {} steps at the same rate: unscaled, the average loss went from {} to "
        "{}, and \"{}\" gives \"{}\" weight {}; scaled, from {} to {}, weight {}. {}",
        STEPS, p0, p1, demo[p], demo[t], pw, s0, s1, sw,
        unscaled_end(p0, p1, s1, pw, len(demo)))
    seeds(list(runs.values()), len(examples), demo, p, t)


def unscaled_end(p0, p1, s1, pw, n):
    """Say how unscaled training ended beside scaled, from its losses and target weight."""
    if p1 <= 2 * s1:
        return "Here scaling made less difference than the argument predicts."
    return ("Unscaled, the loss fell by {:.0%} but ends about {:.0f} times the scaled one{}: a "
            "saturated softmax passes too little gradient back.").format(
        1 - p1 / p0, p1 / s1, ", and the weight on the answer stays below an "
        f"even share, 1/{n}" if pw < 1 / n else "")


def compare(examples, x, p, t, seed):
    """Return what one seed gives at BIG_D, unscaled (False) and scaled (True): the
    largest first weight, the first gradient at the target's score, and after
    training the average loss of the first and last EVERY steps and the target's weight."""
    W_Q, W_K = start(BIG_D, seed)
    top, g, run = {}, {}, {}
    for scaled in (False, True):
        _, weights, _, _, g_s = training.step(x, W_Q, W_K, p, t, scaled)
        top[scaled], g[scaled] = max(weights), g_s[t]
        Wq, Wk, losses = training.train(examples, W_Q, W_K, RATE, scaled)
        run[scaled] = (sum(losses[:EVERY]) / EVERY, sum(losses[-EVERY:]) / EVERY,
                       training.forward(x, Wq, Wk, p, scaled)[3][t])
    return {"seed": seed, "top": top, "g": g, "run": run}


def seeds(runs, sentences, demo, p, t):
    """Say what the runs from every seed give, and what they conclude."""
    n, first, last = len(runs), runs[0]["seed"], runs[-1]["seed"]
    top = {s: [r["top"][s] for r in runs] for s in (False, True)}
    say("One seed is one start. From each of the seeds {} to {}, on the same {} "
        "sentences: unscaled, the largest first weight of \"{}\" runs from {} to {}; "
        "scaled, from {} to {}.", first, last, sentences, demo[p], min(top[False]),
        max(top[False]), min(top[True]), max(top[True]))
    shrink = [abs(r["g"][True] / r["g"][False]) for r in runs if r["g"][False]
              and abs(r["g"][False]) < abs(r["g"][True])]
    say("The first gradient reaching {} score for \"{}\" is smaller unscaled with {} of "
        "the {} seeds" + (", by {} to {} times" if shrink else "") + "; from the "
        "other {}, it is as large or larger.", possessive(demo[p]), demo[t], len(shrink),
        n, *((figures(min(shrink)), figures(max(shrink))) if shrink else ()),
        n - len(shrink))
    final = {s: [r["run"][s][1] for r in runs] for s in (False, True)}
    bar = 2 * min(final[False] + final[True])  # twice the best run's last loss
    stalled = {s: [r["seed"] for r in runs if r["run"][s][1] > bar] for s in (False, True)}
    say("After {} steps the average loss of the last {} runs from {} to {} unscaled "
        "and from {} to {} scaled. Call a run stalled if it stays above {}, twice the "
        "best: unscaled, {} of the {} stalled{}; scaled, {}{}. {}", STEPS, EVERY,
        min(final[False]), max(final[False]), min(final[True]), max(final[True]), bar,
        len(stalled[False]), n, listed(stalled[False]), len(stalled[True]),
        listed(stalled[True]), verdict(len(stalled[False]), len(stalled[True]), n))


def listed(seeds):
    """Return the seeds named in brackets, or nothing for none."""
    if not seeds:
        return ""
    return f" (seed{'s' * (len(seeds) > 1)} {', '.join(map(str, seeds))})"


def verdict(plain, scaled, n):
    """Return what the runs over n seeds conclude, given how many stalled each way."""
    if plain and not scaled:
        return ("Scaled, the head learned from every start; unscaled, it stalled from "
                f"{plain} of the {n}, on the same sentences: without √d, whether it "
                "learns rests on where its random start happens to saturate.")
    if not plain and not scaled:
        return ("Both learned from every start: here saturation slowed the unscaled "
                "head at most, and these runs do not show that scaling is needed.")
    if plain > scaled:
        return ("Scaling did not save every start, but it stalled less often, "
                f"{scaled} against {plain}.")
    return ("Scaled runs stalled as often or more: these runs do not support dividing "
            "by √d.")


def flat(demo, p, trained, trained_scores):
    """Set lesson 4's near-flat weights beside the trained head's sharp ones."""
    section("lesson 4's flat weights")
    say("Lesson 4 ended with weights that were nearly flat. Its queries and keys were "
        "picked by hand, with keys of length 1: every score stays small, and softmax "
        "sees only differences between scores.")
    Q, K = get_queries(demo), get_keys(demo)
    relevances = matmul(Q, transpose(K, why="One key per column."), name="relevances",
                        why="Lesson 4's relevances.")
    n = root(len(K[0]), why="The square root of the key size.")
    scores = divide_matrix(relevances, n, names=["relevances", f"√{len(K[0])}"],
                           name="scaled", why="Scaled, as lesson 4 did.")
    weights = softmax_rows(scores, name="lesson 4's weights",
                           why="Lesson 4's weights again.")
    tops = [max(row) for row in weights]
    n = len(demo)
    say("Lesson 4's rows give their largest weight from {} to {}, against {} if every "
        "word had the same; \"{}\" spreads its scores over only {}. The trained head "
        "gives \"{}\" a largest weight of {}, its scores spread over {}. {}", min(tops),
        max(tops), 1 / n, demo[p], spread(scores[p]), demo[p], max(trained[p]),
        spread(trained_scores[p]), "Trained projections make the scores far apart, "
        "and far-apart scores give a sharp softmax." if max(trained[p]) > max(tops)
        else "Here training did not make the weights sharper.")


def own(words, demo, W_Q, W_K):
    """Run the trained head on the learner's sentence, naming words it does not know."""
    section("your sentence")
    if words == demo:
        words = words_of(task.HELD_OUT)
        seen = words in task.sentences(SEED, STEPS)
        say("Now a sentence the head " + ("also trained on" if seen else
                                          "never trained on") + ": \"{}\". Try your own "
            "with --sentence, made of the words the head knows.", task.HELD_OUT)
    unknown = [w for w in words if not task.known(w)]
    if unknown:
        say("The head has no embedding for {}: it never saw {}. It reads the sentence "
            "without {}, rather than give {} a meaning it never learned.",
            quoted(unknown), "it" if len(unknown) == 1 else "them",
            "it" if len(unknown) == 1 else "them", "it" if len(unknown) == 1 else "them")
    words = [w for w in words if task.known(w)]
    if not words:
        say("That leaves no word to read. The head knows these: {}.",
            ", ".join(vocabulary()))
        return
    X = embeddings(words)
    Q = matmul(X, W_Q, name="Q", why="Queries from the trained W_Q.")
    K = matmul(X, W_K, name="K", why="Keys from the trained W_K.")
    scores = matmul(Q, transpose(K, why="One key per column."), name="scores",
                    why="Every query against every key.")
    n = root(D, why="The square root of the key size.")
    scaled = divide_matrix(scores, n, names=["scores", f"√{D}"], name="scaled",
                           why="Every score divided by it.")
    P = softmax_rows(scaled, name="weights", why="The trained head's weights.")
    say_pronoun(words, P)


def say_pronoun(words, P):
    """Say where the sentence's pronoun looks, and whether that is the word it means."""
    p = task.pronoun(words)
    if p is None:
        say("This sentence has no \"she\", \"he\" or \"it\", the only words the head "
            "learned to look from; its other rows mean little.")
        return
    top = max(P[p])
    ties = [j for j, w in enumerate(P[p]) if isclose(w, top, rel_tol=1e-9)]
    right = task.answer(words, p)
    kind = {"she": "female name", "he": "male name", "it": "animal"}[task.base(words[p])]
    say(looks(words, ties), words[p], *(words[j] for j in ties if len(ties) < len(words)),
        top, f"That is the only {kind} in the sentence: the head got it right."
        if ties == [right] else
        f"The only {kind} in the sentence is \"{words[right]}\", but the head does not "
        "single it out." if right in ties else
        f"The only {kind} in the sentence is \"{words[right]}\": the head got it wrong."
        if right is not None else
        f"The sentence has no single {kind} for it to find, so there is no right answer.")


def looks(words, ties):
    """Return how to say where a word looks: one word most, an even spread, or a tie."""
    if len(words) == 1:
        return "\"{}\" is the only word, so all its weight, {}, is on itself. {}"
    if len(ties) == 1:
        return "\"{}\" looks most at \"{}\", with weight {}. {}"
    if len(ties) == len(words):
        return "\"{}\" spreads its weight evenly, {} on every word. {}"
    marks = ["\"{}\""] * len(ties)  # "a" and "b", or "a", "b" and "c"
    return ("\"{}\" looks equally at " + ", ".join(marks[:-1]) + " and " + marks[-1]
            + ", with weight {} each. {}")


# Numbers in words

def change(before, after):
    """Return which way a number moved, in words."""
    return "rose" if after > before else "fell" if after < before else "stayed"


def ratio(a, b):
    """Return a / b, or None when b is 0."""
    return a / b if b else None


def figures(x):
    """Return a ratio of at least 1 to two significant figures, as a whole number
    (6.367 gives 6, 2904430.7 gives 2900000): the size is the point, not the digits."""
    return int(round(x, 1 - floor(log10(x)))) if x >= 1 else x


def power(x):
    """Return the power of ten at or below x (645 gives 100): all that a ratio of numbers
    shown to two figures can be checked to, whatever the digits shown."""
    return 10 ** floor(log10(x)) if x and x >= 1 else x


def spread(row):
    """Return how far apart the largest and smallest of a row are."""
    return max(row) - min(row)
