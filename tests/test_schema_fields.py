"""The schema is the one list of a record's fields: each record of kit/model.py has exactly the
properties of its place in its JSON schema (kit/schema/), by the same names, and
:func:`kit.model.record_from` builds it from them.

A difference is allowed only when it is listed below with its reason.
"""

from __future__ import annotations

import dataclasses
import inspect
from typing import Any

import pytest

import kit.accounts as accounts
import kit.model as model
from kit.article import Article
from kit.loader import data_dir, load_article
from kit.model import property_name, record_from
from kit.validation import schema
from kit.yamlio import read_document

# Each record: its schema and the path to the object whose "properties" it holds.
RECORDS: dict[type, list[tuple[str, tuple[str, ...]]]] = {
    model.ArticleData: [("article", ())],
    model.Nature: [("article", ("properties", "nature"))],
    model.ReviewItem: [("article", ("properties", "review", "items"))],
    model.Metadata: [("article", ("properties", "metadata"))],
    model.Credit: [("article", ("properties", "metadata", "properties", "credits", "items"))],
    model.Version: [("article", ("properties", "provenance", "items"))],
    model.Paragraph: [("article", ("properties", "paragraphs", "items"))],
    model.Actor: [("article", ("properties", "actors", "items"))],
    model.Quote: [("article", ("properties", "quotes", "items"))],
    model.Claim: [("article", ("properties", "claims", "items"))],
    model.FactLink: [("article", ("properties", "claims", "items", "properties", "facts", "items"))],
    model.Number: [("article", ("properties", "numbers", "items"))],
    model.FramingTerm: [("article", ("properties", "framing_terms", "items"))],
    model.Artefact: [("article", ("properties", "artefacts", "items"))],
    model.Caption: [("article", ("properties", "captions", "items"))],
    model.Citation: [("article", ("$defs", "citation")), ("facts", ("$defs", "citation")),
                     ("acts", ("$defs", "citation"))],
    model.Absent: [("article", ("$defs", "absent")), ("facts", ("$defs", "absent")), ("acts", ("$defs", "absent")),
                   ("sources", ("$defs", "absent"))],
    model.Fact: [("facts", ("properties", "facts", "items"))],
    model.Conflict: [("facts", ("properties", "conflicts", "items"))],
    model.Position: [("facts", ("properties", "conflicts", "items", "properties", "positions", "items"))],
    model.Act: [("acts", ("properties", "acts", "items"))],
    model.Tally: [("acts", ("properties", "acts", "items", "properties", "tally", "oneOf", "0"))],
    model.Stage: [("acts", ("properties", "acts", "items", "properties", "other_dates", "items"))],
    model.Source: [("sources", ("properties", "sources", "items"))],
    # kit/accounts.py (accounts.yaml)
    accounts.Accounts: [("accounts", ())],
    accounts.ComparedFact: [("accounts", ("properties", "compared_facts", "items"))],
    accounts.Concept: [("accounts", ("properties", "concepts", "items"))],
    accounts.Account: [("accounts", ("properties", "accounts", "items"))],
    accounts.FactStatus: [("accounts", ("properties", "accounts", "items", "properties", "facts", "items"))],
    accounts.QuoteRef: [("accounts", ("properties", "accounts", "items", "properties", "quotes", "items"))],
    accounts.TermUse: [("accounts", ("properties", "accounts", "items", "properties", "terms", "items"))],
}

# The documented exceptions: (record, field) a record has and its schema does not, and
# (record, property) a schema has and its record does not.
RECORD_ONLY = {
    ("ArticleData", "text_file"): "the name of the article's text file: the schema's text.file (text.received, how "
                                  "the text reached the kit, is for the people who keep the data)",
    ("ArticleData", "facts"): "read from facts.yaml, which has its own schema (facts.schema.json)",
    ("ArticleData", "conflicts"): "read from facts.yaml, which has its own schema (facts.schema.json)",
    ("ArticleData", "acts"): "read from acts.yaml, which has its own schema (acts.schema.json)",
    ("ArticleData", "sources"): "the bibliography the article's citations use (sources.yaml)",
    ("Absent", "kind"): "holds the property 'absent' (not_found or not_applicable); 'kind' reads better in code",
    ("Accounts", "compared"): "holds the property 'compared_facts'",
    ("Accounts", "file"): "the file the accounts were read from, for messages",
    ("Account", "passage_source"): "the account's passage is flattened: passage.source (else the account's source)",
    ("Account", "passage_gloss"): "the account's passage is flattened: passage.gloss",
    ("Account", "recital_glosses"): "each recital is flattened: recitals[].gloss",
}
SCHEMA_ONLY = {
    ("ArticleData", "schema_version"): "the version of the file format, checked by the schema and not kept",
    ("Absent", "absent"): "held by Absent.kind",
    ("Accounts", "schema_version"): "the version of the file format, checked by the schema and not kept",
    ("Accounts", "compared_facts"): "held by Accounts.compared",
}
# Fields set by the loader rather than read from the property of the same name.
GIVEN = {("ArticleData", "text"): "the text itself, read from the file the schema's text.file names",
         ("Account", "text"): "the account's text, its placeholders filled in from the facts",
         ("Account", "passage"): "passage.text (the schema's passage is {text, source, gloss})",
         ("Account", "recitals"): "the words of each recital (a recital is the words, or {text, gloss})"}


def _node(name: str, path: tuple[str, ...]) -> dict[str, Any]:
    node: Any = schema(name)
    for step in path:
        node = node[int(step)] if isinstance(node, list) else node[step]
    assert isinstance(node, dict) and "properties" in node, f"{name}.schema.json at {'/'.join(path)} has no properties"
    return node


