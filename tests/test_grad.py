"""Gradients (tracer/grad.py and each operation's backward step), checked against
PyTorch's autograd in float64, and against central finite differences where PyTorch is
missing.

Each case is written once as a function of an `o` namespace: run with `tracer` it
records the forward and backward steps; run with `Torch` below it builds the same
computation for autograd. The gradients agree when every entry is within 1e-12 of
PyTorch's, relative to the largest entry of the whole gradient (every parameter's
entries together). An entry far smaller than that comes from cancellation, where two
float64 computations in different orders differ in their last digits of the largest
terms, so a ratio per entry would measure the order of adding, not the gradient.
"""

import importlib.util
import io
import math
import random
import re
from fractions import Fraction as F
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

import tracer
from tracer.play.walk import Walk
from tracer.step import Trace, remember
from helpers import error_of, random_matrix

ULPS = 4 * 2.0 ** -52  # a few units in the last place of a number near 1
REL = 1e-12
TORCH = importlib.util.find_spec("torch") is not None


# The same computation for PyTorch: each of tracer's operations, as autograd builds it.

class Torch:
    """tracer's operations on float64 tensors, for autograd to differentiate."""

    def __init__(self, torch):
        self.t = torch

    def tensor(self, x):
        return x if self.t.is_tensor(x) else self.t.tensor(x, dtype=self.t.float64)

    def dot(self, a, b, **_):
        return (self.tensor(a) * self.tensor(b)).sum()

    def add(self, a, b, **_):
        return a + b

    def sub(self, a, b, **_):
        return a - b

    def scale(self, c, v, **_):
        return c * v

    def weighted_sum(self, w, m, **_):
        return w @ m

    def mix(self, a, b, r, **_):
        return r * a + (1 - r) * b

    def matmul(self, a, b, **_):
        return a @ b

    def transpose(self, m, **_):
        return m.T

    def root(self, n, **_):
        return math.sqrt(n)

    def divide_matrix(self, m, d, **_):
        return m / float(d)

    def add_matrices(self, a, b, **_):
        return a + b

    def concat(self, a, b, **_):
        return self.t.cat([a, b], dim=1)

    def softmax(self, x, **_):
        return self.t.softmax(x, dim=0)

    def causal_mask(self, n, words=None, **_):
        return self.t.tril(self.t.ones(n, n, dtype=self.t.bool))

    def softmax_rows(self, m, mask=None, **_):
        if mask is not None:
            m = m.masked_fill(~mask, float("-inf"))
        return self.t.softmax(m, dim=1)

    def cross_entropy(self, p, targets, **_):
        picked = [(i, t) for i, t in enumerate(targets) if t is not None]
        return -sum(self.t.log(p[i, t]) for i, t in picked) / len(picked)

    def attention(self, q, k, v, mask=None, scaled=True, **_):
        s = self.matmul(q, self.transpose(k))
        if scaled:
            s = self.divide_matrix(s, self.root(len(q[0])))
        return self.matmul(self.softmax_rows(s, mask), v)


def torch_grads(case, params):
    """Return PyTorch's gradient of case's loss for each parameter, as nested lists."""
    torch = pytest.importorskip("torch", reason="PyTorch is not installed: the "
                                "finite-difference tests stand in for this comparison")
    tensors = [torch.tensor(p, dtype=torch.float64, requires_grad=True) for p in params]
    loss = case(Torch(torch), *tensors)
    loss.backward()
    return [t.grad.tolist() for t in tensors]


def ours(case, params, exact=False):
    """Return tracer's loss and gradients for case, and the trace that recorded them."""
    with tracer.recording(exact=exact) as trace:
        loss = case(tracer, *params)
        grads = tracer.grad(loss, list(params))
    return loss, grads, trace


def entries(x):
    return [y for row in x for y in entries(row)] if isinstance(x, (list, tuple)) else [x]


