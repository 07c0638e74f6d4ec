"""The player: step through a walk in the terminal, one key press at a time."""

import errno
import os
import re
import select
import signal
import sys
import termios
from itertools import chain

from .step import TraceError

ENTER_SCREEN = "\x1b[?1049h\x1b[?25l\x1b[?7l"  # alternate screen, no cursor, no wrapping
LEAVE_SCREEN = "\x1b[?7h\x1b[?25h\x1b[?1049l"
CLEAR_LINE, CLEAR_BELOW, HOME = "\x1b[K", "\x1b[J", "\x1b[H"

# What follows ESC in the sequences a terminal sends for the keys we use.
SEQUENCES = {b"": "esc", b"[C": "right", b"OC": "right", b"[D": "left", b"OD": "left",
             b"[H": "home", b"OH": "home", b"[1~": "home", b"[7~": "home",
             b"[F": "end", b"OF": "end", b"[4~": "end", b"[8~": "end"}
BYTES = {b"\r": "enter", b"\n": "enter", b" ": "space", b"\x7f": "backspace",
         b"\x08": "backspace", b"\x03": "ctrl-c", b"\x04": "eof"}

TOKEN = re.compile(rb"\x1b(\[[0-?]*[@-~]|O[@-~])?|.", re.S)  # one key's bytes
PARTIAL = re.compile(rb"\x1b(\[[0-?]*|O)?\Z")  # a sequence cut off at the end
FORWARD = ("enter", "space", "n", "right", "l")
BACK = ("b", "left", "h")


def keys_help():
    """Return (keys, meaning) pairs for every key the player knows."""
    return [
        ("Enter, Space, n, Right, l", "forward one term (or operation or line: --step)"),
        ("b, Left, h", "back one"),
        ("s", "finish this operation"),
        ("g, Home", "go to the first step"),
        ("G, End", "go to the last step"),
        ("12 Enter", "go to step 12 (Backspace edits, Esc cancels)"),
        ("?", "show these keys"),
        ("q", "quit"),
    ]


class Player:
    """Where the learner is, what they are typing, and the screen that shows it."""

    def __init__(self, walk, render, unit="term", start=1):
        self.walk, self.render, self.unit = walk, render, unit
        self.pos = self.clamp(start)
        self.typed = None  # digits of a "go to step" being typed, or None
        self.note = ""  # a one-off hint under the screen
        self.helping = False
        self.screen = (None, [])  # the last render, kept: the prompt redraws often

    def clamp(self, pos):
        """Return pos moved inside 1..total (0 for an empty walk)."""
        return max(min(1, self.walk.total), min(pos, self.walk.total))

    def press(self, key):
        """Act on one key; return False when the learner quits."""
        self.note = ""
        if self.helping:  # any key closes the help screen
            self.helping = False
            return True
        if self.typed is not None and self.edit(key):
            return True
        walk, pos = self.walk, self.pos
        if key in FORWARD:
            self.pos = walk.forward(pos, self.unit)
            if self.pos == pos:
                self.note = "that was the last step: g starts again, q quits"
        elif key in BACK:
            self.pos = walk.back(pos, self.unit)
            if self.pos == pos:
                self.note = "this is the first step"
        elif key == "s":  # finish this operation, or the next one if this one is done
            self.pos = walk.finish(pos)
            if self.pos == pos:
                self.pos = walk.forward(pos, "op")
        elif key in ("g", "home"):
            self.pos = self.clamp(1)
        elif key in ("G", "end"):
            self.pos = walk.total
        elif key.isdigit():
            self.typed = key
        elif key == "?":
            self.helping = True
        elif key == "q":
            return False
        else:
            self.note = "press ? to see the keys"
        return True

    def edit(self, key):
        """Take a key into the step number being typed; False lets it act as usual."""
        if key.isdigit():
            self.typed += key
        elif key == "backspace":
            self.typed = self.typed[:-1] if self.typed else None
        elif key == "enter":
            if self.typed:
                self.pos = self.clamp(int(self.typed))
            self.typed = None
        else:  # Esc cancels; any other key cancels and then does its own job
            self.typed = None
            return key == "esc"
        return True

    def lines(self, cols, rows):
        """Return the lines above the prompt line: the help, or the rendered step."""
        if self.helping:
            width = max(len(k) for k, _ in keys_help()) + 2
            return (["Keys", ""] + [f"  {k:<{width}}{m}" for k, m in keys_help()]
                    + ["", "press any key to go back"])
        if self.screen[0] != (self.pos, cols, rows):
            self.screen = ((self.pos, cols, rows), self.render(self.pos, cols, rows).split("\n"))
        return self.screen[1]

    def frame(self, cols, rows):
        """Return the text that redraws the whole terminal without flicker."""
        height = max(rows - 1, 1)  # the bottom row is kept for the prompt or a hint
        lines = self.lines(cols, height)[:height]
        lines += [""] * (height - len(lines))
        bottom = f"go to step: {self.typed}_" if self.typed is not None else self.note
        return HOME + (CLEAR_LINE + "\r\n").join(lines + [bottom]) + CLEAR_LINE + CLEAR_BELOW

    def run(self, keys, write, size):
        """Draw, then answer keys until the learner leaves; return the exit status."""
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
            view = (self.pos, self.typed, self.note, self.helping, cols, rows)
            if view != shown:
                write(self.frame(cols, rows))
                shown = view
        return 0


