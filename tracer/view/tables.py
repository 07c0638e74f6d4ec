"""A matrix as a table: labelled rows and columns, windowed to fit, shaded as a heatmap."""

from itertools import chain

from .text import cells, clip, pad


def table(m, rows, cols, st, width, height, here=None, done=None, label_width=10,
          span=None):
    """Return a matrix as aligned text, windowed around the cell being worked on.

    here=(i, j) marks a cell; (i, None) marks row i and (None, j) column j. span: the
    smallest and largest cell, if known (a step keeps its result's: see extent).
    """
    st = st.even()  # one number of decimals in every cell: the columns line up
    nrows, ncols = len(m), len(m[0])
    done = nrows * ncols if done is None else done
    numeric = not isinstance(m[0][0], str)
    lo, top = (span or extremes(m)) if numeric else (0, 0)
    hi, hj = [x or 0 for x in (here or (0, 0))]
    r0 = window(hi, nrows, max(1, height - 2))
    rr = range(r0, min(nrows, r0 + max(1, height - 2)))
    w = max(min(11, cell_width(m, rr, lo, top, st)),  # no number is ever cut short
            min(11, widest(cols, ncols, st, 1)))
    lw = min(label_width, widest(rows, nrows, st, 0))
    fit_cols = max(1, (width - lw - 2) // (w + 2))
    out = []
    for c0 in ([window(hj or 0, ncols, fit_cols)] if here else range(0, ncols, fit_cols)):
        cc = range(c0, min(ncols, c0 + fit_cols))
        if out and len(out) + len(rr) + 2 > height:  # the next columns would not fit:
            break  # the first ones stay in view, their note says how many there are
        out.append([(" " * (lw + 2) + "".join(
            f" {pad(cut(st.text(label(cols, j, 1)), w, st), w, '>')} " for j in cc).rstrip(),
            "dim")])
        for i in rr:
            line = [(f"  {pad(cut(st.text(label(rows, i, 0)), lw, st), lw)}", "dim")]
            for j in cc:
                shown = i * ncols + j < done
                cell = f"{st.num(m[i][j]) if shown else '':>{w}}"
                at = here and here[0] in (None, i) and here[1] in (None, j)
                whole = here and here[1] is None  # a marked row: one bracket round it
                line.append(("[" if at and (not whole or j == cc.start) else " ", "dim"))
                line.append((cell, "here" if at else ("heat", heat(m[i][j], lo, top))
                             if shown and numeric else "dim"))
                line.append(("]" if at and (not whole or j == cc.stop - 1) else " ", "dim"))
            out.append(line)
        if len(rr) < nrows or len(cc) < ncols:
            out.append([(f"  (rows {rr.start + 1}-{rr.stop} of {nrows}, columns "
                         f"{cc.start + 1}-{cc.stop} of {ncols})", "dim")])
        if len(out) >= height:  # a screen shows no more than this: make no more
            break
    return out


KEPT = {}  # (what, id) -> (the object, its answer): each step's table measured once


def cut(text, room, st):
    """Return a label that fits room columns, with an ellipsis if it had to be cut."""
    if cells(text) <= room:
        return text
    more = "..." if st.ascii else "…"
    return clip(text, max(1, room - len(more))) + more if room > len(more) else clip(text, room)


def kept(what, obj, find):
    """Return find(obj), worked out once for an object that cannot change (a tuple)."""
    if type(obj) is not tuple:  # a list made for one screen, or one that may change
        return find(obj)
    hit = KEPT.get((what, id(obj)))
    if hit is None or hit[0] is not obj:
        if len(KEPT) > 256:  # a few screens' worth; the objects stay alive while kept
            KEPT.clear()
        hit = KEPT[what, id(obj)] = (obj, find(obj))
    return hit[1]


def extremes(m):
    """Return the smallest and largest cell of a matrix, found once per matrix."""
    return kept("extremes", m, smallest_largest)


def smallest_largest(m):
    """Return the smallest and largest cell of a matrix: two passes in C."""
    return min(map(min, m)), max(map(max, m))


BIG = 4096  # cells: a table this big is measured before any key press (see measure)


def extent(step):
    """Return the smallest and largest cell of a step's result, found once a step and
    kept on it: the range its heatmap shades between."""
    if step.extent is None:
        step.extent = smallest_largest(step.result)
    return step.extent


def measure(trace):
    """Find the range of every big result table in a trace, once, before any key press:
    a press onto a step of a million cells never waits for them to be scanned."""
    for step in trace.steps:
        m = step.result
        if step.decl.shape in ("matrix", "rows") and not step.decl.marks and \
                isinstance(m, tuple) and m and isinstance(m[0], tuple) and \
                len(m) * len(m[0]) >= BIG and step.extent is None:
            extent(step)


def label(labels, i, axis):
    """Return the name of row (axis 0) or column i: its word, else "row 3" or "col 3",
    counted from 1 as a learner counts."""
    if labels and i < len(labels):
        return str(labels[i])
    return f"{'row' if axis == 0 else 'col'} {i + 1}"


def widest(labels, n, st, axis=0):
    """Return the width of the widest of n labels (numbered when there are none)."""
    if labels is None:
        return len(label(None, n - 1, axis))
    return kept(("labels", n, st.ascii), labels,
                lambda labels: max(cells(st.text(label(labels, i, 0))) for i in range(n)))


def cell_width(m, rr, lo, top, st):
    """Return the width of the widest cell in the rows shown."""
    if isinstance(lo, float) and len(rr) * len(m[0]) > 400:  # a big table: its extremes
        return max(len(st.num(lo)), len(st.num(top)), st.digits + 4)
    if len(rr) * len(m[0]) > 400:  # marks or whole numbers: each different one once
        return max(len(st.num(x)) for x in set(chain.from_iterable(m[i] for i in rr)))
    return max(len(st.num(x)) for i in rr for x in m[i])


def heat(x, lo, hi):
    """Return where x lies between the smallest and largest cell, from 0 to 1."""
    return 0.0 if hi == lo else round(float((x - lo) / (hi - lo)), 2)


def window(at, n, fit):
    """Return the first index of a run of `fit` that shows index `at`."""
    return max(0, min(at - fit // 2, n - fit)) if n > fit else 0
