"""Find, read, validate and build the kit's data.

A data folder holds ``sources.yaml`` (the bibliography) and ``articles/<id>/`` folders, each with
``article.yaml`` and its text file, and optionally ``facts.yaml``, ``acts.yaml`` and a local
``sources.yaml``. Bad data raises one :class:`DataError`.

A library costs what the lesson uses. :func:`catalogue` lists the articles by reading only what
the picker shows (id, headline, status, nature); an article is validated and built when it is
asked for. Validation is remembered by content: the verdict on an article folder (its problems, or
that it has none, with its parsed documents) is kept in a per-user cache, as JSON (never pickle),
keyed by the sha256 of the kit's version, the working folder, the folder's path and the bytes of
every file in it and of the bibliographies it uses. An unchanged folder is not parsed or validated
again, in this kernel or the next; a broken one is named without its cost being repeated. The
cache lives in ``$KIT_DATA_CACHE`` (``off`` turns it off), else the user's cache folder
(:func:`kit.diskcache.cache_folder`), as ``v1/KIT_VERSION/KEY[:2]/KEY.json`` (the verdict) and
``KEY.docs.json`` (the documents of a valid folder).
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .article import Article
from .diskcache import cache_folder, kit_version, read_entry, remember_digest, write_entry
from .errors import DataError, Problem
from .files import InputFileError, read_bytes, read_text, recover_swaps, stamp
from .files import label as file_label
from .model import Act, Conflict, Fact, Source, record_from
from .validation import problem_at, schema_problems, show
from .yamlio import parse_document, read_document

ARTICLE_FILES = ("article", "facts", "acts")
ANNOTATIONS = ("quotes", "claims", "numbers", "framing_terms", "artefacts", "captions")


def data_dir() -> Path:
    """Where the kit's data lives.

    In order: the ``KIT_DATA`` environment variable; the ``data/`` folder of the repository the
    package sits in; the copy of ``data/`` packaged inside an installed wheel.

    Examples
    --------
    >>> (data_dir() / "sources.yaml").exists()
    True
    """
    env = os.environ.get("KIT_DATA")
    if env:
        return Path(env).expanduser().resolve()
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "data", here / "_data"):
        if (candidate / "articles").is_dir():
            return candidate
    return here.parent / "data"


def find_file(folder: Path, stem: str) -> Path | None:
    """The data file ``stem`` of a folder (``.yaml``, ``.yml`` or ``.json``), or None."""
    for ext in (".yaml", ".yml", ".json"):
        p = folder / f"{stem}{ext}"
        if os.path.lexists(p) and not p.is_dir():  # a FIFO or a broken link is found, and the reader says why
            return p
    return None


# ---------------------------------------------------------------- building records from valid data

def _build_source(d: dict[str, Any]) -> Source:
    return record_from(Source, d)


def _build_article(d: dict[str, Any], text: str, facts: dict[str, Any] | None, acts: dict[str, Any] | None,
                   sources: dict[str, Source]) -> Article:
    """The article's record: every field from the property of the same name (:func:`kit.model.record_from`),
    but its text (read from its own file), the facts and acts (their own files) and the bibliography."""
    facts, acts = facts or {}, acts or {}
    return record_from(Article, d, text=text, text_file=d["text"]["file"],
                       facts=tuple(record_from(Fact, f) for f in facts.get("facts", [])),
                       conflicts=tuple(record_from(Conflict, c) for c in facts.get("conflicts", [])),
                       acts=tuple(record_from(Act, x) for x in acts.get("acts", [])),
                       sources=sources)


# ---------------------------------------------------------------- checks beyond the schema

@dataclass
class _Doc:
    kind: str
    label: str
    doc: Any
    lines: dict[tuple[Any, ...], int]

    def problem(self, path: list[Any], message: str) -> Problem:
        return problem_at(self.label, self.lines, path, message)


def _ids(doc: _Doc, section: str, out: list[Problem], known: dict[str, str] | None = None) -> dict[str, int]:
    """Collect the ids of a list of records, reporting duplicates (also across ``known``)."""
    seen: dict[str, int] = {}
    for i, rec in enumerate(doc.doc.get(section, []) or []):
        rid = rec.get("id") if isinstance(rec, dict) else None
        if not isinstance(rid, str):
            continue
        if rid in seen:
            out.append(doc.problem([section, i, "id"],
                                   f"duplicate id {show(rid)}; it is already used by {section}[{seen[rid]}]"))
        elif known is not None and rid in known:
            out.append(doc.problem([section, i, "id"], f"duplicate id {show(rid)}; it is already used by {known[rid]}"))
        else:
            seen[rid] = i
    return seen


def _ref(doc: _Doc, path: list[Any], value: Any, known: Iterable[str], what: str, out: list[Problem]) -> None:
    if not isinstance(value, str) or value in known:
        return
    options = sorted(known)
    close = difflib.get_close_matches(value, options, n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    listed = ", ".join(options[:12]) + (", ..." if len(options) > 12 else "")
    known_text = f"known: {listed}" if listed else "none is defined"
    out.append(doc.problem(path, f"{show(value)} is not a known {what}{hint} ({known_text})"))


def _check_article(art: _Doc, text: str | None, text_label: str, facts: _Doc | None, acts: _Doc | None,
                   source_ids: set[str]) -> list[Problem]:
    out: list[Problem] = []
    d = art.doc
    paragraphs = d.get("paragraphs", [])
    # the paragraphs, in order, rebuild the text file byte for byte
    para_text: dict[str, str] = {}
    for i, p in enumerate(paragraphs):
        want = f"p{i + 1}"
        if p.get("id") != want:
            out.append(art.problem(["paragraphs", i, "id"], f"{show(p.get('id'))} is out of order; expected '{want}'"))
        para_text[p.get("id")] = p.get("text", "")
    if text is not None:
        rebuilt = "".join(p.get("text", "") + p.get("separator", "") for p in paragraphs)
        if rebuilt != text:
            pos = 0
            for i, p in enumerate(paragraphs):
                chunk = p.get("text", "") + p.get("separator", "")
                if text[pos:pos + len(chunk)] != chunk:
                    where = next((k for k, (a, b) in enumerate(zip(chunk, text[pos:], strict=False)) if a != b),
                                 min(len(chunk), len(text) - pos))
                    out.append(art.problem(["paragraphs", i, "text"],
                                           f"does not match {text_label} at character {pos + where}: the file has "
                                           f"{show(text[pos + where:pos + where + 30])}, the paragraph has "
                                           f"{show(chunk[where:where + 30])}; the paragraphs must rebuild the text "
                                           "exactly"))
                    break
                pos += len(chunk)
            else:
                out.append(art.problem(["paragraphs"], f"the paragraphs end at character {pos} but {text_label} has "
                                                       f"{len(text)} characters; the rest is missing"))
    # ids
    actor_ids = set(_ids(art, "actors", out))
    _ids(art, "provenance", out)
    seen_annot: dict[str, str] = {}
    for section in ANNOTATIONS:
        for rid, i in _ids(art, section, out, seen_annot).items():
            seen_annot[rid] = f"{section}[{i}]"
    fact_ids: set[str] = set()
    conflict_ids: set[str] = set()
    if facts is not None:
        fact_ids = set(_ids(facts, "facts", out))
        conflict_ids = set(_ids(facts, "conflicts", out))
        for i, f in enumerate(facts.doc.get("facts", [])):
            for j, ref in enumerate(f.get("derived_from", [])):
                _ref(facts, ["facts", i, "derived_from", j], ref, fact_ids, "fact", out)
            if "conflict" in f:
                _ref(facts, ["facts", i, "conflict"], f["conflict"], conflict_ids, "conflict", out)
            for j, c in enumerate(f.get("sources", [])):
                _ref(facts, ["facts", i, "sources", j, "source"], c.get("source"), source_ids, "source", out)
        for i, c in enumerate(facts.doc.get("conflicts", [])):
            for j, pos in enumerate(c.get("positions", [])):
                for k, s in enumerate(pos.get("sources", [])):
                    _ref(facts, ["conflicts", i, "positions", j, "sources", k, "source"], s.get("source"), source_ids,
                         "source", out)
    if acts is not None:
        _ids(acts, "acts", out)
        for i, a in enumerate(acts.doc.get("acts", [])):
            if "date_conflict" in a:
                _ref(acts, ["acts", i, "date_conflict"], a["date_conflict"], conflict_ids, "conflict (in facts.yaml)",
                     out)
            for j, c in enumerate(a.get("sources", [])):
                _ref(acts, ["acts", i, "sources", j, "source"], c.get("source"), source_ids, "source", out)
            t = a.get("tally")
            counts = ("for", "against", "abstain", "voting")
            if isinstance(t, dict) and "voting" in t and all(isinstance(t.get(k, 0), int) for k in counts):
                voted = t["for"] + t["against"] + t.get("abstain", 0)
                if voted > t["voting"]:
                    out.append(acts.problem(["acts", i, "tally"],
                                            f"for + against + abstain ({voted}) is more than voting ({t['voting']})"))
            seats = a.get("seats")
            if (isinstance(t, dict) and isinstance(seats, int) and isinstance(t.get("voting"), int)
                    and t["voting"] > seats):
                out.append(acts.problem(["acts", i, "tally", "voting"],
                                        f"{t['voting']} members voting is more than the {seats} seats"))
    # references inside the article
    m = d.get("metadata", {})
    _ref(art, ["metadata", "outlet_actor"], m.get("outlet_actor"), actor_ids, "actor", out)
    for j, s in enumerate(m.get("sources", []) or []):
        _ref(art, ["metadata", "sources", j], s, source_ids, "source", out)
    for i, c in enumerate(m.get("credits", []) or []):
        for j, s in enumerate(c.get("sources", []) or []):
            _ref(art, ["metadata", "credits", i, "sources", j], s, source_ids, "source", out)
    for i, v in enumerate(d.get("provenance", [])):
        for j, s in enumerate(v.get("sources", []) or []):
            _ref(art, ["provenance", i, "sources", j], s, source_ids, "source", out)
    for i, x in enumerate(d.get("actors", [])):
        for j, s in enumerate(x.get("sources", []) or []):
            _ref(art, ["actors", i, "sources", j], s, source_ids, "source", out)
    for section in ANNOTATIONS:
        for i, a in enumerate(d.get(section, []) or []):
            pid, anchor = a.get("paragraph"), a.get("anchor")
            if pid not in para_text:
                _ref(art, [section, i, "paragraph"], pid, para_text.keys(), "paragraph", out)
            elif isinstance(anchor, str) and anchor not in para_text[pid]:
                found_in = [p for p, t in para_text.items() if anchor in t]
                hint = (f"; it is in {', '.join(found_in)}" if found_in
                        else "; copy it exactly, with the same quotation marks and apostrophes")
                out.append(art.problem([section, i, "anchor"], f"{show(anchor)} is not in paragraph {pid}{hint}"))
            for key in ("speaker", "voice", "credit_holder"):
                if key in a:
                    _ref(art, [section, i, key], a[key], actor_ids, "actor", out)
            for j, s in enumerate(a.get("sources", []) or []):
                _ref(art, [section, i, "sources", j], s, source_ids, "source", out)
            if section == "claims":
                for j, link in enumerate(a.get("facts", []) or []):
                    _ref(art, [section, i, "facts", j, "fact"], link.get("fact"), fact_ids, "fact (in facts.yaml)", out)
            if section == "numbers":
                for j, f in enumerate(a.get("facts", []) or []):
                    _ref(art, [section, i, "facts", j], f, fact_ids, "fact (in facts.yaml)", out)
    if d.get("id") is not None and art.label and Path(art.label).parent.name not in ("", d.get("id")):
        out.append(art.problem(["id"], f"{show(d.get('id'))} differs from the folder name "
                                       f"{show(Path(art.label).parent.name)}; expected the same"))
    return out


# ---------------------------------------------------------------- public API

# A bibliography shared by many article folders is read and validated once, not once per folder
# (1,000 articles meant 1,000 reads of data/sources.yaml); keyed by file, name, mtime and size.
_SHARED: dict[tuple[str, str, int, int], tuple[_Doc | None, tuple[Problem, ...]]] = {}


def _read(path: Path, kind: str, base: Path | None, out: list[Problem]) -> _Doc | None:
    label = file_label(path)
    key = None
    if kind == "sources":
        try:
            st = path.stat()
            key = (stamp(path)[0], label, st.st_mtime_ns, st.st_size)
        except OSError:
            key = None
        if key in _SHARED:
            shared, problems = _SHARED[key]
            out.extend(problems)
            return shared
    result, found = _read_uncached(path, kind, label)
    out.extend(found)
    if key is not None:
        if len(_SHARED) > 64:
            _SHARED.clear()
        _SHARED[key] = (result, tuple(found))
    return result


def _read_uncached(path: Path, kind: str, label: str) -> tuple[_Doc | None, list[Problem]]:
    doc, lines, problems = read_document(path, label)
    if problems:
        return None, problems
    probs = schema_problems(doc, kind, label, lines)
    if probs:
        return None, probs
    return _Doc(kind, label, doc, lines), []


def _sources_for(folder: Path, base: Path | None, out: list[Problem]) -> tuple[dict[str, Source], bool]:
    """Read every bibliography that applies to ``folder``: its own and the nearest data root's."""
    files = _bibliographies(folder)
    result: dict[str, Source] = {}
    ok = True
    for f in files:
        doc = _read(f, "sources", base, out)
        if doc is None:
            ok = False
            continue
        known = {k: f"{file_label(files[0])}" for k in result}
        _ids(doc, "sources", out, known)
        for s in doc.doc["sources"]:
            result.setdefault(s["id"], _build_source(s))
    return result, ok


