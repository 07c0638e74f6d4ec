"""The package: the sdist holds what its tests need, the wheel what a learner runs."""

import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from email.parser import Parser
from importlib import metadata
from pathlib import Path

import pytest

import tracer
from helpers import ROOT, child_env

# What a checkout gives the build: the sdist must carry all of it that the tests read.
SOURCES = ("pyproject.toml", "MANIFEST.in", "README.md", "LICENSE", "tracer", "lessons",
           "tests", "docs", "bench")
SKIPPED = shutil.ignore_patterns("__pycache__", "*.pyc", ".hypothesis", ".pytest_cache")
BUILD = "import sys\nfrom setuptools import build_meta\nprint(build_meta.{}(sys.argv[1]))"


def files(folder):
    """Return the paths of the files under a folder, relative to it, without caches."""
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"}


def missing_backend():
    """Return why the build backend pyproject.toml names cannot run here, or ""."""
    need = re.search(r'"setuptools>=(\d+)"', (ROOT / "pyproject.toml").read_text()).group(1)
    try:
        have = metadata.version("setuptools")
    except metadata.PackageNotFoundError:
        return "setuptools, the build backend, is not installed (pip install '.[test]')"
    if int(re.match(r"\d+", have).group()) < int(need):
        return f"setuptools {have} is older than the {need} pyproject.toml needs"
    return ""


