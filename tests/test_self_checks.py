"""Self-checks that check (issue 15): students work the answer out instead of reading it off the page.

- the answer-leak test: every lesson runs top to bottom (Run All) and no self-check's answer (its
  number, a right option's text, a run of its model answer) shows in any output before the check;
- the no-spoiler test: after Run All, nothing a "show" button or a hunt holds is on the page;
- the option-position test: the data spreads its right options over positions, and each student
  sees the options in an order of their own, stable across restarts;
- the keyword-answer test: a text answer is never marked right or solved, in either edition.
"""

from __future__ import annotations

import collections
import os
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from kit import load_article
from kit.display import escape as escape_html
from kit.editions import seal_exercise
from kit.exercises import _build, exercise, exercises_dir, judge, load_exercises, option_order, show_after
from kit.progress import ProgressStore, student_id

from answer_leaks import fold, leaks, number_leak, option_leak
from lesson_run import NOTEBOOKS, ROOT, CellRun, cell_runs, execute, save, widget_state

ALL = load_exercises()
LESSONS = sorted(p.name for p in NOTEBOOKS.glob("[01][0-9]-*.ipynb") if p.name[:2] <= "10")
_EXECUTED: dict[str, Any] = {}  # one Run All per lesson (in a kernel), read by every test below


@pytest.fixture(scope="module", autouse=True)
def _own_progress(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Kernels started here keep their progress in a temporary folder, never in $HOME."""
    old = os.environ.get("KIT_PROGRESS_DIR")
    os.environ["KIT_PROGRESS_DIR"] = str(tmp_path_factory.mktemp("progress"))
    yield
    if old is None:
        os.environ.pop("KIT_PROGRESS_DIR", None)
    else:
        os.environ["KIT_PROGRESS_DIR"] = old


def _executed(name: str) -> Any:
    if name not in _EXECUTED:
        _EXECUTED[name] = execute(NOTEBOOKS / name)
        save(cell_runs(_EXECUTED[name]), ROOT / "test-artifacts" / "run-all" / (name + ".json"))
    return _EXECUTED[name]


def _run(name: str) -> list[CellRun]:
    return cell_runs(_executed(name))


# ------------------------------------------------------------------------------------ answer leaks

@pytest.mark.parametrize("name", LESSONS)
def test_no_answer_shows_before_its_check(name: str) -> None:
    """Run All, then for each self-check: none of the outputs above it gives its answer."""
    before: list[tuple[int, str]] = []
    found = []
    checks = 0
    for cell in _run(name):
        for ex_id in cell.exercises:
            checks += 1
            for index, text in before:
                for leak in leaks(ALL[ex_id], [text]):
                    found.append(f"{ex_id}: cell {index} shows {leak!r}")
        before += [(cell.index, t) for t in cell.texts]
    assert checks or name.startswith("00"), f"{name} calls no self-check"
    assert not found, "\n".join(found)


def test_the_leak_detector_finds_what_issue_15_found() -> None:
    """The detector is not blind: the outputs that used to sit above the checks are leaks."""
    reyhan, share, absent = ALL["ex02-reyhan-quotes"], ALL["ex02-outlet-share"], ALL["ex02-absent"]
    assert number_leak(reyhan, "Dilnur Reyhan: 4 (2 direct, 2 indirect) Boris Vallaud: 2 (2 direct, 0 indirect)")
    assert number_leak(share, "The outlet's own voice (Radio Free Asia): 639 words (70.5%)")
    assert not number_leak(share, "The outlet's own voice (Radio Free Asia): 639 words")
    assert not number_leak(reyhan, "paragraph 4 quotes her")
    assert number_leak(ALL["ex03-abstentions"], "completes: Five deputies abstained.")
    assert option_leak(absent, ["Missing: Buon Tan (deputy), Franck Riester (minister), Alain David (deputy)"])
    assert not option_leak(absent, ["Buon Tan, Franck Riester, Alain David, Dolkun Isa, The Chinese Embassy in France"])
    model = ALL["ex03-leaves-out"].model_answer
    assert leaks(ALL["ex03-leaves-out"], [f"Summary: {model}"])


# ------------------------------------------------------------------------------------ no spoilers

def _show_after_outputs(name: str) -> list[str]:
    """The text each "show" button holds after Run All (it must be empty: nobody pressed it), read
    from the widget state of the lesson's one Run All (the answer-leak test reads the same run)."""
    state = widget_state(_executed(name))
    held = []
    for model in state.values():
        st = model.get("state", {})
        if "kit-show-after" in st.get("_dom_classes", []):
            out_ref = st["children"][1][len("IPY_MODEL_"):]
            held.append(str(state[out_ref]["state"].get("outputs", [])))
    return held


def test_run_all_reveals_nothing_before_the_hunt() -> None:
    """05: the artefacts (what the hunt reveals) are nowhere on the page after Run All."""
    art = load_article()
    signs = [fold(a.explanation)[:50] for a in art.artefacts]
    signs += [fold(a.likely_original) for a in art.artefacts
              if isinstance(a.likely_original, str) and len(a.likely_original) > 8]
    shown = [(c.index, s) for c in _run("05-translation-and-provenance.ipynb") for t in c.texts for s in signs
             if s in fold(t)]
    assert not shown, shown


def test_run_all_reveals_nothing_before_the_prediction() -> None:
    """09: which accounts give the abstentions is revealed by the widget only, not by the matrix below it."""
    from kit.accounts import load_accounts
    from kit.comparison_views import fact_matrix

    matrix = fact_matrix(load_accounts(load_article()))
    lines = [fold(x) for x in matrix.summary().splitlines() if len(x) > 30]
    shown = [(c.index, x) for c in _run("09-one-event-many-accounts.ipynb") for t in c.texts for x in lines
             if x in fold(t)]
    assert lines and not shown, shown


@pytest.mark.parametrize("name", ["05-translation-and-provenance.ipynb", "09-one-event-many-accounts.ipynb",
                                  "02-who-is-speaking.ipynb"])
def test_every_show_button_is_still_closed_after_run_all(name: str) -> None:
    held = _show_after_outputs(name)
    assert held and all(h == "[]" for h in held), held


def test_a_show_button_opens_only_after_the_self_check(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path)
    box = show_after("Show the counts", lambda: "Dilnur Reyhan: 4", after=["ex02-reyhan-quotes"], store=store)
    w = box.kit
    w.button.click()
    assert w.out.outputs == () and "Not yet" in w.note.value
    ex = exercise("ex02-reyhan-quotes", store=store).kit
    ex.input.value = "3"
    ex.check_button.click()
    w.button.click()
    assert "Dilnur Reyhan: 4" in str(w.out.outputs) and w.button.disabled


# ------------------------------------------------------------------------------------ option positions

def test_the_data_spreads_right_options_over_positions() -> None:
    positions: collections.Counter[int] = collections.Counter()
    for ex in ALL.values():
        if ex.options:
            positions.update(i for i, o in enumerate(ex.options) if o.correct)
    total = sum(positions.values())
    assert total >= 40
    assert max(positions.values()) <= total / 2, positions
    firsts = [e.id for e in ALL.values() if e.options and all(o.correct for o in e.options[:len(e.correct_options)])]
    assert len(firsts) <= len([e for e in ALL.values() if e.options]) / 3, firsts


def test_no_student_sees_the_right_option_always_first() -> None:
    seeds = [f"{i:016x}" for i in range(24)]
    for ex in ALL.values():
        if not ex.options:
            continue
        orders = [option_order(ex, s) for s in seeds]
        assert any(not o[0].correct for o in orders), ex.id
        assert len({tuple(x.id for x in o) for o in orders}) > 1, ex.id
        assert all(sorted(o, key=lambda x: x.id) == sorted(ex.options, key=lambda x: x.id) for o in orders)


def test_the_order_is_the_students_own_and_survives_a_restart(tmp_path: Path) -> None:
    a, b = ProgressStore(tmp_path / "a"), ProgressStore(tmp_path / "b")
    ex_id = "ex02-absent"
    first = [cb.description for cb in exercise(ex_id, store=a).kit.checkboxes]
    again = [cb.description for cb in exercise(ex_id, store=ProgressStore(tmp_path / "a")).kit.checkboxes]
    assert first == again and student_id(tmp_path / "a") == student_id(tmp_path / "a")
    others = {tuple(cb.description for cb in exercise(ex_id, store=ProgressStore(tmp_path / f"s{i}")).kit.checkboxes)
              for i in range(8)}
    assert len(others | {tuple(first)}) > 1
    assert exercise(ex_id, store=b).kit.options[0] in ALL[ex_id].options


def test_the_sealed_edition_accepts_the_right_options_in_any_order(tmp_path: Path) -> None:
    for ex in [e for e in ALL.values() if e.type == "multiple"][:3]:
        sealed = _sealed(ex.id)
        right = [o.id for o in ex.correct_options]
        assert judge(sealed, right[::-1]).correct is True
        w = exercise(ex.id, store=ProgressStore(tmp_path), exercises={ex.id: sealed}).kit
        for o, cb in zip(w.options, w.checkboxes, strict=True):
            cb.value = o.id in right
        w.check_button.click()
        assert "✔ Right." in w.feedback.value


def test_show_answer_after_a_right_answer_in_the_sealed_edition_says_so(tmp_path: Path) -> None:
    ex = next(e for e in ALL.values() if e.type == "multiple")
    sealed = _sealed(ex.id)
    w = exercise(ex.id, store=ProgressStore(tmp_path), exercises={ex.id: sealed}).kit
    w.answer_button.click()
    assert "try again" in w.answer.value  # not solved yet: nothing to show in the student edition
    right = [o.id for o in ex.correct_options]
    for o, cb in zip(w.options, w.checkboxes, strict=True):
        cb.value = o.id in right
    w.check_button.click()
    w.answer_button.click()
    assert "you have answered this one right" in w.answer.value and "try again" not in w.answer.value


# ------------------------------------------------------------------------------------ keyword answers

def _raw(ex_id: str) -> dict[str, Any]:
    for path in sorted(exercises_dir().glob("*.yaml")):
        for d in yaml.safe_load(path.read_text(encoding="utf-8"))["exercises"]:
            if d["id"] == ex_id:
                return dict(d)
    raise KeyError(ex_id)


def _sealed(ex_id: str) -> Any:
    d = seal_exercise(_raw(ex_id), salt="ab" * 8)
    return _build(d, ALL[ex_id].notebook, "student.yaml")


KEYWORD_ANSWERS = [
    ("ex01-why-headline", "senate lower house only"),
    ("ex02-missing-voice", "Buon Tan because"),
    ("ex03-leaves-out", "abstain only"),
    ("ex03-leaves-out", "abstain 577"),
    ("ex04-stain-vs-lies", "outlet embassy"),
    ("ex09-distance", "quotation marks so-called"),
]


@pytest.mark.parametrize("ex_id, answer", KEYWORD_ANSWERS)
def test_keywords_alone_are_never_solved(ex_id: str, answer: str, tmp_path: Path) -> None:
    for ex in (ALL[ex_id], _sealed(ex_id)):
        fb = judge(ex, answer)
        assert fb.correct is None and fb.kind == "note" and "whole sentence" in fb.message
        store = ProgressStore(tmp_path / ("s" if ex.sealed else "p"))
        w = exercise(ex_id, store=store, exercises={ex_id: ex}).kit
        w.input.value = answer
        w.check_button.click()
        assert "Right" not in w.feedback.value and not store.get(ex_id).get("solved")


@pytest.mark.parametrize("ex_id", sorted(e.id for e in ALL.values() if e.type == "text"))
def test_a_text_answer_is_compared_never_marked(ex_id: str, tmp_path: Path) -> None:
    """Even every keyword in a sentence is not "Right": the check says what it sees and asks to compare."""
    full = ALL[ex_id]
    stuffed = "My answer is that " + " and ".join(g.keywords[0] for g in full.rubric) + " matter here."
    for ex in (full, _sealed(ex_id)):
        fb = judge(ex, stuffed)
        assert fb.correct is None and fb.kind == "compare"
        assert fb.message.startswith("The check can see that your answer " + "; ".join(g.point for g in full.rubric))
        assert "compare it with the model answer" in fb.message and full.model_answer in fb.message
        half = judge(ex, "In my view " + full.rubric[0].keywords[0] + ", full stop, nothing more.")
        assert f"What it cannot see yet: {' '.join(g.missing for g in full.rubric[1:])}" in half.message
        store = ProgressStore(tmp_path / ex_id / ("s" if ex.sealed else "p"))
        w = exercise(ex_id, store=store, exercises={ex_id: ex}).kit
        w.input.value = stuffed
        w.check_button.click()
        assert "✎ Compare." in w.feedback.value and "solved" not in w.status.value
        w.covers_button.click()
        rec = store.get(ex_id)
        assert rec["self_assessed"] == "covers" and not rec.get("solved") and not rec.get("attempts")


def test_every_text_exercise_has_a_point_per_rubric_idea() -> None:
    for ex in ALL.values():
        if ex.type == "text":
            assert ex.rubric and all(g.point for g in ex.rubric), ex.id


def test_each_strand_ends_with_a_transfer_task_on_constructed_material() -> None:
    import nbformat

    for nb_name, ex_id in [("05-translation-and-provenance", "ex05-transfer"),
                           ("08-parliaments-compared", "ex08-transfer"), ("10-side-by-side", "ex10-transfer")]:
        ex = ALL[ex_id]
        assert ex.type == "text" and ex.constructed and "constructed" in ex.prompt and len(ex.rubric) >= 2
        nb = nbformat.read(NOTEBOOKS / f"{nb_name}.ipynb", as_version=4)
        calls = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and "exercise(" in c.source]
        assert f'exercise("{ex_id}")' in nb.cells[calls[-1]].source, nb_name  # the last self-check of the strand
        assert any("constructed" in c.source and "Transfer" in c.source for c in nb.cells if c.cell_type == "markdown")


