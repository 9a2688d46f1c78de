"""Vote arithmetic (kit.votes): rules, edge cases and the clear errors impossible input raises."""

from __future__ import annotations

import pytest

from kit import load_article
from kit.votes import (
    RULES,
    AbstentionsExceedTakingPartError,
    NegativeCountError,
    NoRecordedCountError,
    NoSeatsError,
    NotACountError,
    TakingPartExceedsSeatsError,
    TallyMismatchError,
    UnknownCountError,
    UnknownRuleError,
    VoteError,
    VotesExceedTakingPartError,
    make_vote,
    outcome,
    required_majority,
    rule,
    turnout,
    vote_from_act,
    vote_from_tally,
    votes_cast,
)


@pytest.fixture(scope="module")
def art():
    """The case study, loaded once."""
    return load_article()


# ---------------------------------------------------------------- the real vote, from the data
def test_real_vote_numbers_come_from_the_data(art):
    v = vote_from_act(art.get("fr-2022-01-20"))
    assert (v.for_, v.against, v.abstain, v.taking_part, v.cast, v.seats) == (169, 1, 5, 175, 170, 577)
    # the same numbers as the facts registry
    assert v.for_ == art.fact("fr-vote-for").value
    assert v.against == art.fact("fr-vote-against").value
    assert v.abstain == art.fact("fr-vote-abstain").value
    assert v.taking_part == art.fact("fr-vote-voting").value
    assert v.cast == art.fact("fr-vote-cast").value
    assert v.seats == art.fact("fr-seats").value


def test_real_vote_under_every_rule(art):
    v = vote_from_act(art.get("fr-2022-01-20"))
    needed = {r: required_majority(v, r) for r in RULES}
    assert needed == {"cast": 86, "taking_part": 88, "members": 289, "two_thirds_cast": 114,
                      "two_thirds_members": 385}
    adopted = {r: outcome(v, r).adopted for r in RULES}
    assert adopted == {"cast": True, "taking_part": True, "members": False, "two_thirds_cast": True,
                       "two_thirds_members": False}


def test_turnout_matches_the_derived_fact(art):
    assert round(turnout(175, 577) * 100, 1) == 30.3
    fact = art.fact("fr-turnout")
    assert fact.confidence == "derived"  # arithmetic, not a reported figure
    assert "30.3%" in fact.statement


def test_every_counted_act_in_the_data_works(art):
    """Any chamber in the data: counted votes give an outcome; uncounted ones say why not."""
    counted, uncounted = [], []
    for act in art.acts:
        try:
            v = vote_from_act(act)
        except NoRecordedCountError as exc:
            assert act.id in str(exc) and act.tally.reason in str(exc)
            uncounted.append(act.id)
            continue
        counted.append(act.id)
        assert outcome(v, "cast").adopted
    assert sorted(uncounted) == ["nl-2021-02-25", "uk-2021-04-22", "uk-2022-01-20", "us-2021-01-19"]
    assert len(counted) == 5


def test_unknown_seats_or_abstentions_block_only_the_rules_that_need_them(art):
    ca = vote_from_act(art.get("ca-2021-02-22"))  # 266-0, no seat count, no abstention count
    assert outcome(ca, "cast").required == 134
    with pytest.raises(UnknownCountError, match="size of this chamber"):
        outcome(ca, "members")
    with pytest.raises(UnknownCountError, match="abstentions"):
        outcome(ca, "taking_part")
    assert outcome(ca, "cast").turnout is None
    assert "abstentions not given" in outcome(ca, "cast").summary()


# ---------------------------------------------------------------- edge cases
def test_a_tie_is_rejected():
    o = outcome(make_vote(10, 5, 0, 10), "cast")
    assert (o.for_, o.required, o.adopted, o.margin) == (5, 6, False, -1)
    assert "rejected (1 short)" in o.summary()


def test_zero_votes_cast_passes_nothing():
    for rid in RULES:
        o = outcome(make_vote(4, 0, 4, 10), rid)
        assert not o.adopted, rid
    assert "no votes were cast" in outcome(make_vote(4, 0, 4, 10), "cast").summary()
    assert not outcome(make_vote(0, 0, 0, 10), "cast").adopted


