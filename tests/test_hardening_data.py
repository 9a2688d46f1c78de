"""Hardening: malformed data of every kind ends in the kit's own DataError, naming file and field.

Property-based (hypothesis): each test starts from a valid document (the tiny fictional article of
tests/data/valid, the case study's accounts, an exercise file), breaks it one way, writes it and
loads it with the kit's own entry points. The oracle for "is it still valid?" is jsonschema with the
kit's schema, so no result is hard-coded: a document the schema rejects must give a DataError
whose problems name the broken file and a field on the broken path; any other document must load
or give a DataError, never another exception. Under CI (``$CI`` set) the runs are derandomised,
so they repeat exactly.

Documents fuzzed per run: 120 + 100 + 80 + 60 + 60 + 60 + 40 + 40 = 560 through the loader and the
validator, 20 accounts files, plus the fixed cases below (deep nesting, huge values, invalid UTF-8).
"""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, event, example, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from kit.errors import DataError, Problem
from kit.loader import check, load, load_article
from kit.validation import dotted, schema, schema_problems
from kit.yamlio import _Loader

settings.register_profile("kit-ci", derandomize=True, database=None, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("kit-dev", deadline=None, suppress_health_check=[HealthCheck.too_slow])
PROFILE = "kit-ci" if os.environ.get("CI") else "kit-dev"
settings.load_profile(PROFILE)

ROOT = Path(__file__).resolve().parents[1]
VALID = ROOT / "tests" / "data" / "valid"
TINY = VALID / "articles" / "tiny"
FILES = {"article": TINY / "article.yaml", "facts": TINY / "facts.yaml", "acts": TINY / "acts.yaml",
         "sources": VALID / "sources.yaml"}
BASE = {k: yaml.safe_load(p.read_text(encoding="utf-8")) for k, p in FILES.items()}


@pytest.fixture(scope="module")
def work() -> Iterator[Path]:
    """A scratch copy of tests/data/valid, rewritten by each example (hypothesis and function fixtures do not mix)."""
    with tempfile.TemporaryDirectory(prefix="kit-fuzz-") as tmp:
        yield Path(tmp)


def _fresh(work: Path) -> Path:
    root = work / "data"
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(VALID, root)
    return root


def _target(root: Path, kind: str, suffix: str = ".yaml") -> Path:
    folder = root if kind == "sources" else root / "articles" / "tiny"
    old = folder / f"{kind}.yaml"
    if suffix != ".yaml":
        old.unlink()
    return folder / f"{kind}{suffix}"


def _write(root: Path, kind: str, doc: Any, fmt: str = "yaml") -> Path:
    path = _target(root, kind, ".json" if fmt == "json" else ".yaml")
    if fmt == "json":
        text = json.dumps(doc, ensure_ascii=False)
    else:
        text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path


def _load_problems(root: Path) -> list[Problem]:
    """Load the folder as a lesson would; return the problems (empty when it loads)."""
    try:
        load(root)
    except DataError as err:
        assert err.problems, "a DataError must list at least one problem"
        assert str(err).splitlines()[0].endswith("in the data:")
        return list(err.problems)
    return []


def _names_file(problems: list[Problem], path: Path) -> list[Problem]:
    mine = [p for p in problems if Path(p.file).name == path.name]
    for p in problems:
        assert p.file and str(p).startswith(p.file), f"every problem names its file: {p}"
    return mine


# ------------------------------------------------------------------------------ walking documents

def _paths(doc: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every field path in a document (mappings and lists), the root excluded."""
    out = []
    if isinstance(doc, dict):
        for k, v in doc.items():
            out.append(prefix + (k,))
            out += _paths(v, prefix + (k,))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            out.append(prefix + (i,))
            out += _paths(v, prefix + (i,))
    return out


def _get(doc: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        doc = doc[part]
    return doc


def _set(doc: Any, path: tuple[Any, ...], value: Any) -> None:
    _get(doc, path[:-1])[path[-1]] = value


def _jtype(v: Any) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, (int, float)):
        return "number"
    return {str: "string", list: "array", dict: "object"}.get(type(v), "other")


def _schema_valid(doc: Any, kind: str) -> bool:
    return Draft202012Validator(schema(kind)).is_valid(doc)


def _on_path(problems: list[Problem], path: tuple[Any, ...]) -> bool:
    """A problem at the broken field, at one of its parents, or inside it."""
    target = dotted(path)
    if not target:  # the whole document
        return bool(problems)
    return any(p.path == target or target.startswith(p.path + ".") or target.startswith(p.path + "[")
               or p.path.startswith(target) for p in problems if p.path)


JUNK = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-10**20, max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=30),
    st.lists(st.one_of(st.integers(), st.text(max_size=8), st.none()), max_size=4),
    st.dictionaries(st.text(max_size=8), st.one_of(st.integers(), st.text(max_size=8)), max_size=3),
)
KINDS = st.sampled_from(sorted(FILES))


def _assert_outcome(root: Path, kind: str, doc: Any, path_written: Path, broken: tuple[Any, ...] | None) -> None:
    problems = _load_problems(root)
    if not _schema_valid(doc, kind):
        event("schema-invalid: DataError expected")
        mine = _names_file(problems, path_written)
        assert mine, f"the schema rejects {path_written.name} but the kit reported: {problems}"
        if broken is not None:
            assert _on_path(mine, broken), f"no problem names the field {dotted(broken)!r}: {mine}"
    else:
        event("schema-valid: loads, or the cross-file checks object")
        _names_file(problems, path_written)


# ------------------------------------------------------------------------------ property tests

@settings(max_examples=120)
@given(kind=KINDS, data=st.data(), junk=JUNK, fmt=st.sampled_from(["yaml", "json"]))
def test_a_value_of_the_wrong_type_is_named_with_its_file_and_field(work: Path, kind: str, data: st.DataObject,
                                                                    junk: Any, fmt: str) -> None:
    doc = copy.deepcopy(BASE[kind])
    path = data.draw(st.sampled_from(_paths(doc)), label="path")
    if _jtype(junk) == _jtype(_get(doc, path)):
        junk = [junk] if not isinstance(junk, list) else {"x": junk}
    _set(doc, path, junk)
    root = _fresh(work)
    _assert_outcome(root, kind, doc, _write(root, kind, doc, fmt), path)


@settings(max_examples=100)
@given(kind=KINDS, data=st.data())
def test_a_missing_field_is_named(work: Path, kind: str, data: st.DataObject) -> None:
    doc = copy.deepcopy(BASE[kind])
    keyed = [p for p in _paths(doc) if isinstance(p[-1], str)]
    path = data.draw(st.sampled_from(keyed), label="path")
    del _get(doc, path[:-1])[path[-1]]
    root = _fresh(work)
    written = _write(root, kind, doc)
    _assert_outcome(root, kind, doc, written, path[:-1])
    if not _schema_valid(doc, kind):  # the message says which field is missing, or what is wrong on its path
        mine = _names_file(_load_problems(root), written)
        assert any(f"'{path[-1]}'" in p.message or _on_path([p], path[:-1]) and p.path for p in mine), mine


@settings(max_examples=80)
@given(kind=KINDS, data=st.data(), name=st.text(min_size=1, max_size=20), value=JUNK)
def test_an_unknown_field_is_named_with_a_suggestion(work: Path, kind: str, data: st.DataObject, name: str,
                                                     value: Any) -> None:
    doc = copy.deepcopy(BASE[kind])
    mappings = [()] + [p for p in _paths(doc) if isinstance(_get(doc, p), dict)]
    where = data.draw(st.sampled_from(mappings), label="mapping")
    target = _get(doc, where)
    if name in target:
        name = name + "_unknown"
    target[name] = value
    root = _fresh(work)
    written = _write(root, kind, doc)
    problems = _load_problems(root)
    assert not _schema_valid(doc, kind)
    mine = _names_file(problems, written)
    assert any(p.path == dotted(where) for p in mine), mine
    # a plain mapping names the unknown field and lists the known ones (inside a oneOf, such as a tally that may
    # also be {absent: ...}, the message says the value is not of either documented form)
    plain = [p for p in mine if p.path == dotted(where) and "unknown field" in p.message]
    assert all("Expected fields:" in p.message for p in plain)
    event("unknown field named" if plain else "value named as not of a documented form")


@settings(max_examples=60)
@given(data=st.data(), anchor=st.text(min_size=1, max_size=40))
def test_an_anchor_that_is_not_in_its_paragraph_is_named(work: Path, data: st.DataObject, anchor: str) -> None:
    doc = copy.deepcopy(BASE["article"])
    anchored = [(s, i) for s in ("quotes", "claims", "numbers") for i in range(len(doc.get(s, [])))]
    section, i = data.draw(st.sampled_from(anchored), label="annotation")
    para = next(p["text"] for p in doc["paragraphs"] if p["id"] == doc[section][i]["paragraph"])
    if anchor in para:
        anchor = "§" + anchor + "§"
    doc[section][i]["anchor"] = anchor
    root = _fresh(work)
    written = _write(root, "article", doc)
    # PyYAML's own round trip folds a line break such as NEL (U+0085) in a quoted scalar into a
    # space, which may then be in the paragraph: the loader must judge the anchor as it is read.
    read_back = yaml.safe_load(written.read_text(encoding="utf-8"))[section][i]["anchor"]
    assume(read_back not in para)
    mine = _names_file(_load_problems(root), written)
    assert any(p.path == f"{section}[{i}].anchor" for p in mine), mine


@settings(max_examples=60)
@given(kind=KINDS, data=st.data())
def test_a_duplicate_id_is_named(work: Path, kind: str, data: st.DataObject) -> None:
    doc = copy.deepcopy(BASE[kind])
    lists = [k for k, v in doc.items() if isinstance(v, list) and v and isinstance(v[0], dict) and "id" in v[0]
             and k != "paragraphs"]
    section = data.draw(st.sampled_from(lists), label="section")
    i = data.draw(st.integers(0, len(doc[section]) - 1), label="record")
    doc[section].append(copy.deepcopy(doc[section][i]))
    root = _fresh(work)
    written = _write(root, kind, doc)
    mine = _names_file(_load_problems(root), written)
    n = len(doc[section]) - 1
    assert any(p.path == f"{section}[{n}].id" and "duplicate id" in p.message for p in mine), mine


@settings(max_examples=60)
@given(kind=KINDS, cut=st.floats(0.0, 1.0), noise=st.binary(max_size=12), fmt=st.sampled_from(["yaml", "json"]))
@example(kind="acts", cut=0.5, noise=b"\t", fmt="yaml")  # a tab libyaml reads and pure-Python PyYAML refuses
def test_broken_syntax_is_named_with_its_line(work: Path, kind: str, cut: float, noise: bytes, fmt: str) -> None:
    root = _fresh(work)
    path = _target(root, kind, ".json" if fmt == "json" else ".yaml")
    good = (json.dumps(BASE[kind], indent=1) if fmt == "json" else FILES[kind].read_text(encoding="utf-8")).encode()
    at = int(len(good) * cut)
    broken = good[:at] + noise + good[at + len(noise) // 2:]
    path.write_bytes(broken)
    try:
        # the kit's own YAML dialect (libyaml, dates kept as text): pure-Python PyYAML differs on tabs
        parsed = json.loads(broken) if fmt == "json" else yaml.load(broken.decode("utf-8"), Loader=_Loader)
    except Exception:
        parsed = ...
    problems = _load_problems(root)
    if parsed is ... or not _schema_valid(parsed, kind):
        event("unreadable or schema-invalid")
        assert _names_file(problems, path), problems
    else:
        _names_file(problems, path)


@settings(max_examples=40)
@given(kind=KINDS, at=st.floats(0.0, 1.0),
       bad=st.sampled_from([b"\xff", b"\xc3\x28", b"\xe2\x82", b"\xed\xa0\x80", b"\x80abc"]))
def test_invalid_utf8_is_named_with_its_line(work: Path, kind: str, at: float, bad: bytes) -> None:
    root = _fresh(work)
    path = _target(root, kind)
    good = FILES[kind].read_bytes()
    i = int(len(good) * at)
    while i < len(good) and (good[i] & 0xC0) == 0x80:  # not inside a character
        i += 1
    path.write_bytes(good[:i] + bad + good[i:])
    mine = _names_file(_load_problems(root), path)
    assert [p.message.split(" (")[0] for p in mine] == ["is not valid UTF-8"] and mine[0].line, mine


@settings(max_examples=40)
@given(doc=st.recursive(JUNK, lambda kids: st.one_of(st.lists(kids, max_size=4),
                                                    st.dictionaries(st.text(max_size=10), kids, max_size=4)),
                        max_leaves=30),
       kind=st.sampled_from(["article", "facts", "acts", "sources", "exercises", "accounts"]))
def test_the_validator_never_raises_on_any_document(doc: Any, kind: str) -> None:
    problems = schema_problems(doc, kind, f"{kind}.yaml", {})
    assert (problems == []) == _schema_valid(doc, kind)
    assert all(isinstance(p, Problem) and p.file == f"{kind}.yaml" and p.message for p in problems)


@settings(max_examples=20)
@given(data=st.data(), junk=JUNK)
def test_accounts_files_fail_with_a_data_error(work: Path, data: st.DataObject, junk: Any) -> None:
    from kit.accounts import accounts_path, check_accounts

    art = load_article()
    base = yaml.safe_load(accounts_path(art).read_text(encoding="utf-8"))
    doc = copy.deepcopy(base)
    path = data.draw(st.sampled_from(_paths(doc)), label="path")
    if _jtype(junk) == _jtype(_get(doc, path)):
        junk = [junk] if not isinstance(junk, list) else {"x": junk}
    _set(doc, path, junk)
    target = work / "accounts.yaml"
    target.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    problems, accounts = check_accounts(target, art)
    if not _schema_valid(doc, "accounts"):
        assert problems and accounts is None
        assert all(p.file.endswith("accounts.yaml") for p in problems)
        assert _on_path(problems, path), problems
    assert (accounts is None) == bool(problems)


# ------------------------------------------------------------------------------ fixed hard cases

def _deep(depth: int, fmt: str) -> str:
    return ("[" * depth + "]" * depth) if fmt == "json" else ("- " * depth + "x")


@pytest.mark.parametrize("fmt", ["yaml", "json"])
@pytest.mark.parametrize("depth", [50, 900, 5000, 100_000])
def test_deeply_nested_values_are_refused_not_crashed(work: Path, fmt: str, depth: int) -> None:
    root = _fresh(work)
    doc = copy.deepcopy(BASE["article"])
    written = _write(root, "article", doc, fmt)
    text = written.read_text(encoding="utf-8")
    # the headline becomes a list nested `depth` deep
    old = json.dumps(doc["metadata"]["headline"]) if fmt == "json" else f"headline: {doc['metadata']['headline']}"
    assert old in text
    new = _deep(depth, "json") if fmt == "json" else "headline: " + ("[" * depth + "x" + "]" * depth)
    written.write_text(text.replace(old, new, 1), encoding="utf-8")
    mine = _names_file(_load_problems(root), written)
    assert mine and all(p.path in ("", "metadata.headline") for p in mine), mine


@pytest.mark.parametrize("size", [10**6, 10**7])
def test_huge_values_are_refused_quickly_and_shortly(work: Path, size: int) -> None:
    root = _fresh(work)
    doc = copy.deepcopy(BASE["article"])
    doc["metadata"]["published"] = "9" * size  # a date of millions of characters
    doc["paragraphs"][0]["role"] = list(range(size // 100))
    written = _write(root, "article", doc, "json")
    mine = _names_file(_load_problems(root), written)
    assert {p.path for p in mine} >= {"metadata.published", "paragraphs[0].role"}, mine
    assert all(len(str(p)) < 2000 for p in mine), "a message never echoes a huge value"


def test_a_huge_number_of_records_is_checked(work: Path) -> None:
    root = _fresh(work)
    doc = copy.deepcopy(BASE["article"])
    doc["quotes"] = [dict(doc["quotes"][0], id=f"q{i}", speaker=f"nobody-{i % 3}") for i in range(3000)]
    written = _write(root, "article", doc, "json")
    mine = _names_file(_load_problems(root), written)
    assert len([p for p in mine if p.path.endswith(".speaker")]) == 3000


@pytest.mark.parametrize("content", [b"", b"   \n", b"---\n...\n", b"- just\n- a list\n", b"just text", b"42", b"null",
                                     b"\xef\xbb\xbfschema_version: 1\n", b"a: &x [*x]\n",
                                     b"!!python/object:os.system {}\n", b"a: !!binary aGVsbG8=\n", b"? [a, b]\n: c\n",
                                     b"{a: 1, a: 2}\n"])
@pytest.mark.parametrize("kind", sorted(FILES))
def test_odd_yaml_documents_give_a_data_error(work: Path, kind: str, content: bytes) -> None:
    root = _fresh(work)
    path = _target(root, kind)
    path.write_bytes(content)
    mine = _names_file(_load_problems(root), path)
    assert mine, f"{content!r} in {kind}.yaml must be refused"


def test_check_on_paths_that_are_not_data_never_raises(work: Path) -> None:
    root = _fresh(work)
    for p in (root / "nowhere", root / "articles" / "tiny" / "text.txt", root / "articles", ROOT / "README.md"):
        problems, _ = check(p)
        assert all(isinstance(x, Problem) for x in problems)
    (root / "articles" / "tiny" / "text.txt").write_bytes(b"\xff\xfe bad")
    problems, arts = check(root)
    assert arts == [] and any(p.file.endswith("text.txt") and "UTF-8" in p.message for p in problems)


def test_a_shared_bibliography_is_read_once_for_many_articles(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Performance fix (benchmarks/run.py, articles): sources.yaml was read again for every article folder."""
    import kit.loader as loader

    monkeypatch.setenv("KIT_DATA_CACHE", "off")  # count the reads themselves, not verdicts cached by other tests
    root = _fresh(work)
    for i in range(3):
        folder = root / "articles" / f"tiny{i}"
        shutil.copytree(TINY, folder)
        text = (folder / "article.yaml").read_text(encoding="utf-8").replace("id: tiny\n", f"id: tiny{i}\n", 1)
        (folder / "article.yaml").write_text(text, encoding="utf-8")
    reads: list[str] = []
    real = loader.read_document
    monkeypatch.setattr(loader, "read_document", lambda path, label: reads.append(Path(path).name) or real(path, label))
    loader._SHARED.clear()
    assert len(load(root).articles) == 4
    assert reads.count("sources.yaml") == 1 and reads.count("article.yaml") == 4
    (root / "sources.yaml").write_text("schema_version: 1\nsources: 3\n", encoding="utf-8")  # a change is seen
    problems = _load_problems(root)
    assert any(p.file.endswith("sources.yaml") and p.path == "sources" for p in problems), problems


# ------------------------------------------------------------------ aliases, duplicate keys, special files (issue 14)

def _related(a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
    return a[:len(b)] == b or b[:len(a)] == a


@settings(max_examples=40)
@given(kind=KINDS, data=st.data())
def test_an_alias_anywhere_is_refused_naming_the_file(work: Path, kind: str, data: st.DataObject) -> None:
    root = _fresh(work)
    doc = copy.deepcopy(BASE[kind])
    containers = [p for p in _paths(doc) if isinstance(_get(doc, p), (list, dict))]
    shared = data.draw(st.sampled_from(containers), label="anchored")
    others = [p for p in _paths(doc) if not _related(p, shared)]
    place = data.draw(st.sampled_from(others), label="alias")
    _set(doc, place, _get(doc, shared))  # the same object twice: PyYAML writes &id001 ... *id001
    path = _target(root, kind)
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    assert "*id001" in text
    path.write_text(text, encoding="utf-8")
    mine = _names_file(_load_problems(root), path)
    assert [p.message for p in mine if "YAML alias" in p.message], mine
    assert all(p.line is not None for p in mine if "YAML alias" in p.message)


_KEY_LINE = re.compile(r"^\s*[A-Za-z_][\w]*: [^|>\s]")


def _one_line_key(line: str) -> bool:
    """A ``key: value`` line whose value is whole on the line (not the start of a multi-line string)."""
    if not _KEY_LINE.match(line):
        return False
    try:
        parsed = yaml.safe_load(line.strip())
    except yaml.YAMLError:
        return False
    return isinstance(parsed, dict) and len(parsed) == 1 and not isinstance(next(iter(parsed.values())), (list, dict))


@settings(max_examples=40)
@given(kind=KINDS, data=st.data())
def test_a_key_given_twice_is_refused_naming_both_lines(work: Path, kind: str, data: st.DataObject) -> None:
    root = _fresh(work)
    lines = yaml.safe_dump(BASE[kind], allow_unicode=True, sort_keys=False, width=10**9).splitlines(keepends=True)
    candidates = [i for i, line in enumerate(lines) if _one_line_key(line)]
    i = data.draw(st.sampled_from(candidates), label="line")
    lines.insert(i + 1, lines[i])  # the same key again, in the same mapping
    path = _target(root, kind)
    path.write_text("".join(lines), encoding="utf-8")
    mine = _names_file(_load_problems(root), path)
    key = lines[i].split(":")[0].strip()
    assert [p for p in mine if f"key {key!r} twice" in p.message and f"lines {i + 1} and {i + 2}" in p.message
            and p.line == i + 2], mine


@pytest.mark.skipif(os.name != "posix", reason="FIFOs and /dev/zero are POSIX")
@settings(max_examples=24)
@given(kind=KINDS, special=st.sampled_from(["fifo", "zero", "loop", "dangling"]))
def test_a_special_file_as_any_data_file_is_named_not_waited_for(work: Path, kind: str, special: str) -> None:
    root = _fresh(work)
    path = _target(root, kind)
    path.unlink()
    if special == "fifo":
        os.mkfifo(path)
    elif special == "zero":
        path.symlink_to("/dev/zero")
    elif special == "loop":
        path.symlink_to(path.name)
    else:
        path.symlink_to("missing.yaml")
    words = {"fifo": "named pipe", "zero": "device", "loop": "leads back to itself", "dangling": "does not exist"}
    mine = _names_file(_load_problems(root), path)
    assert [p for p in mine if words[special] in p.message], mine
