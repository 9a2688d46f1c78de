"""Counting and finding over one article: the numbers the media-literacy lessons (01-05) show.

Pure functions over a :class:`kit.article.Article`: no HTML, no chart, no widget, nothing shown
(the views in :mod:`kit.views` turn these numbers into text, tables and charts). Layer 2 of the
package (analyses), beside :mod:`kit.votes` and :mod:`kit.compare`.

>>> from kit import load_article
>>> art = load_article()
>>> role_counts(art)["lede"]
1
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from typing import Any

from .article import Article
from .model import Claim, FramingTerm, record

# The kit's assessments of a claim, in the order the views list them (their labels: kit.views.base.ASSESSMENTS).
ASSESSMENT_KEYS: tuple[str, ...] = ("supported", "incomplete", "contradicted", "unverified", "not_checkable")
# Where a framing term sits (their labels: kit.views.base.FRAMING_CATEGORIES).
FRAMING_PLACES: tuple[str, ...] = ("outlet", "quote", "reported")


def role_counts(art: Article) -> dict[str, int]:
    """Paragraphs per role, in the order roles first appear.

    Examples
    --------
    >>> from kit import load_article
    >>> role_counts(load_article())["caption"]
    2
    """
    return dict(Counter(p.role for p in art.paragraphs))


def words_by_role(art: Article) -> dict[str, int]:
    """Words per paragraph role (words are runs of characters between spaces)."""
    out: dict[str, int] = {}
    for p in art.paragraphs:
        out[p.role] = out.get(p.role, 0) + len(p.text.split())
    return out


@record
class Hit:
    """Where a search term occurs: a part of the report (headline, deck or a paragraph)."""

    part: str
    role: str
    text: str
    start: int
    end: int


def _fold_char(ch: str) -> str:
    ch = {"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " "}.get(ch, ch)
    base = unicodedata.normalize("NFKD", ch)[:1] or ch
    return base.casefold()[:1] or base


def fold_same_length(text: str) -> str:
    """Lower-case ``text`` without accents or curly quotes, keeping every character's position.

    Examples
    --------
    >>> fold_same_length("Élan’s")
    "elan's"
    """
    return "".join(_fold_char(c) for c in text)


def find_all(text: str, term: str) -> list[tuple[int, int]]:
    """Start and end of every occurrence of ``term`` in ``text``, ignoring case, accents and curly quotes.

    >>> find_all("Élan and elan", "ELAN")
    [(0, 4), (9, 13)]
    """
    hay, needle = fold_same_length(text), " ".join(fold_same_length(term).split())
    if not needle:
        return []
    out, i = [], hay.find(needle)
    while i >= 0:
        out.append((i, i + len(needle)))
        i = hay.find(needle, i + 1)
    return out


def find_in_text(art: Article, term: str) -> list[Hit]:
    """Every occurrence of ``term`` (ignoring case, accents and curly quotes) in the headline,
    the deck and the paragraphs.

    Examples
    --------
    >>> from kit import load_article
    >>> [h.part for h in find_in_text(load_article(), "lower house")]
    ['p3', 'p15']
    """
    term = str(term)[:200]
    parts: list[tuple[str, str, str]] = [("headline", "headline", art.metadata.headline)]
    if isinstance(art.metadata.deck, str):
        parts.append(("deck", "deck (the line under the headline)", art.metadata.deck))
    parts.extend((p.id, p.role, p.text) for p in art.paragraphs)
    return [Hit(pid, role, text, a, b) for pid, role, text in parts for a, b in find_all(text, term)]


def quote_rows(art: Article, speaker: str | None = None, mode: str | None = None) -> list[dict[str, Any]]:
    """The quotes as table rows, optionally for one speaker (id or name) and one mode.

    Examples
    --------
    >>> from kit import load_article
    >>> [r["mode"] for r in quote_rows(load_article(), "Dolkun Isa")]
    ['direct', 'direct']
    """
    sid = art.actor(speaker).id if speaker else None
    rows = []
    for q in art.quotes:
        if (sid and q.speaker != sid) or (mode and q.mode != mode):
            continue
        a = art.actor(q.speaker)
        rows.append({"id": q.id, "speaker": a.name, "group": a.group, "paragraph": q.paragraph, "mode": q.mode,
                     "verb": q.speech_verb if isinstance(q.speech_verb, str) else "(none)",
                     "language": q.language_spoken if isinstance(q.language_spoken, str) else "not known",
                     "translated": q.translated, "words": q.words, "text": q.anchor})
    return rows


def quotes_per_speaker(art: Article) -> dict[str, dict[str, int]]:
    """For each speaker (by name, in order of first quote): direct, indirect and total quotes."""
    out: dict[str, dict[str, int]] = {}
    for q in art.quotes:
        rec = out.setdefault(art.actor(q.speaker).name, {"direct": 0, "indirect": 0, "total": 0})
        rec[q.mode] += 1
        rec["total"] += 1
    return out


def is_outlet_voice(art: Article, claim: Claim) -> bool:
    """True when a claim is in the outlet's own voice, not attributed to anyone."""
    return bool(claim.voice == art.outlet.id)


