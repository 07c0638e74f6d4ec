"""Slides: one 16:9 SVG per section, the screen at its end, with nothing fetched."""

import contextlib
import io
import re
import xml.etree.ElementTree as ET

import pytest

import tracer
from tracer import cli
from tracer.view.slides import slides

SVG = "{http://www.w3.org/2000/svg}"


def two_sections():
    with tracer.recording() as t:
        tracer.say("First the dot.")
        tracer.dot([1, 2], [3, 4], names=["u", "w"])
        tracer.say("Then the sum.")
        tracer.add([1, 2], [3, 4], names=["u", "w"])
    t.sections = [("a dot", 0), ("a sum", 2)]
    t.title = "two ideas"
    return t


def two_sections_ending_in_words():
    """Two sections whose last step is a sentence, the second one with no operation."""
    with tracer.recording() as t:
        tracer.say("First the dot.")
        tracer.dot([1, 2], [3, 4], names=["u", "w"])
        tracer.say("The dot is {}.", 11)
        tracer.say("That is all there is to it: a sum of products, one per component.")
    t.sections = [("a dot", 0), ("a thought", 3)]
    t.title = "two ideas"
    return t


def texts(svg):
    return [t.text for t in ET.fromstring(svg).iter(SVG + "text")]


def marked(svg):
    """Return the code line a slide marks as the one that ran."""
    return [t for t in texts(svg) if t and t.startswith("▶")]


def test_one_slide_per_section_showing_its_last_operation():
    first, second = slides(two_sections(), digits=1)
    for svg, number in ((first, 1), (second, 2)):
        root = ET.fromstring(svg)
        assert root.tag == SVG + "svg"
        width, height = int(root.get("width")), int(root.get("height"))
        assert width * 9 == height * 16 and root.get("viewBox") == f"0 0 {width} {height}"
        text = texts(svg)
        assert root.find(SVG + "title").text == f"two ideas, slide {number} of 2"
        assert text[-1] == f"{['a dot', 'a sum'][number - 1]} · slide {number} of 2"
    assert "2 × 4 = 8" in first and "= 11" in first and "[4, 6]" not in first
    assert "= [4, 6]" in second and "Then the sum." in second


def test_a_slide_shows_the_operation_not_the_sentence_after_it():
    first, second = slides(two_sections_ending_in_words())
    assert "= 11" in first and len(marked(first)) == 1
    assert "tracer.dot(" in marked(first)[0]  # the operation's line, not the say after it
    assert not any("The dot is 11" in t for t in texts(first))
    # a section that only talks: its title and sentences in large type, no code
    root = ET.fromstring(second)
    big = [(t.text, float(t.get("font-size"))) for t in root.iter(SVG + "text")
           if t.get("font-size")]
    assert big[0] == ("a thought", 48)
    said = " ".join(text for text, size in big[1:])
    assert said == "That is all there is to it: a sum of products, one per component."
    assert min(size for _, size in big) >= 24 and not any("say(" in t for t in texts(second))


def test_lesson_3_slides_show_tables_and_heat_and_never_a_say():
    trace = tracer.lesson("lesson3")
    pictures = slides(trace, title="lesson3")
    assert len(pictures) == len(trace.sections)
    for svg in pictures:
        assert len(marked(svg)) == 1 and "say(" not in marked(svg)[0], marked(svg)
        root = ET.fromstring(svg)
        assert float(root.get("font-size")) >= 18  # at 1280 × 720: every grid text
        sizes = [float(t.get("font-size")) for t in root.iter(SVG + "text") if t.get("font-size")]
        assert all(size >= 18 for size in sizes)
    heat = [svg for svg in pictures if 'fill="#14406e"' in svg]  # the darkest shade
    assert len(heat) >= 2  # the weights and the new values, shaded as on screen


def test_slides_reference_no_url():
    for svg in slides(two_sections()):
        assert re.findall(r"https?:|url\(|href|@import", svg) == ["http:"]  # the xmlns
        assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" ')


def test_non_characters_are_written_out_and_the_svg_parses():
    with tracer.recording() as t:
        tracer.say("a \ufffe b \uffff c \U0010ffff d \ufdd0 {}", "x")
    svg = slides(t)[0]
    root = ET.fromstring(svg)  # it parses
    assert any("a \\ufffe b \\uffff c \\U0010ffff d \\ufdd0 x" == e.text
               for e in root.iter(SVG + "text"))


