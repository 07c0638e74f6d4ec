"""One step as lines of text: its title, its terms so far, and its result.

A line is a list of (text, style) pieces; the plain view drops the styles, the rich
view colours them. Styles: "title", "term", "result", "dim", "here", ("heat", x).
"""

from .. import kinds
from . import curve
from .tables import cut, extent, kept, label, table
from .text import cells as columns
from .text import formula_line, pad, run_parts, run_style, running_sum, term_line

TABLE_ROWS = 4  # lines a result table keeps on a short screen: header, two rows, a note


def title(step, st):
    """Return the heading of a step, e.g. "k_Riley · k_dog"."""
    line = step.decl.title.format(*step.names, **st.sym)
    if step.name and step.decl.shows_name and not line.startswith(step.name):
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


def group_parts(g, st, before=None):
    """Return a finished run of terms as pieces to wrap: a × b + c × d = total.

    before: the term just before the run, hidden above it; if the run adds to its
    running sum, that sum is carried in first.
    """
    carried = before.total if before is not None and same_run(before, g[0]) else None
    return run_parts(g, st, carried)


def running(t):
    """Say whether a term adds to a running total (a scaling's products do not)."""
    return kinds.of(t).running and t.total is not None


def compact(t):
    """Say whether a finished run of such terms reads best on one line, a + b = c."""
    return running(t) and kinds.of(t).one_line


def groups(terms):
    """Split terms into runs that belong together: one sum, one component, one cell."""
    out = []
    for t in terms:
        key = kinds.run_of(t)
        if out and out[-1][0] == key and running(t):
            out[-1][1].append(t)
        else:
            out.append((key, [t]))
    return [g for _, g in out]


def head(step, t, st):
    """Return what a run of terms is about: a component, or nothing."""
    decl = step.decl
    if decl.shape == "vector" and decl.cell_axes:
        return st.text(axis_label(step, decl.cell_axes[0], t.at[0])) + ": "
    return ""


def axis_label(step, axis, i):
    return label(axis_names(step, axis), i, axis)


def term_lines(step, terms, open_last, st, width, done=False, spread=False, run=None,
               before=None):
    """Return terms as lines: finished sums wrapped on a line, the open one term by term.

    done: the last run is finished, so its largest term is marked; spread: the last
    run stays one term a line even when it is finished; run: the whole last run, when
    terms hold only its end; before: the term just before terms, hidden above them.
    """
    lines, last = [], 0
    prior = sums_before(terms, before)
    for g in groups(terms):
        start = "  " + head(step, g[0], st)
        if compact(g[0]) and not ((open_last or spread) and g[-1] is terms[-1]):
            parts = group_parts(g, st, before if g[0] is terms[0] else None)
            lines += [[(s, "term")] for s in wrap(parts, width, start)]
            last = 1
        else:
            big = largest(run or g) if done and g[-1] is terms[-1] else None
            s = run_style([(t.value, t.total) for t in g], st.even()) if running(g[0]) \
                else st  # a run's column keeps one number of decimals where it checks
            mark = f"  {st.sym['arrow']} {largest_label(run or g)}" if big else ""
            for k, t in enumerate(g):  # the run's component once, then lined up under it
                lead = (start if k == 0 else " " * columns(start)) + term_name(step, t, st)
                made = sum_lines(lead, t, s, prior[id(t)], mark if t is big else "", width)
                lines += made
                last = len(made)
    if open_last and lines:  # the term just made, its running sum too
        lines[-last:] = [[(ln[0][0], "here")] for ln in lines[-last:]]
    return lines


def sums_before(terms, before=None):
    """Return, by id, the running sum each term adds to: the total of the last term of
    its run before it (before: the last such term above terms), or None for a first.

    A masked cell between two exponentials adds nothing: the sum goes on past it.
    """
    out = {}
    for t in terms:
        out[id(t)] = before.total if before is not None and same_run(before, t) else None
        if running(t):
            before = t
    return out


def last_running(terms, end):
    """Return the last term of terms[:end] that adds to a running sum, or None."""
    for t in reversed(terms[max(0, end - 64):end]):  # past a few masked cells, no more
        if running(t):
            return t
    return None


def sum_lines(lead, t, s, before, mark, width):
    """Return a term's line: its formula, then its running sum, lined up with the run's;
    the running sum on a line of its own, under the formula, where both do not fit."""
    formula = formula_line(t, s) if kinds.of(t).stands or t.total is None else ""
    line = lead + term_line(t, s, before, formula) + mark
    if t.total is None or columns(line) <= width or not formula:
        return [[(line, "term")]]
    sum_text = running_sum(t, s, before)
    indent = columns(lead) + 4 if columns(lead) + 4 + columns(sum_text) <= width else 4
    return [[(lead + formula + mark, "term")], [(" " * indent + sum_text, "term")]]