# ------------------------------------------------------------------------------------ glosses

_FRENCH = re.compile(r"(\b(le|la|les|des|du|une|est|été|pour|contre|dans|avec|qui|que|sur|au|aux|vu|voir|"
                                   r"dont|ont|ce|cette|il|en|et)\b|\bl'|\bd'|\bqu'|à|é|è|ê|ç)", re.I)
_ENGLISH = re.compile(r"\b(the|and|of|to|in|was|but|by)\b")


def test_every_non_english_quote_has_an_english_gloss() -> None:
    art = load_article()
    cites = [c for f in art.facts for c in f.sources] + [c for a in art.acts for c in a.sources]
    french = [c for c in cites if c.quote and _FRENCH.search(c.quote) and not _ENGLISH.search(c.quote)]
    assert len(french) > 40  # the detector sees them
    assert [c.quote for c in french if not c.gloss] == []


def test_the_lessons_show_the_gloss_next_to_the_quote() -> None:
    """06 quotes 'sans portée contraignante': the page gives the English next to it."""
    texts = [t for c in _run("06-what-the-assembly-did.ipynb") for t in c.texts]
    with_quote = [t for t in texts if "sans portée contraignante" in t]
    assert with_quote and all("English, the kit's gloss: without binding force" in t for t in with_quote)


