"""Vote arithmetic: votes cast, the majority each rule requires, turnout and the outcome.

Pure functions on whole numbers, for a chamber of any size. Impossible input (a negative count,
more abstentions than members taking part, more members taking part than seats...) raises a
subclass of :class:`VoteError` (itself a ``ValueError``) whose message says what is wrong and
what would be possible.

Words used throughout, as parliaments use them:

- **taking part** (*votants*): members who voted for, against, or abstained;
- **votes cast** (*suffrages exprimés*): votes for plus votes against; abstentions are not cast;
- **seats**: the size of the chamber, whether or not the members were there.

>>> o = outcome(make_vote(taking_part=175, against=1, abstain=5, seats=577), "cast")
>>> (o.for_, o.cast, o.required, o.adopted)
(169, 170, 86, True)

The required majority is the kit's arithmetic under the stated rule, not a figure any source
reports.
"""

from __future__ import annotations

from typing import Any

from .model import Absent, record

__all__ = [
    "RULES", "Rule", "Vote", "Outcome", "VoteError", "NotACountError", "NegativeCountError",
    "NoSeatsError", "AbstentionsExceedTakingPartError", "VotesExceedTakingPartError",
    "TakingPartExceedsSeatsError", "TallyMismatchError", "UnknownRuleError", "NoRecordedCountError",
    "UnknownCountError", "TooLargeCountError", "MAX_MEMBERS",
    "make_vote", "vote_from_tally", "vote_from_act", "votes_cast", "turnout", "required_majority",
    "outcome", "rule",
]


# ---------------------------------------------------------------- errors
class VoteError(ValueError):
    """Numbers that cannot describe a real vote (the base of every error below)."""


class NotACountError(VoteError):
    """A count that is not a whole number (a fraction, text, ``True``...)."""


class NegativeCountError(VoteError):
    """A count below zero."""


MAX_MEMBERS = 10_000
"""The largest count of members the kit takes (the schema of acts says the same)."""


class TooLargeCountError(VoteError):
    """A count larger than any chamber (it would only exhaust memory drawing the seats)."""


class NoSeatsError(VoteError):
    """A chamber with fewer than one seat."""


class AbstentionsExceedTakingPartError(VoteError):
    """More abstentions than members taking part."""


class VotesExceedTakingPartError(VoteError):
    """Votes against plus abstentions outnumber the members taking part."""


class TakingPartExceedsSeatsError(VoteError):
    """More members taking part than the chamber has seats."""


class TallyMismatchError(VoteError):
    """A reported number taking part that differs from for + against + abstentions."""


class UnknownRuleError(VoteError):
    """A majority rule the kit does not know; the message lists the known ones."""


class NoRecordedCountError(VoteError):
    """An act decided without a count (no division, an executive decision...)."""


class UnknownCountError(VoteError):
    """A rule or figure that needs a number the sources do not give (seats, abstentions)."""


# ---------------------------------------------------------------- rules
@record
class Rule:
    """A majority rule: which number it is counted on, and what share of it is needed.

    Parameters
    ----------
    id : str
        Short name used in code and widgets (``"cast"``, ``"members"``...).
    label : str
        Plain-English name shown to students.
    base : str
        What the share is taken of: ``"cast"`` (for + against), ``"taking_part"`` (for + against +
        abstentions) or ``"seats"`` (every member of the chamber).
    share : str
        ``"majority"`` (more than half) or ``"two_thirds"`` (at least two thirds).
    explanation : str
        One sentence on how the rule counts abstentions and absent members.
    """

    id: str
    label: str
    base: str
    share: str
    explanation: str


RULES: dict[str, Rule] = {r.id: r for r in (
    Rule("cast", "majority of votes cast", "cast", "majority",
         "More than half of the votes for and against; abstentions and absent members do not count."),
    Rule("taking_part", "majority of members taking part", "taking_part", "majority",
         "More than half of the members who took part; an abstention counts like a vote against."),
    Rule("members", "absolute majority of all members", "seats", "majority",
         "More than half of all the seats; an absent member counts like a vote against."),
    Rule("two_thirds_cast", "two-thirds of votes cast", "cast", "two_thirds",
         "At least two thirds of the votes for and against; abstentions do not count."),
    Rule("two_thirds_members", "two-thirds of all members", "seats", "two_thirds",
         "At least two thirds of all the seats."),
)}


def rule(rule_id: str | Rule) -> Rule:
    """Return a rule by id, or raise :class:`UnknownRuleError` listing the known ones.

    >>> rule("members").label
    'absolute majority of all members'
    """
    if isinstance(rule_id, Rule):
        return rule_id
    try:
        return RULES[rule_id]
    except (KeyError, TypeError):
        known = ", ".join(f"{k!r} ({r.label})" for k, r in RULES.items())
        raise UnknownRuleError(f"unknown majority rule {rule_id!r}; the rules are: {known}") from None


