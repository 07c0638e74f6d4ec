"""A curve: numbers recorded to be drawn as a line, such as a loss over training steps."""

from ..op import Op, declare


@declare
class curve(Op):
    """Return the numbers as given, recorded to be drawn as a line over their steps
    (the loss of every training step): views draw it, in text or as a picture."""

    name, title = "curve", "{0}, drawn as a line over its steps"
    shape = "curve"  # views draw it (view/curve.py) rather than list its numbers
    params = (("values", "vector"),)
    shows_result = False

    def arrange(self, values):
        return list(values)


__all__ = ["curve"]
