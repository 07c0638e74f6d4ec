"""Lesson 6's fast path: one training step of the head in plain Python, unrecorded.

The lesson records attention term by term with the engine; the hundreds of training
steps run here. Two shortcuts make them cheap, neither changing the arithmetic:
- only the pronoun's row has a target, so only that row is worked out (every other
  row's gradient is 0);
- an embedding is mostly zeros, so each word is kept as its nonzero features
  (`picks`): its key is the rows of W_K they pick, a word with none has key 0, value 0
  and score 0, and only the rows of W_Q and W_K that some word picks get a gradient.
tests/test_lesson6.py checks every step against torch.autograd.
"""

from math import exp, log, sqrt
from operator import mul


def dot(a, b):
    """Return a · b, added left to right."""
    return sum(map(mul, a, b))


def softmax(xs):
    """Return softmax of xs, less the largest first, as the engine computes it."""
    top = max(xs)
    es = [exp(x - top) for x in xs]
    total = sum(es)
    return [e / total for e in es]


def picks(x):
    """Return the nonzero features of an embedding, as (feature, number) pairs."""
    return tuple((f, v) for f, v in enumerate(x) if v)


def project(picked, W):
    """Return x @ W for the x whose nonzero features are `picked` (None for none)."""
    out = None
    for f, v in picked:
        row = [v * w for w in W[f]]
        out = row if out is None else [a + b for a, b in zip(out, row)]
    return out


def forward(X, W_Q, W_K, p, scaled=True):
    """Return row p's query, every key (None for 0), its scores and its weights.

    X is a sentence as `sparse` gives it: each word's picks."""
    q = project(X[p], W_Q) or [0.0] * len(W_Q[0])
    K = [project(x, W_K) for x in X]
    root = sqrt(len(q)) if scaled else 1
    scores = [dot(q, k) / root if k else 0.0 for k in K]
    return q, K, scores, softmax(scores)


def step(X, W_Q, W_K, p, t, scaled=True):
    """Return (loss, weights of row p, ∂L/∂W_Q, ∂L/∂W_K, ∂L/∂scores) for target t.

    The loss is −log of the share of word t when the pronoun's new value is read
    against every word's embedding (the values are the embeddings themselves).
    ∂L/∂W_Q and ∂L/∂W_K are {row of W: its gradient}; rows left out have gradient 0.
    """
    q, K, scores, w = forward(X, W_Q, W_K, p, scaled)
    out = {}
    for w_j, x in zip(w, X):  # the new value: Σ w_j x_j, feature by feature
        for f, v in x:
            out[f] = out.get(f, 0.0) + w_j * v
    r = softmax([sum(out[f] * v for f, v in x) for x in X])
    loss = -log(r[t])
    g_out = {}
    for j, (r_j, x) in enumerate(zip(r, X)):  # readout: ∂L/∂logit_j = r_j − δ_jt
        for f, v in x:
            g_out[f] = g_out.get(f, 0.0) + (r_j - (j == t)) * v
    g_w = [sum(g_out[f] * v for f, v in x) for x in X]
    mean = dot(w, g_w)
    root = sqrt(len(q)) if scaled else 1
    g_s = [w_j * (g_j - mean) / root for w_j, g_j in zip(w, g_w)]  # w_j(δ_ij − w_i)
    g_q = [0.0] * len(q)
    g_WK = {}
    for g, k, x in zip(g_s, K, X):
        if k:
            g_q = [a + g * b for a, b in zip(g_q, k)]
            g_k = [g * b for b in q]
            for f, v in x:
                row = [v * b for b in g_k]
                g_WK[f] = [a + b for a, b in zip(g_WK[f], row)] if f in g_WK else row
    g_WQ = {f: [v * g for g in g_q] for f, v in X[p]}
    return loss, w, g_WQ, g_WK, g_s


def update(W, g, rate):
    """Return W − rate × g, for g as step() gives it."""
    return [[w - rate * x for w, x in zip(row, g[f])] if f in g else row
            for f, row in enumerate(W)]


def sparse(X):
    """Return a sentence's embeddings as step() takes them: each word's picks."""
    return [picks(x) for x in X]


def train(examples, W_Q, W_K, rate, scaled=True):
    """Train on (sparse X, p, t) examples in turn; return W_Q, W_K and each step's loss.

    The arithmetic of step() then update(), with nothing built that the update does not
    need: a key is v × a row of W_K, so the scores and ∂L/∂q read W_K's rows directly,
    and each row of W_K moves by one number times q."""
    W_Q, W_K = list(W_Q), list(W_K)  # rows are replaced, never changed in place
    d = len(W_Q[0])
    root = sqrt(d) if scaled else 1
    losses = []
    for X, p, t in examples:
        q = project(X[p], W_Q) or [0.0] * d
        qk = {f: dot(q, W_K[f]) for x in X for f, _ in x}  # q · each row a word picks
        w = softmax([sum(v * qk[f] for f, v in x) / root if x else 0.0 for x in X])
        g_w, loss = readout(X, w, t)
        losses.append(loss)
        mean = dot(w, g_w)
        c = {}  # ∂L/∂score_j times v, gathered per row of W_K
        for w_j, g_j, x in zip(w, g_w, X):
            g = w_j * (g_j - mean) / root
            for f, v in x:
                c[f] = c.get(f, 0.0) + g * v
        g_q = [0.0] * d
        for f, k in c.items():
            g_q = [a + k * b for a, b in zip(g_q, W_K[f])]
        for f, k in c.items():
            k *= rate
            W_K[f] = [a - k * b for a, b in zip(W_K[f], q)]
        for f, v in X[p]:
            v *= rate
            W_Q[f] = [a - v * b for a, b in zip(W_Q[f], g_q)]
    return W_Q, W_K, losses


def readout(X, w, t):
    """Return ∂L/∂w (for each word's weight) and the loss, −log of word t's share when
    the new value Σ w_j x_j is read against every word's embedding."""
    out = {}
    for w_j, x in zip(w, X):
        for f, v in x:
            out[f] = out.get(f, 0.0) + w_j * v
    r = softmax([sum(out[f] * v for f, v in x) for x in X])
    g_out = {}
    for j, (r_j, x) in enumerate(zip(r, X)):  # ∂L/∂logit_j = r_j − δ_jt
        for f, v in x:
            g_out[f] = g_out.get(f, 0.0) + (r_j - (j == t)) * v
    return [sum(g_out[f] * v for f, v in x) for x in X], -log(r[t])
