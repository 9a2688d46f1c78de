"""The kit's per-user cache folders: where they are, the kit's version, safe JSON entries.

Two caches use it: finished charts (:mod:`kit.chartcache`) and the verdicts of validated data
(:mod:`kit.loader`). Both keep JSON text only, never pickle (a folder another person or program can
write must not be able to run code in a kernel); an entry is written through a temporary file
and ``os.replace``, so it is whole or absent; an entry that does not read back as expected is
ignored (the caller computes the value again and replaces it).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
import tempfile
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .files import read_bytes

APP = "uyghur-vote-kit"
OFF = ("off", "0", "none", "false", "no")


def cache_folder(env: str, kind: str) -> Path | None:
    """The folder of one cache: ``$env`` when set (``off`` turns the cache off), else the user's cache folder.

    The user's cache folder is ``%LOCALAPPDATA%\\uyghur-vote-kit\\Cache\\KIND`` on Windows,
    ``~/Library/Caches/uyghur-vote-kit/KIND`` on macOS and ``$XDG_CACHE_HOME/uyghur-vote-kit/KIND``
    (default ``~/.cache/...``) elsewhere.

    Examples
    --------
    >>> from unittest import mock
    >>> with mock.patch.dict(os.environ, {"KIT_DOCTEST_CACHE": "off"}):
    ...     cache_folder("KIT_DOCTEST_CACHE", "x") is None
    True
    >>> cache_folder("KIT_DOCTEST_CACHE", "x").name
    'x'
    """
    value = os.environ.get(env, "").strip()
    if value.lower() in OFF:
        return None
    if value:
        return Path(value).expanduser()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / APP / "Cache" / kind
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / APP / kind
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / APP / kind


@functools.lru_cache(maxsize=1)
def kit_version() -> str:
    """A fingerprint of the kit's own code and schemas: ``"src-"`` and 16 hex digits.

    The sha256 of every ``*.py`` and ``*.json`` file of the ``kit`` package (``__pycache__``, a
    shipped ``_charts/`` folder and a wheel's copy of the data, ``_data/``, left out), in sorted
    order of their paths relative to the package, each as its path, a NUL byte, its bytes with
    ``\\r\\n`` read as ``\\n``, and a NUL byte. Any
    change to the code or the schemas gives another version; the same source gives the same
    version wherever it runs.

    Examples
    --------
    >>> v = kit_version(); v.startswith("src-") and len(v) == 20
    True
    """
    here = Path(__file__).resolve().parent
    h = hashlib.sha256()
    found: list[tuple[str, str]] = []  # (path relative to the package, with "/"; full path)
    for top, dirs, names in os.walk(here):  # os.walk, not Path.rglob: half the time, at every kernel start
        dirs[:] = [d for d in dirs if d not in ("__pycache__", "_charts", "_data")]
        rel = os.path.relpath(top, here).replace(os.sep, "/")
        found.extend((n if rel == "." else f"{rel}/{n}", os.path.join(top, n))
                     for n in names if n.endswith((".py", ".json")))
    for name, full in sorted(found):
        with open(full, "rb") as f:
            data = f.read()
        h.update(name.encode("utf-8") + b"\0")
        h.update(data.replace(b"\r\n", b"\n") + b"\0")
    return "src-" + h.hexdigest()[:16]


# content digests known for objects (an Article built from files whose content key is known):
# id -> (weak reference, digest); read by kit.chartcache's fingerprint instead of walking the object
_KNOWN: dict[int, tuple[Any, str]] = {}


def remember_digest(obj: Any, digest: str) -> None:
    """Record that ``obj`` (immutable) has the content digest ``digest``."""
    key = id(obj)

    def forget(_ref: Any) -> None:
        _KNOWN.pop(key, None)

    try:
        ref = weakref.ref(obj, forget)
    except TypeError:
        return
    _KNOWN[key] = (ref, digest)


def known_digest(obj: Any) -> str | None:
    """The digest recorded for ``obj`` by :func:`remember_digest`, if any."""
    known = _KNOWN.get(id(obj))
    return known[1] if known is not None and known[0]() is obj else None


def sha256_text(text: str) -> str:
    """The hex sha256 of a text's UTF-8 bytes (lone surrogates kept)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def read_entry(path: Path, check: Callable[[Any], bool]) -> Any:
    """The JSON value stored at ``path`` when it reads and passes ``check``; else ``None`` (absent or damaged)."""
    try:
        raw = read_bytes(path)  # a FIFO or a device planted in a shared folder is refused, never read
    except OSError:
        return None
    try:
        value = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError):
        return None
    try:
        return value if check(value) else None
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def write_entry(path: Path, value: Any) -> bool:
    """Store ``value`` as JSON at ``path`` (atomically); false when the folder cannot be written."""
    try:
        text = json.dumps(value, separators=(",", ":"))  # ASCII: a lone surrogate cannot fail the write
    except (TypeError, ValueError):
        return False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError:
        return False
    try:  # no fsync: a cache entry lost or cut short by a crash is only read as damaged and made again
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return False
    return True
