"""The command line: list the lessons, play one."""

import sys


def main(argv=None):
    """Run the command line; return the exit status."""
    print("tracer: lessons are on their way")
    return 0
