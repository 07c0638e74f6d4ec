"""A trace in a notebook: one output holding the stepper, scoped styles, a short repr."""

import re

import pytest

import tracer
from tracer.view.notebook import summary
from helpers import ROOT, needed, without_rich_code


@pytest.fixture(autouse=True)
def clean(monkeypatch):
    """Run each test at the default width: a plain walkthrough wraps to COLUMNS."""
    monkeypatch.delenv("COLUMNS", raising=False)


def small():
    with tracer.recording() as t:
        tracer.dot([0.3, 0.4], [0.7, 0.2], names=["a", "b"])
    return t


def test_repr_is_a_short_summary():
    t = small()
    assert repr(t) == "<Trace: 1 step, 2 terms>"
    t.title = "lesson3"
    assert repr(t) == '<Trace "lesson3": 1 step, 2 terms>'
    assert summary(tracer.Trace()) == "<Trace: 0 steps, 0 terms>"


def test_repr_of_lesson_3_counts_steps_and_terms():
    t = tracer.lesson("lesson3")
    t.title = "lesson3"
    assert repr(t) == f'<Trace "lesson3": {len(t.steps)} steps, {t.count():,} terms>'
    assert t.count() > 1000 and f"{t.count():,}" in repr(t) and "," in f"{t.count():,}"


def test_fragment_is_no_document_and_its_styles_stay_inside():
    html = small()._repr_html_()
    assert not re.search(r"<(html|body|head)\b|<!DOCTYPE", html, re.I)
    uid = re.match(r'<div id="(t[a-z2-7]{8})" class="tracer"', html).group(1)
    css = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    selectors = [sel.strip() for block in re.findall(r"([^{}]+)\{[^{}]*\}", css)
                 for sel in block.split(",") if not sel.strip().startswith("@")]
    assert selectors and all(sel.startswith("#" + uid) for sel in selectors), [
        sel for sel in selectors if not sel.startswith("#" + uid)]
    assert html.count("<style>") == 1 and "0.300 × 0.700" in html
    assert small()._repr_html_() != html  # each display has its own id


def test_notebook_shows_the_stepper_once():
    nbformat, nbclient = needed("nbformat"), needed("nbclient")
    needed("ipykernel")
    cells = ["import tracer\nwith tracer.recording() as t:\n"
             "    tracer.dot([0.3, 0.4], [0.7, 0.2], names=['a', 'b'])\nt",
             "t.show(plain=True)",
             "t.show()"]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(ROOT)}}).execute()
    shown, printed, rich = (cell.outputs for cell in nb.cells)
    assert len(shown) == 1
    data = shown[0]["data"]
    assert data["text/plain"] == "<Trace: 1 step, 2 terms>"
    assert 'class="tracer"' in data["text/html"] and 'class="transcript"' in data["text/html"]
    assert 'class=\\"stepper\\"' in data["text/html"]  # the controls, which its script builds
    assert "<body" not in data["text/html"]
    assert len(printed) == 1 and printed[0]["name"] == "stdout"
    assert "  0.300 x 0.700 + 0.400 x 0.200 = 0.290" in printed[0]["text"].splitlines()
    assert len(rich) == 1  # rich may show itself as HTML in a notebook, but only once


def test_a_notebook_stepper_starts_guided_as_the_player_does():
    html = small()._repr_html_()
    assert '"pace":"guided"' in html


def test_without_rich_a_notebook_gets_the_stepper():
    done = without_rich_code("import tracer\nwith tracer.recording() as t:\n"
                             "    tracer.dot([1], [2])\nprint(t._repr_html_())")
    assert (done.returncode, done.stderr) == (0, "")
    assert 'class="tracer"' in done.stdout and "1 × 2 = 2" in done.stdout


def test_recording_renders_html_for_notebooks():
    with tracer.recording() as t:
        tracer.dot([0.3, 0.4], [0.7, 0.2], names=["a", "b"])
    page = t._repr_html_()
    assert "<html" not in page.lower() and "<body" not in page.lower()
    assert "0.290" in page and "0.300" in page


# A script's recording shown as a plain walkthrough, and as HTML for a notebook.

def test_recording_shows_its_walkthrough(capsys):
    with tracer.recording() as t:
        tracer.dot([0.3, 0.4], [0.7, 0.2], names=["a", "b"])
    capsys.readouterr()
    t.show(plain=True)
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert "a . b" in lines
    assert "  a = [0.300, 0.400]" in lines
    assert "  0.300 x 0.700 + 0.400 x 0.200 = 0.290" in lines
    assert any("> tracer.dot([0.3, 0.4], [0.7, 0.2]" in ln for ln in lines)


