"""The player: step through a walk in the terminal, one key press at a time."""

import gc
import re
import sys
from itertools import chain

from ..view.text import cells, clip, visible
from .quiz import Quiz

CLEAR_LINE, CLEAR_BELOW, HOME = "\x1b[K", "\x1b[J", "\x1b[H"

COLOUR = re.compile(r"\x1b\[[0-9;]*m")  # the only codes a rendered screen holds
FORWARD = ("enter", "space", "n", "right", "l")
BACK = ("b", "left", "h")
DIGITS = tuple("0123456789")  # str.isdigit() takes ² and ٣ too, which int() refuses
TYPED = 20  # digits of a press number kept: more than any walk has presses
GO_ON = "space or the right arrow goes on, b goes back, ? shows every key, q quits"


def keys_help():
    """Return (keys, meaning) pairs for every key the player knows."""
    return [
        ("Enter, Space, n, Right, l", "forward one press (how far: --step)"),
        ("b, Left, h", "back one"),
        ("t", "this operation term by term; t again closes it"),
        ("s", "finish this operation"),
        ("], [", "next section, previous section"),
        ("o", "outline of the sections: choose one, go there"),
        ("g, Home", "go to the start"),
        ("G, End", "go to the end"),
        ("12 Enter", "go to press 12 (Backspace edits, Esc cancels)"),
        ("?", "show these keys"),
        ("q", "quit"),
    ]


