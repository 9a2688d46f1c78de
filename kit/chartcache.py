"""Charts drawn once: an on-disk cache of finished charts, shared by every kernel of a user.

A chart function decorated with :func:`cached` is drawn by matplotlib the first time it is called
with some inputs; the finished chart (its SVG and its texts and numbers) is stored, and every later
call with the same inputs, in this kernel or any other, reads it back without drawing, without
importing matplotlib or numpy. The cache is also shippable: a site built where matplotlib exists
(the no-server edition) can carry a filled cache to where it does not.

The key
-------
``sha256`` (hex) of the compact, key-sorted JSON of::

    {"format": 1, "chart": NAME, "args": [FP...], "kwargs": {NAME: FP}, "kit": KIT_VERSION}

- ``NAME``: the chart's name, by default ``module.qualname`` of the function (``kit.views.claims.claims_chart``).
- ``FP`` (fingerprint) of each argument: ``None``, booleans, integers, strings as themselves; a
  float as ``{"f": repr}``; anything else as ``{"h": SHA256}``, the hash of a canonical walk of
  its *content*: dataclasses (type name and every field), mappings (in order), lists, tuples and
  scalars. The data a chart reads is the validated record built from the data files, so a changed
  data file gives another fingerprint; a value the walk cannot read (an open file, a widget)
  makes the call uncacheable, and the chart is simply drawn.
- ``KIT_VERSION`` (:func:`kit.diskcache.kit_version`): ``"src-"`` and the first 16 hex digits of
  the sha256 of every ``*.py`` file and schema of the ``kit`` package (sorted relative paths and
  bytes, line ends normalised to ``\\n``; ``_charts/`` and a wheel's ``_data/`` left out). Any
  change to the code or the schemas redraws every chart; the same source gives the same version
  wherever it runs (CPython at build time, Pyodide in the browser).

The layout
----------
::

    ROOT/v1/KIT_VERSION/KEY[:2]/KEY.json

``ROOT`` is ``$KIT_CHART_CACHE`` when set (``off`` turns the cache off), else the user's cache
folder: ``%LOCALAPPDATA%\\uyghur-vote-kit\\Cache\\charts`` on Windows,
``~/Library/Caches/uyghur-vote-kit/charts`` on macOS, ``$XDG_CACHE_HOME/uyghur-vote-kit/charts``
(default ``~/.cache/...``) elsewhere. Read-only folders with the same layout are looked in after
it: each folder of ``$KIT_CHART_CACHE_SHIPPED`` (separated by ``os.pathsep``) and the package's own
``kit/_charts/`` when it exists (where a build can ship a filled cache). Charts are only written to
``ROOT``.

Each entry is one UTF-8 JSON object::

    {"format": 1, "key": KEY, "chart": NAME, "kit": KIT_VERSION,
     "alt": ..., "short_alt": ..., "description": ..., "caption": ...,  # kit.display.Chart's texts
     "data": TAGGED, "svg": "<?xml ...<svg ...>", "drawn_with": "matplotlib 3.x"}

``data`` is the chart's numbers in tagged JSON (a tuple as ``{"__t": [...]}``, a mapping whose keys
are not all strings as ``{"__d": [[k, v], ...]}``) so that it reads back equal to what was drawn;
a chart whose data cannot be stored that way is not cached.

Safe to share: entries are JSON and SVG text, never pickle; an entry is written to a temporary
file in its folder and moved into place (``os.replace``), so a reader sees a whole entry or none,
and two kernels filling the cache at once write the same bytes; an entry that does not parse, has
the wrong key or fields of the wrong type is ignored, drawn again and replaced. The SVG is shown
through an ``<img>`` (data URI), where a browser runs no script.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import functools
import hashlib
import json
import os
import shutil
import sys
import time
import types
import weakref
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar, cast

from .diskcache import cache_folder, kit_version, known_digest, read_entry, write_entry
from .display import Chart, _Null, matplotlib_available

F = TypeVar("F", bound=Callable[..., Any])

FORMAT = 1
ENV = "KIT_CHART_CACHE"
ENV_SHIPPED = "KIT_CHART_CACHE_SHIPPED"
_MEMORY: dict[str, dict[str, Any]] = {}  # key -> entry, this process
_MEMORY_MAX = 256
_STATS = {"hits": 0, "misses": 0, "stored": 0, "damaged": 0, "uncacheable": 0}


class Uncacheable(Exception):
    """An argument whose content the fingerprint cannot read."""


# ---------------------------------------------------------------- where


def cache_root() -> Path | None:
    """The folder charts are written to, or ``None`` when the cache is off (``KIT_CHART_CACHE=off``).

    Examples
    --------
    >>> from unittest import mock
    >>> with mock.patch.dict(os.environ, {ENV: "/tmp/kit-doctest-charts"}):
    ...     str(cache_root())
    '/tmp/kit-doctest-charts'

    """
    return cache_folder(ENV, "charts")


def _read_roots() -> list[Path]:
    roots = [r for r in (cache_root(),) if r is not None]
    if not roots:
        return []
    for part in os.environ.get(ENV_SHIPPED, "").split(os.pathsep):
        if part.strip():
            roots.append(Path(part.strip()).expanduser())
    roots.append(Path(__file__).resolve().parent / "_charts")
    return roots


def entry_path(root: Path, key: str) -> Path:
    """Where the entry ``key`` lives below ``root``."""
    return root / f"v{FORMAT}" / kit_version() / key[:2] / f"{key}.json"


# ---------------------------------------------------------------- the key


# frozen dataclasses (an Article, its records) are walked once per object: id -> (weak ref, digest)
_DIGESTS: dict[int, tuple[Any, str]] = {}


def _walk(value: Any, out: list[str], depth: int = 0) -> None:
    if depth > 60:
        raise Uncacheable("nested too deeply")
    if value is None or isinstance(value, (bool, int, str)):
        out.append(json.dumps(value, ensure_ascii=False))
    elif isinstance(value, float):
        out.append(f"f{value!r}")
    elif isinstance(value, enum.Enum):
        out.append(f"E{type(value).__qualname__}.{value.name}")
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        out.append("D" + _digest(value))
    elif isinstance(value, dict):
        out.append("{")
        for k, v in value.items():
            _walk(k, out, depth + 1)
            _walk(v, out, depth + 1)
        out.append("}")
    elif isinstance(value, (list, tuple)):
        out.append("[" if isinstance(value, list) else "(")
        for v in value:
            _walk(v, out, depth + 1)
        out.append("]")
    elif isinstance(value, (set, frozenset)):
        out.append("<")
        for s in sorted(json.dumps(x, sort_keys=True, default=str) for x in value):
            out.append(s)
        out.append(">")
    else:
        raise Uncacheable(type(value).__name__)


def _fields(value: Any, out: list[str], depth: int) -> None:
    out.append(type(value).__qualname__ + "(")
    for f in dataclasses.fields(value):
        out.append(f.name + "=")
        _walk(getattr(value, f.name), out, depth + 1)
    out.append(")")


def _digest(value: Any) -> str:
    """The content hash of a dataclass instance (memoised for frozen ones)."""
    frozen = bool(getattr(getattr(value, "__dataclass_params__", None), "frozen", False))
    recorded = known_digest(value) if frozen else None
    if recorded is not None:  # an article built from files whose content key the loader knows
        return "files:" + recorded
    if frozen:
        known = _DIGESTS.get(id(value))
        if known is not None and known[0]() is value:
            return known[1]
    out: list[str] = []
    _fields(value, out, 1)
    digest = hashlib.sha256("\x1f".join(out).encode("utf-8", "surrogatepass")).hexdigest()
    if frozen:
        key = id(value)

        def forget(_ref: Any) -> None:
            _DIGESTS.pop(key, None)

        try:
            ref = weakref.ref(value, forget)
        except TypeError:  # no weak references (slots): not memoised
            return digest
        _DIGESTS[key] = (ref, digest)
    return digest


def fingerprint(value: Any) -> Any:
    """The JSON-ready stand-in of one argument in the key (see the module docstring).

    Examples
    --------
    >>> fingerprint(3), fingerprint("x"), fingerprint(0.5)
    (3, 'x', {'f': '0.5'})
    >>> fingerprint({"a": 1}) == fingerprint({"a": 1}) != fingerprint({"a": 2})
    True
    """
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return {"f": repr(value)}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {"h": _digest(value)}
    out: list[str] = []
    _walk(value, out, 1)
    return {"h": hashlib.sha256("\x1f".join(out).encode("utf-8", "surrogatepass")).hexdigest()}


def chart_key(name: str, args: tuple[Any, ...] = (), kwargs: dict[str, Any] | None = None) -> str:
    """The cache key of a chart called as ``name(*args, **kwargs)``.

    Raises
    ------
    Uncacheable
        When an argument's content cannot be read.

    Examples
    --------
    >>> chart_key("x", (1,)) == chart_key("x", (1,)) != chart_key("x", (2,))
    True
    """
    doc = {"format": FORMAT, "chart": name, "args": [fingerprint(a) for a in args],
           "kwargs": {k: fingerprint(v) for k, v in sorted((kwargs or {}).items())}, "kit": kit_version()}
    text = json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


# ---------------------------------------------------------------- tagged JSON for a chart's data


def encode(value: Any) -> Any:
    """``value`` as JSON that :func:`decode` turns back into an equal value (tuples stay tuples).

    Examples
    --------
    >>> v = {"a": (1, 2), 3: [None, {"b": 0.5}]}
    >>> decode(json.loads(json.dumps(encode(v)))) == v
    True
    """
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, tuple):
        return {"__t": [encode(v) for v in value]}
    if isinstance(value, dict):
        if all(isinstance(k, str) for k in value) and not ({"__t", "__d"} & set(value)):
            return {k: encode(v) for k, v in value.items()}
        return {"__d": [[encode(k), encode(v)] for k, v in value.items()]}
    raise Uncacheable(f"chart data holds a {type(value).__name__}")


def decode(value: Any) -> Any:
    """The inverse of :func:`encode`."""
    if isinstance(value, list):
        return [decode(v) for v in value]
    if isinstance(value, dict):
        if set(value) == {"__t"}:
            return tuple(decode(v) for v in value["__t"])
        if set(value) == {"__d"}:
            return {_hashable(decode(k)): decode(v) for k, v in value["__d"]}
        return {k: decode(v) for k, v in value.items()}
    return value


def _hashable(value: Any) -> Any:
    if isinstance(value, (list, dict)):
        raise ValueError("a mapping key cannot be a list or a mapping")
    return value


# ---------------------------------------------------------------- reading and writing entries

_TEXT_FIELDS = ("key", "chart", "kit", "alt", "short_alt", "description", "caption", "svg")


def _valid(entry: Any, key: str) -> bool:
    return (isinstance(entry, dict) and entry.get("format") == FORMAT and entry.get("key") == key
            and all(isinstance(entry.get(f), str) for f in _TEXT_FIELDS)
            and entry["svg"].lstrip().startswith(("<?xml", "<svg")) and entry["svg"].rstrip().endswith("</svg>")
            and bool(entry["alt"].strip()) and "data" in entry)


def lookup(key: str) -> dict[str, Any] | None:
    """The stored entry for ``key`` (this process's memory first, then each folder), or ``None``.

    A damaged entry (not JSON, wrong key, a field of the wrong type) counts as absent.
    """
    entry = _MEMORY.get(key)
    if entry is not None:
        return entry
    for root in _read_roots():
        found = read_entry(entry_path(root, key), lambda e: _valid(e, key))
        if found is None:
            if entry_path(root, key).exists():
                _STATS["damaged"] += 1
            continue
        try:
            found["data"] = decode(found["data"])
        except (ValueError, TypeError, KeyError, RecursionError):
            _STATS["damaged"] += 1
            continue
        _remember(key, found)
        return cast(dict[str, Any], found)
    return None


def _remember(key: str, entry: dict[str, Any]) -> None:
    if len(_MEMORY) >= _MEMORY_MAX:
        _MEMORY.pop(next(iter(_MEMORY)))
    _MEMORY[key] = entry


def store(key: str, name: str, chart: Chart) -> Path | None:
    """Write ``chart`` under ``key``; return the file, or ``None`` when it was not stored.

    Nothing is stored when the cache is off, the chart has no drawing (matplotlib absent), its data
    cannot be stored exactly, or the folder cannot be written (a read-only home): the chart is
    still shown, it is only drawn again next time.
    """
    root = cache_root()
    if root is None or not chart.drawn:
        return None
    try:
        data = encode(chart.data)
        if decode(json.loads(json.dumps(data))) != chart.data:
            raise Uncacheable("chart data does not read back equal")
    except (Uncacheable, ValueError, TypeError):
        _STATS["uncacheable"] += 1
        return None
    svg = chart.svg_text()
    entry = {"format": FORMAT, "key": key, "chart": name, "kit": kit_version(), "alt": chart.alt,
             "short_alt": chart.short_alt, "description": chart.description, "caption": chart.caption, "data": data,
             "svg": svg,
             "drawn_with": chart.drawn_with}
    path = entry_path(root, key)
    if not write_entry(path, entry):
        return None
    _STATS["stored"] += 1
    _remember(key, dict(entry, data=chart.data))
    _prune(root)
    return path


_PRUNED: set[str] = set()
PRUNE_AFTER_DAYS = 30


def _prune(root: Path) -> None:
    """Once per process: remove other kit versions' folders unused for :data:`PRUNE_AFTER_DAYS` days."""
    if str(root) in _PRUNED:
        return
    _PRUNED.add(str(root))
    base = root / f"v{FORMAT}"
    cutoff = time.time() - PRUNE_AFTER_DAYS * 86400
    try:
        folders = [p for p in base.iterdir() if p.is_dir() and p.name != kit_version()]
    except OSError:
        return
    for folder in folders:
        try:
            if folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            pass


def stats() -> dict[str, int]:
    """Hits, misses, stores, damaged entries met and uncacheable charts, in this process."""
    return dict(_STATS)


def clear_memory() -> None:
    """Forget the entries read in this process (the files stay)."""
    _MEMORY.clear()


# ---------------------------------------------------------------- the decorator


class _StandIn(types.ModuleType):
    """A module whose every name is the do-nothing stand-in of :func:`kit.display.new_figure`."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return _Null()


_STAND_INS = ("matplotlib", "matplotlib.patches", "matplotlib.collections", "matplotlib.lines",
              "matplotlib.dates", "matplotlib.colors", "matplotlib.ticker", "matplotlib.figure", "numpy")


@contextlib.contextmanager
def _stand_ins() -> Iterator[None]:
    """Where matplotlib is absent, let a chart function run to compute its numbers and description.

    For the length of the call only, ``import matplotlib.x`` and ``import numpy`` give stand-in
    modules on which drawing does nothing; the :class:`kit.display.Chart` it returns then has no
    drawing and shows its numbers as a table with its description. Modules really present are
    never replaced, and the stand-ins are removed afterwards.
    """
    added = [m for m in _STAND_INS if sys.modules.get(m) is None]
    saved = {m: sys.modules[m] for m in added if m in sys.modules}
    for m in added:
        sys.modules[m] = _StandIn(m)
    try:
        yield
    finally:
        for m in added:
            del sys.modules[m]
        sys.modules.update(saved)


def from_entry(entry: dict[str, Any], redraw: Callable[[], Any] | None = None) -> Chart:
    """A :class:`kit.display.Chart` from a stored entry; its ``figure`` is drawn again only if asked for."""
    chart = Chart(None, entry["alt"], dict(entry["data"]), description=entry["description"],
                  caption=entry["caption"])
    chart.short_alt = entry["short_alt"]
    chart.set_svg(entry["svg"], redraw)
    return chart


def cached(name: str | None = None) -> Callable[[F], F]:
    """Cache the charts a function returns (see the module docstring for the key and the layout).

    Only a :class:`kit.display.Chart` it returns is stored; anything else (a message saying what
    is missing, an SVG drawn by hand) is passed on untouched.
    """
    def wrap(fn: F) -> F:
        chart_name = name or f"{fn.__module__}.{fn.__qualname__}"

        @functools.wraps(fn)
        def inner(*args: Any, **kwargs: Any) -> Any:
            if cache_root() is None:
                return fn(*args, **kwargs)
            try:
                key = chart_key(chart_name, args, kwargs)
            except Uncacheable:
                _STATS["uncacheable"] += 1
                return fn(*args, **kwargs)
            entry = lookup(key)
            if entry is not None:
                _STATS["hits"] += 1
                return from_entry(entry, lambda: fn(*args, **kwargs))
            _STATS["misses"] += 1
            if not matplotlib_available():
                with _stand_ins():
                    return fn(*args, **kwargs)
            result = fn(*args, **kwargs)
            if type(result) is Chart:
                store(key, chart_name, result)
            return result

        inner.chart_name = chart_name  # type: ignore[attr-defined]
        return cast(F, inner)
    return wrap


__all__ = ["cached", "cache_root", "chart_key", "fingerprint", "kit_version", "lookup", "store", "stats",
           "encode", "decode", "entry_path", "from_entry", "Uncacheable"]