def term_name(step, t, st):
    """Return the component (or word) a term takes, padded to line up, or ""."""
    names = axis_names(step, step.decl.term_axis)
    if not names or not t.at:
        return ""
    room = min(10, max(columns(st.text(str(x))) for x in names))
    return pad(cut(st.text(label(names, t.at[-1], 1)), room, st), room) + "  "


def axis_names(step, axis):
    """Return the labels of one of a step's axes, or None."""
    labels = step.labels or ()
    return labels[axis] if axis is not None and axis < len(labels) else None


def largest(g):
    """Return the term of a finished sum of products that added the most, or None.

    With every term at least 0 that is the largest part of the sum; with signs mixed
    it is the largest in size (see largest_label); when every term is 0, none is.
    """
    if len(g) < 2 or not kinds.of(g[0]).parts:
        return None
    big = max(g, key=lambda t: abs(t.value))
    return big if big.value != 0 else None


def largest_label(g):
    """Return what the mark on a sum's largest term says: "largest part" of a sum of
    terms at least 0, else "largest in size" (a large negative term counts by size)."""
    return "largest part" if all(t.value >= 0 for t in g) else "largest in size"


def same_run(t, u):
    """Say whether term u adds to the same sum as term t, just before it."""
    return running(u) and kinds.run_of(t) == kinds.run_of(u)


def visible_terms(step, shown, height):
    """Return the end of the first `shown` terms that a screen of `height` lines shows.

    Never much more than the screen holds, however long the step (finished sums take
    fewer lines than terms, hence the margin), except that a finished sum written on
    one line needs all its terms.
    """
    start = max(0, shown - 3 * height)
    first = step.cell_start(step.cell_of(shown - 1))
    early = [step.term(k) for k in range(start, first)]  # earlier cells, if in view
    run = step.run_to(shown - 1)  # the current cell up to here, kept by the step
    terms = early + run[max(0, start - first):]
    if start and compact(terms[0]) and same_run(step.term(start - 1), terms[0]) and \
            not all(map(same_run, terms, terms[1:])):  # not the last run: it is finished
        terms = run_back(step, start)[:-1] + terms
    return terms


def screenful(terms, height):
    """Return the terms of a sum in progress that a screen of `height` lines can show,
    and the term just before them (None if none is left out): one line a term."""
    k = len(terms) - 1
    while k > len(terms) - height - 1 and k > 0 and same_run(terms[k - 1], terms[k]):
        k -= 1
    if k > len(terms) - height - 1 or k == 0:
        return terms, None
    return terms[-height:], terms[-height - 1]


def run_back(step, k):
    """Return the terms of the sum that term k adds to, from its first to k."""
    cell = step.run_to(k)
    start = len(cell) - 1
    while start and same_run(cell[start - 1], cell[start]):
        start -= 1
    return cell[start:]


def last_run(step, shown):
    """Return every term of the sum that ends at term `shown`, or None if it is no sum."""
    if not shown or not kinds.of(step.term(shown - 1)).parts:
        return None  # only a sum of products marks its largest term
    return run_back(step, shown - 1)


def step_lines(step, shown, st, width, height, full=False, focus=None):
    """Return the lines of any step with `shown` of its terms written out.

    focus: the word the walkthrough follows; a finished table keeps its row in view.
    """
    if step.decl.shape in ("matrix", "rows"):
        return [title(step, st)] + matrix_lines(step, shown, st, width, height, full,
                                                focus)
    if step.decl.shape == "curve":  # drawn, not listed: a number per column
        return [title(step, st)] + curve.lines(step, st, width,
                                               min(curve.ROWS, max(2, height - 5)))
    done = full or shown >= step.count()
    terms = [step.term(k) for k in range(step.count())] if full else \
        visible_terms(step, shown, height)
    if full:
        lines = [title(step, st)] + operand_lines(step, st)
        lines += term_lines(step, terms, False, st, width)
    else:  # on screen the terms stay one a line, named, the largest marked at the end
        lines = [title(step, st)] + (operand_block(step, None, st, width)
                                     or operand_lines(step, st, 3 * width))
        terms, before = screenful(terms, height)
        lines += term_lines(step, terms, not done, st, width, done=done, spread=True,
                            run=done and last_run(step, shown), before=before)
    if done and not step.decl.ends_in_result and (step.decl.shows_result or not full):
        lines.append([("  = " + vector_text(step.result, st, None if full else 3 * width),
                       "result")])
    if not full and terms:
        lines += matrix_operand(step, terms[-1], st, width, height - len(lines))
    return lines


