"""Prediction questions (tracer/predict.py): numbers within a tolerance, words in any case."""


def test_a_question_checks_numbers_within_the_tolerance_and_words_in_any_case():
    from tracer.play.predict import Question
    number = Question("q · k", 0.956, None, [])  # right within 10% of it: 0.0956
    assert [number.check(a) for a in ("0.95", "43/45", "0.9", "0.87", "0.85", "abc")] == \
        [True, True, True, True, False, None]
    small = Question("w", 0.028, None, [])  # right within 0.02, more than 10% of it
    assert [small.check(a) for a in ("0.01", "0.048", "0", "0.05")] == \
        [True, True, False, False]
    word = Question("Which word?", "dog", ("Riley", "dog"), [])
    assert [word.check(a) for a in ("dog", "DOG", "Riley", "cat", "2", "1", "3")] == \
        [True, True, False, None, True, False, None]


def test_the_lines_to_guess_from_end_in_newlines_and_their_words_stay_escaped():
    from tracer.play.predict import Question, ask
    from tracer.view.text import Style
    out = []
    q = Question("q · k", 0.956, None, ["q_Riley = [1.000]", "k_d\x1bog = [0.900]"])
    assert ask(q, Style(), out.append, lambda: "0.95\n") is True
    assert "".join(out) == ("  q_Riley = [1.000]\n  k_d\\x1bog = [0.900]\n"
                            "q · k: " "  Right: 0.956.\n")


def pauses(pause, typed):
    """Run lesson 3's quiz on typed answers; return what it wrote and what it read."""
    import tracer
    from lessons import lesson3
    from tracer.play.predict import predict
    from tracer.view.text import Style
    with tracer.recording() as trace:
        lesson3.run(["Riley", "dog"])
    out, lines, typed = [], [], list(typed)

    def read():
        out.append("<read>")
        return typed.pop(0) if typed else ""

    predict(trace, Style(), lambda steps: ([(f"step {i}", None)] for i, _ in enumerate(steps)),
            lines.append, out.append, read, pause=pause)
    return "".join(out), lines


def test_in_a_terminal_a_verdict_waits_for_enter_and_piped_answers_never_wait():
    waited, _ = pauses(True, ["no\n", "\n", "q\n"])
    assert "  Right: no. q_dog · k_Riley = " in waited
    assert "and a query is not a key.\n" \
        "  Enter to go on <read>" in waited
    piped, _ = pauses(False, ["no\n", "q\n"])
    assert "Enter to go on" not in piped
    assert "Right: no." in piped


# Questions a lesson declares at its forks (tracer.ask), asked inside the player.

import io  # noqa: E402
import re  # noqa: E402

import pytest  # noqa: E402

import tracer  # noqa: E402
from tracer import cli  # noqa: E402
from tracer.play.player import Player  # noqa: E402
from tracer.play.predict import stops  # noqa: E402
from tracer.play.quiz import Quiz  # noqa: E402
from tracer.play.walk import Walk  # noqa: E402
from tracer.view import choose  # noqa: E402

LESSONS = ("lesson1", "lesson2", "lesson3", "lesson4", "lesson5")


def lesson_player(lesson, unit="guided"):
    trace = tracer.lesson(lesson)
    walk = Walk(trace)
    view = choose(True, io.StringIO())
    st = view.style(3)
    quiz = Quiz(stops(trace, walk, st), st)
    return trace, Player(walk, view.screen_renderer(trace, walk, lesson, 3), unit, quiz=quiz)


def screen(player):
    return "\n".join(player.lines(80, 23))


def type_in(player, text):
    for ch in text:
        player.press("space" if ch == " " else ch)
    player.press("enter")


def test_a_lesson_declares_its_questions_with_computed_answers():
    trace = tracer.lesson("lesson3")
    same, differ = trace.questions
    forward, backward = [s.result for s in trace.steps if s.op == "dot"]
    assert same.choices == ("yes", "no") and same.answer_ == ("yes" if forward == backward
                                                              else "no")
    (mirror,) = [s for s in trace.steps if s.op == "compare"]
    rel = [s for s in trace.steps if s.name == "relevances"][0].result
    assert differ.choices is None
    assert differ.answer_ == len(mirror.result) == sum(
        rel[i][j] != rel[j][i] for i in range(len(rel)) for j in range(len(rel)))
    # each question is said before any step that computes its answer
    assert same.step <= min(i for i, s in enumerate(trace.steps) if s.op == "dot")
    assert differ.step <= [i for i, s in enumerate(trace.steps) if s.name == "relevances"][0]


@pytest.mark.parametrize("lesson", LESSONS)
def test_the_player_stops_at_each_question_and_no_answer_shows_before_it(lesson):
    trace, player = lesson_player(lesson)
    asked, shown = [], [screen(player)]
    while True:
        if player.quiz.asking:
            q = player.quiz.question()
            asked.append(q)
            assert re.search(r"Type (a number|one of)", shown[-1])
            if q.choices is None and q.answer != 0:  # the number is not on screen yet
                number = player.quiz.st.num(q.answer)
                assert not any(re.search(rf"(?<![\d.]){re.escape(number)}(?![\d])", s)
                               for s in shown), number
            player.press("esc")  # skipped: the player goes on
            assert not player.quiz.asking
        if player.pos == player.walk.total:
            break
        player.press("space")
        shown.append(screen(player))
    assert len(asked) == len([q for q in trace.questions if q.answer_ is not None]) >= 1
    assert player.note.startswith("that was the end")


