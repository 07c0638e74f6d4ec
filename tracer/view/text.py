"""Numbers, symbols and terms as text: the pieces both views are made of."""

from fractions import Fraction

UNICODE = {"times": "×", "dot": "·", "minus": "−", "root": "√", "sum": "Σ",
           "approx": "≈", "here": "▶", "arrow": "→", "rule": "─"}
ASCII = {"times": "x", "dot": ".", "minus": "-", "root": "sqrt", "sum": "sum",
         "approx": "~", "here": ">", "arrow": "->", "rule": "-"}
TO_ASCII = str.maketrans({"ᵀ": "^T", "·": ".", "×": "x", "−": "-", "Σ": "sum",
                          "√": "sqrt", "≈": "~", "→": "->", "’": "'"})


class Style:
    """How the view writes numbers and symbols: digits shown, ASCII or not."""

    def __init__(self, digits=3, ascii=False):
        self.digits, self.ascii = digits, ascii
        self.sym = ASCII if ascii else UNICODE
        self.tiny = 10.0 ** (1 - digits) if digits >= 2 else 0  # coarse on request

    def num(self, x):
        """Return a number as the learner reads it: 0.300, 12/35, or ≈0.342 if rounded."""
        if isinstance(x, bool):
            return "yes" if x else "no"
        if isinstance(x, int):
            return str(x)
        if isinstance(x, Fraction):
            if x.denominator == 1:
                return str(x.numerator)
            text = f"{x.numerator}/{x.denominator}"
            # A fraction too long to take in is shown as the decimal it is close to.
            return text if len(text) <= 11 else self.sym["approx"] + self.num(float(x))
        if isinstance(x, float):
            if 0 < abs(x) < self.tiny:  # would show as 0.00x or 0: keep 2 figures
                return f"{x:.2g}"
            s = f"{x:.{self.digits}f}"
            return s[1:] if s.startswith("-") and not s.strip("-0.") else s
        return self.text(str(x))

    def operand(self, x):
        """Return a number as it reads inside a formula: (-0.6) and (3/5) in brackets."""
        s = self.num(x)
        return f"({s})" if s.startswith("-") or (isinstance(x, Fraction) and "/" in s) \
            else s

    def value(self, v):
        """Return a number, a vector or a word as text."""
        if isinstance(v, (list, tuple)):
            return "[" + ", ".join(self.value(x) for x in v) + "]"
        return self.num(v)

    def text(self, s):
        """Return s, with symbols spelled in ASCII when the terminal lacks Unicode."""
        return s.translate(TO_ASCII) if self.ascii else s


def product(t, st):
    """Return "x × y" for a product or weighted term."""
    return f"{st.operand(t.x)} {st.sym['times']} {st.operand(t.y)}"


def term_line(t, st):
    """Return one term written out in full, with its running sum where it has one."""
    n, o = st.num, st.operand
    if t.kind in ("product", "weighted"):
        line = f"{product(t, st)} = {n(t.value)}"
    elif t.kind == "sum":
        line = f"+ {o(t.x)}"
    elif t.kind in ("add", "sub"):
        op = "+" if t.kind == "add" else st.sym["minus"]
        line = f"{o(t.x)} {op} {o(t.y)} = {n(t.value)}"
    elif t.kind == "divide":
        line = f"{o(t.x)} / {o(t.y)} = {n(t.value)}"
    elif t.kind == "exp":
        line = f"{exponential(t, st)} = {n(t.value)}"
    elif t.kind == "sqrt":
        root = f"sqrt({n(t.x)})" if st.ascii else f"√{o(t.x)}"
        line = f"{root} = {n(t.value)}"
    elif t.kind == "masked":
        line = f"{n(t.x)} masked: weight {n(t.value)}, not in the sum"
    elif t.kind == "compare":
        line = f"{n(t.x)} vs {n(t.y)}: {'equal' if t.value else 'different'}"
    else:
        line = f"{t.kind} {n(t.value)}"
    if t.total is not None:
        line = f"{line:<28} running sum {n(t.total)}"
    return line


def exponential(t, st):
    """Return "exp(x − max)" for a softmax term."""
    return f"exp({st.operand(t.x)} {st.sym['minus']} {st.operand(t.y)})"
