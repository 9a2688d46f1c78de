"""Reading and writing files so that no input hangs or floods memory and no crash leaves half a file.

:func:`read_bytes` is the one reader for every file the kit takes in (data, exercises, progress,
results, a report for ``kit new``): regular files only (a FIFO, a device such as ``/dev/zero`` or a
folder is refused at once), a size cap checked while reading, and a symlink loop or a dangling link
reported in words. :func:`atomic_write` writes through a temporary file and ``os.replace``,
keeping the old file's permissions. :func:`swap_folders` replaces a whole folder at once.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import os
import stat
import sys
import tempfile
import time
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

fcntl: Any
msvcrt: Any
try:
    import fcntl
    msvcrt = None
except ImportError:  # pragma: no cover - Windows
    import msvcrt
    fcntl = None
# In the browser (Pyodide, the no-server edition) fcntl has no flock and a tab's Python is the only
# process writing its files: there is nothing to lock against.
NO_LOCKS = msvcrt is None and not hasattr(fcntl, "flock")

MAX_INPUT_BYTES = 20_000_000
"""The largest file the kit reads (a data file, an exercises file, a report): 20 MB."""


class InputFileError(OSError):
    """A file that cannot be taken in; ``str()`` is a sentence for the user (without the file name)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason

    def __str__(self) -> str:
        return self.reason


def _megabytes(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n:,} bytes"


def _why(path: Path, exc: OSError) -> str:
    """An OSError met while opening ``path``, in words."""
    if exc.errno == errno.ELOOP:
        return "is a symbolic link that leads back to itself (a loop); replace it with the file itself"
    if exc.errno == errno.ENOENT:
        if os.path.islink(path):
            return f"is a symbolic link to {os.readlink(path)!r}, which does not exist; replace it with the file itself"
        return "was not found"
    if exc.errno == errno.EISDIR:
        return "is a folder; expected a file"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "cannot be read (permission denied)"
    return f"cannot be read ({exc.strerror or exc})"


def read_bytes(path: str | os.PathLike[str], max_bytes: int = MAX_INPUT_BYTES, *, head: bool = False) -> bytes:
    """The bytes of a regular file, at most ``max_bytes``; never blocks on a FIFO or reads a device.

    With ``head=True`` a larger file is not refused: its first ``max_bytes`` bytes are returned.

    Raises
    ------
    InputFileError
        With a sentence saying why (not a regular file, too large, a link loop, a dangling link,
        not found, not readable).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> _ = p.write_bytes(b"hello")
    >>> read_bytes(p)
    b'hello'
    >>> try:
    ...     read_bytes(p, max_bytes=3)
    ... except InputFileError as e:
    ...     print(e)
    is 5 bytes, larger than the 3 bytes the kit reads from one file; expected a smaller file
    >>> try:
    ...     read_bytes("/dev/null")
    ... except InputFileError as e:
    ...     print(e)
    is a device, not a regular file; expected a file saved on disk
    """
    p = Path(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(p, flags)  # O_NONBLOCK: opening a FIFO with no writer returns at once
    except OSError as exc:
        raise InputFileError(_why(p, exc)) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            if stat.S_ISDIR(st.st_mode):
                raise InputFileError("is a folder; expected a file")
            kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(st.st_mode) else
                    "a socket" if stat.S_ISSOCK(st.st_mode) else "a device")
            raise InputFileError(f"is {kind}, not a regular file; expected a file saved on disk")
        if st.st_size > max_bytes and not head:
            raise InputFileError(f"is {_megabytes(st.st_size)}, larger than the {_megabytes(max_bytes)} the kit reads "
                                 "from one file; expected a smaller file")
        chunks: list[bytes] = []
        total = 0
        while True:  # the size is checked while reading too: a file may grow after fstat
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes and head:
                return b"".join(chunks)[:max_bytes]
            if total > max_bytes:
                raise InputFileError(f"is larger than the {_megabytes(max_bytes)} the kit reads from one file; "
                                     "expected a smaller file")
        return b"".join(chunks)
    except InputFileError:
        raise
    except OSError as exc:
        raise InputFileError(_why(p, exc)) from None
    finally:
        os.close(fd)


def read_text(path: str | os.PathLike[str], max_bytes: int = MAX_INPUT_BYTES) -> str:
    """:func:`read_bytes` decoded as UTF-8 (``UnicodeDecodeError`` when it is not)."""
    return read_bytes(path, max_bytes).decode("utf-8")


def label(path: str | os.PathLike[str]) -> str:
    """Name a file in messages: relative to the working folder when below it; never raises.

    The file itself is named as written, not where a symbolic link leads (a link that loops makes
    ``Path.resolve`` raise), so the message about it names the file the person gave.

    Examples
    --------
    >>> label(Path.cwd() / "data" / "x.yaml") == str(Path("data") / "x.yaml")
    True
    """
    p = Path(os.path.abspath(path))
    try:  # the folder resolved, the file named as it is (a link to /dev/zero is named, not its target)
        full = p.parent.resolve() / p.name
    except (OSError, RuntimeError):  # a symlink loop
        full = p
    try:
        rel = os.path.relpath(full, Path.cwd())
    except (ValueError, OSError):  # another drive on Windows; no working folder
        return str(full)
    return str(full) if rel.startswith("..") else rel


def stamp(path: str | os.PathLike[str]) -> tuple[str, int, int]:
    """(full name, modification time, size) of a file for a cache key; never raises (a broken link gets -1)."""
    p = Path(path)
    try:
        full = str(p.resolve())
    except (OSError, RuntimeError):
        full = os.path.abspath(p)
    try:
        st = os.stat(p)
    except OSError:
        return full, -1, -1
    return full, st.st_mtime_ns, st.st_size


