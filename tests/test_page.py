"""The web page: lesson 3 stepped in a real headless Chromium, offline, keys and buttons."""

import contextlib
import io
import re

import pytest

import tracer

from tracer import cli
from tracer.view.page_data import sections_of, stops
from tracer.view.page import fragment, page
from tracer.view.code import source
from tracer.view.screen import frame, telling
from tracer.view.text import Style
from tracer.play.walk import Walk
from helpers import browser_or_skip, contrast

TITLE = "lesson3: Queries make attention asymmetric"


@pytest.fixture(scope="module")
def lesson3():
    """Return lesson 3's trace as Python recorded it, and its walk."""
    trace = tracer.lesson("lesson3")
    trace.title = TITLE
    return trace, Walk(trace)


@pytest.fixture(scope="module")
def page_file(tmp_path_factory):
    """Write lesson 3's page through the command line, as a teacher would."""
    path = tmp_path_factory.mktemp("page") / "lesson3.html"
    with contextlib.redirect_stdout(io.StringIO()):
        assert cli.main(["lesson3", "--no-pause", "--step", "term", "--html", str(path)]) == 0
    return path


@pytest.fixture(scope="module")
def browser():
    with browser_or_skip() as b:
        yield b


@pytest.fixture
def opened(browser, page_file):
    """Open the page from file:// with every request but the file itself refused."""
    tab = browser.new_page(viewport={"width": 1280, "height": 900})
    asked, errors = [], []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    url = page_file.as_uri()

    def guard(route):
        asked.append(route.request.url)
        route.continue_() if route.request.url == url else route.abort()
    tab.route("**/*", guard)
    tab.goto(url)
    yield tab
    assert asked == [url]  # nothing else was even attempted
    assert errors == []
    tab.close()


def status(tab):
    return tab.locator(".status").text_content()


def here_term(tab):
    """Return the current term line the page highlights, without its marker."""
    lines = tab.locator(".terms li.here")
    return lines.text_content().lstrip("▶ ").strip() if lines.count() else None


def code_line(tab):
    """Return the number of the code line the page marks with ▶."""
    marked = tab.locator(".code span.here").first
    assert marked.locator("b").text_content() == "▶"
    return int(marked.get_attribute("data-line"))


def terminal_here(trace, walk, pos):
    """Return the term line the terminal player highlights at a position, or None."""
    for line in frame(trace, walk, pos, Style(3), 100, 60):
        if len(line) == 1 and line[0][1] == "here":
            return line[0][0].strip()
    return None


def expect(tab, trace, walk, pos, press=None, of=None, terms=True):
    """Check the counter, the current term and the code line against the recording."""
    i, shown = walk.locate(pos)
    step = trace.steps[i]
    count = f" · term {shown} of {step.count()}" if step.count() > 1 and terms else ""
    part = [name for name, start in sections_of(trace, walk, TITLE) if start <= pos][-1]
    assert status(tab) == (f"press {press or pos} of {of or walk.total} · {part}{count}"
                           f" · line {step.line}")
    assert here_term(tab) == terminal_here(trace, walk, pos)
    assert code_line(tab) == step.line
    said = " ".join(t for line in telling(trace, i, Style(3), 10**6) for t, _ in line)
    assert tab.locator(".saypane .say").text_content() == said


def test_page_has_title_language_and_headings(opened, lesson3):
    assert opened.title() == TITLE
    assert opened.locator("html").get_attribute("lang") == "en"
    assert opened.locator("h1").text_content() == TITLE
    headings = opened.locator("h3.t-sec").all_text_contents()
    trace, walk = lesson3
    assert headings == [name for name, _ in sections_of(trace, walk, TITLE)]
    assert len(headings) > 1


def test_keys_step_forward_and_back_term_by_term(opened, lesson3):
    trace, walk = lesson3
    expect(opened, trace, walk, 1)
    for pos, key in enumerate(["n", "Space", "ArrowRight", "Enter", "l"], 2):
        opened.keyboard.press(key)
        expect(opened, trace, walk, pos)
    for pos, key in zip((5, 4, 3), ("b", "ArrowLeft", "h")):
        opened.keyboard.press(key)
        expect(opened, trace, walk, pos)


def test_finish_first_last_and_typed_positions(opened, lesson3):
    trace, walk = lesson3
    opened.keyboard.press("n")
    opened.keyboard.press("s")  # finish the dot: its last term
    expect(opened, trace, walk, walk.ends[1])
    opened.keyboard.press("s")  # already finished: the end of the next operation
    expect(opened, trace, walk, walk.ends[2])
    opened.keyboard.press("G")
    expect(opened, trace, walk, walk.total)
    opened.keyboard.press("g")
    expect(opened, trace, walk, 1)
    for key in "250":
        opened.keyboard.press(key)
    assert opened.locator(".note").text_content() == "go to press: 250_"
    opened.keyboard.press("Enter")
    expect(opened, trace, walk, 250)


