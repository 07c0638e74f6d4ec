"""tracer's engine needs neither NumPy nor rich: it runs with both blocked."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = r'''
import sys
sys.modules["numpy"] = None
sys.modules["rich"] = None

import tracer

words = tracer.words_of(tracer.database.database().sentence)
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
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["4 1000 10 4", "[]"]
