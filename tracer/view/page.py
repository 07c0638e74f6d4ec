"""The walkthrough as a web page that steps like the terminal player, offline, in one file.

`page` writes a whole document; `fragment` writes the same stepper for a notebook cell,
its styles scoped to its own id, so two of them on one page work independently.
"""

import base64
import html
import json
import os
import re
import secrets

from .. import limits
from ..files.trace_file import UNSAFE
from ..play.walk import Walk
from .page_data import NONCHARACTERS, characters, isolated, model, sections_of, shade
from . import curve
from .code import source
from .screen import narration
from .steps import cell_lines, cells, marks, step_lines, title
from .tables import table
from .text import Style, visible

HERE = os.path.dirname(os.path.abspath(__file__))
SHADED = 400  # cells of the largest table the transcript shades
WRITTEN = 48  # terms of one step the transcript writes out; a table beyond is summed up
KEYS = [  # (keys, what they do), as the terminal player has them
    ("n, Space, →, Enter", "forward one press in the chosen pace"),
    ("b, ←", "back one press"),
    ("s", "finish this operation"),
    ("t", "open this operation to its terms, or close it"),
    ("], [", "next section, previous section"),
    ("o", "go to the outline of sections"),
    ("g, Home / G, End", "first step / last step"),
    ("12 Enter", "go to press 12"),
    ("?", "show or hide these keys"),
]
PACES = {"term": "every term", "cell": "each cell", "op": "each operation",
         "line": "each line of code", "guided": "guided"}
BUTTONS = [("first", "First", "g"), ("back", "Back", "b"), ("next", "Next", "n"),
           ("finish", "Finish operation", "s"), ("open", "Terms", "t"),
           ("prevsec", "Previous section", "["), ("nextsec", "Next section", "]"),
           ("last", "Last", "G"), ("keys", "Keys", "?")]


def page(trace, digits=3, title="", pace=None):
    """Return a whole web page that steps through the trace, with a transcript for no-JS."""
    name = title or trace.title or "tracer"
    body = stepper(trace, digits, name, pace, "tracer-page", level=1, scope="page")
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="color-scheme" content="light dark">\n'
            f'<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
            f'style-src \'unsafe-inline\'; script-src \'unsafe-inline\'; img-src data:">\n'
            f"<title>{esc(name)}</title>\n</head>\n<body>\n<main>\n{body}\n</main>\n"
            f"</body>\n</html>\n")


def fragment(trace, digits=3, title="", pace=None):
    """Return the stepper as a piece of HTML for a notebook: no <html>, styles inside."""
    # each rule of its styles names it: short, 40 random bits in 8 letters and digits
    uid = "t" + base64.b32encode(secrets.token_bytes(5)).decode().lower()
    return stepper(trace, digits, title or trace.title, pace, uid, level=3, scope="cell")


# Without its script (a saved notebook is sanitised: scripts, styles and `hidden` go),
# the output is the walkthrough and this note, and no control that would do nothing.
STILL = {"page": "This page steps through the walkthrough one press at a time when "
                 "JavaScript is on; here it is whole.",
         "cell": "Run this cell to step through the walkthrough one press at a time; "
                 "here it is whole."}


def stepper(trace, digits, title, pace, uid, level, scope):
    """Return the stepper: its styles, a note, the whole transcript, its data and script.

    The script builds the controls, so where it does not run none of them are shown.
    """
    limits.showable(trace, "a web page", "PAGE_TERMS")  # every term is written into it
    data = model(trace, digits, title, pace)
    h = (lambda n: f"h{min(6, level + n)}")
    css = tight(read("stepper.css")).replace("__ROOT__", "#" + uid)
    js = read("stepper.js").replace("__ROOT_ID__", json.dumps(uid)).replace(
        "__CONTROLS__", embed(controls(data, uid, h, scope)))
    heading = f'<{h(0)} class="t-title">{esc(data["title"])}</{h(0)}>' if title else ""
    region = f' role="region" aria-label="{esc(data["title"], True)}" tabindex="0"' \
        if scope == "cell" else ""
    return f"""<div id="{uid}" class="tracer" data-scope="{scope}"{region} \
data-lm-suppress-shortcuts="true">
<style>{css}</style>
{heading}
<p class="still">{STILL[scope]}</p>
<details class="transcript" open>
<summary><{h(1)} class="t-part">The whole walkthrough</{h(1)}></summary>
{transcript(trace, data, digits, h(2))}
</details>
<script type="application/json" class="tracer-data">{embed(data)}</script>
<script>{js}</script>
</div>"""


