"""Predict, then reveal: the learner estimates each value before its terms appear."""

import re
import sys
from fractions import Fraction

TOLERANCE = Fraction(5, 100)
LONGEST, LARGEST = 40, 10**6  # an estimate is a short number of moderate size
EXPONENT = re.compile(r"[eE]([+-]?\d+)")
RULE = (f"Before each relevance, weight and output you are asked for an estimate: type a "
        f"number (0.4 or 2/5) and Enter. It counts as right when it is within "
        f"{float(TOLERANCE)} of the true value. Enter alone skips a question; q stops "
        f"asking.")


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
        shown = repr(answer[:20]) + ("..." if len(answer) > 20 else "")
        write(f"  {shown} is not a number from -1,000,000 to 1,000,000; try again "
              "(Enter skips)\n")


def predict(lines, st, print_line, write=None, read=None):
    """Walk the lines of a walkthrough, asking at each question; return the exit status."""
    write = write or (lambda s: (sys.stdout.write(s), sys.stdout.flush()))
    read = read or read_line
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
