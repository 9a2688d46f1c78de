"""kit.comparison_views: the facts matrix, framing terms, side by side; labels, escaping, widgets."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from kit import comparison_views as cv
from kit import load_article
from kit.accounts import CONSTRUCTED_MARK, Accounts, accounts_path, load_accounts, restore_text
from kit.article import Article
from kit.display import data_table

EVIL = "<script>alert('x')</script><img src=x onerror=alert(1)> $x^2$"


@pytest.fixture(scope="module")
def art() -> Article:
    return load_article()


@pytest.fixture(scope="module")
def acc(art: Article) -> Accounts:
    return load_accounts(art)


@pytest.fixture(scope="module")
def matrix(acc: Accounts) -> cv.FactMatrix:
    return cv.fact_matrix(acc)


# ---------------------------------------------------------------- the matrix as data

def test_matrix_counts(matrix: cv.FactMatrix) -> None:
    assert len(matrix.facts) == 19 and len(matrix.accounts) == 15
    assert "rfa-restored" not in [a.id for a in matrix.accounts]
    assert matrix.counts("rfa-case-study") == {"reported": 6, "omitted": 12, "contradicted": 1, "not_seen": 0}
    assert matrix.counts("franceinfo") == {"reported": 7, "omitted": 0, "contradicted": 0, "not_seen": 12}
    assert matrix.status("rfa-case-study", "be-resolution") == "contradicted"
    assert matrix.status("sputnik", "fr-against") == "reported"
    assert matrix.status("constructed-for", "fr-vote-abstain") == "omitted"


def test_matrix_answers_the_lesson_questions(matrix: cv.FactMatrix) -> None:
    assert matrix.only_in("assemblee-record") == ("fr-legal-basis", "fr-title")
    assert [a.id for a in matrix.reporters("fr-against")] == ["sputnik", "rferl", "le-point"]
    assert [a.id for a in matrix.reporters("fr-vote-cast")] == ["rfi-vipeoples"]
    assert "rfa-case-study" not in [a.id for a in matrix.reporters("fr-vote-abstain")]


def test_matrix_summary_is_plain_text_with_every_account(matrix: cv.FactMatrix) -> None:
    lines = matrix.summary().splitlines()
    assert len(lines) == 15
    assert lines[0] == ("Radio Free Asia (the case study, as received): "
                        "reported 6, omitted 12, contradicted 1, not seen 0")


def test_matrix_include_and_unknown(acc: Accounts) -> None:
    m = cv.fact_matrix(acc, ["franceinfo", "lnc-afp"])
    assert [a.id for a in m.accounts] == ["franceinfo", "lnc-afp"]
    with pytest.raises(KeyError, match="no account 'nope'"):
        cv.fact_matrix(acc, ["nope"])


# ---------------------------------------------------------------- constructed accounts are labelled everywhere

def test_constructed_labelled_in_matrix_table_and_chart(acc: Accounts, matrix: cv.FactMatrix) -> None:
    made = [a for a in matrix.accounts if a.constructed]
    assert len(made) == 3
    table = cv.matrix_html(matrix)
    assert table.html.count("constructed for teaching") == 3
    assert all(f"{a.label} {CONSTRUCTED_MARK}" in table.text for a in made)
    chart = cv.matrix_chart(matrix)
    ticks = [t.get_text() for t in chart.ax.get_xticklabels()]  # accounts across the top
    for a, tick in zip(matrix.accounts, ticks, strict=False):
        assert ("[constructed for teaching]" in tick) == a.constructed, tick
    for a in made:
        assert a.display_label in chart.alt


def test_constructed_labelled_in_framing_chart_and_tables(acc: Accounts) -> None:
    chart = cv.framing_chart(acc, "what-it-is-called")
    ticks = [t.get_text() for t in chart.ax.get_yticklabels()]
    rows = cv.terms_for(acc, "what-it-is-called")
    assert len(ticks) == len(rows)
    for (a, *_), tick in zip(rows, ticks, strict=False):
        assert ("[constructed for teaching]" in tick) == a.constructed
    assert "so-called genocide" in chart.alt and f"Report framed against the resolution {CONSTRUCTED_MARK}" in chart.alt
    assert "constructed for teaching" in cv.terms_html(acc, "what-it-is-called").html
    assert "constructed for teaching" in cv.quotes_html(acc).html


def test_constructed_labelled_in_side_by_side_widget(acc: Accounts) -> None:
    w = cv.side_by_side(acc, "constructed-neutral", "constructed-against")
    labels = dict((i, label) for label, i in w.kit.left.options)
    for a in acc.with_text():
        assert (CONSTRUCTED_MARK in labels[a.id]) == a.constructed
    html = w.kit.output.value
    assert html.count("is constructed for teaching") == 2
    assert f"Wire-style report {CONSTRUCTED_MARK}" in html  # column heading
    assert CONSTRUCTED_MARK in w.kit.counts.value


def test_constructed_labelled_in_cards_and_reveal(acc: Accounts, art: Article, matrix: cv.FactMatrix) -> None:
    card = cv.account_html(acc.get("constructed-for"), art)
    assert "Constructed for teaching:" in card.html and "Constructed for teaching:" in card.text
    assert "Constructed for teaching" not in cv.account_html(acc.get("franceinfo"), art).html
    reveal = cv.prediction_feedback(matrix, "fr-vote-abstain", [])
    assert reveal.html.count("constructed for teaching") == 3
    explorer = cv.account_explorer(acc, art, "constructed-against")
    assert "Constructed for teaching:" in explorer.kit.view.value


# ---------------------------------------------------------------- charts: alt text, no colour alone

def test_matrix_chart_alt_text_states_the_numbers(matrix: cv.FactMatrix) -> None:
    chart = cv.matrix_chart(matrix)
    assert chart.alt.startswith("Grid of 15 accounts (rows) by 19 facts (columns).")
    assert "Radio Free Asia (the case study, as received): reports 6, omits 12, contradicts 1, not seen 0." in chart.alt
    assert repr(chart) == chart.alt and chart.png().startswith(b"\x89PNG")
    hatches = {p.get_hatch() for p in chart.ax.patches}
    assert {"//", "xx", ".."} <= hatches  # not colour alone
    signs = {t.get_text() for t in chart.ax.texts}
    assert {"✓", "–", "✗", "?"} <= signs
    case_study = next(a for a in matrix.accounts if a.id == "rfa-case-study")
    rows = chart.data["accounts"]
    assert len(rows) == len(matrix.accounts)  # one row per account, even when two share a label
    row = next(r for r in rows if r["account"] == case_study.display_label)  # named as students read it
    assert row["contradicted"] == 1
    assert "<td" in data_table(chart.data) and case_study.display_label in data_table(chart.data)


def test_framing_chart_unknown_concept(acc: Accounts) -> None:
    with pytest.raises(KeyError, match="the concepts are: what-it-is-called"):
        cv.framing_chart(acc, "nope")


# ---------------------------------------------------------------- side by side

def test_side_by_side_starts_on_the_restoration_and_counts(acc: Accounts, art: Article) -> None:
    w = cv.side_by_side(acc)
    assert (w.kit.left.value, w.kit.right.value) == ("rfa-case-study", "rfa-restored")
    d = cv.compare_accounts(acc, "rfa-case-study", "rfa-restored")
    assert d.summary() in w.kit.counts.value
    assert d.counts == {"replace": 20, "insert": 2, "delete": 2}
    assert "[~a-]" in w.kit.output.value or "[~a- he declared]" in w.kit.output.value.replace("\n", " ")
    assert "<del" in w.kit.output.value and "<ins" in w.kit.output.value


def test_side_by_side_reacts_to_choices(acc: Accounts) -> None:
    w = cv.side_by_side(acc)
    w.kit.left.value = "franceinfo"
    w.kit.right.value = "lnc-afp"
    assert "1 substitution, 0 insertions, 0 deletions" in w.kit.counts.value
    assert "quasi-unanimité" in w.kit.output.value and "quasi unanimité" in w.kit.output.value
    assert "only a short passage is in the data" in w.kit.output.value
    w.kit.view.value = "inline"
    assert "kit-diff-inline" in w.kit.output.value
    w.kit.right.value = "franceinfo"
    assert "0 substitutions, 0 insertions, 0 deletions" in w.kit.counts.value
    assert w.kit.error.value == ""


def test_side_by_side_shows_errors_instead_of_raising(acc: Accounts, monkeypatch: pytest.MonkeyPatch) -> None:
    w = cv.side_by_side(acc)

    def broken(*_: Any, **__: Any) -> Any:
        raise RuntimeError("<b>boom</b>")

    monkeypatch.setattr(cv, "comparison_html", broken)
    w.kit.right.value = "constructed-for"
    assert "Something went wrong" in w.kit.error.value and "&lt;b&gt;boom" in w.kit.error.value


def test_compare_accounts_needs_text() -> None:
    from kit.accounts import Account

    empty = Account("x", "X", "news_report", False, "en", "excerpt", (), source="s")
    full = Account("y", "Y", "constructed", True, "en", "full_text", (), text="words", construction_note="n")
    accounts = Accounts("a", (), (), (empty, full))
    with pytest.raises(ValueError, match="X has no text or passage"):
        cv.compare_accounts(accounts, "x", "y")


def test_restored_changes_table(art: Article) -> None:
    view = cv.restored_changes_html(art)
    assert ("p6 (untranslated residue): a- he declared -> [he said] (a guess by the project: the outlet's wording "
            "here was not seen)") in view.text.splitlines()
    # one line per confirmed artefact, plus the constructed label
    assert len(view.text.splitlines()) == 1 + len([a for a in art.artefacts if a.certainty == "confirmed"])
    assert restore_text(art).count("he said") >= 1


# ---------------------------------------------------------------- prediction widgets

def test_prediction_feedback_and_widget(matrix: cv.FactMatrix) -> None:
    fb = cv.prediction_feedback(matrix, "fr-against", ["sputnik", "franceinfo", "no-such-id"])
    assert fb.text.splitlines()[0] == ("You picked 2; 3 account(s) report “who voted against”. "
                                       "Right: 1, missed: 2, picked but not reporting: 1.")
    assert "franceinfo (with AFP): not seen (only part was available) (not in the part that was seen)" in fb.text
    w = cv.predict_reporters(matrix, "fr-vote-cast")
    assert "Reveal" in w.kit.view.value
    w.kit.guess.value = ("rfi-vipeoples",)
    w.kit.reveal.click()
    assert "Right: 1, missed: 0" in w.kit.view.value
    w.kit.fact.value = "fr-title"
    assert "Tick your guess" in w.kit.view.value


def test_framing_explorer_switches(acc: Accounts) -> None:
    w = cv.framing_explorer(acc)
    assert "persecution" in w.kit.table.value
    w.kit.concept.value = "the-deputy-against"
    assert "Buon Tan" in w.kit.table.value and "<img" in w.kit.chart.value and w.kit.error.value == ""


def test_record_card(acc: Accounts, art: Article) -> None:
    rec = cv.record_html(acc, art)
    assert art.fact("fr-title").value in rec.text
    assert "Recital: Vu l'article 34‑1 de la Constitution," in rec.text
    assert "not in the Assemblée's own vote page" in rec.html


# ---------------------------------------------------------------- hostile data renders as plain text everywhere

@pytest.fixture(scope="module")
def evil(art: Article, tmp_path_factory: pytest.TempPathFactory) -> Accounts:
    doc = yaml.safe_load(accounts_path(art).read_text(encoding="utf-8"))
    doc["compared_facts"][0]["label"] = "<b>date</b> & <i>time</i>"
    doc["concepts"][0]["label"] = EVIL
    doc["concepts"][0]["note"] = EVIL
    for a in doc["accounts"]:
        a["label"] = ("<script>alert(1)</script> " + a["label"])[:80]
        a["note"] = EVIL
        if "passage" in a:
            a["passage"]["text"] = EVIL
        for q in a.get("quotes", []):
            q["who"] = EVIL
        if a["kind"] == "constructed":
            a["construction_note"] = EVIL
            a["text"] = a["text"] + " " + EVIL
            a["terms"].append({"concept": doc["concepts"][0]["id"], "term": EVIL, "voice": "quoted", "speaker": EVIL})
    path = tmp_path_factory.mktemp("evil") / "accounts.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_accounts(art, path)


def _safe(html: str) -> None:
    assert "<script" not in html.lower()
    assert "<img src=x" not in html and "onerror=alert(1)>" not in html
    assert "<b>date" not in html


def test_hostile_text_is_escaped_in_every_html_view(evil: Accounts, art: Article) -> None:
    m = cv.fact_matrix(evil)
    concept = evil.concepts[0].id
    views = [cv.matrix_html(m).html, cv.quotes_html(evil).html, cv.terms_html(evil, concept).html,
             cv.record_html(evil, art).html, cv.prediction_feedback(m, m.facts[0][0], [m.accounts[0].id]).html]
    views += [cv.account_html(a, art).html for a in evil.accounts]
    views += [cv.comparison_html(evil, "constructed-neutral", "constructed-against", v).html
              for v in ("columns", "inline")]
    views += [cv.comparison_html(evil, "franceinfo", "constructed-for").html]
    for html in views:
        _safe(html)
    joined = "".join(views)
    assert "&lt;script&gt;" in joined and "&lt;img src=x onerror=alert(1)&gt;" in joined
    assert "&lt;b&gt;date&lt;/b&gt; &amp; &lt;i&gt;time&lt;/i&gt;" in joined


def test_hostile_text_is_escaped_in_every_widget(evil: Accounts, art: Article) -> None:
    m = cv.fact_matrix(evil)
    widgets = [cv.side_by_side(evil, "constructed-neutral", "constructed-for"), cv.account_explorer(evil, art),
               cv.framing_explorer(evil), cv.predict_reporters(m)]
    widgets[-1].kit.guess.value = (m.accounts[0].id,)
    widgets[-1].kit.reveal.click()
    for w in widgets:
        for part in vars(w.kit).values():
            value = getattr(part, "value", None)
            if isinstance(value, str):
                _safe(value)
        assert w.kit.error.value == ""
    # dropdown labels are plain text (ipywidgets shows them as text, not HTML)
    assert widgets[0].kit.left.options[0][0].startswith("<script>alert(1)</script>")


def test_hostile_text_is_plain_text_in_charts(evil: Accounts) -> None:
    m = cv.fact_matrix(evil)
    for chart in (cv.matrix_chart(m), cv.framing_chart(evil, evil.concepts[0].id)):
        assert chart.png().startswith(b"\x89PNG")  # "$x^2$" is not parsed as mathematics
        labels = [t.get_text() for t in chart.ax.get_xticklabels() + chart.ax.get_yticklabels()]
        assert any(label.startswith("<script>alert(1)</script>") for label in labels)
        _safe(chart.html().replace(chart.alt, ""))
        assert "&lt;script&gt;" in chart.html()
    framing = cv.framing_chart(evil, evil.concepts[0].id)
    assert EVIL in framing.alt and all(not t.get_parse_math() for t in framing.ax.texts)


# ---------------------------------------------------------------- exercise answers recomputed from the data

def _options(exercise_id: str) -> dict[str, bool]:
    from kit.exercises import get_exercise

    return {o.id: o.correct for o in get_exercise(exercise_id).options}


def test_ex09_answers_follow_the_matrix(matrix: cv.FactMatrix) -> None:
    from kit.exercises import get_exercise

    assert get_exercise("ex09-who-names-him").answer == len(matrix.reporters("fr-against"))
    accounts = {"a": "rfa-case-study", "b": "franceinfo", "c": "lnc-afp", "d": "sputnik", "e": "rferl"}
    assert _options("ex09-abstentions") == {k: matrix.status(v, "fr-vote-abstain") == "reported"
                                            for k, v in accounts.items()}
    assert matrix.status("franceinfo", "fr-against") == "not_seen"  # ex09-not-seen's premise
    only = set(matrix.only_in("assemblee-record"))
    facts = {"a": "fr-legal-basis", "b": "fr-title", "c": "fr-vote-for", "d": "fr-vote-date"}
    assert _options("ex09-only-record") == {k: v in only for k, v in facts.items()}


def test_ex10_answers_follow_the_texts(acc: Accounts, art: Article) -> None:
    from kit.accounts import restorations
    from kit.exercises import get_exercise

    subs = get_exercise("ex10-substitutions")
    assert subs.answer == cv.compare_accounts(acc, "rfa-case-study", "rfa-restored").counts["replace"]
    assert subs.mistakes[0].value == len(restorations(art))
    he_said = get_exercise("ex10-he-said")
    assert [o.text for o in he_said.options if o.correct] == [art.get("a-he-declared").likely_original]
    assert art.get("a-forced-labor-order").likely_original == "labor forced"
    neutral, framed_for = acc.get("constructed-neutral"), acc.get("constructed-for")
    facts = {"a": "fr-vote-abstain", "b": "fr-non-binding", "c": "fr-vote-voting", "d": "fr-author"}
    assert _options("ex10-left-out") == {
        k: neutral.status(v) == "reported" and framed_for.status(v) == "omitted" for k, v in facts.items()}
    against = acc.get("constructed-against").text
    assert "so-called genocide" in against and "pushed by opposition Socialist deputy" in against
    assert "tabled by Socialist deputy" in neutral.text and "crimes against humanity and genocide" in neutral.text
    assert against.startswith(f"PARIS, {fill_date(art)} – Only")


def fill_date(art: Article) -> str:
    from kit.accounts import fill

    return fill("{fr-vote-date:date}", art)
