"""The core: one recording per context, modes as arguments, and no reach upwards."""

import ast
import asyncio
import sys
import threading
from fractions import Fraction as F
from pathlib import Path

import pytest

import tracer
from tracer.step import current
from helpers import error_of, every_kind_of_step

ROOT = Path(__file__).resolve().parent.parent
UPWARD = ("view", "play", "player", "predict", "quiz", "cli", "walk", "display", "rich", "termios")


def imports_of(path):
    """Return every module a file imports, at the top or inside any function."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            found.append("." * node.level + (node.module or ""))
            found += ["." * node.level + (node.module + "." if node.module else "") + a.name
                      for a in node.names]
        elif isinstance(node, ast.Import):
            found += [a.name for a in node.names]
    return found


def test_the_core_imports_nothing_above_the_engine():
    for name in ("step.py", "errors.py", "check.py", "op.py", "kinds.py"):
        for module in imports_of(ROOT / "tracer" / name):
            parts = module.lstrip(".").replace("tracer.", "").split(".")
            assert not any(p in UPWARD for p in parts), f"{name} imports {module}"


def test_shown_lends_trace_its_views_only_when_called():
    """Shown is the one door from a trace outward: nothing above the core at load time."""
    import ast
    tree = ast.parse((ROOT / "tracer" / "shown.py").read_text(encoding="utf-8"))
    loaded = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    assert loaded == []
    assert ".view.notebook.summary" in imports_of(ROOT / "tracer" / "shown.py")


def test_every_public_name_exists_and_star_import_works():
    assert sorted(set(tracer.__all__)) == sorted(tracer.__all__)
    missing = [n for n in tracer.__all__ if not hasattr(tracer, n)]
    assert missing == []
    space = {}
    exec("from tracer import *", space)
    assert set(tracer.__all__) <= set(space)


def test_the_import_walk_sees_imports_inside_functions(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from .view import choose\n")
    assert ".view.choose" in imports_of(sample)


def record_in_thread(exact, values, out, started, go):
    with tracer.recording(exact=exact) as trace:
        started.wait()  # both recordings are open before either records
        for v in values:
            go.wait()
            tracer.dot(v, v)
    out.append(trace)


def test_two_threads_each_record_only_their_own_steps():
    barrier, go = threading.Barrier(2), threading.Event()
    floats, exact = [], []
    a = threading.Thread(target=record_in_thread,
                         args=(False, [[0.5, 0.25]] * 50, floats, barrier, go))
    b = threading.Thread(target=record_in_thread,
                         args=(True, [[0.75, 0.125]] * 50, exact, barrier, go))
    a.start(), b.start()
    go.set()
    a.join(), b.join()
    assert len(floats[0]) == len(exact[0]) == 50
    assert all(s.args == ((0.5, 0.25), (0.5, 0.25)) for s in floats[0])
    assert all(s.args == ((F(3, 4), F(1, 8)),) * 2 for s in exact[0])
    assert all(type(s.result) is F for s in exact[0])
    assert all(type(s.result) is float for s in floats[0])
    assert current() is None


def test_two_asyncio_tasks_each_record_only_their_own_steps():
    async def work(x):
        with tracer.recording() as trace:
            for _ in range(20):
                tracer.dot([x], [x])
                await asyncio.sleep(0)
        return trace

    async def both():
        return await asyncio.gather(work(1.5), work(2.5))

    first, second = asyncio.run(both())
    assert [s.result for s in first] == [2.25] * 20
    assert [s.result for s in second] == [6.25] * 20


def test_a_recording_that_fails_leaves_nothing_current():
    with pytest.raises(tracer.TraceError):
        with tracer.recording():
            tracer.normalize([1.0, -1.0])  # adds up to 0
    assert current() is None
    tracer.dot([1.0], [2.0])  # outside any recording: nothing to record into
    assert current() is None


def test_exact_recording_takes_floats_as_the_decimals_they_spell():
    with tracer.recording(exact=True) as trace:
        tracer.mix([1.0, 0.0], [0.0, 1.0], 0.75)
    assert trace[0].result == (F(3, 4), F(1, 4))
    assert trace.exact


def test_exact_mode_ends_with_its_recording():
    with tracer.recording(exact=True):
        pass
    assert tracer.dot([0.1], [0.1]) == 0.1 * 0.1


def test_a_trace_reads_as_a_short_summary():
    with tracer.recording() as trace:
        tracer.matmul([[1, 2]], [[3], [4]])
    trace.title = "demo"
    assert repr(trace) == '<Trace "demo": 1 step, 2 terms>'


def test_sections_mark_the_step_they_start_at():
    with tracer.recording() as trace:
        tracer.section("keys")
        tracer.dot([1], [1], why="a word against itself")
        tracer.section("queries")
        tracer.dot([2], [2])
    assert trace.sections == [("keys", 0), ("queries", 1)]
    assert trace[0].why == "a word against itself" and trace[1].why is None


def test_a_section_needs_a_title():
    with pytest.raises(tracer.TraceError, match="a section needs a title"):
        tracer.section("  ")


def test_why_must_be_a_sentence():
    with pytest.raises(tracer.TraceError, match="why= should be a sentence"):
        tracer.dot([1], [1], why=3)


# Narration: values frozen, templates of bare {} only.

def test_say_keeps_the_values_as_they_were_when_said():
    v = [1, [2, 3]]
    with tracer.recording() as t:
        tracer.say("v is {}", v)
    v.append(9)
    v[1].append(4)
    assert t[0].args == ((1, (2, 3)),)


@pytest.mark.parametrize("text, values", [
    ("w {:.2f}", (0.5,)), ("{0}", (1,)), ("{!r}", (1,)), ("{x}", (1,)),
    ("{0.numerator}", (1,)), ("{:{}}", (1, 2)), ("{} and {}", (1,)), ("{}", (1, 2)),
    ("no value", (1,)), ("a } alone", ()), ("a { alone", ()),
])
def test_say_takes_only_one_bare_placeholder_per_value(text, values):
    with tracer.recording() as t:
        assert error_of(tracer.say, text, *values)
    assert len(t) == 0


def test_say_with_bare_placeholders_and_escaped_braces_is_taken():
    with tracer.recording() as t:
        tracer.say("{{}} is literal, {} is not", 2)
    assert t[0].result.format(*t[0].args) == "{} is literal, 2 is not"


def test_say_names_the_placeholder_it_refuses():
    assert error_of(tracer.say, "w {:.2f}", 0.5) == ("the narration marks a value with "
                                                     "'{:.2f}'; write a bare {} for each "
                                                     "value instead")


def test_nothing_recorded_outside_recording():
    tracer.dot([1, 2], [3, 4])
    tracer.say("not heard")
    with tracer.recording() as trace:
        pass
    tracer.add([1], [2])
    assert len(trace) == 0
    assert tracer.step.current() is None


def test_recording_collects_steps_in_order():
    with tracer.recording() as trace:
        tracer.dot([1], [2])
        tracer.add([1], [2])
        tracer.say("{} and {}", 1, 2)
    assert [s.op for s in trace] == ["dot", "add", "say"]
    assert trace[2].args == (1, 2)
    assert trace[2].result == "{} and {}"


def test_nested_recording():
    with tracer.recording() as outer:
        tracer.dot([1], [2])
        with tracer.recording() as inner:
            tracer.add([1], [2])
            assert tracer.step.current() is inner
        tracer.sub([1], [2])
        assert tracer.step.current() is outer
    assert tracer.step.current() is None
    assert [s.op for s in outer] == ["dot", "sub"]
    assert [s.op for s in inner] == ["add"]


def test_recording_ends_when_the_block_raises():
    try:
        with tracer.recording():
            raise KeyError("stop")
    except KeyError:
        pass
    assert tracer.step.current() is None


def test_caller_file_and_line_are_the_test():
    with tracer.recording() as trace:
        line = sys._getframe().f_lineno + 1
        tracer.dot([1], [2])
        tracer.matmul([[1]], [[2]])
        tracer.add([1], [2])
    here = Path(__file__).resolve()
    assert [Path(s.file).resolve() for s in trace] == [here] * 3
    assert [s.line for s in trace] == [line, line + 1, line + 2]


def test_names_follow_remembered_lists():
    with tracer.recording() as trace:
        v = tracer.get_value("dog")
        k = tracer.get_key("Riley")
        tracer.dot(v, k)
        s = tracer.add(v, k)
        tracer.norm(s)
    assert trace[0].names == ("v_dog", "k_Riley")
    assert trace[2].names == ("add(v_dog, k_Riley)",)


# A list an earlier step made is taken as that step stored it, unchecked, only while it
# still holds the same numbers; changed, it is checked again like any input.

def test_a_result_changed_by_the_learner_is_checked_again():
    with tracer.recording():
        scores = tracer.matmul([[1.0, 2.0]], [[3.0], [4.0]])
        scores[0][0] = float("nan")
        try:
            tracer.normalize_rows(scores)
        except tracer.TraceError as e:
            message = str(e)
    assert "holds nan" in message


def test_a_result_turned_into_a_mask_is_refused_as_numbers():
    with tracer.recording():
        w = tracer.matmul([[1.0, 2.0]], [[3.0], [4.0]])
        w[0][0] = True
        try:
            tracer.matmul(w, [[1.0]])
        except tracer.TraceError as e:
            message = str(e)
    assert "holds True, which is not a number" in message


def test_a_mask_is_never_taken_as_numbers():
    with tracer.recording():
        mask = tracer.causal_mask(2)
        try:
            tracer.matmul(mask, [[1.0, 0.0], [0.0, 1.0]])
        except tracer.TraceError as e:
            message = str(e)
    assert "which is not a number" in message


def test_an_unchanged_result_is_stored_once_not_copied():
    with tracer.recording() as trace:
        scores = tracer.matmul([[1.0, 2.0]], [[3.0, 1.0], [4.0, 2.0]])
        tracer.normalize_rows(scores)
    assert trace[1].args[0] is trace[0].result


def test_trace_count_adds_up_steps():
    trace = every_kind_of_step()
    assert trace.count() == sum(len(list(s.terms())) for s in trace)