def matrix_operand(step, t, st, width, room):
    """Return a vector step's matrix operand (V, one row a word) as a table, the column
    its current component reads marked, when the screen has room for all of it."""
    rows, cols = (step.labels or (None, None))[:2]
    m = next((a for a in step.args if isinstance(a, (list, tuple)) and a
              and isinstance(a[0], (list, tuple))), None)
    if m is None or not rows or not cols or len(m) != len(rows) or len(m[0]) != len(cols) \
            or room < len(m) + 3 or not step.decl.cell_axes:
        return []
    here = (None, t.at[0]) if len(t.at) > 1 else None
    return [[(st.text(f"  {step.names[list(step.args).index(m)]}"), "title")]] + table(
        [list(r) for r in m], rows, cols, st, width, len(m) + 2, here)


def operand_block(step, cell, st, width):
    """Return the two vectors a product runs over, one above the other under their
    component names: "q_Riley" over "k_dog", or row i of Q over column j of Kᵀ."""
    names = axis_names(step, step.decl.term_axis)
    if step.decl.term_axis is None or step.decl.shape not in ("vector", "matrix") or \
            (not names and cell is None):
        return []
    if cell is None:
        if tuple(step.decl.shows) != (0, 1):
            return []
        pair, rows = step.args[:2], step.names[:2]
    else:
        i, j = cell
        (x, a), (y, b) = step.decl.cell_operands(step, i, j, axis_label(step, 0, i),
                                                 axis_label(step, 1, j))
        pair, rows = (x, y), (a, b)
    names = names or [label(None, k, 1) for k in range(len(pair[0]))]  # by position
    if any(len(v) != len(names) for v in pair) or 16 + len(names) * 8 > width:
        return []  # a block too wide to read in one piece is not drawn at all
    block = table([list(v) for v in pair], [st.text(x) for x in rows], names, st, width,
                  4, label_width=14)
    return block if len(block) == 3 else []  # cut into pieces it would not line up


def operand_lines(step, st, room=None):
    """Return the vectors a step starts from, each under its name.

    room: on a screen, the columns a vector may take; a longer one shows its start and
    how many numbers follow, so that a key press never writes out thousands of them.
    """
    return [[(st.text(f"  {step.names[i]} = {vector_text(step.args[i], st, room)}"),
              "term")] for i in step.decl.shows]


def vector_text(v, st, room=None):
    """Return a vector as text, cut after about `room` columns if room is given."""
    if room is None or not isinstance(v, tuple) or len(v) * 2 <= room:
        return st.value(v)
    parts, used = [], 0
    for x in v:
        parts.append(st.value(x))
        used += len(parts[-1]) + 2
        if used > room:
            break
    return "[" + ", ".join(parts) + f", ... {len(v) - len(parts)} more]"


def cell_at(step, k):
    """Return the cell a matrix step works on at term k: (i, j), or (i, None) for a row."""
    key = step.cell_key(step.cell_of(k))
    return key if len(key) == 2 else (key[0], None)


def matrix_lines(step, shown, st, width, height, full, focus=None):
    """Return a matrix step: the current cell's terms (or all, in full), then the table.

    A finished step too tall for the screen gives its room to the table, around the
    row of the word the walkthrough follows (marked), else from the top.
    """
    total = step.count()
    rows, cols = (step.labels or (None, None))[:2]
    shape = marks(step, st) if step.decl.marks else step.result
    span = None if isinstance(shape[0][0], str) else extent(step)  # its heatmap's range
    if total == 0:
        return table(shape, rows, cols, st, width, height, span=span)
    if full:
        lines = []
        for cell, g in cells(step):
            lines += cell_lines(step, cell, g, st, width)
        lines += table(shape, rows, cols, st, width, 10**6, span=span)
        if step.decl.marks:
            lines.append([(f"  {len(step.result)} of {total} cells differ", "result")])
        return lines
    if shown >= total and len(shape) + len(step.run_to(total - 1)) + 6 > height:
        at = rows.index(focus) if focus is not None and rows and focus in rows else None
        note = f"  (all {total} terms worked out" + (
            "" if at is None else f"; the row of {st.text(focus)} in brackets") + ")"
        return [[(note, "dim")]] + table(shape, rows, cols, st, width, height - 2,
                                         None if at is None else (at, None), span=span)
    k = shown - 1
    cell = step.run_to(k)
    current = cell[-max(1, height):]  # only what can fit on the screen
    here = cell_at(step, k)
    cell_done = shown == total or cell_at(step, k + 1) != here
    lines = [[("  " + cell_name(step, here, st), "title")]]
    block = operand_block(step, here, st, width) if here[1] is not None else []
    if len(block) + len(current) + 6 <= height:  # the terms come first
        lines += block
    keep = height - len(lines) - 1 - (TABLE_ROWS if height >= 12 else 0)
    short = cell_done and len(cell) <= 64 and \
        len(lines) + len(cell) + len(shape) + 3 > height  # the table would lose rows
    written = term_lines(step, cell, False, st, width) if short else None
    if written and len(written) < len(cell) and len(written) <= max(1, keep):
        lines += written  # a finished cell on a line or two, the table gets the rest
        current = []
    elif len(current) > max(2, keep):  # the table stays in view: the newest terms only
        current = current[len(current) - max(1, keep - 1):]
        hidden = len(cell) - len(current)  # every term above, not only those fetched
        lines.append([(f"  ({hidden} earlier term{'s' * (hidden > 1)} above)", "dim")])
    if current:
        before = last_running(cell, len(cell) - len(current))
        lines += term_lines(step, current, True, st, width, done=cell_done, before=before)
    budget = height - len(lines) - 1  # the step's title stands above these lines
    if budget < 3:  # too short for a table: the terms matter more
        return lines
    done = filled(step, here, cell_done)
    if done == 0 and block and budget >= 10:  # nothing to see in the result yet
        return lines + operand_tables(step, here, st, width, budget)
    return lines + table(shape, rows, cols, st, width, budget, here, done, span=span)


