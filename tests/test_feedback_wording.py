"""Every kind of feedback sentence a self-check says, pinned word for word (issue 15).

kit.exercises.WORDING is the one table both judges (plain and sealed) build their messages from.
Each entry has a case here that produces it; a new entry without a case fails the first test.
The wording bugs of the issue ("✔ Right. Right.", "✘ Not yet. Not yet.", "12,000,000 million",
"0 of your marks matched none") are pinned as gone.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from kit.editions import seal_exercise
from kit.exercises import (
    WORDING,
    Exercise,
    Feedback,
    Mistake,
    Option,
    RubricGroup,
    _build,
    feedback_html,
    judge,
    load_exercises,
    say,
)

NUM = Exercise("ex00-share", "number", "What share?", ("p1",), "00-demo", "f.yaml", answer=30.3, tolerance=0.1,
               unit="%", mistakes=(Mistake(29.3, "That divides by 577."),), hints=("Divide.",), explanation="Why.")
BARE = Exercise("ex00-n", "number", "How many?", ("p1",), "00-demo", "f.yaml", answer=170, unit="votes")
MILLIONS = Exercise("ex00-m", "number", "How many million?", ("p1",), "00-demo", "f.yaml", answer=11.62,
                    tolerance=0.01, unit="million")
CHOICE = Exercise("ex00-c", "choice", "Whose?", ("p1",), "00-demo", "f.yaml",
                  options=(Option("a", "The outlet's", True, "It is unattributed."),
                           Option("b", "The embassy's", False, "No quotation marks.")))
MULTI = Exercise("ex00-m2", "multiple", "Who?", ("p1",), "00-demo", "f.yaml",
                 options=(Option("a", "Buon Tan", True, "Voted against."), Option("b", "Dolkun Isa", False, "Quoted."),
                          Option("c", "Franck Riester", True, "The government.")))
TEXT = Exercise("ex00-t", "text", "Why?", ("p1",), "00-demo", "f.yaml",
                rubric=(RubricGroup(("abstain",), "What about those who abstained?", "mentions the abstentions"),
                        RubricGroup(("577",), "How many could have voted?", "says how many could vote")),
                model_answer="Five abstained; most of the 577 seats did not vote.", explanation="Counts matter.")


def _sealed(ex: Exercise) -> Exercise:
    d: dict[str, Any] = {"id": ex.id, "type": ex.type, "prompt": ex.prompt, "about": list(ex.about)}
    if ex.type == "number":
        d.update(answer=ex.answer, tolerance=ex.tolerance, unit=ex.unit, explanation=ex.explanation,
                 mistakes=[{"value": m.value, "feedback": m.feedback} for m in ex.mistakes])
        if ex.hints:
            d["hints"] = list(ex.hints)
    elif ex.options:
        d["options"] = [{"id": o.id, "text": o.text, "correct": o.correct, "feedback": o.feedback} for o in ex.options]
    else:
        d.update(rubric=[{"keywords": list(g.keywords), "missing": g.missing, "point": g.point} for g in ex.rubric],
                 model_answer=ex.model_answer, explanation=ex.explanation)
    return _build(seal_exercise(d, salt="cd" * 8), ex.notebook, "student.yaml")


SENT = "They say that five deputies chose to abstain, and 577 seats exist."
MODEL_ANSWER = (" " + WORDING["text_compare"]
                + "\nA model answer: Five abstained; most of the 577 seats did not vote.\nCounts matter.")
CASES: dict[str, tuple[Exercise, Any, Feedback]] = {
    "blank": (NUM, "  ", Feedback(None, "Type a number first, then press Check.")),
    "unjudgeable": (NUM, {"x": 1},
                    Feedback(None, "That kind of answer cannot be checked: type or choose an answer instead.")),
    "number_list": (NUM, [1, 2], Feedback(None, "Give one number, not a list.")),
    "number_type": (NUM, True, Feedback(None, "Type a number, for example 12.5%.")),
    "number_long": (NUM, "9" * 300,
                    Feedback(None, "That is too long to be a number: type just the number, for example 12.5%.")),
    "number_unread": (NUM, "lots", Feedback(None, "“lots”: I could not find a number in it. "
                                                  "Type just one number, for example 12.5%.")),
    "number_several": (NUM, "169 to 1", Feedback(None, "“169 to 1”: I found more than one number in it. "
                                                       "Type just one number, for example 12.5%.")),
    "number_none": (BARE, "🙂", Feedback(None, "“🙂”: I could not find a number in it. "
                                              "Type just one number, for example 12.")),
    "number_huge": (NUM, float("inf"),
                    Feedback(None, "That number is too large (or not a number) to check. Type an ordinary number.")),
    "number_right": (NUM, "30,3 %", Feedback(True, "30.3% (give or take 0.1).\nWhy.")),
    "number_mistake": (NUM, "29.3", Feedback(False, "29.3%: That divides by 577.")),
    "number_fraction": (NUM, "0.303",
                        Feedback(False, "0.303 looks like a fraction. Give it as a percentage (multiply by 100).")),
    "number_scale": (MILLIONS, "11,620,000", Feedback(None, "11,620,000 is the number written out in full, "
                                                            "but the box counts in million: type 11.62.")),
    "number_direction": (NUM, "50", Feedback(False, "50% is too high. Ask for a hint if you are stuck.")),
    "more_hint": (NUM, "12", Feedback(False, "12% is too low. Ask for a hint if you are stuck.")),
    "more_none": (BARE, "175", Feedback(False, "175 votes is too high. Check your working, or ask your teacher.")),
    "choice_one": (CHOICE, ["a", "b"], Feedback(None, "Choose one option.")),
    "choice_unknown": (CHOICE, "z", Feedback(None, "“z” is not one of the options. Choose one of the options shown.")),
    "multiple_unknown": (MULTI, ["a", "q"], Feedback(None, "Not an option: q. Tick the options you choose.")),
    "multiple_none": (MULTI, ",;", Feedback(None, "Tick at least one option.")),
    "multiple_right": (MULTI, "c, a", Feedback(True, "You found every correct option.\n✔ Buon Tan: Voted against.\n"
                                                     "✔ Franck Riester: The government.")),
    "multiple_missing_one": (MULTI, ["a"], Feedback(False, "1 correct option is missing.\n✔ Buon Tan: Voted against.")),
    "multiple_missing": (MULTI, ["b"], Feedback(False, "2 correct options are missing.\n✘ Dolkun Isa: Quoted.")),
    "multiple_extra": (MULTI, ["a", "b", "c"], Feedback(False, "At least one option you ticked is not right.\n"
                                                               "✔ Buon Tan: Voted against.\n✘ Dolkun Isa: Quoted.\n"
                                                               "✔ Franck Riester: The government.")),
    "text_empty": (TEXT, "?!", Feedback(None, "Write your answer in words first.")),
    "text_short": (TEXT, "abstain 577", Feedback(None, "Write your answer as a whole sentence (at least 6 words), "
                                                       "saying what and why: a few keywords cannot be compared "
                                                       "with a model answer.")),
    "text_seen": (TEXT, SENT, Feedback(None, "The check can see that your answer mentions the abstentions; "
                                             "says how many could vote." + MODEL_ANSWER, "compare")),
    "text_seen_none": (TEXT, "I have no idea what to write here.",
                       Feedback(None, "The check cannot see any of the key points in your answer yet. What it cannot "
                                      "see yet: What about those who abstained? How many could have voted?"
                                + MODEL_ANSWER, "compare")),
    "text_unseen": (TEXT, "Five of the deputies decided to abstain.",
                    Feedback(None, "The check can see that your answer mentions the abstentions. "
                                   "What it cannot see yet: How many could have voted?" + MODEL_ANSWER, "compare")),
    "text_cut": (TEXT, SENT + " x" * 3000, None),  # checked below: the note is on the first line
}
SEALED_ONLY = {
    "number_wrong": (BARE, "175", "175 votes is not the answer. Check your working, or ask your teacher."),
    "choice_wrong": (CHOICE, "b", "Read the question again, open a hint, or try another option."),
    "multiple_wrong": (MULTI, ["a"], WORDING["multiple_wrong"]),
    "damaged": (Exercise("ex00-x", "number", "?", ("p1",), "00-x", "f", sealed={"salt": "zz", "decimals": "x"}), "3",
                WORDING["damaged"]),
}
WIDGET_ONLY = {"text_compare", "text_model", "self_covers", "self_misses"}  # parts of other messages, or the widget's


def test_every_wording_entry_is_pinned() -> None:
    assert set(WORDING) == set(CASES) | set(SEALED_ONLY) | WIDGET_ONLY


@pytest.mark.parametrize("kind", sorted(CASES))
def test_each_plain_sentence_word_for_word(kind: str) -> None:
    ex, raw, want = CASES[kind]
    got = judge(ex, raw)
    if want is None:
        assert "(Only the first 5,000 characters were read.)" in got.message.split("\n")[0]
        return
    assert got == want and got.kind == want.kind


@pytest.mark.parametrize("kind", sorted(CASES))
def test_the_sealed_judge_says_the_same(kind: str) -> None:
    """Both editions build from one table: where the sealed judge can know as much, the words are the same."""
    ex, raw, want = CASES[kind]
    if kind in ("number_mistake", "number_direction", "more_hint", "more_none", "multiple_missing_one",
                "multiple_missing", "multiple_extra") or want is None:
        return  # the sealed judge cannot tell too high from too low, or which option is wrong: see SEALED_ONLY
    assert judge(_sealed(ex), raw) == want


@pytest.mark.parametrize("kind", sorted(SEALED_ONLY))
def test_each_sealed_only_sentence(kind: str) -> None:
    ex, raw, want = SEALED_ONLY[kind]
    sealed = ex if ex.sealed is not None else _sealed(ex)
    assert judge(sealed, raw).message == want


def test_no_message_repeats_its_verdict_header() -> None:
    """"✔ Right. Right." and "✘ Not yet. Not yet.": a message never starts with a verdict word."""
    verdict = re.compile(r"^(right|correct|not quite|not yet|wrong|note|compare)\b", re.IGNORECASE)
    pool = load_exercises()
    samples: list[tuple[Exercise, Any]] = [(e, r) for e, r, _w in CASES.values()]
    for ex in pool.values():
        samples += [(ex, o.id) for o in ex.options] + [(ex, [o.id for o in ex.correct_options])]
        if ex.type == "number":
            samples += [(ex, ex.answer), (ex, (ex.answer or 0) + 1000)] + [(ex, m.value) for m in ex.mistakes]
        if ex.type == "text":
            samples += [(ex, ex.model_answer), (ex, "I do not know what to say about this.")]
    for ex, raw in samples:
        fb = judge(ex, raw)
        assert not verdict.match(fb.message), (ex.id, raw, fb.message)
        html = feedback_html(fb)
        for word in ("Right", "Not yet", "Note", "Compare"):
            assert f"{word}. {word}" not in html


def test_twelve_million_in_a_box_that_counts_millions() -> None:
    census = load_exercises()["ex03-census"]
    fb = judge(census, "12 million")
    assert fb.message.startswith("12 million: ") and "000,000 million" not in fb.message  # the data's likely slip
    assert judge(census, "11.62 million").correct is True
    assert judge(census, "11,620,000").message == say("number_scale", value="11,620,000", unit="million", short="11.62")


def test_the_hunt_score_says_what_it_means() -> None:
    from kit import load_article
    from kit.counting import HuntResult
    from kit.views.provenance import hunt_summary

    art = load_article()
    none = hunt_summary(art, HuntResult(hits=(), misses=(), found=(), not_found=()))
    assert "0 of your marks" not in none and "matched none" not in none
    hit = hunt_summary(art, HuntResult(hits=(), misses=(), found=(art.artefacts[0].id,), not_found=()))
    assert hit.endswith("every one of your marks matched a recorded artefact.")
