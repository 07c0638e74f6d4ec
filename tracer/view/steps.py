"""One step as lines of text: its title, its terms so far, and its result.

A line is a list of (text, style) pieces; the plain view drops the styles, the rich
view colours them. Styles: "title", "term", "result", "dim", "here", ("heat", x).
"""

from ..matrix import label
from .tables import table
from .text import cells as columns
from .text import run_parts, term_line

MATRIX_OPS = ("matmul", "normalize_rows", "compare", "transpose", "divide_matrix",
              "softmax_rows", "causal_mask", "concat", "add_matrices", "broadcast_divide")
ROW_OPS = {  # matrix steps worked a whole row at a time, and how each row reads
    "normalize_rows": "row {}: add it up, then divide each cell by the sum",
    "softmax_rows": "row {}: exponentials, their sum, each divided by it",
}
ACCUMULATING = ("product", "weighted", "sum", "exp")
TITLES = {
    "dot": "{0} {dot} {1}",
    "add": "{0} + {1}",
    "sub": "{0} {minus} {1}",
    "scale": "{0} {times} {1}",
    "mix": "{2} {times} {0} + (1 {minus} {2}) {times} {1}",
    "weighted_sum": "weighted sum of {1}, weights {0}",
    "norm": "length of {0}",
    "unit": "{0} divided by its length",
    "normalize": "{0} divided by their sum",
    "softmax": "softmax of {0}",
    "matmul": "{0} @ {1}: each row of {0} {dot} each column of {1}",
    "normalize_rows": "each row of {0} divided by its own sum",
    "compare": "{0} against {1}, cell by cell",
    "transpose": "{0} with rows and columns swapped",
    "root": "square root of {0}",
    "divide_matrix": "{0}: every cell divided by {1}",
    "softmax_rows": "softmax of each row of {0}",
    "causal_mask": "each word may attend to itself and earlier words",
    "concat": "{0} and {1} side by side",
    "add_matrices": "{0} + {1}, cell by cell",
    "row_sums": "the sum of each row of {0}",
    "broadcast_divide": "{0} / {1}, broadcast: cell (i, j) divided by entry j of {1}",
}


def title(step, st):
    """Return the heading of a step, e.g. "k_Riley · k_dog"."""
    line = TITLES[step.op].format(*step.names, **st.sym)
    if step.name and step.op in MATRIX_OPS + ("weighted_sum", "mix") and \
            not line.startswith(step.name):
        line = f"{step.name} = {line}"
    if step.rounded:
        line += "   (rounded: not exact)"
    return [(st.text(line), "title")]


def wrap(parts, width, first="  ", rest="    "):
    """Join parts with spaces into lines of at most `width`, breaking between parts."""
    lines, line = [], first
    for p in parts:
        if line.strip() and columns(line) + 1 + columns(p) > width:
            lines.append(line)
            line = rest
        line += ("" if line.endswith(" ") else " ") + p
    return lines + [line]


def group_parts(g, st):
    """Return a finished run of terms as pieces to wrap: a × b + c × d = total."""
    return run_parts(g, st)


def running(t):
    """Say whether a term adds to a running total (a scaling's products do not)."""
    return t.kind in ACCUMULATING and t.total is not None


def compact(t):
    """Say whether a finished run of such terms reads best on one line, a + b = c."""
    return running(t) and t.kind != "exp"  # each exponential's value is needed later


def groups(terms):
    """Split terms into runs that belong together: one sum, one component, one cell."""
    out = []
    for t in terms:
        key = (t.kind, t.at[:-1])
        if out and out[-1][0] == key and running(t):
            out[-1][1].append(t)
        else:
            out.append((key, [t]))
    return [g for _, g in out]


def head(step, t, st):
    """Return what a run of terms is about: a component, or nothing."""
    if step.op in ("weighted_sum", "mix"):
        return st.text(axis_label(step, 1, t.at[0])) + ": "
    if step.op == "row_sums":
        return st.text(axis_label(step, 0, t.at[0])) + ": "
    return ""


def axis_label(step, axis, i):
    return label((step.labels or (None, None))[axis], i)


def question(label, value):
    """Return a line that marks where a learner may predict a value before seeing it."""
    return [(label, ("ask", value))]


def questions(step, g, st, label):
    """Return the questions a run of terms poses: its total, or each division's result."""
    if g[0].kind in ("product", "weighted"):
        return [question(label, g[-1].total)]
    if g[0].kind == "divide":
        return [question(f"{st.num(t.x)} / {st.num(t.y)}", t.value) for t in g]
    return []


def term_lines(step, terms, open_last, st, width, ask=False):
    """Return terms as lines: finished sums wrapped on a line, the open one term by term."""
    lines = []
    for g in groups(terms):
        start = "  " + head(step, g[0], st)
        if ask:
            label = title(step, st)[0][0] + " " + head(step, g[0], st)
            lines += questions(step, g, st, label)
        if compact(g[0]) and not (open_last and g[-1] is terms[-1]):
            lines += [[(s, "term")] for s in wrap(group_parts(g, st), width, start)]
        else:
            lines += [[(start + term_line(t, st), "term")] for t in g]
    if open_last and lines:
        lines[-1] = [(lines[-1][0][0], "here")]
    return lines


