"""Slides: one 16:9 SVG picture per section, fonts local.

A section's slide is the screen at the end of its last operation, table and heatmap
included; a section that only talks is its narration, large.
"""

import os
from html import escape

from .. import limits
from ..errors import TraceError
from ..play.walk import Walk
from . import curve
from .page_data import characters, isolated, sections_of, shade
from .page import clean
from .screen import frame, narration
from .text import Style, cells, clip, wrap

COLS, ROWS = 100, 30  # the terminal each slide shows
WIDTH, HEIGHT = 1280, 720
CHAR, LINE, LEFT, TOP = 12, 22, 40, 32  # a cell of the character grid, in pixels
SIZE = 20  # the grid's font size in pixels: at 1280×720 no text is under 18
FONT = "ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace"
PROSE = "system-ui, 'DejaVu Sans', 'Segoe UI', sans-serif"
SHADES = [("#f1f6fb", "#111111"), ("#c9def0", "#111111"), ("#8dbbe0", "#111111"),
          ("#24609a", "#ffffff"), ("#14406e", "#ffffff")]
LOOKS = {  # style -> (background or None, text colour, bold)
    "title": (None, "#1a1a1a", True), "here": ("#fff1b8", "#1a1a1a", True),
    "result": (None, "#1d5c1d", True), "dim": (None, "#4a4a4a", False),
    "code": (None, "#4a4a4a", False), "code.here": ("#1a1a1a", "#ffffff", True),
    "say": (None, "#0b4f6c", False), "status": ("#1f4e79", "#ffffff", True),
}


def slides(trace, digits=3, title=""):
    """Return one SVG picture per section: its last operation's screen, or its narration."""
    limits.showable(trace, "a set of slides")  # one picture a section
    st = Style(digits, ascii=False)
    walk = Walk(trace)
    if not walk.total:
        return []
    parts = sections_of(trace, walk, title)
    ends = [start - 1 for _, start in parts[1:]] + [walk.total]
    name = title or trace.title or "tracer"
    out = []
    for k, ((part, start), end) in enumerate(zip(parts, ends), 1):
        steps = range(walk.locate(start)[0], walk.locate(end)[0] + 1)
        ops = [i for i in steps if not trace.steps[i].decl.narration]
        status = f"{part} {st.sym['dot']} slide {k} of {len(ends)}"
        if ops and trace.steps[ops[-1]].decl.shape == "curve":  # drawn, large
            body = drawn(trace.steps[ops[-1]], part, st, status)
        elif ops:
            lines = frame(trace, walk, walk.ends[ops[-1]], st, COLS, ROWS, st.text(name))
            # A slide has no keys to press: its last line says where in the lesson it is.
            lines[-1] = [(clip(status, COLS), "status")]
            body = grid(lines)
        else:
            body = spoken(part, [narration(trace.steps[i], st) for i in steps], status)
        out.append(picture(body, name, k, len(ends)))
    return out


def names(path, count):
    """Return the file of each slide: PATH.svg for one, else PATH-1.svg, PATH-2.svg, ...

    A name given with .svg keeps it once; any other name gains it.
    """
    folder, name = os.path.split(path)
    stem = name[:-4] if name.lower().endswith(".svg") and len(name) > 4 else name
    if count == 1:
        return [os.path.join(folder, stem + ".svg")]
    return [os.path.join(folder, f"{stem}-{k}.svg") for k in range(1, count + 1)]


def picture(body, name, number, count):
    """Return an SVG document around a slide's drawn pieces."""
    return "\n".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" font-family="{FONT}" '
        f'font-size="{SIZE}">',
        f"<title>{esc(name)}, slide {number} of {count}</title>",
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
        *body, "</svg>"]) + "\n"


