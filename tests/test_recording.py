"""What gets recorded, where from, and that results match the terms bit for bit."""

import random
import sys
from pathlib import Path

import tracer


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


def random_vector(rng, n):
    return [rng.uniform(-100, 100) * 10 ** rng.randint(-8, 8) for _ in range(n)]


def test_dot_equals_last_running_sum_bit_for_bit():
    rng = random.Random(1)
    for _ in range(200):
        n = rng.randint(1, 30)
        a, b = random_vector(rng, n), random_vector(rng, n)
        with tracer.recording() as trace:
            result = tracer.dot(a, b)
        last = list(trace[0].terms())[-1]
        assert result.hex() == last.total.hex()


def test_weighted_sum_equals_last_running_sums_bit_for_bit():
    rng = random.Random(2)
    for _ in range(100):
        n, d = rng.randint(1, 12), rng.randint(1, 6)
        w = random_vector(rng, n)
        rows = [random_vector(rng, d) for _ in range(n)]
        with tracer.recording() as trace:
            result = tracer.weighted_sum(w, rows)
        terms = list(trace[0].terms())
        lasts = [t.total for t in terms if t.at[1] == n - 1]
        assert [x.hex() for x in result] == [x.hex() for x in lasts]


def test_matmul_cells_equal_last_running_sums_bit_for_bit():
    rng = random.Random(3)
    for _ in range(40):
        n, d, m = rng.randint(1, 6), rng.randint(1, 9), rng.randint(1, 6)
        a = [random_vector(rng, d) for _ in range(n)]
        b = [random_vector(rng, m) for _ in range(d)]
        with tracer.recording() as trace:
            result = tracer.matmul(a, b)
        step = trace[0]
        for c in range(step.cells()):
            i, j = step.cell_key(c)
            last = step.cell_terms(c)[-1]
            assert result[i][j].hex() == last.total.hex() == step.result[i][j].hex()
        totals = [t.total for t in step.terms() if t.at[2] == d - 1]
        assert [x.hex() for row in result for x in row] == [x.hex() for x in totals]


def test_normalize_divides_by_last_running_sum_bit_for_bit():
    rng = random.Random(4)
    for _ in range(200):
        n = rng.randint(1, 30)
        xs = [rng.uniform(0.001, 50) for _ in range(n)]
        with tracer.recording() as trace:
            result = tracer.normalize(xs)
        terms = list(trace[0].terms())
        sums, divides = terms[:n], terms[n:]
        total = sums[-1].total
        assert all(t.y.hex() == total.hex() for t in divides)
        assert [t.value.hex() for t in divides] == [x.hex() for x in result]


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


def test_a_first_product_of_minus_zero_stays_minus_zero():
    with tracer.recording() as trace:
        d = tracer.dot([-0.0, -0.0], [1.0, 5.0])
        m = tracer.matmul([[-0.0]], [[2.0]])
    assert d.hex() == list(trace[0].terms())[-1].total.hex()
    assert d.hex() == (-0.0).hex() and m[0][0].hex() == (-0.0).hex()
