"""The terminal itself: keys as they are typed, the alternate screen, and signals.

A POSIX terminal is driven through termios, a Windows console through msvcrt. Each is
imported only where it is used, so the rest of tracer runs where either is missing.
"""

import errno
import os
import select
import signal
import sys
import time

from ..errors import TraceError
from .keys import split_keys

ENTER_SCREEN = "\x1b[?1049h\x1b[?25l\x1b[?7l"  # alternate screen, no cursor, no wrapping
LEAVE_SCREEN = "\x1b[?7h\x1b[?25h\x1b[?1049l"
ENDING = ("SIGTERM", "SIGQUIT", "SIGHUP", "SIGBREAK")  # each leaves with 128 + its number

# What a Windows console sends after "\x00" or "\xe0" for the keys we use.
CONSOLE_KEYS = {"M": "right", "K": "left", "H": "up", "P": "down", "G": "home",
                "O": "end"}
CONSOLE_BYTES = {"\r": "enter", "\n": "enter", " ": "space", "\x08": "backspace",
                 "\x7f": "backspace", "\x1b": "esc", "\x03": "ctrl-c", "\x1a": "eof",
                 "\x04": "eof"}
VT_PROCESSING = 0x0004  # ENABLE_VIRTUAL_TERMINAL_PROCESSING of SetConsoleMode


class Ended(BaseException):
    """A signal asked the player to stop: restore the terminal, then leave.

    Not an Exception, as KeyboardInterrupt is not: code that falls back on any error
    (rich looking for the terminal's size, say) must not swallow it and play on.
    """

    def __init__(self, signum):
        super().__init__(signum)
        self.signum = signum


def posix():
    """Say whether termios is here to drive the terminal."""
    try:
        import termios  # noqa: F401
    except ImportError:
        return False
    return True


def can_draw():
    """Say whether the terminal takes escape codes; on a Windows console, switch them on.

    TERM=dumb says the terminal moves no cursor and has no alternate screen.
    """
    if os.environ.get("TERM") == "dumb":
        return False
    return posix() or enable_vt()


def enable_vt():
    """Turn on escape codes in a Windows console; say whether it took them."""
    try:
        import ctypes
        import msvcrt
        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        handle = msvcrt.get_osfhandle(sys.stdout.fileno())
        mode = ctypes.c_uint32()
        if not kernel32.GetConsoleMode(handle, ctypes.byref(mode)):
            return False
        # Windows Terminal has it on already; a classic console from Windows 10 on
        # takes it; an older one refuses, and the player then draws without codes.
        return bool(mode.value & VT_PROCESSING or
                    kernel32.SetConsoleMode(handle, mode.value | VT_PROCESSING))
    except (ImportError, AttributeError, OSError, ValueError):
        return False