def _load_folder(folder: Path, base: Path | None, out: list[Problem],
                 keep: dict[str, Any] | None = None) -> Article | None:
    """Validate and build one article folder; ``keep`` receives the valid documents it was built from."""
    art_path = find_file(folder, "article")
    if art_path is None:
        out.append(Problem(file_label(folder), "",
                           "has no article.yaml (or article.json); expected one in each article folder"))
        return None
    n_before = len(out)
    sources, sources_ok = _sources_for(folder, base, out)
    art = _read(art_path, "article", base, out)
    docs: dict[str, _Doc | None] = {}
    for stem in ("facts", "acts"):
        p = find_file(folder, stem)
        docs[stem] = _read(p, stem, base, out) if p else None
    if art is None:  # still check the sibling files' own references
        empty = _Doc("article", file_label(art_path), {}, {})
        out.extend(_check_article(empty, None, "", docs["facts"], docs["acts"],
                                  set(sources) if sources_ok else _AnyId()))
        return None
    text_name = art.doc["text"]["file"]
    text_path = folder / text_name
    text_label = file_label(text_path)
    text: str | None = None
    try:
        text = read_text(text_path)
    except InputFileError as exc:
        if exc.reason == "was not found":
            out.append(art.problem(["text", "file"],
                                   f"{show(text_name)} was not found beside {art.label}; expected the text file there"))
        else:
            out.append(Problem(text_label, "", str(exc)))
    except UnicodeDecodeError as exc:
        out.append(Problem(text_label, "", f"is not valid UTF-8 (byte {exc.start}); save it as UTF-8"))
    except OSError as exc:
        out.append(Problem(text_label, "", f"cannot be read ({exc})"))
    out.extend(_check_article(art, text, text_label, docs["facts"], docs["acts"],
                              set(sources) if sources_ok else _AnyId()))
    if len(out) > n_before or text is None:
        return None
    if keep is not None:
        keep.update(article=art.doc, facts=docs["facts"].doc if docs["facts"] else None,
                    acts=docs["acts"].doc if docs["acts"] else None, text_file=text_name,
                    sources=_source_docs(folder, base))
    return _build_article(art.doc, text, docs["facts"].doc if docs["facts"] else None,
                          docs["acts"].doc if docs["acts"] else None, sources)


