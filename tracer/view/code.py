"""The code beside the numbers: a step's statement, from the code the trace carries."""

import ast

from ..files.trace_file import source_lines
from .text import cells, clip


def source(trace, step):
    """Return the statement that made a step, on one line, or "" without its code."""
    lines = source_lines(trace, step.file) if step.file else ()
    if not lines:
        return ""
    last = statement_ends(lines).get(step.line, step.line)
    return " ".join(ln.strip() for ln in lines[step.line - 1:last] if ln.strip())


def statement_ends(lines):
    """Return {first line: last line} of every statement in a file's lines."""
    key = id(lines)
    if key not in ENDS or ENDS[key][0] is not lines:
        try:
            tree = ast.parse("".join(lines))
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            tree = None
        ENDS[key] = (lines, {} if tree is None else {
            node.lineno: node.end_lineno for node in ast.walk(tree)
            if isinstance(node, ast.stmt) and not isinstance(node, COMPOUND)})
    return ENDS[key][1]


ENDS = {}  # id(lines) -> (lines, {first line: last line}): each file parsed once
COMPOUND = (ast.For, ast.While, ast.If, ast.With, ast.FunctionDef, ast.ClassDef, ast.Try)


def code_lines(trace, step, st, width, context=2):
    """Return the code around a step's line, that line marked; none without its code."""
    if not step.file or step.line is None:  # a sentence the command line added itself
        return []
    lines = source_lines(trace, step.file)
    out = []
    for n in range(max(1, step.line - context), min(len(lines), step.line + context) + 1):
        text = lines[n - 1].rstrip().expandtabs(4)
        if not text and n > step.line:
            break
        mark = st.sym["here"] if n == step.line else " "
        line = st.text(f"{mark}{n:>4}  {text}")
        if cells(line) > width:  # cut, and say so: a word never just stops
            more = "..." if st.ascii else "…"
            line = clip(line, width - len(more)).rstrip() + more
        out.append([(line, "code.here" if n == step.line else "code")])
    return out