def test_a_wrong_answer_gets_the_computed_reason_and_a_right_one_counts():
    trace, player = lesson_player("lesson3")
    forward, backward = [s.result for s in trace.steps if s.op == "dot"]
    assert player.quiz.asking and "Will q_dog . k_Riley equal" in screen(player)
    player.press("space")  # a press to go on types nothing
    assert player.quiz.typed == "" and player.quiz.asking
    type_in(player, "yes")  # wrong: the two directions differ
    text = " ".join(screen(player).split())
    st = player.quiz.st
    assert "Not this time: the answer is no." in text
    assert f"q_dog . k_Riley = {st.num(backward)} and q_Riley . k_Riley" not in text
    assert f"q_dog . k_Riley = {st.num(backward)} and q_Riley . k_dog = " \
           f"{st.num(forward)}" in text
    player.press("space")  # the verdict goes, the walk goes on
    assert "Not this time" not in screen(player)
    player.press("1")
    player.press("5")
    player.press("enter")  # go to press 15: the second question stops it first
    assert player.quiz.asking and "how many will differ" in screen(player)
    type_in(player, "abc")
    assert "is not a number" in player.note and player.quiz.asking
    type_in(player, "83")  # within 10% of 90
    assert "Right: 90." in screen(player)
    player.press("G")
    assert player.note.startswith("that was the end . questions: 1 right of 2 answered")


def test_a_question_is_asked_once_going_back_and_forth():
    trace, player = lesson_player("lesson3")
    player.press("esc")
    player.press("space")
    at = player.pos
    player.press("b")
    player.press("space")
    assert player.pos > at - 1 and not player.quiz.asking


def test_questions_travel_in_trace_files_and_bad_ones_are_refused():
    trace = tracer.lesson("lesson2")
    again = tracer.Trace.from_json(trace.to_json())
    assert [(q.step, q.choices, q.answer_, q.reason, q.values) for q in again.questions] == \
        [(q.step, q.choices, q.answer_, q.reason, q.values) for q in trace.questions]
    import json
    data = json.loads(trace.to_json())
    for bad in ([0, ["yes", "no"], "maybe", "", []], [1, None, True, "", []],
                [1, None, 3, "{} {}", [1]], [10**6, None, 3, "", []], "x"):
        data["questions"] = [bad]
        with pytest.raises(tracer.TraceError, match="question"):
            tracer.Trace.from_json(json.dumps(data))


def test_ask_refuses_what_is_no_question():
    with tracer.recording():
        with pytest.raises(tracer.TraceError):
            tracer.ask("Which?", choices=("one",))
        q = tracer.ask("Which?", choices=("one", "two"))
        with pytest.raises(tracer.TraceError):
            q.answer("three", "")
        n = tracer.ask("How many?")
        with pytest.raises(tracer.TraceError):
            n.answer("three", "")
        with pytest.raises(tracer.TraceError):
            n.answer(3, "{} and {}", 1)
    assert tracer.ask("Outside a recording?", choices=tracer.YES_NO).answer("yes", "") == "yes"


@pytest.mark.parametrize("lesson, sentence", [("lesson4", "dog dog dog"),
                                              ("lesson5", "Riley is a dog"),
                                              ("lesson5", "dog")])
def test_a_lesson_whose_forks_do_not_arise_asks_nothing_made_up(lesson, sentence, capsys):
    from tracer.play.predict import NONE, questions
    from tracer.view.text import Style
    trace = tracer.lesson(lesson, sentence)
    assert trace.asks and trace.questions == [] and questions(trace, Style()) == {}
    again = tracer.Trace.from_json(trace.to_json())  # a trace file keeps the declaration
    assert again.asks and questions(again, Style()) == {}
    import sys
    stdin = sys.stdin
    sys.stdin = io.StringIO("0.5\n2\n")
    try:
        assert cli.main([lesson, "--sentence", sentence, "--predict", "--plain"]) == 0
    finally:
        sys.stdin = stdin
    out = " ".join(capsys.readouterr().out.split())
    assert NONE in out and "attend to most?" not in out and "Questions asked" not in out


def test_a_trace_without_its_own_questions_still_gets_some_from_its_operations():
    from tracer.play.predict import questions
    from tracer.view.text import Style
    with tracer.recording() as trace:
        tracer.dot([0.1, 0.2], [0.3, 0.4])
    assert not trace.asks and questions(trace, Style())


@pytest.mark.parametrize("sentence", ["Riley never stops, she never sleeps", "dog dog dog",
                                      None])
def test_the_mirror_answer_accounts_for_every_cell_that_equals_its_mirror(sentence):
    np = pytest.importorskip("numpy")
    from tracer import lesson_trace, word_vectors
    trace = tracer.lesson("lesson3", sentence)
    words = lesson_trace.sentence_words(sentence or word_vectors.demo().sentence)
    db = word_vectors.demo()
    Q = np.array([db.get("query", w) for w in words])
    K = np.array([db.get("key", w) for w in words])
    R = Q @ K.T
    n = len(words)
    (q,) = [q for q in trace.questions if q.choices is None]
    assert q.answer_ == int((R != R.T).sum())
    equal_off = int((R == R.T).sum()) - n  # off the diagonal, yet equal to their mirror
    assert ("cells off it equal their mirror too" in q.reason) == (equal_off > 0)
    if equal_off:
        assert q.values[-3] == equal_off
        assert "a word that comes twice" in q.reason  # here, always a repeated word