def differences(cls: type, props: dict[str, Any], where: str,
                record_only: dict[tuple[str, str], str], schema_only: dict[tuple[str, str], str]) -> list[str]:
    """What a record and its schema's object disagree on, both ways, less the listed exceptions."""
    fields = {property_name(f.name): f.name for f in dataclasses.fields(cls)}
    out = [f"{cls.__name__}.{fields[p]} is a field of the record but not a property of {where}"
           for p in sorted(set(fields) - set(props)) if (cls.__name__, fields[p]) not in record_only]
    out += [f"{where} has the property {p!r} but {cls.__name__} has no field for it"
            for p in sorted(set(props) - set(fields)) if (cls.__name__, p) not in schema_only]
    return out


def required_mismatches(cls: type, node: dict[str, Any], where: str) -> list[str]:
    """A field with no default must be a required property (else valid data would not build), and an
    optional property needs a default."""
    required = set(node.get("required", ()))
    out = []
    for f in dataclasses.fields(cls):
        prop = property_name(f.name)
        if prop not in node["properties"] or (cls.__name__, f.name) in GIVEN:
            continue
        has_default = f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
        if prop in required and has_default:
            out.append(f"{cls.__name__}.{f.name} has a default but {where} requires {prop!r}")
        if prop not in required and not has_default:
            out.append(f"{cls.__name__}.{f.name} has no default but {prop!r} is optional in {where}")
    return out


@pytest.mark.parametrize("cls", list(RECORDS), ids=lambda c: c.__name__)
def test_a_records_fields_are_its_schemas_properties(cls: type) -> None:
    bad = []
    for name, path in RECORDS[cls]:
        where = f"{name}.schema.json#/{'/'.join(path)}"
        bad += differences(cls, _node(name, path)["properties"], where, RECORD_ONLY, SCHEMA_ONLY)
    assert bad == [], "\n".join(bad)


@pytest.mark.parametrize("cls", [c for c in RECORDS if c is not model.Absent], ids=lambda c: c.__name__)
def test_a_field_without_a_default_is_a_required_property(cls: type) -> None:
    bad = []
    for name, path in RECORDS[cls]:
        bad += required_mismatches(cls, _node(name, path), f"{name}.schema.json#/{'/'.join(path)}")
    assert bad == [], "\n".join(bad)


@pytest.mark.parametrize("module", [model, accounts], ids=lambda m: m.__name__)
def test_every_record_of_the_model_is_listed(module: Any) -> None:
    records = {c for _, c in inspect.getmembers(module, inspect.isclass)
               if dataclasses.is_dataclass(c) and c.__module__ == module.__name__}
    if module is accounts:
        records.discard(accounts.Restoration)  # computed from the artefacts (restorations()), not read from a file
    assert records - set(RECORDS) == set(), "add the new record and its schema's place to RECORDS"


def test_every_exception_is_still_needed() -> None:
    """An exception that no longer differs is removed, so that the list stays the true one."""
    names = {c.__name__: c for c in RECORDS}
    for (rec, fname), why in RECORD_ONLY.items():
        props = set().union(*(_node(n, p)["properties"] for n, p in RECORDS[names[rec]]))
        assert property_name(fname) not in props, (rec, fname, why)
    for (rec, prop), why in SCHEMA_ONLY.items():
        assert prop not in {property_name(f.name) for f in dataclasses.fields(names[rec])}, (rec, prop, why)


def test_a_difference_is_named_both_ways() -> None:
    @dataclasses.dataclass(frozen=True)
    class Quote:
        id: str
        speaker: str
        tone: str = ""  # a field the schema lacks

    props = {"id": {}, "speaker": {}, "mode": {}}  # a property the record lacks
    assert differences(Quote, props, "article.schema.json#/quotes", {}, {}) == [
        "Quote.tone is a field of the record but not a property of article.schema.json#/quotes",
        "article.schema.json#/quotes has the property 'mode' but Quote has no field for it"]
    assert differences(Quote, props, "x", {("Quote", "tone"): "why"}, {("Quote", "mode"): "why"}) == []
    node = {"properties": props, "required": ["id", "speaker"]}
    assert required_mismatches(Quote, node, "x") == []
    assert required_mismatches(Quote, {"properties": {**props, "tone": {}}, "required": ["id", "tone"]}, "x") == [
        "Quote.speaker has no default but 'speaker' is optional in x",
        "Quote.tone has a default but x requires 'tone'"]


def test_a_field_keyword_keeps_its_property_name() -> None:
    assert property_name("for_") == "for" and property_name("id_") == "id_"
    assert record_from(model.Tally, {"for": 3, "against": 1}).for_ == 3


def test_the_case_study_holds_what_its_files_say() -> None:
    """Every text or number of the case study's annotations is in the field of its property's name
    (two swapped fields would pass mypy, not this)."""
    art = load_article()
    assert isinstance(art, Article)
    doc, _lines, problems = read_document(data_dir() / "articles" / art.id / "article.yaml", "article.yaml")
    assert problems == [] and isinstance(doc, dict)
    compared = 0
    for section in ("paragraphs", "actors", "quotes", "claims", "numbers", "framing_terms", "artefacts", "captions"):
        records = getattr(art, section)
        assert len(records) == len(doc.get(section, [])), section
        for rec, raw in zip(records, doc.get(section, []), strict=True):
            for f in dataclasses.fields(rec):
                value = raw.get(property_name(f.name))
                if isinstance(value, (str, int, float)):
                    assert getattr(rec, f.name) == value, (section, raw.get("id"), f.name)
                    compared += 1
    assert compared > 500
