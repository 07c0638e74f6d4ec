"""An operation's arithmetic, stated once and read three ways.

An operation states its arithmetic in one method, `arithmetic(w, *operands)`, written
with the steps of a worker `w`:

- `total(kind, f, xs, ys)`: a running sum of terms, f(x, y) each; its last sum;
- `running(...)`: the same, returning each value beside the last sum;
- `each(kind, f, xs, ys)`: a term for each number, no sum;
- `one(kind, f, x, y)`: one term;
- `grid(rows, cols)`, `cellwise(kind, f, xs, ys)`, `each_cell(n, cell)`: many cells at
  once (a matrix product's, one term a cell, or cell(w, c) for each of n cells);
- `rows_total`, `rows_running`, `rows_each`: the steps of one cell taken by every row of
  a matrix at once, each row a cell (given `y`, one number for each row: a list, or a
  PerRow, worked out for the rows read).

f is a function of x (and y), None for the value x itself, or (outer, inner) for
outer(inner(x, y)); `y=` gives one number that every x meets. A kind names the term as
tracer/kinds.py declares it. The base class (op.py) runs the one method with three
workers:

- Values: the result, fast, as the operation returns it; no term is made;
- Terms(c): the terms of cell c, made when a view reads them;
- Cells: how many cells there are and where each sits, stopping before any arithmetic.

Values and Terms make each value by the same function, and each running sum by the same
additions, left to right: the result is the last running value (or the value) of the
terms a learner steps through, and cannot be anything else. This module imports only
the step record.
"""

import sys
from functools import reduce
from itertools import accumulate, chain, compress, count, repeat
from math import exp
from operator import add, itemgetter, mul, sub, truediv

from .step import Term

# Before Python 3.12, sum() of floats adds left to right exactly as the running sums
# do, only faster; from 3.12 it compensates rounding, and so would differ from them.
FAST_SUM = sys.version_info < (3, 12)
FLOAT = {float}
OPERATORS = (add, sub, mul, truediv)  # float op Fraction is float op float(Fraction)


def applied(f, xs, ys):
    """Return f over xs (and ys, when not None), lazily."""
    if f is None:
        return iter(xs)
    if type(f) is tuple:
        return map(f[0], map(f[1], xs, ys) if ys is not None else map(f[1], xs))
    return map(f, xs, ys) if ys is not None else map(f, xs)


def value_of(f, x, y):
    """Return one term's value, as `applied` makes it."""
    if f is None:
        return x
    if type(f) is tuple:
        return f[0](f[1](x, y) if y is not None else f[1](x))
    return f(x, y) if y is not None else f(x)


def dots(rows, cols, kind="product", key=None):
    """Return each row · each column, as a matrix; each the last of its running sums."""
    if FAST_SUM and FLOAT.issuperset(chain.from_iterable(map(map, repeat(type), rows))):
        # Every product of a float is a float, so sum() takes its exact float path;
        # starting from −0.0 leaves the first product as it is, even a −0.0.
        return [[sum(map(mul, r, c), -0.0) for c in cols] for r in rows]
    return [[reduce(add, map(mul, r, c)) for c in cols] for r in rows]


def grid_key(i, j):
    """Return where cell (i, j) of a matrix sits."""
    return (i, j)


def matrix(xs):
    """Say whether xs is a matrix (a list of rows) rather than a vector."""
    return type(xs[0]) in (list, tuple)


class PerRow:
    """A number for each row of a matrix, f of the row (and of other sequences of rows),
    worked out when read: Values reads every row's, Terms only its own cell's row."""

    __slots__ = ("f", "rows")

    def __init__(self, f, *rows):
        self.f, self.rows = f, rows

    def __getitem__(self, i):
        return self.f(*[r[i] for r in self.rows])

    def __iter__(self):
        return map(self.f, *self.rows)


class Counted(Exception):
    """Raised by Cells at an operation's first step: its cells and where each sits."""

    def __init__(self, n, key):
        super().__init__(n)
        self.n, self.key = n, key