def assert_close(got, want, rel=REL, floor=0.0):
    """Every entry of got within rel of want's largest entry (both shaped alike), or
    within floor (a finite difference's own error, far below the step it takes)."""
    a, b = entries(got), entries(want)
    assert len(a) == len(b)
    size = max(map(abs, b), default=0)
    worst = max((abs(float(x) - y) for x, y in zip(a, b)), default=0)
    assert worst <= rel * size + floor, (worst, size)


def agrees_with_torch(case, params, exact=False):
    """Check tracer's gradients against PyTorch's, all parameters as one gradient;
    return the trace."""
    _, grads, trace = ours(case, params, exact)
    for got, p in zip(grads, params):
        assert shape(got) == shape(p)
    # A saturated softmax leaves gradients near 1e-5 made from weights near 1, where one
    # ulp of a weight (2.2e-16) is already 1e-11 of the gradient: past 1e-12 of the
    # largest entry, a few ulps of the numbers they came from are allowed too.
    assert_close(grads, torch_grads(case, params), floor=ULPS)
    return trace


def shape(x):
    return (len(x), len(x[0])) if isinstance(x[0], list) else (len(x),)


def finite_differences(case, params, h=1e-6):
    """Return each parameter's gradient by central differences of case's loss."""
    out = []
    for p in params:
        grad = [list(row) if isinstance(row, list) else 0.0 for row in p]
        for at in places(p):
            def loss_at(x):
                moved = [list(r) if isinstance(r, list) else r for r in p]
                put(moved, at, x)
                return float(case(tracer, *[moved if q is p else q for q in params]))
            x = get(p, at)
            put(grad, at, (loss_at(x + h) - loss_at(x - h)) / (2 * h))
        out.append(grad)
    return out


def places(p):
    return [(i, j) for i in range(len(p)) for j in range(len(p[0]))] \
        if isinstance(p[0], list) else [(i,) for i in range(len(p))]


def get(p, at):
    return p[at[0]][at[1]] if len(at) == 2 else p[at[0]]


def put(p, at, x):
    if len(at) == 2:
        p[at[0]][at[1]] = x
    else:
        p[at[0]] = x


# The cases: each operation on the path to a loss, then whole heads.

def vector_loss(o, v, r):
    """A number from a vector: its dot product with a fixed vector."""
    return o.dot(v, r)


def matrix_loss(o, m, targets):
    """A number from a matrix: the cross-entropy of its rows' softmax."""
    return o.cross_entropy(o.softmax_rows(m), targets)


def readout_case(n, d, causal, scaled=True, words=None):
    """Self-attention read out against an embedding E: the loss reaches W_Q, W_K, W_V, E."""
    rng = random.Random(n * 100 + d)
    targets = [rng.choice([None, rng.randrange(n)]) for _ in range(n - 1)] + [
        rng.randrange(n)]

    def case(o, X, W_Q, W_K, W_V, E):
        Q, K, V = (o.matmul(X, W, names=["X", f"W_{c}"], name=c)
                   for W, c in ((W_Q, "Q"), (W_K, "K"), (W_V, "V")))
        mask = o.causal_mask(n) if causal else None
        output = o.attention(Q, K, V, mask=mask, scaled=scaled)
        logits = o.matmul(output, o.transpose(E, names=["E"]), name="logits")
        P = o.softmax_rows(logits, name="P")
        return o.cross_entropy(P, targets)
    return case


def head_inputs(n, d, seed=0):
    """Return X, W_Q, W_K, W_V and E, seeded, each entry of the size models start from
    (spread 1/√d, so that products of d terms stay near 1)."""
    rng = random.Random(seed)
    size = 1 / math.sqrt(d)
    return [[[x * size for x in row] for row in random_matrix(rng, r, d)]
            for r in (n, d, d, d, n)]


