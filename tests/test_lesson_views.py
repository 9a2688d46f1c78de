"""The media-literacy lessons' views (kit.views, notebooks 01-05) and their counts (kit.counting): pure
functions, charts with alt text, widgets driven headless, escaping."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kit import counting
from kit.display import SEQUENCE, Chart, escape
from kit.loader import load_article
from kit.views import anatomy, base, claims, framing, provenance, shared, voices

ART = load_article()
ROOT = Path(__file__).resolve().parents[1]
EVIL = "<script>alert('x')</script>"


def hostile_article():  # type: ignore[no-untyped-def]
    """The case study with markup planted in a paragraph, an actor's name, a fact and a source."""
    paras = tuple(dataclasses.replace(p, text=EVIL + " " + p.text) if p.id in ("p5", "p13", "p6", "p2") else p
                  for p in ART.paragraphs)
    actors = tuple(dataclasses.replace(a, name=EVIL + a.name) if a.id == "boris-vallaud" else a for a in ART.actors)
    facts = tuple(dataclasses.replace(f, statement=EVIL + f.statement) if f.id == "fr-vote-abstain" else f
                  for f in ART.facts)
    sources = dict(ART.sources)
    sources["franceinfo-2022-01-20"] = dataclasses.replace(sources["franceinfo-2022-01-20"], title=EVIL,
                                                           url="javascript:alert(1)")
    return dataclasses.replace(ART, paragraphs=paras, actors=actors, facts=facts, sources=sources)


# ------------------------------------------------------------------------------------ imports

LESSONS = ("anatomy", "voices", "claims", "framing", "provenance")


def test_importing_the_views_does_not_load_matplotlib_or_widgets() -> None:
    modules = ", ".join(f"kit.views.{name}" for name in LESSONS)
    code = f"import sys, {modules}, kit.exercises; print('matplotlib' in sys.modules, 'ipywidgets' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.split() == ["False", "False"]


