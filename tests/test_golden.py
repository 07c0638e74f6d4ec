"""Golden files cannot bless themselves: no test writes one, whatever the environment."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import golden
from helpers import CLEARED

ROOT = Path(__file__).resolve().parent.parent
# A name the tests or the package read from the environment, however they read it.
READ = re.compile(r"""(?:environ\.get\(|environ\[|getenv\(|setenv\()\s*["']([A-Z_][A-Z0-9_]*)""")
ONCE_READ = ("TRACER_WRITE_EXPECTED",)  # the switch that used to let a test write its file


def environment_read():
    """Return every environment variable a test file or the package names."""
    files = list((ROOT / "tests").glob("*.py")) + list((ROOT / "tracer").rglob("*.py"))
    return sorted({name for f in files for name in READ.findall(f.read_text("utf-8"))}
                  | set(ONCE_READ) | set(CLEARED))


def test_the_environment_scan_finds_what_the_tests_read():
    found = environment_read()
    assert {"TRACER_NEED_ALL", "COLUMNS", "TRACER_WRITE_EXPECTED"} <= set(found)


def test_no_test_writes_a_golden_file():
    for f in (ROOT / "tests").glob("test_*.py"):
        text = f.read_text("utf-8")
        assert "TRACER_WRITE_EXPECTED" not in text or f.name == "test_golden.py", f.name


def test_a_corrupted_expected_file_fails_with_every_variable_set(tmp_path):
    """Copy the tests beside the package, corrupt two expected files, set every variable
    the tests read, and run the golden tests: they fail, and leave the files corrupted."""
    shutil.copytree(ROOT / "tests", tmp_path / "tests",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("tracer", "lessons"):
        (tmp_path / name).symlink_to(ROOT / name, target_is_directory=True)
    lesson = tmp_path / "tests" / "expected" / "lesson1.txt"
    screen = tmp_path / "tests" / "expected" / "screens" / "lesson1-80x24-first.txt"
    for path in (lesson, screen):
        text = path.read_text("utf-8")
        path.write_text(text.replace("·", ":", 1) if "·" in text else "x" + text, "utf-8")
    broken = {p: p.read_bytes() for p in (lesson, screen)}
    env = {name: "1" for name in environment_read()}
    env["PYTHONIOENCODING"] = "utf-8"  # "1" is no encoding: Python would not start
    env.update(PATH="/usr/bin:/bin", HOME=str(tmp_path), LANG="C.UTF-8")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "tests/test_lessons.py::test_walkthrough_matches_expected_text[lesson1]",
         "tests/test_screen.py::test_screens_match_the_expected_ones[80-24-lesson1]"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stdout[-2000:] + done.stderr[-2000:]
    assert "2 failed" in done.stdout, done.stdout[-2000:]
    assert all(p.read_bytes() == want for p, want in broken.items())  # nothing rewritten
    # the untouched copy still passes the same way, so the failure is the corruption's
    for path in (lesson, screen):
        shutil.copy(golden.EXPECTED / path.relative_to(tmp_path / "tests" / "expected"),
                    path)
    again = subprocess.run(done.args, cwd=tmp_path, env=env, capture_output=True,
                           text=True, timeout=300)
    assert again.returncode == 0 and "2 passed" in again.stdout, again.stdout[-2000:]
