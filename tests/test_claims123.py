"""Lessons 1 to 3: each conclusion they print, on every test sentence, against NumPy.

The sentences are helpers.SENTENCES (one word, the focus first, repeated words, function
words, rows that add up to 0...) and three more with repeats and function words. NumPy
recomputes every number a concluding sentence rests on from the vector set alone, and
each verdict must be the one NumPy's numbers give.
"""

import functools
import re

import pytest

import tracer
from tracer import cli, lesson_trace
from tracer import word_vectors as database
from tracer.lessons import quote, quoted
from helpers import SENTENCES

np = pytest.importorskip("numpy")

ALL = {**SENTENCES,
       "one word thrice": ["--sentence", "dog dog dog"],
       "a tie": ["--sentence", "dog cat dog"],
       "it": ["--sentence", "it is a dog and it is so hyper", "--focus", "it"],
       # a row of Q @ Kᵀ all at most 0 beside rows that mix signs
       "the a it": ["--sentence", "the a it"]}
TOL = 1e-12


@functools.lru_cache(maxsize=None)
def run(lesson, sentence):
    """Return (trace, words, focus, partner, vectors) of a lesson on a test sentence."""
    options = cli.parser().parse_args([lesson, *ALL[sentence]])
    trace = tracer.lesson(lesson, options.sentence, options.focus, options.vectors)
    db = database.load(options.vectors) if options.vectors else database.demo()
    words = lesson_trace.sentence_words(options.sentence or db.sentence
                                        or database.demo().sentence)
    focus, partner = lesson_trace.pick_focus(words, options.focus)
    return trace, words, focus, partner, db


def matrix(db, role, words):
    return np.array([db.get(role, w) for w in words], dtype=float)


def said(trace, start):
    """Return the values of the one sentence starting with `start`, or None."""
    found = [s.args for s in trace if s.op == "say" and s.result.startswith(start)]
    assert len(found) <= 1, start
    return tuple(list(v) if isinstance(v, tuple) else v for v in found[0]) \
        if found else None


def template(trace, start):
    """Return the template of the one sentence starting with `start`."""
    (found,) = [s.result for s in trace if s.op == "say" and s.result.startswith(start)]
    return found


def close(a, b):
    return np.allclose(np.array(a, dtype=float), np.array(b, dtype=float), rtol=0,
                       atol=1e-12)


def base(word):
    """Return a word as the vectors see it, from dog#2 or from prose: the second "dog"."""
    return re.sub(r'^the \w+ "', '"', word).strip('"').split("#")[0].casefold()


def unquoted(words, template, args):
    """Return the words of the sentence a template puts in its prose without quotes."""
    parts = template.split("{}")
    return [a for k, a in enumerate(args) if isinstance(a, str) and a in words
            and not (parts[k].endswith('"') and parts[k + 1].startswith('"'))
            and not parts[k].endswith("_")]  # v_the names a vector, not a word


@pytest.mark.parametrize("sentence", ALL)
@pytest.mark.parametrize("lesson", ("lesson1", "lesson2", "lesson3"))
def test_every_word_in_the_prose_is_quoted(lesson, sentence):
    trace, words, *_ = run(lesson, sentence)
    for step in trace:
        if step.op == "say":
            assert unquoted(words, step.result, step.args) == [], step.result