def split_keys(data, final=False):
    """Return the key names in data, and the start of an escape sequence still arriving."""
    cut = PARTIAL.search(data)
    rest = data[cut.start():] if cut and not final else b""
    return [key_name(t.group()) for t in TOKEN.finditer(data[:len(data) - len(rest)])], rest


def key_name(token):
    """Return the name of one key from the bytes the terminal sent for it."""
    if token[:1] == b"\x1b":
        return SEQUENCES.get(token[1:], "unknown")
    return BYTES.get(token) or (token.decode() if 32 < token[0] < 127 else "unknown")


def read_keys(fd, wake):
    """Yield the keys typed on fd, and "resize" whenever the wake pipe is poked."""
    pending = b""
    while True:
        # A started escape sequence gets 50 ms to finish, else it was a lone Esc.
        ready = select.select([fd, wake], [], [], 0.05 if pending else None)[0]
        if wake in ready:
            os.read(wake, 512)
            yield "resize"
        data = os.read(fd, 1024) if fd in ready else b""
        if fd in ready and not data:
            yield "eof"
            return
        keys, pending = split_keys(pending + data, final=not ready)
        yield from keys


def writer(fd):
    """Return a function writing text to fd in one call, unbuffered."""
    def write(text):
        data = text.encode("utf-8")
        while data:  # a terminal may take less than all of it
            data = data[os.write(fd, data):]
    return write


def printer(out):
    """Return a function writing text to a file object in one call, then flushing it."""
    def write(text):
        out.write(text)
        out.flush()
    return write


def terminal_size(fd):
    """Return (columns, rows) of the terminal on fd, asked afresh after a resize."""
    cols, rows = os.get_terminal_size(fd)
    return cols or 80, rows or 24  # a new pseudo-terminal may say 0x0


def play(walk, render, unit="term", start=1, keys=None, out=None):
    """Let the learner step through walk in the terminal; return the exit status."""
    player = Player(walk, render, unit, start)
    if keys is not None:  # key names ("space", "left", "4"...) played without a terminal
        return player.run(iter(keys), printer(out or sys.stdout), lambda: (80, 24))
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise TraceError("the player needs a terminal: run it without pipes or redirection")
    sys.stdout.flush()
    return on_terminal(player, sys.stdin.fileno(), sys.stdout.fileno())


def on_terminal(player, fd_in, fd_out):
    """Run the player with the terminal in cbreak mode; put everything back after."""
    saved = termios.tcgetattr(fd_in)
    wake, poke = os.pipe()
    os.set_blocking(poke, False)  # a storm of resizes must never block the handler
    old_winch = signal.signal(signal.SIGWINCH, lambda *_: quietly(os.write, poke, b"!"))
    write = writer(fd_out)
    try:
        mode = termios.tcgetattr(fd_in)
        mode[3] &= ~(termios.ECHO | termios.ICANON)  # keys arrive at once, unseen
        mode[6][termios.VMIN], mode[6][termios.VTIME] = 1, 0
        termios.tcsetattr(fd_in, termios.TCSADRAIN, mode)
        write(ENTER_SCREEN)
        return player.run(read_keys(fd_in, wake), write, lambda: terminal_size(fd_out))
    except KeyboardInterrupt:
        return 130
    except OSError as e:
        if e.errno in (errno.EPIPE, errno.EIO):  # the terminal went away: nothing to say
            return 0
        raise
    finally:
        old_int = signal.signal(signal.SIGINT, signal.SIG_IGN)  # let clean-up finish
        quietly(write, LEAVE_SCREEN)
        quietly(termios.tcsetattr, fd_in, termios.TCSADRAIN, saved)
        signal.signal(signal.SIGWINCH, old_winch)
        os.close(wake)
        os.close(poke)
        signal.signal(signal.SIGINT, old_int)


def quietly(do, *args):
    """Do one part of the clean-up, even on a terminal that has gone away."""
    try:
        do(*args)
    except (OSError, termios.error):
        pass
