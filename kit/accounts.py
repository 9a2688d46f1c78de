"""Accounts of the same event: load and check ``accounts.yaml``, restore the case study's text.

An account is one version of the event: the case study, the legislature's own record, a
government's statement as reported, another outlet's report (its citation, the facts it reports and
at most a short passage, never its text), or a short text the project wrote for teaching. Texts the
project wrote are ``constructed``: :attr:`Account.display_label` marks them, and every view uses it.

>>> from kit.loader import load_article
>>> acc = load_accounts(load_article())
>>> acc.get("constructed-neutral").display_label
'Wire-style report [constructed for teaching]'
"""

from __future__ import annotations

import datetime as _dt
import difflib
import re
from dataclasses import field
from pathlib import Path
from typing import Any

from .article import Article
from .doccache import read_document, schema_problems  # parsed and checked once per content (issue 17)
from .errors import DataError, Problem
from .files import label as file_label
from .files import stamp
from .loader import data_dir, load_article
from .model import Absent, record, record_from
from .validation import problem_at, show

STATUSES = ("reported", "omitted", "contradicted", "not_seen")
CONSTRUCTED_MARK = "[constructed for teaching]"
_PLACEHOLDER = re.compile(r"\{([a-z0-9][a-z0-9-]*)(?::([a-z]+))?\}")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


@record
class FactStatus:
    """What an account does with one fact: reported, omitted, contradicted or not seen."""

    fact: str
    status: str
    as_: str = ""
    note: str = ""
    gloss: str = ""  # English gloss of ``as_`` when the account is in another language, written for the kit


@record
class QuoteRef:
    """Someone an account quotes."""

    who: str
    mode: str
    actor: str = ""
    words: str = ""
    note: str = ""
    gloss: str = ""  # English gloss of ``words``, written for the kit


@record
class TermUse:
    """The words an account uses for a compared concept."""

    concept: str
    term: str
    voice: str
    speaker: str = ""
    note: str = ""
    gloss: str = ""  # English gloss of ``term``, written for the kit
    speaker_gloss: str = ""  # English gloss of ``speaker``, written for the kit


@record
class Concept:
    """Something different accounts name with different words."""

    id: str
    label: str
    note: str = ""


@record
class ComparedFact:
    """A fact the matrix compares, with its short label."""

    fact: str
    label: str


@record
class Account:
    """One account of the event.

    ``text`` is the full text when the project has it (the case study, the restored version, a
    constructed account, with placeholders filled in); otherwise empty. ``passage`` is at most one
    short quoted passage.
    """

    id: str
    label: str
    kind: str
    constructed: bool
    language: str
    seen: str
    facts: tuple[FactStatus, ...]
    quotes: tuple[QuoteRef, ...] = ()
    terms: tuple[TermUse, ...] = ()
    source: str = ""
    other_sources: tuple[str, ...] = ()
    speaker: str = ""
    construction_note: str = ""
    text_from: str = ""
    text: str = ""
    passage: str = ""
    passage_source: str = ""
    recitals: tuple[str, ...] = ()
    note: str = ""
    passage_gloss: str = ""  # English gloss of ``passage``, written for the kit
    recital_glosses: tuple[str, ...] = ()  # one per recital ("" when it has none)

    @property
    def display_label(self) -> str:
        """The label every view shows: constructed accounts carry the mark ``[constructed for teaching]``."""
        return f"{self.label} {CONSTRUCTED_MARK}" if self.constructed else self.label

    @property
    def comparable_text(self) -> str:
        """The text a side-by-side comparison uses: the full text, else the short passage."""
        return self.text or self.passage

    def status(self, fact_id: str) -> str:
        """The account's status for a fact; a fact it does not list is omitted (full text seen) or not_seen."""
        for f in self.facts:
            if f.fact == fact_id:
                return f.status
        return "omitted" if self.seen == "full_text" else "not_seen"

    def entry(self, fact_id: str) -> FactStatus:
        """The listed entry for a fact, or one built from the default status."""
        for f in self.facts:
            if f.fact == fact_id:
                return f
        return FactStatus(fact_id, self.status(fact_id))

    @property
    def sources(self) -> tuple[str, ...]:
        """Every source id of the account (main first)."""
        return ((self.source,) if self.source else ()) + self.other_sources


