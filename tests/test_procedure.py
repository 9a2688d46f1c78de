"""Procedure views (kit.procedure): the simulator driven headless, the acts' timeline and table,
and the exercises of notebooks 06-08 recomputed from the data."""

from __future__ import annotations

import dataclasses
import re

import pytest

from kit import load_article
from kit.exercises import check_answer, load_exercises
from kit.model import Absent
from kit.procedure import (
    act_rows,
    acts_by_wording_text,
    acts_table,
    acts_timeline,
    claim_card,
    compare_rules_text,
    conflict_card,
    fact_cards,
    fact_explorer,
    format_date,
    real_vote,
    timeline_dates_text,
    vote_facts_text,
    vote_simulator,
)
from kit.votes import make_vote, outcome, required_majority, vote_from_act


@pytest.fixture(scope="module")
def art():
    """The case study, loaded once."""
    return load_article()


@pytest.fixture()
def sim(art):
    """A fresh simulator (its controller object), as a notebook cell would build it."""
    return vote_simulator(art).simulator


# ---------------------------------------------------------------- the real vote
def test_vote_facts_text_reads_every_number_and_flags_the_single_source(art):
    text = vote_facts_text(art)
    for line in ("Votes for: 169", "Votes against: 1", "Abstentions: 5", "Deputies taking part (votants): 175",
                 "Votes cast (suffrages exprimés): 170", "Seats in the Assemblée: 577"):
        assert line in text
    cast_line = next(ln for ln in text.splitlines() if ln.startswith("Votes cast"))
    assert "ONE source only [RFI via vipeoples.net]" in cast_line
    assert "Check: 169 + 1 = 170 cast; 170 + 5 = 175 taking part." in text


def test_real_vote_is_the_kits_arithmetic(art):
    o = real_vote(art)
    assert (o.required, o.adopted, o.rule.id) == (86, True, "cast")
    # no source reports a required majority: the registry must not hold one either
    assert not any("majorité absolue" in f.statement and f.value == 86 for f in art.facts)


# ---------------------------------------------------------------- the simulator, headless
def test_simulator_starts_on_the_real_vote(art, sim):
    assert (sim.attendance.value, sim.against.value, sim.abstain.value, sim.rule.value) == (175, 1, 5, "cast")
    assert sim.outcome == real_vote(art)
    assert sim.chart.data["for"] == 169 and sim.chart.data["threshold"] == 86
    assert "ADOPTED" in sim.verdict.value and "real figures" in sim.verdict.value
    assert "kit&#x27;s arithmetic" in sim.verdict.value  # labelled as arithmetic, not a reported figure
    assert "one source only" in sim.verdict.value
    assert "20 January 2022" in sim.real_button.description
    assert 'alt="Hemicycle seat chart of 577 seats' in sim.chart_view.value


def test_moving_sliders_changes_outcome_and_chart(sim):
    sim.attendance.value = 300
    sim.against.value = 160
    # 300 - 160 against - 5 abstentions (unchanged) = 135 for: rejected
    assert (sim.outcome.for_, sim.outcome.adopted) == (135, False)
    assert sim.chart.data["against"] == 160 and sim.chart.data["absent"] == 277
    assert "REJECTED" in sim.verdict.value and "Simulated numbers" in sim.verdict.value
    sim.abstain.value = 40  # 100 for, 160 against
    assert sim.chart.data["abstain"] == 40 and sim.outcome.required == 131


def test_changing_the_rule_changes_the_threshold(sim):
    sim.rule.value = "members"
    assert (sim.outcome.required, sim.outcome.adopted) == (289, False)
    assert sim.chart.data["threshold"] == 289 and "REJECTED" in sim.verdict.value
    sim.rule.value = "two_thirds_cast"
    assert (sim.outcome.required, sim.outcome.adopted) == (114, True)


def test_impossible_numbers_show_a_message_not_an_error(sim):
    sim.abstain.value = 200  # more abstentions than the 175 taking part
    assert sim.outcome is None
    assert "cannot happen" in sim.verdict.value
    assert "200 abstentions cannot come from only 175 members taking part" in sim.verdict.value
    assert sim.chart_view.value == ""
    assert sim.errors.outputs == ()


def test_real_vote_button_restores_the_data(art, sim):
    sim.attendance.value = 500
    sim.against.value = 400
    sim.rule.value = "members"
    before = len(sim.timings)
    sim.real_button.click()
    assert (sim.attendance.value, sim.against.value, sim.abstain.value, sim.rule.value) == (175, 1, 5, "cast")
    assert sim.outcome == real_vote(art)
    assert len(sim.timings) == before + 1  # one redraw, not one per slider


def test_simulator_refuses_a_vote_without_seats(art):
    from kit.votes import UnknownCountError

    with pytest.raises(UnknownCountError):
        vote_simulator(art, "ca-2021-02-22")


