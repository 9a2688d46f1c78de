"""``kit new`` on the evaluation corpus (tests/corpus/): reports CONSTRUCTED FOR TESTING in different
house styles, with hand annotations; see tools/eval_kit_new.py for the figures per report and style.

Which part is which: reports whose annotations say ``split: held-out`` (five of fifteen: the broadcast
report on hospital waits, the captions report on the teachers' march, the report quoting a motion on
barbecues, the local paper on ferry fares and the Reuters-style report on the carmaker) were written
before the rules were tuned and never used to tune them; their floors are the targets of issue 19
(quotes with the right speaker and paragraph: precision and recall >= 0.85; numbers: recall >= 0.9;
anonymous sources: recall >= 0.9), which the first measurement on them met. The other ten
(``split: tuning``) are what the rules were written against: their floors are the figures reached
when this test was written (in-sample, so they say little about unseen text); they may rise,
never fall.
"""

from __future__ import annotations

import importlib.util
import shutil
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kit.loader import check, data_dir
from kit.scaffold import Options, build_draft, score_annotations, write_draft

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("eval_kit_new", ROOT / "tools" / "eval_kit_new.py")
assert _spec is not None and _spec.loader is not None
ev = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ev)

DOCS = ev.corpus()
HELD_OUT = {"broadcast-hospital-waits", "captions-teachers-march", "document-barbecues", "local-ferry-fares",
            "wire-reuters-carmaker"}
# (precision, recall) floors; None where the figure is not a target
FLOORS_HELD_OUT = {"quotes": (0.85, 0.85), "numbers": (None, 0.9), "anonymous": (None, 0.9)}
FLOORS_TUNING = {"quotes": (1.0, 1.0), "numbers": (1.0, 1.0), "anonymous": (1.0, 1.0)}


def _pooled(split: str) -> dict[str, dict[str, Any]]:
    docs = [d for d in DOCS if d["split"] == split]
    return ev.pooled(list(ev.scores(docs).values()))


def test_the_corpus_is_labelled_varied_and_a_third_held_out() -> None:
    assert len(DOCS) >= 12
    assert {d["id"] for d in DOCS if d["split"] == "held-out"} == HELD_OUT
    assert len(HELD_OUT) >= len(DOCS) / 3
    assert len({d["style"] for d in DOCS}) >= 10
    for d in DOCS:
        ann = (ROOT / "tests" / "corpus" / f"{d['id']}.yaml").read_text(encoding="utf-8")
        assert "CONSTRUCTED FOR TESTING" in ann, d["id"]
        assert d["text"].rstrip().endswith("in this report are invented."), d["id"]  # said in the text as well
        assert ("HELD OUT" in ann) == (d["split"] == "held-out"), d["id"]
        assert d["quotes"] and d["numbers"], d["id"]


def test_every_annotation_sits_in_the_paragraph_it_names() -> None:
    assert [p for d in DOCS for p in ev.check_annotations(d)] == []


@pytest.mark.parametrize(("split", "floors"), [("held-out", FLOORS_HELD_OUT), ("tuning", FLOORS_TUNING)])
def test_precision_and_recall_keep_their_floors(split: str, floors: dict[str, tuple[float | None, float]]) -> None:
    scores = _pooled(split)
    for kind, (p, r) in floors.items():
        s = scores[kind]
        assert s["expected"] > 0, kind
        if p is not None:
            assert s["precision"] >= p, f"{split} {kind} precision fell: {s}"
        assert s["recall"] >= r, f"{split} {kind} recall fell: {s}"


def test_the_score_falls_when_a_speaker_or_a_quote_is_wrong() -> None:
    doc = next(d for d in DOCS if d["id"] == "anonymous-exams")
    art = ev.draft_of(doc)
    good = score_annotations(art, doc)
    art["quotes"][0]["speaker"] = art["metadata"]["outlet_actor"]
    art["numbers"] = art["numbers"][1:]
    worse = score_annotations(art, doc)
    assert worse["quotes"]["correct"] == good["quotes"]["correct"] - 1
    assert worse["anonymous"]["correct"] == good["anonymous"]["correct"] - 1
    assert worse["numbers"]["recall"] < good["numbers"]["recall"]


def test_every_corpus_draft_validates_with_its_new_actor_kinds(tmp_path: Path) -> None:
    root = tmp_path / "data"
    (root / "articles").mkdir(parents=True)
    shutil.copy(data_dir() / "sources.yaml", root / "sources.yaml")
    kinds: set[str] = set()
    for d in DOCS:
        draft = build_draft(d["text"], Options(id=d["id"], outlet=d["outlet"], nature="fictional"))
        folder = write_draft(draft, root / "articles")
        problems, arts = check(folder)
        assert problems == [], (d["id"], problems[:3])
        kinds |= {a.kind for a in arts[0].actors}
        assert all(r.confidence is not None and 0 <= r.confidence <= 1 for r in arts[0].review)
    assert {"anonymous", "document"} <= kinds


def _draft(text: str) -> dict[str, Any]:
    return build_draft(text, Options(outlet="Test News")).article


