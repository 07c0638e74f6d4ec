"""What a step shows (tracer/view/steps.py): every step drawn at every stage."""

import re

import tracer
from tracer.view.steps import step_lines
from tracer.view.text import Style
from helpers import attention_inputs


def test_every_new_step_saves_loads_and_draws():
    q, k, v = attention_inputs(4, 4, 3)
    with tracer.recording() as trace:
        a = tracer.attention(q, k, v, mask=tracer.causal_mask(4, list("abcd")))
        b = tracer.attention(q, k, v)
        tracer.add_matrices(tracer.concat(a, b), tracer.concat(b, a))
        tracer.broadcast_divide(tracer.matmul(q, tracer.transpose(k)))
        tracer.root(3)
    assert tracer.Trace.from_json(trace.to_json()).steps == trace.steps
    assert tracer.Trace.from_json(trace.to_json(terms=True)).steps == trace.steps
    st = Style(3, ascii=True)
    for step in trace:
        for shown in range(1, step.count() + 1):
            assert step_lines(step, shown, st, 60, 20)
        assert step_lines(step, step.count(), st, 60, 10**6, full=True)


def text_of(lines):
    return ["".join(text for text, _ in line) for line in lines]


def test_a_sum_cut_at_the_top_of_the_screen_carries_its_earlier_terms():
    # A row's sum whose first terms scrolled away: its shown terms alone cannot reach
    # its total, so the formula once grew to 15 digits looking for one that would.
    row = [0.2, 0.3, 0.4, 0.1, 0.25, 0.35, 0.05, 0.15]
    with tracer.recording() as trace:
        tracer.normalize_rows([row])
    step = trace[0]
    lines = text_of(step_lines(step, 9, Style(3, ascii=True), 80, 8))
    assert "  earlier 1.000 + 0.250 + 0.350 + 0.050 + 0.150 = 1.800" in lines
    assert not re.search(r"\.\d{5}", "\n".join(lines))  # never a long tail of digits


def test_a_running_sum_that_cancels_adds_up_line_by_line():
    # -0.232 + 0.231 is -0.001, so "running sum -0.0017" under it did not check.
    with tracer.recording() as trace:
        tracer.normalize([16 / 117, -24 / 65, 3 / 13])
    lines = text_of(step_lines(trace[0], 3, Style(3, ascii=True), 80, 20))
    assert [line.strip() for line in lines[2:5]] == [
        "running sum 0.13675",  # a "+ x" says nothing its running sum does not
        "running sum 0.13675 + (-0.36923) = -0.23248",
        "running sum (-0.23248) + 0.23077 = -0.00171"]


def test_a_running_sum_that_does_not_cancel_keeps_the_digits_asked_for():
    with tracer.recording() as trace:
        tracer.normalize([0.2, 0.3, 0.4])
    lines = text_of(step_lines(trace[0], 3, Style(3, ascii=True), 80, 20))
    assert lines[4].strip() == "running sum 0.500 + 0.400 = 0.900"


def test_each_running_sum_adds_up_on_its_own_line():
    # Shares of 1/9: 0.144 + 0.033 is 0.177, yet the sum is 0.1778. Each running sum is
    # a result and the next line's operand, so its line shows its own addition, the
    # operands finer where the digits asked for would not add up.
    with tracer.recording() as trace:
        tracer.dot([1 / 9] * 3, [0.3, 1.0, 0.3])
    lines = text_of(step_lines(trace[0], 3, Style(3, ascii=True), 80, 20))
    assert [line.split("running sum ")[1].split("  ->")[0] for line in lines[-4:-1]] == [
        "0.033", "0.033 + 0.111 = 0.144", "0.1444 + 0.0333 = 0.178"]
    assert len({line.index("running sum") for line in lines[-4:-1]}) == 1  # lined up


def test_a_run_of_small_products_keeps_one_number_of_decimals():
    # 0.040 x 0.100 = 0.004 once stood above 0.043 x 0.100 = 0.0043 in one column.
    with tracer.recording() as trace:
        tracer.weighted_sum([0.040, 0.043, 0.5], [[0.1], [0.1], [0.2]])
    lines = text_of(step_lines(trace[0], 3, Style(3, ascii=True), 80, 20))
    products = [line.split("=")[1].split()[0] for line in lines if " x " in line]
    assert products == ["0.004", "0.004", "0.100"]


def test_a_running_sum_that_dips_without_cancelling_keeps_its_digits():
    # 0.123 + 0.123 shows 0.247 (the rounding of 0.2468): that line's operands show a
    # digit more, but a dip to 0.197 is no cancellation worth more digits.
    with tracer.recording() as trace:
        tracer.normalize([0.1234, 0.1234, -0.05])
    lines = text_of(step_lines(trace[0], 3, Style(3, ascii=True), 80, 20))
    assert lines[3].strip() == "running sum 0.1234 + 0.1234 = 0.247"
    assert lines[4].strip() == "running sum 0.247 + (-0.050) = 0.197"


def shown_text(step, shown, height=14, width=80):
    return ["".join(t for t, _ in line) for line in step_lines(
        step, shown, Style(3, ascii=True), width, height)]


def test_the_count_of_earlier_terms_is_every_term_hidden():
    with tracer.recording() as trace:
        tracer.matmul([[1.0] * 30], [[0.5]] * 30)
    step = trace.steps[0]
    for shown in (12, 20, 29):
        text = shown_text(step, shown)
        note = next(line for line in text if "earlier term" in line)
        terms = [line for line in text if " x 0.500 = " in line]
        assert note == f"  ({shown - len(terms)} earlier terms above)"
        assert terms[-1].startswith("  1.000 x 0.500 = 0.500") and f"{shown / 2:.3f}" in \
            terms[-1]


