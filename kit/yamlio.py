"""Read YAML and JSON data files, keeping the line of every value for error messages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem

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


def _lines(node: yaml.Node, key: PathKey, out: dict[PathKey, int]) -> None:
    out[key] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            name = k.value if isinstance(k, yaml.ScalarNode) else str(k.start_mark)
            out[key + (name,)] = k.start_mark.line + 1
            _lines(v, key + (name,), out)
            out[key + (name,)] = k.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            _lines(v, key + (i,), out)


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
        raw = path.read_bytes()
    except OSError as exc:
        return None, {}, [Problem(label, "", f"cannot be read ({exc.strerror or exc})")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad_line = raw[: exc.start].count(b"\n") + 1
        return None, {}, [Problem(label, "", f"is not valid UTF-8 (byte {exc.start}); save it as UTF-8", bad_line)]
    if not text.strip():
        return None, {}, [Problem(label, "", "is empty; expected a YAML or JSON document")]
    lines: dict[PathKey, int] = {}
    if path.suffix.lower() == ".json":
        try:
            return json.loads(text), lines, []
        except json.JSONDecodeError as exc:
            return None, {}, [Problem(label, "", f"is not valid JSON: {exc.msg} (column {exc.colno})", exc.lineno)]
        except RecursionError:
            return None, {}, [Problem(label, "", "is nested too deeply to read")]
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            doc = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = exc.problem or "cannot be parsed"
        hint = " (is the file cut off, or is a quote or bracket left open?)" if "end of stream" in what or "expected" in what else ""
        return None, {}, [Problem(label, "", f"is not valid YAML: {what}{hint}", line)]
    except yaml.YAMLError as exc:
        return None, {}, [Problem(label, "", f"is not valid YAML: {exc}")]
    except RecursionError:
        return None, {}, [Problem(label, "", "is nested too deeply to read")]
    if node is not None:
        try:
            _lines(node, (), lines)
        except RecursionError:
            lines = {}
    return doc, lines, []
