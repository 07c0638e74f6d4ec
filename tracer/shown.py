"""What a trace lends to notebooks, scripts and files: show it, save it, read it back.

Trace inherits these, so a reader of `class Trace(Shown)` finds every method of a
trace here. Each imports what it needs only when called, so the core never loads a
view, the player or a file format.
"""


class Shown:
    """Showing and saving a trace: in a notebook, as text, as a file, a page or slides."""

    def __repr__(self):
        from .view.notebook import summary
        return summary(self)

    def _repr_html_(self):
        from .view.notebook import html
        return html(self)

    def show(self, plain=False, digits=3):
        """Print the whole walkthrough of this trace."""
        from .view.notebook import show
        show(self, plain=plain, digits=digits)

    def to_json(self, terms=False, sources=False):
        """Return this trace as versioned JSON text; sources=True keeps the code too."""
        from .files.trace_file import dumps
        return dumps(self, terms, sources)

    @staticmethod
    def from_json(text):
        """Return the trace in JSON text that to_json wrote."""
        from .files.trace_file import loads
        return loads(text)

    def save(self, path):
        """Write this trace, with the code it ran, to a file that tracer.load reads."""
        from .files.trace_file import save
        save(self, path)

    def save_html(self, path, digits=3, step="guided"):
        """Write the web page that steps through this trace, offline, in one file."""
        from .files.whole import write_all
        from .view.page import page
        write_all({path: page(self, digits, self.title, step)})

    def save_svg(self, path, digits=3):
        """Write the slides, one SVG picture per section; return the files written."""
        from .files.whole import write_all
        from .view.slides import slide_files, slides
        files = slide_files(path, slides(self, digits, self.title))
        write_all(files)
        return list(files)