def controls(data, uid, h, scope):
    """Return the markup of the stepper's controls and panes, which its script inserts."""
    buttons = "".join(f'<button type="button" data-act="{act}" aria-keyshortcuts="{key}">'
                      f"{label}</button>" for act, label, key in BUTTONS
                      if act not in ("back", "next"))
    step = "".join(f'<button type="button" data-act="{act}" aria-keyshortcuts="{key}">'
                   f"{label}</button>" for act, label, key in BUTTONS
                   if act in ("back", "next"))
    paces = "".join(f'<option value="{u}">{PACES.get(u, u)}</option>'
                    for u in data["paces"])
    keys = "".join(f"<dt><kbd>{esc(k)}</kbd></dt><dd>{esc(m)}</dd>" for k, m in KEYS)
    click = "Click here, then use" if scope == "cell" else "Use"
    return f"""<section class="stepper" aria-labelledby="{uid}-st">
<{h(1)} class="sr" id="{uid}-st">Step through</{h(1)}>
<div class="bar">{step}<p class="status"></p></div>
<p class="sr said" aria-live="polite" aria-atomic="true"></p>
<details class="more" open><summary>More controls and the sections</summary>
<div class="controls" role="toolbar" aria-label="Stepping">{buttons}
<label>Pace <select class="pace">{paces}</select></label></div>
<div class="slider"><label for="{uid}-pos">Position</label>\
<input type="range" id="{uid}-pos" class="pos" min="0" max="0" value="0"></div>
<nav class="outline" aria-labelledby="{uid}-ol"><{h(2)} class="t-pane" id="{uid}-ol">\
Sections</{h(2)}><ol></ol></nav>
</details>
<p class="note">{click} the buttons or the keys: <kbd>?</kbd> lists them.</p>
<div class="keys" hidden><{h(2)} class="t-pane">Keys</{h(2)}><dl>{keys}</dl></div>
<div class="panes">
<section class="work"><{h(2)} class="t-pane">Working</{h(2)}>
<p class="steptitle"></p><ul class="lines operands"></ul><p class="cellname"></p>
<div class="pair grids" role="group" tabindex="0" aria-label="the two vectors multiplied">\
</div>
<ul class="lines terms"></ul><p class="result"></p>
<div class="inputs grids" role="group" tabindex="0" aria-label="the matrices multiplied">\
</div>
<div class="tablebox grids" role="group" tabindex="0" aria-label="the result"></div>
<p class="legend" hidden>Shading: lighter for smaller, darker for larger numbers of this \
table; <span class="h0">smallest</span><span class="h2">middle</span>\
<span class="h4">largest</span>. The cell being worked on is outlined and in brackets.</p>
</section>
<section class="saypane"><{h(2)} class="t-pane">Narration</{h(2)}>\
<p class="say"></p></section>
<section class="codepane"><{h(2)} class="t-pane">Code</{h(2)}><pre class="code" \
role="region" tabindex="0" aria-label="code, current line marked"></pre></section>
</div>
</section>"""


def transcript(trace, data, digits, tag):
    """Return the whole walkthrough as static HTML: a heading per section, its steps."""
    st = Style(digits, ascii=False)
    walk = Walk(trace)
    starts = {walk.locate(pos)[0]: name
              for name, pos in sections_of(trace, walk, data["title"])}
    out, last = [], None
    for i, step in enumerate(trace.steps):
        if i in starts:
            out.append(f'<{tag} class="t-sec">{esc(starts[i])}</{tag}>')
            last = None
        if step.decl.narration:
            out.append(f'<p class="say">{esc(narration(step, st))}</p>')
            continue
        lines = []
        code = source(trace, step) if (step.file, step.line) != last else ""
        if code:
            lines.append([(f"{step.line:>4} {st.sym['here']} {code}", "code.here")])
            last = step.file, step.line
        lines += written_out(step, st)
        if step.decl.shape == "curve":  # the drawing in text, then as a picture
            out.append("<pre>" + "\n".join(map(line_html, lines)) + "</pre>" +
                       f'<p class="curve">{curve.svg(step, st)}</p>')
            continue
        # A table of thousands of cells is written plain: each shade is an element to
        # parse, and the stepper shows those tables shaded.
        cells = len(step.result) * len(step.result[0]) if step.decl.shape in (
            "matrix", "rows") and step.result and isinstance(step.result[0], (list, tuple)) \
            else 0
        shaded = cells <= SHADED
        out.append("<pre>" + "\n".join(line_html(ln, shaded) for ln in lines) + "</pre>")
    return "\n".join(out)