def _source_docs(folder: Path, base: Path | None) -> list[dict[str, Any]]:
    """The bibliography entries ``folder`` uses, first occurrence of an id kept (as _sources_for does)."""
    seen: dict[str, dict[str, Any]] = {}
    for f in _bibliographies(folder):
        doc = _read(f, "sources", base, [])
        for s in (doc.doc["sources"] if doc is not None else []):
            seen.setdefault(s["id"], s)
    return list(seen.values())


def _bibliographies(folder: Path) -> list[Path]:
    files: list[Path] = []
    local = find_file(folder, "sources")
    if local:
        files.append(local)
    for parent in list(folder.parents)[:3]:
        p = find_file(parent, "sources")
        if p:
            files.append(p)
            break
    return files


class _AnyId(set):  # type: ignore[type-arg]
    """Stands in for the source ids when the bibliography itself is broken (already reported)."""

    def __contains__(self, item: object) -> bool:
        return True


DEFAULT_ARTICLE = "rfa-2022-01-20-france-assembly-uyghur"  # the case study: the one place its id is written in kit/
DATA_CACHE_ENV = "KIT_DATA_CACHE"
VERDICT_FORMAT = 1


@dataclass
class Listed:
    """One article folder as the picker shows it, and what is known of its files.

    ``state`` is ``"valid"`` or ``"broken"`` once its files have been validated (now or in an earlier
    session, see the module docstring), ``"unchecked"`` before. ``headline``, ``status`` and
    ``nature`` are read from the start of ``article.yaml`` when it has not been validated yet.
    """

    name: str
    folder: Path
    headline: str = ""
    status: str = ""
    nature: str = ""
    state: str = "unchecked"
    problems: tuple[Problem, ...] = ()
    key: str | None = None
    content: str | None = None
    signature: list[list[Any]] | None = field(default=None, repr=False)
    _article: Article | None = field(default=None, repr=False)

    @property
    def id(self) -> str:
        return self.name


