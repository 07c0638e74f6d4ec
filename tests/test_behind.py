"""Recording behind the first screen (tracer/play/behind.py): shown early, nothing lost."""

import io
import threading

import pytest

import tracer
from tracer.lesson_trace import record
from tracer.play.behind import Behind, Unfinished
from tracer.play.player import play
from tracer.play.walk import Walk


def held_recording(release):
    """Return record(begun): one dot product, then a wait for release, then another."""
    def run(begun):
        with tracer.recording() as trace:
            begun(trace)
            tracer.dot([1, 2], [3, 4])
            release.wait(10)
            tracer.dot([5, 6], [7, 8])
        return trace
    return run


def test_the_first_step_is_handed_out_before_the_recording_ends():
    release = threading.Event()
    behind = Behind(held_recording(release))
    first = behind.first()
    assert [s.result for s in first.steps] == [11]  # while the rest is still held
    release.set()
    assert [s.result for s in behind.whole().steps] == [11, 83]


def test_a_recording_that_fails_fails_where_the_whole_is_asked_for():
    behind = Behind(lambda begun: record("lesson3", focus="nothere", begun=begun))
    assert behind.first() is None
    with pytest.raises(tracer.TraceError, match="nothere"):
        behind.whole()


def test_keys_typed_while_recording_act_on_the_whole_walk():
    release = threading.Event()
    behind = Behind(held_recording(release))
    first = behind.first()
    frames = []

    def render_of(walk):
        return lambda pos, w, h, pace: f"{pos} {walk.press(pos, 'term')}"

    def rest():
        release.set()
        walk = Walk(behind.whole())
        return walk, render_of(walk)
    walk = Unfinished(first)
    out = io.StringIO()
    out.write = frames.append
    play(walk, render_of(walk), keys=["right", "right", "right"], out=out, rest=rest)
    screens = [f.split("\r\n")[0].split("H", 1)[-1].split("\x1b")[0] for f in frames]
    assert screens == ["1 (1, '...')", "1 (1, 4)", "2 (2, 4)", "3 (3, 4)", "4 (4, 4)"]


def test_a_lesson_recorded_behind_is_the_lesson():
    behind = Behind(lambda begun: record("lesson1", begun=begun))
    assert behind.whole().steps == tracer.lesson("lesson1").steps


def test_the_recording_thread_leaves_signals_to_the_player():
    import signal
    if not hasattr(signal, "pthread_sigmask"):
        pytest.skip("no signal masks on this system")
    masks = []

    def run(begun):
        masks.append(signal.pthread_sigmask(signal.SIG_BLOCK, []))
        with tracer.recording() as trace:
            begun(trace)
            tracer.dot([1], [2])
        return trace
    Behind(run).whole()
    assert {signal.SIGTERM, signal.SIGINT, signal.SIGHUP} <= masks[0]
    assert signal.SIGTERM not in signal.pthread_sigmask(signal.SIG_BLOCK, [])
