"""Keys as a terminal sends them: bytes in, key names ("space", "left", "q") out."""

import re

# What follows ESC in the sequences a terminal sends for the keys we use.
SEQUENCES = {b"": "esc", b"[C": "right", b"OC": "right", b"[D": "left", b"OD": "left",
             b"[A": "up", b"OA": "up", b"[B": "down", b"OB": "down",
             b"[H": "home", b"OH": "home", b"[1~": "home", b"[7~": "home",
             b"[F": "end", b"OF": "end", b"[4~": "end", b"[8~": "end"}
BYTES = {b"\r": "enter", b"\n": "enter", b" ": "space", b"\x7f": "backspace",
         b"\x08": "backspace", b"\x03": "ctrl-c", b"\x04": "eof"}

TOKEN = re.compile(rb"\x1b(\[[0-?]*[@-~]|O[@-~])?|.", re.S)  # one key's bytes
PARTIAL = re.compile(rb"\x1b(\[[0-?]*|O)?\Z")  # a sequence cut off at the end


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