class Library:
    """The articles of a data folder, validated and built when asked for.

    ``articles`` builds every valid article; ``article(id)`` only that one; ``listing`` is what a
    menu shows without building anything; ``broken`` holds the problems of the articles known to
    be broken.
    """

    def __init__(self, root: Path, listing: Iterable[Listed], shared: tuple[Problem, ...] = ()) -> None:
        self.root = root
        self.listing = tuple(listing)
        self.shared = shared

    def _entry(self, article_id: str) -> Listed | None:
        return next((e for e in self.listing if e.name == article_id), None)

    def article(self, article_id: str | None = None) -> Article:
        """Return an article by id (the case study, else the first article, when no id is given).

        Raises
        ------
        DataError
            When that article's files have problems.
        KeyError
            With the list of known ids.
        """
        if article_id is None:  # the case study, else the first article that is not broken
            first = [e for e in self.listing if e.name == DEFAULT_ARTICLE]
            for e in first + [e for e in self.listing if e.name != DEFAULT_ARTICLE]:
                try:
                    return self._built(e)
                except DataError:
                    continue
            raise KeyError(f"no valid article; the data has: {', '.join(e.name for e in self.listing)}")
        entry = self._entry(article_id)
        if entry is None:
            raise KeyError(f"no article {article_id!r}; the data has: {', '.join(e.name for e in self.listing)}")
        return self._built(entry)

    def _built(self, entry: Listed) -> Article:
        before = entry.state
        try:
            return _article_of(entry, self.root)
        finally:
            if entry.state != before:
                _save_index(self.root, self.listing)

    @property
    def articles(self) -> tuple[Article, ...]:
        """Every valid article, in folder order (each validated and built now if it was not yet)."""
        out = []
        for e in self.listing:
            if e.state != "broken":
                try:
                    out.append(self._built(e))
                except DataError:
                    continue
        return tuple(out)

    @property
    def ids(self) -> tuple[str, ...]:
        """The ids of the articles not known to be broken, in order."""
        return tuple(e.name for e in self.listing if e.state != "broken")

    @property
    def broken(self) -> tuple[tuple[str, tuple[Problem, ...]], ...]:
        """(name, problems) of each article whose files are known to have problems."""
        return tuple((e.name, e.problems) for e in self.listing if e.state == "broken")


def _data_cache() -> Path | None:
    root = cache_folder(DATA_CACHE_ENV, "data")
    return None if root is None else root / f"v{VERDICT_FORMAT}" / kit_version()


_DIGESTS_BY_STAT: dict[tuple[str, int, int], str] = {}


def _file_digest(path: Path) -> str:
    """The sha256 of a file's bytes (remembered in this process while its size and time are unchanged)."""
    st = path.stat()
    stat_key = (str(path), st.st_mtime_ns, st.st_size)
    known = _DIGESTS_BY_STAT.get(stat_key)
    if known is None:
        known = hashlib.sha256(read_bytes(path)).hexdigest()  # a FIFO or a huge file is refused (OSError)
        if len(_DIGESTS_BY_STAT) > 20000:
            _DIGESTS_BY_STAT.clear()
        _DIGESTS_BY_STAT[stat_key] = known
    return known


