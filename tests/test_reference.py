"""The engine's attention agrees with NumPy on random inputs of several sizes."""

import random

import pytest

import tracer

np = pytest.importorskip("numpy")

SIZES = [(1, 1, 1), (2, 3, 2), (3, 4, 5), (5, 4, 3), (10, 4, 4), (7, 16, 9), (12, 8, 1)]


def random_matrix(rng, rows, cols):
    return [[rng.uniform(0.05, 1.0) for _ in range(cols)] for _ in range(rows)]


def biggest_gap(ours, theirs):
    return float(np.max(np.abs(np.array(ours) - theirs)))


@pytest.mark.parametrize("n, d, dv", SIZES)
def test_attention_agrees_with_numpy(n, d, dv):
    rng = random.Random(n * 1000 + d * 10 + dv)
    q, k, v = random_matrix(rng, n, d), random_matrix(rng, n, d), random_matrix(rng, n, dv)
    with tracer.recording() as trace:
        scores = tracer.matmul(q, tracer.transpose(k))
        weights = tracer.normalize_rows(scores)
        out = tracer.matmul(weights, v)
    assert len(trace) == 4

    Q, K, V = np.array(q), np.array(k), np.array(v)
    S = Q @ K.T
    W = S / S.sum(axis=1, keepdims=True)
    O = W @ V
    assert np.array(out).shape == (n, dv)
    assert biggest_gap(scores, S) <= 1e-12
    assert biggest_gap(weights, W) <= 1e-12
    assert biggest_gap(out, O) <= 1e-12


@pytest.mark.parametrize("n", [1, 2, 5, 20])
def test_softmax_agrees_with_numpy(n):
    rng = random.Random(n)
    xs = [rng.uniform(-5, 5) for _ in range(n)]
    e = np.exp(np.array(xs) - max(xs))
    assert biggest_gap(tracer.softmax(xs), e / e.sum()) <= 1e-12


def test_weights_rows_add_up_to_one():
    rng = random.Random(7)
    q, k = random_matrix(rng, 6, 3), random_matrix(rng, 6, 3)
    weights = tracer.normalize_rows(tracer.matmul(q, tracer.transpose(k)))
    assert biggest_gap([sum(row) for row in weights], np.ones(6)) <= 1e-15
