"""Claims are rated by their real support (issue 12, item 6).

A claim rated ``supported`` must rest on a fact that another source backs with a quoted passage:
a fact sourced only to the article itself is circular, and a fact whose only support is a note
(no passage) cannot show the reader the words. The key figure of such a fact (a number or a date)
must appear in a quoted passage.
"""

from __future__ import annotations

import re

import pytest

from kit.loader import load

LIB = load()
ARTICLES = [LIB.article(i) for i in LIB.ids]


def independent_quoted(art, fact) -> list[str]:  # type: ignore[no-untyped-def]
    """The quoted passages of a fact that come from sources other than the article itself."""
    own = set(art.metadata.sources)
    return [c.quote for c in fact.sources if c.quote and c.source not in own]


def key_parts(value: object) -> list[str]:
    """The pieces of a fact's value a passage must show: the digits of a number or date."""
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, (int, float)):
        return [str(value).rstrip("0").rstrip(".") if isinstance(value, float) else str(value)]
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return [value[:4], str(int(value[8:]))]  # year and day; the month may be written in words
    if isinstance(value, str) and re.fullmatch(r"[\d-]+", value):
        return value.split("-")
    return []


WORDS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
         "nine": "9", "ten": "10", "un": "1", "cinq": "5", "zero": "0"}


def _number_in(part: str, text: str) -> bool:
    digits = re.sub(r"(?<=\d)[ ,\u202f](?=\d{3})", "", text)
    digits = re.sub(r"\b(" + "|".join(WORDS) + r")\b", lambda m: WORDS[m.group(1).lower()], digits, flags=re.I)
    return re.search(rf"(?<![\d.]){re.escape(part)}(?![\d])", digits) is not None


@pytest.mark.parametrize("art", ARTICLES, ids=lambda a: a.id)
def test_every_supported_claim_rests_on_an_independent_quoted_fact(art) -> None:  # type: ignore[no-untyped-def]
    bad = []
    for claim in art.claims:
        if claim.assessment != "supported":
            continue
        backing = [f for f, rel in art.facts_for(claim) if rel == "supports" and independent_quoted(art, f)]
        if not backing:
            bad.append(f"{claim.id}: rated supported, but no supporting fact has a quoted passage from a source "
                       f"other than the article itself")
        for f in backing:
            # a dated report's own date shows the year (and the day, when it is the day reported)
            dates = " ".join((f"{d[:4]} {int(d[8:])}" if d == f.value else d[:4]) for c in f.sources if c.quote
                             for d in [getattr(art.source(c.source), "date", "")]
                             if isinstance(d, str) and len(d) == 10 and isinstance(f.value, str)
                             and d[:4] == f.value[:4])
            quotes = " ".join(independent_quoted(art, f)) + " " + dates
            missing = [p for p in key_parts(f.value) if not _number_in(p, quotes) and f.confidence != "derived"]
            if missing:
                bad.append(f"{claim.id}: fact {f.id} gives {f.value!r}, "
                           f"but {missing} is in none of its quoted passages")
    assert not bad, "\n".join(bad)


def test_the_rule_can_fail() -> None:
    """A claim whose only support is the article itself is caught."""
    art = LIB.article("rfa-2022-01-20-france-assembly-uyghur")
    circular = art.fact("rfa-tally-169-1")  # sourced to RFA's own page only
    assert not independent_quoted(art, circular)
    assert key_parts("2022-01-20") == ["2022", "20"] and _number_in("169", "(169 votes pour, un contre)")
    assert not _number_in("16", "(169 votes pour)")


def test_a_loose_claim_is_not_rated_supported() -> None:
    """The lessons call 'introduced by the opposition Socialist Party' loose: a group does not table a text."""
    art = LIB.article("rfa-2022-01-20-france-assembly-uyghur")
    assert art.get("c-introduced-by-socialists").assessment == "incomplete"