def content_key(folder: Path) -> str | None:
    """The sha256 of what an article folder holds: each file's name and bytes, and its bibliographies'.

    It does not depend on where the folder is, so a chart of the article keeps its key when the
    data is copied elsewhere (:mod:`kit.chartcache`). None when the folder cannot be read.
    """
    h = hashlib.sha256()
    try:
        entries = sorted(p for p in folder.iterdir() if not p.name.startswith("."))
        files = [p for p in entries if p.is_file()]
        named = [(p.name, p) for p in files]
        # a FIFO, a device, a broken link where a data file should be: keyed by what it is, never read
        for p in entries:
            if not p.is_file() and not p.is_dir():
                st = os.lstat(p)
                target = os.readlink(p) if stat.S_ISLNK(st.st_mode) else ""
                h.update(f"{p.name}\0special {st.st_mode:o} {st.st_ino} {target}\0".encode("utf-8", "surrogatepass"))
        named += [("../" * (folder.parents.index(p.parent) + 1) + p.name, p)
                  for p in _bibliographies(folder) if p.parent != folder]
        for name, p in named:
            h.update(f"{name}\0{_file_digest(p)}\0".encode("utf-8", "surrogatepass"))
    except OSError:
        return None
    return h.hexdigest()


def folder_key(folder: Path, content: str | None = None) -> str | None:
    """The key of an article folder's verdict: the kit's version, the working folder (messages name
    files relative to it), the folder's path and :func:`content_key` (``content`` when known)."""
    content = content or content_key(folder)
    if content is None:
        return None
    text = f"{VERDICT_FORMAT}\0{kit_version()}\0{Path.cwd()}\0{folder.resolve()}\0{content}"
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _problem_json(p: Problem) -> list[Any]:
    return [p.file, p.path, p.message, p.line]


def _verdict_ok(entry: Any, key: str) -> bool:
    return (isinstance(entry, dict) and entry.get("format") == VERDICT_FORMAT and entry.get("key") == key
            and isinstance(entry.get("problems"), list) and isinstance(entry.get("summary"), dict)
            and all(isinstance(p, list) and len(p) == 4 and all(isinstance(x, str) for x in p[:3])
                    and (p[3] is None or isinstance(p[3], int)) for p in entry["problems"])
            and all(isinstance(entry["summary"].get(k), str) for k in ("headline", "status", "nature")))


def _docs_ok(entry: Any, key: str) -> bool:
    return (isinstance(entry, dict) and entry.get("key") == key and isinstance(entry.get("article"), dict)
            and isinstance(entry.get("sources"), list) and isinstance(entry.get("text_file"), str))


def _summary_of(doc: Any) -> dict[str, str]:
    d: dict[str, Any] = doc if isinstance(doc, dict) else {}
    meta: dict[str, Any] = d["metadata"] if isinstance(d.get("metadata"), dict) else {}
    nature: dict[str, Any] = d["nature"] if isinstance(d.get("nature"), dict) else {}
    return {k: v if isinstance(v, str) else "" for k, v in
            (("headline", meta.get("headline")), ("status", d.get("status")), ("nature", nature.get("kind")))}


def _validate(entry: Listed, base: Path | None) -> Article | None:
    """Validate the folder of ``entry`` now (or take the cached verdict), updating the entry."""
    key = entry.key or folder_key(entry.folder, entry.content)
    entry.key = key
    cache = _data_cache()
    if key is not None and cache is not None:
        verdict = read_entry(cache / key[:2] / f"{key}.json", lambda e: _verdict_ok(e, key))
        if verdict is not None:
            entry.problems = tuple(Problem(f, p, m, ln) for f, p, m, ln in verdict["problems"])
            summary = verdict["summary"]
            entry.headline, entry.status, entry.nature = summary["headline"], summary["status"], summary["nature"]
            entry.state = "broken" if entry.problems else "valid"
            if entry.problems:
                return None
            art = _from_docs(entry, cache / key[:2] / f"{key}.docs.json", key)
            if art is not None:
                return art
    out: list[Problem] = []
    keep: dict[str, Any] = {}
    art = _load_folder(entry.folder, base, out, keep)
    entry.problems = tuple(out)
    entry.state = "valid" if art is not None and not out else "broken"
    if art is not None:
        entry.headline, entry.status, entry.nature = art.metadata.headline, art.status, art.nature.kind
    if key is not None and cache is not None:
        folder = cache / key[:2]
        summary = {"headline": entry.headline, "status": entry.status, "nature": entry.nature}
        if art is not None and _round_trips(keep):
            write_entry(folder / f"{key}.docs.json", dict(keep, key=key))
        write_entry(folder / f"{key}.json", {"format": VERDICT_FORMAT, "key": key, "folder": entry.name,
                                             "summary": summary, "problems": [_problem_json(p) for p in out]})
    if art is not None:
        _remember_content(art, entry.folder)
    return art


def _remember_content(art: Article, folder: Path) -> None:
    content = content_key(folder)
    if content is not None:
        remember_digest(art, content)


def _round_trips(docs: dict[str, Any]) -> bool:
    try:
        return bool(json.loads(json.dumps(docs)) == docs)
    except (TypeError, ValueError, RecursionError):
        return False


