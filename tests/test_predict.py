"""Prediction questions (tracer/predict.py): numbers within a tolerance, words in any case."""


def test_a_question_checks_numbers_within_the_tolerance_and_words_in_any_case():
    from tracer.play.predict import Question
    number = Question("q · k", 0.956, None, [])
    assert [number.check(a) for a in ("0.95", "43/45", "0.9", "abc")] == \
        [True, True, False, None]
    word = Question("Which word?", "dog", ("Riley", "dog"), [])
    assert [word.check(a) for a in ("dog", "DOG", "Riley", "cat")] == \
        [True, True, False, None]


def test_the_lines_to_guess_from_end_in_newlines_and_their_words_stay_escaped():
    from tracer.play.predict import Question, ask
    from tracer.view.text import Style
    out = []
    q = Question("q · k", 0.956, None, ["q_Riley = [1.000]", "k_d\x1bog = [0.900]"])
    assert ask(q, Style(), out.append, lambda: "0.95\n") is True
    assert "".join(out) == ("  q_Riley = [1.000]\n  k_d\\x1bog = [0.900]\n"
                            "Your estimate of q · k:   right: the true value is 0.956\n")


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
    waited, _ = pauses(True, ["0.95\n", "\n", "q\n"])
    assert "right: the true value is 0.956\n  Enter to go on <read>" in waited
    piped, _ = pauses(False, ["0.95\n", "q\n"])
    assert "Enter to go on" not in piped
    assert "right: the true value is 0.956\n<read>" not in piped
