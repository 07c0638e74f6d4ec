"""tracer: self-attention in plain Python, recorded one arithmetic term at a time."""

from . import op as _op  # noqa: F401  (declares narration before any trace is read)
from .ops.row_sums import broadcast_divide, row_sums
from .ops.cellwise import add_matrices, concat, divide_matrix
from .word_vectors import (get_key, get_keys, get_queries, get_query, get_value,
                       get_values, words_of)
from .errors import TraceError
from .ops.matrix import compare, matmul, normalize_rows, transpose
from .ops.attention import attention, causal_mask, root, softmax_rows
from .step import Step, Term, Trace, follow, recording, say, section
from .files.trace_file import dumps as _dumps, loads as _loads
from .ops.vector import add, dot, mix, norm, scale, sub, unit, weighted_sum
from .ops.weights import normalize, softmax

__version__ = "0.1.0"


# Displaying a trace is the view's job: the package face lends Trace its display methods,
# so the core module never imports the view. Each imports the view only when called.
def _summary(self):
    from .view.notebook import summary
    return summary(self)


def _repr_html_(self):
    from .view.notebook import html
    return html(self)


def _show(self, plain=False, digits=3):
    """Print the whole walkthrough of this trace."""
    from .view.notebook import show
    show(self, plain=plain, digits=digits)


Trace.__repr__, Trace._repr_html_, Trace.show = _summary, _repr_html_, _show


def _to_json(trace, terms=False, sources=False):
    """Return this trace as versioned JSON text; sources=True keeps the code too."""
    return _dumps(trace, terms, sources)


Trace.to_json, Trace.from_json = _to_json, staticmethod(_loads)

__all__ = [
    "add", "compare", "dot", "follow", "get_key", "get_keys", "get_queries", "get_query",
    "get_value", "get_values", "matmul", "mix", "norm", "normalize", "normalize_rows",
    "recording", "say", "scale", "section", "show", "softmax", "Step", "sub", "Term",
    "Trace", "TraceError", "transpose", "unit", "weighted_sum", "words_of",
    "add_matrices", "attention", "broadcast_divide", "causal_mask", "concat",
    "divide_matrix", "root", "row_sums", "softmax_rows",
]
