"""Data documents read and schema-checked once per content, in this kernel and the next.

:func:`read_document` and :func:`schema_problems` keep the contracts of
:func:`kit.yamlio.read_document` and :func:`kit.validation.schema_problems` (same values, same
problems, same messages) and remember their results in the per-user data cache, so a kernel that
reads an unchanged exercise or accounts file parses no YAML and compiles no schema (the schema
compiler alone costs 40-70 ms per schema and kernel).

What is remembered is keyed by the sha256 of the kit's version (:func:`kit.diskcache.kit_version`:
the code and the schemas), the file's label (messages name it) and the file's bytes: a changed file,
schema or kit is read and checked again. A schema verdict is used only for a document this module
returned, unchanged since (it is compared with a copy kept aside), with the line map returned with
it; any other document is checked as before. Entries are JSON only, never pickle, written whole
or not at all (:func:`kit.diskcache.write_entry`), and an entry that does not read back as
expected is ignored and replaced. A document JSON cannot hold exactly (a date, a non-text key) is
not stored. The cache lives under ``$KIT_DATA_CACHE`` (``off`` turns it off) in ``documents/``.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from . import validation, yamlio
from .diskcache import cache_folder, kit_version, read_entry, write_entry
from .errors import Problem
from .files import read_bytes

FORMAT = 1
ENV = "KIT_DATA_CACHE"  # the same folder as the loader's verdicts on article folders (kit.loader)
PathKey = tuple[Any, ...]

# id(document returned) -> (that document, a pristine copy, its line map, its key); a few recent ones
_RETURNED: dict[int, tuple[Any, Any, dict[PathKey, int], str]] = {}
_KEEP = 256
STATS = {"read_hits": 0, "read_misses": 0, "verdict_hits": 0, "verdict_misses": 0, "damaged": 0}


def _folder() -> Path | None:
    root = cache_folder(ENV, "data")
    return None if root is None else root / "documents" / f"v{FORMAT}" / kit_version()


def _entry_path(folder: Path, key: str, suffix: str = "") -> Path:
    return folder / key[:2] / f"{key}{suffix}.json"


def _key(label: str, suffix: str, raw: bytes) -> str:
    h = hashlib.sha256(f"{FORMAT}\0{kit_version()}\0{label}\0{suffix}\0".encode("utf-8", "surrogatepass"))
    h.update(raw)
    return h.hexdigest()


def _problems_ok(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(p, list) and len(p) == 4 and all(isinstance(x, str) for x in p[:3])
        and (p[3] is None or (isinstance(p[3], int) and not isinstance(p[3], bool))) for p in value)


def _part_ok(x: Any) -> bool:
    return isinstance(x, str) or (isinstance(x, int) and not isinstance(x, bool))


def _read_ok(entry: Any, key: str) -> bool:
    """Whether a stored reading is whole; its line map is made here (``entry["lines"]`` becomes a dict)."""
    if not (isinstance(entry, dict) and entry.get("format") == FORMAT and entry.get("key") == key and "doc" in entry
            and isinstance(entry.get("lines"), list) and _problems_ok(entry.get("problems"))):
        return False
    lines = {tuple(path): line for path, line in entry["lines"]}  # a damaged pair raises: read as damaged
    entry["lines"] = lines
    return all(type(v) is int for v in lines.values())


def _to_problems(rows: list[list[Any]]) -> list[Problem]:
    return [Problem(f, p, m, ln) for f, p, m, ln in rows]


def _problem_rows(problems: list[Problem]) -> list[list[Any]]:
    return [[p.file, p.path, p.message, p.line] for p in problems]


def _exact(value: Any) -> bool:
    """Whether ``value`` comes back from JSON equal and of the same kinds (no date, no number as a key)."""
    try:
        return bool(json.loads(json.dumps(value)) == value)
    except (TypeError, ValueError, RecursionError):
        return False


def _remember(doc: Any, lines: dict[PathKey, int], key: str, copy: Any) -> None:
    if doc is None:
        return
    if len(_RETURNED) >= _KEEP:
        _RETURNED.clear()
    _RETURNED[id(doc)] = (doc, copy, lines, key)


def read_document(path: Path, label: str) -> tuple[Any, dict[PathKey, int], list[Problem]]:
    """What :func:`kit.yamlio.read_document` returns for ``path``, parsed once per content.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.yaml"
    >>> _ = p.write_text("a:\\n  - 1\\n  - when: 2022-01-20\\n")
    >>> doc, lines, problems = read_document(p, "x.yaml")
    >>> doc, lines[("a", 1, "when")], problems
    ({'a': [1, {'when': '2022-01-20'}]}, 3, [])
    """
    folder = _folder()
    if folder is None:
        return yamlio.read_document(path, label)
    try:
        raw = read_bytes(path)
    except OSError:  # yamlio words what is wrong (missing, a FIFO, too large...)
        return yamlio.read_document(path, label)
    key = _key(label, Path(path).suffix.lower(), raw)
    where = _entry_path(folder, key)
    entry = read_entry(where, lambda e: _read_ok(e, key))
    if entry is not None:
        STATS["read_hits"] += 1
        doc = entry["doc"]
        lines = entry["lines"]
        _remember(doc, lines, key, json.loads(json.dumps(doc)))
        return doc, lines, _to_problems(entry["problems"])
    if where.exists():
        STATS["damaged"] += 1
    STATS["read_misses"] += 1
    doc, lines, problems = yamlio.read_document(path, label)
    try:
        unchanged = read_bytes(path) == raw  # the file was not rewritten while it was read
    except OSError:
        unchanged = False
    if unchanged and _exact(doc) and all(all(_part_ok(p) for p in k) for k in lines):
        copy = json.loads(json.dumps(doc))
        write_entry(where, {"format": FORMAT, "key": key, "doc": doc,
                            "lines": [[list(k), v] for k, v in lines.items()],
                            "problems": _problem_rows(problems)})
        _remember(doc, lines, key, copy)
    return doc, lines, problems


def schema_problems(doc: Any, kind: str, label: str, lines: dict[PathKey, int]) -> list[Problem]:
    """What :func:`kit.validation.schema_problems` returns, remembered for a document read by
    :func:`read_document` and not changed since.

    Examples
    --------
    >>> [str(p) for p in schema_problems({"schema_version": 1}, "sources", "s.yaml", {})]
    ["s.yaml: missing required field 'sources' (The sources.)"]
    """
    known = _RETURNED.get(id(doc))
    folder = _folder()
    if known is None or known[0] is not doc or known[2] is not lines or folder is None or doc != known[1]:
        return validation.schema_problems(doc, kind, label, lines)
    vkey = hashlib.sha256(f"{FORMAT}\0{known[3]}\0{kind}\0{label}".encode("utf-8", "surrogatepass")).hexdigest()
    path = _entry_path(folder, known[3], f".{vkey[:16]}")
    entry = read_entry(path, lambda e: isinstance(e, dict) and e.get("key") == vkey and _problems_ok(e.get("problems")))
    if entry is not None:
        STATS["verdict_hits"] += 1
        return _to_problems(entry["problems"])
    if path.exists():
        STATS["damaged"] += 1
    STATS["verdict_misses"] += 1
    problems = validation.schema_problems(doc, kind, label, lines)
    if doc == known[1]:  # the check did not change the document (it never does; a damaged verdict is worse)
        write_entry(path, {"key": vkey, "problems": _problem_rows(problems)})
    return problems


def clear_memory() -> None:
    """Forget the documents returned in this process (the files on disk stay)."""
    _RETURNED.clear()


__all__ = ["read_document", "schema_problems", "clear_memory", "STATS", "FORMAT"]
