"""tracer: self-attention in plain Python, recorded one arithmetic term at a time."""

from .attention import attention, causal_mask, root, softmax_rows
from .broadcast import broadcast_divide, row_sums
from .cellwise import add_matrices, concat, divide_matrix
from .database import (get_key, get_keys, get_query, get_queries, get_value,
                       get_values, words_of)
from .matrix import compare, matmul, normalize_rows, transpose
from .step import Step, Term, Trace, TraceError, recording, say
from .vector import add, dot, mix, norm, scale, sub, unit, weighted_sum
from .weights import normalize, softmax

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

__all__ = [
    "add", "compare", "dot", "get_key", "get_keys", "get_queries", "get_query",
    "get_value", "get_values", "matmul", "mix", "norm", "normalize", "normalize_rows",
    "recording", "say", "scale", "softmax", "Step", "sub", "Term", "Trace", "TraceError",
    "transpose", "unit", "weighted_sum", "words_of",
    "add_matrices", "attention", "broadcast_divide", "causal_mask", "concat",
    "divide_matrix", "root", "row_sums", "softmax_rows",
]