@pytest.mark.parametrize("sentence", ALL)
def test_lesson1_conclusions(sentence):
    trace, words, focus, partner, db = run("lesson1", sentence)
    V = {w: np.array(db.get("value", w)) for w in words}
    if len(words) == 1:  # nothing to mix: said so, and nothing mixed
        assert said(trace, "Alone, {} knows nothing of the words around it, and here")
        assert [s for s in trace if s.op == "mix"] == []
        return
    mixed = 0.75 * V[focus] + 0.25 * V[partner]
    moved = said(trace, "Component by component, {} moved")
    stayed = said(trace, "Component by component, {} stayed")
    assert (stayed is not None) == close(mixed, V[focus]) == (moved is None)
    if moved:
        assert moved[0] == quote(focus) and close(moved[1], V[focus]) and close(moved[2], mixed)
    else:
        assert stayed[3].startswith(f'{quote(partner)} has the very same value') == \
            close(V[partner], V[focus])
    others = [w for w in words if w != focus]
    new = 0.75 * V[focus] + 0.25 * np.mean([V[w] for w in others], axis=0)
    becomes = said(trace, "With every other word in equal shares, {} becomes")
    stays = said(trace, "With every other word in equal shares, {} stays")
    assert (stays is not None) == close(new, V[focus]) == (becomes is None)
    assert close((becomes or stays)[1], new)
    if stays:
        assert close(stays[3], V[focus])  # the blend of the others is its own value
    share = 0.25 / len(others)
    if len(others) == 1:
        assert said(trace, "{} took {} of the value of {}, the only")[1] == share
        return
    fed = {}  # what each word of the sentence feeds the focus, every time it comes
    for w in others:
        fed[base(w)] = fed.get(base(w), 0) + share
    count = {b: sum(base(w) == b for w in others) for b in fed}
    if len(fed) == 1:  # every other word is one word again
        found = said(trace, "{} took {} of the value of each of the other")
        assert found[:3] == (quote(focus), share, len(others))
        assert base(found[3]) == base(partner)
        return
    equal = said(trace, "{} took {} of the value of {} and")
    unequal = said(trace, "{} took {} of the value of {}, which comes")
    assert (equal is None) != (unequal is None)
    if equal:
        who, a, p, b, other, verdict, conclusion = equal
        assert count[base(p)] == count[base(other)]
    else:  # a count is said where it is more than once: "comes 2 times", "comes once"
        who, a, p, *rest = unequal
        n = rest.pop(0) if count[base(p)] > 1 else 1
        b, other, *rest = rest
        m = rest.pop(0) if count[base(other)] > 1 else 1
        verdict, conclusion = rest
        assert (n, m) == (count[base(p)], count[base(other)]) and n != m
    assert who == quote(focus) and base(p) == base(partner) and base(other) != base(partner)
    # a word named by its count when it comes more than once, else as the one it is
    assert p == (f'"{base(p)}"' if count[base(p)] > 1 else quote(partner))
    assert a == pytest.approx(fed[base(p)], abs=TOL)
    assert b == pytest.approx(fed[base(other)], abs=TOL)
    assert verdict == ("the same share" if a == b else "different shares")
    if equal:  # one ratio cannot tell the words apart: true only when the shares agree
        assert conclusion.startswith("One fixed ratio") == (a == b)
    else:
        assert conclusion.startswith("They differ only because one of the words comes "
                                     "more often") == (a != b)


@pytest.mark.parametrize("sentence", ALL)
def test_lesson2_conclusions(sentence):
    trace, words, focus, partner, db = run("lesson2", sentence)
    K, V = matrix(db, "key", words), matrix(db, "value", words)
    i = words.index(focus)
    r = K @ K[i]
    s = r.sum()
    if len(words) > 1:
        assert said(trace, "The relevance of {} and {} is")[2] == pytest.approx(
            K[i] @ K[words.index(partner)], abs=TOL)
    fine = said(trace, "The weights lie between 0 and 1")
    why = said(trace, "Weights that add up to {} give")
    if s <= 0 or abs(s - 1) <= TOL:
        assert why is None
    else:
        w = r / s
        shares = bool(((0 <= w) & (w <= 1)).all())
        assert (fine is not None) == shares
        if fine:
            assert close(fine[2], w @ V)
        total, who, raw, n_raw, n_new, *times, tail = why
        assert total == pytest.approx(s, abs=TOL) and who == focus
        assert close(raw, r @ V)  # a row that adds up to s stretches the value s times
        assert n_raw == pytest.approx(np.linalg.norm(r @ V), abs=TOL)
        assert n_new == pytest.approx(np.linalg.norm(w @ V), abs=TOL)
        assert times == [total]  # said, because NumPy finds it so:
        assert np.linalg.norm(r @ V) == pytest.approx(s * np.linalg.norm(w @ V))
        assert tail.startswith("The sum of a row grows") == (s > 1)
        assert tail.endswith("only blend the values.") == shares
    if len(words) == 1:
        return
    D = K @ K.T
    own = np.diag(D)
    found = said(trace, "Along the diagonal, each key against itself: {}. Every one is 1")
    other = said(trace, "Along the diagonal, each key against itself: {}. ")
    top = all(D[k].max() <= D[k, k] + TOL for k in range(len(words)))
    assert (found is not None) == (np.abs(own - 1).max() <= TOL and top)
    assert close((found or other)[0], own)
    if found:
        tied = sum(any(abs(D[k, c] - D[k, k]) <= TOL for c in range(len(words)) if c != k)
                   for k in range(len(words)))
        assert found[2:] == ((tied, len(words)) if tied else ())
        # "most related to itself" only where no other word ties it in any row
        text = template(trace, "Along the diagonal")
        assert ("every word is most related to itself" in text) == (not tied)
        assert ("no word is more related to another than to itself" in text) == bool(tied)
    sums = D.sum(axis=1)
    mirror = said(trace, "After dividing each row by its own sum")
    if mirror is None:
        assert (sums == 0).any()
        return
    W = D / sums[:, None]
    count, cells, *totals = mirror
    assert (count > 0) == bool((np.abs(W - W.T) > TOL).any()) and cells == len(words) ** 2
    if count:  # the weights differ only because the row sums do: from the least to most
        assert totals == pytest.approx([sums.min(), sums.max()], abs=TOL)
    else:  # every row adds up to one total
        assert np.ptp(sums) <= TOL and totals == pytest.approx([sums[0]], abs=TOL)


