"""Typed, immutable records for everything in ``data/``.

Records are built only from data that passed validation; their fields mirror the schema's.
A value that no source gives is an :class:`Absent`, never a guess.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union


@dataclass(frozen=True)
class Absent:
    """A value deliberately left out: ``not_found`` in the sources, or ``not_applicable``.

    Examples
    --------
    >>> Absent("not_found", "no source gives it")
    Absent(kind='not_found', reason='no source gives it')
    >>> bool(Absent("not_found", "x"))
    False
    """

    kind: str
    reason: str

    def __bool__(self) -> bool:
        return False

    def __str__(self) -> str:
        return f"({self.kind.replace('_', ' ')}: {self.reason})"


Text = Union[str, Absent]


@dataclass(frozen=True)
class Citation:
    """A source for a fact, with the short passage it rests on."""

    source: str
    quote: str = ""
    note: str = ""
    gloss: str = ""  # an English gloss of a quote in another language, written for the kit


@dataclass(frozen=True)
class Source:
    """One entry of the bibliography."""

    id: str
    title: str
    publisher: str
    url: Text
    date: Text
    kind: str
    language: str
    original: str = ""
    licence: str = ""
    note: str = ""


@dataclass(frozen=True)
class Credit:
    """A credit of the article (byline, translator, writer...)."""

    name: str
    role: str
    in_text_as_received: bool
    where: str = ""
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Metadata:
    """Identity of the published article."""

    headline: str
    outlet: str
    outlet_actor: str
    url: Text
    published: Text
    published_basis: str
    language: str
    credits: tuple[Credit, ...]
    rights: str
    deck: Text = Absent("not_found", "not given")
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Version:
    """One step of the provenance chain."""

    id: str
    label: str
    language: str
    made_by: str
    certainty: str
    description: str
    url: Text = Absent("not_found", "not given")
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of the text as received."""

    id: str
    role: str
    text: str
    separator: str

    @property
    def number(self) -> int:
        """The paragraph's position, from 1."""
        return int(self.id[1:])


@dataclass(frozen=True)
class Actor:
    """A person or body in or behind the report."""

    id: str
    name: str
    kind: str
    description: str
    group: str
    in_article: bool
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Quote:
    """Speech reported in the article, anchored to its paragraph."""

    id: str
    paragraph: str
    anchor: str
    speaker: str
    mode: str
    speech_verb: Text
    language_spoken: Text
    translated: str
    note: str = ""

    @property
    def words(self) -> int:
        """How many words the quote's anchor holds."""
        return len(self.anchor.split())


@dataclass(frozen=True)
class FactLink:
    """A claim's link to a fact in the registry."""

    fact: str
    relation: str


@dataclass(frozen=True)
class Claim:
    """A statement presented as true, with whose voice it is in."""

    id: str
    paragraph: str
    anchor: str
    voice: str
    kind: str
    checkable: bool
    assessment: str
    facts: tuple[FactLink, ...]
    note: str = ""


@dataclass(frozen=True)
class Number:
    """A figure in the text and what it counts."""

    id: str
    paragraph: str
    anchor: str
    value: float
    unit: str
    counts: str
    approximate: bool
    context: str = ""
    facts: tuple[str, ...] = ()


@dataclass(frozen=True)
class FramingTerm:
    """A word or phrase that frames."""

    id: str
    paragraph: str
    anchor: str
    kind: str
    voice: str
    in_quote: bool
    alternatives: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Artefact:
    """A trace of translation or republication."""

    id: str
    paragraph: str
    anchor: str
    kind: str
    certainty: str
    likely_original: Text
    explanation: str
    sources: tuple[str, ...] = ()
    original_basis: str = ""  # "read" (the outlet's own wording, seen), "guess", or "" (not recorded)


@dataclass(frozen=True)
class Caption:
    """A photo caption in the text."""

    id: str
    paragraph: str
    anchor: str
    credit: str
    image_in_text: bool
    describes: str
    image_date: Text
    credit_holder: str = ""


@dataclass(frozen=True)
class Fact:
    """An atomic, sourced fact about the event."""

    id: str
    statement: str
    topic: str
    confidence: str
    sources: tuple[Citation, ...]
    value: float | str | None = None
    unit: str = ""
    derived_from: tuple[str, ...] = ()
    conflict: str = ""
    note: str = ""


@dataclass(frozen=True)
class Position:
    """What one side of a conflict says."""

    value: str
    sources: tuple[Citation, ...]


@dataclass(frozen=True)
class Conflict:
    """Sources that disagree, recorded rather than resolved by guessing."""

    id: str
    about: str
    positions: tuple[Position, ...]
    status: str
    advice: str


@dataclass(frozen=True)
class Tally:
    """A recorded count of votes."""

    for_: int
    against: int
    abstain: int | None = None
    voting: int | None = None


@dataclass(frozen=True)
class Stage:
    """An earlier or later stage of an act."""

    stage: str
    date: str


@dataclass(frozen=True)
class Act:
    """An act of a legislature, government or other body."""

    id: str
    jurisdiction: str
    body: str
    branch: str
    chamber: str
    date: Text
    kind: str
    binding: bool | Absent
    wording: str
    decided_by: str
    tally: Tally | Absent
    seats: int | Absent
    named_in_article: bool
    sources: tuple[Citation, ...]
    date_conflict: str = ""
    other_dates: tuple[Stage, ...] = ()
    wording_quote: str = ""
    proposer: str = ""
    note: str = ""


@dataclass(frozen=True)
class Nature:
    """Whether an article is real, fictional or constructed for teaching."""

    kind: str
    note: str

    @property
    def constructed(self) -> bool:
        """True for texts written by the kit's authors rather than published by an outlet."""
        return self.kind != "real"


@dataclass(frozen=True)
class ReviewItem:
    """An annotation of a draft that a person still has to check."""

    target: str
    reason: str
    confidence: float | None = None  # how sure the tool was, 0 to 1 (None: not recorded)


@dataclass(frozen=True)
class ArticleData:
    """Everything the data says about one article (see :class:`kit.Article` for the helpers)."""

    id: str
    status: str
    nature: Nature
    metadata: Metadata
    text: str
    text_file: str
    provenance: tuple[Version, ...]
    paragraphs: tuple[Paragraph, ...]
    actors: tuple[Actor, ...]
    quotes: tuple[Quote, ...] = ()
    claims: tuple[Claim, ...] = ()
    numbers: tuple[Number, ...] = ()
    framing_terms: tuple[FramingTerm, ...] = ()
    artefacts: tuple[Artefact, ...] = ()
    captions: tuple[Caption, ...] = ()
    facts: tuple[Fact, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    acts: tuple[Act, ...] = ()
    review: tuple[ReviewItem, ...] = ()
    sources: dict[str, Source] = field(default_factory=dict, compare=False, repr=False)
