"""Predict, then reveal: questions at the moments where a guess teaches something.

A question is data (Question). A lesson declares its own at its forks (tracer.ask),
each with the answer and the reason it computed; a trace without any gets a few from
what its operations declare (quiz=). The quiz asks each one before its answer is shown:
in a transcript just before the steps that settle it, in the player at the question.
"""

import re
import sys
from collections import Counter, namedtuple
from fractions import Fraction

from .. import kinds

SHARE, LEAST = Fraction(1, 10), Fraction(2, 100)  # a number is right within 10%, or 0.02
LONGEST, LARGEST = 40, 10**6  # an estimate is a short number of moderate size
EXPONENT = re.compile(r"[eE]([+-]?\d+)")
MOST = 10  # questions a lesson asks at most
RULE = ("A few times along the way you are asked to guess first. For a number, type an "
        "estimate (0.4 or 2/5) and Enter: it counts as right within 10% of the true "
        "value, or 0.02, whichever is larger. For a choice, type one of the words "
        "offered (or its number). Enter alone skips a question; q stops asking.")
NONE = ("On this sentence none of the lesson's questions arises, so there is nothing "
        "to guess: the walkthrough follows as it is.")


class Question(namedtuple("Question", "prompt answer choices context reason",
                          defaults=("",))):
    """One question: its prompt, the true answer, the words to choose from (or None for
    a number), the lines that show what the guess can be made from, and the reason the
    answer is what it is (computed, shown after the guess)."""

    def check(self, text):
        """Return True or False for a valid answer, or None when it is not one."""
        if self.choices is None:
            guess = parse(text)
            return None if guess is None else near(guess, self.answer)
        chosen = self.chosen(text)
        return None if chosen is None else chosen == self.answer

    def chosen(self, text):
        """Return the choice a learner typed, by its word or its number, or None."""
        text = text.strip()
        if text.isdigit() and 1 <= int(text) <= len(self.choices):
            return self.choices[int(text) - 1]
        found = [c for c in self.choices if c.casefold() == text.casefold()]
        return found[0] if found else None


def near(guess, answer):
    """Say whether a guess is within 10% of the answer, or 0.02, whichever is larger."""
    answer = Fraction(answer)
    return abs(guess - answer) <= max(abs(answer) * SHARE, LEAST)


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


def ask(q, st, write, read, width=80, echo=True):
    """Ask one question until the answer is valid; return True, False, None (skip) or 'q'.

    echo: the terminal shows what is typed, Enter included; piped answers are not
    shown, so a new line starts what follows them."""
    for line in q.context:  # escape the words, then end the line with a real newline
        write(st.text(f"  {line}") + "\n")
    while True:  # every word may come from a file: shown through st.text, never raw
        prompt = q.prompt if q.choices is None else f"{q.prompt} ({', '.join(q.choices)})"
        mark = "" if prompt.endswith("?") else ":"
        lines = wrap(st.text(prompt) + mark, width - 1)  # between words, never inside one
        write("".join(ln + "\n" for ln in lines[:-1]) + lines[-1] + " ")
        answer = read()
        if answer == "":  # end of input
            raise EOFError
        if not echo:
            write("\n")
        answer = answer.strip()
        if answer in ("", "q"):
            return answer or None
        right = q.check(answer)
        if right is not None:
            write("".join(f"{ln}\n" for ln in verdict(q, right, st, width)))
            return right
        write(f"  {refusal(q, answer)}\n")


def verdict(q, right, st, width=80):
    """Return the lines that answer a guess: right or not, the true answer, the reason."""
    true = st.num(q.answer) if q.choices is None else st.text(q.answer)
    if right:
        text = f"Right: {true}."
    elif q.choices is None:
        text = f"Not within 10% (or 0.02): the true value is {true}."
    else:
        text = f"Not this time: the answer is {true}."
    return wrap(f"{text} {q.reason}".strip(), width - 2, "  ", first="  ")


def refusal(q, answer):
    """Return why a typed answer is not one the question takes."""
    shown = repr(answer[:20]) + ("..." if len(answer) > 20 else "")
    if q.choices is None:
        return f"{shown} is not a number from -1,000,000 to 1,000,000; try again (Enter skips)"
    return f"{shown} is not one of the choices; try again (Enter skips)"


def wrap(text, width, indent="", first=""):
    """Return text broken between words to the width (a long word is cut only alone)."""
    from ..view.text import wrap as wrap_words
    return wrap_words(first + text, max(20, width), indent) or [first]


def declared(trace, st):
    """Return {step index: [Question]} from the questions the trace's lesson asks, each
    before the step that came next when it was asked."""
    out = {}
    for q in getattr(trace, "questions", ()):
        if q.answer_ is None or q.step >= len(trace.steps):
            continue  # a question the lesson never came to answer is not asked
        prompt, reason = (st.text(text.format(*(st.value(v) for v in vs)))
                          for text, vs in ((q.prompt, q.shown), (q.reason, q.values)))
        out.setdefault(q.step, []).append(Question(prompt, q.answer_, q.choices, [], reason))
    return out


def questions(trace, st):
    """Return {step index: [Question]}: the lesson's own, else at most MOST at the
    moments its operations declare."""
    if getattr(trace, "questions", None) or getattr(trace, "asks", False):
        return declared(trace, st)  # a lesson that asks its own: none here is none
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


def stops(trace, walk, st):
    """Return {position: [Question]}: where the player stops to ask each question, the
    end of the step before the steps that answer it."""
    return {max(1, walk.start(i)): qs for i, qs in questions(trace, st).items()}


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
    return [Question(estimate(title(step, st), st), step.result, None, operands(step, st))]


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
    return [Question(estimate(cell_name(step, here, st), st), terms[-1].total, None, context)]


def share(step, st, focus):
    """Return which word's value counts most, or else which component comes out largest."""
    return [q for q in (largest_share(step, st) or largest_component(step, st),) if q]


def first_share(step, st, focus):
    """Return "your estimate of the first of xs divided by their sum", unless all equal."""
    if len(set(step.args[0])) < 2:  # equal parts teach nothing to guess
        return []
    return [Question(estimate(f"the first of {title(step, st)}", st), step.result[0], None,
                     operands(step, st))]


def largest_weight(step, st, focus):
    """Return "your estimate of the largest weight in the row of FOCUS"."""
    if not (step.labels and step.labels[1]):
        return []
    i = focus_row(step, focus)
    what = f"the largest weight in {row_name(step, i, 'the row of ')}"
    return [Question(estimate(what, st),
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


def estimate(what, st):
    """Return the prompt that asks for a number: "Your estimate of what"."""
    return st.text(f"Your estimate of {what}")


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


def predict(trace, st, lines, print_line, write=None, read=None, pause=False, width=80):
    """Print a walkthrough, asking each question just before its step; return 0.

    With pause (a terminal at both ends), a verdict waits for Enter before the
    walkthrough prints on, so that it is read before it scrolls away. Every line is
    broken between words to the width, so no terminal cuts a word in two."""
    write = write or (lambda s: (sys.stdout.write(s), sys.stdout.flush()))
    read = read or read_line
    count = Counter()  # asked, answered, right, skipped
    pending = questions(trace, st)
    total = sum(map(len, pending.values()))
    for line in wrap(st.text(RULE if total else NONE), width):
        print_line([(line, "say")])

    def steps():  # the transcript pulls each step only once the last one is printed
        nonlocal pending
        for i, step in enumerate(trace.steps):
            for q in pending.get(i, ()):
                count["asked"] += 1
                result = ask(q, st, write, read, width, echo=pause)
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
    for line in summary(count, total) if total else ():
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
