"""Slides: one 16:9 SVG per section, the screen at its end, with nothing fetched."""

import contextlib
import io
import re
import xml.etree.ElementTree as ET

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


def test_one_slide_per_section_showing_its_last_screen():
    first, second = slides(two_sections(), digits=1)
    for svg, number in ((first, 1), (second, 2)):
        root = ET.fromstring(svg)
        assert root.tag == SVG + "svg"
        width, height = int(root.get("width")), int(root.get("height"))
        assert width * 9 == height * 16 and root.get("viewBox") == f"0 0 {width} {height}"
        text = [t.text for t in root.iter(SVG + "text")]
        assert root.find(SVG + "title").text == f"two ideas, slide {number} of 2"
        assert text[-1] == f"{['a dot', 'a sum'][number - 1]} · slide {number} of 2"
    assert "2 × 4 = 8" in first and "= 11" in first and "[4, 6]" not in first
    assert "= [4, 6]" in second and "Then the sum." in second


def test_slides_reference_no_url():
    for svg in slides(two_sections()):
        assert re.findall(r"https?:|url\(|href|@import", svg) == ["http:"]  # the xmlns
        assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" ')


def test_control_characters_never_reach_the_picture():
    with tracer.recording() as t:
        tracer.say("a \x1b[31m <tag> & \x00 {}", "x")
    root = ET.fromstring(slides(t)[0])  # it parses: nothing XML forbids is left
    assert any("a \\x1b[31m <tag> & \\x00 x" == e.text for e in root.iter(SVG + "text"))


def test_command_line_numbers_the_files_of_several_slides(tmp_path, monkeypatch):
    monkeypatch.setattr(cli, "record", lambda module, options=None: two_sections())
    with contextlib.redirect_stdout(io.StringIO()):
        assert cli.main(["lesson1", "--no-pause", "--svg", str(tmp_path / "deck.svg")]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deck-1.svg", "deck-2.svg"]


def test_a_wide_character_takes_two_columns_on_a_slide():
    from tracer.view.slides import CHAR, piece
    assert f'textLength="{4 * CHAR}"' in piece("日本", "title", 0, 0)
    assert f'textLength="{2 * CHAR}"' in piece("ab", "title", 0, 0)
