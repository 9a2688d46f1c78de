"""kit.accounts: the accounts file is valid, cited, never copied from memory, and honest about what it is."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
import yaml

from kit import DataError, load_article
from kit.accounts import (
    CONSTRUCTED_MARK,
    Accounts,
    accounts_path,
    check_accounts,
    fill,
    load_accounts,
    restorations,
    restore_text,
    restored_path,
)
from kit.article import Article

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def art() -> Article:
    return load_article()


@pytest.fixture(scope="module")
def acc(art: Article) -> Accounts:
    return load_accounts(art)


def _raw(art: Article) -> dict:
    return yaml.safe_load(accounts_path(art).read_text(encoding="utf-8"))


def _norm(text: str) -> str:
    """Compare snippets whatever the quote marks, hyphens, escapes and spacing."""
    text = unicodedata.normalize("NFC", text).replace("\\", "")
    for a, b in (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("‑", "-"), ("«", '"'), ("»", '"'), ("\u00a0", " ")):
        text = text.replace(a, b)
    return re.sub(r"\s+", " ", text).strip().casefold()


def _verified_facts() -> str | None:
    for p in (ROOT.parent / "shared" / "facts" / "verified-facts.md", Path("/work/shared/facts/verified-facts.md")):
        if p.is_file():
            return p.read_text(encoding="utf-8")
    return None


# ---------------------------------------------------------------- shape and labels

def test_the_accounts_cover_what_the_lesson_needs(acc: Accounts) -> None:
    kinds = [a.kind for a in acc.accounts]
    assert kinds.count("case_study") == 1 and kinds.count("official_record") == 1 and kinds.count("restored") == 1
    assert kinds.count("government_statement") == 2
    assert kinds.count("news_report") >= 5
    assert kinds.count("constructed") >= 2
    assert {a.speaker for a in acc.accounts if a.kind == "government_statement"} == {"chinese-embassy-france",
                                                                                       "chinese-government"}


def test_constructed_accounts_are_flagged_and_labelled(acc: Accounts) -> None:
    made = acc.constructed()
    assert {a.kind for a in made} == {"constructed", "restored"}
    for a in acc.accounts:
        assert a.constructed == (a.kind in ("constructed", "restored")), a.id
        assert (CONSTRUCTED_MARK in a.display_label) == a.constructed, a.id
        if a.constructed:
            assert a.construction_note and "project" in a.construction_note, a.id
            assert a.text and not a.source, a.id
        else:
            assert a.source and not a.construction_note, a.id


def test_constructed_flag_cannot_be_dropped(tmp_path: Path, art: Article) -> None:
    doc = _raw(art)
    index = next(i for i, a in enumerate(doc["accounts"]) if a["id"] == "constructed-neutral")
    doc["accounts"][index]["constructed"] = False
    bad = tmp_path / "accounts.yaml"
    bad.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    problems, accounts = check_accounts(bad, art)
    assert accounts is None
    text = "\n".join(str(p) for p in problems)
    # kind constructed needs constructed: true; text needs it too
    assert f"accounts[{index}]" in text and "True" in text


def test_every_fact_source_actor_and_concept_id_exists(tmp_path: Path, art: Article) -> None:
    doc = _raw(art)
    doc["compared_facts"].append({"fact": "fr-vote-fro", "label": "typo"})
    acc0 = next(a for a in doc["accounts"] if a["id"] == "franceinfo")
    acc0["source"] = "franceinfo-2022"
    acc0["facts"].append({"fact": "no-such-fact", "status": "reported"})
    acc0["terms"].append({"concept": "no-such-concept", "term": "x", "voice": "own"})
    acc0["quotes"].append({"who": "Nobody", "actor": "nobody", "mode": "direct"})
    acc0["facts"].append({"fact": "fr-vote-voting", "status": "omitted"})
    bad = tmp_path / "accounts.yaml"
    bad.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_accounts(art, bad)
    messages = [p.message for p in err.value.problems]
    assert "'fr-vote-fro' is not a known fact (in facts.yaml); did you mean 'fr-vote-for'?" in messages
    assert ("'franceinfo-2022' is not a known source (in data/sources.yaml); "
            "did you mean 'franceinfo-2022-01-20'?") in messages
    assert any(m.startswith("'no-such-fact' is not a known fact") for m in messages)
    assert any(m.startswith("'no-such-concept' is not a known concept") for m in messages)
    assert any(m.startswith("'nobody' is not a known actor") for m in messages)
    assert "only an excerpt of this account was seen, so a missing fact is 'not_seen', not 'omitted'" in messages
    assert all(p.line for p in err.value.problems)


def test_schema_rejects_unknown_fields_and_statuses(tmp_path: Path, art: Article) -> None:
    doc = _raw(art)
    doc["accounts"][0]["facts"][0]["status"] = "mentioned"
    doc["accounts"][0]["sourc"] = "x"
    bad = tmp_path / "accounts.yaml"
    bad.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    problems, _ = check_accounts(bad, art)
    text = "\n".join(str(p) for p in problems)
    assert "'mentioned' is not one of the allowed values: 'reported', 'omitted', 'contradicted', 'not_seen'" in text
    assert "unknown field 'sourc'; did you mean 'source'?" in text


def test_words_claimed_for_a_full_text_must_be_in_it(tmp_path: Path, art: Article) -> None:
    doc = _raw(art)
    doc["accounts"][0]["facts"][1]["as"] = "169 to one"
    doc["accounts"][-1]["text"] = doc["accounts"][-1]["text"].replace("{fr-vote-abstain}", "{fr-vote-abstained}")
    bad = tmp_path / "accounts.yaml"
    bad.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    problems, _ = check_accounts(bad, art)
    messages = [p.message for p in problems]
    assert "'169 to one' is not in the account's text; copy the words exactly" in messages
    assert any("fr-vote-abstained" in m and "placeholders name facts" in m for m in messages)


# ---------------------------------------------------------------- accuracy

def test_constructed_texts_take_every_figure_from_the_registry(art: Article, acc: Accounts) -> None:
    for a in _raw(art)["accounts"]:
        if a["kind"] != "constructed":
            continue
        without = re.sub(r"\{[a-z0-9-]+(?::[a-z]+)?\}", "", a["text"])
        assert not re.search(r"\d", without), f"{a['id']} types a figure instead of a {{fact-id}} placeholder"
        # quotations inside a constructed text are words a source really used
        for q in re.findall(r"“([^”]+)”", a["text"]):
            assert any(q in c.quote for f in art.facts for c in f.sources), q
    neutral = acc.get("constructed-neutral").text
    assert fill("{fr-vote-for} for, {fr-vote-against} against and {fr-vote-abstain} abstentions", art) in neutral
    assert art.fact("fr-author").value in neutral


def test_fill_formats_and_refuses_unknowns(art: Article) -> None:
    assert fill("{fr-vote-date:date}", art) == "20 January 2022"
    assert fill("no placeholders", art) == "no placeholders"
    with pytest.raises(KeyError):
        fill("{no-such-fact}", art)
    with pytest.raises(ValueError, match="has no value"):
        fill("{fr-non-binding}", art)
    with pytest.raises(ValueError, match="unknown format"):
        fill("{fr-vote-for:money}", art)


def test_outlet_words_come_from_the_verified_snippets(art: Article, acc: Accounts) -> None:
    """Nothing about another source is typed from memory: each quoted word is in the stored snippets."""
    vf = _verified_facts()
    if vf is None:
        pytest.skip("shared/facts/verified-facts.md is not beside the repository")
    haystack = _norm(vf)
    for a in acc.accounts:
        if a.text:
            continue
        snippets = [a.passage, *a.recitals, *(f.as_ for f in a.facts), *(t.term for t in a.terms),
                    *(q.words for q in a.quotes)]
        for s in filter(None, snippets):
            assert _norm(s) in haystack, f"{a.id}: {s!r} is not in verified-facts.md"


def test_outlet_words_are_backed_by_the_registry(art: Article, acc: Accounts) -> None:
    """Within the repository: each reported fact of an outlet is backed by the registry's citations."""
    for a in acc.in_matrix():
        if a.text:
            continue
        cited = _norm(" ".join(f"{c.quote} {c.note} {f.note}" for f in art.facts for c in f.sources
                               if c.source in a.sources))
        for entry in a.facts:
            sources = {c.source for c in art.fact(entry.fact).sources}
            if entry.status == "reported":
                backed = bool(sources & set(a.sources)) or (entry.as_ and _norm(entry.as_) in cited)
                assert backed or entry.note, f"{a.id} reports {entry.fact} without a citation or a note saying why"
        for fid in (c.fact for c in acc.compared):
            sources = {c.source for c in art.fact(fid).sources}
            if a.source in sources and a.status(fid) != "reported":
                assert a.entry(fid).note, (f"the registry cites {a.source} for {fid}; "
                                           f"{a.id} must report it or say why not")


