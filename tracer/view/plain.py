"""The plain view: the lines as text, no colour, nothing but the characters."""

import os
import shutil
import sys

from .progress import Progress
from .screen import fit, frame, transcript
from .tables import measure
from .text import Style, visible


def line_text(line):
    """Return one line's pieces joined as plain text."""
    return visible("".join(text for text, _ in line).rstrip())


def render(lines):
    """Return lines as one block of plain text."""
    return "\n".join(line_text(ln) for ln in lines)


def wants_ascii(out):
    """Say whether the terminal may lack Unicode: TERM=dumb, a C locale, or no UTF-8."""
    if os.environ.get("TERM") == "dumb":
        return True
    hint = os.environ.get("LC_ALL") or os.environ.get("LANG") or ""
    if hint in ("C", "POSIX") or (hint and "utf" not in hint.lower()):
        return True
    encoding = getattr(out, "encoding", None) or "utf-8"
    return "utf" not in encoding.lower()


def width_of(out):
    """Return the width to write at: the terminal's, or 80 for a file."""
    if out is not None and out.isatty():
        return shutil.get_terminal_size((80, 24)).columns
    return int(os.environ.get("COLUMNS", 80)) if os.environ.get("COLUMNS", "").isdigit() else 80


class PlainView:
    """Text only: what a pipe, a file, --plain or a missing rich gets."""

    def __init__(self, out, ascii=True):
        self.out, self.ascii = out, ascii

    def style(self, digits):
        return Style(digits, self.ascii)

    def print_transcript(self, trace, title, digits):
        """Write the whole walkthrough line by line, as each line is made."""
        width = max(30, width_of(self.out))
        st = self.style(digits)
        write = self.line_writer()
        for line in self.title_lines(title, st, width):
            write(line)
        progress = Progress(trace, self.out)
        try:
            for line in progress.lines(transcript(trace, st, width, progress.steps())):
                write(line)
            self.out.flush()
        finally:
            progress.clear()

    def title_lines(self, title, st, width):
        """Return the title of a transcript, wrapped to the width."""
        return list(fit([[(st.text(title), "title")]] if title else [], width))

    def line_writer(self):
        """Return a function that writes one line of a transcript, buffered."""
        return lambda line: self.out.write(line_text(line) + "\n")

    def line_printer(self):
        """Return a function that prints one line at once, for walks that pause."""

        def print_line(line):
            self.out.write(line_text(line) + "\n")
            self.out.flush()
        return print_line

    def predict(self, trace, title, digits):
        """Walk the whole lesson, asking a few questions just before their steps."""
        from ..play.predict import predict
        st = self.style(digits)
        print_line = self.line_printer()
        if title:
            print_line([(st.text(title), "title")])
        width = max(30, width_of(self.out))
        pause = sys.stdin.isatty() and self.out.isatty()  # piped answers never wait
        return predict(trace, st, lambda steps: transcript(trace, st, width, steps),
                       print_line, pause=pause, width=width)

    def screen_renderer(self, trace, walk, title, digits):
        measure(trace)  # every big table's range, now rather than during a key press
        st = self.style(digits)

        def draw(pos, width, height, pace=("term", None)):
            return render(frame(trace, walk, pos, st, width, height, st.text(title), pace))
        return draw