def test_chamber_of_one_seat():
    yes = make_vote(1, 0, 0, 1)
    assert [required_majority(yes, r) for r in RULES] == [1, 1, 1, 1, 1]
    assert all(outcome(yes, r).adopted for r in RULES)
    assert not outcome(make_vote(1, 1, 0, 1), "members").adopted
    assert turnout(1, 1) == 1.0


def test_chamber_of_1000_seats():
    v = make_vote(1000, 333, 0, 1000)
    assert required_majority(v, "members") == 501
    assert required_majority(v, "two_thirds_members") == 667
    assert outcome(v, "two_thirds_members").adopted  # 667 for
    assert not outcome(make_vote(1000, 334, 0, 1000), "two_thirds_members").adopted  # 666 for
    assert outcome(make_vote(1000, 499, 0, 1000), "members").adopted  # 501 for
    assert not outcome(make_vote(1000, 500, 0, 1000), "members").adopted  # 500 for: a tie


@pytest.mark.parametrize("cast,needed", [(1, 1), (2, 2), (3, 2), (4, 3), (170, 86), (171, 86)])
def test_majority_of_votes_cast_is_more_than_half(cast, needed):
    assert required_majority(vote_from_tally(cast, 0, 0, 1000), "cast") == needed


@pytest.mark.parametrize("cast,needed", [(0, 1), (3, 2), (4, 3), (6, 4), (170, 114)])
def test_two_thirds_is_at_least_two_thirds(cast, needed):
    assert required_majority(vote_from_tally(cast, 0, 0, 1000), "two_thirds_cast") == needed


def test_abstentions_count_only_under_taking_part():
    v = make_vote(20, 6, 5, 100)  # 9 for, 6 against, 5 abstain
    assert outcome(v, "cast").adopted  # 9 > 15/2
    assert not outcome(v, "taking_part").adopted  # 9 is not more than 20/2
    assert votes_cast(9, 6) == 15


# ---------------------------------------------------------------- impossible input
@pytest.mark.parametrize("args,error,message", [
    ((4, 0, 5, 20), AbstentionsExceedTakingPartError, "5 abstentions cannot come from only 4 members taking part"),
    ((4, 5, 0, 20), VotesExceedTakingPartError, "5 votes against cannot come from only 4 members taking part"),
    ((4, 3, 2, 20), VotesExceedTakingPartError, "3 against + 2 abstentions = 5, more than the 4 members taking part"),
    ((600, 0, 0, 577), TakingPartExceedsSeatsError, "600 members cannot take part in a chamber of 577 seats"),
    ((-1, 0, 0, 10), NegativeCountError, "members taking part cannot be negative (got -1)"),
    ((1, 0, 0, 0), NoSeatsError, "a chamber needs at least 1 seat (got 0)"),
    ((2.5, 0, 0, 10), NotACountError, "members taking part must be a whole number of members, not 2.5"),
    (("ten", 0, 0, 10), NotACountError, "members taking part must be a whole number of members, not 'ten'"),
    ((True, 0, 0, 10), NotACountError, "members taking part must be a whole number of members, not True"),
])
def test_impossible_votes_fail_with_a_clear_message(args, error, message):
    with pytest.raises(error) as info:
        make_vote(*args)
    assert str(info.value) == message
    assert isinstance(info.value, VoteError) and isinstance(info.value, ValueError)


def test_tally_checks():
    with pytest.raises(TallyMismatchError, match=r"169 for \+ 1 against \+ 5 abstentions = 175, but 176"):
        vote_from_tally(169, 1, 5, 577, taking_part=176)
    with pytest.raises(TakingPartExceedsSeatsError, match="but the chamber has only 100 seats"):
        vote_from_tally(90, 10, 1, 100)
    # abstentions deduced from a reported number taking part
    v = vote_from_tally(169, 1, None, 577, taking_part=175)
    assert v.abstain == 5 and v.abstain_known
    assert make_vote(10.0, 2, 1, 20).for_ == 7  # an integral float is a whole number


def test_turnout_rejects_impossible_shares():
    with pytest.raises(TakingPartExceedsSeatsError):
        turnout(578, 577)
    with pytest.raises(NoSeatsError):
        turnout(0, 0)


def test_unknown_rule_lists_the_rules():
    with pytest.raises(UnknownRuleError) as info:
        rule("simple")
    assert "unknown majority rule 'simple'" in str(info.value)
    for rid in RULES:
        assert repr(rid) in str(info.value)
    assert rule(RULES["cast"]) is RULES["cast"]
