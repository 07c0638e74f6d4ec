"""Predict, then reveal: a few questions at the moments where a guess teaches something.

A question is data (Question), chosen from the trace by what its steps are: the first
product of each kind, the first weights, which word a word attends to most, whether
rows of weights add up to 1. The quiz asks each one just before its step is printed.
"""

import re
import sys
from collections import Counter, namedtuple
from fractions import Fraction

from .. import kinds

TOLERANCE = Fraction(5, 100)
LONGEST, LARGEST = 40, 10**6  # an estimate is a short number of moderate size
EXPONENT = re.compile(r"[eE]([+-]?\d+)")
MOST = 10  # questions a lesson asks at most
RULE = (f"A few times along the way you are asked to guess first. For a number, type an "
        f"estimate (0.4 or 2/5) and Enter: it counts as right when it is within "
        f"{float(TOLERANCE)} of the true value. For a choice, type one of the words "
        f"offered. Enter alone skips a question; q stops asking.")


class Question(namedtuple("Question", "prompt answer choices context")):
    """One question: its prompt, the true answer, the words to choose from (or None for
    a number), and the lines that show what the guess can be made from."""

    def check(self, text):
        """Return True or False for a valid answer, or None when it is not one."""
        if self.choices is None:
            guess = parse(text)
            return None if guess is None else abs(guess - Fraction(self.answer)) <= TOLERANCE
        chosen = [c for c in self.choices if c.casefold() == text.casefold()]
        return chosen[0] == self.answer if chosen else None



def parse(answer):
    """Return the number a learner typed, or None if it is not one of a sensible size."""
    text = answer.strip()
    # 1e99999999 would take minutes to turn into a Fraction: refuse it unread.
    if len(text) > LONGEST or any(abs(int(e)) > 20 for e in EXPONENT.findall(text)):
        return None
    try:
        x = Fraction(text)
    except (ValueError, ZeroDivisionError):
        return None
    return x if abs(x) <= LARGEST else None


def read_line(stream=None, limit=200):
    """Return one line typed, cut at limit characters (the rest of it is skipped)."""
    stream = stream or sys.stdin
    line = stream.readline(limit)
    if len(line) == limit and not line.endswith("\n"):
        while True:  # drop the rest of an overlong line, a piece at a time
            rest = stream.readline(limit)
            if not rest or rest.endswith("\n"):
                return line + "\n"
    return line


def ask(q, st, write, read):
    """Ask one question until the answer is valid; return True, False, None (skip) or 'q'."""
    for line in q.context:  # escape the words, then end the line with a real newline
        write(st.text(f"  {line}") + "\n")
    while True:  # every word may come from a file: shown through st.text, never raw
        if q.choices is None:
            write(st.text(f"Your estimate of {q.prompt}: "))
        else:
            write(st.text(f"{q.prompt} ({', '.join(q.choices)}): "))
        answer = read()
        if answer == "":  # end of input
            raise EOFError
        answer = answer.strip()
        if answer in ("", "q"):
            return answer or None
        right = q.check(answer)
        if right is not None:
            verdict = "right" if right else ("not within the tolerance" if q.choices is None
                                             else "not this time")
            true = st.num(q.answer) if q.choices is None else st.text(q.answer)
            write(f"  {verdict}: the true {'value' if q.choices is None else 'answer'} "
                  f"is {true}\n")
            return right
        shown = repr(answer[:20]) + ("..." if len(answer) > 20 else "")
        if q.choices is None:
            write(f"  {shown} is not a number from -1,000,000 to 1,000,000; try again "
                  "(Enter skips)\n")
        else:
            write(f"  {shown} is not one of the choices; try again (Enter skips)\n")


