"""What several test modules share: the repository, a child's environment, small runs."""

import os
from pathlib import Path

import tracer

ROOT = Path(__file__).resolve().parent.parent
CLEARED = ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES", "LC_ALL", "LC_CTYPE", "LANG",
           "TERM", "PYTHONIOENCODING", "PYTHONSTARTUP")


def child_env(**changes):
    """Return an environment for a child tracer: UTF-8, xterm, no colour overrides.

    A change of None removes that variable.
    """
    env = {k: v for k, v in os.environ.items() if k not in CLEARED}
    env.update(TERM="xterm", LANG="C.UTF-8", PYTHONPATH=str(ROOT))
    for key, value in changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def record_one(fn, *args, **kwargs):
    """Run one operation inside a recording; return its result and its single step."""
    with tracer.recording() as trace:
        result = fn(*args, **kwargs)
    assert len(trace) == 1
    return result, trace[0]


def finish(child):
    """Wait for a wrapper to end; return its exit status and the terminal mode it left."""
    child.expect(r"after (\[.*\])\r\n")
    mode = child.match.group(1)
    child.expect(__import__("pexpect").EOF)
    child.close()
    return child.exitstatus, mode
