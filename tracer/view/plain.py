"""The plain view: the lines as text, no colour, nothing but the characters."""

from .text import visible


def line_text(line):
    """Return one line's pieces joined as plain text."""
    return visible("".join(text for text, _ in line).rstrip())


def render(lines):
    """Return lines as one block of plain text."""
    return "\n".join(line_text(ln) for ln in lines)