# ---------------------------------------------------------------- checks
def _count(name: str, value: Any) -> int:
    """A whole, non-negative number (an integral float such as 3.0 is accepted as 3)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise NotACountError(f"{name} must be a whole number of members, not {value!r}")
    if isinstance(value, float):
        if not value.is_integer():
            raise NotACountError(f"{name} must be a whole number of members, not {value!r}")
        value = int(value)
    if value < 0:
        raise NegativeCountError(f"{name} cannot be negative (got {value})")
    if value > MAX_MEMBERS:
        raise TooLargeCountError(f"{name} is {int(value):,}; the kit works with chambers of at most {MAX_MEMBERS:,} "
                                 "members (the largest in the world has about 3,000)")
    return int(value)


def _seats(value: Any) -> int:
    seats = _count("seats", value)
    if seats < 1:
        raise NoSeatsError(f"a chamber needs at least 1 seat (got {seats})")
    return seats


# ---------------------------------------------------------------- records
@record
class Vote:
    """One vote of a chamber: for, against, abstentions, and the chamber's seats.

    Build it with :func:`make_vote`, :func:`vote_from_tally` or :func:`vote_from_act`, which
    check the numbers. ``seats`` is None when no source gives the chamber's size, and
    ``abstain_known`` is False when no source gives an abstention count (``abstain`` is then 0
    and only the rules on votes cast can be applied).
    """

    for_: int
    against: int
    abstain: int
    seats: int | None
    abstain_known: bool = True

    @property
    def taking_part(self) -> int:
        """Members who voted for, against or abstained."""
        if not self.abstain_known:
            raise UnknownCountError("no source gives the abstentions, so the number taking part is unknown")
        return self.for_ + self.against + self.abstain

    @property
    def known_seats(self) -> int:
        """The chamber's seats, or :class:`UnknownCountError` when no source gives them."""
        if self.seats is None:
            raise UnknownCountError("no source gives the size of this chamber, so rules and shares "
                                    "counted on its seats cannot be computed")
        return self.seats

    @property
    def cast(self) -> int:
        """Votes cast: for plus against."""
        return self.for_ + self.against

    @property
    def not_taking_part(self) -> int:
        """Seats whose member did not take part (absent, or present and not voting)."""
        return self.known_seats - self.taking_part


def vote_from_tally(for_: Any, against: Any, abstain: Any = 0, seats: Any = None,
                    taking_part: Any = None) -> Vote:
    """Check a tally as reported (for, against, abstentions) and return a :class:`Vote`.

    Parameters
    ----------
    for_, against : int
        The counts.
    abstain : int or None
        Abstentions; None when no source gives them (then only rules on votes cast apply).
    seats : int, optional
        Seats in the chamber, when known.
    taking_part : int, optional
        The reported number taking part; when given it must equal for + against + abstentions.

    Raises
    ------
    VoteError
        A subclass naming the problem.

    Examples
    --------
    >>> vote_from_tally(86, 1, 7, seats=141).cast
    87
    """
    f, a = _count("votes for", for_), _count("votes against", against)
    ab = 0 if abstain is None else _count("abstentions", abstain)
    s = None if seats is None else _seats(seats)
    total = f + a + ab
    if taking_part is not None and abstain is None:
        tp = _count("members taking part", taking_part)
        if tp < f + a:
            raise TallyMismatchError(f"{f} for + {a} against = {f + a}, more than the {tp} reported as taking part")
        ab, total = tp - f - a, tp
        abstain = ab
    elif taking_part is not None:
        tp = _count("members taking part", taking_part)
        if tp != total:
            raise TallyMismatchError(
                f"{f} for + {a} against + {ab} abstentions = {total}, but {tp} are reported as taking part")
    if s is not None and total > s:
        raise TakingPartExceedsSeatsError(
            f"{total} members took part ({f} for, {a} against, {ab} abstentions) but the chamber has only {s} seats")
    return Vote(f, a, ab, s, abstain_known=abstain is not None)


def make_vote(taking_part: Any, against: Any, abstain: Any, seats: Any) -> Vote:
    """Build a vote from how many took part, against and abstentions (votes for are the rest).

    This is how the simulator thinks: choose attendance, then who opposes or abstains.

    Raises
    ------
    VoteError
        A subclass naming the problem, e.g. :class:`AbstentionsExceedTakingPartError`.

    Examples
    --------
    >>> make_vote(taking_part=10, against=3, abstain=2, seats=20).for_
    5
    >>> make_vote(taking_part=4, against=0, abstain=5, seats=20)  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    ...
    kit.votes.AbstentionsExceedTakingPartError: 5 abstentions cannot come from only 4 members taking part
    """
    tp, a, ab, s = (_count("members taking part", taking_part), _count("votes against", against),
                    _count("abstentions", abstain), _seats(seats))
    if tp > s:
        raise TakingPartExceedsSeatsError(f"{tp} members cannot take part in a chamber of {s} seats")
    if ab > tp:
        raise AbstentionsExceedTakingPartError(
            f"{ab} abstentions cannot come from only {tp} members taking part")
    if a > tp:
        raise VotesExceedTakingPartError(f"{a} votes against cannot come from only {tp} members taking part")
    if a + ab > tp:
        raise VotesExceedTakingPartError(
            f"{a} against + {ab} abstentions = {a + ab}, more than the {tp} members taking part")
    return Vote(tp - a - ab, a, ab, s)


