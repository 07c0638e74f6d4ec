"""Slides: the screen at the end of each section as a 16:9 SVG picture, fonts local."""

from html import escape

from ..play.walk import Walk
from .page_data import sections_of, shade
from .page import clean
from .screen import frame
from .text import Style, cells, clip

COLS, ROWS = 100, 30  # the terminal each slide shows
WIDTH, HEIGHT = 1280, 720
CHAR, LINE, LEFT, TOP = 12, 22, 40, 32  # a cell of the character grid, in pixels
FONT = "ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace"
SHADES = [("#f1f6fb", "#111111"), ("#c9def0", "#111111"), ("#8dbbe0", "#111111"),
          ("#24609a", "#ffffff"), ("#14406e", "#ffffff")]
LOOKS = {  # style -> (background or None, text colour, bold)
    "title": (None, "#1a1a1a", True), "here": ("#fff1b8", "#1a1a1a", True),
    "result": (None, "#1d5c1d", True), "dim": (None, "#4a4a4a", False),
    "code": (None, "#4a4a4a", False), "code.here": ("#1a1a1a", "#ffffff", True),
    "say": (None, "#0b4f6c", False), "status": ("#1f4e79", "#ffffff", True),
}


def slides(trace, digits=3, title=""):
    """Return one SVG picture per section, each the screen at that section's last step."""
    st = Style(digits, ascii=False)
    walk = Walk(trace)
    if not walk.total:
        return []
    parts = sections_of(trace, walk, title)
    ends = [start - 1 for _, start in parts[1:]] + [walk.total]
    name = title or trace.title or "tracer"
    out = []
    for k, ((part, _), pos) in enumerate(zip(parts, ends), 1):
        lines = frame(trace, walk, pos, st, COLS, ROWS, st.text(name))
        # A slide has no keys to press: its last line says where in the lesson it is.
        lines[-1] = [(f"{part} {st.sym['dot']} slide {k} of {len(ends)}"[:COLS], "status")]
        out.append(picture(lines, name, k, len(ends)))
    return out


def picture(lines, name, number, count):
    """Return one screen of (text, style) lines as an SVG document."""
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
           f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" font-family="{FONT}" '
           f'font-size="20">',
           f"<title>{esc(name)}, slide {number} of {count}</title>",
           f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>']
    for row, line in enumerate(lines[:ROWS]):
        col, y = 0, TOP + row * LINE
        for text, style in line:
            text = clip(text, COLS - col)
            if text.strip() or looks(style)[0]:
                out.append(piece(text, style, LEFT + col * CHAR, y))
            col += cells(text)
    out.append("</svg>")
    return "\n".join(out) + "\n"


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
    """Return text safe in XML: escaped, and without characters XML forbids."""
    return escape(clean(text))
