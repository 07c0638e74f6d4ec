"""Kinds of term (tracer/kinds.py): each declared once, and looked up, never tested."""

import math
import re
from fractions import Fraction as F
from pathlib import Path

import pytest

import tracer
from tracer import kinds
from tracer.op import Op, declare
from tracer.step import OPS, Term
from tracer.view.screen import transcript
from tracer.view.text import Style
from helpers import every_kind_of_step, plays

ROOT = Path(__file__).resolve().parent.parent
# Reading a term's kind, or testing a kind by name: what only kinds.py may do.
BRANCH = re.compile(r"\.kind\b|kind ==|kind in|kind !=|\bKINDS\[")


def test_no_module_but_the_kinds_reads_a_terms_kind():
    found = [f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
             for path in sorted((ROOT / "tracer").rglob("*.py"))
             if path.name != "kinds.py"
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if BRANCH.search(line.split("#")[0])]
    assert found == []


def test_the_branch_pattern_finds_a_chain_on_kinds():
    assert BRANCH.search('    if t.kind == "divide":')
    assert BRANCH.search('    elif t.kind in ("product", "weighted"):')
    assert not BRANCH.search("    k = kinds.of(t)")


def recorded_terms():
    """Return every term of one step of each operation, masked and broadcast included."""
    trace = every_kind_of_step()
    with tracer.recording() as more:
        m = [[1.0, -2.0, 0.5], [0.25, 3.0, -1.0], [2.0, 2.0, 1.0]]
        tracer.softmax_rows(m, tracer.causal_mask(3))
        tracer.broadcast_divide(m)
        tracer.attention(m, m, m)
        tracer.add_matrices(m, m)
    return [t for step in list(trace) + list(more) for t in step.terms()]


def test_every_term_an_operation_makes_is_of_a_declared_kind():
    made = {t.kind for t in recorded_terms()}
    assert made <= set(kinds.KINDS)
    assert made >= {"product", "weighted", "sum", "add", "sub", "sqrt", "divide", "exp",
                    "masked", "compare"}


def test_each_kind_redoes_its_terms_value_from_the_numbers_it_shows():
    for t in recorded_terms():
        k = kinds.of(t)
        if k.redo is None:
            continue
        want = k.redo(*k.numbers(t))
        if isinstance(t.value, F) and isinstance(want, F):
            assert want == t.value, t
        else:
            assert math.isclose(want, t.value, rel_tol=1e-12, abs_tol=1e-15), t


def test_an_undeclared_kind_is_named_in_the_error():
    with pytest.raises(KeyError, match="'cube'.*kinds.py"):
        kinds.of(Term("cube", (0,), 2, None, 8, None))


@pytest.fixture
def power():
    """Declare a new kind of term and an operation that makes it; take both away after."""

    @kinds.kind
    class raised(kinds.Kind):
        """x ^ y = value."""

        name, running, one_line, parts = "power", True, True, True

        def redo(self, x, y):
            return x ** y

        def formula(self, t, w):
            return f"{w.operand(t.x)} ^ {w.operand(t.y)}"

    @declare
    class power_sum(Op):
        """Return Σ a[i] ** b[i], each power added to a running sum."""

        name, title, params, shows = "power_sum", "Σ {0} ^ {1}", (
            ("a", "vector"), ("b", "vector")), (0, 1)

        def arithmetic(self, w, a, b):  # its result, and the terms a learner steps through
            return w.total("power", pow, a, b)

    yield power_sum
    del kinds.KINDS["power"], OPS["power_sum"]


def test_a_new_kind_is_one_declaration_that_every_view_writes(power):
    with tracer.recording() as trace:
        power([2.0, 3.0, 1.5], [2.0, 1.0, 2.0])
    step = trace.steps[0]
    assert [t.kind for t in step.terms()] == ["power"] * 3
    plays(trace)  # the player's frames at two sizes, and the transcript
    text = "\n".join("".join(s for s, _ in line) for line in
                     transcript(trace, Style(), 80))
    # a finished run reads on one line, as the kind declares, and adds up to the result
    assert "2.000 ^ 2.000 + 3.000 ^ 1.000 + 1.500 ^ 2.000 = 9.250" in text
    from tracer.view.steps import largest
    assert largest(list(step.terms())).value == 4.0  # parts: its largest part is marked


# One source for an operation's arithmetic: its count is taken from its terms.

def test_an_operation_that_states_its_count_is_refused():
    class counted(Op):
        name = "counted"

        def count(self, step):
            return 3
    with pytest.raises(TypeError, match="states its count"):
        declare(counted)
    assert "counted" not in OPS


@pytest.fixture
def triangle():
    """Declare an operation whose cells hold different numbers of terms: row i of a
    triangle adds up i + 1 numbers."""

    @declare
    class triangle_sums(Op):
        """Return the sum of the first i + 1 numbers of v, for each i."""

        name, params, cell_axes = "triangle_sums", (("v", "vector"),), (0,)
        uneven = True  # the test flips this to see a wrong declaration caught

        def arithmetic(self, w, v):
            return w.each_cell(len(v), lambda w, i: w.total("sum", None, v[:i + 1]))

        def even(self, step):
            return not self.uneven

    yield triangle_sums
    del OPS["triangle_sums"]


def test_a_new_operations_count_is_the_number_of_its_terms(triangle):
    with tracer.recording() as trace:
        triangle([1.0, 2.0, 3.0, 4.0])
    step = trace.steps[0]
    terms = list(step.terms())
    assert step.count() == len(terms) == 1 + 2 + 3 + 4
    assert [step.cell_start(c) for c in range(5)] == [0, 1, 3, 6, 10]
    assert [step.term(k) for k in range(step.count())] == terms
    assert tuple(t.total for t in terms if t.at[1] == t.at[0]) == step.result
    plays(trace)


def test_cells_said_to_be_even_that_are_not_fail_when_read(triangle):
    triangle.decl.uneven = False  # claims every row holds as many terms as the first
    with tracer.recording() as trace:
        triangle([1.0, 2.0, 3.0])
    step = trace.steps[0]
    assert step.count() == 3  # what the first cell says; reading the rest contradicts it
    with pytest.raises(ValueError, match="cell 1 holds 2 terms"):
        list(step.terms())
    with pytest.raises(ValueError, match="even"):
        step.term(1)
