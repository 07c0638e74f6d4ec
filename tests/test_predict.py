"""Prediction questions (tracer/predict.py): numbers within a tolerance, words in any case."""


def test_a_question_checks_numbers_within_the_tolerance_and_words_in_any_case():
    from tracer.predict import Question
    number = Question("q · k", 0.956, None, [])
    assert [number.check(a) for a in ("0.95", "43/45", "0.9", "abc")] == \
        [True, True, False, None]
    word = Question("Which word?", "dog", ("Riley", "dog"), [])
    assert [word.check(a) for a in ("dog", "DOG", "Riley", "cat")] == \
        [True, True, False, None]
