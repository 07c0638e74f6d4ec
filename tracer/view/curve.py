"""A curve: numbers drawn as a line (a loss over the steps of training), as text or SVG.

An operation declares shape "curve"; its result is the numbers, one per step. The text
view draws each column at the mean of the steps it covers; the page and the slides draw
every number as a point of one line. The numbers written beside it (first, last, least,
most) are the recorded ones.
"""

from html import escape

ROWS = 8  # lines the text chart takes


def points(step):
    """Return the numbers of a curve step as floats."""
    return [float(x) for x in step.result]


def columns(ys, width):
    """Return ys in at most `width` columns, each the (least, most) of the steps it covers."""
    n = len(ys)
    if n <= width:
        return [(y, y) for y in ys]
    cut = [n * c // width for c in range(width + 1)]
    return [(min(ys[a:b]), max(ys[a:b])) for a, b in zip(cut, cut[1:])]


def summary(step, st):
    """Return the line that names the curve's numbers: first, last, least and most."""
    ys = step.result
    low = min(range(len(ys)), key=lambda k: ys[k])
    high = max(range(len(ys)), key=lambda k: ys[k])
    return (f"step 1: {st.num(ys[0])}, step {len(ys)}: {st.num(ys[-1])}; least "
            f"{st.num(ys[low])} at step {low + 1}, most {st.num(ys[high])} at step {high + 1}")


def lines(step, st, width, height=ROWS):
    """Return the curve as text lines: each column marks the steps it covers, from
    their least to their most, between the axis labels of the least and the most."""
    ys = points(step)
    top, low = max(ys), min(ys)
    labels = [st.num(max(step.result)), st.num(min(step.result))]
    pad = max(map(len, labels))
    cols = columns(ys, max(1, width - pad - 6))
    rows = max(2, height)

    def row(y):
        return 0 if top == low else round((top - y) / (top - low) * (rows - 1))

    grid = [[" "] * len(cols) for _ in range(rows)]
    mark = "*" if st.ascii else "•"
    for c, (a, b) in enumerate(cols):
        for r in range(row(b), row(a) + 1):
            grid[r][c] = mark
    side, tick, floor, corner = "|+-+" if st.ascii else "│┤─└"
    out = []
    for r, marks in enumerate(grid):
        label = labels[0] if r == 0 else labels[1] if r == rows - 1 else ""
        out.append([(f"  {label:>{pad}} {tick if label else side}" + "".join(marks).rstrip(),
                     "term")])
    out.append([(f"  {'':>{pad}} {corner}" + floor * len(cols), "dim")])
    first, last = "step 1", f"step {len(ys)}"
    gap = max(1, len(cols) - len(first) - len(last))
    out.append([(f"  {'':>{pad}}  {first}{' ' * gap}{last}", "dim")])
    out.append([("  " + summary(step, st), "result")])
    return out


def svg(step, st, width=640, height=240, label="", size=12):
    """Return the curve as an SVG picture: every number a point of one line, the axes
    labelled with the most, the least, the first step and the last."""
    ys = points(step)
    top, low = max(ys), min(ys)
    left, right, upper, lower = 6 * size, size, size, 3 * size
    w, h = width - left - right, height - upper - lower
    n = max(1, len(ys) - 1)
    span = (top - low) or 1
    line = " ".join(f"{left + w * k / n:.1f},{upper + h * (top - v) / span:.1f}"
                    for k, v in enumerate(ys))
    name = escape(f"{label or step.name or 'curve'}: {summary(step, st)}")

    def text(x, y, s, anchor="start"):
        return (f'<text x="{x}" y="{y}" text-anchor="{anchor}" fill="currentColor">'
                f"{escape(s)}</text>")

    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}" font-size="{size}" '
            f'font-family="sans-serif"><title>{name}</title>'
            f'<path d="M{left},{upper}V{upper + h}H{left + w}" fill="none" '
            f'stroke="currentColor"/><polyline points="{line}" fill="none" '
            f'stroke="#1f6fb2" stroke-width="{size / 8:g}"/>'
            + text(left - size // 2, upper + size // 3, st.num(max(step.result)), "end")
            + text(left - size // 2, upper + h + size // 3, st.num(min(step.result)), "end")
            + text(left + size // 2, upper + size, step.names[0])
            + text(left, height - size, "step 1")
            + text(left + w, height - size, f"step {len(ys)}", "end") + "</svg>")
