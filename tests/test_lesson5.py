"""Lesson 5: its projections, positions, mask and heads agree with NumPy and PyTorch."""

import json

import pytest

import tracer

from tracer import cli
from tracer import word_vectors as database

DEMO = json.loads(database.DEMO.read_text())["words"]
WORDS = ["Evan's", "dog", "Riley", "is", "so", "hyper", "she", "never", "stops", "moving"]


@pytest.fixture(scope="module")
def lesson():
    return cli.lesson_module("lesson5")


@pytest.fixture(scope="module")
def trace(lesson):
    return tracer.lesson("lesson5")


def steps(trace, op, name=None):
    return [s for s in trace if s.op == op and (name is None or s.name == name)]


def said(trace, start):
    found = [s.args for s in steps(trace, "say") if s.result.startswith(start)]
    assert len(found) == 1, start
    return tuple(list(v) if isinstance(v, tuple) else v for v in found[0])  # stored frozen


def reference(np, lesson, words, positions, causal, head):
    """Return one head's attention over the words, computed with NumPy alone."""
    E = np.array([[float(x) for x in DEMO[w]["value"]] for w in words])
    if positions:
        t = np.arange(len(words))[:, None]
        E = E + np.hstack([np.sin(t), np.cos(t), np.sin(t / 100), np.cos(t / 100)]) / 10
    W_q, W_k, W_v = (np.array(W, dtype=float) for W in head.values())
    Q, K, V = E @ W_q, E @ W_k, E @ W_v
    S = Q @ K.T / np.sqrt(Q.shape[1])
    if causal:
        S = np.where(np.tril(np.ones(S.shape, dtype=bool)), S, -np.inf)
    e = np.exp(S - S.max(axis=1, keepdims=True))
    return (e / e.sum(axis=1, keepdims=True)) @ V, (Q, K, V)


def reorderings(trace):
    """Return the two comparisons of outputs reordered: without, then with positions."""
    return [s for s in steps(trace, "compare") if s.names[0] == "output_r"]


def masked(trace):
    """Return the softmax steps of the two heads under the causal mask."""
    return [s for s in steps(trace, "softmax_rows") if s.args[1] is not None]


def gap(np, ours, theirs):
    return float(np.max(np.abs(np.array(ours, dtype=float) - theirs)))


def test_projections_of_one_embedding(trace, lesson):
    np = pytest.importorskip("numpy")
    e = np.array([DEMO["Riley"]["value"]], dtype=float)
    for name, W in (("q_Riley", "W_q"), ("k_Riley", "W_k"), ("v_Riley", "W_v")):
        (step,) = steps(trace, "matmul", name)
        assert gap(np, step.result, e @ np.array(lesson.HEAD_1[W], dtype=float)) <= 1e-15
    focus, embedding, q, k, v = said(trace, "The one embedding of {}")
    assert (focus, embedding) == ('"Riley"', [float(x) for x in DEMO["Riley"]["value"]])
    assert [q, k, v] == [list(steps(trace, "matmul", n)[0].result[0])
                         for n in ("q_Riley", "k_Riley", "v_Riley")]


def test_outputs_on_the_phrase_agree_with_numpy(trace, lesson):
    np = pytest.importorskip("numpy")
    phrase = WORDS[:4]
    reordered = phrase[2:] + phrase[:2]
    outputs = [s for s in trace if s.op == "matmul" and s.name in ("output", "output_r")]
    assert [s.name for s in outputs] == ["output", "output_r"] * 2
    for step, words, positions in zip(outputs, [phrase, reordered] * 2,
                                      [False, False, True, True]):
        out, _ = reference(np, lesson, words, positions, False, lesson.HEAD_1)
        assert gap(np, step.result, out) <= 1e-12


def test_without_positions_reordering_only_reorders_the_outputs(trace, lesson):
    np = pytest.importorskip("numpy")
    plain, placed = reorderings(trace)
    assert plain.result == () and plain.count() == 16
    assert len(placed.result) > 0
    assert said(trace, "Move the rows of output")[1:3] == (0, 16)
    assert said(trace, "With positions added")[0] == len(placed.result)
    # the same facts, with NumPy alone
    phrase = WORDS[:4]
    reordered = phrase[2:] + phrase[:2]
    order = [phrase.index(w) for w in reordered]
    for positions, same in ((False, True), (True, False)):
        out, _ = reference(np, lesson, phrase, positions, False, lesson.HEAD_1)
        out_r, _ = reference(np, lesson, reordered, positions, False, lesson.HEAD_1)
        assert (np.max(np.abs(out_r - out[order])) <= 1e-12) == same