class Player:
    """Where the learner is, what they are typing, and the screen that shows it."""

    def __init__(self, walk, render, unit="term", start=1, quiz=None):
        self.walk, self.render, self.unit = walk, render, unit
        self.quiz = quiz or Quiz({}, None)  # --predict: the questions it stops at
        self.pos = self.clamp(start)
        self.quiz.stop(self.pos - 1, self.pos)  # a question at the start is asked at once
        self.opened = None  # the step opened term by term, or None
        self.typed = None  # digits of a "go to press" being typed, or None
        self.note = GO_ON  # a one-off hint under the screen: the first says how to go on
        self.helping = False
        self.outline = None  # the section chosen in the outline, while it is open
        self.screen = (None, [])  # the last render, kept: the prompt redraws often
        self.escapes = True  # False: a console without escape codes gets plain frames
        self.rest = None  # while recording goes on: a function giving (walk, render)

    def clamp(self, pos):
        """Return pos moved inside 1..total (0 for an empty walk)."""
        return max(min(1, self.walk.total), min(pos, self.walk.total))

    def press(self, key):
        """Act on one key; return False when the learner quits."""
        self.note = ""
        if self.quiz.asking:  # the keys type an answer until it is given or skipped
            self.note = self.quiz.take(key)
            return True
        self.quiz.told = None  # a verdict stays on screen until the next key
        before = self.pos
        if self.helping:  # any key closes the help screen
            self.helping = False
            return True
        if self.outline is not None:
            return self.choose(key)
        if not (self.typed is not None and self.edit(key)) and not self.move(key):
            if key == "q":
                return False
            self.other(key)
        if self.opened is not None and not self.walk.inside(self.pos, self.opened):
            self.opened = None  # leaving an opened operation closes it again
        if self.pos > before and self.quiz.stop(before, self.pos):
            self.pos, self.opened = self.quiz.asking[0], None  # a question comes first
        elif self.pos == self.walk.total and self.quiz.questions and not self.note:
            self.note = self.quiz.summary()
        return True

    def move(self, key):
        """Move for a key that moves; return False for any other key."""
        walk, pos = self.walk, self.pos
        if key in FORWARD:
            self.pos = walk.forward(pos, self.unit, self.opened)
            if self.pos == pos:
                self.note = "that was the end: g starts again, q quits"
        elif key in BACK:
            self.pos = walk.back(pos, self.unit, self.opened)
            if self.pos == pos:
                self.note = "this is the start"
        elif key == "s":  # finish this operation, or the next one if this one is done
            self.pos = walk.finish(pos)
            if self.pos == pos:
                self.pos = walk.forward(pos, "op")
        elif key in ("]", "["):
            self.pos = (walk.next_section if key == "]" else walk.previous_section)(
                pos, self.unit)
            if not walk.sections():
                self.note = "this walkthrough has no sections"
            elif self.pos == pos:
                self.note = "this is the last section" if key == "]" else "this is the start"
        elif key in ("g", "home"):
            self.pos = self.clamp(1)
        elif key in ("G", "end"):
            self.pos = walk.total
        else:
            return False
        return True

    def other(self, key):
        """Act on a key that does not move."""
        if key == "t":
            i = self.walk.locate(self.pos)[0] if self.walk.total else None
            if self.opened is None and (i is None or self.walk.trace.steps[i].decl.narration):
                self.note = "no operation here to go through term by term"
            elif self.opened is None:
                self.opened = i
                self.note = "term by term through this operation: t closes it again"
            else:
                self.opened = None
        elif key == "o":
            if self.walk.sections():
                at = self.walk.section_at(self.pos)
                self.outline = 0 if at is None else at
            else:
                self.note = "this walkthrough has no sections"
        elif key in DIGITS:
            self.typed = key
        elif key == "?":
            self.helping = True
        else:
            self.note = "press ? to see the keys"

    def choose(self, key):
        """Take a key in the outline: move the choice, jump to it, or close."""
        count = len(self.walk.sections())
        if key in ("up", "k"):
            self.outline = max(0, self.outline - 1)
        elif key in ("down", "j"):
            self.outline = min(count - 1, self.outline + 1)
        elif key in DIGITS and 1 <= int(key) <= count:
            self.outline = int(key) - 1
        elif key in ("enter", "space", "right", "l"):
            self.pos = self.walk.section_stop(self.outline, self.unit)
            self.opened = None
            self.outline = None
        elif key == "q" or key in ("esc", "o", "left", "h"):
            self.outline = None
        return True

    def edit(self, key):
        """Take a key into the press number being typed; False lets it act as usual."""
        if key in DIGITS:
            # Past TYPED digits a press number is past the end anyway: a paste of
            # thousands of digits goes to the last press, and is never made a number.
            self.typed = (self.typed + key)[:TYPED]
        elif key == "backspace":
            self.typed = self.typed[:-1] if self.typed else None
        elif key == "enter":
            if self.typed and self.walk.total:
                stops = self.walk.stops(self.unit)
                self.pos = stops[max(0, min(int(self.typed), len(stops)) - 1)]
                self.opened = None
            self.typed = None
        else:  # Esc cancels; any other key cancels and then does its own job
            self.typed = None
            return key == "esc"
        return True

    def outline_lines(self):
        """Return the outline: every section, its title and the press it starts at."""
        walk, here = self.walk, self.walk.section_at(self.pos)
        sections = walk.sections()
        room = max(cells(visible(t)) for t, _ in sections)
        out = ["Outline: Up/Down (or j/k, or a number) chooses, Enter goes there, "
               "Esc closes", ""]
        for k, (title, _) in enumerate(sections):
            mark = ">" if k == self.outline else " "
            title = visible(title)
            gap = " " * (room - cells(title))
            now = "  (you are here)" if k == here else ""
            at = walk.press(walk.section_stop(k, self.unit), self.unit)[0]
            out.append(f"{mark} {k + 1:>2}. {title}{gap}   press {at}{now}")
        return out

    def lines(self, cols, rows):
        """Return the lines above the prompt line: the help, or the rendered step, with a
        question or its verdict over the foot of the screen."""
        lines = self.screen_lines(cols, rows)
        extra = self.quiz.lines(cols)
        if not extra or self.helping or self.outline is not None:
            return lines
        top = lines[:-1]  # the status line stays last
        while top and not COLOUR.sub("", top[-1]).strip():
            top.pop()
        extra = [clip(ln, cols) for ln in extra][-(rows - 1):] if rows > 1 else []
        room = rows - 1 - len(extra)
        return top[:room] + [""] * (room - len(top[:room])) + extra + lines[-1:]

    def screen_lines(self, cols, rows):
        """Return the lines above the prompt line: the help, or the rendered step."""
        if self.helping:
            width = max(len(k) for k, _ in keys_help()) + 2
            return (["Keys", ""] + [f"  {k:<{width}}{m}" for k, m in keys_help()]
                    + ["", "press any key to go back"])
        if self.outline is not None:
            return [clip(ln, cols) for ln in self.outline_lines()]
        view = (self.pos, cols, rows, self.opened)
        if self.screen[0] != view:
            pace = (self.unit, self.opened)
            self.screen = (view, self.render(self.pos, cols, rows, pace).split("\n"))
        return self.screen[1]

    def frame(self, cols, rows):
        """Return the text that redraws the whole terminal without flicker."""
        height = max(rows - 1, 1)  # the bottom row is kept for the prompt or a hint
        lines = self.lines(cols, height)[:height]
        lines += [""] * (height - len(lines))
        bottom = f"go to press: {self.typed}_" if self.typed is not None else \
            clip(self.note, cols).rstrip()  # the first screen's hint, cut to the width
        if self.quiz.asking:
            bottom = clip(f"your answer: {self.quiz.typed}_   {self.note}".rstrip(), cols)
        if not self.escapes:  # each screen printed below the last one
            return "\n".join(COLOUR.sub("", ln) for ln in lines + [bottom]) + "\n"
        # Clearing after a line that fills the width would erase its last character:
        # the cursor stays on that column when autowrap is off.
        return HOME + "\r\n".join(ln + clear(ln, cols, CLEAR_LINE) for ln in lines) + \
            "\r\n" + bottom + clear(bottom, cols, CLEAR_LINE + CLEAR_BELOW)

    def run(self, keys, write, size):
        """Draw, then answer keys until the learner leaves; return the exit status."""
        if self.rest is not None:  # still recording: the first screen now, keys after
            write(self.frame(*size()))
            self.walk, self.render = self.rest()
            self.rest, self.screen = None, (None, [])
        # The trace is whole and lives until the end: set apart from the collector, so
        # that a collection during a key press never walks its million objects again.
        gc.freeze()
        try:
            return self.answer(keys, write, size)
        finally:
            gc.unfreeze()

    def answer(self, keys, write, size):
        """Draw, then answer each key; return the exit status."""
        shown = None
        for key in chain(["resize"], keys):
            if key == "ctrl-c":
                return 130
            if key == "eof":
                return 0
            if key == "resize":
                shown = None
            elif not self.press(key):
                return 0
            cols, rows = size()
            view = (self.pos, self.typed, self.note, self.helping, self.outline,
                    self.opened, cols, rows, self.quiz.state())
            if view != shown:
                write(self.frame(cols, rows))
                shown = view
        return 0


def clear(line, cols, code):
    """Return code to clear what follows line, unless line reaches the last column."""
    return code if cells(COLOUR.sub("", line)) < cols else ""


def play(walk, render, unit="term", start=1, keys=None, out=None, escapes=True,
         rest=None, quiz=None):
    """Let the learner step through walk in the terminal; return the exit status.

    rest: while the trace is still recording, walk and render show its first steps, and
    rest() waits for the whole and returns its (walk, render). quiz: the questions to
    stop at on the way (--predict), or None.
    """
    player = Player(walk, render, unit, start, quiz)
    player.escapes, player.rest = escapes, rest
    if keys is not None:  # key names ("space", "left", "4"...) played without a terminal
        return player.run(iter(keys), printer(out or sys.stdout), lambda: (80, 24))
    from .terminal import run
    return run(player)


def printer(out):
    """Return a function writing text to a file object in one call, then flushing it."""
    def write(text):
        out.write(text)
        out.flush()
    return write
