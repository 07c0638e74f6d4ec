"""Writing files whole: a reader never finds half of one."""

import os
import tempfile

from .step import TraceError


def write_whole(path, text):
    """Write text to path through a temporary file beside it, or say why it cannot."""
    folder = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        raise TraceError(f"{path}: is a directory; give a file name")
    try:
        fd, temp = tempfile.mkstemp(dir=folder, prefix=".tracer-", suffix=".part")
    except OSError as e:
        raise TraceError(f"{path}: cannot write there ({e.strerror})") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(temp, 0o666 & ~mask)  # as an ordinary new file, not mkstemp's 0600
        os.replace(temp, path)
    except OSError as e:
        os.unlink(temp)
        raise TraceError(f"{path}: cannot write it ({e.strerror})") from None