SIMPLE = {  # operation -> (case, parameters made from a seeded Random)
    "dot": (lambda o, a, b: o.dot(a, b), lambda r: [vec(r, 4), vec(r, 4)]),
    "add": (lambda o, a, b: vector_loss(o, o.add(a, b), R4), lambda r: [vec(r, 4), vec(r, 4)]),
    "sub": (lambda o, a, b: vector_loss(o, o.sub(a, b), R4), lambda r: [vec(r, 4), vec(r, 4)]),
    "scale": (lambda o, a: vector_loss(o, o.scale(0.7, a), R4), lambda r: [vec(r, 4)]),
    "scale by a dot": (lambda o, a, b: vector_loss(o, o.scale(o.dot(a, b), a), R4),
                       lambda r: [vec(r, 4), vec(r, 4)]),
    "a number read twice": (lambda o, a, b: twice(o, o.dot(a, b), a, b),
                            lambda r: [vec(r, 3), vec(r, 3)]),
    "weighted_sum": (lambda o, w, m: vector_loss(o, o.weighted_sum(w, m), R4),
                     lambda r: [vec(r, 3), random_matrix(r, 3, 4)]),
    "mix": (lambda o, a, b: vector_loss(o, o.mix(a, b, 0.3), R4),
            lambda r: [vec(r, 4), vec(r, 4)]),
    "softmax": (lambda o, x: vector_loss(o, o.softmax(x), R4), lambda r: [vec(r, 4)]),
    "dot of a vector with itself": (lambda o, a: o.dot(a, a), lambda r: [vec(r, 4)]),
    "matmul": (lambda o, a, b: matrix_loss(o, o.matmul(a, b), [0, 2, None]),
               lambda r: [random_matrix(r, 3, 2), random_matrix(r, 2, 3)]),
    "transpose": (lambda o, a: matrix_loss(o, o.transpose(a), [1, 0]),
                  lambda r: [random_matrix(r, 2, 2)]),
    "divide_matrix": (lambda o, a: matrix_loss(o, o.divide_matrix(a, o.root(3)), [1, 0]),
                      lambda r: [random_matrix(r, 2, 3)]),
    "softmax_rows": (lambda o, a: matrix_loss(o, a, [2, 0, 1]),
                     lambda r: [random_matrix(r, 3, 3)]),
    "softmax_rows, masked": (lambda o, a: o.cross_entropy(
        o.softmax_rows(a, o.causal_mask(3)), [0, 1, 1]), lambda r: [random_matrix(r, 3, 3)]),
    "add_matrices": (lambda o, a, b: matrix_loss(o, o.add_matrices(a, b), [0, 1]),
                     lambda r: [random_matrix(r, 2, 2), random_matrix(r, 2, 2)]),
    "concat": (lambda o, a, b: matrix_loss(o, o.concat(a, b), [0, 3]),
               lambda r: [random_matrix(r, 2, 2), random_matrix(r, 2, 2)]),
    "cross_entropy": (lambda o, p: o.cross_entropy(p, [1, None, 0]),
                      lambda r: [[[r.uniform(0.1, 1) for _ in range(2)] for _ in range(3)]]),
    "a matrix with itself": (lambda o, a: matrix_loss(o, o.matmul(a, o.transpose(a)), [1, 0]),
                             lambda r: [random_matrix(r, 2, 3)]),
}
R4 = [0.5, -1.25, 2.0, 0.75]


def twice(o, c, a, b):
    """A loss that reads the number c along two paths."""
    return o.dot(o.scale(c, a), o.scale(c, b))


def vec(rng, n):
    return [rng.uniform(-2, 2) for _ in range(n)]


@pytest.mark.parametrize("name", SIMPLE)
def test_each_operation_agrees_with_torch(name):
    case, made = SIMPLE[name]
    agrees_with_torch(case, made(random.Random(name)))


@pytest.mark.parametrize("name", SIMPLE)
def test_each_operation_agrees_with_finite_differences(name):
    case, made = SIMPLE[name]
    params = made(random.Random(name))
    _, grads, _ = ours(case, params)
    for got, want in zip(grads, finite_differences(case, params)):
        assert_close(got, want, rel=1e-6, floor=1e-8)


