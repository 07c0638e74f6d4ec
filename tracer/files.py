"""Writing files whole: a reader never finds half of one."""

import os
import tempfile

from .errors import TraceError


def write_all(texts):
    """Write each path's text, all of them or (if one cannot be written) none."""
    temps = {}
    try:
        for path, text in texts.items():
            temps[path] = draft(path, text)
        for path, temp in temps.items():
            os.replace(temp, path)
    except OSError as e:
        raise TraceError(f"{path}: cannot write it ({e.strerror})") from None
    finally:
        for temp in temps.values():
            if os.path.exists(temp):
                os.unlink(temp)


def draft(path, text):
    """Return a temporary file beside path that holds text, ready to take its place."""
    if os.path.isdir(path):
        raise TraceError(f"{path}: is a directory; give a file name")
    folder = os.path.dirname(os.path.abspath(path))
    try:
        fd, temp = tempfile.mkstemp(dir=folder, prefix=".tracer-", suffix=".part")
    except OSError as e:
        raise TraceError(f"{path}: cannot write there ({e.strerror})") from None
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(temp, 0o666 & ~mask)  # as an ordinary new file, not mkstemp's 0600
    return temp


def read_text(path, limit_bytes, kind):
    """Return the UTF-8 text of a file of at most limit_bytes, or say why it cannot."""
    try:
        with open(path, "rb") as f:
            data = f.read(limit_bytes + 1)  # one byte more tells a file that is too big
    except FileNotFoundError:
        raise TraceError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise TraceError(f"{path}: is a directory, not a {kind}") from None
    except OSError as e:
        raise TraceError(f"{path}: cannot be read ({e.__class__.__name__})") from None
    if len(data) > limit_bytes:
        raise TraceError(f"{path}: larger than {limit_bytes // 2**20} MB, too big for "
                         f"a {kind}")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise TraceError(f"{path}: cannot be read ({e.__class__.__name__})") from None
