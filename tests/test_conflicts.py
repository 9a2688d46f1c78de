"""Conflicts are recorded as conflicts, and every user of one agrees with its status (issue 12, item 4).

* every conflict is pointed to by at least one fact, and such a fact is rated ``contradicted``;
* a claim resting on a fact of an *unresolved* conflict does not take a side: it is not rated
  ``supported`` or ``contradicted``; an account does not mark such a fact ``contradicted``;
* an act whose date is in an unresolved conflict has no date of its own;
* an exercise about an unresolved conflict does not call it settled, one about a resolved conflict
  does not call it open.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kit.exercises import load_exercises
from kit.loader import load

ROOT = Path(__file__).resolve().parents[1]
LIB = load()
ARTICLES = [LIB.article(i) for i in LIB.ids]
CASE = LIB.article("rfa-2022-01-20-france-assembly-uyghur")


def conflict_facts(art, conflict_id: str) -> set[str]:  # type: ignore[no-untyped-def]
    return {f.id for f in art.facts if f.conflict == conflict_id}


def problems(art) -> list[str]:  # type: ignore[no-untyped-def]
    out: list[str] = []
    for c in art.conflicts:
        facts = conflict_facts(art, c.id)
        if not facts:
            out.append(f"conflict {c.id}: no fact points to it")
        for fid in facts:
            if art.fact(fid).confidence != "contradicted":
                out.append(f"fact {fid}: points to conflict {c.id} but is rated {art.fact(fid).confidence}")
        if c.status != "unresolved":
            continue
        for claim in art.claims:
            used = {f.id for f, _ in art.facts_for(claim)} & facts
            if used and claim.assessment in ("supported", "contradicted"):
                out.append(f"claim {claim.id}: rated {claim.assessment} although {c.id} is unresolved")
        for act in art.acts:
            if act.date_conflict == c.id and isinstance(act.date, str):
                out.append(f"act {act.id}: dated {act.date} although its date conflict {c.id} is unresolved")
    return out


@pytest.mark.parametrize("art", ARTICLES, ids=lambda a: a.id)
def test_conflict_statuses_agree_with_facts_claims_and_acts(art) -> None:  # type: ignore[no-untyped-def]
    bad = problems(art)
    assert not bad, "\n".join(bad)


def test_accounts_do_not_settle_an_unresolved_conflict() -> None:
    from kit.accounts import load_accounts

    open_facts = {f for c in CASE.conflicts if c.status == "unresolved" for f in conflict_facts(CASE, c.id)}
    bad = [f"{a.id}: marks {s.fact} contradicted" for a in load_accounts(CASE).accounts for s in a.facts
           if s.fact in open_facts and s.status == "contradicted"]
    assert not bad, "\n".join(bad)


def test_exercises_agree_with_the_status() -> None:
    status = {}
    for c in CASE.conflicts:
        for fid in conflict_facts(CASE, c.id) | {c.id}:
            status[fid] = c.status
    for claim in CASE.claims:
        for f, _ in CASE.facts_for(claim):
            if f.id in status:
                status.setdefault(claim.id, status[f.id])
    bad = []
    for ex in load_exercises(article=CASE).values():
        about = {status[i] for i in ex.about if i in status}
        right = " ".join([ex.explanation] + [o.text + " " + o.feedback for o in ex.correct_options]).lower()
        if "unresolved" in about and re.search(r"\b(settled|established count|the true figure)\b", right) \
                and not re.search(r"not settle|no .*settle", right):
            bad.append(f"{ex.id}: treats an unresolved conflict as settled")
        if about == {"resolved"} and re.search(r"\b(unresolved|still open|undecided)\b", right):
            bad.append(f"{ex.id}: treats a resolved conflict as open")
    assert not bad, "\n".join(bad)


def test_the_case_study_records_the_conflicts_the_sources_show() -> None:
    """The detention totals and the UK Commons of April 2021 are disagreements, and recorded as such."""
    ids = {c.id: c for c in CASE.conflicts}
    assert {"cz-senate-date", "be-wording", "detention-total", "uk-2021-how-passed"} <= set(ids)
    assert len(ids["detention-total"].positions) >= 3
    assert CASE.get("c-detained-1-8-million").assessment == "unverified"


def test_the_rule_can_fail() -> None:
    """A claim rated supported on an unresolved conflict is caught."""
    import dataclasses

    claim = CASE.get("c-detained-1-8-million")
    bad_claim = dataclasses.replace(claim, assessment="supported")
    fake = dataclasses.replace(CASE, claims=tuple(bad_claim if c.id == claim.id else c for c in CASE.claims))
    assert any("c-detained-1-8-million" in p for p in problems(fake))