def printable(text: object) -> str:
    """A name as it can be echoed to a terminal: control characters (escape sequences) shown as ``\\xNN``.

    Examples
    --------
    >>> printable("class\\x1b[2J.json")
    'class\\\\x1b[2J.json'
    """
    out = []
    for c in str(text):
        if unicodedata.category(c) in ("Cc", "Cf") or c in "\u2028\u2029":
            out.append(f"\\x{ord(c):02x}" if ord(c) < 256 else f"\\u{ord(c):04x}")
        else:
            out.append(c)
    return "".join(out)


def umask_mode(folder: bool = False) -> int:
    """The permissions a new file (or folder) gets under the current umask (0644/0755 with umask 022)."""
    mask = None
    try:  # Linux says it without changing it (os.umask would, for an instant, for every thread)
        with open("/proc/self/status", encoding="ascii") as fh:
            mask = next((int(line.split()[1], 8) for line in fh if line.startswith("Umask:")), None)
    except (OSError, ValueError, IndexError):
        mask = None
    if mask is None:
        mask = os.umask(0o22)
        os.umask(mask)
    return (0o777 if folder else 0o666) & ~mask


def atomic_write(path: str | os.PathLike[str], text: str | bytes, *, mode: int | None = None) -> Path:
    """Write ``text`` to ``path`` through a temporary file in the same folder and ``os.replace``.

    Until the replace, the old file stays whole; on any error the temporary file is removed and
    the error raised. The new file keeps the old file's permissions (or the umask's, for a new
    file), not the 0600 of a temporary file; ``mode`` sets them explicitly.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.json"
    >>> atomic_write(p, "{}").read_text()
    '{}'
    """
    target = Path(path)
    if mode is None:
        try:
            mode = stat.S_IMODE(os.stat(target).st_mode)
        except OSError:
            mode = umask_mode()
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(text.encode("utf-8") if isinstance(text, str) else text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return target


@contextlib.contextmanager
def locked(path: str | os.PathLike[str], timeout: float = 10.0) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` for a read-modify-write of the files in it or beside it.

    ``path`` is a folder (locked itself on POSIX, so no lock file is left in it) or a lock file,
    created when missing. ``fcntl.flock`` on POSIX, ``msvcrt.locking`` on Windows (a folder's lock
    there is its ``.lock`` file): the system releases it when the process dies, so a killed kernel
    never leaves a stale lock. Raises ``TimeoutError`` when another process holds it for more than
    ``timeout`` seconds.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with locked(pathlib.Path(tempfile.mkdtemp())):
    ...     pass
    """
    if NO_LOCKS:
        yield
        return
    if os.path.isdir(path):
        fd = os.open(path, os.O_RDONLY) if msvcrt is None else os.open(Path(path) / ".lock", os.O_RDWR | os.O_CREAT)
    else:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, umask_mode())
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                if msvcrt is not None:
                    msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
                else:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK, errno.EDEADLK):
                    raise
                if time.monotonic() > deadline:
                    raise TimeoutError(errno.ETIMEDOUT, "another notebook has held the file for too long",
                                       str(path)) from None
                time.sleep(0.005)
        try:
            yield
        finally:
            if msvcrt is not None:
                os.lseek(fd, 0, os.SEEK_SET)
                msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
            else:
                fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2(RENAME_EXCHANGE)``); False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False  # an old kernel, or a file system that cannot exchange
    raise OSError(err, os.strerror(err), str(a))


def swap_folders(new: Path, current: Path) -> Path | None:
    """Put folder ``new`` in the place of ``current``; return where the old one now is (or None).

    Where the system allows (Linux), the two are exchanged in one step, so a crash at any instant
    leaves either the old folder or the new one in place, never neither. Elsewhere the old folder
    is first renamed aside (``<name>.old-*`` beside it) and the new one moved in.
    """
    if not current.exists():
        os.replace(new, current)
        return None
    if _exchange(new, current):
        return new  # ``new`` now names the old folder
    aside = Path(tempfile.mkdtemp(prefix=f".{current.name}.old-", dir=current.parent))
    os.rmdir(aside)
    os.replace(current, aside)
    os.replace(new, current)
    return aside


def recover_swaps(parent: Path) -> list[Path]:
    """Put back every folder of ``parent`` that a swap interrupted between its two renames left aside.

    Where folders cannot be exchanged in one step (macOS, Windows), :func:`swap_folders` renames the
    old folder to ``.<name>.old-*`` and then moves the new one in; a crash between the two leaves
    no ``<name>`` at all. The old folder is then whole, so it is moved back. Returns the folders
    put back.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp()); (d / ".story.old-x1").mkdir()
    >>> [p.name for p in recover_swaps(d)], (d / "story").is_dir()
    (['story'], True)
    """
    restored: list[Path] = []
    try:
        asides = sorted(p for p in parent.iterdir() if p.name.startswith(".") and ".old-" in p.name)
    except OSError:
        return restored
    for aside in asides:
        name = aside.name[1:].rsplit(".old-", 1)[0]
        target = parent / name
        if not name or target.exists() or target.is_symlink() or not aside.is_dir():
            continue
        try:
            os.replace(aside, target)
        except OSError:
            continue
        restored.append(target)
    return restored


__all__ = ["recover_swaps", "read_bytes", "read_text", "label", "stamp", "locked", "atomic_write", "swap_folders",
           "printable", "umask_mode", "InputFileError", "MAX_INPUT_BYTES"]