def test_both_masked_heads_agree_with_numpy(trace, lesson):
    np = pytest.importorskip("numpy")
    one, _ = reference(np, lesson, WORDS, True, True, lesson.HEAD_1)
    two, _ = reference(np, lesson, WORDS, True, True, lesson.HEAD_2)
    assert gap(np, steps(trace, "matmul", "head 1")[0].result, one) <= 1e-12
    assert gap(np, steps(trace, "matmul", "head 2")[0].result, two) <= 1e-12
    (both,) = steps(trace, "concat")
    assert gap(np, both.result, np.hstack([one, two])) <= 1e-12
    assert said(trace, "Side by side the two heads") == (8, 4)


def test_both_masked_heads_agree_with_torch(trace, lesson):
    np = pytest.importorskip("numpy")
    torch = pytest.importorskip("torch")
    for name, head in (("head 1", lesson.HEAD_1), ("head 2", lesson.HEAD_2)):
        _, (Q, K, V) = reference(np, lesson, WORDS, True, True, head)
        theirs = torch.nn.functional.scaled_dot_product_attention(
            *(torch.tensor(M[None], dtype=torch.float64) for M in (Q, K, V)),
            is_causal=True)[0]
        ours = torch.tensor(steps(trace, "matmul", name)[0].result, dtype=torch.float64)
        assert torch.max(torch.abs(ours - theirs)) <= 1e-12


def test_each_word_attends_only_to_itself_and_earlier_words(trace):
    (mask,) = steps(trace, "causal_mask")
    masked = [s for s in steps(trace, "softmax_rows") if s.args[1] is not None]
    assert len(masked) == 2 and all(s.args[1] == mask.result for s in masked)
    for step in masked:
        for i, row in enumerate(step.result):
            assert all(w > 0 for w in row[:i + 1])
            assert all(w == 0 for w in row[i + 1:])
            assert abs(sum(row) - 1) <= 1e-12
        kinds = [t.kind for t in step.terms()]
        assert kinds.count("masked") == 45  # the 10 · 9 / 2 cells above the diagonal
    focus, seen, total, weights, first, own = said(trace, "{} sees {} of the {} words")
    i = WORDS.index(focus.strip('"'))
    assert seen == i + 1 and total == 10
    assert weights == list(masked[0].result[i])
    assert first == f'"{WORDS[0]}"' and own == masked[0].result[0][0] == 1


def test_lesson5_runs_to_the_end_within_60_columns(monkeypatch, capsys):
    monkeypatch.setenv("COLUMNS", "60")
    assert cli.main(["lesson5", "--no-pause", "--plain"]) == 0
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) <= 60
    assert "0 of 16 cells differ" in " ".join(out.split())


@pytest.mark.parametrize("extra", [["--exact"], ["--sentence", "Hello"],
                                   ["--sentence", "the cat sat on the mat"]])
def test_lesson5_runs_in_exact_mode_and_on_other_sentences(extra, capsys):
    assert cli.main(["lesson5", "--no-pause", "--plain", *extra]) == 0
    capsys.readouterr()


def test_lesson5_in_exact_mode_also_finds_reordering_harmless():
    trace = tracer.lesson("lesson5", exact=True)
    plain, placed = reorderings(trace)
    assert plain.result == () and placed.result != ()


def test_each_run_is_tagged_with_its_order(trace):
    names = [(s.name, s.names[0]) for s in trace if s.op == "matmul" and s.name and
             s.name[0] in "QKV" and s.name[1:] in ("", "_r")][:12]
    assert names == [("Q", "E"), ("K", "E"), ("V", "E"), ("Q_r", "E_r"), ("K_r", "E_r"),
                     ("V_r", "E_r"), ("Q", "X"), ("K", "X"), ("V", "X"),
                     ("Q_r", "X_r"), ("K_r", "X_r"), ("V_r", "X_r")]


def test_x_columns_are_named_as_component_plus_position(trace):
    placed = [s for s in trace if s.op == "add_matrices" and s.names[1] == "P"]
    assert [s.name for s in placed] == ["X", "X_r", "X"]
    for step in placed:
        assert step.labels[1] == ("animal+p1", "person+p2", "energy+p3", "female+p4")
    mixed, waves = said(trace, "The fix is to add")
    assert mixed == "animal+p1, person+p2, energy+p3, female+p4"
    assert waves == "sin t / 10, cos t / 10, sin(t/100) / 10, cos(t/100) / 10"