def step_lines(step, shown, st, width, height, full=False):
    """Return the lines of any step with `shown` of its terms written out."""
    if step.op in MATRIX_OPS:
        return [title(step, st)] + matrix_lines(step, shown, st, width, height, full)
    done = full or shown >= step.count()
    terms = [step.term(k) for k in range(step.count() if full else shown)]
    lines = [title(step, st)] + operand_lines(step, st)
    lines += term_lines(step, terms, not done, st, width, full)
    if done and step.op != "dot":  # a dot's last running sum is its result already
        lines.append([("  = " + st.value(step.result), "result")])
    return lines


VECTOR_OPERANDS = {"dot": (0, 1), "add": (0, 1), "sub": (0, 1), "mix": (0, 1),
                   "scale": (1,), "weighted_sum": (0,), "norm": (0,), "unit": (0,),
                   "normalize": (0,), "softmax": (0,)}


def operand_lines(step, st):
    """Return the vectors a step starts from, each under its name."""
    return [[(st.text(f"  {step.names[i]} = {st.value(step.args[i])}"), "term")]
            for i in VECTOR_OPERANDS.get(step.op, ())]


def cell_of(step, k):
    """Return the cell of the result a matrix step works on at term k (a row, for rows)."""
    return cell_at(step, step.term(k))


def cell_at(step, t):
    """Return the cell a term belongs to (a row, for normalize_rows)."""
    return (t.at[0], None) if step.op in ROW_OPS else t.at[:2]


def matrix_lines(step, shown, st, width, height, full):
    """Return a matrix step: the current cell's terms (or all, in full), then the table."""
    total = step.count()
    rows, cols = step.labels or (None, None)
    shape = marks(step, st) if step.op == "compare" else step.result
    if step.op == "transpose" or total == 0:
        return table(shape, rows, cols, st, width, height)
    if full:
        lines = []
        for cell, g in cells(step):
            lines += cell_lines(step, cell, g, st, width)
        lines += table(shape, rows, cols, st, width, 10**6)
        if step.op == "compare":
            lines.append([(f"  {len(step.result)} of {total} cells differ", "result")])
        return lines
    k = shown - 1
    current = step.run_to(k)[-max(1, height):]  # only what can fit on the screen
    here = cell_at(step, current[-1])
    cell_done = shown == total or cell_of(step, k + 1) != here
    lines = [[("  " + cell_name(step, here, st), "title")]]
    lines += term_lines(step, current, True, st, width)
    budget = height - len(lines) - 1  # the step's title stands above these lines
    if budget < 3:  # too short for a table: the terms matter more
        return lines
    done = filled(step, here, cell_done)
    return lines + table(shape, rows, cols, st, width, budget, here, done)


def marks(step, st):
    """Return the comparisons of a compare step as a grid of = and ≠ (or !=)."""
    ne = "!=" if st.ascii else "≠"
    ncols = len(step.args[0][0])
    flat = ["=" if t.value else ne for t in step.terms()]
    return [flat[i:i + ncols] for i in range(0, len(flat), ncols)]


def cells(step):
    """Yield (cell, its terms) for every cell of a matrix step, in order."""
    group, key = [], None
    for t in step.terms():
        c = (t.at[0], None) if step.op in ROW_OPS else t.at[:2]
        if group and c != key:
            yield key, group
            group = []
        key = c
        group.append(t)
    if group:
        yield key, group


def cell_lines(step, cell, terms, st, width):
    """Return one finished cell (or row) with all its terms, wrapped to the width."""
    if step.op == "compare":
        return [[(f"  {cell_name(step, cell, st)}  {term_line(terms[0], st)}", "term")]]
    lines = [[("  " + cell_name(step, cell, st), "title")]]
    for g in groups(terms):
        lines += questions(step, g, st, cell_name(step, cell, st))
        if compact(g[0]):
            parts = group_parts(g, st)
        else:
            parts = [term_line(t, st) + "," for t in g]
            parts[-1] = parts[-1][:-1]
        lines += [[(s, "term")] for s in wrap(parts, width, "    ", "      ")]
    return lines


def cell_name(step, cell, st):
    """Return how a cell reads: "[Riley, dog] = Q[Riley] · Kᵀ[:, dog]" or "row Riley"."""
    r = axis_label(step, 0, cell[0])
    if step.op in ROW_OPS:
        return st.text(ROW_OPS[step.op].format(r))
    c = axis_label(step, 1, cell[1])
    if step.op == "matmul":
        a, b = step.names
        return st.text(f"[{r}, {c}] = {a}[{r}] {st.sym['dot']} {b}[:, {c}]")
    if step.op == "broadcast_divide":  # name the entry of the sums this cell met
        k = cell[0] * len(step.result[0]) + cell[1]
        entry = axis_label(step, 0, step.term(k).at[2])
        return st.text(f"[{r}, {c}] / {step.names[1]}[{entry}]")
    return st.text(f"[{r}, {c}]")


def filled(step, here, cell_done):
    """Return how many cells of the result are finished, in reading order."""
    ncols = len(step.args[0][0]) if step.op == "compare" else len(step.result[0])
    i, j = here
    if step.op in ROW_OPS:
        return (i + cell_done) * ncols
    return i * ncols + j + cell_done