@pytest.mark.parametrize("causal", [False, True])
@pytest.mark.parametrize("n, d", [(10, 4), (5, 4), (7, 8), (6, 64), (1, 1)])
def test_a_head_read_out_agrees_with_torch_at_the_lessons_shapes(n, d, causal):
    trace = agrees_with_torch(readout_case(n, d, causal), head_inputs(n, d))
    names = {s.name for s in trace}
    assert {"∂L/∂W_Q", "∂L/∂W_K", "∂L/∂W_V", "∂L/∂E", "∂L/∂X"} <= names


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 6), st.integers(1, 5), st.booleans(), st.booleans(),
       st.integers(0, 2**32 - 1))
def test_a_head_of_any_shape_agrees_with_torch(n, d, causal, scaled, seed):
    agrees_with_torch(readout_case(n, d, causal, scaled), head_inputs(n, d, seed))


@settings(max_examples=15, deadline=None)
@given(st.integers(1, 4), st.integers(1, 3), st.booleans(), st.integers(0, 2**32 - 1))
def test_a_head_of_any_shape_agrees_with_finite_differences(n, d, causal, seed):
    case, params = readout_case(n, d, causal), head_inputs(n, d, seed)
    _, grads, _ = ours(case, params)
    for got, want in zip(grads, finite_differences(case, params)):
        assert_close(got, want, rel=1e-6, floor=1e-8)


def test_exact_gradients_are_fractions_and_agree_with_torch():
    case, params = readout_case(4, 2, True), head_inputs(4, 2, 7)
    trace = agrees_with_torch(case, params, exact=True)
    backward = [s for s in trace if s.name and s.name.startswith("∂L/∂")]
    assert backward and all(type(x) is F for s in backward for x in entries(s.result))
    # Rounding happens only in exp and log, forward; going back is exact arithmetic.
    assert {s.op for s in trace if s.rounded} == {"softmax_rows", "cross_entropy", "root"}
    assert not any(s.rounded for s in backward)


# The backward pass as recorded steps

def recorded(n=4, d=3, causal=True, exact=False):
    _, _, trace = ours(readout_case(n, d, causal), head_inputs(n, d, 3), exact)
    return trace


def test_each_backward_result_is_the_last_running_sum_of_its_terms():
    trace = recorded()
    checked = set()
    for step in trace:
        if not (step.name or "").startswith("∂L/∂") or not step.count():
            continue
        for c in range(step.cells()):
            terms = step.cell_terms(c)
            key = step.cell_key(c)
            want = step.result
            for i in key:
                want = want[i]
            last = terms[-1]
            got = last.value if last.total is None else last.total
            assert (got, type(got)) == (want, type(want)), (step.op, c)
            if last.total is not None:
                assert got.hex() == want.hex()
        checked.add(step.op)
    assert {"softmax_rows_grad", "cross_entropy_grad", "matmul", "add_matrices",
            "divide_matrix"} <= checked


def test_softmax_gradient_terms_are_slopes_then_their_weighted_sum():
    with tracer.recording() as trace:
        x = [0.5, -1.0, 2.0]
        w = tracer.softmax(x)
        loss = tracer.dot(w, [1.0, 2.0, 3.0])
        (gx,) = tracer.grad(loss, [x])
    step = trace[-1]
    assert step.op == "softmax_grad" and step.count() == 2 * 3 * 3
    terms = step.cell_terms(1)
    assert [t.kind for t in terms[:3]] == ["cross_slope", "self_slope", "cross_slope"]
    for k, t in enumerate(terms[:3]):  # w_k × (δ − w_j), j = 1
        assert t.value == w[k] * ((k == 1) - w[1])
    assert [t.x for t in terms[3:]] == [1.0, 2.0, 3.0]
    assert terms[-1].total == gx[1]


