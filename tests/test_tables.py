"""A matrix as a table (tracer/view/tables.py)."""

from tracer.view.tables import table
from tracer.view.text import Style


def test_a_table_keeps_one_number_of_decimals_in_every_cell():
    # A small weight once kept two figures, 0.0052 beside 0.133, breaking the columns.
    lines = table([[0.133, 0.0052, 0.026], [-0.0017, 0.5, 1.0]], ["a", "b"],
                  ["x", "y", "z"], Style(3, ascii=True), 80, 10)
    assert ["".join(t for t, _ in ln).rstrip() for ln in lines] == [
        "         x       y       z",
        "  a  0.133   0.005   0.026",
        "  b -0.002   0.500   1.000",
    ]


def test_no_key_press_scans_a_big_table_for_its_heatmap_range(monkeypatch):
    # A 500×500 transpose is one position, so every press onto one was its first: each
    # scanned 250,000 cells for the heatmap's range. The range is found once a step,
    # when the screens are made ready, and kept on the step.
    import io
    import random

    import numpy

    import tracer
    from tracer.play.walk import Walk
    from tracer.view import choose, tables
    rng = random.Random(22)
    squares = [[[rng.uniform(-5, 5) for _ in range(80)] for _ in range(80)] for _ in range(3)]
    with tracer.recording() as trace:
        for m in squares:
            tracer.transpose(m)
        tracer.matmul(squares[0][:3], [row[:2] for row in squares[1]])
    scans = []
    measured = tables.smallest_largest
    monkeypatch.setattr(tables, "smallest_largest", lambda m: scans.append(m) or measured(m))
    walk = Walk(trace)
    draw = choose(True, io.StringIO()).screen_renderer(trace, walk, "big", 3)
    assert len(scans) == 3  # the three 6,400-cell results; the 6-cell one waits
    for step, m in zip(trace.steps, squares):
        assert step.extent == (numpy.min(m), numpy.max(m))
    for pos in range(1, walk.total + 1):
        draw(pos, 100, 35)
        draw(pos, 100, 35)
    assert len(scans) == 4  # the small result, once, on its first screen
    assert trace.steps[3].extent == (numpy.min(trace.steps[3].result),
                                     numpy.max(trace.steps[3].result))