def operand_tables(step, here, st, width, budget):
    """Return the two matrices a product starts from, the row and column in use marked."""
    rows, cols, inner = (tuple(step.labels or ()) + (None, None, None))[:3]
    a = step.args[0]
    b = kept("columns", step.args[1], lambda c: tuple(zip(*c)))  # the columns, as a matrix
    na, nb = (st.text(n) for n in step.names[:2])
    room = budget - 2  # a line for each name
    low_room = min(room // 2, len(b) + 2)  # the smaller table takes what it needs
    top = table(a, rows, inner, st, width, min(room - low_room, len(a) + 2), (here[0], None))
    low = table(b, inner, cols, st, width, low_room, (None, here[1]))
    return [[(f"  {na}", "title")]] + top + [[(f"  {nb}", "title")]] + low


def marks(step, st):
    """Return the comparisons of a compare step as a grid of = and ≠ (or !=)."""
    return Marks(step, "!=" if st.ascii else "≠")


class Marks:
    """A compare step's grid of = and ≠, each row made when a table first reads it."""

    def __init__(self, step, ne):
        self.a, self.b, self.ne, self.rows = step.args[0], step.args[1], ne, {}

    def __len__(self):
        return len(self.a)

    def __getitem__(self, i):
        if i not in self.rows:
            self.rows[i] = ["=" if x == y else self.ne for x, y in zip(self.a[i], self.b[i])]
        return self.rows[i]

    def __iter__(self):
        return map(self.__getitem__, range(len(self)))


def cells(step):
    """Yield (cell, its terms) for every cell of a matrix step, in order."""
    for c in range(step.cells()):
        key = step.cell_key(c)
        yield (key if len(key) == 2 else (key[0], None)), step.cell_terms(c)


def cell_lines(step, cell, terms, st, width):
    """Return one finished cell (or row) with all its terms, wrapped to the width."""
    if step.decl.marks:
        return [[(f"  {cell_name(step, cell, st)}  {term_line(terms[0], st)}", "term")]]
    lines = [[("  " + cell_name(step, cell, st), "title")]]
    prior = sums_before(terms)
    for g in groups(terms):
        if compact(g[0]):
            parts = group_parts(g, st)
        else:  # a run's running sums in the digits the screen writes them in
            w = run_style([(t.value, t.total) for t in g], st.even()) if running(g[0]) \
                else st
            for k, t in enumerate(g):  # one term a line, each running sum lined up
                comma = "," if k + 1 < len(g) else ""
                lead = "    " if k == 0 else "      "
                made = sum_lines(lead, t, w, prior[id(t)], "", width - len(comma))
                lines += made[:-1] + [[(made[-1][0][0] + comma, "term")]]
            continue
        lines += [[(s, "term")] for s in wrap(parts, width, "    ", "      ")]
    return lines


def cell_name(step, cell, st):
    """Return how a cell reads: "[Riley, dog] = Q[Riley] · Kᵀ[:, dog]" or "row Riley"."""
    decl = step.decl
    fields = {"r": axis_label(step, 0, cell[0]), **st.sym}
    if "row {r}" in decl.cell_title and axis_names(step, 0) is None:
        fields["r"] = str(cell[0] + 1)  # "row 1", not "row row 1"
    if cell[1] is not None:
        fields["c"] = axis_label(step, 1, cell[1])
    fields.update(decl.cell_fields(step, cell))
    return st.text(decl.cell_title.format(*step.names, **fields))


def filled(step, here, cell_done):
    """Return how many cells of the result are finished, in reading order."""
    ncols = len(step.args[0][0]) if step.decl.marks else len(step.result[0])
    i, j = here
    if step.decl.shape == "rows":
        return (i + cell_done) * ncols
    return i * ncols + j + cell_done
