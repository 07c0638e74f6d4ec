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

    def num(self, x):
        """Return a number as the learner reads it: 0.300, 12/35, or ≈0.342 if rounded."""
        if isinstance(x, bool):
            return "yes" if x else "no"
        if isinstance(x, int):
            return str(x)
        if isinstance(x, Fraction):
            if x.denominator == 1:
                return str(x.numerator)
            if x.denominator <= 10**4:
                return f"{x.numerator}/{x.denominator}"
            return self.sym["approx"] + self.num(float(x))
        if isinstance(x, float):
            s = f"{x:.{self.digits}f}"
            return s[1:] if s.startswith("-") and not s.strip("-0.") else s
        return self.text(str(x))

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
    return f"{st.num(t.x)} {st.sym['times']} {st.num(t.y)}"


def term_line(t, st):
    """Return one term written out in full, with its running sum where it has one."""
    n = st.num
    if t.kind in ("product", "weighted"):
        line = f"{product(t, st)} = {n(t.value)}"
    elif t.kind == "sum":
        line = f"+ {n(t.x)}"
    elif t.kind in ("add", "sub"):
        op = "+" if t.kind == "add" else st.sym["minus"]
        line = f"{n(t.x)} {op} {n(t.y)} = {n(t.value)}"
    elif t.kind == "divide":
        line = f"{n(t.x)} / {n(t.y)} = {n(t.value)}"
    elif t.kind == "exp":
        line = f"exp({n(t.x)} {st.sym['minus']} {n(t.y)}) = {n(t.value)}"
    elif t.kind == "sqrt":
        line = f"{st.sym['root']}{n(t.x)} = {n(t.value)}"
    elif t.kind == "masked":
        line = f"{n(t.x)} masked: weight {n(t.value)}, not in the sum"
    elif t.kind == "compare":
        line = f"{n(t.x)} vs {n(t.y)}: {'equal' if t.value else 'different'}"
    else:
        line = f"{t.kind} {n(t.value)}"
    if t.total is not None:
        line = f"{line:<28} running sum {n(t.total)}"
    return line


def group_line(terms, st):
    """Return a finished group of terms on one line: a + b + c = total."""
    first, last = terms[0], terms[-1]
    if first.kind in ("product", "weighted") and last.total is not None:
        return " + ".join(product(t, st) for t in terms) + f" = {st.num(last.total)}"
    if first.kind == "sum":
        return " + ".join(st.num(t.x) for t in terms) + f" = {st.num(last.total)}"
    if first.kind == "exp":
        return (" + ".join(f"exp({st.num(t.x)} {st.sym['minus']} {st.num(t.y)})"
                           for t in terms) + f" = {st.num(last.total)}")
    return "   ".join(term_line(t, st) for t in terms)