@record
class Accounts:
    """The accounts of one article's event, validated."""

    article: str
    compared: tuple[ComparedFact, ...]
    concepts: tuple[Concept, ...]
    accounts: tuple[Account, ...]
    file: str = field(default="", compare=False)

    def get(self, account_id: str) -> Account:
        """Return an account by id.

        Raises
        ------
        KeyError
            Listing the known ids.
        """
        for a in self.accounts:
            if a.id == account_id:
                return a
        raise KeyError(f"no account {account_id!r}; the accounts are: {', '.join(a.id for a in self.accounts)}")

    def concept(self, concept_id: str) -> Concept:
        """Return a concept by id."""
        for c in self.concepts:
            if c.id == concept_id:
                return c
        raise KeyError(f"no concept {concept_id!r}; the concepts are: {', '.join(c.id for c in self.concepts)}")

    def with_text(self) -> tuple[Account, ...]:
        """Accounts that have a text or passage to compare word by word."""
        return tuple(a for a in self.accounts if a.comparable_text)

    def in_matrix(self) -> tuple[Account, ...]:
        """Accounts the facts matrix shows (all but the restored version, which is the case study again)."""
        return tuple(a for a in self.accounts if a.kind != "restored")

    def constructed(self) -> tuple[Account, ...]:
        """Accounts the project wrote itself."""
        return tuple(a for a in self.accounts if a.constructed)


# ---------------------------------------------------------------- restoring the case study

@record
class Restoration:
    """One artefact replaced: where, what the text had and what replaces it."""

    artefact: str
    paragraph: str
    start: int
    end: int
    before: str
    after: str
    guess: bool = False  # the replacement is the project's guess, not the outlet's wording read in a copy


def restorations(art: Article, certainty: str = "confirmed") -> tuple[Restoration, ...]:
    """The replacements :func:`restore_text` makes, in text order.

    Parameters
    ----------
    art : Article
        The article whose artefacts are used.
    certainty : {"confirmed", "likely"}
        ``confirmed`` replaces only artefacts marked confirmed; ``likely`` also those marked likely.
        Artefacts whose original wording is not known are never replaced.

    Raises
    ------
    ValueError
        For another certainty, or when two artefacts to replace overlap.
    """
    allowed = {"confirmed": ("confirmed",), "likely": ("confirmed", "likely")}
    if certainty not in allowed:
        raise ValueError(f"certainty must be 'confirmed' or 'likely', not {certainty!r}")
    order = {p.id: i for i, p in enumerate(art.paragraphs)}
    out: list[Restoration] = []
    for a in art.artefacts:
        if a.certainty not in allowed[certainty] or isinstance(a.likely_original, Absent):
            continue
        start, end = art.span(a)
        out.append(Restoration(a.id, a.paragraph, start, end, a.anchor, a.likely_original, a.original_basis != "read"))
    out.sort(key=lambda r: (order[r.paragraph], r.start))
    for prev, cur in zip(out, out[1:], strict=False):
        if prev.paragraph == cur.paragraph and cur.start < prev.end:
            raise ValueError(f"artefacts {prev.artefact!r} and {cur.artefact!r} overlap in {cur.paragraph}; "
                             "their anchors must not share text")
    return tuple(out)