def test_a_value_read_by_two_paths_adds_up_its_gradients():
    trace = recorded()
    sums = [s for s in trace if s.op == "add_matrices" and s.name == "∂L/∂X"]
    assert len(sums) == 2  # X reaches the loss through Q, K and V
    via = {n for s in sums for n in s.names if "via" in n}
    assert via == {"∂L/∂X via Q", "∂L/∂X via K", "∂L/∂X via V"}


def test_only_steps_on_a_path_to_a_parameter_go_back():
    with tracer.recording() as trace:
        X, W_Q, W_K, W_V, E = head_inputs(3, 2)
        out = tracer.attention(tracer.matmul(X, W_Q, name="Q"), tracer.matmul(X, W_K),
                               tracer.matmul(X, W_V, names=["X", "W_V"], name="V"))
        loss = tracer.cross_entropy(tracer.softmax_rows(out), [0, 1, None])
        forward = len(trace)
        (g,) = tracer.grad(loss, [W_V])
    back = trace.steps[forward:]
    assert [s.op for s in back] == ["cross_entropy_grad", "softmax_rows_grad", "matmul",
                                    "matmul"]
    assert [s.name for s in back[2:]] == ["∂L/∂V", "∂L/∂W_V"]
    assert shape(g) == (2, 2)


def test_a_parameter_the_loss_does_not_read_gets_zeros():
    with tracer.recording() as trace:
        a, b = [1.0, 2.0], [3.0, 4.0]
        tracer.dot(b, b)
        loss = tracer.dot(a, a)
        n = len(trace)
        ga, gb = tracer.grad(loss, [a, b])
    assert ga == [2.0, 4.0] and gb == [0.0, 0.0]
    assert len(trace) == n + 3  # a reaches the loss twice: two scalings and their sum


def test_gradients_are_named_and_labelled_like_their_values():
    words = ["Evan", "Riley", "she"]
    X, W_Q, W_K, _, _ = head_inputs(3, 2)
    with tracer.recording() as trace:
        remember(X, "X", words, ["x1", "x2"])
        remember(W_Q, "W_Q", ["x1", "x2"], ["q1", "q2"])
        remember(W_K, "W_K", ["x1", "x2"], ["k1", "k2"])
        Q, K = tracer.matmul(X, W_Q, name="Q"), tracer.matmul(X, W_K, name="K")
        s = tracer.divide_matrix(tracer.matmul(Q, tracer.transpose(K), name="relevances"),
                                 tracer.root(2), name="s")
        w = tracer.softmax_rows(s, tracer.causal_mask(3, words), name="w")
        loss = tracer.cross_entropy(w, [None, None, "Riley"])  # a column by its label
        tracer.grad(loss, [W_Q, W_K])
    by_name = {s.name: s for s in trace if s.name}
    assert by_name["∂L/∂s"].op == "softmax_rows_grad"
    assert by_name["∂L/∂s"].labels[:2] == (tuple(words), tuple(words))
    assert by_name["∂L/∂W_Q"].labels[:2] == (("x1", "x2"), ("q1", "q2"))
    assert by_name["∂L/∂w"].result[2][1] != 0 and by_name["∂L/∂w"].count() == 1


def test_update_steps_against_the_gradient():
    W, g = [[1.0, 2.0], [3.0, 4.0]], [[0.5, -0.5], [0.25, 0.0]]
    with tracer.recording() as trace:
        new = tracer.update(W, g, 0.1)
        v = tracer.update([1.0, 2.0], [10.0, -10.0], 0.5)
    assert new == [[1.0 - 0.1 * 0.5, 2.0 + 0.1 * 0.5], [3.0 - 0.1 * 0.25, 4.0]]
    assert v == [-4.0, 7.0]
    assert [t.kind for t in trace[0].cell_terms(1)] == ["product", "sub"]
    assert trace[0].cell_terms(1)[-1].value == new[0][1]
    assert trace[1].count() == 4