def marked(a, b):
    with tracer.recording() as trace:
        tracer.dot(a, b)
    return [line for line in shown_text(trace.steps[0], len(a)) if "->" in line]


def test_the_largest_term_of_a_sum_is_marked_by_what_it_is():
    # All parts at least 0: the largest part, the biggest signed product.
    assert [line.split("=")[0] for line in marked([0.5, 0.2, 0.1], [1.0, 3.0, 1.0])] == [
        "  0.200 x 3.000 "]
    assert marked([0.5, 0.2, 0.1], [1.0, 3.0, 1.0])[0].endswith("-> largest part")
    # Mixed signs: 0.055 and -0.109, the second is larger in size and says so.
    mixed = marked([0.5, -0.1], [0.11, 1.09])
    assert len(mixed) == 1 and "-0.109" in mixed[0].split("=")[1]
    assert mixed[0].endswith("-> largest in size")
    assert marked([0.0, 0.0, 0.0], [1.0, 2.0, 3.0]) == []  # nothing stands out: no mark


def test_a_finished_table_keeps_the_followed_words_row_in_view():
    words = [f"w{i}" for i in range(12)]
    m = [[float(i * 12 + j) for j in range(3)] for i in range(12)]
    with tracer.recording() as trace:
        tracer.follow("w9")
        tracer.matmul(tracer.step.remember(m, "M", words, ["a", "b", "c"]),
                      [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    assert trace.focus == "w9"
    step = trace.steps[-1]
    text = ["".join(t for t, _ in line) for line in step_lines(
        step, step.count(), Style(3, ascii=True), 80, 12, focus=trace.focus)]
    assert text[1] == "  (all 108 terms worked out; the row of w9 in brackets)"
    assert "  w9 [108.000  109.000  110.000]" in [line.rstrip() for line in text]
    assert not any(" x " in line for line in text)  # the room went to the table
    assert len(text) <= 12


def test_a_table_too_tall_for_two_blocks_of_columns_shows_the_first():
    from tracer.view.tables import table
    m = [[float(j) for j in range(12)] for _ in range(10)]
    text = ["".join(t for t, _ in line) for line in table(
        m, None, None, Style(3, ascii=True), 80, 14)]
    assert text[-1] == "  (rows 1-10 of 10, columns 1-9 of 12)"
    assert len(text) == 12


def test_unnamed_rows_and_columns_are_counted_from_1():
    with tracer.recording() as trace:
        tracer.matmul([[1.0, 2.0], [3.0, 4.0]], [[1.0, 0.0], [0.0, 1.0]], names=["A", "B"])
        tracer.row_sums([[0.5, 0.25]], names=["m"])
    lines = shown_text(trace.steps[0], 1, height=20)
    assert lines[1] == "  [row 1, col 1] = A[row 1] . B[:, col 1]"
    assert lines[2].split() == ["col", "1", "col", "2"]  # the operands' components
    assert any(line.startswith("  row 1[") for line in lines)
    assert shown_text(trace.steps[1], 1)[1].startswith("  row 1: running sum 0.500")


def test_a_finished_cell_gives_its_lines_to_the_table_when_it_is_short_of_rows():
    a = [[0.5, 0.25, 0.0, 0.5]] * 10
    b = [[1.0] * 10, [0.5] * 10, [0.0] * 10, [0.25] * 10]
    with tracer.recording() as trace:
        tracer.matmul(a, b, names=["A", "B"])
    step = trace.steps[0]
    open_cell = shown_text(step, 7, height=16)  # the second cell, half done: a term a line
    assert sum(" x " in line for line in open_cell) == 3
    done = shown_text(step, 8, height=16)  # the second cell done: one formula
    assert "  0.500 x 1.000 + 0.250 x 0.500 + 0.000 x 0.000 + 0.500 x 0.250 = 0.750" in done
    assert sum(" x " in line for line in done) == 1
    rows = [line for line in done if line.startswith("  row ")]
    assert len(rows) > len([line for line in open_cell if line.startswith("  row ")])
    assert len(done) <= 16


def result_lines(lines, value):
    """Return the lines that give a result's text as what something equals."""
    return [ln for ln in text_of(lines) if re.search(rf"(^|\s)= {re.escape(value)}$", ln)]


def test_a_step_whose_last_term_is_its_result_writes_it_once():
    # √4 = 2 then = 2 said the same thing twice; a step declares ends_in_result, and
    # every view (transcript, screen, page) leaves the line under it out.
    from tracer.view.page_data import working
    with tracer.recording() as trace:
        tracer.root(4)
        tracer.root(2.0)
        tracer.norm([0.6, 1.2])
        tracer.cross_entropy([[0.25, 0.75], [0.5, 0.5]], [1, 0])
        tracer.dot([0.5, 0.25], [2.0, 4.0])  # its result stands in running sums: kept
    st = Style(3, ascii=True)
    for step in trace:
        value = st.value(step.result)
        full = step_lines(step, step.count(), st, 80, 10**6, full=True)
        screen = step_lines(step, step.count(), st, 80, 24)
        page = working(step, Style(3))["result"]
        if step.op == "dot":  # the last running sum, then the result under it
            assert result_lines(full, value) == [text_of(full)[-1]]
            assert text_of(screen)[-1] == f"  = {value}" and page == f"= {value}"
            continue
        assert len(result_lines(full, value)) == 1, text_of(full)
        assert len(result_lines(screen, value)) == 1, text_of(screen)
        assert page == ""
    assert text_of(step_lines(trace[0], 1, st, 80, 24)) == ["square root of 4",
                                                            "  sqrt(4) = 2"]
