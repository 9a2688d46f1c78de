"""Check documents against the JSON Schemas that ship with the package, in the learner's words."""

from __future__ import annotations

import difflib
import json
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from .errors import Problem

if TYPE_CHECKING:  # jsonschema is imported on first validation, not with `import kit` (it is slow to import)
    from jsonschema import Draft202012Validator, ValidationError

SCHEMAS = ("article", "facts", "acts", "sources")


@cache
def schema(name: str) -> dict[str, Any]:
    """Return one of the package's JSON Schemas by name.

    Examples
    --------
    >>> schema("article")["title"]
    'News article annotated for teaching'
    """
    text = resources.files("kit").joinpath("schema", f"{name}.schema.json").read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


@cache
def _validator(name: str) -> Draft202012Validator:
    from jsonschema import Draft202012Validator  # heavy third-party package: imported when a document is refused

    return Draft202012Validator(schema(name))


@cache
def _fast_check(name: str) -> Any:
    """The schema compiled to Python by fastjsonschema (about 10x faster than jsonschema), or None.

    Only a yes: a document it accepts has no problem; anything it refuses (or cannot judge) goes to
    jsonschema, which finds every problem and words them. The hardening tests check that the two
    agree on every document they generate.
    """
    try:
        import fastjsonschema  # heavy third-party package: imported when a document is first checked

        return fastjsonschema.compile(schema(name), use_default=False, use_formats=False)
    except Exception:  # not installed, or a schema it cannot compile: jsonschema alone
        return None


def dotted(path: Any) -> str:
    """Write a field path with dots and ``[i]``.

    Examples
    --------
    >>> dotted(["quotes", 0, "speaker"])
    'quotes[0].speaker'
    """
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def show(value: Any, limit: int = 60) -> str:
    """A short readable form of a bad value.

    Examples
    --------
    >>> show("x" * 100)[:10], len(show("x" * 100))
    ("'xxxxxxxxx", 63)
    """
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "..."


_TYPES = {"string": "text", "integer": "a whole number", "number": "a number", "boolean": "true or false",
          "array": "a list", "object": "a mapping of fields", "null": "nothing"}


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true/false"
    for py, name in ((str, "text"), (int, "a whole number"), (float, "a number"), (list, "a list"),
                     (dict, "a mapping")):
        if isinstance(value, py):
            return name
    return type(value).__name__