class Worked(Exception):
    """Raised by Terms once the cell it works out is done: its terms and its value."""

    def __init__(self, terms, value):
        super().__init__(len(terms))
        self.terms, self.value = terms, value


class Values(tuple):
    """Works out the result alone, in bulk where the arithmetic allows: made as
    Values((names,)), a tuple, so that making one runs no Python code."""

    names = property(itemgetter(0))  # the operands' names, for what a check refuses
    checks = True  # refuse what cannot be worked out (Terms and Cells read steps made)

    # -- many cells at once

    # grid(rows, cols, kind, key): cell (i, j) = the running sum of rows[i][k] × cols[j][k]
    grid = staticmethod(dots)

    def cellwise(self, kind, f, xs, ys=None, y=None, at=None):
        """Return f of each x and its y: a matrix when xs is one, else a vector; one term
        each (`at`(i, j): a term's place in a matrix, if not (i, j))."""
        if type(xs[0]) not in (list, tuple):  # a vector
            return list(map(f, xs, ys if ys is not None else repeat(y)))
        if ys is not None:
            return [list(map(f, x, y)) for x, y in zip(xs, ys)]
        if f in OPERATORS and type(y).__name__ == "Fraction" and \
                FLOAT.issuperset(map(type, chain.from_iterable(xs))):
            y = float(y)  # as a float meets a Fraction anyway: converted once, not per cell
        if f is truediv:  # x / y written out: operator.truediv is that division
            return [[v / y for v in x] for x in xs]
        return [[f(v, y) for v in x] for x in xs]

    def each_cell(self, n, cell, key=None, width=None):
        """Return cell(w, c) for each of n cells (rows of `width` when given);
        `key`(c) says where cell c sits, if not (c,) or (c // width, c % width)."""
        out = [cell(self, c) for c in range(n)]
        return [out[i:i + width] for i in range(0, n, width)] if width else out

    # -- every row of a matrix at once, each row a cell

    def rows_total(self, kind, f, rows):
        """Return the last running sum of each row's values (f None: the row's numbers)."""
        if f is None:
            return [reduce(add, r) for r in rows]
        return [reduce(add, applied(f, r, None)) for r in rows]

    def rows_running(self, kind, f, rows, y, where=None, hidden=None):
        """Return (each row's values, each row's last running sum): f(x, y[i]) in row i,
        as `running` makes them (where: a row of True and False for each row)."""
        outer, inner = f if type(f) is tuple else (None, f)
        if where is None:
            if outer and inner is sub:  # x − t written out: operator.sub is that subtraction
                values = [[outer(x - t) for x in r] for r, t in zip(rows, y)]
            else:
                values = [[value_of(f, x, t) for x in r] for r, t in zip(rows, y)]
            if FAST_SUM and outer is exp:  # floats only: sum() adds them as reduce does
                return values, [sum(v, -0.0) for v in values]
            return values, [reduce(add, v) for v in values]
        h = hidden[1]
        if inner is sub:  # x − t written out: operator.sub is that subtraction
            values = [[outer(x - t) if a else h for x, a in zip(r, m)] if outer else
                      [x - t if a else h for x, a in zip(r, m)]
                      for r, t, m in zip(rows, y, where)]
        else:
            values = [[value_of(f, x, t) if a else h for x, a in zip(r, m)]
                      for r, t, m in zip(rows, y, where)]
        if FAST_SUM and outer is exp:  # floats only (a hidden 0.0 stays out either way)
            return values, [sum(compress(v, m), -0.0) for v, m in zip(values, where)]
        return values, [reduce(add, compress(v, m)) for v, m in zip(values, where)]

    def rows_each(self, kind, f, rows, y, shown=None):
        """Return f(x, y[i]) for each x of row i (shown: where False, no term shows it)."""
        if f is truediv:  # x / t written out: operator.truediv is that division
            return [[x / t for x in r] for r, t in zip(rows, y)]
        return [[f(x, t) for x in r] for r, t in zip(rows, y)]

    # -- the steps of one cell

    def running(self, kind, f, xs, ys=None, y=None, where=None, hidden=None, index=None):
        """Return (each value, the last running sum): where `where` is False a value
        stays out of the sum, and its term is hidden=(kind, value) instead. `index`: the
        index each term takes, if not 0, 1, 2, ..."""
        if y is not None:
            ys = repeat(y)
        if where is None:
            if type(f) is tuple and ys is not None:  # exp(x − top): the common case
                values = list(map(f[0], map(f[1], xs, ys)))
            else:
                values = list(applied(f, xs, ys))
            return values, reduce(add, values)
        shown = applied(f, compress(xs, where), None if ys is None else compress(ys, where))
        values = [next(shown) if a else hidden[1] for a in where]
        return values, reduce(add, compress(values, where))

    def total(self, kind, f, xs, ys=None, y=None, index=None):
        """Return the last running sum of the values, each made as `running` makes it."""
        if f is None:  # a plain sum
            return reduce(add, xs)
        if f is mul and ys is not None:  # a dot product
            return reduce(add, map(mul, xs, ys))
        return reduce(add, applied(f, xs, repeat(y) if y is not None else ys))

    def each(self, kind, f, xs, ys=None, y=None, shown=None):
        """Return f of each x, no running sum (shown: where False, no term shows it);
        kind and f may each be a list, one for each x."""
        if y is not None:
            if f is truediv:  # x / y written out: operator.truediv is that division
                return [x / y for x in xs]
            if type(f) not in (tuple, list):
                return list(map(f, xs, repeat(y)))
            ys = repeat(y)
        if type(f) is list:
            return [g(x, y) for g, x, y in zip(f, xs, ys)]
        return list(applied(f, xs, ys))

    def one(self, kind, f, x, y=None, index=None):
        """Return one term's value (`index`: its place in the cell, if it needs one)."""
        if f is None or type(f) is tuple:
            return value_of(f, x, y)
        return f(x) if y is None else f(x, y)