def vote_from_act(act: Any) -> Vote:
    """The vote of an act from the data (``kit.model.Act``), checked.

    Seats the data does not give stay unknown (``seats`` None), as do abstentions.

    Raises
    ------
    NoRecordedCountError
        When the act has no tally (decided without a division, or by a government); the message
        gives the data's reason.
    """
    if isinstance(act.tally, Absent):
        raise NoRecordedCountError(f"{act.id} has no recorded count: {act.tally.reason}")
    t = act.tally
    seats = None if isinstance(act.seats, Absent) else act.seats
    return vote_from_tally(t.for_, t.against, t.abstain, seats, t.voting)


# ---------------------------------------------------------------- arithmetic
def votes_cast(for_: Any, against: Any) -> int:
    """Votes cast: for plus against (abstentions are not cast).

    >>> votes_cast(169, 1)
    170
    """
    return _count("votes for", for_) + _count("votes against", against)


def turnout(taking_part: Any, seats: Any) -> float:
    """Share of the seats whose member took part, from 0 to 1.

    Raises
    ------
    TakingPartExceedsSeatsError
        When more took part than there are seats.

    >>> round(turnout(175, 577) * 100, 1)
    30.3
    """
    tp, s = _count("members taking part", taking_part), _seats(seats)
    if tp > s:
        raise TakingPartExceedsSeatsError(f"{tp} members cannot take part in a chamber of {s} seats")
    return tp / s


def _needed(share: str, base: int) -> int:
    """Votes for needed out of ``base``; never fewer than one (nothing passes with no support)."""
    if share == "majority":  # more than half
        return base // 2 + 1
    return max(1, (2 * base + 2) // 3)  # at least two thirds, in whole numbers


def required_majority(vote: Vote, rule_id: str | Rule = "cast") -> int:
    """Votes for needed to adopt under one rule.

    Parameters
    ----------
    vote : Vote
        The vote (its seats matter for the rules counted on members).
    rule_id : str or Rule
        One of :data:`RULES`.

    Examples
    --------
    >>> v = make_vote(175, 1, 5, 577)
    >>> [required_majority(v, r) for r in RULES]
    [86, 88, 289, 114, 385]

    Raises
    ------
    UnknownCountError
        When the rule counts seats or members taking part and the sources do not give them.
    """
    r = rule(rule_id)
    if r.base == "cast":
        base = vote.cast
    elif r.base == "taking_part":
        base = vote.taking_part
    else:
        base = vote.known_seats
    return _needed(r.share, base)


@record
class Outcome:
    """The result of a vote under one rule, with every number a student may ask for."""

    vote: Vote
    rule: Rule
    required: int
    adopted: bool

    @property
    def for_(self) -> int:
        """Votes for."""
        return self.vote.for_

    @property
    def cast(self) -> int:
        """Votes cast."""
        return self.vote.cast

    @property
    def turnout(self) -> float | None:
        """Share of the seats taking part (0 to 1), or None when seats or abstentions are unknown."""
        v = self.vote
        if v.seats is None or not v.abstain_known:
            return None
        return v.taking_part / v.seats

    @property
    def margin(self) -> int:
        """Votes for minus votes needed (negative when it fails)."""
        return self.vote.for_ - self.required

    def summary(self) -> str:
        """The outcome in one or two plain sentences.

        >>> print(outcome(make_vote(10, 5, 0, 10), "cast").summary())  # doctest: +NORMALIZE_WHITESPACE
        5 for, 5 against, 0 abstentions: 10 of 10 seats took part (100.0%). Under the rule "majority of votes cast",
        6 votes for were needed (the kit's arithmetic): rejected (1 short).
        """
        v = self.vote
        abst = f"{v.abstain} abstentions" if v.abstain_known else "abstentions not given"
        if self.turnout is not None:
            head = (f"{v.for_} for, {v.against} against, {abst}: {v.taking_part} of {v.seats} "
                    f"seats took part ({self.turnout:.1%}).")
        else:
            head = f"{v.for_} for, {v.against} against, {abst}; {v.cast} votes cast."
        verdict = "adopted" if self.adopted else f"rejected ({-self.margin} short)"
        if v.cast == 0 and self.rule.base == "cast":
            verdict = "rejected: no votes were cast, so nothing can pass"
        needed = f"{self.required} vote for was" if self.required == 1 else f"{self.required} votes for were"
        return f'{head} Under the rule "{self.rule.label}", {needed} needed (the kit\'s arithmetic): {verdict}.'


def outcome(vote: Vote, rule_id: str | Rule = "cast") -> Outcome:
    """Adopted or rejected under one rule.

    A tie is rejected under the majority rules (half is not more than half). With no votes cast,
    nothing passes.

    >>> outcome(make_vote(4, 2, 0, 9), "cast").adopted   # 2-2: a tie
    False
    """
    r = rule(rule_id)
    needed = required_majority(vote, r)
    return Outcome(vote, r, needed, vote.for_ >= needed)
