"""Writing files whole: a reader never finds half of one."""

import os
import stat
import tempfile

from ..errors import TraceError


def write_all(texts):
    """Write each path's text, all of them or (if one cannot be written) none."""
    temps = {}
    try:
        for path, text in texts.items():
            temps[path] = draft(path, text)
        for path, temp in temps.items():
            os.replace(temp, target_of(path))
    except OSError as e:
        raise TraceError(f"{path}: cannot write it ({e.strerror})") from None
    finally:
        for temp in temps.values():
            if os.path.exists(temp):
                os.unlink(temp)


def draft(path, text):
    """Return a temporary file beside path that holds text, ready to take its place."""
    target = target_of(path)
    refuse_special(path, target)
    try:
        fd, temp = tempfile.mkstemp(dir=os.path.dirname(os.path.abspath(target)),
                                    prefix=".tracer-", suffix=".part")
    except OSError as e:
        raise TraceError(f"{path}: cannot write there ({e.strerror})") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(temp, mode_for(target))
    except BaseException as e:  # a full disk, a signal: no half file is left behind
        os.unlink(temp)
        if isinstance(e, UnicodeEncodeError):
            raise TraceError(f"{path}: cannot write it (text that is not Unicode)") \
                from None
        raise
    return temp


def refuse_special(path, target=None):
    """Refuse to write over anything but a regular file (a new path is fine)."""
    try:
        mode = os.stat(target or path).st_mode  # through every link
    except (OSError, ValueError):
        return
    if not stat.S_ISREG(mode):
        raise TraceError(f"{path}: is {special(mode)}, not a regular file; tracer writes "
                         "only regular files, so give a file name")


def special(mode):
    """Return what a file that is not a regular one is, with its article."""
    for test, name in ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a regular file"


def target_of(path):
    """Return the file writing to path should change: a link's target, not the link."""
    return os.path.realpath(path) if os.path.islink(path) else path


def mode_for(target):
    """Return the permissions a written file gets: those it had, else a new file's."""
    try:
        return os.stat(target).st_mode & 0o7777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask  # as an ordinary new file, not mkstemp's 0600


def read_text(path, limit_bytes, kind):
    """Return the UTF-8 text of a file of at most limit_bytes, or say why it cannot."""
    try:
        # Opened without waiting: a FIFO or a device is refused, never read or waited on.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
                     | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise TraceError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise TraceError(f"{path}: is a directory, not a {kind}") from None
    except OSError as e:
        raise TraceError(f"{path}: cannot be read ({e.__class__.__name__})") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise TraceError(f"{path}: is {special(mode)}, not a {kind}")
    with os.fdopen(fd, "rb") as f:
        try:
            data = f.read(limit_bytes + 1)  # one byte more tells a file that is too big
        except OSError as e:
            raise TraceError(f"{path}: cannot be read ({e.__class__.__name__})") from None
    if len(data) > limit_bytes:
        raise TraceError(f"{path}: larger than {limit_bytes // 2**20} MB, too big for "
                         f"a {kind}")
    try:
        return data.decode("utf-8-sig")  # a byte order mark, as some editors write, is fine
    except UnicodeDecodeError as e:
        raise TraceError(f"{path}: cannot be read (not UTF-8: byte {e.object[e.start]:#04x}"
                         f" at offset {e.start})") from None