def questions(trace, st):
    """Return {step index: [Question]}: at most MOST questions at teaching moments."""
    focus = focus_word(trace)
    out, seen, asked, sums = {}, set(), set(), False
    for i, step in enumerate(trace.steps):
        decl = step.decl
        if decl.narration or decl in seen or not step.count():
            continue
        seen.add(decl)
        found = [q for q in moment(step, st, focus) if q.prompt not in asked]
        asked.update(q.prompt for q in found)
        if decl.quiz == "weights" and step.labels and step.labels[1]:
            # Which word a row attends to most is asked before its relevances appear.
            choice = most_attended(step, focus)
            if choice.prompt not in asked:
                asked.add(choice.prompt)
                out.setdefault(relevances_of(trace, i), []).append(choice)
        if decl.quiz == "weights" and not sums and step.labels and step.labels[0]:
            found.append(rows_add_up(step))
            sums = True
        if found:
            out[i] = found
    return trim(out)


def trim(out):
    """Keep the first MOST questions, but never drop the first choice among them."""
    flat = [(i, q) for i in sorted(out) for q in out[i]]
    keep = flat[:MOST]
    choice = next((x for x in flat if x[1].choices), None)
    if choice and choice not in keep:
        keep = keep[:MOST - 1] + [choice]
    kept = {}
    for i, q in sorted(keep, key=lambda x: x[0]):
        kept.setdefault(i, []).append(q)
    return kept


def moment(step, st, focus):
    """Return the questions the first step of its operation poses, as it declares."""
    ask = ASKS.get(step.decl.quiz)
    return ask(step, st, focus) if ask else []


def result_of(step, st, focus):
    """Return "your estimate of a · b", its context the two vectors."""
    return [Question(st.text(title(step, st)), step.result, None, operands(step, st))]


def first_cell(step, st, focus):
    """Return "your estimate of [Riley, dog] = Q[Riley] · Kᵀ[:, dog]"."""
    from ..view.steps import cell_at, cell_name
    here = cell_at(step, 0)
    terms = step.cell_terms(0)
    rows, cols = (step.labels or (None, None))[:2]
    a = st.value(step.args[0][here[0]])
    b = st.value(step.args[1][here[1]])
    names = step.names
    context = [st.text(f"{names[0]}{label(rows, here[0])} = {a}"),
               st.text(f"{names[1]}[:, {label(cols, here[1])[1:-1]}] = {b}")]
    return [Question(cell_name(step, here, st), terms[-1].total, None, context)]


def share(step, st, focus):
    """Return which word's value counts most, or else which component comes out largest."""
    return [q for q in (largest_share(step, st) or largest_component(step, st),) if q]


def first_share(step, st, focus):
    """Return "your estimate of the first of xs divided by their sum", unless all equal."""
    if len(set(step.args[0])) < 2:  # equal parts teach nothing to guess
        return []
    return [Question(st.text(f"the first of {title(step, st)}"), step.result[0], None,
                     operands(step, st))]


def largest_weight(step, st, focus):
    """Return "your estimate of the largest weight in the row of FOCUS"."""
    if not (step.labels and step.labels[1]):
        return []
    i = focus_row(step, focus)
    return [Question(st.text(f"the largest weight in {row_name(step, i, 'the row of ')}"),
                     max(step.result[i]), None, [])]


ASKS = {"result": result_of, "cell": first_cell, "share": share, "first": first_share,
        "weights": largest_weight}  # an operation's quiz -> the questions it poses


def relevances_of(trace, i):
    """Return the index of the products that step i's weights come from, or i itself.

    Back from the weights through steps that only rescale (a division by √d) to the
    step that multiplied queries by keys, each found by its result."""
    target, at = trace.steps[i].args[0], i
    for j in range(i - 1, -1, -1):
        step = trace.steps[j]
        if step.decl.narration or step.result != target:
            continue
        if step.count() and kinds.of(step.term(0)).parts:
            return j
        target, at = step.args[0], j  # a rescaling: its own operand came earlier
    return at


def title(step, st):
    return step.decl.title.format(*step.names, **st.sym)


def label(labels, i):
    return f"[{labels[i]}]" if labels and i < len(labels) else f"[{i}]"


def operands(step, st):
    """Return the lines that show a step's operands, each under its name."""
    return [st.text(f"{step.names[i]} = {st.value(step.args[i])}") for i in step.decl.shows]


