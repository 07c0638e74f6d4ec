"""--predict inside the player: it stops at a question, reads the answer typed on the
screen, shows the verdict and the reason, and goes on stepping."""

from .predict import refusal, verdict, wrap

LONGEST = 40  # characters an answer may have: a number or a word


class Quiz:
    """The questions of a walk by the position they stop at, and what was answered."""

    def __init__(self, questions, st):
        self.questions, self.st = questions, st  # {position: [Question]}, the style
        self.answers = {}  # (position, k) -> True, False or None (skipped)
        self.asking = None  # (position, k) of the question being answered, or None
        self.typed = ""
        self.told = None  # (question, right): the verdict shown until the next key

    def state(self):
        """Return what the screen shows of the quiz, to know when to redraw."""
        return self.asking, self.typed, self.told is not None, len(self.answers)

    def stop(self, start, end):
        """Say whether a question waits after start up to end; if so, start asking it."""
        for pos in sorted(p for p in self.questions if start < p <= end):
            for k in range(len(self.questions[pos])):
                if (pos, k) not in self.answers:
                    self.asking, self.typed = (pos, k), ""
                    return True
        return False

    def question(self):
        pos, k = self.asking
        return self.questions[pos][k]

    def take(self, key):
        """Take one key into the answer; return a note for the bottom line, or ""."""
        if key == "enter":
            return self.give()
        if key == "esc":
            return self.settle(None)
        if key == "backspace":
            self.typed = self.typed[:-1]
        elif key == "space" and self.typed:  # a space to go on is not the answer's start
            self.typed = (self.typed + " ")[:LONGEST]
        elif len(key) == 1 and key.isprintable():
            self.typed = (self.typed + key)[:LONGEST]
        return ""

    def give(self):
        """Check the answer typed: a verdict, a note saying what it takes, or a skip."""
        q, text = self.question(), self.typed.strip()
        if not text:
            return self.settle(None)
        right = q.check(text)
        if right is None:
            self.typed = ""
            return refusal(q, text)
        self.told = (q, right)
        return self.settle(right)

    def settle(self, right):
        """Record the answer (None: skipped); ask the next question at this place, if any."""
        pos, k = self.asking
        self.answers[pos, k] = right
        self.asking = None
        if k + 1 < len(self.questions[pos]):
            self.asking, self.typed = (pos, k + 1), ""
        return "" if right is not None else "skipped: space goes on"

    def lines(self, cols):
        """Return the lines over the foot of the screen: the question, or its verdict."""
        if self.asking:
            q = self.question()
            if q.choices is None:
                how = "Type a number (0.4 or 2/5), then Enter: right within 10%, or 0.02"
            else:
                offered = "  ".join(f"{n}) {c}" for n, c in enumerate(q.choices, 1))
                how = f"Type one of {offered} (or its number), then Enter"
            return [self.rule(cols)] + [f"  {c}" for c in q.context] + \
                wrap(q.prompt, cols) + wrap(f"{how}; Enter alone or Esc skips.", cols)
        if self.told:
            q, right = self.told
            return [self.rule(cols)] + verdict(q, right, self.st, cols) + ["  space goes on"]
        return []

    def summary(self):
        """Return the tally at the end: answered, right, skipped."""
        given = [r for r in self.answers.values() if r is not None]
        total = sum(map(len, self.questions.values()))
        return (f"that was the end {self.st.sym['dot']} questions: {sum(given)} right of {len(given)} "
                f"answered, {total - len(given)} skipped or not reached")

    def rule(self, cols):
        return self.st.sym["rule"] * cols