def _from_docs(entry: Listed, path: Path, key: str) -> Article | None:
    """Build a validated article from its cached documents (no YAML parsed); None to validate again."""
    docs = read_entry(path, lambda e: _docs_ok(e, key))
    if docs is None:
        return None
    try:
        text = read_text(entry.folder / docs["text_file"])
        sources = {s["id"]: _build_source(s) for s in docs["sources"]}
        art = _build_article(docs["article"], text, docs.get("facts"), docs.get("acts"), sources)
    except (OSError, UnicodeDecodeError, KeyError, TypeError, ValueError, AttributeError):
        return None  # the folder changed under us, or a damaged entry: validate again
    _remember_content(art, entry.folder)
    return art


def _article_of(entry: Listed, root: Path | None) -> Article:
    """The built article of ``entry``, validating it first if needed."""
    if entry._article is not None:
        return entry._article
    if entry.state == "broken":
        raise DataError(list(entry.problems))
    art = _validate(entry, root)
    if art is None:
        raise DataError(list(entry.problems))
    entry._article = art
    return art


_HEADER_FIELDS = {("id",): "id", ("status",): "status", ("nature", "kind"): "nature",
                  ("metadata", "headline"): "headline"}


_PLAIN_TEXT = re.compile(r"[A-Za-z][A-Za-z0-9 _.,;()/'’-]*")
_YAML_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})


def _plain_value(rest: str) -> str | None:
    r"""The text of a one-line value that YAML reads as that same text (a plain word or phrase starting
    with a letter, or a quoted string without escapes), else None (then YAML reads it). Listing 100
    articles never seen parsed four such values of each with YAML (~0.5 ms an article, issue 17).

    >>> _plain_value(" reviewed"), _plain_value(' "A headline: with a colon"'), _plain_value(" yes")
    ('reviewed', 'A headline: with a colon', None)
    >>> _plain_value(" 2022-01-20"), _plain_value(" a # comment"), _plain_value(r' "tab\t"')
    (None, None, None)
    """
    value = rest.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"' and '"' not in value[1:-1] and "\\" not in value:
        return value[1:-1]
    if len(value) >= 2 and value[0] == value[-1] == "'" and "'" not in value[1:-1]:
        return value[1:-1]
    if _PLAIN_TEXT.fullmatch(value) and value.lower() not in _YAML_WORDS:
        return value
    return None


def _scan_header(text: str) -> dict[str, Any] | None:
    """The id, status, nature kind and headline of an article file, read from their own lines only.

    Whatever the order of the fields; None when one of them is not a one-line value under its
    key (a folded or nested value, flow style), so that the caller parses the whole file instead.
    """
    found: dict[str, Any] = {}
    block = ""
    path: tuple[str, ...]
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        indent = len(line) - len(line.lstrip(" "))
        key, colon, rest = line.strip().partition(":")
        if not colon:
            continue
        if indent == 0:
            block, path = key, (key,)
            if key in ("nature", "metadata") and rest.strip().startswith("{"):  # a one-line flow mapping
                value, _, problems = parse_document(f"v:{rest}", "header")  # aliases refused here too
                inner = value.get("v") if not problems and isinstance(value, dict) else None
                if isinstance(inner, dict):
                    for where, field in _HEADER_FIELDS.items():
                        if len(where) == 2 and where[0] == key and where[1] in inner and field not in found:
                            found[field] = inner[where[1]]
                continue
        elif block in ("nature", "metadata") and indent <= 4 and not key.startswith("-"):
            path = (block, key)
        else:
            continue
        name = _HEADER_FIELDS.get(path)
        if name is None or name in found:
            continue
        nxt = next((ln for ln in lines[i + 1:] if ln.strip() and not ln.lstrip().startswith("#")), "")
        if not rest.strip() or len(nxt) - len(nxt.lstrip(" ")) > indent and ":" not in nxt:
            return None  # a value on the next lines
        plain = _plain_value(rest)
        if plain is not None:
            found[name] = plain
        else:
            value, _, problems = parse_document(f"v:{rest}", "header")  # aliases refused here too
            if problems or not isinstance(value, dict):
                return None
            found[name] = value["v"]
        if len(found) == len(_HEADER_FIELDS):
            break
    return found if len(found) == len(_HEADER_FIELDS) else None


def _header(folder: Path) -> dict[str, str]:
    """Headline, status and nature of an article not validated yet, read from its own lines."""
    path = find_file(folder, "article")
    if path is None:
        return _summary_of(None)
    try:
        if path.suffix != ".json":
            text = read_text(path)
            found = _scan_header(text)
            if found is not None:
                return _summary_of({"status": found["status"], "nature": {"kind": found["nature"]},
                                    "metadata": {"headline": found["headline"]}})
        doc, _, _ = read_document(path, path.name)
        return _summary_of(doc)
    except Exception:  # any unreadable start: named by its folder only until it is validated
        return _summary_of(None)