def test_buttons_do_what_their_keys_do(opened, lesson3):
    trace, walk = lesson3
    button = (lambda name: opened.get_by_role("button", name=name, exact=True))
    button("Next").click()
    button("Next").click()
    expect(opened, trace, walk, 3)
    button("Back").click()
    expect(opened, trace, walk, 2)
    button("Finish operation").click()
    expect(opened, trace, walk, walk.ends[1])
    button("Last").click()
    expect(opened, trace, walk, walk.total)
    button("Next").click()
    assert opened.locator(".note").text_content().startswith("that was the last step")
    button("First").click()
    expect(opened, trace, walk, 1)


def test_pace_by_operation_follows_the_walk(opened, lesson3):
    trace, walk = lesson3
    opened.select_option(".pace", "op")
    ends = stops(walk, "op")
    for press in range(2, 6):
        opened.keyboard.press("n")
        expect(opened, trace, walk, ends[press - 1], press, len(ends), terms=False)
    matmul = next(i for i, s in enumerate(trace.steps) if s.op == "matmul")
    press = ends.index(walk.ends[matmul]) + 1
    for key in f"{press}\n":
        opened.keyboard.press("Enter" if key == "\n" else key)
    expect(opened, trace, walk, walk.ends[matmul], press, len(ends), terms=False)
    opened.keyboard.press("t")  # open this matmul: each press is one term again
    opens = opened.locator("[data-act=open]")
    assert (opens.text_content(), opens.get_attribute("aria-pressed")) == ("Close terms", "true")
    opened.keyboard.press("b")
    opened.keyboard.press("b")  # two terms back, inside the same matmul
    expect(opened, trace, walk, walk.ends[matmul] - 2, press - 1, len(ends))
    opened.keyboard.press("t")  # closed: back by operation again
    opened.keyboard.press("b")
    expect(opened, trace, walk, ends[press - 2], press - 1, len(ends), terms=False)


def test_slider_spans_the_whole_lesson(opened, lesson3):
    trace, walk = lesson3
    slider = opened.locator(".pos")
    assert (slider.get_attribute("min"), slider.get_attribute("max")) == (
        "0", str(walk.total - 1))
    slider.fill("499")
    expect(opened, trace, walk, 500)


def test_matrix_cell_and_table_follow_the_terms(opened, lesson3):
    trace, walk = lesson3
    matmul = next(i for i, s in enumerate(trace.steps) if s.op == "matmul")
    start = walk.ends[matmul - 1] + 1
    for key in str(start + 5) + "\n":
        opened.keyboard.press("Enter" if key == "\n" else key)
    expect(opened, trace, walk, start + 5)  # term 6: the second cell, second term
    assert opened.locator(".cellname").text_content() == \
        "[Evan's, dog] = Q[Evan's] · Kᵀ[:, dog]"
    pair = opened.eval_on_selector_all(
        ".pair tr", "rows => rows.map(r => [...r.children].map(c => c.textContent))")
    assert pair == [["", "animal", "person", "energy", "female"],  # as the terminal has it
                    ["Q[Evan's]", "0.600", "0.100", "0.000", "0.100"],
                    ["Kᵀ[:, dog]", "0.889", "0.111", "0.444", "0.000"]]
    cells = opened.locator(".tablebox tbody td")
    assert cells.nth(0).text_content() == "0.200"  # the first cell is finished
    assert cells.nth(1).text_content() == "" and cells.nth(1).get_attribute("class") == " now"
    assert cells.nth(2).text_content() == ""  # not yet computed


def test_outline_jumps_to_each_section(opened, lesson3):
    trace, walk = lesson3
    parts = sections_of(trace, walk, TITLE)
    buttons = opened.locator(".outline button")
    assert buttons.all_text_contents() == [name for name, _ in parts]
    opened.keyboard.press("G")
    for k, (name, pos) in enumerate(parts):
        buttons.nth(k).click()
        assert status(opened).startswith(f"press {pos} of {walk.total} · {name}")
        assert buttons.nth(k).get_attribute("aria-current") == "true"


def test_every_heatmap_cell_reads_at_4_5_to_1(opened, lesson3):
    trace, walk = lesson3
    cells = 0
    for i, step in enumerate(trace.steps):
        if step.op not in ("matmul", "normalize_rows", "transpose"):
            continue
        for key in str(walk.ends[i]):
            opened.keyboard.press(key)
        opened.keyboard.press("Enter")
        pairs = opened.eval_on_selector_all(".work td, .transcript i[class^=h]", """
            els => els.map(e => [getComputedStyle(e).color,
                                 getComputedStyle(e).backgroundColor, e.className])""")
        for fg, bg, name in pairs:
            assert contrast(fg, bg) >= 4.5, (fg, bg, name)
        cells += sum(1 for _, _, name in pairs if name.startswith("h"))
    assert cells > 300  # every table of lesson 3 was shaded and checked