def written_out(step, st):
    """Return a step's lines for the transcript: every term, or for a table of more than
    WRITTEN terms its first cells, how many more were worked out alike, and the table."""
    if step.decl.shape not in ("matrix", "rows") or step.count() <= WRITTEN:
        return step_lines(step, step.count(), st, 100, 10**6, full=True)
    lines, shown, count = [title(step, st)], 0, 0
    for cell, terms in cells(step):
        if shown + len(terms) > WRITTEN:
            break
        lines += cell_lines(step, cell, terms, st, 100)
        shown, count = shown + len(terms), count + 1
    left = step.cells() - count
    lines.append([(f"  ... and {left:,} more cells, each worked out the same way "
                   f"({step.count() - shown:,} more terms); the table holds every result",
                   "dim")])
    shape = marks(step, st) if step.decl.marks else step.result
    rows, cols = (step.labels or (None, None))[:2]
    return lines + table(shape, rows, cols, st, 100, 10**6)


def line_html(line, shaded=True):
    """Return one line of (text, style) pieces as HTML, heatmap cells shaded if asked."""
    out = []
    for text, style in line:
        if isinstance(style, tuple) and shaded:
            out.append(f'<i class=h{shade(style[1])}>{esc(text)}</i>')  # short: thousands
        elif style in ("title", "result", "here", "code.here"):
            out.append(f"<b>{esc(text)}</b>")  # each of them bold, and short
        else:
            out.append(esc(text))
    return "".join(out).rstrip()


def esc(text, quote=False):
    """Return text safe inside HTML: control and non-characters written out, right-to-left
    words isolated; quotes escaped only for an attribute's value (quote=True)."""
    return html.escape(isolated(characters(clean(str(text)))), quote)


def clean(text):
    """Return text with its control characters written out, as \\x1b, lines kept."""
    return "\n".join(visible(line) for line in text.split("\n"))


def embed(data):
    """Return data as JSON that cannot end its <script> element early."""
    text = UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}",
                      json.dumps(isolating(data), ensure_ascii=False, separators=(",", ":")))
    text = NONCHARACTERS.sub(lambda m: json.dumps(m.group())[1:-1], text)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def isolating(data):
    """Return data with the right-to-left words of every text in it isolated."""
    if isinstance(data, str):
        return isolated(data)
    if isinstance(data, list):
        return [isolating(x) for x in data]
    if isinstance(data, dict):
        return {k: isolating(v) for k, v in data.items()}
    return data


def tight(css):
    """Return styles without the spaces around their punctuation (": " only, so that a
    selector's " :focus" keeps its meaning), a rule's last ";", a number's leading 0
    or a colour's doubled digits (#ffffff is #fff)."""
    for pattern, put in ((r"\s*([{};,])\s*", r"\1"), (r": ", ":"), (";}", "}"),
                         (r"(?<![\d.])0\.(\d)", r".\1"),
                         (r"#([0-9a-f])\1([0-9a-f])\2([0-9a-f])\3(?![0-9a-f])", r"#\1\2\3")):
        css = re.sub(pattern, put, css)
    return css


def read(name):
    """Return one of the stepper's own files, without its comments and indents: every
    notebook output carries it."""
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        text = re.sub(r"/\*.*?\*/", "", f.read(), flags=re.S)
    text = re.sub(r"(^|\s)// .*$", "", text, flags=re.M)  # the files' comments start so
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())

