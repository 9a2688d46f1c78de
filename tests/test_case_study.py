"""The case study as shipped: the text byte for byte, the figures the lessons rest on, every fact sourced."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit import load_article
from kit.model import Tally

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "source" / "rfa-2022-01-20-france-assembly-uyghur-resolution.txt"


@pytest.fixture(scope="module")
def art():  # type: ignore[no-untyped-def]
    return load_article()


def test_paragraphs_rebuild_the_text_exactly(art) -> None:  # type: ignore[no-untyped-def]
    shipped = (ROOT / "data" / "articles" / art.id / "text.txt").read_bytes()
    rebuilt = "".join(p.text + p.separator for p in art.paragraphs).encode("utf-8")
    assert rebuilt == shipped
    assert len(art.paragraphs) == 22
    assert [p.role for p in art.paragraphs if p.role in ("caption", "credit")] == ["caption", "caption", "credit"]


@pytest.mark.skipif(not SHARED.exists(), reason="the shared source folder is not beside this clone")
def test_text_is_the_source_byte_for_byte(art) -> None:  # type: ignore[no-untyped-def]
    assert (ROOT / "data" / "articles" / art.id / "text.txt").read_bytes() == SHARED.read_bytes()


def test_minimum_counts(art) -> None:  # type: ignore[no-untyped-def]
    c = art.counts()
    assert c["quotes"] >= 8 and c["claims"] >= 20 and c["numbers"] >= 10 and c["artefacts"] >= 8 and c["facts"] >= 25
    assert len(art.captions) == 2


def test_the_french_vote(art) -> None:  # type: ignore[no-untyped-def]
    act = art.get("fr-2022-01-20")
    assert act.tally == Tally(for_=169, against=1, abstain=5, voting=175)
    assert act.seats == 577 and act.binding is False and act.decided_by == "recorded_vote"
    assert art.fact("fr-vote-for").value == 169
    assert art.fact("fr-vote-against").value == 1
    assert art.fact("fr-vote-abstain").value == 5
    assert art.fact("fr-vote-voting").value == 175
    assert art.fact("fr-seats").value == 577


def test_belgium_is_a_serious_risk_not_genocide(art) -> None:  # type: ignore[no-untyped-def]
    be = art.get("be-2021-07-08")
    assert be.wording == "serious_risk_of_genocide"
    assert (be.tally.for_, be.tally.against, be.tally.abstain) == (125, 0, 12)
    claim = art.get("c-france-joins-list")
    assert ("be-resolution", "contradicts") in [(f.id, rel) for f, rel in art.facts_for(claim)]


def test_czech_senate_date_is_a_recorded_conflict(art) -> None:  # type: ignore[no-untyped-def]
    cz = art.get("cz-2021-06")
    conflict = art.get(cz.date_conflict)
    assert sorted(p.value for p in conflict.positions) == ["2021-06-10", "2021-06-14"]
    assert conflict.status == "unresolved"
    assert not cz.date  # absent, not a guess


def test_every_fact_has_a_source_in_the_bibliography(art) -> None:  # type: ignore[no-untyped-def]
    for fact in art.facts:
        assert fact.sources, fact.id
        for s in art.sources_for(fact):
            assert s.url.startswith("http") if isinstance(s.url, str) else s.url.reason


def test_unknown_values_stay_absent(art) -> None:  # type: ignore[no-untyped-def]
    assert not art.get("nl-2021-02-25").tally  # the Dutch tally is in no source
    assert not art.get("machine-french").url


def test_confirmed_and_likely_artefacts(art) -> None:  # type: ignore[no-untyped-def]
    by = {a.anchor: a.certainty for a in art.artefacts}
    assert by["a- he declared"] == "confirmed"
    assert by["La République en Marche party"] == "confirmed"
    assert by["other Turkish minorities"] == "likely"
    assert by["abuses. men, such as"] == "likely"
    assert by["genocide. uyghur."] == "likely"
    assert not any("appointment today" in a.anchor for a in art.artefacts)


def test_queries(art) -> None:  # type: ignore[no-untyped-def]
    assert [q.id for q in art.quotes_by("boris-vallaud")] == ["q-vallaud-history", "q-vallaud-fight"]
    assert {a.id for a in art.absent_voices()} >= {"buon-tan", "franck-riester"}
    own = art.claims_by_voice()
    assert own and all(c.voice == "rfa" for c in own)
    assert [c.id for c in art.claims_by_voice("Chinese Embassy in France")] == ["c-embassy-defamation",
                                                                                 "c-embassy-pure-lies",
                                                                                 "c-embassy-goal"]
    dates = [art.act_sort_date(a) for a in art.acts_by_date()]
    assert dates == sorted(dates)
    words = art.words_by_group()
    assert sum(words.values()) == sum(len(p.text.split()) for p in art.paragraphs)
    with pytest.raises(KeyError, match="did you mean"):
        art.get("q-vallaud-histor")


VERIFIED = ROOT.parent / "shared" / "facts" / "verified-facts.md"


def _norm(text: str) -> str:
    return " ".join(text.replace('\\"', '"').split())


@pytest.mark.skipif(not VERIFIED.exists(), reason="the shared facts file is not beside this clone")
def test_every_quoted_passage_is_in_the_fact_check(art) -> None:  # type: ignore[no-untyped-def]
    """Quotes in facts, conflicts and acts are copied from the project's fact-check, never retyped."""
    checked = _norm(VERIFIED.read_text(encoding="utf-8"))
    cites = [c for f in art.facts for c in f.sources]
    cites += [c for k in art.conflicts for p in k.positions for c in p.sources]
    cites += [c for a in art.acts for c in a.sources]
    missing = [c.quote for c in cites if c.quote and _norm(c.quote) not in checked]
    assert missing == []
    assert [a.id for a in art.acts if a.wording_quote and _norm(a.wording_quote) not in checked] == []


def test_every_source_is_cited(art) -> None:  # type: ignore[no-untyped-def]
    """The bibliography holds no entry that nothing cites (a sign of a broken reference)."""
    import re
    data = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "data").rglob("*.yaml") if p.name != "sources.yaml")
    cited = set(re.findall(r"[\w-]+", data))
    assert sorted(s for s in art.sources if s not in cited) == []
