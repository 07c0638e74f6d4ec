"""Lesson 6's task: which word does a pronoun stand for? Its vocabulary and sentences."""

import random

# The words the head knows, each with the one feature its embedding carries.
FEMALE = ("Riley", "Bella", "Luna", "Daisy", "Rosie")
MALE = ("Evan", "Max", "Leo", "Sam", "Oscar")
ANIMALS = ("dog", "cat", "puppy", "horse")
PRONOUNS = {"she": FEMALE, "he": MALE, "it": ANIMALS}  # what each one can stand for
ADJECTIVES = ("hyper", "happy", "loud", "busy")
VERBS = ("moving", "barking", "running", "playing")
OTHERS = ("is", "so", "never", "stops") + ADJECTIVES + VERBS  # no feature: all zeros
FEATURES = ("female", "male", "animal", "she", "he", "it")
SIZE = 2  # the number each embedding holds at its feature: the length of the vector
DEMO = "Evan's dog Riley is so hyper, she never stops moving"
HELD_OUT = "Luna's horse Leo is so happy, he never stops running"  # never trained on


def base(word):
    """Return a word as the vocabulary spells it: "Evan's" is Evan, "She" is she."""
    word = word.split("#")[0]  # a repeated word is numbered: the#2
    if word.endswith(("'s", "’s")) and word[:-2] in FEMALE + MALE:
        return word[:-2]
    return word if word in FEMALE + MALE else word.casefold()


def feature(word):
    """Return the feature a known word carries, None for a word without one."""
    w = base(word)
    for name, words in zip(FEATURES, (FEMALE, MALE, ANIMALS)):
        if w in words:
            return name
    return w if w in PRONOUNS else None


def known(word):
    """Say whether the head has an embedding for a word."""
    return feature(word) is not None or base(word) in OTHERS


def embedding(word):
    """Return a known word's embedding: SIZE at its feature, 0 elsewhere."""
    f = feature(word)
    return [SIZE if name == f else 0 for name in FEATURES]


def answer(words, i):
    """Return the position the pronoun at i stands for, or None when not exactly one fits."""
    fits = PRONOUNS[base(words[i])]
    found = [j for j, w in enumerate(words) if j != i and base(w) in fits]
    return found[0] if len(found) == 1 else None


def pronoun(words):
    """Return the position of the sentence's first pronoun, or None."""
    return next((i for i, w in enumerate(words) if base(w) in PRONOUNS), None)


def sentence(rng):
    """Return the words of a made-up sentence like the demo: an owner, a pet, a pronoun."""
    owner, pet = rng.choice(FEMALE), rng.choice(MALE)  # one name of each kind
    if rng.random() < 0.5:
        owner, pet = pet, owner
    return [f"{owner}'s", rng.choice(ANIMALS), pet, "is", "so", rng.choice(ADJECTIVES),
            rng.choice(tuple(PRONOUNS)), "never", "stops", rng.choice(VERBS)]


def text(words):
    """Return a made-up sentence's words as the sentence is written."""
    return " ".join(words[:6]) + ", " + " ".join(words[6:])


def sentences(seed, count):
    """Return the words of the training sentences: the demo first, then made-up ones."""
    rng = random.Random(seed)
    return [DEMO_WORDS] + [sentence(rng) for _ in range(count - 1)]


DEMO_WORDS = ["Evan's", "dog", "Riley", "is", "so", "hyper", "she", "never", "stops",
              "moving"]