def restore_text(art: Article, certainty: str = "confirmed") -> str:
    """The text as received with artefacts replaced by their likely original wording.

    Only artefacts of the given certainty (``confirmed`` by default) are replaced; everything else,
    including RFA's own phrasing, stays as received. A replacement that is a guess (the outlet's
    wording at that point was not seen) is put in square brackets, the editors' sign for words
    supplied, so the text never passes a guess off as the outlet's wording.

    Examples
    --------
    >>> from kit.loader import load_article
    >>> text = restore_text(load_article())
    >>> "a- he declared" in text, "[he said]" in text
    (False, True)
    """
    by_para: dict[str, list[Restoration]] = {}
    for r in restorations(art, certainty):
        by_para.setdefault(r.paragraph, []).append(r)
    parts: list[str] = []
    for p in art.paragraphs:
        text = p.text
        for r in sorted(by_para.get(p.id, []), key=lambda r: r.start, reverse=True):
            text = text[:r.start] + (f"[{r.after}]" if r.guess else r.after) + text[r.end:]
        parts.append(text + p.separator)
    return "".join(parts)


def restored_path(art: Article, root: Path | None = None) -> Path:
    """Where the shipped copy of the restored text lives (``restored.txt`` beside ``article.yaml``)."""
    return (root or data_dir()) / "articles" / art.id / "restored.txt"


def write_restored(art: Article | None = None, root: Path | None = None) -> Path:
    """Write ``restored.txt`` from :func:`restore_text` (run after changing the artefacts in article.yaml)."""
    if art is None:
        art = load_article()
    path = restored_path(art, root)
    path.write_bytes(restore_text(art).encode("utf-8"))
    return path


# ---------------------------------------------------------------- placeholders

def _format(value: Any, how: str | None) -> str:
    if how == "date":
        d = _dt.date.fromisoformat(str(value))
        return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"
    if how:
        raise ValueError(f"unknown format ':{how}'; the only one is ':date'")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def fill(template: str, art: Article) -> str:
    """Replace ``{fact-id}`` and ``{fact-id:date}`` with values from the facts registry.

    Raises
    ------
    KeyError
        For an unknown fact.
    ValueError
        For a fact without a value, or a bad format.

    Examples
    --------
    >>> from kit.loader import load_article
    >>> fill("{fr-vote-for} for, on {fr-vote-date:date}", load_article())
    '169 for, on 20 January 2022'
    """
    def one(m: re.Match[str]) -> str:
        fact = art.fact(m.group(1))
        if fact.value is None or isinstance(fact.value, Absent):
            raise ValueError(f"fact {fact.id!r} has no value to fill in")
        return _format(fact.value, m.group(2))

    return _PLACEHOLDER.sub(one, template)


# ---------------------------------------------------------------- loading

def accounts_path(art: Article, root: Path | None = None) -> Path:
    """Where an article's ``accounts.yaml`` lives."""
    return (root or data_dir()) / "articles" / art.id / "accounts.yaml"