def grid(lines):
    """Return one screen of (text, style) lines as SVG pieces on the character grid."""
    out = []
    for row, line in enumerate(lines[:ROWS]):
        col, y = 0, TOP + row * LINE
        for text, style in line:
            text = clip(text, COLS - col)
            if text.strip() or looks(style)[0]:
                out.append(piece(text, style, LEFT + col * CHAR, y))
            col += cells(text)
    return out


def spoken(part, sentences, status):
    """Return a section that only talks as its title and its sentences, large."""
    bar = TOP + (ROWS - 1) * LINE
    for size in (40, 34, 28, 24, 20, 18):  # the largest type that holds all of it
        room = int((WIDTH - 2 * LEFT) / (0.56 * size))  # characters a line holds
        lines = [ln for text in sentences for ln in wrap(text, room) + [""]][:-1]
        # the last line's letters, tails included, end above the status bar
        fit = int((bar - LINE + 6 - 0.25 * size - 170) / (size * 1.35)) + 1
        if len(lines) <= fit:
            break
    else:  # more than a slide holds at the smallest type: say that it goes on
        lines = lines[:fit - 1] + ["…"]
    out = [f'<text x="{LEFT}" y="96" font-family="{PROSE}" font-size="48" '
           f'font-weight="bold" fill="#1a1a1a">{esc(part)}</text>']
    for row, text in enumerate(lines):
        if text:
            out.append(f'<text x="{LEFT}" y="{round(170 + row * size * 1.35)}" '
                       f'font-family="{PROSE}" font-size="{size}" fill="#0b4f6c">'
                       f'{esc(text)}</text>')
    out.append(piece(clip(status, COLS), "status", LEFT, bar))
    return out


def drawn(step, part, st, status):
    """Return a section that ends in a curve as its title, the curve as a picture, the
    numbers it names, and the status bar."""
    bar = TOP + (ROWS - 1) * LINE
    tall = bar - 2 * LINE - 130
    picture = curve.svg(step, st, WIDTH - 2 * LEFT, tall, size=SIZE)
    return [f'<text x="{LEFT}" y="96" font-family="{PROSE}" font-size="48" '
            f'font-weight="bold" fill="#1a1a1a">{esc(part)}</text>',
            f'<g transform="translate({LEFT},120)" color="#1a1a1a">{picture}</g>',
            f'<text x="{LEFT}" y="{bar - LINE}" fill="#1d5c1d">'
            f"{esc(curve.summary(step, st))}</text>",
            piece(clip(status, COLS), "status", LEFT, bar)]


def looks(style):
    """Return (background, colour, bold) for a style, a heatmap cell's from its shade."""
    if isinstance(style, tuple):
        if style[0] != "heat":
            return None, "#1a1a1a", False
        bg, fg = SHADES[shade(style[1])]
        return bg, fg, False
    return LOOKS.get(style, (None, "#1a1a1a", False))


def piece(text, style, x, y):
    """Return one run of text at a grid position, on its background where it has one."""
    bg, fg, bold = looks(style)
    width = cells(text) * CHAR  # a wide character takes two columns, as on screen
    box = (f'<rect x="{x}" y="{y - LINE + 6}" width="{width}" height="{LINE}" '
           f'fill="{bg}"/>' if bg and width else "")
    weight = ' font-weight="bold"' if bold else ""
    return (f'{box}<text x="{x}" y="{y}" fill="{fg}"{weight} xml:space="preserve" '
            f'textLength="{width}" lengthAdjust="spacingAndGlyphs">{esc(text)}</text>')


def esc(text):
    """Return text safe in XML: escaped, without characters XML forbids, right-to-left
    words isolated so that the numbers beside them keep their order."""
    return escape(isolated(characters(clean(text))))


def slide_files(path, pictures):
    """Return {file: picture}: one slide per section, each file named ....svg."""
    from ..files.whole import draft
    os.unlink(draft(path, ""))  # a path that cannot take a file is refused by its own name
    if not os.path.split(path)[1]:
        raise TraceError(f"{path}: ends in a folder; give a file name")
    return dict(zip(names(path, len(pictures)), pictures))
