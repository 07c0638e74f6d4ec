"""Lesson 6: a head learns. The facts it narrates are the ones computed, training
lowers the loss, the trained head looks at the right name, and the fast training path
computes the gradients an independent reference does."""

import math
import random
import re

import pytest

import tracer
from tracer import cli, lesson_trace, words_of

lesson_trace.lessons()
from tracer.lessons import lesson6, pronouns, training  # noqa: E402

DEMO = words_of(pronouns.DEMO)


def record(*args):
    """Return lesson 6's trace for these command-line arguments."""
    options = cli.parser().parse_args(["lesson6", *args])
    return tracer.lesson("lesson6", options.sentence, options.focus, options.vectors,
                         options.exact)


@pytest.fixture(scope="module")
def trace():
    return record()


def said(trace, start, first=None):
    """Return the values of the one sentence whose text starts with `start` (and
    whose first value is `first`, when given)."""
    found = [s.args for s in trace if s.op == "say" and s.result.startswith(start)
             and (first is None or s.args[0] == first)]
    assert len(found) == 1, (start, len(found))
    return found[0]


def steps(trace, name):
    """Return the results of the recorded steps of that name, in order."""
    return [s.result for s in trace if s.name == name]


# An independent reference: the same head in NumPy, or plain loops where it is missing

def reference(X, W_Q, W_K, p, t, scaled=True):
    """Return (loss, weights of row p, ∂L/∂W_Q, ∂L/∂W_K) by torch.autograd in float64."""
    torch = pytest.importorskip("torch")
    X = torch.tensor(X, dtype=torch.float64)
    W_Q = torch.tensor(W_Q, dtype=torch.float64, requires_grad=True)
    W_K = torch.tensor(W_K, dtype=torch.float64, requires_grad=True)
    scores = (X @ W_Q) @ (X @ W_K).T
    if scaled:
        scores = scores / math.sqrt(W_Q.shape[1])
    P = torch.softmax(scores, dim=1)
    readout = torch.log_softmax((P @ X) @ X.T, dim=1)
    loss = -readout[p, t]
    loss.backward()
    return loss.item(), P[p].tolist(), W_Q.grad.tolist(), W_K.grad.tolist()


def dense(g, rows, cols):
    """Return a gradient as step() gives it ({row: gradient}) as a full matrix."""
    return [g.get(f, [0.0] * cols) for f in range(rows)]


def close(a, b, tol=1e-12):
    """Say whether two matrices agree cell by cell to a relative tol."""
    return all(math.isclose(x, y, rel_tol=tol, abs_tol=tol)
               for ra, rb in zip(a, b) for x, y in zip(ra, rb))


@pytest.mark.parametrize("d, scaled, seed", [(4, True, 1), (4, True, 7), (64, True, 1),
                                             (64, False, 1), (3, False, 5)])
def test_the_fast_step_gives_torchs_gradients(d, scaled, seed):
    W_Q, W_K = (lesson6.start(d, seed))
    for words in pronouns.sentences(seed, 6):
        X, p, t = lesson6.example(words)
        loss, w, g_WQ, g_WK, _ = training.step(X, W_Q, W_K, p, t, scaled)
        ref_loss, ref_w, ref_WQ, ref_WK = reference(list(map(pronouns.embedding, words)),
                                                    W_Q, W_K, p, t, scaled)
        assert math.isclose(loss, ref_loss, rel_tol=1e-12)
        assert close([w], [ref_w])
        assert close(dense(g_WQ, len(W_Q), d), ref_WQ)
        assert close(dense(g_WK, len(W_K), d), ref_WK)
        W_Q, W_K = training.update(W_Q, g_WQ, 0.1), training.update(W_K, g_WK, 0.1)


def test_an_update_moves_only_rows_with_a_gradient():
    W = [[1.0, 2.0], [3.0, 4.0]]
    assert training.update(W, {1: [10.0, -10.0]}, 0.5) == [[1.0, 2.0], [-2.0, 9.0]]


# The task

def test_every_training_sentence_has_one_pronoun_and_one_word_it_can_mean():
    for words in pronouns.sentences(lesson6.SEED, lesson6.STEPS):
        assert words_of(pronouns.text(words)) == words
        p = pronouns.pronoun(words)
        t = pronouns.answer(words, p)
        assert p is not None and t is not None
        assert all(pronouns.known(w) for w in words)
    assert pronouns.text(pronouns.sentences(lesson6.SEED, 3)[0]) == pronouns.DEMO