def largest_share(step, st):
    """Return "which word's value counts most?" when one weight stands out, else None."""
    weights, words = step.args[0], (step.labels or (None,))[0]
    if not words or len(words) != len(weights):
        return None
    top = max(weights)
    if sum(w == top for w in weights) != 1:  # equal shares: no word stands out
        return None
    name = step.name or title(step, st)
    return Question(st.text(f"Which word's value counts most in {name}?"),
                    words[weights.index(top)], tuple(words), operands(step, st))


def largest_component(step, st):
    """Return "which component of the result will be largest?", answered with its name."""
    names = (step.labels or (None, None))[1]
    result = list(step.result)
    if not names or len(names) != len(result) or result.count(max(result)) != 1:
        return None
    what = step.name or title(step, st)
    return Question(st.text(f"Which component of {what} will be largest?"),
                    names[result.index(max(result))], tuple(names), operands(step, st))


def most_attended(step, focus):
    """Return "which word will FOCUS attend to most?" from a step of weights by row."""
    cols = step.labels[1]
    i = focus_row(step, focus)
    row = step.result[i]
    j = max(range(len(row)), key=row.__getitem__)
    return Question(f"Which word will {row_name(step, i)} attend to most?", cols[j],
                    tuple(cols), [])


def focus_row(step, focus):
    """Return the row of the focus word in a step of rows, or the first row."""
    rows = step.labels[0] or ()  # rows recorded without names have none to find
    return rows.index(focus) if focus in rows else 0


def row_name(step, i, before=""):
    """Return the word that names row i of a step, or "row 1" where rows have no names."""
    rows = step.labels[0]
    return before + rows[i] if rows and i < len(rows) else f"row {i + 1}"


def rows_add_up(step):
    """Return "does every row add up to 1?", answered from the computed weights."""
    yes = all(abs(sum(map(float, row)) - 1) < 1e-9 for row in step.result)
    return Question(f"Will every row of {step.name or 'the weights'} add up to 1?",
                    "yes" if yes else "no", ("yes", "no"), [])


def focus_word(trace):
    """Return the word the narration names most often: the lesson's focus."""
    said = Counter(str(v) for s in trace.steps if s.decl.narration for v in s.args)
    return said.most_common(1)[0][0] if said else None


def predict(trace, st, lines, print_line, write=None, read=None, pause=False):
    """Print a walkthrough, asking each question just before its step; return 0.

    With pause (a terminal at both ends), a verdict waits for Enter before the
    walkthrough prints on, so that it is read before it scrolls away."""
    write = write or (lambda s: (sys.stdout.write(s), sys.stdout.flush()))
    read = read or read_line
    print_line([(st.text(RULE), "say")])
    count = Counter()  # asked, answered, right, skipped
    pending = questions(trace, st)
    total = sum(map(len, pending.values()))

    def steps():  # the transcript pulls each step only once the last one is printed
        nonlocal pending
        for i, step in enumerate(trace.steps):
            for q in pending.get(i, ()):
                count["asked"] += 1
                result = ask(q, st, write, read)
                if result == "q":  # no more questions; the rest prints at once
                    pending = {}
                    break
                count["answered"] += result in (True, False)
                count["right"] += result is True
                count["skipped"] += result is None
                if pause and result in (True, False):
                    write("  Enter to go on ")
                    if read() == "":
                        raise EOFError
            yield step

    try:
        for line in lines(steps()):
            print_line(line)
    except EOFError:
        write("\n")
    except KeyboardInterrupt:
        write("\n")  # leave the shell's prompt on a line of its own
        raise
    for line in summary(count, total):
        print_line([(line, "result")])
    return 0


def summary(count, total):
    """Return the closing lines: questions asked, answered and right; then any skipped,
    stopped or not asked."""
    lines = [f"Questions asked: {count['asked']}. Answered: {count['answered']}. "
             f"Right: {count['right']}."]
    rest = []
    if count["skipped"]:
        rest.append(f"Skipped: {count['skipped']}.")
    if count["asked"] - count["answered"] - count["skipped"]:  # q or the end of input
        rest.append(f"Stopped at question {count['asked']}.")
    if total > count["asked"]:
        rest.append(f"Not asked: {total - count['asked']}.")
    return lines + ([" ".join(rest)] if rest else [])