class _Checker:
    def __init__(self, label: str, lines: dict[tuple[Any, ...], int]) -> None:
        self.label = label
        self.lines = lines
        self.problems: list[Problem] = []

    def add(self, path: list[Any], message: str) -> None:
        self.problems.append(problem_at(self.label, self.lines, path, message))

    def ref(self, path: list[Any], value: Any, known: Any, what: str) -> None:
        if not isinstance(value, str) or value in known:
            return
        close = difflib.get_close_matches(value, sorted(known), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        self.add(path, f"{show(value)} is not a known {what}{hint}")


def _filled(c: _Checker, path: list[Any], template: str, art: Article) -> str | None:
    try:
        return fill(template, art)
    except KeyError as exc:
        c.add(path, f"{exc.args[0]}; placeholders name facts of facts.yaml, like {{fr-vote-for}}")
    except ValueError as exc:
        c.add(path, str(exc))
    return None


def _check(doc: dict[str, Any], art: Article, c: _Checker) -> dict[str, str]:
    """Cross-checks beyond the schema; returns the filled-in texts of accounts that have one."""
    if doc["article"] != art.id:
        c.add(["article"], f"{show(doc['article'])} is not this article's id; expected {art.id!r}")
    fact_ids = {f.id for f in art.facts}
    actor_ids = {a.id for a in art.actors}
    source_ids = set(art.sources)
    seen_facts: set[str] = set()
    for i, cf in enumerate(doc["compared_facts"]):
        c.ref(["compared_facts", i, "fact"], cf["fact"], fact_ids, "fact (in facts.yaml)")
        if cf["fact"] in seen_facts:
            c.add(["compared_facts", i, "fact"], f"{show(cf['fact'])} is listed twice")
        seen_facts.add(cf["fact"])
    concept_ids: set[str] = set()
    for i, k in enumerate(doc["concepts"]):
        if k["id"] in concept_ids:
            c.add(["concepts", i, "id"], f"duplicate id {show(k['id'])}")
        concept_ids.add(k["id"])
    texts: dict[str, str] = {}
    restored: str | None = None
    account_ids: set[str] = set()
    for i, a in enumerate(doc["accounts"]):
        here: list[Any] = ["accounts", i]
        if a["id"] in account_ids:
            c.add(here + ["id"], f"duplicate id {show(a['id'])}")
        account_ids.add(a["id"])
        if a["constructed"] and "source" in a:
            c.add(here + ["source"], "a constructed account has no source: it is the project's own text")
        if not a["constructed"] and "text" in a:
            c.add(here + ["text"], "only a constructed account carries a text; another source's account is its "
                                   "citation, the facts it reports and at most a short passage")
        for j, s in enumerate([a.get("source")] + list(a.get("other_sources", []))):
            if s is not None:
                c.ref(here + (["source"] if j == 0 else ["other_sources", j - 1]), s, source_ids,
                      "source (in data/sources.yaml)")
        if "passage" in a and "source" in a["passage"]:
            c.ref(here + ["passage", "source"], a["passage"]["source"], source_ids, "source (in data/sources.yaml)")
        if "speaker" in a:
            c.ref(here + ["speaker"], a["speaker"], actor_ids, "actor (in article.yaml)")
        listed: set[str] = set()
        for j, f in enumerate(a["facts"]):
            c.ref(here + ["facts", j, "fact"], f["fact"], fact_ids, "fact (in facts.yaml)")
            if f["fact"] in listed:
                c.add(here + ["facts", j, "fact"], f"{show(f['fact'])} is listed twice for this account")
            listed.add(f["fact"])
            if f["status"] == "omitted" and a["seen"] == "excerpt":
                c.add(here + ["facts", j, "status"], "only an excerpt of this account was seen, so a missing fact is "
                                                     "'not_seen', not 'omitted'")
        for j, q in enumerate(a.get("quotes", [])):
            if "actor" in q:
                c.ref(here + ["quotes", j, "actor"], q["actor"], actor_ids, "actor (in article.yaml)")
        for j, t in enumerate(a.get("terms", [])):
            c.ref(here + ["terms", j, "concept"], t["concept"], concept_ids, "concept (in this file's concepts)")
        # the full text, when the project has one
        text: str | None = None
        if a.get("text_from") == "article":
            if a["kind"] != "case_study":
                c.add(here + ["text_from"], "only the case study's text comes from the article")
            text = art.text
        elif a.get("text_from") == "restored":
            if restored is None:
                try:
                    restored = restore_text(art)
                except ValueError as exc:
                    c.add(here + ["text_from"], str(exc))
                    restored = ""
            text = restored
        elif "text" in a:
            text = _filled(c, here + ["text"], a["text"], art)
        if a["constructed"] and text is None and not c.problems:
            c.add(here, "a constructed account needs its text (text, or text_from: restored)")
        if a["seen"] == "full_text" and text is None and "text" not in a:
            c.add(here + ["seen"], "seen: full_text needs the account's text in the data (text or text_from); "
                                   "for an outlet's report use seen: excerpt")
        if text is None:
            continue
        texts[a["id"]] = text
        for j, f in enumerate(a["facts"]):
            if "as" in f:
                words = _filled(c, here + ["facts", j, "as"], f["as"], art)
                if words is not None and words not in text:
                    c.add(here + ["facts", j, "as"],
                          f"{show(words)} is not in the account's text; copy the words exactly")
            if f["fact"] in _placeholder_facts(a.get("text", "")) and f["status"] != "reported":
                c.add(here + ["facts", j, "status"],
                      f"the text shows {f['fact']} (as a placeholder), so it is reported")
        for j, t in enumerate(a.get("terms", [])):
            words = _filled(c, here + ["terms", j, "term"], t["term"], art)
            if words is not None and words not in text:
                c.add(here + ["terms", j, "term"],
                      f"{show(words)} is not in the account's text; copy the words exactly")
        if "text" in a:
            shown = set(_placeholder_facts(a["text"])) & seen_facts
            missing = sorted(shown - listed)
            if missing:
                c.add(here + ["facts"], f"the text shows the compared fact(s) {', '.join(missing)} but the facts "
                                        "list does not say so; list each as reported")
    return texts


def _placeholder_facts(template: str) -> list[str]:
    return [m.group(1) for m in _PLACEHOLDER.finditer(template)]


def _build(doc: dict[str, Any], texts: dict[str, str], art: Article, label: str) -> Accounts:
    """The accounts' records, each field from the property of the same name (:func:`kit.model.record_from`);
    a constructed account's words are filled in from the facts, and its passage and recitals are flattened."""
    accounts = []
    for a in doc["accounts"]:
        made = bool(a["constructed"])
        passage = a.get("passage", {})
        recitals = a.get("recitals", [])  # each the words alone, or {text, gloss}
        facts = tuple(record_from(FactStatus, f, **({"as_": fill(f["as"], art)} if made and "as" in f else {}))
                      for f in a["facts"])
        terms = tuple(record_from(TermUse, t, term=fill(t["term"], art) if made else t["term"])
                      for t in a.get("terms", []))
        accounts.append(record_from(
            Account, a, facts=facts, terms=terms, text=texts.get(a["id"], ""),
            passage=passage.get("text", ""), passage_source=passage.get("source", a.get("source", "")),
            passage_gloss=passage.get("gloss", ""),
            recitals=tuple(r if isinstance(r, str) else r["text"] for r in recitals),
            recital_glosses=tuple("" if isinstance(r, str) else r.get("gloss", "") for r in recitals)))
    return Accounts(article=doc["article"], compared=tuple(record_from(ComparedFact, f) for f in doc["compared_facts"]),
                    concepts=tuple(record_from(Concept, k) for k in doc["concepts"]), accounts=tuple(accounts),
                    file=label)


def check_accounts(path: str | Path, art: Article) -> tuple[list[Problem], Accounts | None]:
    """Validate an accounts file against its schema and the article's data.

    Returns
    -------
    tuple
        Every problem found, and the accounts when there were none.
    """
    p = Path(path)
    label = file_label(p)
    doc, lines, problems = read_document(p, label)
    if problems:
        return problems, None
    problems = schema_problems(doc, "accounts", label, lines)
    if problems:
        return problems, None
    checker = _Checker(label, lines)
    texts = _check(doc, art, checker)
    if checker.problems:
        return checker.problems, None
    return [], _build(doc, texts, art, label)


_CACHE: dict[tuple[str, str], Accounts] = {}


def load_accounts(art: Article | None = None, path: str | Path | None = None) -> Accounts:
    """Load and validate the accounts of an article (the case study by default), cached per file.

    A lesson calls :func:`kit.comparison_views.chosen_accounts` instead, which says plainly when an article
    other than the case study has none.

    Raises
    ------
    DataError
        Listing every problem, each with file, line, field path and what was expected.
    """
    if art is None:
        art = load_article()
    p = Path(path) if path is not None else accounts_path(art)
    key = (stamp(p)[0], art.id)
    if key not in _CACHE or path is not None:
        problems, accounts = check_accounts(p, art)
        if problems or accounts is None:
            raise DataError(problems)
        if path is not None:
            return accounts
        _CACHE[key] = accounts
    return _CACHE[key]


__all__ = ["Account", "Accounts", "CONSTRUCTED_MARK", "ComparedFact", "Concept", "FactStatus", "QuoteRef",
           "Restoration", "STATUSES", "TermUse", "accounts_path", "check_accounts", "fill", "load_accounts",
           "restorations", "restore_text", "restored_path", "write_restored"]