def test_cross_entropy_is_the_mean_of_minus_log_the_targets():
    P = [[0.25, 0.75], [0.5, 0.5], [0.9, 0.1]]
    with tracer.recording() as trace:
        loss = tracer.cross_entropy(P, [1, None, 0])
    assert loss == (-math.log(0.75) - math.log(0.9)) / 2
    terms = list(trace[0].terms())
    assert [t.kind for t in terms] == ["log", "log", "divide"]
    assert terms[-1].value == loss
    with tracer.recording(exact=True) as trace:
        assert tracer.cross_entropy([[F(1), F(0)]], [0]) == 0
        tracer.cross_entropy([[F(1, 2), F(1, 2)]], [0])
    assert [s.rounded for s in trace] == [False, True]


@pytest.mark.parametrize("targets, message", [
    ([0], "P has 2 rows but there are 1 targets"),
    ([None, None], "every target is None"),
    ([0, 5], "target 1 is '5', but P has columns 0 to 1"),
    ([0, "cat"], "target 1 is 'cat'"),
    (3, "the targets should be a list"),
])
def test_cross_entropy_refuses_targets_that_do_not_fit(targets, message):
    assert message in error_of(tracer.cross_entropy, [[0.5, 0.5], [0.5, 0.5]], targets,
                               names=["P", "targets"])


def test_cross_entropy_refuses_a_target_of_weight_zero():
    assert "must be above 0" in error_of(tracer.cross_entropy, [[1.0, 0.0]], [1])


def test_grad_refuses_what_it_cannot_go_back_through():
    a = [1.0, 2.0]
    assert "inside `with tracer.recording():`" in error_of(tracer.grad, 1.0, [a])
    with tracer.recording():
        loss = tracer.dot(a, a)
        assert "was not recorded" in error_of(tracer.grad, float(loss) + 1, [a])
        assert "not a list" in error_of(tracer.grad, [loss], [a])
        assert "was not read by any step" in error_of(tracer.grad, loss, [[1.0, 2.0]])
        n = tracer.norm(a)
        assert "do not go back through norm" in error_of(tracer.grad, n, [a])


# Everything that reads a trace reads the backward steps unchanged

def test_a_trace_with_backward_steps_round_trips_through_a_file():
    for exact in (False, True):
        trace = recorded(3, 2, exact=exact)
        text = trace.to_json()
        back = Trace.from_json(text)  # replays every step's arithmetic
        assert list(back) == list(trace)
        assert back.to_json() == text


def test_the_player_and_the_quiz_walk_the_backward_steps():
    from tracer.play.predict import questions
    from tracer.view.text import Style
    trace = recorded(3, 2)
    walk = Walk(trace)
    assert walk.total == sum(max(1, s.count()) for s in trace)
    for unit in ("term", "cell", "op", "guided"):
        assert walk.stops(unit)[-1] == walk.total
    questions(trace, Style())
    from tracer.view.notebook import show
    out = io.StringIO()
    show(trace, plain=True, out=out)
    text = out.getvalue()
    assert re.search("[×x] \\(1 [−-] ", text) and re.search("[×x] \\(0 [−-] ", text)
    assert re.search("[−-]log\\(", text)


def test_the_readme_example_of_gradients_runs():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    code = readme.split("### Gradients")[1].split("```python")[1].split("```")[0]
    names = {}
    exec(code.replace("t.show()", ""), names)
    steps = [s.name for s in names["t"]]
    assert steps[-8:-1] == ["∂L/∂s", "∂L/∂(Q @ Kᵀ)", "∂L/∂Q", "∂L/∂Kᵀ", "∂L/∂K",
                            "∂L/∂W_K", "∂L/∂W_Q"]
    assert names["t"][-1].op == "update"