_NAME = re.compile(r"[A-Z][\w'-]*( [A-Z][\w'-]*)*")  # a name alone ("Buon Tan") needs no gloss


def _account_words(a: Any) -> list[tuple[str, str, str]]:
    """(field, words, gloss) for every piece of an account's own language a lesson shows."""
    return ([("passage", a.passage, a.passage_gloss)] if a.passage else []) \
        + [("recitals", r, g) for r, g in zip(a.recitals, a.recital_glosses, strict=True)] \
        + [("facts.as", f.as_, f.gloss) for f in a.facts if f.as_] \
        + [("quotes.words", q.words, q.gloss) for q in a.quotes if q.words] \
        + [("terms.term", t.term, t.gloss) for t in a.terms] \
        + [("terms.speaker", t.speaker, t.speaker_gloss) for t in a.terms if t.speaker]


def test_every_non_english_account_text_has_an_english_gloss() -> None:
    """Lessons 09 and 10 show the French accounts' passages, recitals, words, terms and speakers."""
    from kit.accounts import load_accounts

    foreign = [(a.id, field, words, gloss) for a in load_accounts(load_article()).accounts if a.language != "en"
               for field, words, gloss in _account_words(a) if not _NAME.fullmatch(words)]
    assert len(foreign) > 50  # the French accounts are there
    assert [(i, field, words) for i, field, words, gloss in foreign if not gloss] == []
    assert [w for *_, w, g in foreign if g == w and _FRENCH.search(w)] == []  # a gloss is English, not a copy