def _signature(folder: Path, parents: dict[Path, list[list[Any]]] | None = None) -> list[list[Any]] | None:
    """Name, modification time (ns) and size of every file of a folder and of its bibliographies.

    ``parents`` remembers the bibliography of each parent folder during one listing.
    """
    try:
        with os.scandir(folder) as it:
            entries = [e for e in it if not e.name.startswith(".")]
        out: list[list[Any]] = sorted([e.name, st.st_mtime_ns, st.st_size] for e in entries
                                      if e.is_file() for st in (e.stat(),))
        # a FIFO, a device or a broken link where a data file should be is part of the signature too
        out += sorted([e.name, "special", st.st_mode, st.st_ino, os.readlink(e.path) if e.is_symlink() else ""]
                      for e in entries if not e.is_file() and not e.is_dir() for st in (e.stat(follow_symlinks=False),))
        memo = parents if parents is not None else {}
        if folder.parent not in memo:
            found = [b for b in _bibliographies(folder) if b.parent != folder]
            memo[folder.parent] = [[str(b), b.stat().st_mtime_ns, b.stat().st_size] for b in found]
        return out + memo[folder.parent]
    except OSError:
        return None


def _index_path(root: Path) -> Path | None:
    cache = _data_cache()
    if cache is None:
        return None
    where = hashlib.sha256(f"{root.resolve()}\0{Path.cwd()}".encode("utf-8", "surrogatepass")).hexdigest()
    return cache / "listings" / f"{where}.json"


def _index_ok(entry: Any) -> bool:
    return (isinstance(entry, dict) and entry.get("format") == VERDICT_FORMAT and isinstance(entry.get("folders"), dict)
            and all(isinstance(v, dict) and isinstance(v.get("files"), list) and isinstance(v.get("content"), str)
                    and v.get("state") in ("valid", "broken", "unchecked")
                    and all(isinstance(v.get(k), str) for k in ("headline", "status", "nature"))
                    for v in entry["folders"].values()))


def _read_index(root: Path) -> dict[str, Any]:
    path = _index_path(root)
    found = read_entry(path, _index_ok) if path is not None else None
    return dict(found["folders"]) if found is not None else {}


def _save_index(root: Path, listing: Iterable[Listed]) -> None:
    """Remember, for the next session, what the listing found (read again when a file's size or time changes)."""
    path = _index_path(root)
    if path is None:
        return
    folders = {e.name: {"files": e.signature, "content": e.content, "state": e.state, "headline": e.headline,
                        "status": e.status, "nature": e.nature}
               for e in listing if e.signature is not None and e.content is not None}
    write_entry(path, {"format": VERDICT_FORMAT, "root": str(root.resolve()), "folders": folders})


def _verdict_problems(entry: Listed) -> None:
    """Read the problems of a folder known to be broken from its verdict (or mark it unchecked)."""
    cache = _data_cache()
    key = entry.key or folder_key(entry.folder, entry.content)
    entry.key = key
    verdict = (read_entry(cache / key[:2] / f"{key}.json", lambda e: _verdict_ok(e, key))
               if key is not None and cache is not None else None)
    if verdict is None or not verdict["problems"]:
        entry.state = "unchecked" if verdict is None else "valid"
        return
    entry.problems = tuple(Problem(f, p, m, ln) for f, p, m, ln in verdict["problems"])


def _cached_listing(folder: Path, index: dict[str, Any] | None = None,
                    parents: dict[Path, list[list[Any]]] | None = None) -> Listed:
    entry = Listed(folder.name, folder)
    entry.signature = _signature(folder, parents)
    known = (index or {}).get(folder.name)
    if known is not None and entry.signature is not None and known["files"] == entry.signature:
        # unchanged since the last session: what was found then still holds
        entry.content, entry.state = known["content"], known["state"]
        entry.headline, entry.status, entry.nature = known["headline"], known["status"], known["nature"]
        if entry.state == "broken":
            _verdict_problems(entry)
        return entry
    entry.content = content_key(folder)
    key = folder_key(folder, entry.content)
    entry.key = key
    cache = _data_cache()
    verdict = (read_entry(cache / key[:2] / f"{key}.json", lambda e: _verdict_ok(e, key))
               if key is not None and cache is not None else None)
    if verdict is not None:
        entry.problems = tuple(Problem(f, p, m, ln) for f, p, m, ln in verdict["problems"])
        entry.state = "broken" if entry.problems else "valid"
        entry.headline, entry.status, entry.nature = (verdict["summary"][k] for k in ("headline", "status", "nature"))
    else:
        summary = _header(folder)
        entry.headline, entry.status, entry.nature = summary["headline"], summary["status"], summary["nature"]
    return entry


def catalogue(path: str | os.PathLike[str] | None = None) -> Library:
    """The articles of a data folder, listed without validating them (see the module docstring).

    Examples
    --------
    >>> lib = catalogue()
    >>> DEFAULT_ARTICLE in lib.ids, lib.article().metadata.outlet
    (True, 'Radio Free Asia')
    """
    root = Path(path) if path is not None else data_dir()
    index = _read_index(root)
    parents: dict[Path, list[list[Any]]] = {}
    listing = [_cached_listing(f, index, parents) for f in _article_folders(root)]
    lib = Library(root, listing)
    if [(e.name, e.signature, e.state) for e in listing] != [(k, v["files"], v["state"]) for k, v in index.items()]:
        _save_index(root, listing)
    return lib