@pytest.mark.parametrize("sentence", ALL)
def test_lesson3_conclusions(sentence):
    trace, words, focus, partner, db = run("lesson3", sentence)
    Q, K, V = (matrix(db, role, words) for role in ("query", "key", "value"))
    i, j = words.index(focus), words.index(partner)
    R = Q @ K.T
    pair = said(trace, "{} attending to {} is")
    alone = said(trace, "\"{}\" is the only word")
    assert (alone is not None) == (len(words) == 1) == (pair is None)
    if alone:
        assert alone[3] == pytest.approx(R[0, 0], abs=TOL)
        assert said(trace, "{} of {} relevances differ") is None  # its own mirror: said
    else:
        assert pair[4] == pytest.approx(R[i, j], abs=TOL)
        assert pair[7] == pytest.approx(R[j, i], abs=TOL)
        differ = abs(R[i, j] - R[j, i]) > TOL
        assert pair[8].startswith("The two directions now differ") == differ
        assert pair[8].startswith("Both are the word") == (not differ and base(focus)
                                                           == base(partner))
        count, cells, verdict = said(trace, "{} of {} relevances differ from their mirror "
                                            "image: {}")
        assert count == int((np.abs(R - R.T) > TOL).sum()) and cells == len(words) ** 2
        assert verdict.startswith("attention can now be one-sided") == (count > 0)
    sums = R.sum(axis=1)
    if (sums == 0).any():
        assert said(trace, "The row of {} adds up to exactly 0")
        return
    W = R / sums[:, None]
    new = W @ V
    odd = [words[k] for k in range(len(words)) if ((W[k] < 0) | (W[k] > 1)).any()]
    # rows within 0 to 1 only because every relevance is at most 0: their order turned round
    flipped = [words[k] for k in range(len(words))
               if words[k] not in odd and sums[k] < 0 and np.ptp(R[k]) > TOL]
    fine = said(trace, "Every weight lies between 0 and 1, and")
    backwards = [s for s in trace if s.op == "say" and "not by relevance" in s.result]
    assert (fine is not None) == (not odd)
    if flipped:
        assert len(backwards) >= 1 and quoted(flipped) in backwards[0].args
        for w in flipped:  # the most weight goes to the least relevant word
            k = words.index(w)
            assert np.argmax(W[k]) == np.argmin(R[k])
    else:
        assert backwards == []
    went = said(trace, "\"{}\" went from")
    kept = said(trace, "\"{}\" kept its value")
    broken = said(trace, "The relevances of \"{}\" add up to")
    turned = said(trace, "\"{}\" went to {}, but not by relevance")
    if focus in odd:
        assert broken and went is None and kept is None and close(broken[4], new[i])
        return
    assert (turned is not None) == (focus in flipped)
    if turned:
        who, value, total, tops, verb, weight, lowest = turned
        assert who == focus and close(value, new[i]) and went is None and kept is None
        assert total == pytest.approx(sums[i], abs=TOL)
        assert tops == quoted([words[k] for k in range(len(words))
                               if W[i, k] >= W[i].max() - TOL])
        assert weight == pytest.approx(W[i].max(), abs=TOL)
        assert lowest == pytest.approx(R[i].min(), abs=TOL)
        return
    assert (kept is not None) == close(new[i], V[i]) == (went is None)
    if kept:
        assert close(kept[1], new[i]) and kept[3] == pytest.approx(W[i, i], abs=TOL)
        return
    tops = [words[k] for k in range(len(words)) if W[i, k] >= W[i].max() - TOL]
    assert close(went[1], V[i]) and close(went[2], new[i])
    assert went[3] == quoted(tops)  # every tied word named
    # the focus named as itself when it alone takes the most ("dog" from "dog")
    assert ("(itself, " in template(trace, "\"{}\" went from")) == (tops == [focus])
    assert went[4] == pytest.approx(W[i].max(), abs=TOL)
    assert (went[5] == ", a tie") == (len(tops) > 1)
    weight, verdict = went[6:]  # the weight it gives itself, beside the explanation's claim
    assert weight == pytest.approx(W[i, i], abs=TOL)
    assert verdict == ("more than any other word" if tops == [focus] else
                       "as much as the most, a tie" if focus in tops else
                       "less than " + went[3])


@pytest.mark.parametrize("sentence, made", [("dog cat", ['"cat"']),
                                            ("dog cat zebra", ['"cat"', '"zebra"']),
                                            ("cat dog Cat", ['"cat"'])])
def test_words_not_in_the_set_are_named_in_the_right_number(sentence, made):
    trace = tracer.lesson("lesson1", sentence, None, None)
    found = [s for s in trace if s.op == "say" and s.result.startswith("Not in the vector")]
    assert [found[0].args[0]] == [", ".join(made)]
    db = database.demo()
    assert [w for w in made if db.lookup(w.strip('"'))] == []  # none is in the set
    one = len(made) == 1
    assert ("Its vector is made" in found[0].result) == one
    assert ("Their vectors are made" in found[0].result) == (not one)