def test_the_demo_pronoun_stands_for_riley():
    p = pronouns.pronoun(DEMO)
    assert (DEMO[p], DEMO[pronouns.answer(DEMO, p)]) == ("she", "Riley")


def test_an_answer_needs_exactly_one_word_that_fits():
    words = words_of("Riley's dog Bella is so loud, she never stops barking")
    assert pronouns.answer(words, pronouns.pronoun(words)) is None


# What the lesson says is what it computed

def test_the_first_weights_and_loss_are_the_recorded_ones(trace):
    p, t = DEMO.index("she"), DEMO.index("Riley")
    weights = steps(trace, "weights")[0]
    shares = steps(trace, "readout shares")[0]
    values = said(trace, "{}, \"{}\" gives \"{}\" weight {}", "Before training")
    assert values[:4] == ("Before training", "she", "Riley", weights[p][t])
    assert values[-1] == -math.log(shares[p][t])
    W_Q, W_K = lesson6.start(lesson6.D, lesson6.SEED)
    loss, w, _, _ = reference(list(map(pronouns.embedding, DEMO)), W_Q, W_K, p, t)
    assert math.isclose(values[-1], loss, rel_tol=1e-12)
    assert close([weights[p]], [w])


def test_training_lowers_the_loss_and_the_trained_head_looks_at_riley(trace):
    p, t = DEMO.index("she"), DEMO.index("Riley")
    before, after = [w for w in steps(trace, "weights") if len(w) == len(DEMO)][:2]
    values = said(trace, "Over {} steps the average loss went from")
    steps_, first, _, last = values[:4]
    assert steps_ == lesson6.STEPS and last < first / 2
    assert values[8:10] == (before[p][t], after[p][t])
    assert max(after[p]) == after[p][t] > 0.9 > before[p][t]
    assert "is now where" in values[-1]


def test_the_progress_lines_add_up_to_the_training_run(trace):
    lines = [s.args for s in trace if s.op == "say" and s.result.startswith("Steps {}")]
    assert [(a, b) for a, b, *_ in lines] == [
        (k + 1, k + lesson6.EVERY) for k in range(0, lesson6.STEPS, lesson6.EVERY)]
    examples = [lesson6.example(words)
                for words in pronouns.sentences(lesson6.SEED, lesson6.STEPS)]
    # The first step is the recorded one; training goes on from the matrices it updated.
    W_Q, W_K = (s.result for s in trace if s.op == "update")
    W_Q, W_K, losses = training.train(examples[1:], [list(r) for r in W_Q],
                                      [list(r) for r in W_K], lesson6.RATE)
    assert lines[-1][2] == sum(losses[-lesson6.EVERY:]) / lesson6.EVERY
    first = (steps(trace, "loss")[0], *losses[:lesson6.EVERY - 1])
    assert lines[0][2] == sum(first) / lesson6.EVERY


def test_unscaled_training_stalls_and_the_lesson_says_so_with_its_numbers(trace):
    values = said(trace, "Trained {} steps at the same rate")
    _, p0, p1, _, _, pw, s0, s1, sw, verdict = values
    assert p1 > 2 * s1 and sw > 0.9 > pw
    assert verdict.startswith("Unscaled, training stalls")
    grads = said(trace, "The score that must rise")
    assert abs(grads[6]) < abs(grads[7]) / 100



@pytest.mark.parametrize("digits", [3, 6])
def test_the_gradient_ratio_checks_by_hand_from_the_numbers_shown(trace, digits):
    from tracer.view.screen import narration
    from tracer.view.text import Style
    step, = [s for s in trace if s.op == "say" and s.result.startswith("The score that")]
    text = narration(step, Style(digits))
    plain, scaled, ratio = re.search(r"is (\S+) unscaled against (\S+) scaled: "
                                     r"more than (\d+) times smaller", text).groups()
    by_hand = float(scaled) / float(plain)  # what a learner gets from the shown numbers
    assert int(ratio) <= by_hand < 10 * int(ratio), text

def test_lesson4s_flat_weights_are_set_beside_the_trained_ones(trace):
    values = said(trace, "Lesson 4's rows give their largest weight")
    low, high, uniform = values[:3]
    assert uniform == 1 / len(DEMO) < low <= high < 0.2
    assert values[6] > 0.9


# The learner's own sentence

def test_words_the_head_does_not_know_are_named_and_left_out():
    trace = record("--sentence", "Bella's cat Max is so loud, he never stops barking today")
    assert said(trace, "The head has no embedding for")[0] == "\"today\""
    top = said(trace, "\"{}\" looks most at")
    assert top[:2] == ("he", "Max") and "right" in top[-1]