def claim_counts(art: Article) -> dict[str, dict[str, int]]:
    """Claims by assessment, split into the outlet's own voice and attributed voices."""
    out = {k: {"outlet": 0, "attributed": 0} for k in ASSESSMENT_KEYS}
    for c in art.claims:
        out[c.assessment]["outlet" if is_outlet_voice(art, c) else "attributed"] += 1
    return out


def framing_place(art: Article, term: FramingTerm) -> str:
    """Where a framing term sits: ``outlet`` (the outlet's own voice), ``quote`` or ``reported``."""
    if term.in_quote:
        return "quote"
    return "outlet" if term.voice == art.outlet.id else "reported"


def framing_rows(art: Article, where: str | None = None, kind: str | None = None) -> list[FramingTerm]:
    """Framing terms, optionally only those in one place (outlet, quote, reported) or of one kind."""
    return [t for t in art.framing_terms
            if (where is None or framing_place(art, t) == where) and (kind is None or t.kind == kind)]


def framing_counts(art: Article) -> dict[str, dict[str, int]]:
    """Framing terms by place (outlet, quote, reported) and kind."""
    kinds = list(dict.fromkeys(t.kind for t in art.framing_terms))
    out = {k: {kind: 0 for kind in kinds} for k in FRAMING_PLACES}
    for t in art.framing_terms:
        out[framing_place(art, t)][t.kind] += 1
    return out


def variant_counts(art: Article, words: Sequence[str]) -> dict[str, int]:
    """How often each spelling occurs in the paragraphs, as a whole word or word start
    (``Uyghur`` also counts ``Uyghurs``), ignoring case.

    Examples
    --------
    >>> from kit import load_article
    >>> variant_counts(load_article(), ["Uighur"])["Uighur"]
    2
    """
    text = "\n".join(p.text for p in art.paragraphs)
    return {w: len(re.findall(r"(?<!\w)" + re.escape(w), text, flags=re.IGNORECASE)) for w in words}


@record
class Mark:
    """A phrase a student marked as suspect, located in its paragraph."""

    paragraph: str
    phrase: str
    start: int
    end: int


@record
class HuntResult:
    """How a student's marks compare with the artefacts the data records."""

    hits: tuple[tuple[Mark, str], ...]
    misses: tuple[Mark, ...]
    found: tuple[str, ...]
    not_found: tuple[str, ...]


def score_marks(art: Article, marks: Sequence[Mark]) -> HuntResult:
    """Compare marks with the artefacts: a mark hits an artefact when their spans overlap.

    Examples
    --------
    >>> from kit import load_article
    >>> art = load_article()
    >>> start, end = find_all(art.paragraph("p6").text, "he declared")[0]
    >>> m = Mark("p6", "he declared", start, end)
    >>> score_marks(art, [m]).found
    ('a-he-declared',)
    """
    hits: list[tuple[Mark, str]] = []
    misses: list[Mark] = []
    found: list[str] = []
    for m in marks:
        hit = [a.id for a in art.artefacts if a.paragraph == m.paragraph
               and m.start < art.span(a)[1] and art.span(a)[0] < m.end]
        if hit:
            hits.extend((m, h) for h in hit)
            found.extend(h for h in hit if h not in found)
        else:
            misses.append(m)
    not_found = tuple(a.id for a in art.artefacts if a.id not in found)
    return HuntResult(tuple(hits), tuple(misses), tuple(a.id for a in art.artefacts if a.id in found), not_found)


def artefact_counts(art: Article) -> dict[str, dict[str, int]]:
    """Artefacts by kind and certainty (confirmed, likely)."""
    out: dict[str, dict[str, int]] = {}
    for a in art.artefacts:
        out.setdefault(a.kind, {"confirmed": 0, "likely": 0})[a.certainty] += 1
    return out