def test_the_account_views_show_every_gloss() -> None:
    from kit.accounts import load_accounts
    from kit.comparison_views import account_html, comparison_html, quotes_html, record_html, terms_html

    art = load_article()
    accounts = load_accounts(art)
    label = "English, the kit's gloss: "
    for a in accounts.accounts:
        if a.language == "en":
            continue
        card = account_html(a, art)
        for field, words, gloss in _account_words(a):
            if field in ("passage", "facts.as") and gloss:
                assert label + gloss in card.text and label + escape_html(gloss) in card.html, (a.id, words)
    record = record_html(accounts, art)
    rec = accounts.get("assemblee-record")
    for gloss in (*rec.recital_glosses, rec.passage_gloss):
        assert gloss and label + escape_html(gloss) in record.html and label + gloss in record.text
    assert label + escape_html("Resolution on the recognition") in record.html  # the title's gloss
    quotes = quotes_html(accounts)
    terms = [terms_html(accounts, c.id) for c in accounts.concepts]
    for a in accounts.accounts:
        for q in a.quotes:
            if q.gloss:
                assert label + escape_html(q.gloss) in quotes.html and label + q.gloss in quotes.text
        for t in a.terms:
            for gloss in (t.gloss, t.speaker_gloss):
                if gloss:
                    assert any(label + escape_html(gloss) in v.html and label + gloss in v.text for v in terms), gloss
    side = comparison_html(accounts, "franceinfo", "lnc-afp", "inline")
    assert label + escape_html("was adopted almost unanimously") in side.html


def test_the_lessons_show_the_accounts_glosses() -> None:
    texts09 = " ".join(t for c in _run("09-one-event-many-accounts.ipynb") for t in c.texts)
    texts10 = " ".join(t for c in _run("10-side-by-side.ipynb") for t in c.texts)
    assert "English, the kit's gloss: Having regard to Article 34-1 of the Constitution," in texts09  # record_html
    assert "English, the kit's gloss: I appreciate the gravity of the subject" in texts09  # quotes_html
    assert "English, the kit's gloss: was adopted almost unanimously" in texts10  # comparison_html
