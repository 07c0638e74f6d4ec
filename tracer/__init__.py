"""tracer: self-attention in plain Python, recorded one arithmetic term at a time.

The layers, from the centre out:
- the core: `step` (the record every operation appends, and Trace), `op` (how an
  operation is declared once), `check` (what enters an operation), `errors`;
- `ops/`: the operations, vectors to attention, one declaration each;
- `word_vectors`: the vector set words are looked up in;
- `files/`: trace files, JSON a learner wrote, files written whole;
- `view/`: a trace as text, in colour, as a web page, a notebook cell or slides;
- `play/`: the player, the terminal and its keys, positions, the quiz;
- `lesson_trace` and `cli`: a lesson as a library call, and the command line.
"""

from . import op as _op  # noqa: F401  (declares narration before any trace is read)
from .errors import TraceError
from .files.trace_file import load
from .grad import grad
from .lesson_trace import lesson, lessons as _lessons
from .ops.attention import attention, causal_mask, root, softmax_rows
from .ops.cellwise import add_matrices, concat, divide_matrix
from .ops.curve import curve
from .ops.learning import cross_entropy, update
from .ops.matrix import compare, matmul, normalize_rows, transpose
from .ops.row_sums import broadcast_divide, row_sums
from .ops.vector import add, dot, mix, norm, scale, sub, unit, weighted_sum
from .ops.weights import normalize, softmax, total
from .question import YES_NO, ask
from .step import (Step, Term, Trace, follow, labels_of, named, paused, recording, say,
                   section)
from .word_vectors import (get_key, get_keys, get_queries, get_query, get_value,
                           get_values, words_of)

_lessons()  # a checkout's own lessons/ are tracer.lessons before anything imports them

__version__ = "0.1.0"

__all__ = [
    "add", "add_matrices", "ask", "attention", "broadcast_divide", "causal_mask", "compare",
    "concat", "cross_entropy", "curve", "divide_matrix", "dot", "follow", "get_key", "get_keys",
    "get_queries", "get_query", "get_value", "get_values", "grad", "labels_of", "lesson",
    "load", "matmul", "mix", "named", "norm", "normalize", "normalize_rows", "paused",
    "recording", "root", "row_sums", "say", "scale", "section", "softmax", "softmax_rows",
    "Step", "sub", "Term", "total", "Trace", "TraceError", "transpose", "unit", "update",
    "weighted_sum", "words_of", "YES_NO",
]