# ---------------------------------------------------------------- acts: timeline and table
def test_dates_come_from_the_data_and_the_czech_date_stays_disputed(art):
    rows = {r.id: r for r in act_rows(art)}
    for act in art.acts:
        if isinstance(act.date, str):
            assert rows[act.id].dates == (act.date,)
            assert rows[act.id].date_text == format_date(act.date)
    cz = rows["cz-2021-06"]
    conflict = art.get("cz-senate-date")
    assert cz.disputed and cz.dates == tuple(sorted(p.value for p in conflict.positions))
    assert cz.date_text == "disputed: 10 June 2021 or 14 June 2021 (sources disagree)"
    text = timeline_dates_text(art)
    assert text.splitlines()[0] == "19 January 2021: United States: US State Department (Secretary of State Pompeo)"
    assert len(text.splitlines()) == len(art.acts)


def test_timeline_chart(art):
    chart = acts_timeline(art)
    rows = act_rows(art)
    assert [a["who"] for a in chart.data["acts"]] == [r.who for r in rows]
    cz = next(a for a, r in zip(chart.data["acts"], rows, strict=True) if r.id == "cz-2021-06")
    assert cz["date"] == "disputed: 10 June 2021 or 14 June 2021 (sources disagree)"
    assert "disputed: 10 June 2021 or 14 June 2021" in chart.alt
    assert "serious risk of genocide" in chart.alt and "266-0" in chart.alt
    legend = [t.get_text() for t in chart.figure.legends[0].get_texts()]
    assert "agreed without opposition (no division or count in the sources seen)" in legend
    assert any("sources disagree" in t for t in legend)


def test_table_columns_say_what_the_lesson_teaches(art):
    table = acts_table(art)
    lines = table.text.splitlines()
    assert len(lines) == len(art.acts)
    us = next(ln for ln in lines if "United States" in ln)
    assert "executive" in us and "not a vote" in us and "no count" in us
    be = next(ln for ln in lines if "Belgium" in ln)
    assert "serious risk of genocide" in be and "125-0, 12 abstentions" in be
    uk = [ln for ln in lines if "United Kingdom" in ln]
    assert all("no division" in ln for ln in uk)
    ca = next(ln for ln in lines if "Canada" in ln)
    assert "recorded vote" in ca and "266-0" in ca
    assert "binding: not stated in the sources" in us  # Absent stays absent
    assert "<a href='https://" in table.html  # sources are shown, with links


def test_table_subset_and_unknown_ids(art):
    sub = acts_table(art, ["uk-2021-04-22", "ca-2021-02-22"])
    assert len(sub.text.splitlines()) == 2
    with pytest.raises(KeyError, match="no act xx"):
        acts_table(art, ["xx"])


def test_table_escapes_data_text(art):
    evil = dataclasses.replace(art.get("ca-2021-02-22"), body="<script>alert(1)</script>",
                               note="<img src=x onerror=alert(1)>")
    bad = dataclasses.replace(art, acts=(evil,))
    html = acts_table(bad, notes=True).html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<img" not in html


def test_fact_cards_show_sources(art):
    cards = fact_cards(art, ["fr-vote-cast", "fr-author"])
    assert "one source only" in cards.html
    assert "vipeoples.net" in cards.text
    assert cards.html.count("<li>") == len(art.fact("fr-vote-cast").sources) + len(art.fact("fr-author").sources)


# ---------------------------------------------------------------- exercises recomputed from the data
def test_procedure_exercises_load(art):
    ex = load_exercises()
    ours = [k for k in ex if k[:4] in ("ex06", "ex07", "ex08")]
    for nn in ("ex06", "ex07", "ex08"):
        assert sum(k.startswith(nn) for k in ours) >= 3, nn


def _numbers(text: str) -> set[int]:
    return {int(n) for n in re.findall(r"\b\d+\b", text)}


def test_ex07_answers_match_the_data(art):
    ex = load_exercises()
    v = vote_from_act(art.get("fr-2022-01-20"))
    t = ex["ex07-turnout"]
    assert t.answer == round(v.taking_part / v.seats * 100, 1)
    assert {175, 577} <= _numbers(t.prompt)
    assert check_answer("ex07-turnout", f"{v.taking_part / v.seats * 100:.2f}").correct
    for m in t.mistakes:
        assert not check_answer("ex07-turnout", str(m.value)).correct
    assert ex["ex07-cast"].answer == v.cast == art.fact("fr-vote-cast").value
    assert {v.for_, v.against, v.abstain} <= _numbers(ex["ex07-cast"].prompt)
    wrong = {m.value for m in ex["ex07-cast"].mistakes}
    assert v.taking_part in wrong and v.for_ in wrong
    # the option that is right states the kit's thresholds: 289 (members) and, in feedback, 86 (cast)
    right = next(o for o in ex["ex07-majority-members"].options if o.correct)
    assert required_majority(v, "members") in _numbers(right.text)
    assert v.seats in _numbers(right.text) and v.for_ in _numbers(right.text)
    assert required_majority(v, "cast") in _numbers(right.feedback)
    assert not outcome(v, "members").adopted
    assert v.abstain in _numbers(ex["ex07-abstentions"].prompt)