def test_a_sentence_without_a_pronoun_is_said_to_have_none():
    trace = record("--sentence", "Riley is so hyper")
    said(trace, "This sentence has no")


def test_a_sentence_of_unknown_words_leaves_nothing_to_read():
    trace = record("--sentence", "colourless green ideas")
    said(trace, "That leaves no word to read")


# Work is counted, never timed

def test_training_runs_a_bounded_number_of_fast_steps(monkeypatch):
    calls = []
    real = training.step
    monkeypatch.setattr(training, "step", lambda *a, **k: calls.append(1) or real(*a, **k))
    trace = record()
    # d=4 after the recorded first step, then d=64 unscaled and scaled
    assert len(calls) == lesson6.STEPS - 1 + 2 * lesson6.STEPS + 2
    assert trace.count() < 60_000


# The first step, recorded term by term with the engine

def test_the_recorded_first_step_gives_torchs_gradients_and_update(trace):
    p, t = DEMO.index("she"), DEMO.index("Riley")
    W_Q, W_K = lesson6.start(lesson6.D, lesson6.SEED)
    loss, _, ref_WQ, ref_WK = reference(list(map(pronouns.embedding, DEMO)), W_Q, W_K, p, t)
    assert math.isclose(steps(trace, "loss")[0], loss, rel_tol=1e-12)
    g_Q, g_K = steps(trace, "∂L/∂W_Q")[0], steps(trace, "∂L/∂W_K")[0]
    assert close(g_Q, ref_WQ) and close(g_K, ref_WK)
    new_Q, new_K = (s.result for s in trace if s.op == "update")
    assert close(new_Q, [[w - 0.1 * g for w, g in zip(a, b)] for a, b in zip(W_Q, ref_WQ)])
    assert close(new_K, [[w - 0.1 * g for w, g in zip(a, b)] for a, b in zip(W_K, ref_WK)])


def test_the_first_steps_question_is_answered_by_the_weights_it_computed(trace):
    p, t = DEMO.index("she"), DEMO.index("Riley")
    (q,) = [q for q in trace.questions if "rise or fall" in q.prompt]
    before = [w for w in steps(trace, "weights") if len(w) == len(DEMO)][0][p][t]
    after = steps(trace, "weights")[1][0][t]  # her row, worked out after the update
    W_Q, W_K = lesson6.start(lesson6.D, lesson6.SEED)
    X = list(map(pronouns.embedding, DEMO))
    _, _, ref_WQ, ref_WK = reference(X, W_Q, W_K, p, t)
    moved = [[w - 0.1 * g for w, g in zip(a, b)] for a, b in zip(W_Q, ref_WQ)], \
        [[w - 0.1 * g for w, g in zip(a, b)] for a, b in zip(W_K, ref_WK)]
    assert math.isclose(after, reference(X, *moved, p, t)[1][t], rel_tol=1e-12)
    assert q.answer_ == ("rise" if after > before else "fall")
    assert q.values[1:3] == (before, after)
    assert trace.steps[q.step].op == "update"  # asked before the step that settles it


@pytest.mark.parametrize("digits", [3, 6])
def test_the_loss_checks_by_hand_from_the_share_shown(trace, digits):
    from tracer.view.steps import step_lines
    from tracer.view.text import Style
    step = next(s for s in trace if s.op == "cross_entropy")
    text = "\n".join(piece for line in step_lines(step, step.count(), Style(digits), 80,
                                                   100, full=True) for piece, _ in line)
    share, loss = re.search(r"log\((\S+)\) = (\S+)", text).groups()
    assert f"{-math.log(float(share)):.{digits}f}" == loss, text


def test_focus_is_refused_in_one_line_with_exit_2(capsys):
    assert cli.main(["lesson6", "--focus", "dog", "--no-pause"]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "--focus does not apply" in err


def test_she_is_named_by_her_word_not_a_row_number(trace):
    from tracer.view.steps import cell_name
    from tracer.view.text import Style
    step = next(s for s in trace if s.op == "matmul" and s.name == "q_she")
    assert step.labels[0] == ("she",)
    assert cell_name(step, (0, 0), Style(3)).startswith("[she, ")


def test_the_sum_of_slopes_is_titled_as_its_formula(trace):
    from tracer.view.steps import title
    from tracer.view.text import Style
    slopes = [s for s in trace if s.op == "dot" and s.names == ("w", "(1 − w)")]
    assert len(slopes) == 2
    assert title(slopes[0], Style(3))[0][0] == "w · (1 − w)"
