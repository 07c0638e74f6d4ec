"""Views: turn recorded steps into text for a terminal, plain or in colour."""

import sys

from .plain import PlainView, wants_ascii, width_of  # noqa: F401  (the views' face)


def choose(plain, out):
    """Return the rich view when it can run and is wanted, else the plain one."""
    out = out or sys.stdout
    if plain:
        return PlainView(out, ascii=True)
    try:
        from .rich_view import RichView
    except ImportError:
        print("tracer: rich is not installed, so this is the plain view "
              "(pip install rich for colour)", file=sys.stderr)
        return PlainView(out, ascii=wants_ascii(out))
    return RichView(out, ascii=wants_ascii(out))