def test_recording_shows_more_digits(capsys):
    with tracer.recording() as t:
        tracer.dot([1, 2], [3, 4], names=["u", "w"])
    capsys.readouterr()
    t.show(plain=True, digits=1)
    assert "  1 x 3 + 2 x 4 = 11" in capsys.readouterr().out.splitlines()


# A saved notebook, reopened untrusted: its sanitiser strips scripts, styles and `hidden`.

def sanitised(html):
    """Return what a notebook's sanitiser leaves of an output: no <script>, no <style>,
    no `hidden` attribute."""
    html = re.sub(r"<script\b.*?</script\s*>", "", html, flags=re.S | re.I)
    html = re.sub(r"<style\b.*?</style\s*>", "", html, flags=re.S | re.I)
    return re.sub(r"\s+hidden(=\"[^\"]*\")?(?=[\s>])", "", html)


def test_a_sanitised_stepper_is_a_clean_walkthrough_with_a_note():
    from html.parser import HTMLParser
    t = tracer.lesson("lesson3")
    left = sanitised(t._repr_html_())

    class Seen(HTMLParser):
        def __init__(self):
            super().__init__()
            self.tags, self.text = [], []

        def handle_starttag(self, tag, attrs):
            self.tags.append((tag, dict(attrs)))

        def handle_data(self, data):
            self.text.append(data)
    seen = Seen()
    seen.feed(left)
    tags = [tag for tag, _ in seen.tags]
    assert not {"button", "input", "select", "kbd", "nav"} & set(tags), set(tags)
    text = "".join(seen.text)
    assert "Run this cell to step through the walkthrough" in text
    assert "Click here" not in text and "0.956" in text  # the walkthrough, not controls
    details = [attrs for tag, attrs in seen.tags if tag == "details"]
    assert details == [{"class": "transcript", "open": None}]  # open without the script
    assert text.count("Step through") == 0


def test_a_lesson_in_three_lines_shows_its_stepper_in_a_notebook():
    nbformat, nbclient = needed("nbformat"), needed("nbclient")
    needed("ipykernel")
    cell = 'import tracer\nt = tracer.lesson("lesson3")\nt'  # the README's three lines
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(cell)])
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(ROOT)}}).execute()
    (shown,) = nb.cells[0].outputs
    expected = tracer.lesson("lesson3")
    assert shown["data"]["text/plain"] == repr(expected)
    assert shown["data"]["text/plain"].startswith('<Trace "lesson3: ')
    assert 'class="tracer"' in shown["data"]["text/html"] and "<script" in shown["data"]["text/html"]


def test_a_saved_lesson_loads_back_equal(tmp_path):
    t = tracer.lesson("lesson3", sentence="the dog saw the cat", focus="cat")
    t.save(tmp_path / "l3.json")
    back = tracer.load(tmp_path / "l3.json")
    assert back.title == t.title and back.focus == "cat"
    # Equal but for the file's name, which a saved trace keeps without any folder: the
    # code it names is the same code, carried in the file.
    from tracer.files.trace_file import FIELDS, OPTIONAL, source_lines
    assert len(back.steps) == len(t.steps)
    for a, b in zip(back.steps, t.steps):
        assert all(getattr(a, f) == getattr(b, f) for f in FIELDS + OPTIONAL if f != "file")
        assert source_lines(back, a.file) == tuple(source_lines(t, b.file)) if b.file \
            else a.file is None
    assert not any(s.file.startswith("/") for s in back.steps if s.file)
    written = t.save_svg(tmp_path / "deck.svg")
    assert written and all(p.endswith(".svg") for p in map(str, written))
    t.save_html(tmp_path / "l3.html")
    assert (tmp_path / "l3.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_a_lesson_call_refuses_what_does_not_exist():
    with pytest.raises(tracer.TraceError, match="no lesson called 'lesson33'"):
        tracer.lesson("lesson33")
    with pytest.raises(tracer.TraceError, match="not in the sentence"):
        tracer.lesson("lesson3", focus="zebra")


def test_a_notebook_display_of_lesson_3_is_small():
    import tracer
    t = tracer.lesson("lesson3")  # as a notebook shows it: the stepper and its walkthrough
    size = len(t._repr_html_().encode("utf-8"))
    assert size <= 100_000, size  # it was 249,000 bytes, every term pre-written
