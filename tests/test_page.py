"""The web page: lesson 3 stepped in a real headless Chromium, offline, keys and buttons."""

import contextlib
import io
import re

import pytest

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
    module = cli.lesson_module("lesson3")
    trace = cli.record(module)
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
    cells = opened.locator(".tablebox td")
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
        pairs = opened.eval_on_selector_all(".work td, .transcript span[class^=h]", """
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
    module = cli.lesson_module("lesson1")
    trace = cli.record(module)
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