def run(player):
    """Run the player on this process's terminal or console; return the exit status."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise TraceError("the player needs a terminal: run it without pipes or redirection")
    sys.stdout.flush()
    if posix():
        return on_terminal(player, sys.stdin.fileno(), sys.stdout.fileno())
    return on_console(player, sys.stdout)


def on_terminal(player, fd_in, fd_out):
    """Run the player with the terminal in cbreak mode; put everything back after."""
    import termios
    saved = termios.tcgetattr(fd_in)
    wake, poke = os.pipe()
    os.set_blocking(poke, False)  # a storm of signals must never block a handler
    write = writer(fd_out)

    def nudge(*_):
        quietly(os.write, poke, b"!")

    def enter():
        mode = termios.tcgetattr(fd_in)
        mode[3] &= ~(termios.ECHO | termios.ICANON)  # keys arrive at once, unseen
        mode[6][termios.VMIN], mode[6][termios.VTIME] = 1, 0
        termios.tcsetattr(fd_in, termios.TCSADRAIN, mode)
        if player.escapes:  # a dumb terminal gets screens one below the other
            write(ENTER_SCREEN)

    def leave():
        if player.escapes:
            quietly(write, LEAVE_SCREEN)
        quietly(termios.tcsetattr, fd_in, termios.TCSADRAIN, saved)

    away = []  # holds True between leaving for Ctrl-Z and coming back

    def suspend(signum, _):  # Ctrl-Z: give the shell its own screen and modes back
        leave()
        away.append(True)
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)  # stops here until fg, if a shell waits for us
        signal.signal(signum, suspend)
        resume()

    def resume(*_):  # after fg: our modes again, and a fresh screen
        if away:
            away.clear()
            quietly(enter)
        nudge()

    def end(signum, _):
        raise Ended(signum)

    handlers = {"SIGWINCH": nudge, "SIGTSTP": suspend, "SIGCONT": resume}
    handlers.update(dict.fromkeys(ENDING, end))
    old = install(handlers)
    # A signal the kernel hands to another thread (a lesson recording behind the first
    # screen) still wakes the key loop: Python writes each signal's number to the pipe.
    woken = signal.set_wakeup_fd(poke)
    try:
        enter()
        return player.run(read_keys(fd_in, wake), write, lambda: terminal_size(fd_out))
    except KeyboardInterrupt:
        return 130
    except Ended as e:
        return 128 + e.signum
    except OSError as e:
        if e.errno in (errno.EPIPE, errno.EIO):  # the terminal went away: nothing to say
            return 0
        raise
    finally:
        # Nothing may cut the clean-up short: Ctrl-C, another signal, a Ctrl-Z.
        calm = install(dict.fromkeys([*handlers, "SIGINT"], signal.SIG_IGN))
        signal.set_wakeup_fd(woken)
        leave()
        os.close(wake)
        os.close(poke)
        install({**old, "SIGINT": calm["SIGINT"]}, keep_ignored=False)


def install(handlers, keep_ignored=True):
    """Set the handler of each named signal this system has; return the ones replaced.

    A signal ignored when we started (as under nohup) stays ignored unless told.
    """
    old = {}
    for name, handler in handlers.items():
        number = getattr(signal, name, None)
        if number is None:
            continue
        old[name] = signal.getsignal(number)
        if handler is None or (keep_ignored and old[name] is signal.SIG_IGN):
            continue  # None: a handler set outside Python, which we cannot put back
        signal.signal(number, handler)
    return old


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


def on_console(player, out):
    """Run the player in a Windows console, reading keys through msvcrt."""
    import msvcrt
    write = printer(out)  # the console's own writer: Unicode whatever the code page

    def size():
        return terminal_size(out.fileno())

    def end(signum, _):  # Ctrl-Break, or a polite request to stop
        raise Ended(signum)
    old = install(dict.fromkeys(ENDING, end))
    if player.escapes:
        write(ENTER_SCREEN)
    try:
        return player.run(console_keys(msvcrt, size), write, size)
    except KeyboardInterrupt:
        return 130
    except Ended as e:
        return 128 + e.signum
    finally:
        calm = install(dict.fromkeys([*old, "SIGINT"], signal.SIG_IGN))
        if player.escapes:
            quietly(write, LEAVE_SCREEN)
        install({**old, "SIGINT": calm["SIGINT"]}, keep_ignored=False)


def console_keys(msvcrt, size, poll=0.03):
    """Yield the keys typed in a Windows console, and "resize" when its size changes."""
    last = size()
    while True:
        if not msvcrt.kbhit():
            time.sleep(poll)  # a console sends no signal on resize: look for one
            if size() != last:
                last = size()
                yield "resize"
            continue
        ch = msvcrt.getwch()
        if ch in ("\x00", "\xe0"):  # a special key: its code follows
            yield CONSOLE_KEYS.get(msvcrt.getwch(), "unknown")
        else:
            yield CONSOLE_BYTES.get(ch) or (ch if ch.isprintable() else "unknown")


def writer(fd):
    """Return a function writing text to fd in one call, unbuffered."""
    def write(text):
        data = text.encode("utf-8", "replace")
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


def quietly(do, *args):
    """Do one part of the clean-up, even on a terminal that has gone away."""
    try:
        do(*args)
    except (OSError, ValueError):
        pass
    except Exception as e:
        if not is_termios_error(e):
            raise


def is_termios_error(e):
    """Say whether e is termios.error, without importing termios where it is missing."""
    termios = sys.modules.get("termios")
    return termios is not None and isinstance(e, termios.error)
