"""Gradients: the backward pass of a recording, itself recorded as ordinary steps.

`grad(loss, params)` goes back from the step that returned `loss` to the steps that
read `params`, asking each operation's declaration for its local derivative
(`Op.backward`, written beside its forward arithmetic). A backward step is an ordinary
operation with terms, so the player, the page, trace files and the quiz show it as
they show any other. A value that reaches the loss along several paths adds up the
gradient of each path in a recorded step of its own.
"""

from fractions import Fraction

from .errors import TraceError
from .step import current, known, remember


class Back:
    """One step's backward pass: the step, its operands as the caller passed them, what
    its result is called, the gradient of its result (g, called gname), which operands
    want a gradient, and what each operand's gradient is called."""

    __slots__ = ("step", "given", "called", "g", "gname", "wants", "names")

    def __init__(self, step, given, called, g, gname, wants, names):
        self.step, self.given, self.called = step, given, called
        self.g, self.gname, self.wants, self.names = g, gname, wants, names

    def name(self, k):
        """Return what the gradient of operand k is called, such as ∂L/∂W_Q."""
        return self.names[k]

    def operand(self, k):
        """Return operand k as the step stored it, named and labelled as the caller's."""
        _, rows, cols = known(self.given[k])
        return remember(self.step.args[k], self.step.names[k], rows, cols)

    def flipped(self, k, columns):
        """Return operand k with rows and columns swapped (given its columns), as a
        named, labelled list, and its name: Kᵀ."""
        _, rows, cols = known(self.given[k])
        name = transposed_name(self.step.names[k])
        return remember([list(c) for c in columns], name, cols, rows), name


def transposed_name(name):
    """Return the name of a matrix's transpose: Kᵀ, or (X @ W)ᵀ."""
    if name.endswith("ᵀ") and " " not in name:
        return name[:-1]
    return f"({name})ᵀ" if " " in name else name + "ᵀ"


def grad(loss, params):
    """Return the gradient of loss with respect to each of params, as plain lists.

    Call it inside the recording that worked out loss: the backward pass is recorded
    there, step by step, after the forward steps.
    """
    trace = current()
    if trace is None:
        raise TraceError("grad() goes back through a recording: call it inside "
                         "`with tracer.recording():`, where the loss was worked out")
    if not isinstance(params, (list, tuple)):
        raise TraceError("grad() takes a list of the matrices or vectors to find the "
                         "gradients of, such as [W_Q, W_K]")
    links = trace.links[:loss_at(trace.links, loss) + 1]
    live, read = reaching(links, params)
    for i, p in enumerate(params):
        if id(p) not in read:
            raise TraceError(f"parameter {i} ({known(p)[0] or type(p).__name__}) was not "
                             "read by any step recorded before the loss")
    grads = backward(links, live, loss)
    out, seen = [], set()
    for p in params:
        d = grads.get(id(p))
        if d is None:
            d = zeros(p, trace.exact)
        elif id(d) in seen:  # one list for two parameters (a gradient passed through)
            d = copied(d)
        seen.add(id(d))
        out.append(d)
    return out


def loss_at(links, loss):
    """Return the index of the link whose step returned loss, the latest first."""
    if isinstance(loss, (list, tuple)) or isinstance(loss, bool):
        raise TraceError("the loss should be one number, such as cross_entropy(P, "
                         "targets) returns, not a list")
    for i in range(len(links) - 1, -1, -1):
        if links[i][2] is loss:
            return i
    raise TraceError("the loss should be a number a step of this recording returned, "
                     "such as cross_entropy(P, targets); this one was not recorded")


def traceable(x):
    """Say whether x is a value one step hands to another (an int may be shared)."""
    return type(x) not in (int, bool) and x is not None


def reaching(links, params):
    """Return the ids of values that depend on params, and the ids of every operand."""
    live = {id(p) for p in params}
    read = set()
    for step, given, out in links:
        ids = [id(x) for x in given]
        read.update(ids)
        if traceable(out) and not live.isdisjoint(ids):
            live.add(id(out))
    return live, read


def paths(links, live, loss):
    """Return how many gradients each value receives on the way back from loss."""
    reach, count = {id(loss)}, {}
    for step, given, out in reversed(links):
        if id(out) in reach:
            for x in given:
                if id(x) in live:
                    reach.add(id(x))
                    count[id(x)] = count.get(id(x), 0) + 1
    return count


def backward(links, live, loss):
    """Record the backward pass; return id(value) -> its gradient, for every live value."""
    count = paths(links, live, loss)
    grads = {id(loss): Fraction(1) if isinstance(loss, Fraction) else 1.0}
    names = {id(loss): "1"}  # the loss moves one for one with itself
    for step, given, out in reversed(links):
        g = grads.get(id(out))
        wants = tuple(id(x) in live for x in given)
        if g is None or not any(wants):
            continue
        via = result_name(step, out)
        gnames = tuple(of(n) + (f" via {via}" if count.get(id(x), 0) > 1 else "")
                       for n, x in zip(step.names, given))
        parts = step.decl.backward(Back(step, given, via, g, names[id(out)], wants,
                                        gnames))
        for k, (x, d) in enumerate(zip(given, parts)):
            if wants[k] and d is not None:
                gather(grads, names, x, d, gnames[k], of(step.names[k]))
    return grads


def of(name):
    """Return the name of the gradient of a value called name: ∂L/∂Q, ∂L/∂(Q @ Kᵀ)."""
    return f"∂L/∂({name})" if " " in name else f"∂L/∂{name}"


def result_name(step, out):
    """Return what a step's result is called: its name, or how its output reads."""
    name = known(out)[0] if isinstance(out, list) else None
    decl = step.decl
    return name or step.name or (decl.output or decl.title).format(
        *step.names, dot="·", times="×", minus="−")


def gather(grads, names, x, d, name, whole):
    """Add gradient d (called name) to what x has received; a second one adds up."""
    key = id(x)
    if key in grads:
        d = added(grads[key], d, (names[key], name), whole)
        name = whole
    grads[key], names[key] = d, name
    if isinstance(d, list):  # later backward steps name and label it as x's gradient
        _, rows, cols = known(x)
        entry = current().known.get(id(d))
        remember(d, name, rows, cols, entry[4] if entry and entry[0] is d else None)


def added(a, b, names, name):
    """Return a + b, recorded: a matrix, a vector, or a number."""
    from .ops.cellwise import add_matrices
    from .ops.vector import add
    why = f"The value reaches the loss along more than one path, so {name} adds up " \
        "the gradient each path sends back."
    if isinstance(a, list) and a and isinstance(a[0], list):
        return add_matrices(a, b, names=names, name=name, why=why)
    if isinstance(a, list):
        return add(a, b, names=names, name=name, why=why)
    return add([a], [b], names=names, name=name, why=why)[0]


def zeros(p, exact):
    """Return zeros shaped like p: the gradient of a value the loss does not read."""
    zero = Fraction(0) if exact else 0.0
    if isinstance(p, (list, tuple)) and p and isinstance(p[0], (list, tuple)):
        return [[zero] * len(row) for row in p]
    if isinstance(p, (list, tuple)):
        return [zero] * len(p)
    return zero


def copied(d):
    """Return a list (or matrix) that no other gradient shares."""
    return [copied(x) for x in d] if isinstance(d, list) else d
