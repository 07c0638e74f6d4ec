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
