"""Typed, immutable records for everything in ``data/``.

Records are built only from data that passed validation; their fields are the schema's properties,
by the same names (``tests/test_schema_fields.py`` checks both lists agree), and
:func:`record_from` builds a record from a validated mapping by those names. A value that no
source gives is an :class:`Absent`, never a guess.

Adding an optional field to a record: the property in its schema (``kit/schema/``), the field here
with its default, and the view that shows it; nothing in the loader.
"""

from __future__ import annotations

import dataclasses
import keyword
import operator
import reprlib
import sys
import types
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, TypeVar, Union, cast, dataclass_transform, get_args, get_origin

R = TypeVar("R")
T = TypeVar("T")


def _getter(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """The tuple of these attributes of an object (``operator.attrgetter`` gives a bare value for one)."""
    if not names:
        return lambda obj: ()
    get = operator.attrgetter(*names)
    return (lambda obj: (get(obj),)) if len(names) == 1 else get


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field, dataclasses.Field))
def record(cls: type[T]) -> type[T]:
    """``@dataclass(frozen=True)`` for the kit's records, quicker to define.

    The same class as the standard decorator makes (its ``__init__``, frozen fields, ``__eq__``,
    ``__hash__`` and ``__repr__`` field by field, honouring each field's ``compare``, ``hash`` and
    ``repr``), except that the last three are shared functions rather than three more functions
    compiled for every class: that compiling was a third of the time it took to import the kit in a
    lesson's first cell (issue 17; about 0.3 ms a record class on the benchmark machine).

    >>> @record
    ... class Pair:
    ...     a: int
    ...     b: str = field(default="", compare=False)
    >>> Pair(1, "x"), Pair(1, "x") == Pair(1, "y"), hash(Pair(1)) == hash(Pair(1, "z"))
    (Pair(a=1, b='x'), True, True)
    """
    made = dataclass(frozen=True, eq=False, repr=False)(cls)
    fields = dataclasses.fields(cast(Any, made))
    compared = _getter(tuple(f.name for f in fields if f.compare))
    hashed = _getter(tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash)))
    shown = tuple(f.name for f in fields if f.repr)

    def __eq__(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return compared(self) == compared(other)
        return NotImplemented

    def __hash__(self: Any) -> int:
        return hash(hashed(self))

    @reprlib.recursive_repr()
    def __repr__(self: Any) -> str:
        return f"{self.__class__.__qualname__}({', '.join(f'{n}={getattr(self, n)!r}' for n in shown)})"

    own = made.__dict__
    for fn in (__eq__, __repr__, __hash__):
        fn.__qualname__ = f"{made.__qualname__}.{fn.__name__}"
        # a method the class defines itself stays, as with @dataclass (an ``__eq__`` of its own sets
        # ``__hash__`` to None in the class body: that is not a hash of its own)
        mine = fn.__name__ in own and not (fn.__name__ == "__hash__" and own["__hash__"] is None and "__eq__" in own)
        if not mine:
            setattr(made, fn.__name__, fn)
    return made


@record
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


Text = str | Absent


@record
class Citation:
    """A source for a fact, with the short passage it rests on."""

    source: str
    quote: str = ""
    note: str = ""
    gloss: str = ""  # an English gloss of a quote in another language, written for the kit


@record
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


@record
class Credit:
    """A credit of the article (byline, translator, writer...)."""

    name: str
    role: str
    in_text_as_received: bool
    where: str = ""
    sources: tuple[str, ...] = ()


@record
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
    deck: Text = Absent("not_found", "the data gives no deck")
    sources: tuple[str, ...] = ()


@record
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


@record
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


@record
class Actor:
    """A person or body in or behind the report."""

    id: str
    name: str
    kind: str
    description: str
    group: str
    in_article: bool
    sources: tuple[str, ...] = ()


@record
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


@record
class FactLink:
    """A claim's link to a fact in the registry."""

    fact: str
    relation: str


@record
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


@record
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


@record
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


@record
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


@record
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


@record
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


@record
class Position:
    """What one side of a conflict says."""

    value: str
    sources: tuple[Citation, ...]


@record
class Conflict:
    """Sources that disagree, recorded rather than resolved by guessing."""

    id: str
    about: str
    positions: tuple[Position, ...]
    status: str
    advice: str


@record
class Tally:
    """A recorded count of votes."""

    for_: int
    against: int
    abstain: int | None = None
    voting: int | None = None


@record
class Stage:
    """An earlier or later stage of an act."""

    stage: str
    date: str


@record
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


@record
class Nature:
    """Whether an article is real, fictional or constructed for teaching."""

    kind: str
    note: str

    @property
    def constructed(self) -> bool:
        """True for texts written by the kit's authors rather than published by an outlet."""
        return self.kind != "real"


@record
class ReviewItem:
    """An annotation of a draft that a person still has to check."""

    target: str
    reason: str
    confidence: float | None = None  # how sure the tool was, 0 to 1 (None: not recorded)


@record
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


# ---------------------------------------------------------------- building a record from valid data

def property_name(field_name: str) -> str:
    """The schema property a record's field holds: the same name, less the ``_`` that a Python
    keyword takes as a field name (``Tally.for_`` holds ``for``).

    >>> property_name("for_"), property_name("speaker")
    ('for', 'speaker')
    """
    bare = field_name[:-1]
    return bare if field_name.endswith("_") and keyword.iskeyword(bare) else field_name


def _same(value: Any) -> Any:
    return value


def _absent(value: Any) -> Absent:
    return Absent(value["absent"], value["reason"])


def _converter(tp: Any) -> Callable[[Any], Any]:
    """How a validated value becomes the field's type: a list a tuple, a mapping its record, an
    ``{absent, reason}`` mapping an :class:`Absent`; anything else is kept as it is."""
    origin, args = get_origin(tp), get_args(tp)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = _converter(args[0])
        return lambda v: tuple(item(x) for x in v)
    if origin is Union or origin is types.UnionType:
        members = [a for a in args if a is not type(None)]
        records = [a for a in members if dataclasses.is_dataclass(a) and a is not Absent]
        inner = _converter(records[0]) if records else _same  # a union holds at most one record type
        may_be_absent = Absent in members

        def either(v: Any) -> Any:
            if may_be_absent and isinstance(v, dict) and "absent" in v:
                return _absent(v)
            return inner(v) if isinstance(v, dict) else v
        return either
    if tp is Absent:
        return _absent
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return lambda v: record_from(tp, v)
    return _same


@cache
def _annotation(text: str, module: str) -> Any:
    """The type a field's annotation names (``"tuple[Citation, ...]"``), evaluated in its module once
    per text: ``typing.get_type_hints`` compiled each of the ~170 annotations at every kernel start."""
    return eval(text, vars(sys.modules[module]))  # the kit's own annotations, never input


def _hint(cls: type, f: dataclasses.Field[Any]) -> Any:
    if not isinstance(f.type, str):
        return f.type
    owner = next((c for c in cls.__mro__ if f.name in c.__dict__.get("__annotations__", {})), cls)
    return _annotation(f.type, owner.__module__)


@cache
def _plan(cls: type) -> tuple[tuple[str, str, Callable[[Any], Any], bool], ...]:
    """(field, property, converter, has a default) for each field of a record class."""
    return tuple((f.name, property_name(f.name), _converter(_hint(cls, f)),
                  f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING)
                 for f in dataclasses.fields(cls) if f.init)


def record_from(cls: type[R], data: Mapping[str, Any], **given: Any) -> R:
    """Build a record from a mapping that passed its schema: every field from the property of the
    same name (see :func:`property_name`), converted to the field's type (nested records, tuples,
    :class:`Absent`); an optional property left out takes the field's default. ``given`` sets the
    fields that are not read from the mapping (e.g. an article's text, read from its own file).

    Examples
    --------
    >>> record_from(Tally, {"for": 169, "against": 1, "abstain": 5})
    Tally(for_=169, against=1, abstain=5, voting=None)
    >>> record_from(Citation, {"source": "an-source", "quote": "a passage"}).quote
    'a passage'
    >>> record_from(Stage, {"stage": "adopted"})
    Traceback (most recent call last):
    ...
    KeyError: "Stage needs 'date' (the data was not validated against its schema)"
    """
    values = dict(given)
    for name, prop, convert, has_default in _plan(cast(type, cls)):
        if name in values:
            continue
        if prop in data:
            values[name] = convert(data[prop])
        elif not has_default:
            raise KeyError(f"{cls.__name__} needs {prop!r} (the data was not validated against its schema)")
    maker: Any = cls  # (not cast(Callable[..., R], cls): that builds a typing object at every record)
    return cast(R, maker(**values))