class Terms:
    """Works out the terms of one cell, c; each value made as Values makes it."""

    checks = False  # the step was made, so its checks passed

    def __init__(self, names, c):
        self.names, self.c = names, c
        self.at = ()  # the cell's place, which starts each term's
        self.terms = []
        self.inside = False  # working out a cell of each_cell

    def done(self, value):
        raise Worked(self.terms, value)

    def grid(self, rows, cols, kind="product", key=grid_key):
        i, j = divmod(self.c, len(cols))
        self.at = key(i, j)
        return self.done(self.total(kind, mul, rows[i], cols[j]))

    def cellwise(self, kind, f, xs, ys=None, y=None, at=None):
        if matrix(xs):
            i, j = divmod(self.c, len(xs[0]))
            x, place = xs[i][j], (at or grid_key)(i, j)
            y = ys[i][j] if ys is not None else y
        else:
            x, place = xs[self.c], (self.c,)
            y = ys[self.c] if ys is not None else y
        self.terms.append(Term(kind, place, x, y, value_of(f, x, y), None))
        return self.done(self.terms[-1].value)

    def each_cell(self, n, cell, key=None, width=None):
        if self.inside:
            raise TypeError("each_cell works out one cell at a time, not cells inside cells")
        self.at, self.inside = tuple(cell_key(key, width)(self.c)), True
        return self.done(cell(self, self.c))

    def row(self, rows, value):
        """Return the rows' values as far as cell c needs them: row c's, None elsewhere."""
        if not self.inside:
            self.at, self.inside = (self.c,), True
        out = [None] * len(rows)
        out[self.c] = value
        return out

    def rows_total(self, kind, f, rows):
        self.row(rows, None)
        return self.row(rows, self.total(kind, f, rows[self.c]))

    def rows_running(self, kind, f, rows, y, where=None, hidden=None):
        c = self.c
        self.row(rows, None)
        values, s = self.running(kind, f, rows[c], y=y[c],
                                 where=None if where is None else where[c], hidden=hidden)
        return self.row(rows, values), self.row(rows, s)

    def rows_each(self, kind, f, rows, y, shown=None):
        c = self.c
        self.row(rows, None)
        return self.row(rows, self.each(kind, f, rows[c], y=y[c],
                                        shown=None if shown is None else shown[c]))

    def running(self, kind, f, xs, ys=None, y=None, where=None, hidden=None, index=None):
        at, terms = self.at, self.terms
        pairs = ys if ys is not None else repeat(y) if y is not None else None
        if where is None:  # in bulk: each value as Values makes it, summed as it sums
            values = list(applied(f, xs, pairs))
            terms += [Term(kind, at + (i,), x, yi, v, s) for i, x, yi, v, s in zip(
                index or count(), xs, repeat(None) if pairs is None else pairs, values,
                accumulate(values))]
            return values, terms[-1].total
        ys = list(pairs) if pairs is not None and type(pairs) is not repeat else pairs
        shown = list(applied(f, compress(xs, where),
                             None if ys is None else compress(ys, where)))
        totals = list(accumulate(shown))
        sums, made, values = iter(totals), iter(shown), []
        ys = repeat(None) if ys is None else ys
        for i, x, yi, a in zip(index or count(), xs, ys, where):
            if a:  # in the sum: its value as Values makes it, and the sum so far
                v = next(made)
                terms.append(Term(kind, at + (i,), x, yi, v, next(sums)))
            else:  # left out of the sum: hidden=(its kind, its value)
                v = hidden[1]
                terms.append(Term(hidden[0], at + (i,), x, None, v, None))
            values.append(v)
        return values, totals[-1] if totals else None

    def total(self, kind, f, xs, ys=None, y=None, index=None):
        return self.running(kind, f, xs, ys, y, index=index)[1]

    def each(self, kind, f, xs, ys=None, y=None, shown=None):
        values, at = [], self.at
        pairs = ys if ys is not None else repeat(y) if y is not None else None
        if type(f) is not list:  # in bulk, as Values makes them
            values = list(applied(f, xs, pairs))
            ys = repeat(None) if pairs is None else pairs
            self.terms += [Term(kind, at + (i,), x, yi, v, None) for i, x, yi, v, a in zip(
                count(), xs, ys, values, repeat(True) if shown is None else shown) if a]
            return values
        ys = repeat(y) if ys is None else ys
        for i, (x, yi, a) in enumerate(zip(xs, ys, repeat(True) if shown is None
                                          else shown)):
            g, k = (f[i], kind[i]) if type(f) is list else (f, kind)
            v = value_of(g, x, yi)
            values.append(v)
            if a:
                self.terms.append(Term(k, at + (i,), x, yi, v, None))
        return values

    def one(self, kind, f, x, y=None, index=None):
        v = value_of(f, x, y)
        self.terms.append(Term(kind, self.at if index is None else self.at + (index,),
                               x, y, v, None))
        return v


def cell_key(key, width):
    """Return where each_cell's cell c sits: key(c), else (i, j) in rows of width, else (c,)."""
    return key or ((lambda c: divmod(c, width)) if width else (lambda c: (c,)))


class Cells:
    """Stops an operation's arithmetic at its first step, to say how many cells it works
    out and where each sits: many for the steps over many cells, else one."""

    checks = False

    def __init__(self, names):
        self.names = names

    def grid(self, rows, cols, kind="product", key=grid_key):
        width = len(cols)
        raise Counted(len(rows) * width, lambda c: key(*divmod(c, width)))

    def cellwise(self, kind, f, xs, ys=None, y=None, at=None):
        if matrix(xs):
            width = len(xs[0])
            raise Counted(len(xs) * width, lambda c: divmod(c, width))
        raise Counted(len(xs), lambda c: (c,))

    def each_cell(self, n, cell, key=None, width=None):
        raise Counted(n, cell_key(key, width))

    def one_cell(self, *args, **kwargs):
        raise Counted(1, lambda c: ())

    def rows(self, kind, f, rows, *args, **kwargs):
        raise Counted(len(rows), lambda c: (c,))

    rows_total = rows_running = rows_each = rows

    running = total = each = one = one_cell
