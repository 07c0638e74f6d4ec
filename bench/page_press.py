"""Benchmark the web page in headless Chromium: its size, its load, and how long a key
press takes to paint, for a lesson and sentence given (default: lesson 5, 60 words).

Run: python bench/page_press.py [LESSON] [--words N]
A press is timed from its keydown to the second animation frame after it (the frame
that shows it), inside the page; the figure is the 95th percentile over many presses.
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import tracer  # noqa: E402
from tracer.view.page import page  # noqa: E402

WORDS = ("Riley chased the hyper cat and the dog saw the other dog near a big red barn "
         "while Evan ran").split()
TIMER = """() => { window.paints = []; document.addEventListener("keydown", () => {
  const t0 = performance.now();
  requestAnimationFrame(() => requestAnimationFrame(() =>
    window.paints.push(performance.now() - t0)));
}, true); }"""


def presses(tab, total):
    """Press keys as a learner would, across the lesson: forward, back, jumps, sections."""
    keys = ["n"] * 60 + ["b"] * 20 + ["]"] * 6 + ["s"] * 20
    for key in keys:
        tab.keyboard.press(key)
    tab.select_option(".pace", "term")
    for where in (total // 4, total // 2, 3 * total // 4, total - 30):
        for key in str(where):
            tab.keyboard.press(key)
        tab.keyboard.press("Enter")
        for key in ["n"] * 25 + ["b"] * 10:
            tab.keyboard.press(key)
    tab.keyboard.press("G")
    tab.keyboard.press("g")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("lesson", nargs="?", default="lesson5")
    p.add_argument("--words", type=int, default=60)
    args = p.parse_args()
    from playwright.sync_api import sync_playwright
    sentence = " ".join((WORDS * 10)[:args.words])
    trace = tracer.lesson(args.lesson, sentence=sentence)
    started = time.perf_counter()
    text = page(trace, 3, trace.title, "guided")
    made = time.perf_counter() - started
    path = Path(tempfile.mkdtemp()) / "page.html"
    path.write_text(text, encoding="utf-8")
    print(f"{args.lesson}, {args.words} words: {trace.count():,} terms; page "
          f"{len(text.encode()):,} bytes, written in {made:.2f} s")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium",
                                     args=["--no-sandbox", "--disable-gpu"])
        loads = []
        for _ in range(5):
            tab = browser.new_page(viewport={"width": 1280, "height": 900})
            tab.goto(path.as_uri())
            loads.append(tab.evaluate("performance.getEntriesByType('navigation')[0]"
                                      ".loadEventEnd"))
            tab.close()
        print(f"load (navigation start to load event, script done): median "
              f"{statistics.median(loads):.0f} ms, max {max(loads):.0f} ms over 5")
        tab = browser.new_page(viewport={"width": 1280, "height": 900})
        tab.goto(path.as_uri())
        tab.evaluate(TIMER)
        presses(tab, int(tab.locator(".pos").get_attribute("max")) + 1)
        tab.wait_for_timeout(200)
        paints = sorted(tab.evaluate("window.paints"))
        p95 = paints[int(0.95 * (len(paints) - 1))]
        print(f"press to paint over {len(paints)} presses: median "
              f"{statistics.median(paints):.1f} ms, p95 {p95:.1f} ms, max {paints[-1]:.1f} ms")
        browser.close()


if __name__ == "__main__":
    main()