def _article_folders(root: Path) -> list[Path]:
    arts = root / "articles"
    if not arts.is_dir():
        return []
    recover_swaps(arts)  # an article a crashed save left aside (two-rename systems) is put back first
    return sorted(p for p in arts.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


def check(path: str | os.PathLike[str]) -> tuple[list[Problem], list[Article]]:
    """Validate a data folder, an article folder or one file; return (problems, articles loaded).

    Examples
    --------
    >>> problems, articles = check(data_dir())
    >>> problems, len(articles) >= 1
    ([], True)
    """
    p = Path(path)
    out: list[Problem] = []
    arts: list[Article] = []
    if not p.exists():
        return [Problem(str(p), "", "does not exist; expected a data folder, an article folder or a data file")], []
    if p.is_file():
        base = p.parent.parent.parent if p.parent.parent.name == "articles" else p.parent
        stem = p.stem
        if stem == "sources":
            _sources_for(p.parent, base, out) if find_file(p.parent, "sources") == p else _read(p, "sources", base, out)
            return out, []
        if stem in ARTICLE_FILES:
            a = _load_folder(p.parent, base, out)
            return out, [a] if a else []
        if p.parent.name == "exercises":
            problems, articles = check(p.parent.parent)
            return problems, articles
        if p.suffix == ".txt":
            a = _load_folder(p.parent, base, out)
            return out, [a] if a else []
        return [Problem(str(p), "",
                        "is not a kit data file; expected article, facts, acts or sources (.yaml, .yml or .json)")], []
    if find_file(p, "article"):
        base = p.parent.parent if p.parent.name == "articles" else p.parent
        a = _load_folder(p, base, out)
        return out, [a] if a else []
    folders = _article_folders(p)
    if not folders:
        return [Problem(str(p), "", "has no articles/ folder with article folders in it; expected "
                                    "data/articles/<id>/article.yaml")], []
    shared, per, arts, _ = _check_root(p)
    return ordered(shared + [x for probs in per.values() for x in probs]), arts


def _check_root(root: Path, build: bool = True
                ) -> tuple[list[Problem], dict[str, list[Problem]], list[Article], list[Listed]]:
    """Check a data folder: problems of the shared bibliography, problems per article folder, good
    articles (built only with ``build``), and the listing."""
    shared: list[Problem] = []
    if find_file(root, "sources"):
        _sources_for(root, root, shared)  # reported once, not once per article
    per: dict[str, list[Problem]] = {}
    arts: list[Article] = []
    index = _read_index(root)
    listing: list[Listed] = []
    parents: dict[Path, list[list[Any]]] = {}
    for folder in _article_folders(root):
        entry = _cached_listing(folder, index, parents)
        try:
            if build:
                a: Article | None = _article_of(entry, root)
            else:
                a = _validate(entry, root) if entry.state == "unchecked" else None
        except DataError:
            a = None
        if a is not None:
            entry._article = a
        mine = [x for x in entry.problems if x not in shared]
        if mine:
            per[folder.name] = mine
        if a is not None and build:
            arts.append(a)
        listing.append(entry)
    if [(e.name, e.signature, e.state) for e in listing] != [(k, v["files"], v["state"]) for k, v in index.items()]:
        _save_index(root, listing)
    return shared, per, arts, listing


def ordered(problems: list[Problem]) -> list[Problem]:
    """Problems sorted by file and line, the order a person fixes them in."""
    return sorted(problems, key=lambda p: (p.file, p.line or 0))


def load(path: str | os.PathLike[str] | None = None, *, skip_broken: bool = False) -> Library:
    """Validate every article in a data folder (the kit's own data by default); build them when used.

    Every folder is validated now (an unchanged one by its cached verdict, see the module
    docstring); ``Library.article`` and ``Library.articles`` build the records when asked for.
    With ``skip_broken``, an article whose own files have problems is set aside in
    ``Library.broken`` instead of stopping every other article (a teacher's half-edited draft must
    not break the lessons); problems in the shared bibliography still stop everything.

    Raises
    ------
    DataError
        Listing every problem found, each with file, line, field path, bad value and expectation.

    Examples
    --------
    >>> lib = load()
    >>> lib.article().metadata.outlet
    'Radio Free Asia'
    """
    root = Path(path) if path is not None else data_dir()
    if not _article_folders(root):
        problems, articles = check(root)
        raise DataError(problems)
    shared, per, _, listing = _check_root(root, build=False)
    if shared or (per and not skip_broken):
        raise DataError(ordered(shared + [x for probs in per.values() for x in probs]))
    return Library(root, listing, tuple(shared))


_CACHE: dict[str, Library] = {}


def library(path: str | os.PathLike[str] | None = None, *, validated: bool = False) -> Library:
    """This session's :func:`catalogue` of a data folder (listed once, articles built when asked for).

    With ``validated``, a folder not seen yet in this session is validated now, every article
    (:func:`load` with ``skip_broken``): the broken ones are set aside in ``Library.broken``.
    """
    root = str(Path(path) if path is not None else data_dir())
    if root not in _CACHE:
        _CACHE[root] = load(root, skip_broken=True) if validated else catalogue(root)
    return _CACHE[root]


def forget_libraries() -> None:
    """Forget this session's libraries, so that the next :func:`library` reads the files again
    (after they were changed, e.g. by saving a review)."""
    _CACHE.clear()


def load_article(article_id: str | None = None, path: str | os.PathLike[str] | None = None) -> Article:
    """Load one article (the case study by default), validated, cached for the session.

    Only that article's files are read and validated (or its cached verdict used).

    Examples
    --------
    >>> load_article().id
    'rfa-2022-01-20-france-assembly-uyghur'
    """
    return library(path).article(article_id)
