"""Regenerate the golden files in tests/expected/ from what the lessons show now.

Run: python tests/regen.py [lesson ...]   (all lessons when none is named)

Only this script writes them; no test does, whatever the environment. Run it after a
change meant to show, then read `git diff tests/expected` before committing.
"""

import sys

from golden import ROOT, every_file
from tracer import cli


def main(argv):
    lessons = argv or list(cli.LESSONS)
    unknown = [name for name in lessons if name not in cli.LESSONS]
    if unknown:
        print(f"regen: no lesson {unknown[0]!r}; the lessons are {', '.join(cli.LESSONS)}",
              file=sys.stderr)
        return 2
    changed = 0
    for path, text in every_file(lessons):
        old = path.read_text(encoding="utf-8") if path.exists() else None
        if old != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            changed += 1
            print(f"rewrote {path.relative_to(ROOT)}")
    print(f"regen: {changed} file{'s' * (changed != 1)} changed; read git diff tests/expected")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