def build(kind, source, out):
    """Build an sdist or a wheel from a source folder, offline; return its path."""
    done = subprocess.run([sys.executable, "-c", BUILD.format(f"build_{kind}"), str(out)],
                          cwd=source, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return out / done.stdout.split()[-1]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Build an sdist from a copy of the checkout, then a wheel from the unpacked sdist."""
    why = missing_backend()
    if why:
        pytest.skip(why)
    top = tmp_path_factory.mktemp("package")
    source = top / "checkout"
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=SKIPPED)
        else:
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, source / name)
    sdist = build("sdist", source, top)
    with tarfile.open(sdist) as archive:
        # The "data" filter refuses links and absolute paths; older Pythons lack it.
        safe = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
        archive.extractall(top / "unpacked", **safe)
    unpacked = top / "unpacked" / sdist.name[:-len(".tar.gz")]
    wheel = build("wheel", unpacked, top)
    return {"sdist": files(unpacked), "wheel": wheel}


@pytest.fixture(scope="module")
def wheel_names(built):
    return set(zipfile.ZipFile(built["wheel"]).namelist())


def dist_info(built, name):
    """Return the text of one file of the wheel's .dist-info folder."""
    wheel = zipfile.ZipFile(built["wheel"])
    (path,) = [n for n in wheel.namelist() if n.endswith(f".dist-info/{name}")]
    return wheel.read(path).decode("utf-8")


def test_the_sdist_holds_every_file_the_tests_read(built):
    need = set()
    for name in SOURCES:
        path = ROOT / name
        need |= {f"{name}/{f}" for f in files(path)} if path.is_dir() else {name}
    assert sorted(need - built["sdist"]) == []
    assert {"tests/expected/lesson1.txt", "tests/helpers.py", "LICENSE",
            "docs/trace-format.md", "bench/run.py"} <= built["sdist"]


def test_the_wheel_holds_the_engine_its_data_and_the_lessons_inside_it(wheel_names):
    engine = {f"tracer/{f}" for f in files(ROOT / "tracer")}
    lessons = {f"tracer/lessons/{f}" for f in files(ROOT / "lessons")}
    assert "tracer/data/riley.json" in engine and "tracer/lessons/lesson5.py" in lessons
    assert sorted((engine | lessons) - wheel_names) == []


def test_the_wheel_installs_nothing_beside_tracer(wheel_names):
    tops = {name.split("/")[0] for name in wheel_names}
    assert {top for top in tops if not top.endswith(".dist-info")} == {"tracer"}
    assert not any(name.startswith("lessons/") for name in wheel_names)


def test_the_metadata_names_attention_tracer_its_version_and_mit(built):
    meta = Parser().parsestr(dist_info(built, "METADATA"))
    assert meta["Name"] == "attention-tracer"
    assert meta["Version"] == tracer.__version__
    assert meta["License-Expression"] == "MIT"
    assert meta["License-File"] == "LICENSE"
    assert "Intended Audience :: Education" in meta.get_all("Classifier")
    assert "Copyright (c) 2026 the tracer authors" in dist_info(built, "licenses/LICENSE")


def test_the_wheel_gives_the_tracer_command(built):
    assert re.search(r"^tracer = tracer\.cli:main$", dist_info(built, "entry_points.txt"),
                     re.M)


def test_a_lesson_from_the_wheel_reads_as_from_the_checkout(built, tmp_path):
    # Unpacked alone on the path, the wheel must find its lessons as tracer.lessons and
    # record their lines (not the engine's) as the code each step runs.
    zipfile.ZipFile(built["wheel"]).extractall(tmp_path / "site")
    env = child_env(PYTHONPATH=str(tmp_path / "site"), COLUMNS="60")
    where = subprocess.run([sys.executable, "-c", "from tracer import cli; "
                            "print(cli.lesson_module('lesson1').__file__)"],
                           cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert Path(where.stdout.strip()) == tmp_path / "site/tracer/lessons/lesson1.py"
    done = subprocess.run([sys.executable, "-m", "tracer", "lesson1", "--no-pause",
                           "--plain"], cwd=tmp_path, env=env, capture_output=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    expected = (ROOT / "tests" / "expected" / "lesson1.txt").read_bytes()
    assert done.stdout.replace(b"\r\n", b"\n") == expected


WITHOUT_NUMPY_OR_RICH = r'''
import sys
sys.modules["numpy"] = None
sys.modules["rich"] = None

import tracer

words = tracer.words_of(tracer.word_vectors.database().sentence)
with tracer.recording() as trace:
    q = tracer.get_queries(words)
    k = tracer.get_keys(words)
    v = tracer.get_values(words)
    weights = tracer.normalize_rows(tracer.matmul(q, tracer.transpose(k)))
    out = tracer.matmul(weights, v)
back = tracer.Trace.from_json(trace.to_json(terms=True))
assert back.steps == trace.steps

for name in ("numpy", "rich"):
    try:
        __import__(name)
    except ImportError:
        pass
    else:
        raise SystemExit(name + " was importable")
print(len(trace), trace.count(), len(out), len(out[0]))
print(sorted(m for m in sys.modules if m.split(".")[0] in ("numpy", "rich")
             and sys.modules[m] is not None))
'''


def test_import_and_attention_without_numpy_or_rich():
    done = subprocess.run([sys.executable, "-c", WITHOUT_NUMPY_OR_RICH], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["4 1000 10 4", "[]"]


def imports_between_modules():
    """Return {module: modules of tracer it imports}, function bodies included."""
    import ast
    names = {}
    for path in (ROOT / "tracer").rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        names[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graph = {}
    for name, path in names.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found = set()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        # Shown lends Trace its views as methods that import them when called, as
        # rich's JupyterMixin does: only what it imports on loading is an edge here
        # (test_step checks that is nothing).
        nodes = tree.body if name == "tracer.shown" else ast.walk(tree)
        for node in nodes:
            if isinstance(node, ast.ImportFrom):
                base = package.split(".")[:len(package.split(".")) - node.level + 1] \
                    if node.level else []
                module = ".".join(base + ([node.module] if node.module else []))
                subs = {f"{module}.{a.name}" for a in node.names} & set(names)
                # "from . import check" reaches check; the package itself is no edge.
                found |= subs if subs and node.module is None else (
                    {module} & set(names)) | subs
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names} & set(names)
        graph[name] = found - {name}
    return graph


def cycle_in(graph):
    """Return one import cycle as a list of modules, or None."""
    state, path = {}, []

    def visit(module):
        state[module] = "open"
        path.append(module)
        for other in sorted(graph[module]):
            if state.get(other) == "open":
                return path[path.index(other):] + [other]
            if other not in state and (found := visit(other)):
                return found
        path.pop()
        state[module] = "done"
        return None
    return next(filter(None, (visit(m) for m in sorted(graph) if m not in state)), None)


def test_no_import_cycle_in_tracer():
    graph = imports_between_modules()
    assert "tracer.op" in graph["tracer.ops.vector"]  # the walk sees real imports
    assert cycle_in(graph) is None, " -> ".join(cycle_in(graph))


def test_the_cycle_finder_finds_a_cycle():
    assert cycle_in({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle_in({"a": {"b"}, "b": set()}) is None