def test_right_to_left_words_are_isolated_on_a_slide():
    with tracer.recording() as t:
        tracer.dot([0.5, 0.25], [1, 2], names=["שלום", "dog"])
    svg = slides(t)[0]
    assert "  \u2068שלום\u2069 = [0.500, 0.250]" in texts(svg)
    assert "\u2068שלום\u2069 · dog" in texts(svg)


def test_control_characters_never_reach_the_picture():
    with tracer.recording() as t:
        tracer.say("a \x1b[31m <tag> & \x00 {}", "x")
    root = ET.fromstring(slides(t)[0])  # it parses: nothing XML forbids is left
    assert any("a \\x1b[31m <tag> & \\x00 x" == e.text for e in root.iter(SVG + "text"))


@pytest.mark.parametrize("given", ["deck.svg", "deck", "deck.SVG", "deck.png"])
def test_command_line_numbers_the_files_of_several_slides(tmp_path, monkeypatch, given):
    monkeypatch.setattr(cli, "lesson", lambda *args: two_sections())
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        assert cli.main(["lesson1", "--no-pause", "--svg", str(tmp_path / given)]) == 0
    stem = {"deck.png": "deck.png"}.get(given, "deck")
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{stem}-1.svg", f"{stem}-2.svg"]


@pytest.mark.parametrize("given, written", [("one", "one.svg"), ("one.svg", "one.svg")])
def test_one_slide_is_one_file_ending_in_svg(tmp_path, given, written):
    from tracer.view.slides import names
    assert names(str(tmp_path / given), 1) == [str(tmp_path / written)]


def test_help_says_one_slide_per_section(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "one SVG slide per section" in text and "FILE-1.svg" in text


def test_a_wide_character_takes_two_columns_on_a_slide():
    from tracer.view.slides import CHAR, piece
    assert f'textLength="{4 * CHAR}"' in piece("日本", "title", 0, 0)
    assert f'textLength="{2 * CHAR}"' in piece("ab", "title", 0, 0)


def talk(sentences):
    """Return a trace of one section that only talks."""
    with tracer.recording() as t:
        for sentence in sentences:
            tracer.say(sentence)
    t.sections, t.title = [("talk", 0)], "talk"
    return t


def prose_above_the_bar(svg):
    """Return the sentences' lines of a talking slide, after checking that each is in
    type of 18 px or more and ends, its letters' tails too, above the status bar."""
    root = ET.fromstring(svg)
    bar = float(root.findall(SVG + "rect")[-1].get("y"))  # the status bar comes last
    lines = [t for t in root.iter(SVG + "text") if t.get("font-size") not in (None, "48")]
    for t in lines:
        size = float(t.get("font-size"))
        assert size >= 18 and float(t.get("y")) + 0.25 * size <= bar, (t.text, bar)
    return [t.text for t in lines]


@pytest.mark.parametrize("count", [1, 8, 12, 60])
def test_a_talking_slide_shows_all_it_can_above_the_status_bar_and_marks_the_rest(count):
    sentences = [f"Sentence {k} says one thing, in about sixty characters of text."
                 for k in range(1, count + 1)]
    (svg,) = slides(talk(sentences))
    shown, said = " ".join(prose_above_the_bar(svg)).split(), " ".join(sentences).split()
    if shown[-1] == "…":  # what did not fit is marked, and all before it is as said
        assert count > 8 and shown[:-1] == said[:len(shown) - 1]
    else:
        assert shown == said


def test_lesson_6s_training_slide_pictures_the_loss_curve_above_the_bar():
    trace = tracer.lesson("lesson6")
    k = [title for title, _ in trace.sections].index("training")
    root = ET.fromstring(slides(trace)[k])
    bar = float(root.findall(SVG + "rect")[-1].get("y"))  # the status bar comes last
    (line,) = root.iter(SVG + "polyline")
    (curve,) = [s for s in trace if s.op == "curve"]
    assert len(line.get("points").split()) == len(curve.result)
    (group,) = root.iter(SVG + "g")  # the picture, moved down below the title
    down = float(re.search(r"translate\([\d.]+,([\d.]+)\)", group.get("transform"))[1])
    inside = {id(t) for t in group.iter(SVG + "text")}
    texts = [(t.text, float(t.get("y")) + (down if id(t) in inside else 0))
             for t in root.iter(SVG + "text") if t.text][:-1]  # the last is the bar's own
    assert texts and all(y <= bar for _, y in texts), (texts, bar)
    assert any(text.startswith("step 1: ") for text, _ in texts)  # the numbers it names
    assert all(float(t.get("font-size") or 20) >= 18 for t in root.iter(SVG + "svg")
               if t is not root)
