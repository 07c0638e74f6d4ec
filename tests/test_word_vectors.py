"""The vector database: demo words, derived words, and user vectors files."""

import json
import os
import subprocess
import sys
from fractions import Fraction as F
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

import tracer
from tracer.word_vectors import database, load
from helpers import error_of, json_values, loads_or_refuses, one_word_file

ROOT = Path(__file__).resolve().parents[1]
DEMO_WORDS = ["Evan's", "dog", "Riley", "is", "so", "hyper", "she", "never", "stops",
              "moving"]


def write(tmp_path, data, name="vectors.json"):
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def refusal(path):
    with pytest.raises(tracer.TraceError) as caught:
        load(path)
    return str(caught.value)


def test_demo_sentence_and_words():
    assert tracer.words_of(database().sentence) == DEMO_WORDS
    assert database().components == ["animal", "person", "energy", "female"]
    assert database().source == "the demo vectors"


def test_words_of_keeps_apostrophes_and_drops_punctuation():
    assert tracer.words_of("Evan’s dog, Riley!  is") == ["Evan’s", "dog", "Riley", "is"]


def test_demo_keys_are_exactly_unit_length():
    with tracer.recording(exact=True):
        keys = [tracer.get_key(word) for word in DEMO_WORDS]
    for word, key in zip(DEMO_WORDS, keys):
        assert all(type(x) is F for x in key)
        assert sum(x * x for x in key) == 1, word


def test_demo_vectors_are_floats_by_default():
    assert tracer.get_value("dog") == [0.9, 0.0, 0.3, 0.0]
    assert tracer.get_key("Riley") == [0.8, 0.6, 0.0, 0.0]
    assert tracer.get_query("she") == [0.6, 0.8, 0.0, 0.0]
    for v in (tracer.get_value("dog"), tracer.get_key("dog"), tracer.get_query("dog")):
        assert all(type(x) is float for x in v)


def test_demo_vectors_exact_on_request():
    with tracer.recording(exact=True):
        value, key = tracer.get_value("dog"), tracer.get_key("dog")
    assert value == [F(9, 10), F(0), F(3, 10), F(0)] and type(value[0]) is F
    assert key == [F(8, 9), F(1, 9), F(4, 9), F(0)]


def test_lookup_ignores_case():
    assert tracer.get_value("DOG") == tracer.get_value("dog")
    assert tracer.get_key("riley") == tracer.get_key("Riley")


def test_many_words_give_one_row_each():
    rows = tracer.get_values(["dog", "Riley"])
    assert rows == [[0.9, 0.0, 0.3, 0.0], [0.1, 0.7, 0.1, 0.3]]


def test_word_outside_the_set_gets_vectors_with_an_exactly_unit_key():
    for word in ["zebra", "cat", "a", "tracer", "Ünïcödé"]:
        with tracer.recording(exact=True):
            value, key, query = (tracer.get_value(word), tracer.get_key(word),
                                 tracer.get_query(word))
        assert len(value) == len(key) == len(query) == 4
        assert sum(x * x for x in key) == 1, word
        assert all(0 <= x <= 1 for x in value + query)


def test_word_outside_the_set_is_the_same_each_time_and_ignores_case():
    assert tracer.get_value("zebra") == tracer.get_value("zebra")
    assert tracer.get_key("Zebra") == tracer.get_key("zebra")
    assert tracer.get_value("zebra") != tracer.get_value("giraffe")