def test_case_study_account_matches_the_article(art: Article, acc: Accounts) -> None:
    case = acc.get("rfa-case-study")
    assert case.text == art.text
    assert {q.actor for q in case.quotes} == {s.id for s in art.speakers()}
    contradicted = {link.fact for c in art.claims for link in c.facts if link.relation == "contradicts"}
    compared = {c.fact for c in acc.compared}
    for fid in contradicted & compared:
        assert case.status(fid) == "contradicted", fid
    assert case.status("fr-vote-abstain") == "omitted"
    assert case.status("be-resolution") == "contradicted"


def test_excerpts_never_claim_omission(acc: Accounts) -> None:
    for a in acc.accounts:
        if a.seen == "excerpt":
            assert all(a.status(c.fact) != "omitted" for c in acc.compared), a.id


def test_passages_are_short(acc: Accounts) -> None:
    for a in acc.accounts:
        if not a.constructed and a.kind != "case_study":
            assert len(a.passage.split()) <= 40, a.id
            assert not a.text, a.id


# ---------------------------------------------------------------- the restored text

def test_shipped_restored_text_is_what_restore_text_makes(art: Article) -> None:
    shipped = restored_path(art).read_bytes().decode("utf-8")
    assert shipped == restore_text(art), ("restored.txt is out of date; regenerate it with "
                                          "python -c \"from kit.accounts import write_restored; write_restored()\"")