def test_focus_is_visible(opened):
    opened.keyboard.press("Tab")
    style = opened.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return [document.activeElement.tagName, s.outlineStyle, s.outlineWidth]; }""")
    assert style[0] == "BUTTON" and style[1] != "none" and float(style[2][:-2]) >= 2


def test_narration_never_scrolls_sideways_at_600_px(opened, lesson3):
    trace, walk = lesson3
    opened.set_viewport_size({"width": 600, "height": 900})
    for pos in (1, 2, 200, walk.total):
        for key in str(pos):
            opened.keyboard.press(key)
        opened.keyboard.press("Enter")
        assert opened.evaluate("document.documentElement.scrollWidth") <= 600
        for part in (".say", ".terms", ".status", ".transcript p.say"):
            wide = opened.eval_on_selector_all(
                part, "els => els.filter(e => e.scrollWidth > e.clientWidth).length")
            assert wide == 0, (part, pos)


def test_without_javascript_the_transcript_is_all_there(browser, page_file, lesson3):
    trace, _ = lesson3
    tab = browser.new_page(java_script_enabled=False)
    tab.goto(page_file.as_uri())
    assert not tab.locator(".stepper").is_visible()
    text = tab.locator(".transcript").inner_text()
    assert "1.000 × 0.889 + 0.200 × 0.111 + 0.100 × 0.444 + 0.100 × 0.000 = 0.956" in text
    code = [f"{s.line:>4} ▶ {source(trace, s)}" for k, s in enumerate(trace.steps) if s.op != "say"
            and (s.file, s.line) != (trace.steps[k - 1].file, trace.steps[k - 1].line)]
    assert [ln for ln in text.splitlines() if "▶" in ln] == code
    tab.close()


def test_two_steppers_on_one_page_step_apart(browser, lesson3, tmp_path):
    trace, walk = lesson3
    path = tmp_path / "two.html"
    path.write_text("<!DOCTYPE html><html lang=en><title>two</title><body>" +
                    fragment(trace) + fragment(trace) + "</body></html>", encoding="utf-8")
    tab = browser.new_page()
    tab.goto(path.as_uri())
    ids = tab.eval_on_selector_all(".tracer", "els => els.map(e => e.id)")
    assert len(set(ids)) == 2
    first, second = tab.locator(".tracer").nth(0), tab.locator(".tracer").nth(1)
    first.focus()
    for _ in range(3):
        tab.keyboard.press("n")
    guided = len(stops(walk, "guided"))  # a notebook's stepper starts guided
    assert first.locator(".status").text_content().startswith(f"press 4 of {guided}")
    assert second.locator(".status").text_content().startswith(f"press 1 of {guided}")
    second.get_by_role("button", name="Last").click()
    assert first.locator(".status").text_content().startswith("press 4 ")
    tab.close()


def test_page_text_is_escaped_and_data_cannot_end_its_script():
    from tracer import recording, say
    with recording() as t:
        say("a </script><b>bold</b> & \x1b[31m {}", "x")
    text = page(t, title="<t>")
    assert "<b>bold</b>" not in text and "\x1b" not in text
    assert text.count("</script>") == 2  # the data's and the code's own ends
    assert "<title>&lt;t&gt;</title>" in text
    assert re.search(r"lang=\"en\"", text)


def three_ideas():
    import tracer
    with tracer.recording() as t:
        tracer.section("first idea")
        tracer.say("We take a dot.")
        tracer.dot([1, 2], [3, 4], names=["u", "w"], why="to see how far u points along w")
        tracer.section("second idea")
        tracer.add([1, 2], [3, 4], names=["u", "w"])
        tracer.section("third idea")
        tracer.say("Done.")
    t.title = "three ideas"
    return t


def open_three_ideas(browser, tmp_path):
    """Return the three-section trace, its walk, and its page open in a new tab."""
    trace = three_ideas()
    path = tmp_path / "ideas.html"
    path.write_text(page(trace, pace="term"), encoding="utf-8")
    tab = browser.new_page()
    tab.goto(path.as_uri())
    return trace, Walk(trace), tab


def test_sections_step_with_brackets_and_the_outline(browser, tmp_path):
    trace, walk, tab = open_three_ideas(browser, tmp_path)
    assert tab.locator("h3.t-sec").all_text_contents() == [
        "first idea", "second idea", "third idea"]
    starts = [walk.ends[i - 1] + 1 if i else 1 for _, i in trace.sections]
    assert starts == [1, 4, 6]  # the say, the dot's two terms; the add's two; the say
    for key, name, pos in (("]", "second idea", 4), ("]", "third idea", 6),
                           ("]", "third idea", 6), ("[", "second idea", 4),
                           ("n", "second idea", 5), ("[", "second idea", 4),
                           ("[", "first idea", 1), ("[", "first idea", 1)):
        tab.keyboard.press(key)
        assert tab.locator(".status").text_content().startswith(
            f"press {pos} of {walk.total} · {name}"), (key, name, pos)
    assert tab.locator(".note").text_content() == "this is the first section"
    outline = tab.locator(".outline button")
    for k in (2, 0, 1):
        outline.nth(k).click()
        assert tab.locator(".status").text_content().startswith(
            f"press {starts[k]} of {walk.total} · {trace.sections[k][0]}")
    tab.keyboard.press("g")
    tab.keyboard.press("n")
    assert tab.locator(".saypane .say").text_content() == "to see how far u points along w"
    tab.keyboard.press("g")
    assert tab.locator(".saypane .say").text_content() == "We take a dot."
    tab.keyboard.press("]")  # the add has no why: the box names it, as the terminal does
    assert tab.locator(".saypane .say").text_content() == "Next: u + w."
    tab.close()


def test_page_starts_in_the_pace_the_command_line_chose(browser, lesson3, tmp_path):
    trace, walk = lesson3
    path = tmp_path / "guided.html"
    with contextlib.redirect_stdout(io.StringIO()):
        assert cli.main(["lesson3", "--no-pause", "--html", str(path)]) == 0
    tab = browser.new_page()
    tab.goto(path.as_uri())
    assert tab.locator(".pace").input_value() == "guided"
    guided = stops(walk, "guided")
    for press in (2, 3, 4):
        tab.keyboard.press("n")
        assert status(tab).startswith(f"press {press} of {len(guided)} · ")
    assert here_term(tab) == terminal_here(trace, walk, guided[3])
    tab.close()


def embedded(path):
    """Return the data a page carries for its script."""
    import json
    text = path.read_text(encoding="utf-8")
    return json.loads(re.search(r'<script type="application/json" class="tracer-data">'
                                r'(.*?)</script>', text, re.S).group(1))


def test_a_replayed_trace_makes_the_same_page(tmp_path):
    saved, live, again = tmp_path / "t.json", tmp_path / "live.html", tmp_path / "again.html"
    with contextlib.redirect_stdout(io.StringIO()):
        assert cli.main(["lesson3", "--no-pause", "--digits", "2", "--export", str(saved),
                         "--html", str(live)]) == 0
        assert cli.main(["replay", str(saved), "--no-pause", "--digits", "2",
                         "--html", str(again)]) == 0
    first, second = embedded(live), embedded(again)
    assert second["title"] == f"{TITLE}, replay of {saved}"
    for key in ("steps", "files", "paces", "sections", "total", "digits"):
        assert first[key] == second[key], key
    assert "0.96" in first["steps"][1]["terms"][-1]  # two digits: q_Riley · k_dog ends 0.96


def test_finished_runs_read_as_the_screen_writes_them(browser, tmp_path):
    trace = tracer.lesson("lesson1")
    walk = Walk(trace)
    path = tmp_path / "lesson1.html"
    with contextlib.redirect_stdout(io.StringIO()):
        assert cli.main(["lesson1", "--no-pause", "--step", "term", "--html", str(path)]) == 0
    tab = browser.new_page()
    tab.goto(path.as_uri())
    mix = next(i for i, s in enumerate(trace.steps) if s.op == "mix")
    checked = 0
    for pos in range(walk.ends[mix - 1] + 1, walk.ends[mix] + 1):
        for key in f"{pos}\n":
            tab.keyboard.press("Enter" if key == "\n" else key)
        screen = [text.strip() for line in frame(trace, walk, pos, Style(3), 100, 60)
                  for text, style in line if style in ("term", "here") and "×" in text]
        page_lines = [t.lstrip("▶ ").strip()
                      for t in tab.locator(".terms li").all_text_contents()]
        assert page_lines == screen, pos
        checked += 1
    assert checked == trace.steps[mix].count() and "animal: 0.750 × 0.100 + 0.250 × 0.900 " \
        "= 0.300" in page_lines  # a finished component reads as one sum
    tab.close()


def test_o_opens_the_outline_and_arrows_choose_a_section(browser, tmp_path):
    trace, walk, tab = open_three_ideas(browser, tmp_path)
    tab.keyboard.press("o")
    focused = "document.activeElement.textContent"
    assert tab.evaluate(focused) == "first idea"
    tab.keyboard.press("ArrowDown")
    tab.keyboard.press("ArrowDown")
    tab.keyboard.press("ArrowDown")  # the last stays chosen
    assert tab.evaluate(focused) == "third idea"
    tab.keyboard.press("ArrowUp")
    tab.keyboard.press("Enter")
    assert status(tab).startswith(f"press 4 of {walk.total} · second idea")
    tab.keyboard.press("Escape")
    tab.keyboard.press("n")  # the keys step again once the outline is left
    assert status(tab).startswith(f"press 5 of {walk.total} · second idea")
    tab.close()


# The stepper is the view: the walkthrough waits closed, and opens for paper.

def goto(tab, pos):
    """Type a press number and Enter, as a learner jumps."""
    for key in f"{pos}\n":
        tab.keyboard.press("Enter" if key == "\n" else key)


def test_with_javascript_the_walkthrough_waits_closed(opened, lesson3):
    trace, walk = lesson3
    assert opened.locator(".transcript").get_attribute("open") is None
    assert not opened.locator(".transcript pre").first.is_visible()
    assert opened.locator(".still").count() == 0  # the note for a page without script
    height = opened.evaluate("document.documentElement.scrollHeight")
    assert height < 2000, height  # the page is the stepper, not 14,900 px of transcript
    opened.locator(".transcript summary").click()
    assert opened.locator(".transcript pre").first.is_visible()


def test_print_shows_the_walkthrough_with_heat_in_the_text(opened):
    opened.emulate_media(media="print")
    assert not opened.locator(".stepper").is_visible()
    assert opened.locator(".transcript pre").first.is_visible()  # closed, yet printed
    looks = opened.eval_on_selector_all(".transcript i[class^=h]", """els => els.map(e => {
        const s = getComputedStyle(e);
        return [e.className, s.backgroundColor, s.color, s.fontWeight,
                s.textDecorationLine]; })""")
    assert {name for name, *_ in looks} == {"h0", "h1", "h2", "h3", "h4"}
    assert {bg for _, bg, *_ in looks} == {"rgba(0, 0, 0, 0)"}  # no background needed
    # the largest numbers print darkest and boldest, the smallest palest
    weight = {name: (int(w), contrast(fg, "rgb(255, 255, 255)"), line != "none")
              for name, _, fg, w, line in looks}
    assert weight["h4"] > weight["h3"] > weight["h2"] > weight["h1"] > weight["h0"]
    assert weight["h0"][1] >= 4.5
    wraps = opened.eval_on_selector_all(".transcript pre", """els => els.map(e =>
        [getComputedStyle(e).whiteSpace, e.scrollWidth <= e.clientWidth])""")
    assert all(ws == "pre-wrap" and fits for ws, fits in wraps)


# Themes: each text against its own background, in every host a notebook has.

TEXTS = """root => {
  const out = [];
  const bg = e => { for (; e; e = e.parentElement) { const c = getComputedStyle(e)
      .backgroundColor; if (!/rgba\\(.*, 0\\)$/.test(c) && c !== "transparent") return c; }
      return "rgb(255, 255, 255)"; };
  for (const e of root.querySelectorAll("*")) {
    if (!e.getClientRects().length || e.closest(".sr")) continue;
    const own = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    const s = getComputedStyle(e);
    out.push([e.tagName + "." + e.className, s.color, bg(e), parseFloat(s.fontSize),
              +s.fontWeight]);
  }
  return out;
}"""


def legible(tab, selector=".tracer"):
    """Return the texts shown below a selector that read under WCAG AA, and those not."""
    seen = tab.eval_on_selector(selector, TEXTS)
    bad = [(what, fg, bg) for what, fg, bg, size, weight in seen
           if contrast(fg, bg) < (3 if size >= 24 or (size >= 18.6 and weight >= 700)
                                  else 4.5)]
    return seen, bad


HOSTS = {  # how each notebook marks and colours a dark page, and gives `pre` a background
    "JupyterLab Dark": '<body data-jp-theme-light="false" style="background:#111;'
                       'color:#d4d4d4"><style>pre{background:#f6f6f6}</style>',
    "VS Code dark": '<body class="vscode-body vscode-dark" style="background:#1e1e1e;'
                    'color:#cccccc"><style>pre{background:#2d2d2d}</style>',
    "light notebook": '<body data-jp-theme-light="true" style="background:#fff;color:#000">',
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_text_reads_at_aa_on_the_page(browser, page_file, lesson3, scheme):
    trace, walk = lesson3
    tab = browser.new_page(color_scheme=scheme)
    tab.goto(page_file.as_uri())
    background = tab.eval_on_selector(".tracer", "e => getComputedStyle(e).backgroundColor")
    assert (contrast(background, "rgb(0, 0, 0)") < 3) == (scheme == "dark")
    matmul = next(i for i, s in enumerate(trace.steps) if s.op == "matmul")
    tab.locator(".transcript summary").click()
    for pos in (1, walk.ends[matmul - 1] + 6, walk.ends[matmul], walk.total):
        goto(tab, pos)
        seen, bad = legible(tab)
        assert len(seen) > 100 and bad == [], (pos, bad[:5])
    assert any(what.endswith(".h4") for what, *_ in seen)  # the heatmaps were among them
    tab.close()


@pytest.mark.parametrize("host", sorted(HOSTS))
def test_a_notebook_stepper_reads_in_each_theme(browser, lesson3, tmp_path, host):
    trace, walk = lesson3
    path = tmp_path / "host.html"
    path.write_text(f"<!DOCTYPE html><html lang=en><title>host</title>{HOSTS[host]}"
                    + fragment(trace) + "</body></html>", encoding="utf-8")
    tab = browser.new_page()
    tab.goto(path.as_uri())
    dark = "light" not in host
    assert ("dark" in tab.locator(".tracer").get_attribute("class").split()) == dark
    tab.locator(".tracer").focus()
    tab.locator(".transcript summary").click()
    presses = len(stops(walk, "guided"))  # a notebook's stepper starts guided
    for press in (1, presses // 2, presses):
        tab.locator(".tracer").focus()
        goto(tab, press)
        seen, bad = legible(tab)
        assert len(seen) > 100 and bad == [], bad[:5]
    tab.close()


# Phones: Back, Next and the status stay in view; the newest term shows after a press.

@pytest.mark.parametrize("width", [375, 600])
def test_on_a_narrow_screen_the_bar_and_the_newest_term_stay_in_view(
        browser, page_file, lesson3, width):
    trace, walk = lesson3
    tab = browser.new_page(viewport={"width": width, "height": 700})
    tab.goto(page_file.as_uri())
    bar = tab.locator(".bar")
    assert bar.bounding_box()["height"] <= 110
    checked = 0
    for press in range(1, 120):
        tab.keyboard.press("n")
        here = tab.locator(".work .terms li.here, .work p.result:not(:empty)").last
        if not here.count():
            continue
        box, top = here.bounding_box(), bar.bounding_box()
        assert top["y"] >= -0.5 and top["y"] + top["height"] <= 700, press  # the bar
        assert box["y"] >= top["y"] + top["height"] - 0.5 and \
            box["y"] + box["height"] <= 700.5, (press, box, top)
        checked += 1
    assert checked > 50
    assert tab.evaluate("document.documentElement.scrollWidth") <= width
    fonts = tab.eval_on_selector_all(".terms li, .tablebox td", """els =>
        [...new Set(els.map(e => getComputedStyle(e).fontFamily))]""")
    assert fonts and all("monospace" in f for f in fonts)
    tab.close()


# Accessible: axe-core finds nothing serious; a live region says each press in words.

AXE = "axe.min.js"


def axe_source():
    """Return axe-core's script from its npm package, or skip (fail in CI) without it."""
    import os
    import subprocess
    from pathlib import Path
    from helpers import ROOT, missing
    places = [os.environ.get("AXE_CORE_JS", ""), ROOT / "node_modules" / "axe-core" / AXE]
    try:
        top = subprocess.run(["npm", "root", "-g"], capture_output=True, text=True,
                             timeout=30).stdout.strip()
        places.append(Path(top) / "axe-core" / AXE)
    except (OSError, subprocess.SubprocessError):
        pass
    for place in places:
        if place and Path(place).is_file():
            return Path(place).read_text(encoding="utf-8")
    missing("axe-core is not installed: npm install -g axe-core (or set AXE_CORE_JS)")