def test_each_backward_term_redoes_by_hand_as_its_kind_declares():
    from tracer import kinds
    seen = set()
    for step in recorded():
        for t in step.terms():
            k = kinds.of(t)
            seen.add(t.kind)
            if k.redo is not None:
                got = k.redo(*k.numbers(t))
                assert abs(got - t.value) <= 1e-15 * max(1, abs(t.value)), (step.op, t)
    assert {"self_slope", "cross_slope", "log"} <= seen


def test_a_softmax_gradient_cell_shows_its_row_of_gradients_over_its_row_of_weights():
    from tracer.view.steps import step_lines
    from tracer.view.text import Style
    exec_globals = {}
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    exec(readme.split("### Gradients")[1].split("```python")[1].split("```")[0]
         .replace("t.show()", ""), exec_globals)
    step = next(s for s in exec_globals["t"] if s.op == "softmax_rows_grad")
    k = step.cell_start(4)  # cell [Riley, Riley]: the terms run over row Riley
    text = ["".join(p for p, _ in line) for line in
            step_lines(step, k + 6, Style(), 80, 24)]
    block = [line for line in text if line.lstrip().startswith(("∂L/∂w[Riley]",
                                                                 "w[Riley]"))]
    w, g = step.args[1][1], step.args[0][1]
    assert len(block) == 2 and block[1].split()[1:] == [f"{x:.3f}" for x in w]
    assert block[0].split()[1:] == [f"{x:.3f}" for x in g]
    assert any(line.lstrip().startswith("Evan") and "× (0 − " in line for line in text)


def test_the_page_shows_the_backward_steps_term_by_term():
    from tracer.view.page import page
    html = page(recorded(3, 2))
    assert "back through softmax, row by row" in html
    assert re.search(r"× \(1 − [0-9.]+\) = ", html) and "−log(" in html


def test_training_in_one_recording_goes_back_from_each_loss_in_turn():
    n, d = 4, 2
    case = readout_case(n, d, True)
    X, W_Q, W_K, W_V, E = head_inputs(n, d, 5)
    losses = []
    with tracer.recording() as trace:
        for _ in range(3):
            loss = case(tracer, X, W_Q, W_K, W_V, E)
            grads = tracer.grad(loss, [W_Q, W_K, W_V])
            if TORCH:  # without it, the loss still has to fall
                assert_close(grads, torch_grads(case, [X, W_Q, W_K, W_V, E])[1:4])
            W_Q, W_K, W_V = (tracer.update(W, g, 0.5) for W, g in zip((W_Q, W_K, W_V),
                                                                       grads))
            losses.append(loss)
    assert losses[0] > losses[1] > losses[2]
    assert sum(s.op == "update" for s in trace) == 9


def test_every_backward_step_says_why_it_runs():
    trace = recorded()
    back = [s for s in trace if (s.name or "").startswith("∂L/∂")]
    assert back and all(s.why for s in back)
    by_name = {s.name: s.why for s in back}
    assert by_name["∂L/∂W_Q"] == ("W_Q[k, j] met X[i, k] in every cell of column j of Q, "
                                  "so its gradient adds up X down column k times ∂L/∂Q.")
    assert "more than one path" in by_name["∂L/∂X"]


def test_the_command_line_replays_a_saved_backward_pass(tmp_path):
    from helpers import piped, ran
    saved, html = tmp_path / "back.json", tmp_path / "back.html"
    saved.write_text(recorded(3, 2).to_json(), encoding="utf-8")
    out = ran(piped("replay", saved, "--no-pause", "--plain", "--html", html), [html])
    assert "back through softmax, row by row" in out and "x (1 - " in out
    assert "back through softmax" in html.read_text(encoding="utf-8")


def test_a_saturated_head_agrees_with_torch_to_a_few_ulps():
    """n=2, d=1, seed 15: every gradient is near 2e-5 and torch differs by 9e-17."""
    agrees_with_torch(readout_case(2, 1, False, False), head_inputs(2, 1, 15))
