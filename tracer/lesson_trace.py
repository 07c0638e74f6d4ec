"""A lesson as a library call: tracer.lesson("lesson3") records it and returns its trace."""

import difflib
import importlib
import importlib.util
import os
import re
import sys

from . import limits, question, word_vectors
from .errors import UsageError
from .step import follow, recording, say

LESSONS = ("lesson1", "lesson2", "lesson3", "lesson4", "lesson5", "lesson6")
MAX_WORDS = 60


def nearest(name, names):
    """Return "; did you mean X?" for the closest of names, or ""."""
    near = difflib.get_close_matches(name, names, n=1, cutoff=0.5)
    return f"; did you mean {near[0]}?" if near else ""


def lesson_module(name):
    """Return the module of a lesson, suggesting the nearest name for a typo."""
    if name not in LESSONS:
        said = f"no lesson called {name!r}"
        raise UsageError(said + (nearest(name, LESSONS) or
                                 f"; the lessons are {', '.join(LESSONS)}"),
                         command=said + (nearest(name, LESSONS + ("replay",)) or
                                         "; run 'tracer' to list them"))
    lessons()
    return importlib.import_module(f"tracer.lessons.{name}")


def lessons():
    """Return the lessons package: lessons/ beside the package in a checkout, else
    tracer/lessons as installed."""
    # The wheel maps lessons/ to tracer/lessons; a checkout keeps it beside the package.
    # A checkout's own lessons come first, even where an editable install of another
    # checkout would map tracer.lessons to its folder; loaded under the same name, a
    # lesson has one module name everywhere.
    folder = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                          "lessons")
    init = os.path.join(folder, "__init__.py")
    loaded = sys.modules.get("tracer.lessons")
    if not os.path.isfile(init):
        return loaded or importlib.import_module("tracer.lessons")
    if loaded is not None and os.path.abspath(loaded.__file__ or "") == init:
        return loaded
    spec = importlib.util.spec_from_file_location(
        "tracer.lessons", init, submodule_search_locations=[folder])
    package = importlib.util.module_from_spec(spec)
    sys.modules["tracer.lessons"] = package
    spec.loader.exec_module(package)
    return package


def sentence_words(text):
    """Return the words of a sentence, repeated ones numbered (The, dog, the#2)."""
    if not isinstance(text, str):
        raise UsageError("a sentence is text, such as 'the dog sat', not "
                         f"{type(text).__name__}")
    words = word_vectors.words_of(text)
    if not words:
        raise UsageError(f"the sentence {text!r} has no words")
    if len(words) > MAX_WORDS:
        raise UsageError(f"the sentence has {len(words)} words; the lessons take "
                         f"1 to {MAX_WORDS}")
    long = next((w for w in words if len(w) > limits.WORD_CHARS), None)
    if long:
        raise UsageError(f"the word {long[:20]!r}... is longer than {limits.WORD_CHARS} "
                         "characters (limits.WORD_CHARS)")
    seen, out = {}, []
    for w in words:
        key = w.casefold()  # "The" and "the" are one word, as the vectors see them
        seen[key] = seen.get(key, 0) + 1
        out.append(w if seen[key] == 1 else f"{w}#{seen[key]}")
    return out


# Words a learner would not follow through a lesson: they carry grammar, not meaning.
FUNCTION_WORDS = frozenset("""
a an the this that these those and or but nor so if then than because as of at by for
from in into on onto to with without over under about after before up down out off is
are was were be been being am do does did has have had will would can could shall
should may might must not no it its it's he him his she her hers they them their we us
our you your i me my mine""".split())


def meaningful(words):
    """Return the words that carry meaning of their own, in order."""
    return [w for w in words if w.split("#")[0].casefold() not in FUNCTION_WORDS]