@pytest.mark.parametrize("lesson", LESSONS)
def test_opening_one_lesson_loads_only_its_own_views(lesson: str) -> None:
    code = (f"import sys, kit.views.{lesson}; "
            "print(' '.join(sorted(m for m in sys.modules if m.startswith('kit.views.'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    loaded = set(out.stdout.split())
    assert f"kit.views.{lesson}" in loaded
    assert not loaded & {f"kit.views.{other}" for other in LESSONS if other != lesson}, loaded


def test_the_counts_show_nothing() -> None:
    """kit.counting is analyses (layer 2): it imports no display, view or widget module."""
    import ast

    tree = ast.parse((ROOT / "kit" / "counting.py").read_text(encoding="utf-8"))
    imported = {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {a.name for node in ast.walk(tree) if isinstance(node, ast.Import) for a in node.names}
    assert not {m for m in imported if m.lstrip(".").split(".")[0] in ("display", "views", "ipywidgets", "matplotlib",
                                                                       "chartcache", "choose")}, imported


def test_the_labels_follow_the_counts_keys() -> None:
    assert tuple(base.ASSESSMENTS) == counting.ASSESSMENT_KEYS
    assert tuple(base.FRAMING_CATEGORIES) == counting.FRAMING_PLACES


# ------------------------------------------------------------------------------------ 01 anatomy

def test_role_counts_cover_every_paragraph() -> None:
    counts = counting.role_counts(ART)
    assert sum(counts.values()) == len(ART.paragraphs)
    assert sum(counting.words_by_role(ART).values()) == sum(len(p.text.split()) for p in ART.paragraphs)
    assert anatomy.role_summary(ART).splitlines()[0] == f"lede: 1 paragraph, {len(ART.paragraph(1).text.split())} words"


def test_paragraph_explorer_headless() -> None:
    box = anatomy.paragraph_explorer(ART)
    k = box.kit
    assert k.view.value.count('class="kit-paragraph"') == len(ART.paragraphs)
    assert "lede (the opening summary)" in k.legend.value
    k.role.value = "caption"
    assert k.view.value.count('class="kit-paragraph"') == counting.role_counts(ART)["caption"]
    k.role.value = ""
    for kind in anatomy.KIND_LABELS:
        k.colour_by.value = kind
        n = len(getattr(ART, kind))
        assert k.view.value.count("<mark") >= n, kind
        assert f"[{n}]" in k.view.value, kind
        assert k.error.value == ""


def test_paragraphs_html_refuses_an_unknown_kind_with_the_choices() -> None:
    with pytest.raises(ValueError, match="choose role or one of: quotes, claims"):
        anatomy.paragraphs_html(ART, "quotez")


def test_search_finds_headline_and_body() -> None:
    hits = counting.find_in_text(ART, "PARLIAMENT")
    assert hits[0].part == "headline"
    assert {h.part for h in counting.find_in_text(ART, "lower house")} == {"p3", "p15"}
    box = shared.text_search(ART, "lower house")
    assert "2 occurrences in 2 parts" in box.kit.view.value
    for junk in ("", "   ", "x" * 10_000, EVIL, "🙂", "’"):
        box.kit.input.value = junk
        assert box.kit.error.value == ""
        assert "<script>" not in box.kit.view.value


def test_search_ignores_curly_quotes_and_case() -> None:
    assert [h.part for h in counting.find_in_text(ART, "china's persecution")] == ["p1", "p7"]


def test_anatomy_chart_states_its_numbers() -> None:
    chart = anatomy.anatomy_chart(ART)
    assert isinstance(chart, Chart)
    for role, n in counting.role_counts(ART).items():
        assert f"{anatomy.ROLE_LABELS[role].split(' (')[0]} {n} (" in chart.alt
    assert chart.data["paragraphs"] == counting.role_counts(ART)


# ------------------------------------------------------------------------------------ 02 voices

def test_quote_table_filters_by_speaker_and_mode() -> None:
    box = voices.quote_table(ART)
    k = box.kit
    assert f"<b>{len(ART.quotes)}</b> quotes shown" in k.count.value
    k.speaker.value = "dilnur-reyhan"
    assert f"<b>{len(ART.quotes_by('dilnur-reyhan'))}</b> quotes shown" in k.count.value
    k.mode.value = "direct"
    direct = [q for q in ART.quotes_by("dilnur-reyhan") if q.mode == "direct"]
    assert f"<b>{len(direct)}</b> quote" in k.count.value
    assert k.view.value.count("<tr>") == len(direct) + 1
    k.speaker.value = "chinese-government"
    assert "No quotes match." in k.view.value and "<b>0</b> quotes shown" in k.count.value


def test_quotes_per_speaker_adds_up() -> None:
    per = counting.quotes_per_speaker(ART)
    assert sum(v["total"] for v in per.values()) == len(ART.quotes)
    assert all(v["direct"] + v["indirect"] == v["total"] for v in per.values())
    first = voices.quote_summary(ART).splitlines()[0]
    assert first.startswith(max(per, key=lambda n: per[n]["total"]))


def test_share_of_voice_chart_uses_the_data_and_says_it() -> None:
    chart = voices.share_of_voice_chart(ART)
    words = ART.words_by_group()
    total = sum(len(p.text.split()) for p in ART.paragraphs)
    assert sum(chart.data.values()) == total
    for group, n in words.items():
        assert chart.data[group] == n and f"{n} words" in chart.alt
    assert "Researchers" in chart.alt, "a family of voices the report leaves out is shown with 0 words"
    bars = [p for p in chart.ax.patches]
    palette = {tuple(int(c[i:i + 2], 16) / 255 for i in (1, 3, 5)) for c in SEQUENCE}
    assert {p.get_facecolor()[:3] for p in bars} <= palette
    assert len({p.get_hatch() for p in bars}) > 2, "bars differ by hatching as well as colour"
    assert f'alt="{escape(chart.short_alt)}"' in chart.html() and escape(chart.description) in chart.html()


def test_absent_voices_lists_every_absent_actor() -> None:
    view = voices.absent_voices(ART)
    for a in ART.absent_voices():
        assert a.name in view.text and a.name in view.html


# ------------------------------------------------------------------------------------ 03 claims

def test_claim_counts_add_up() -> None:
    counts = counting.claim_counts(ART)
    assert sum(v["outlet"] + v["attributed"] for v in counts.values()) == len(ART.claims)
    assert sum(v["outlet"] for v in counts.values()) == len(ART.claims_by_voice())
    assert claims.claim_summary(ART).startswith(
        f"{len(ART.claims)} claims: {len(ART.claims_by_voice())} in the outlet's own voice")
    chart = claims.claims_chart(ART)
    for k, v in counts.items():
        assert f"{k.replace('_', ' ')}: {v['outlet']} outlet, {v['attributed']} attributed" in chart.alt


def test_claim_checker_hides_evidence_until_a_verdict_is_given() -> None:
    box = claims.claim_checker(ART, ["c-vote-169-1", "c-stain"])
    k = box.kit
    assert "Lawmakers voted 169 to 1" in k.card.value
    assert k.evidence.value == "" and "assessment" not in k.card.value
    k.button.click()
    assert "Choose your verdict first" in k.result.value and k.evidence.value == ""
    k.verdict.value = "supported"
    k.button.click()
    assert "✘" in k.result.value and "Close: what the claim says is right" in k.result.value
    for fact, _relation in ART.facts_for("c-vote-169-1"):
        assert escape(fact.statement) in k.evidence.value
    assert "The other tabs" in k.evidence.value and 'class="kit-source"' in k.evidence.value
    k.pick.value = "c-stain"
    assert k.evidence.value == "" and k.result.value == "" and k.verdict.value is None
    k.verdict.value = "not_checkable"
    k.button.click()
    assert "✔" in k.result.value and "No fact in the kit" in k.evidence.value


@pytest.mark.parametrize("claim", [c.id for c in ART.claims])
def test_every_claim_can_be_checked(claim: str) -> None:
    ok, _ = claims.verdict_feedback(ART, claim, ART.get(claim).assessment)
    assert ok is True
    html = claims.evidence_html(ART, ART.get(claim))
    assert all(escape(f.statement) in html for f, _ in ART.facts_for(claim))


def test_verdict_feedback_for_nonsense_verdicts() -> None:
    for junk in (None, "", "maybe", 3, ["supported"]):
        assert claims.verdict_feedback(ART, "c-vote-169-1", junk)[0] is None


def test_numbers_in_context_every_option_renders() -> None:
    box = claims.numbers_in_context(ART)
    for _label, nid in box.kit.pick.options:
        box.kit.pick.value = nid
        n = ART.get(nid)
        assert escape(n.counts) in box.kit.view.value and box.kit.error.value == ""
    box.kit.pick.value = "n-1-8-million"
    assert "Adrian Zenz" in box.kit.view.value


def test_source_card_links_only_web_addresses() -> None:
    html = claims.source_card_html(ART, "franceinfo-2022-01-20", "quote <b>")
    assert "href='https://" in html and "rel='noopener noreferrer'" in html and "&lt;b&gt;" in html
    evil = claims.source_card_html(hostile_article(), "franceinfo-2022-01-20")  # its address is javascript:
    assert "href" not in evil and "javascript" not in evil


# ------------------------------------------------------------------------------------ 04 framing

def test_framing_counts_and_highlighter() -> None:
    counts = counting.framing_counts(ART)
    assert sum(sum(v.values()) for v in counts.values()) == len(ART.framing_terms)
    box = shared.highlighter(ART)
    k = box.kit
    assert k.view.value.count("<li>") == len(ART.framing_terms)
    for where in base.FRAMING_CATEGORIES:
        k.where.value = where
        assert k.view.value.count("<li>") == len(counting.framing_rows(ART, where)) == sum(counts[where].values())
    k.where.value = "outlet"
    assert "“stain”" in k.view.value and "“pure lies”" not in k.view.value
    chart = framing.framing_chart(ART)
    assert f"in the outlet's own voice: {sum(counts['outlet'].values())} (" in chart.alt


def test_variant_counts_match_a_plain_count() -> None:
    text = " ".join(p.text for p in ART.paragraphs)
    got = counting.variant_counts(ART, ["Uyghur", "Uighur"])
    assert got == {"Uyghur": text.lower().count("uyghur"), "Uighur": text.lower().count("uighur")}


def test_artefact_highlighter_filters_by_certainty() -> None:
    box = shared.highlighter(ART, "artefacts")
    for certainty in ("confirmed", "likely"):
        box.kit.where.value = certainty
        assert box.kit.view.value.count("<li>") == sum(1 for a in ART.artefacts if a.certainty == certainty)
    assert "dashed" in box.kit.legend.value and "solid" in box.kit.legend.value
    with pytest.raises(ValueError, match="choose framing or artefacts"):
        shared.highlighter(ART, "frames")


# ------------------------------------------------------------------------------------ 05 provenance

def _all_html(box) -> str:  # type: ignore[no-untyped-def]
    out = []
    stack = [box]
    while stack:
        w = stack.pop()
        if hasattr(w, "children"):
            stack.extend(w.children)
        if hasattr(w, "value") and isinstance(w.value, str):
            out.append(w.value)
        if hasattr(w, "options"):
            out.append(str(w.options))
    return "\n".join(out)


def test_artefact_hunt_reveals_only_on_request() -> None:
    box = provenance.artefact_hunt(ART)
    k = box.kit
    before = _all_html(box)
    for a in ART.artefacts:
        assert a.explanation not in before and escape(a.explanation) not in before
    assert "likely original" not in before
    k.pick.value = "p6"
    k.phrase.value = "a-   HE declared"  # case and spacing do not matter
    k.mark_button.click()
    assert "✔ Marked “a- he declared”" in k.status.value and len(k.marks) == 1
    assert "<mark" in k.text.value
    k.phrase.value = "not in this paragraph"
    k.mark_button.click()
    assert "is not in paragraph 6" in k.status.value and len(k.marks) == 1
    for junk in ("", " ", "x" * 10_000, EVIL, "🙂"):
        k.phrase.value = junk
        k.mark_button.click()
        assert k.error.value == "" and "<script>" not in k.status.value
    k.pick.value = "p5"
    k.phrase.value = "appointment today with a moment in history"
    k.mark_button.click()
    k.reveal_button.click()
    assert "You found 1 of the 18 artefacts" in k.revealed.value.replace(str(len(ART.artefacts)), "18")
    assert "match no recorded artefact" in k.revealed.value
    for a in ART.artefacts:
        assert escape(a.anchor) in k.revealed.value
    k.clear_button.click()
    assert k.marks == [] and k.revealed.value == "" and "No marks yet." in k.marked.value


def test_score_marks_counts_overlaps() -> None:
    marks = [provenance.locate_mark(ART, "p3", "République"), provenance.locate_mark(ART, "p11", "Turkish minorities"),
             provenance.locate_mark(ART, "p11", "vast network")]
    assert all(isinstance(x, counting.Mark) for x in marks)
    res = counting.score_marks(ART, marks)  # type: ignore[arg-type]
    assert set(res.found) == {"a-republique-en-marche", "a-turkish-minorities"}
    assert [x.phrase for x in res.misses] == ["vast network"]
    assert len(res.not_found) == len(ART.artefacts) - 2
    assert provenance.hunt_summary(ART, res).startswith(
        f"You found 2 of the {len(ART.artefacts)} artefacts the kit records (1 confirmed, 1 likely)")


def test_locate_mark_explains_what_to_fix() -> None:
    assert provenance.locate_mark(ART, "p99", "x") == "Choose a paragraph first."
    assert provenance.locate_mark(ART, None, "x") == "Choose a paragraph first."
    assert provenance.locate_mark(ART, "p1", None).startswith("Type (or paste)")
    assert provenance.locate_mark(ART, "p1", "zebra").startswith("“zebra” is not in paragraph 1")


def test_artefact_and_provenance_charts() -> None:
    counts = counting.artefact_counts(ART)
    conf = sum(1 for a in ART.artefacts if a.certainty == "confirmed")
    likely = len(ART.artefacts) - conf
    chart = provenance.artefact_chart(ART)
    assert f"{conf} confirmed and {likely} likely" in chart.alt
    first = provenance.artefact_summary(ART).splitlines()[0]
    assert first == f"{len(ART.artefacts)} artefacts: {conf} confirmed, {likely} likely"
    assert sum(v["confirmed"] + v["likely"] for v in counts.values()) == len(ART.artefacts)
    chain = provenance.provenance_chart(ART)
    for v in ART.provenance:
        assert v.label in chain.alt and v.certainty in chain.alt
    styles = {p.get_linestyle() for p in chain.ax.patches if p.__class__.__name__ == "FancyBboxPatch"}
    assert styles == {"-", "--"}, "confirmed and inferred versions differ by line style, not colour alone"
    table = provenance.provenance_table(ART)
    assert all(v.label in table.text for v in ART.provenance)


def test_every_chart_has_alt_text_and_draws() -> None:
    for make in (anatomy.anatomy_chart, voices.share_of_voice_chart, claims.claims_chart, framing.framing_chart,
                 provenance.artefact_chart, provenance.provenance_chart):
        chart = make(ART)
        assert len(chart.alt) > 60 and re.search(r"\d", chart.alt)
        assert chart.png().startswith(b"\x89PNG")
        assert chart._repr_mimebundle_()["text/plain"] == chart.alt


# ------------------------------------------------------------------------------------ escaping

def test_markup_in_the_data_renders_literally_everywhere() -> None:
    evil = hostile_article()
    views: list[str] = []
    box = anatomy.paragraph_explorer(evil)
    for kind in ["role", *anatomy.KIND_LABELS]:
        box.kit.colour_by.value = kind
        views.append(box.kit.view.value)
    q = voices.quote_table(evil)
    views.append(q.kit.view.value)
    views.append(shared.search_html(evil, "script"))
    c = claims.claim_checker(evil, ["c-vallaud-genocide", "c-vote-169-1"])
    views.append(c.kit.card.value)
    c.kit.pick.value = "c-vote-169-1"
    c.kit.verdict.value = "incomplete"
    c.kit.button.click()
    views.append(c.kit.evidence.value)
    for what in ("framing", "artefacts"):
        views.append(shared.highlight_html(evil, what))
    h = provenance.artefact_hunt(evil)
    h.kit.pick.value = "p6"
    views.append(h.kit.text.value)
    h.kit.reveal_button.click()
    views.append(h.kit.revealed.value)
    views.append(voices.absent_voices(evil).html)
    views.append(voices.share_of_voice_chart(evil).html())
    joined = "\n".join(views)
    assert "<script>" not in joined
    assert 'href="javascript' not in joined
    assert joined.count("&lt;script&gt;") >= 10
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in c.kit.evidence.value  # the fact and the source title
    assert c.kit.error.value == "" and h.kit.error.value == "" and box.kit.error.value == ""