def test_the_permutation_cells_are_named_by_word(trace):
    for step in reorderings(trace):
        assert step.labels[0] == ("Riley", "is", "Evan's", "dog")


def test_what_each_head_attends_to_is_read_from_its_weights(trace):
    w1, w2 = [list(map(list, s.result)) for s in masked(trace)]
    focus, top_1, weight_1, top_2, weight_2, verdict, moved, total = said(
        trace, "Head 1 has {} look most at")
    i = WORDS.index(focus.strip('"'))
    assert weight_1 == max(w1[i]) and top_1 == f'"{WORDS[w1[i].index(weight_1)]}"'
    assert weight_2 == max(w2[i]) and top_2 == f'"{WORDS[w2[i].index(weight_2)]}"'
    assert (top_1 != top_2) == verdict.startswith("The two heads ask different")
    best = [max(range(10), key=lambda k, r=r: (r[k], -k)) for r in (*w1, *w2)]
    assert moved == sum(a != b for a, b in zip(best[:10], best[10:])) and total == 10


def test_the_ws_rows_are_the_components_and_their_columns_q1_to_q4():
    trace = tracer.lesson("lesson5")
    first = next(s for s in trace.steps if s.op == "matmul")
    rows, cols, inner = first.labels
    assert first.names[1] == "W_q" and list(cols) == ["q1", "q2", "q3", "q4"]
    assert list(inner) == ["animal", "person", "energy", "female"]  # the demo's components
    values = next(s for s in trace.steps if s.op == "matmul" and s.names[1] == "W_v")
    assert list(values.labels[1]) == ["v1", "v2", "v3", "v4"]


def test_the_concatenation_is_labelled_by_head(trace):
    (both,) = steps(trace, "concat")
    assert both.labels[1] == tuple(f"h{h}·v{k}" for h in (1, 2) for k in (1, 2, 3, 4))


def test_p_is_shown_row_by_row_as_the_sums_take_it(trace):
    shown = [s for s in steps(trace, "say") if s.result.startswith("P, one row per place")]
    adds = [s for s in trace if s.op == "add_matrices" and s.names[1] == "P"]
    assert [list(map(list, s.args)) for s in shown] == [list(map(list, adds[0].args[1])),
                                                        list(map(list, adds[2].args[1]))]
    assert shown[0].args[1][0] == pytest.approx(__import__("math").sin(1) / 10, abs=1e-15)


def test_each_head_raises_what_its_w_q_w_k_transposed_says(trace, lesson):
    np = pytest.importorskip("numpy")
    names = ["animal", "person", "energy", "female"]
    found = [st.args for st in steps(trace, "say")
             if st.result.startswith("Head {} raises a relevance most")]
    assert [f[0] for f in found] == ["1", "2"]
    for (h, top, *cells, verdict), head in zip(found, (lesson.HEAD_1, lesson.HEAD_2)):
        W_q, W_k, _ = (np.array(W, dtype=float) for W in head.values())
        (M,) = steps(trace, "matmul", f"what head {h} raises")
        by_hand = W_q @ W_k.T
        assert gap(np, M.result, by_hand) == 0 and top == by_hand.max()
        where = [(names[r], names[c]) for r, c in zip(*np.nonzero(by_hand == top))]
        assert list(zip(cells[::2], cells[1::2])) == where
        alike = sum(r == c for r, c in where)
        assert verdict.startswith("Like meets like") == (alike == len(where))
        assert verdict.startswith("Unlike meets unlike") == (alike == 0)
    # head 1: a query's female meets a key's female, 1 x 1/2 ... = 5/4; head 2 crosses over
    assert found[0][1:4] == (1.25, "female", "female")
    assert found[1][2:6] == ("animal", "energy", "person", "female")


def test_the_mask_as_a_very_negative_number_gives_the_same_weights(trace):
    (added,) = [s for s in trace if s.op == "add_matrices" and s.names[1] == "mask as numbers"]
    (row,) = added.result
    i = WORDS.index("Riley")
    assert all(x < -999 for x in row[i + 1:])
    (plain,) = [s for s in steps(trace, "softmax_rows") if s.args[0] == added.result
                and s.args[1] is None]
    head_1 = masked(trace)[0].result[i]
    assert list(plain.result[0]) == list(head_1)  # bit for bit
    assert said(trace, "In code the mask is usually added") == (
        "", '"Riley"', 0, 10, "adding minus infinity and leaving the cell out are the same thing.")