def _speakers(art: dict[str, Any]) -> list[tuple[str, str, str]]:
    names = {a["id"]: (a["name"], a["kind"]) for a in art["actors"]}
    return [(q["mode"], *names[q["speaker"]]) for q in art["quotes"]]


def test_a_closing_mark_moved_after_the_verb_is_found_and_flagged() -> None:
    """Issue 19: the verb sits inside the quote and the quote's second half outside it."""
    art = _draft("Vote\n\n“We will vote against, declared Boris Vallaud” this text tomorrow in the assembly.")
    q = art["quotes"][0]
    assert _speakers(art) == [("direct", "Boris Vallaud", "person")]
    assert q["anchor"].endswith("this text tomorrow in the assembly.")  # the second half is kept
    assert art["artefacts"][0]["kind"] == "displaced_quote_marks" and art["artefacts"][0]["anchor"] == q["anchor"]
    assert next(r for r in art["review"] if r["target"] == "quotes[0].speaker")["confidence"] <= 0.5


def test_a_statement_after_a_clause_is_the_ministers_not_the_parties() -> None:
    art = _draft("Fares\n\nAfter the move angered two parties, the minister later said the rise was needed to keep it.")
    assert _speakers(art) == [("indirect", "The minister", "person")]


def test_unnamed_sources_documents_and_long_titles() -> None:
    art = _draft("Leak\n\n"
                 "An official said the plan would be dropped. A diplomat, who spoke on condition of anonymity, said "
                 "talks had stalled.\n\n"
                 "The opposition's foreign affairs critic Jane Doe said the treaty was a mistake for the country.\n\n"
                 "The motion's text reads: “The Assembly recognises the violence and calls on the government "
                 "to act.”\n\n"
                 "“Nobody will sign it,” a senior diplomat told reporters.")
    assert _speakers(art) == [("indirect", "An official", "anonymous"), ("indirect", "A diplomat", "anonymous"),
                              ("indirect", "Jane Doe", "person"), ("direct", "Motion's text", "document"),
                              ("direct", "A senior diplomat", "anonymous")]


def test_figures_in_words_and_with_qualifiers_and_what_they_count() -> None:
    art = _draft("Poll\n\nMore than a million people signed, and two in three voters backed the plan, "
                 "up from 40 percent; "
                 "fares rose by a third to £1.4m, and 1 200 homes were built. Call +44 1224 000000.")
    got = [(n["anchor"], n["value"], n["approximate"]) for n in art["numbers"]]
    assert got == [("a million people", 1000000, True), ("two in three", 0.6667, False), ("40 percent", 40, False),
                   ("a third", 0.3333, False), ("£1.4m", 1400000, False), ("1 200", 1200, False)]
    counts = [n["counts"] for n in art["numbers"]]
    assert counts[0].startswith("A number of people") and "£" not in counts[4] and "pounds" in counts[4]
    assert not any(c.startswith("The ") and "the figure counts" in c for c in counts)  # no broken sentence


def test_each_guess_has_a_confidence_and_a_reason() -> None:
    art = _draft("Council\n\n“We will open the library every day,” said Mayor Ana Lopes.\n\n“It rained all week here.”")
    assert all(set(r) == {"target", "reason", "confidence"} and r["reason"] for r in art["review"])
    conf = {r["target"]: r["confidence"] for r in art["review"]}
    assert conf["quotes[0].speaker"] > conf["quotes[1].speaker"]  # named with a verb > no attribution found


_PIECES = ["“", "”", "«", "»", "'", "‘", "’", '"', ", said ", " said ", " told ", "According to ", "Ana Lopes",
           "An official", "The motion", " he ", " she ", "Q: ", "A: ", "\n\n", "\n", ". ", ", ", "12", " 1 200",
           "£1.4m", " two ", " a third", "one in five", " 65%", "March 3, 2024", " who ", ", which ", " the council",
           "Mr. ", "Photo: ", "By ", " — ", "\u00a0", "x", "é", "the ", " and ", "spokeswoman",
           " asked not to be named"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(_PIECES) | st.text(min_size=1, max_size=6), min_size=1, max_size=60))
def test_any_text_gives_a_draft_that_validates(tmp_path_factory: pytest.TempPathFactory, pieces: list[str]) -> None:
    """Whatever the text, kit new writes a draft whose anchors are in their paragraphs and that validates."""
    text = "".join(pieces)
    if not text.strip() or any(unicodedata.category(c) == "Cc" and c not in "\n\r\t" for c in text):
        return  # refused with a message before drafting (tests/test_scaffold.py)
    root = tmp_path_factory.mktemp("any") / "data"
    (root / "articles").mkdir(parents=True)
    shutil.copy(data_dir() / "sources.yaml", root / "sources.yaml")
    folder = write_draft(build_draft(text, Options(id="any", outlet="Test News")), root / "articles")
    assert (folder / "text.txt").read_bytes() == text.encode("utf-8")
    problems, _ = check(folder)
    assert problems == [], [str(p) for p in problems[:3]]
