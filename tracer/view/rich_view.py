"""The rich view: the same lines as the plain view, in colour, weights as a heatmap."""

from rich.color import Color
from rich.console import Console
from rich.control import strip_control_codes
from rich.style import Style as RichStyle
from rich.text import Text

from .plain import PlainView, width_of
from .screen import crop, frame, transcript
from .tables import measure
from .text import clip, visible

STYLES = {
    "title": "bold", "term": "", "here": "bold yellow", "result": "bold green",
    "dim": "dim", "code": "dim", "code.here": "bold reverse", "say": "cyan",
    "status": "reverse", None: "",
}


def heat_style(x):
    """Return a background from deep to light blue for a cell's place in its table."""
    bg = Color.from_rgb(20, 50 + int(150 * x), 110 + int(140 * x))
    return RichStyle(bgcolor=bg, color="black" if x > 0.5 else "white")


def to_text(line):
    """Return one line of (text, style) pieces as rich Text."""
    text = Text(no_wrap=True, overflow="crop")
    for piece, style in line:
        text.append(visible(piece), heat_style(style[1]) if isinstance(style, tuple)
                    else STYLES.get(style, ""))
    text.rstrip()
    return text


class Quiet(Console):
    """A console that leaves a closed pipe to the command line, which exits 0 on it."""

    def on_broken_pipe(self):
        raise BrokenPipeError  # rich's own answer is to exit 1


class RichView(PlainView):
    """Colour and a heatmap, where rich can run; numbers never depend on colour."""

    def console(self, file, width, **options):
        return Quiet(file=file, width=width, highlight=False, emoji=False,
                       markup=False, **options)

    def title_lines(self, title, st, width):
        """Return the title of a transcript on one line, however long."""
        return [[(st.text(title), "title")]] if title else []

    def line_writer(self):
        """Return a function that writes one line of a transcript as rich would print it."""
        # Not as a notebook's HTML: there each line would become an output of its own.
        console = self.console(self.out, max(30, width_of(self.out)), force_jupyter=False)
        if console.color_system is None:  # a file: no styles, so skip rich's layout
            def write(line):
                text = strip_control_codes("".join(t for t, _ in line)).rstrip()
                self.out.write((text.expandtabs(console.tab_size) if "\t" in text
                                else text) + "\n")
            return write
        return lambda line: console.print(to_text(line), soft_wrap=True)

    def line_printer(self):
        console = self.console(self.out, max(30, width_of(self.out)))
        return lambda line: console.print(to_text(line))

    def screen_renderer(self, trace, walk, title, digits):
        measure(trace)  # every big table's range, now rather than during a key press
        st = self.style(digits)
        console = self.console(self.out, 80)
        system = console.color_system if not console.no_color else None
        cache = {}

        def ansi(text, style):
            # A screen is short lines of known width: colour each piece directly,
            # without rich's layout, so that a key press redraws at once.
            if style not in cache:
                cache[style] = (heat_style(style[1]) if isinstance(style, tuple)
                                else RichStyle.parse(STYLES.get(style) or "none"))
            text = visible(text)
            return cache[style].render(text, color_system=system) if system else text

        def draw(pos, width, height, pace=("term", None)):
            lines = frame(trace, walk, pos, st, width, height, st.text(title), pace)
            return "\n".join("".join(ansi(clip(t, width), s) for t, s in crop(ln, width))
                             for ln in lines)
        return draw
