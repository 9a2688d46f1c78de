"""The article record with the queries the lessons use."""

from __future__ import annotations

import difflib
from collections import Counter
from functools import cached_property
from typing import Any

from .model import Absent, Act, Actor, ArticleData, Claim, Fact, Paragraph, Quote, Source, record


@record
class Article(ArticleData):
    """One validated article with helpers to query it.

    Examples
    --------
    >>> from kit import load_article
    >>> art = load_article()
    >>> len(art.paragraphs)
    22
    >>> [q.id for q in art.quotes_by("Dolkun Isa")]
    ['q-isa-crucial-step', 'q-isa-call']
    """

    # ---- lookups
    @cached_property
    def _index(self) -> dict[str, Any]:
        idx: dict[str, Any] = {}
        for group in (self.paragraphs, self.provenance, self.actors, self.quotes, self.claims, self.numbers,
                      self.framing_terms,
                      self.artefacts, self.captions, self.facts, self.conflicts, self.acts):
            for rec in group:
                idx.setdefault(rec.id, rec)
        return idx

    def get(self, record_id: str) -> Any:
        """Return any record of the article by id.

        Raises
        ------
        KeyError
            Naming the id and a few close ones.
        """
        try:
            return self._index[record_id]
        except KeyError:
            close = difflib.get_close_matches(record_id, list(self._index), n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise KeyError(f"no record {record_id!r} in {self.id}{hint}") from None

    def paragraph(self, pid: str | int) -> Paragraph:
        """Return a paragraph by id ('p5') or number (5)."""
        rec = self.get(f"p{pid}" if isinstance(pid, int) else pid)
        assert isinstance(rec, Paragraph)
        return rec

    def actor(self, key: str) -> Actor:
        """Return an actor by id or by name (case-insensitive).

        Raises
        ------
        KeyError
            Listing the actors' names.
        """
        for a in self.actors:
            if key == a.id or key.casefold() == a.name.casefold():
                return a
        raise KeyError(f"no actor {key!r}; the article's actors are: {', '.join(a.name for a in self.actors)}")

    def fact(self, fact_id: str) -> Fact:
        """Return a fact of the registry by id."""
        rec = self.get(fact_id)
        if not isinstance(rec, Fact):
            raise KeyError(f"{fact_id!r} is not a fact")
        return rec

    def source(self, source_id: str) -> Source:
        """Return a bibliography entry by id."""
        try:
            return self.sources[source_id]
        except KeyError:
            raise KeyError(f"no source {source_id!r} in the bibliography") from None

    @property
    def outlet(self) -> Actor:
        """The actor that stands for the outlet's own voice."""
        return self.actor(self.metadata.outlet_actor)

    # ---- quotes and voices
    def quotes_by(self, speaker: str) -> tuple[Quote, ...]:
        """Quotes by one speaker (actor id or name), in text order."""
        sid = self.actor(speaker).id
        return tuple(q for q in self.quotes if q.speaker == sid)

    def speakers(self) -> tuple[Actor, ...]:
        """Actors quoted at least once, in order of first quote."""
        seen: list[str] = []
        for q in self.quotes:
            if q.speaker not in seen:
                seen.append(q.speaker)
        return tuple(self.actor(s) for s in seen)

    def absent_voices(self) -> tuple[Actor, ...]:
        """Actors the data records as bearing on the story but not in the article."""
        return tuple(a for a in self.actors if not a.in_article)

    def words_by_group(self) -> dict[str, int]:
        """Words in quotes per family of voices, plus the outlet's own words outside quotes.

        The outlet's count is every word of the text outside direct quotes and captions' credits,
        so the shares add up to the whole text.
        """
        counts: Counter[str] = Counter()
        quoted = 0
        for q in self.quotes:
            if q.mode == "direct":
                counts[self.actor(q.speaker).group] += q.words
                quoted += q.words
        total = sum(len(p.text.split()) for p in self.paragraphs)
        counts["outlet"] += total - quoted
        return dict(counts)

    # ---- claims and facts
    def claims_by_voice(self, voice: str | None = None) -> tuple[Claim, ...]:
        """Claims in one voice (actor id or name); the outlet's own voice when ``voice`` is None."""
        vid = self.outlet.id if voice is None else self.actor(voice).id
        return tuple(c for c in self.claims if c.voice == vid)

    def facts_for(self, claim: Claim | str) -> tuple[tuple[Fact, str], ...]:
        """The facts linked to a claim, each with its relation (supports, completes, contradicts)."""
        c = self.get(claim) if isinstance(claim, str) else claim
        return tuple((self.fact(link.fact), link.relation) for link in c.facts)

    def sources_for(self, fact: Fact | str) -> tuple[Source, ...]:
        """Bibliography entries behind a fact."""
        f = self.fact(fact) if isinstance(fact, str) else fact
        return tuple(self.source(c.source) for c in f.sources)

    # ---- acts
    def acts_by_date(self) -> tuple[Act, ...]:
        """Acts sorted by date; an act whose date is in conflict sorts by the earliest date claimed."""
        return tuple(sorted(self.acts, key=self.act_sort_date))

    def main_act(self) -> Act | None:
        """The act the article reports: the counted vote on its publication date, else the first counted vote."""
        counted = [a for a in self.acts_by_date() if not isinstance(a.tally, Absent)]
        same_day = [a for a in counted if a.date == self.metadata.published]
        candidates = same_day or counted
        return candidates[0] if candidates else None

    def act_sort_date(self, act: Act) -> str:
        """The date an act sorts by (the earliest position of its date conflict when it has no date)."""
        if isinstance(act.date, str):
            return act.date
        if act.date_conflict:
            conflict = self.get(act.date_conflict)
            return str(min(p.value for p in conflict.positions))
        return "9999"

    # ---- annotations by paragraph
    def annotations_in(self, pid: str) -> dict[str, tuple[Any, ...]]:
        """Every annotation anchored in one paragraph, by kind."""
        return {kind: tuple(a for a in getattr(self, kind) if a.paragraph == pid)
                for kind in ("quotes", "claims", "numbers", "framing_terms", "artefacts", "captions")}

    def span(self, annotation: Any) -> tuple[int, int]:
        """Start and end of an annotation's anchor within its paragraph."""
        text = self.paragraph(annotation.paragraph).text
        start = text.index(annotation.anchor)
        return start, start + len(annotation.anchor)

    def counts(self) -> dict[str, int]:
        """How many records of each kind the article has."""
        return {k: len(getattr(self, k)) for k in ("paragraphs", "actors", "quotes", "claims", "numbers",
                                                   "framing_terms", "artefacts", "captions", "facts",
                                                   "conflicts", "acts")}

    def is_absent(self, value: Any) -> bool:
        """True when a value is deliberately absent from the data."""
        return isinstance(value, Absent)