def test_w_o_averages_the_heads_and_the_residual_adds_x(trace, lesson):
    np = pytest.importorskip("numpy")
    (both,) = steps(trace, "concat")
    (out,) = steps(trace, "matmul", "attention of Riley")
    i = WORDS.index("Riley")
    both = np.array(both.result, dtype=float)
    assert gap(np, out.result, (both[i, :4] + both[i, 4:])[None] / 2) <= 1e-15
    (new,) = [s for s in trace if s.op == "add_matrices" and s.name == "output of Riley"]
    X = [s for s in trace if s.op == "add_matrices" and s.name == "X"][-1].result
    assert gap(np, new.result, np.array([X[i]]) + np.array(out.result)) == 0
    *_, x, shown = said(trace, "Last, real models add each word's own vector back")
    assert x == list(X[i]) and shown == list(new.result[0])


def weights_by_numpy(np, lesson, words):
    """Return both heads' causal weights over the words (with places), by NumPy alone."""
    E = np.array([[float(x) for x in (DEMO.get(w) or database.derived(w, 4))["value"]]
                  for w in words])
    t = np.arange(len(words))[:, None]
    X = E + np.hstack([np.sin(t), np.cos(t), np.sin(t / 100), np.cos(t / 100)]) / 10
    out = []
    for head in (lesson.HEAD_1, lesson.HEAD_2):
        W_q, W_k, _ = (np.array(W, dtype=float) for W in head.values())
        S = (X @ W_q) @ (X @ W_k).T / np.sqrt(W_q.shape[1])
        S = np.where(np.tril(np.ones(S.shape, dtype=bool)), S, -np.inf)
        e = np.exp(S - S.max(axis=1, keepdims=True))
        out.append(e / e.sum(axis=1, keepdims=True))
    return out


def prose(trace):
    return " ".join(s.result.format(*(f"{v:.3f}" if isinstance(v, float) else v
                                      for v in s.args)) for s in steps(trace, "say"))


def checked(np, lesson, sentence):
    """Return the lesson's prose on a sentence and NumPy's weights, checked to agree."""
    trace = tracer.lesson("lesson5", sentence)
    w1, w2 = weights_by_numpy(np, lesson, sentence.split())
    ours = [np.array(s.result, dtype=float) for s in masked(trace)]
    assert gap(np, ours[0], w1) < 1e-12 and gap(np, ours[1], w2) < 1e-12
    return prose(trace), w1.argmax(axis=1), w2.argmax(axis=1)


def test_half_the_words_on_the_first_is_said_half_not_a_minority(lesson):
    np = pytest.importorskip("numpy")
    text, b1, b2 = checked(np, lesson, "dog is Riley stops she")
    a, b = int((b1[1:] == 0).sum()), int((b2[1:] == 0).sum())
    assert max(a, b) * 2 == 4
    assert (f'Past the first, {a} of 4 words look most at "dog" in head 1 and {b} in '
            "head 2: half do, in at least one head; not most.") in text
    assert "most look elsewhere" not in text


def test_the_first_word_repeated_is_named_by_its_place(lesson):
    np = pytest.importorskip("numpy")
    text, b1, b2 = checked(np, lesson, "dog cat dog")
    assert b1[2] == 2 and b2[2] == 2  # the third word looks most at itself, a "dog"
    a, b = int((b1[1:] == 0).sum()), int((b2[1:] == 0).sum())
    assert f'{a} of 2 words look most at the first "dog" in head 1 and {b} in head 2' in text


def test_one_word_in_two_places_is_not_a_different_word(lesson):
    np = pytest.importorskip("numpy")
    text, b1, b2 = checked(np, lesson, "dog dog dog")
    places = int((b1 != b2).sum())
    assert places == 1 and b1[2] == 2 and b2[2] == 1  # both "dog"
    assert ("0 of 3 words look most at a different word in the two heads, and 1 looks "
            "most at the same word in a different place.") in text


def test_w_q_w_k_transposed_is_read_as_words_not_as_query_components(trace):
    text = prose(trace)
    assert "the looking word's female meets the other word's female" in text
    assert "a query's female" not in text