def test_ex07_unanimous_matches_the_acts(art):
    uk, ca = art.get("uk-2021-04-22"), art.get("ca-2021-02-22")
    assert uk.decided_by == "unopposed_no_division" and isinstance(uk.tally, Absent)
    assert uk.date.startswith("2021-04")
    assert ca.decided_by == "recorded_vote" and (ca.tally.for_, ca.tally.against) == (266, 0)
    opts = {o.id: o for o in load_exercises()["ex07-unanimous"].options}
    assert opts["b"].correct and {266, 0} <= _numbers(opts["c"].text)


def test_ex08_answers_match_the_acts(art):
    ex = load_exercises()
    no_count = {a.id for a in art.acts if isinstance(a.tally, Absent)}
    ids = {"us": "us-2021-01-19", "nl": "nl-2021-02-25", "uk21": "uk-2021-04-22", "uk22": "uk-2022-01-20",
           "ca": "ca-2021-02-22", "lt": "lt-2021-05-20"}
    for o in ex["ex08-no-count"].options:
        assert o.correct == (ids[o.id] in no_count), o.id
    not_votes = [a for a in art.acts if a.branch != "legislative"]
    assert [a.id for a in not_votes] == ["us-2021-01-19"]
    assert next(o for o in ex["ex08-not-a-vote"].options if o.correct).text.find(not_votes[0].jurisdiction) >= 0
    assert art.get("be-2021-07-08").wording == "serious_risk_of_genocide"
    assert next(o for o in ex["ex08-belgium"].options if o.correct).text == "A serious risk of genocide."
    cz = art.get("cz-2021-06")
    assert cz.chamber == "upper" and isinstance(cz.date, Absent) and cz.date_conflict == "cz-senate-date"


def test_ex06_answers_match_the_facts(art):
    ex = load_exercises()
    author = next(o for o in ex["ex06-author"].options if o.correct)
    assert author.text == art.fact("fr-author").value
    others = {o.text for o in ex["ex06-author"].options if not o.correct}
    assert art.fact("fr-defended-by").value in others
    assert "Riester" in art.fact("fr-government-reply").statement
    assert art.get("fr-2022-01-20").binding is False
    assert art.get("fr-2022-01-20").chamber == "lower"
    assert "34-1" in art.fact("fr-legal-basis").statement


def test_any_answer_gets_feedback_not_an_error():
    for eid in ("ex06-binding", "ex06-second-text", "ex07-turnout", "ex07-cast", "ex08-no-count"):
        for raw in (None, "", "x" * 10_000, 3.5, ["a"], {"b": 1}, -1, "<script>"):
            fb = check_answer(eid, raw)
            assert isinstance(fb.message, str) and fb.message


def test_make_vote_agrees_with_the_simulator(sim):
    sim.attendance.value = 200
    sim.against.value = 50
    sim.abstain.value = 10
    assert sim.outcome == outcome(make_vote(200, 50, 10, 577), "cast")


# ---------------------------------------------------------------- views used by the notebooks
def test_compare_rules_text_is_arithmetic_on_the_data(art):
    lines = compare_rules_text(art).splitlines()
    assert "the kit's arithmetic" in lines.pop(0)
    assert lines == [
        "majority of votes cast: 86 votes for needed -> 169 for: adopted",
        "majority of members taking part: 88 votes for needed -> 169 for: adopted",
        "absolute majority of all members: 289 votes for needed -> 169 for: rejected",
        "two-thirds of votes cast: 114 votes for needed -> 169 for: adopted",
        "two-thirds of all members: 385 votes for needed -> 169 for: rejected",
    ]
    lt = compare_rules_text(art, "lt-2021-05-20")  # no seat count in the data
    assert "absolute majority of all members: cannot be computed" in lt


def test_conflict_card_shows_every_position_with_sources(art):
    card = conflict_card(art, "cz-senate-date")
    assert "Sources disagree" in card.text and "10 June 2021" in card.text and "14 June 2021" in card.text
    assert card.html.count("<li><b>") == 2
    assert "unresolved" in card.text


def test_claim_card_quotes_the_report_and_its_checks(art):
    card = claim_card(art, "c-france-joins-list")
    claim = art.get("c-france-joins-list")
    assert claim.anchor in card.text and claim.anchor in art.paragraph(claim.paragraph).text
    assert "Assessment: contradicted" in card.text
    assert "- contradicts: " + art.fact("be-resolution").statement in card.text


def test_acts_by_wording_groups_every_act(art):
    text = acts_by_wording_text(art)
    assert text.count("\n  - ") == len(art.acts)
    belgium_block = text.split("serious risk of genocide:")[1].split("\n")[1]
    assert "Belgium" in belgium_block


def test_fact_explorer_switches_cards(art):
    box = fact_explorer(art, ["fr-author", "fr-defended-by"])
    pick, card = box.children[:2]
    assert art.fact("fr-author").statement in card.value
    pick.value = "fr-defended-by"
    assert art.fact("fr-defended-by").statement in card.value