def test_restore_replaces_only_confirmed_artefacts(art: Article) -> None:
    text = restore_text(art)
    confirmed = [a for a in art.artefacts if a.certainty == "confirmed"]
    likely = [a for a in art.artefacts if a.certainty == "likely"]
    assert {r.artefact for r in restorations(art)} == {a.id for a in confirmed}
    for a in confirmed:
        assert a.likely_original in text
    for a in likely:
        assert a.anchor in text, a.id  # e.g. "other Turkish minorities" stays as received
    assert "a- he declared" not in text
    assert "French deputies had an appointment today with a moment in history" in text  # RFA's own words
    assert [p for p in text.split("\n\n") if p] and text.count("\n\n") == art.text.count("\n\n")


def test_restore_with_likely_also_replaces_known_likely_originals(art: Article) -> None:
    text = restore_text(art, "likely")
    assert "other Turkic minorities" in text
    assert "abuses. men, such as" in text  # its original is not known, so it stays


def test_restore_rejects_a_bad_certainty(art: Article) -> None:
    with pytest.raises(ValueError, match="certainty must be 'confirmed' or 'likely'"):
        restore_text(art, "maybe")


def test_load_is_cached_and_default_article(acc: Accounts) -> None:
    assert load_accounts() is load_accounts()
    assert load_accounts().article == acc.article


def test_the_data_loader_raises_and_the_lesson_says_plainly_there_are_none() -> None:
    """kit.accounts.load_accounts is data: it raises on an article without accounts. The lessons call
    kit.comparison_views.chosen_accounts, which turns that into a plain message on an article other than the
    case study, and gives the case study's accounts as they are."""
    from kit.choose import Missing
    from kit.comparison_views import chosen_accounts

    other = load_article("town-larkford-cycle-lane-fictional")
    assert not accounts_path(other).exists()
    with pytest.raises(DataError):
        load_accounts(other)
    message = chosen_accounts(other)
    assert isinstance(message, Missing)
    assert "has no other accounts of the same event recorded" in message.text
    assert chosen_accounts(load_article()) is load_accounts()