def _describe(err: ValidationError) -> tuple[list[Any], str]:
    """Turn one jsonschema error into (path, message)."""
    path = list(err.absolute_path)
    v, inst, sch = err.validator, err.instance, err.schema
    what = sch.get("description", "") if isinstance(sch, dict) else ""
    if v == "required":
        missing = err.message.split("'")[1] if "'" in err.message else err.message
        props = sch.get("properties", {}) if isinstance(sch, dict) else {}
        desc = props.get(missing, {}).get("description", "")
        return path, f"missing required field '{missing}'" + (f" ({desc})" if desc else "")
    if v == "additionalProperties":
        allowed = sorted((sch.get("properties") or {}).keys())
        extra = [k for k in inst if k not in allowed] if isinstance(inst, dict) else []
        msgs = []
        for k in extra:
            close = difflib.get_close_matches(str(k), allowed, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            msgs.append(f"unknown field '{k}'{hint} Expected fields: {', '.join(allowed)}")
        return path, "; ".join(msgs) or err.message
    if v == "enum":
        options = ", ".join(repr(o) for o in err.validator_value)
        close = difflib.get_close_matches(str(inst), [str(o) for o in err.validator_value], n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        if isinstance(inst, bool):
            hint += " (YAML reads yes/no/true/false as true/false: put the word in quotes)"
        return path, f"{show(inst)} is not one of the allowed values: {options}{hint}"
    if v == "type":
        want = err.validator_value
        wants = " or ".join(_TYPES.get(str(w), str(w)) for w in (want if isinstance(want, list) else [want]))
        return path, f"{show(inst)} is {_type_name(inst)}; expected {wants}" + (f" ({what})" if what else "")
    if v == "const":
        return path, f"{show(inst)} is not allowed; expected {show(err.validator_value)}"
    if v == "pattern":
        return path, f"{show(inst)} does not have the expected form" + (f": {what}" if what
                                                                         else f" {err.validator_value}")
    if v in ("minLength", "minItems"):
        return path, f"{show(inst)} is empty or too short; expected " + (what or f"at least {err.validator_value}")
    if v == "uniqueItems":
        return path, f"{show(inst)} has repeated entries; expected each entry once"
    if v == "oneOf":
        if isinstance(inst, dict) and "absent" in inst and err.context:
            sub = [e for e in err.context if "absent" in json.dumps(e.schema)[:400]
                   or e.validator in ("required", "additionalProperties", "enum")]
            for e in (sub or err.context):
                if e.validator in ("required", "additionalProperties", "enum", "type", "minLength"):
                    p, m = _describe(e)
                    return p, m
        if not isinstance(inst, dict) and err.context:
            for e in err.context:
                if (e.validator in ("pattern", "minLength", "enum", "minimum", "maximum")
                        and "absent" not in json.dumps(e.schema)):
                    return _describe(e)
        return path, f"{show(inst)} is not valid here; expected {what or 'a value of the documented form'}" + \
            " (or {absent: not_found, reason: ...} when no source gives it)"
    if v == "minimum":
        return path, f"{show(inst)} is too small; expected at least {err.validator_value}"
    if v == "maximum":
        return path, (f"{show(inst)} is too large; expected at most {err.validator_value:,}"
                      + (f" ({what})" if what else ""))
    if v in ("maxLength", "maxItems"):
        n = len(inst) if isinstance(inst, (str, list)) else 0
        unit = "characters" if v == "maxLength" else "entries"
        return path, f"has {n:,} {unit}; expected at most {err.validator_value:,}" + (f" ({what})" if what else "")
    return path, f"{err.message}" + (f" (expected: {what})" if what else "")


def line_for(lines: dict[tuple[Any, ...], int], path: Any) -> int | None:
    """The line of a field, or of its nearest parent that has one (a missing field has no line).

    Examples
    --------
    >>> line_for({("quotes",): 4, ("quotes", 0): 5}, ["quotes", 0, "speaker"])
    5
    """
    key = tuple(path)
    line = lines.get(key)
    while line is None and key:
        key = key[:-1]
        line = lines.get(key)
    return line


def problem_at(label: str, lines: dict[tuple[Any, ...], int], path: Any, message: str) -> Problem:
    """A :class:`Problem` at a field path, with the line found by :func:`line_for`."""
    return Problem(label, dotted(path), message, line_for(lines, path))


def schema_problems(doc: Any, kind: str, label: str, lines: dict[tuple[Any, ...], int]) -> list[Problem]:
    """Validate ``doc`` against the schema ``kind`` and return every problem found.

    Examples
    --------
    >>> [str(p) for p in schema_problems({"schema_version": 1}, "sources", "s.yaml", {})]
    ["s.yaml: missing required field 'sources' (The sources.)"]
    """
    fast = _fast_check(kind)
    if fast is not None:
        try:
            fast(doc)
            return []
        except Exception:  # a refusal, or a value it cannot judge: jsonschema decides and explains
            pass
    out: list[Problem] = []
    try:
        errors = sorted(_validator(kind).iter_errors(doc), key=lambda e: [str(x) for x in e.absolute_path])
    except RecursionError:  # a document nested hundreds of levels deep (yamlio refuses most of them first)
        return [Problem(label, "", "is nested too deeply to check; the kit's data files go about 8 levels deep")]
    # a value that fails both its type and its list of allowed values: the list says more
    enum_paths = {tuple(e.absolute_path) for e in errors if e.validator == "enum"}
    errors = [e for e in errors if not (e.validator == "type" and tuple(e.absolute_path) in enum_paths)]
    for err in errors:
        path, message = _describe(err)
        out.append(problem_at(label, lines, path, message))
    return out


__all__ = ["SCHEMAS", "schema", "schema_problems", "dotted", "show", "line_for", "problem_at"]
