"""Read YAML and JSON data files, keeping the line of every value for error messages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem
from .files import InputFileError, read_bytes

PathKey = tuple[Any, ...]

try:  # the C loader is much faster where PyYAML was built with it
    _Base: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Base = yaml.SafeLoader


class _Loader(_Base):  # type: ignore[misc]
    """A safe loader that keeps dates as strings (a date is data to check, not to convert)."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in _Base.yaml_implicit_resolvers.items()
}


MAX_DEPTH = 64
"""How deeply a data file may nest (the kit's own files go about 8 levels deep)."""
MAX_NODES = 1_000_000
"""How many values one data file may hold (the case study holds about 10,000)."""


def _walk(node: yaml.Node, out: dict[PathKey, int]) -> tuple[str, int | None] | None:
    """Record the line of every value in ``out``; return why the tree is refused, or None.

    Refused: a YAML alias (``*name``, which repeats a part marked ``&name``: a few hundred bytes
    of nested aliases expand to billions of values), a key given twice in one mapping, nesting
    deeper than :data:`MAX_DEPTH`, more than :data:`MAX_NODES` values. Iterative and bounded: each
    node is visited once.
    """
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, PathKey, int | None, int]] = [(node, (), None, 1)]
    while stack:
        n, key, key_line, parent_line = stack.pop()
        if id(n) in seen:
            return ("uses a YAML alias (*name), repeating a part written elsewhere; the kit's data files write "
                    "every value out in full: replace the alias (and its &anchor) with the values",
                    key_line or parent_line)
        seen.add(id(n))
        if len(seen) > MAX_NODES:
            return f"holds more than {MAX_NODES:,} values; the kit reads smaller data files", n.start_mark.line + 1
        if len(key) > MAX_DEPTH:
            return (f"is nested more than {MAX_DEPTH} levels deep; the kit's data files go about 8 levels deep",
                    n.start_mark.line + 1)
        out[key] = key_line if key_line is not None else n.start_mark.line + 1
        if isinstance(n, yaml.MappingNode):
            first: dict[Any, int] = {}
            children = []
            for k, v in n.value:
                name = k.value if isinstance(k, yaml.ScalarNode) else str(k.start_mark)
                line = k.start_mark.line + 1
                if name in first:
                    return (f"gives the key {name!r} twice in the same mapping, on lines {first[name]} and {line}; "
                            "YAML would silently keep only the last: keep one", line)
                first[name] = line
                if not isinstance(k, yaml.ScalarNode):
                    stack.append((k, key + (name, "<key>"), line, line))
                children.append((v, key + (name,), line, line))
            stack.extend(reversed(children))
        elif isinstance(n, yaml.SequenceNode):
            here = out[key]
            stack.extend(reversed([(v, key + (i,), None, here) for i, v in enumerate(n.value)]))
    return None


def _json_problem(doc: Any) -> str | None:
    """Why a parsed JSON document is refused (too deep, too many values), or None; iterative."""
    stack: list[tuple[Any, int]] = [(doc, 0)]
    count = 0
    while stack:
        d, depth = stack.pop()
        count += 1
        if count > MAX_NODES:
            return f"holds more than {MAX_NODES:,} values; the kit reads smaller data files"
        if depth > MAX_DEPTH:
            return f"is nested more than {MAX_DEPTH} levels deep; the kit's data files go about 8 levels deep"
        if isinstance(d, dict):
            stack.extend((v, depth + 1) for v in d.values())
        elif isinstance(d, list):
            stack.extend((v, depth + 1) for v in d)
    return None


class _DuplicateKey(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise _DuplicateKey(k)
        out[k] = v
    return out


def read_document(path: Path, label: str) -> tuple[Any, dict[PathKey, int], list[Problem]]:
    """Read one YAML or JSON file.

    Parameters
    ----------
    path : Path
        The file to read (``.yaml``, ``.yml`` or ``.json``).
    label : str
        How to name the file in messages.

    Returns
    -------
    tuple
        The parsed document (``None`` when it could not be read), a map from field paths to
        line numbers, and the problems met while reading.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.yaml"
    >>> _ = p.write_text("a:\\n  - 1\\n  - when: 2022-01-20\\n")
    >>> doc, lines, problems = read_document(p, "x.yaml")
    >>> doc, lines[("a", 1, "when")], problems
    ({'a': [1, {'when': '2022-01-20'}]}, 3, [])
    """
    try:
        raw = read_bytes(path)
    except OSError as exc:
        why = str(exc) if isinstance(exc, InputFileError) else f"cannot be read ({exc.strerror or exc})"
        return None, {}, [Problem(label, "", why)]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad_line = raw[: exc.start].count(b"\n") + 1
        return None, {}, [Problem(label, "", f"is not valid UTF-8 (byte {exc.start}); save it as UTF-8", bad_line)]
    if not text.strip():
        return None, {}, [Problem(label, "", "is empty; expected a YAML or JSON document")]
    return parse_document(text, label, json_text=path.suffix.lower() == ".json")


def parse_document(text: str, label: str, *, json_text: bool = False) -> tuple[Any, dict[PathKey, int], list[Problem]]:
    """Parse the text of a YAML (or, with ``json_text``, JSON) document, as :func:`read_document` does.

    Aliases, duplicate keys and deep nesting are refused here, so every reader of data text is safe.

    Examples
    --------
    >>> parse_document("a: &x [1]\\nb: *x\\n", "x.yaml")[2][0].message.startswith("uses")
    True
    """
    lines: dict[PathKey, int] = {}
    if json_text:
        try:
            doc = json.loads(text, object_pairs_hook=_no_duplicates)
        except _DuplicateKey as exc:
            return None, {}, [Problem(label, "", f"gives the key {exc.args[0]!r} twice in the same object; "
                                                 "JSON readers would silently keep only the last: keep one")]
        except json.JSONDecodeError as exc:
            return None, {}, [Problem(label, "", f"is not valid JSON: {exc.msg} (column {exc.colno})", exc.lineno)]
        except RecursionError:
            return None, {}, [Problem(label, "", "is nested too deeply to read")]
        refused = _json_problem(doc)
        if refused:
            return None, {}, [Problem(label, "", refused)]
        return doc, lines, []
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            walked = _walk(node, lines) if node is not None else None
            if walked:
                return None, {}, [Problem(label, "", walked[0], walked[1])]
            doc = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = exc.problem or "cannot be parsed"
        cut_off = "end of stream" in what or "expected" in what
        hint = " (is the file cut off, or is a quote or bracket left open?)" if cut_off else ""
        return None, {}, [Problem(label, "", f"is not valid YAML: {what}{hint}", line)]
    except yaml.YAMLError as exc:
        return None, {}, [Problem(label, "", f"is not valid YAML: {exc}")]
    except RecursionError:
        return None, {}, [Problem(label, "", "is nested too deeply to read")]
    return doc, lines, []