@pytest.fixture(scope="module")
def axe():
    return axe_source()


def violations(tab, axe):
    """Return axe-core's serious and critical violations on the page as it stands."""
    if not tab.evaluate("!!window.axe"):
        tab.add_script_tag(content=axe)
    found = tab.evaluate("""async () => (await axe.run(document)).violations.map(v =>
        [v.id, v.impact, v.nodes.map(n => n.target.join(" ")).slice(0, 3)])""")
    return [v for v in found if v[1] in ("serious", "critical")]


@pytest.mark.parametrize("lesson", ["lesson3", "lesson5"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_serious_at_start_middle_and_end(browser, axe, tmp_path, lesson,
                                                           scheme):
    path = tmp_path / f"{lesson}.html"
    with contextlib.redirect_stdout(io.StringIO()):
        assert cli.main([lesson, "--no-pause", "--html", str(path)]) == 0
    tab = browser.new_page(viewport={"width": 1280, "height": 900}, color_scheme=scheme,
                           bypass_csp=True)
    tab.goto(path.as_uri())
    total = int(tab.locator(".pos").get_attribute("max")) + 1
    for keys in ([], list(str(total // 2)) + ["Enter"], ["G"]):
        for key in keys:
            tab.keyboard.press(key)
        assert tab.locator("main").count() == 1
        assert violations(tab, axe) == [], (lesson, keys)
    tab.locator(".transcript summary").click()  # the whole walkthrough, opened
    assert violations(tab, axe) == []
    tab.close()


def test_each_press_is_said_in_words(opened, lesson3):
    trace, walk = lesson3
    said = opened.locator(".said")
    assert said.get_attribute("aria-live") == "polite"
    opened.keyboard.press("n")  # the dot's first term: 1.000 × 0.889 = 0.889
    text = said.text_content()
    first = trace.steps[1].term(0)
    assert f"term 1 of {trace.steps[1].count()}: " in text, text
    assert f"{Style(3).num(first.x)} times {Style(3).num(first.y)} equals" in text, text
    opened.keyboard.press("s")
    assert f"equals {Style(3).num(trace.steps[1].result)}" in said.text_content()
    opened.keyboard.press("g")
    assert said.text_content().startswith(trace.steps[0].decl.title.split("{")[0] or "")


def test_every_scroll_box_takes_the_keyboard(opened, lesson3):
    trace, walk = lesson3
    for pos in (1, 200, walk.total):
        goto(opened, pos)
        opened.locator(".transcript").evaluate("e => e.open = true")
        stuck = opened.evaluate("""() => [...document.querySelectorAll("*")].filter(e => {
            const s = getComputedStyle(e);
            const scrolls = (e.scrollWidth > e.clientWidth && /auto|scroll/.test(s.overflowX))
              || (e.scrollHeight > e.clientHeight && /auto|scroll/.test(s.overflowY));
            return scrolls && e !== document.documentElement && e.tabIndex < 0;
        }).map(e => e.className)""")
        assert stuck == [], (pos, stuck)


# The bugs of issue 20.

def test_a_step_without_terms_clears_the_cell_name(opened, lesson3):
    trace, walk = lesson3
    matmul = next(i for i, s in enumerate(trace.steps) if s.op == "matmul")
    goto(opened, walk.ends[matmul - 1] + 3)
    assert opened.locator(".cellname").text_content() != ""
    after = next(i for i in range(matmul + 1, len(trace.steps))
                 if trace.steps[i].count() == 0)
    goto(opened, walk.ends[after])
    assert opened.locator(".cellname").text_content() == ""


def test_backspace_in_go_to_press_redraws(opened):
    for key in "25":
        opened.keyboard.press(key)
    assert opened.locator(".note").text_content() == "go to press: 25_"
    opened.keyboard.press("Backspace")
    assert opened.locator(".note").text_content() == "go to press: 2_"
    opened.keyboard.press("Backspace")
    assert opened.locator(".note").text_content() == ""


ORDER = """(word) => {
  const out = [], walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const box = (node, a, b) => { const r = document.createRange(); r.setStart(node, a);
    r.setEnd(node, b); return r.getBoundingClientRect(); };
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = n.textContent, at = text.indexOf(word);
    if (at < 0 || !n.parentElement.getClientRects().length) continue;
    const after = text.slice(at + word.length).search(/[0-9]/);
    if (after < 0) continue;
    const digit = at + word.length + after, w = box(n, at, at + word.length);
    const d = box(n, digit, digit + 1);
    if (Math.abs(w.top - d.top) < 2) out.push([text.slice(at, digit + 6), d.left > w.right]);
  }
  return out;
}"""


def test_right_to_left_words_keep_the_arithmetic_in_order(browser, tmp_path):
    path = tmp_path / "rtl.html"
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        assert cli.main(["lesson2", "--no-pause", "--sentence", "Riley שלום dog",
                         "--html", str(path)]) == 0
    tab = browser.new_page(viewport={"width": 1280, "height": 900})
    tab.goto(path.as_uri())
    tab.locator(".transcript summary").click()
    seen = tab.evaluate(ORDER, "שלום")
    assert len(seen) > 3 and all(ok for _, ok in seen), [s for s, ok in seen if not ok][:5]
    tab.keyboard.press("G")
    for _ in range(40):  # the stepper's lines too
        tab.keyboard.press("b")
        seen = tab.evaluate(ORDER, "שלום")
        assert all(ok for _, ok in seen), seen
    tab.close()


# Small: a product's lines are written by the page's script from its operands, and read
# exactly as the terminal's (halves rounded to even, negatives, tiny and large numbers).

def awkward_product():
    import tracer
    a = [[0.25, -0.125, 0.0625, 1e-13], [0.5, 0.3125, -0.0004, 123.4567],
         [-2.675, 0.1, 0.2, 0.7], [0.045, -0.0015, 9.9995, 0.0005]]
    b = [[0.25, 0.5, -0.5], [0.125, 0.0625, 1.5], [-0.25, 0.375, 0.005], [1e-4, -3.0, 0.0]]
    with tracer.recording() as t:
        tracer.matmul(a, b, name="P")
    t.title = "awkward"
    return t


def page_lines_match_the_terminal(browser, tmp_path, trace, digits, step_index):
    """Step through one step of a trace's page; return how many lines matched."""
    walk = Walk(trace)
    path = tmp_path / f"p{digits}.html"
    path.write_text(page(trace, digits, pace="term"), encoding="utf-8")
    data = embedded(path)
    assert "calc" in data["steps"][step_index] and "terms" not in data["steps"][step_index]
    tab = browser.new_page()
    tab.goto(path.as_uri())
    checked = 0
    start = walk.ends[step_index - 1] + 1 if step_index else 1
    for pos in range(start, walk.ends[step_index] + 1):
        goto(tab, pos)
        screen = [text.strip() for line in frame(trace, walk, pos, Style(digits), 100, 60)
                  for text, style in line if style in ("term", "here") and "×" in text]
        lines = [t.lstrip("▶ ").strip() for t in tab.locator(".terms li").all_text_contents()]
        assert lines == screen, (pos, lines, screen)
        checked += len(lines)
    tab.close()
    return checked


@pytest.mark.parametrize("digits", [1, 2, 3, 4])
def test_a_products_lines_are_the_terminals_to_the_digit(browser, tmp_path, digits):
    trace = awkward_product()
    assert page_lines_match_the_terminal(browser, tmp_path, trace, digits, 0) >= 40


def test_lesson_3s_products_read_as_the_terminal_writes_them(browser, tmp_path, lesson3):
    trace, walk = lesson3
    matmuls = [i for i, s in enumerate(trace.steps) if s.op == "matmul"]
    assert page_lines_match_the_terminal(browser, tmp_path, trace, 3, matmuls[0]) > 400


def test_lesson_5_with_60_words_makes_a_page_under_3_mb():
    words = ("Riley chased the hyper cat and the dog saw the other dog near a big red "
             "barn while Evan ran").split()
    trace = tracer.lesson("lesson5", sentence=" ".join((words * 4)[:60]))
    assert trace.count() > 80_000
    text = page(trace, 3, trace.title)
    assert len(text.encode("utf-8")) <= 3_000_000  # it was 14.4 MB: a line per term
    import json
    data = json.loads(re.search(r'class="tracer-data">(.*?)</script>', text, re.S).group(1))
    big = [s for s in data["steps"] if s["end"] - s["start"] >= 10_000]
    assert big and all("calc" in s and "terms" not in s for s in big)  # operands, not lines


@pytest.mark.parametrize("width", [1000, 1100, 1280, 375])
def test_the_largest_part_mark_stays_on_its_line_and_in_one_piece(browser, page_file, width):
    # At 1000 px the mark "→ largest part" once broke onto a line of its own, or in two.
    tab = browser.new_page(viewport={"width": width, "height": 900})
    tab.goto(page_file.as_uri())
    tab.focus(".tracer")
    marks = []
    for _ in range(130):  # lesson 3 by term, through its dot products and first cells
        tab.keyboard.press("n")
        marks += tab.eval_on_selector_all(".work .terms li .mark", """els => els.map(m => [
            m.textContent, m.getClientRects().length,
            m.parentElement.getBoundingClientRect().height,
            parseFloat(getComputedStyle(m.parentElement).lineHeight)])""")
    tab.close()
    assert len(marks) >= 10 and all(text in ("→ largest part", "→ largest in size")
                                    for text, *_ in marks)
    assert all(pieces == 1 for _, pieces, _, _ in marks)  # never cut inside
    if width >= 1000:  # beside its term, on one line
        assert all(height < 1.5 * line for _, _, height, line in marks), marks


def test_a_press_in_a_big_table_touches_a_few_cells_of_a_window(browser, tmp_path):
    # Lesson 3 at 40 words: a 40×40 table of relevances. Every press once rewrote all
    # 1,600 cells' classes, and each new step built all of them (p95 56 ms at 60 words);
    # the page shows, as the terminal does, the rows and columns around the cell.
    trace = tracer.lesson("lesson3", sentence=" ".join(f"w{i}" for i in range(40)))
    walk = Walk(trace)
    path = tmp_path / "big.html"
    trace.save_html(str(path), step="term")
    tab = browser.new_page(viewport={"width": 1280, "height": 900})
    tab.goto(path.as_uri())
    matmul = next(i for i, s in enumerate(trace.steps)
                  if s.op == "matmul" and len(s.result) == 40 == len(s.result[0]))
    step, start = trace.steps[matmul], walk.ends[matmul - 1] + 1
    for key in str(start + step.count() // 2) + "\n":  # the middle: row 20, column 0
        tab.keyboard.press("Enter" if key == "\n" else key)
    tab.evaluate("""() => { window.touched = [];
        new MutationObserver(rs => rs.forEach(r => window.touched.push(r.target.closest
            ? r.target.closest(".tablebox") !== null : r.target.parentNode.closest(".tablebox")
              !== null))).observe(document.body, {subtree: true, childList: true,
                                                   attributes: true, characterData: true});
    }""")
    d = len(trace.steps[matmul].args[0][0])
    for n in range(3 * d):  # three cells' terms: the table is refilled, never rebuilt
        tab.keyboard.press("n")
        touched = tab.evaluate("() => window.touched.splice(0).filter(x => x).length")
        assert touched <= 6, (n, touched)  # the cell finished, the next one marked
        cells = tab.locator(".tablebox tbody td")
        assert cells.count() == 20 * 12
    caption = tab.locator(".tablebox caption").text_content()
    assert caption == "rows 11-30 of 40, columns 1-12 of 40"
    i, j = divmod(step.cell_of(walk.locate(start + step.count() // 2 + 3 * d)[1] - 1), 40)
    now = tab.evaluate("""() => { const td = document.querySelector(".tablebox td.now");
        return [td.parentNode.firstChild.textContent, [...td.parentNode.children].indexOf(td)];
    }""")
    assert (i, j) == (20, 3) and now == ["w20", 4]  # its row and column, after the name
    tab.close()