def pick_focus(words, focus):
    """Return the focus word and its partner (the word it takes meaning from)."""
    if focus is None:
        focus = "Riley" if "Riley" in words else (meaningful(words) or words)[0]
    elif focus not in words:
        folded = [w for w in words if w.casefold() == focus.casefold()]
        if not folded:
            rest = f" is not in the sentence{nearest(focus, words)}"
            raise UsageError(f"focus={focus!r}{rest}", command=f"--focus {focus!r}{rest}")
        focus = folded[0]
    others = [w for w in words if w != focus]
    partner = "dog" if "dog" in others else (meaningful(others) or others or [focus])[0]
    return focus, partner


def lesson(name, sentence=None, focus=None, vectors=None, exact=False):
    """Return a lesson's trace, titled, on its sentence or yours.

    sentence: text of 1 to 60 words (None: the vector set's own sentence, else the
    demo's); focus: the word the lesson follows (None: Riley, or the first word that
    carries meaning); vectors: a vector set's file name, or one already loaded (None:
    the demo vectors); exact: compute in Fractions.
    """
    return record(name, sentence, focus, vectors, exact)


def record(name, sentence=None, focus=None, vectors=None, exact=False, begun=None):
    """Return a lesson's trace as lesson() does; begun(trace), if given, is called once
    the trace has begun, so that another thread can show its first steps early."""
    module = lesson_module(name)
    if vectors is None:
        vectors = word_vectors.demo()
    elif isinstance(vectors, (str, os.PathLike)):
        vectors = word_vectors.load(vectors)
    if sentence is None:  # the file's own sentence, else the demo's
        sentence = vectors.sentence or word_vectors.demo().sentence
    words = sentence_words(sentence)
    if focus is not None and getattr(module, "FOLLOWS", None):
        raise UsageError(f"{name} follows {module.FOLLOWS}, so --focus does not apply "
                         "to it; leave it out")
    focus, partner = pick_focus(words, focus)
    if exact:  # refused before computing: fractions that share no short denominator
        word_vectors.check_exact(vectors, words)
    with recording(exact=bool(exact), vectors=vectors) as trace:
        trace.title = f"{name}: {module.TITLE}"
        # Said first, before any step is recorded, so that no step moves once shown.
        said_first(vectors, words, getattr(module, "VOCABULARY", None))
        notes = len(trace.steps)
        follow(focus)  # the lesson's tables keep this word's row in view
        if begun is not None:
            begun(trace)
        # A lesson that imports tracer.ask declares its forks itself.
        trace.asks = getattr(module, "ask", None) is question.ask
        module.run(words, focus, partner)
    if notes and trace.sections and trace.sections[0][1] == notes:
        trace.sections[0] = (trace.sections[0][0], 0)  # the notes open the first section
    return trace


def said_first(vectors, words, vocabulary=None):
    """Say before the lesson what it must say once: words made up, keys rescaled.

    Said through say() like every sentence of a lesson, at no line of the lesson's code.
    """
    made = {}  # each word outside the set once, as first written: "the#2" is "the"
    for w in (re.sub(r"#\d+$", "", w) for w in words):
        if not vocabulary and not vectors.lookup(w):  # a lesson with words of its own
            made.setdefault(w.casefold(), w)  # names the unknown ones itself
    made = list(made.values())
    if made:  # quoted, so "the" and "it" read as words
        say(DERIVED if made[1:] else DERIVED_ONE, ", ".join(f'"{w}"' for w in made),
            code=False)
    if vectors.rescaled:
        rescaled = vectors.rescaled
        shown = rescaled[:5] + ([f"{len(rescaled) - 5} more"] if rescaled[5:] else [])
        say(RESCALED, ", ".join(shown), vectors.source, code=False)


DERIVED = ("Not in the vector set: {}. Their vectors are made from their letters, the same "
           "each time, so their component values mean nothing; only the arithmetic on "
           "them is real.")
DERIVED_ONE = ("Not in the vector set: {}. Its vector is made from its letters, the same "
               "each time, so its component values mean nothing; only the arithmetic on "
               "it is real.")


RESCALED = ("The keys of {} in {} were within 0.0001 of length 1 but not exactly 1, so "
            "each was divided by its length and rounded to 15 decimals (leaving a length "
            "within 1e-12 of 1) before the lesson began.")
