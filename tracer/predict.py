"""Predict, then reveal: the learner estimates each value before its terms appear."""

import sys
from fractions import Fraction

TOLERANCE = Fraction(5, 100)
RULE = (f"Before each relevance, weight and output you are asked for an estimate: type a "
        f"number (0.4 or 2/5) and Enter. It counts as right when it is within "
        f"{float(TOLERANCE)} of the true value. Enter alone skips a question; q stops "
        f"asking.")


def parse(answer):
    """Return the number a learner typed, or None if it is not one."""
    try:
        return Fraction(answer.strip())
    except (ValueError, ZeroDivisionError):
        return None


def ask(label, true, st, write, read):
    """Ask for one estimate until it is a number; return True, False, None (skip), or 'q'."""
    while True:
        write(f"Your estimate of {label.strip().rstrip(':')}: ")
        answer = read()
        if answer == "":  # end of input
            raise EOFError
        answer = answer.strip()
        if answer in ("", "q"):
            return answer or None
        guess = parse(answer)
        if guess is not None:
            right = abs(guess - Fraction(true)) <= TOLERANCE
            verdict = "right" if right else "not within the tolerance"
            write(f"  {verdict}: the true value is {st.num(true)}\n")
            return right
        write(f"  {answer!r} is not a number; try again (Enter skips)\n")


def predict(lines, st, print_line, write=None, read=None):
    """Walk the lines of a walkthrough, asking at each question; return the exit status."""
    write = write or (lambda s: (sys.stdout.write(s), sys.stdout.flush()))
    read = read or sys.stdin.readline
    print_line([(st.text(RULE), "say")])
    asked = right = 0
    asking = True
    try:
        for line in lines:
            kind = line[0][1]
            if isinstance(kind, tuple) and kind[0] == "ask":
                if asking:
                    result = ask(line[0][0], kind[1], st, write, read)
                    asking = result != "q"
                    asked += result in (True, False)
                    right += result is True
                continue
            print_line(line)
    except EOFError:
        write("\n")
    except KeyboardInterrupt:
        write("\n")  # leave the shell's prompt on a line of its own
        raise
    print_line([(f"Estimates made: {asked}. Within {float(TOLERANCE)} of the true "
                 f"value: {right}.", "result")])
    return 0