def test_word_outside_the_set_is_the_same_in_a_fresh_process():
    script = ("import json, tracer\n"
              "print(json.dumps([[x.hex() for x in f('zebra')] for f in "
              "(tracer.get_value, tracer.get_key, tracer.get_query)]))")
    here = [[x.hex() for x in f("zebra")]
            for f in (tracer.get_value, tracer.get_key, tracer.get_query)]
    for seed in ("0", "12345"):
        env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=str(ROOT))
        out = subprocess.run([sys.executable, "-c", script], env=env, cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout
        assert json.loads(out) == here


def test_user_file_replaces_the_set(tmp_path):
    path = write(tmp_path, {
        "sentence": "cat naps",
        "components": ["fur", "sleep"],
        "words": {
            "cat": {"value": [1, 0], "key": ["3/5", "4/5"], "query": [0.5, "1/4"]},
            "naps": {"value": [0, 1], "key": [0, 1], "query": [0, 0]},
        }})
    db = load(path)
    assert db.source == str(path)
    assert db.sentence == "cat naps"
    assert db.components == ["fur", "sleep"]
    with tracer.recording(vectors=db):
        assert tracer.get_value("cat") == [1.0, 0.0]
        assert tracer.get_key("cat") == [0.6, 0.8]
        assert tracer.get_query("cat") == [0.5, 0.25]
        # a demo word is now outside the set: derived, with the file's length
        assert len(tracer.get_value("dog")) == 2
        assert tracer.get_value("dog") != [0.9, 0.0, 0.3, 0.0]


def test_user_file_without_components_numbers_them(tmp_path):
    path = write(tmp_path, {"words": {"x": {"value": [1, 2, 3], "key": [0, 0, 1],
                                            "query": [3, 2, 1]}}})
    assert load(path).components == ["0", "1", "2"]


def test_a_vector_set_lasts_only_as_long_as_its_recording(tmp_path):
    mine = load(write(tmp_path, {"words": {"x": {"value": [1], "key": [1], "query": [1]}}}))
    with tracer.recording(vectors=mine):
        assert tracer.get_value("dog") != [0.9, 0.0, 0.3, 0.0]
    assert tracer.get_value("dog") == [0.9, 0.0, 0.3, 0.0]


def test_missing_file(tmp_path):
    path = tmp_path / "nope.json"
    assert refusal(path) == f"{path}: no such file"


def test_directory_is_not_a_file(tmp_path):
    assert refusal(tmp_path) == f"{tmp_path}: is a directory, not a vectors file"


def test_not_json(tmp_path):
    path = write(tmp_path, "{words: ")
    text = refusal(path)
    assert text.startswith(f"{path}: not valid JSON (")
    assert "line 1" in text


@pytest.mark.parametrize("data", [[], {"words": []}, {"dog": {}}, 7, "\"just text\""])
def test_wrong_shape(tmp_path, data):
    path = write(tmp_path, data)
    assert refusal(path) == f'{path}: expected an object with a "words" object inside'


def test_empty_words(tmp_path):
    path = write(tmp_path, {"words": {}})
    assert refusal(path) == f"{path}: the words object is empty"


def test_entry_not_an_object(tmp_path):
    path = write(tmp_path, {"words": {"cat": [1, 0]}})
    assert refusal(path) == f"{path}, word 'cat': expected an object with value, key and query"


def test_entry_missing_a_vector(tmp_path):
    path = write(tmp_path, {"words": {"cat": {"value": [1], "key": [1]}}})
    assert refusal(path) == f"{path}, word 'cat': query should be a non-empty list of numbers"


def test_entry_with_a_word_for_a_number(tmp_path):
    path = write(tmp_path, {"words": {"cat": {"value": ["one"], "key": [1], "query": [1]}}})
    assert refusal(path) == (f"{path}, word 'cat', value: 'one' is not a number "
                             "or a fraction like 2/9")


def test_mixed_lengths_across_words(tmp_path):
    path = write(tmp_path, {"words": {
        "cat": {"value": [1, 0], "key": [0, 1], "query": [1, 1]},
        "dog": {"value": [1, 0, 0], "key": [0, 0, 1], "query": [1, 1, 1]}}})
    assert refusal(path) == f"{path}, word 'dog': its value has 3 numbers, but others have 2"


def test_mixed_lengths_within_a_word(tmp_path):
    path = write(tmp_path, {"words": {"cat": {"value": [1, 0], "key": [1],
                                              "query": [1, 1]}}})
    assert refusal(path) == f"{path}, word 'cat': its key has 1 numbers, but others have 2"


def test_non_unit_key(tmp_path):
    path = write(tmp_path, {"words": {"cat": {"value": [1, 0], "key": [1, 1],
                                              "query": [1, 1]}}})
    assert refusal(path) == (f"{path}, word 'cat': its key has length 1.41421, but keys "
                             "must have length 1 (to within 0.0001): divide each of its "
                             "numbers by 1.41421")


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity(tmp_path, literal):
    path = write(tmp_path, '{"words": {"cat": {"value": [%s], "key": [1], "query": [1]}}}'
                 % literal)
    assert refusal(path) == (f"{path}, word 'cat', value: {literal} is not allowed; "
                             "every number must be finite")


def test_bad_components(tmp_path):
    path = write(tmp_path, {"components": ["a"], "words": {
        "cat": {"value": [1, 0], "key": [0, 1], "query": [1, 1]}}})
    assert refusal(path) == f"{path}: components should list 2 names"


def test_refused_file_leaves_the_database_alone(tmp_path):
    with pytest.raises(tracer.TraceError):
        load(write(tmp_path, "not json"))
    assert database().source == "the demo vectors"
    assert tracer.get_value("dog") == [0.9, 0.0, 0.3, 0.0]


def test_words_keep_their_combining_marks():
    assert tracer.words_of("नमस्ते दुनिया") == ["नमस्ते", "दुनिया"]
    assert tracer.words_of("a nai\u0308ve cafe\u0301!") == ["a", "nai\u0308ve", "cafe\u0301"]
    assert tracer.words_of("日本語 の 文") == ["日本語", "の", "文"]


@pytest.mark.parametrize("key", [
    [0.6000000238418579, 0.800000011920929],  # float32, as NumPy exports it
    [0.447214, 0.894427],  # 1/√5 and 2/√5 to six decimals
    [0.6, 0.80008],  # length 1.000064: within 0.0001
])
def test_keys_within_a_ten_thousandth_of_length_1_are_rescaled(tmp_path, key):
    path = write(tmp_path, {"words": {"cat": {"value": [1, 0], "key": key,
                                              "query": [1, 1]}}})
    db = load(path)
    k = db.get("key", "cat", exact=True)
    length = sum(x * x for x in k) ** 0.5  # a float: within 1e-12 is all it promises
    assert abs(length - 1) < 1e-12
    assert abs(k[0] / k[1] - F(str(key[0])) / F(str(key[1]))) < F(1, 10**12)  # same way
    # Rounded to 15 decimals: every rescaled key shares one short denominator.
    assert all((x * 10**15).denominator == 1 for x in k)
    assert db.rescaled == ["cat"]


def test_a_key_just_beyond_a_ten_thousandth_is_refused_with_its_length(tmp_path):
    path = write(tmp_path, {"words": {"cat": {"value": [1, 0], "key": [0.6, 0.8002],
                                              "query": [1, 1]}}})
    assert refusal(path) == (f"{path}, word 'cat': its key has length 1.00016, but keys "
                             "must have length 1 (to within 0.0001): divide each of its "
                             "numbers by 1.00016")


def test_a_file_with_a_byte_order_mark_is_read(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(
        {"words": {"cat": {"value": [1, 0], "key": [1, 0], "query": [0, 1]}}}).encode())
    assert load(path).get("key", "cat") == [1.0, 0.0]


# Derived vectors are long enough for any number of components.

@pytest.mark.parametrize("n", [1, 4, 11, 12, 16, 40])
def test_derived_vectors_have_every_component_and_a_unit_key(n):
    d = tracer.word_vectors.derived("zyzzyva", n)
    assert [len(d[kind]) for kind in ("value", "key", "query")] == [n, n, n]
    assert sum(x * x for x in d["key"]) == 1


def test_a_twelve_component_file_gives_unknown_words_twelve_components(tmp_path):
    path = tmp_path / "v.json"
    key = [1] + [0] * 11
    entry = {"value": key, "key": key, "query": key}
    path.write_text(json.dumps({"words": {"cat": entry}}))
    with tracer.recording(vectors=tracer.word_vectors.load(path)):
        for get in (tracer.get_value, tracer.get_key, tracer.get_query):
            assert len(get("aardvark")) == 12


# Vectors files: the sentence is text, components are names; case folding done once.

@pytest.mark.parametrize("sentence", [5, ["the", "cat"], {"a": 1}, True])
def test_a_sentence_that_is_not_text_is_refused(tmp_path, sentence):
    path = one_word_file(tmp_path, sentence=sentence)
    assert error_of(tracer.word_vectors.load, path).startswith(
        f'{path}: "sentence" should be text')


@pytest.mark.parametrize("components", [[1, 2], ["a", None], ["a", ["b"]]])
def test_components_that_are_not_names_are_refused(tmp_path, components):
    path = one_word_file(tmp_path, components=components)
    assert error_of(tracer.word_vectors.load, path) == \
        f"{path}: each of the components should be a name in quotes"


def test_lookup_folds_the_words_once_not_on_every_lookup():
    folds = []

    class Word(str):
        def casefold(self):
            folds.append(self)
            return str.casefold(self)
    entry = {"value": (1,), "key": (1,), "query": (1,)}
    db = tracer.word_vectors.Database({Word("Cat"): entry})
    folds.clear()
    for _ in range(3):
        assert db.lookup("cAT") is entry
        assert db.get("value", "CAT#2") == [1.0]
    assert folds == []


shaped_vectors = st.fixed_dictionaries({"words": st.dictionaries(
    st.text(min_size=1, max_size=5), st.fixed_dictionaries({
        "value": json_values, "key": json_values, "query": json_values}), max_size=3)})


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes_as_vectors(data):
    loads_or_refuses(lambda t: tracer.word_vectors.parse(t, "v.json"),
                     data.decode("utf-8", "replace"))


@settings(max_examples=300, deadline=None)
@given(json_values | shaped_vectors)
def test_random_json_as_vectors(value):
    loads_or_refuses(lambda t: tracer.word_vectors.parse(t, "v.json"), json.dumps(value))
