"""Reading key presses (tracer/keys.py): escape sequences split into named keys."""

from tracer.play.keys import split_keys


def test_split_keys_reads_escape_sequences():
    assert split_keys(b"4\r \x1b[C\x1bOD\x1b[1~\x1b[F") == (
        ["4", "enter", "space", "right", "left", "home", "end"], b"")
    assert split_keys(b"n\x1b[") == (["n"], b"\x1b[")  # the rest is still on its way
    assert split_keys(b"\x1b", final=True) == (["esc"], b"")
    assert split_keys(b"\x1b[99Zq\x7f\x03\x04") == (
        ["unknown", "q", "backspace", "ctrl-c", "eof"], b"")
