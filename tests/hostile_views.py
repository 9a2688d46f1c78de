"""Shared by the hostile-data tests: an HTML auditor, and every view of the kit that makes HTML.

Not a test module (pytest collects only ``test_*.py``). Used by

- ``tests/test_hostile_views.py`` and ``tests/test_hostile_start.py``: each view built headlessly
  from the hostile fixture and its HTML parsed by :func:`assert_inert`;
- ``tests/browser/test_hostile_in_browser.py``: the same views displayed in JupyterLab (a scratch
  notebook imports this file), where the test checks that no script ran and the text shows literally.

The fixture ``tests/data/hostile/`` puts script, event handlers, ``javascript:`` links and stray
closing tags in every text field; its article, accounts and exercises are loaded with
``KIT_DATA`` pointing at it (:func:`load_hostile`).
"""
from __future__ import annotations

import base64
import os
import re
import tempfile
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

HOSTILE = Path(__file__).resolve().parent / "data" / "hostile"
ARTICLE_ID = "hostile"
REAL_ACT = "council-vote"


# --------------------------------------------------------------------------------- the auditor

class _Audit(HTMLParser):
    """Collects what a browser would treat as live markup: tags, handlers, script links, stray end tags."""

    LIVE = ("script", "svg", "iframe", "object", "embed", "math", "style", "base", "form", "meta", "link")

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        src = dict(attrs).get("src") or ""
        svg = "data:image/svg+xml;base64,"
        if tag == "img" and src.startswith(svg):  # an SVG image (the simulator's seat chart): audit what it holds
            self.found += [f"<img> svg: {f}" for f in _audit_svg(base64.b64decode(src[len(svg):]).decode("utf-8"))]
        elif tag in self.LIVE or (tag == "img" and not src.startswith("data:image/png")):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"{tag}[{name}={value}]")
        if tag not in ("br", "img", "hr", "input", "meta", "link", "wbr"):
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # <img .../>: checked like a start tag, and nothing is left open
        depth = len(self.open)
        self.handle_starttag(tag, attrs)
        del self.open[depth:]

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            while self.open and self.open.pop() != tag:
                pass
        else:
            self.found.append(f"</{tag}> closing nothing")


def live_markup(html: str) -> list[str]:
    """What in ``html`` a browser would run or parse as structure, beyond the kit's own markup."""
    audit = _Audit()
    audit.feed(html)
    audit.close()
    return audit.found


def assert_inert(html: str, where: str = "") -> None:
    """Fail when ``html`` holds a live tag, an event handler, a javascript: link or a stray end tag."""
    found = live_markup(html)
    assert found == [], f"live markup from the data{' in ' + where if where else ''}: {found}"


# --------------------------------------------------------------------------------- extracting HTML

def widget_html(widget: Any) -> list[str]:
    """Every piece of HTML a widget tree shows: HTML widgets' values and Output widgets' HTML outputs.

    Labels, descriptions and options are plain text in ipywidgets (never parsed as HTML), so they
    are not collected; :func:`widget_texts` returns them for the "shows literally" checks.
    """
    import ipywidgets as w

    from kit.display import style_html

    found: list[str] = []
    # the kit's own stylesheet (kit.display.style_widget), exactly as the kit writes it, holds no data
    if isinstance(widget, (w.HTML, w.HTMLMath)) and widget.value != style_html():
        found.append(widget.value)
    if isinstance(widget, w.Output):
        for out in widget.outputs:
            found.extend(v for k, v in out.get("data", {}).items() if k == "text/html")
    for child in getattr(widget, "children", ()):
        found.extend(widget_html(child))
    return found


def html_of(view: Any) -> list[str]:
    """The HTML a view puts in the page: a string, an HtmlView, a Chart or a widget tree."""
    from kit.display import Chart, HtmlView

    if isinstance(view, str):
        return [view]
    if isinstance(view, HtmlView):
        return [view.html]
    if isinstance(view, Chart) or type(view).__name__ == "SvgChart":
        return [view.html()]
    if hasattr(view, "children") or hasattr(view, "outputs"):
        return widget_html(view)
    raise TypeError(f"not a view: {type(view).__name__}")


# --------------------------------------------------------------------------------- the views

def load_hostile(folder: Path = HOSTILE) -> tuple[Any, Any, Any]:
    """The hostile article, its accounts and its exercises; sets ``KIT_DATA`` to the fixture (or to
    ``folder``, a copy of it)."""
    os.environ["KIT_DATA"] = str(folder)
    from kit.accounts import load_accounts
    from kit.exercises import load_exercises
    from kit.loader import load

    art = load(folder).article(ARTICLE_ID)
    return art, load_accounts(art), load_exercises(Path(folder) / "exercises", art)


def views(store: Any = None, folder: Path = HOSTILE) -> Iterator[tuple[str, Any]]:
    """``(qualified name of the kit function, what it returned)`` for every view that makes HTML,
    built from the hostile fixture. Widgets come back after being driven (menus changed, buttons
    pressed through ``.click()``), so the HTML their callbacks write is there too.

    ``store`` is the exercises' progress store (a temporary one in tests); ``folder`` a copy of
    the fixture (the browser test clicks every button, "Save" included, so it works on a copy).
    """
    from kit import choose, compare, counting, exercises, hemicycle, procedure, review, start
    from kit import comparison_views as cv
    from kit.views import anatomy, base, claims, framing, provenance, shared, voices

    art, accounts, exs = load_hostile(folder)

    # --- kit.choose (the setup cell of every lesson)
    yield "kit.choose.banner", choose.banner(art)
    yield "kit.choose.article_picker", choose.article_picker(art)
    yield "kit.choose.missing", choose.missing("<b>a vote</b>", art, "<script>window.__kitHacked=92</script>",
                                               "<img src=x onerror=\"window.__kitHacked=93\">")

    # --- kit.start (notebook 00)
    yield "kit.start.article_card", start.article_card(art)
    yield "kit.views.shared.fact_card_html", shared.fact_card_html(art, art.fact("tally"))
    yield "kit.start.fact_explorer", start.fact_explorer(art, art.facts)
    yield "kit.views.shared.fact_explorer", shared.fact_explorer(art, art.facts)
    yield "kit.start.vote_chart", start.vote_chart(art)

    # --- kit.views (notebooks 01-05)
    p = anatomy.paragraph_explorer(art)
    for by in ["role", *anatomy.KIND_LABELS]:  # every colouring, each written into the view in turn
        p.kit.colour_by.value = by
        yield "kit.views.anatomy.paragraph_explorer", p
    yield "kit.views.anatomy.paragraphs_html", anatomy.paragraphs_html(art, "quotes")
    yield "kit.views.base.mark_html", base.mark_html(art.paragraphs[1].text,
                                                 [base.Span(0, 5, "x", "<b>label</b>", "#000000")])
    yield "kit.views.anatomy.anatomy_chart", anatomy.anatomy_chart(art)
    yield "kit.views.shared.text_search", shared.text_search(art, "script")
    yield "kit.views.shared.search_html", shared.search_html(art, "<img")
    q = voices.quote_table(art)
    q.kit.speaker.value = "ana"
    yield "kit.views.voices.quote_table", q
    yield "kit.views.voices.quote_table_html", voices.quote_table_html(counting.quote_rows(art))
    yield "kit.views.voices.share_of_voice_chart", voices.share_of_voice_chart(art)
    yield "kit.views.voices.absent_voices", voices.absent_voices(art)
    yield "kit.views.claims.claims_chart", claims.claims_chart(art)
    yield "kit.views.claims.source_card_html", claims.source_card_html(art, "minutes", "<script>q</script>", "</table>")
    yield "kit.views.claims.fact_html", claims.fact_html(art, art.fact("tally"), "supports")
    yield "kit.views.claims.fact_card", claims.fact_card(art, "tally")
    for claim in art.claims:
        yield "kit.views.claims.claim_card_html", claims.claim_card_html(art, claim)
        yield "kit.views.claims.evidence_html", claims.evidence_html(art, claim)
    c = claims.claim_checker(art)
    c.kit.pick.value = "c1"
    c.kit.verdict.value = c.kit.verdict.options[0][1] if isinstance(c.kit.verdict.options[0], tuple) \
        else c.kit.verdict.options[0]
    c.kit.button.click()
    yield "kit.views.claims.claim_checker", c
    yield "kit.views.claims.number_card_html", claims.number_card_html(art, art.numbers[0])
    yield "kit.views.claims.numbers_in_context", claims.numbers_in_context(art)
    yield "kit.views.framing.framing_chart", framing.framing_chart(art)
    for what in ("framing", "artefacts"):
        yield "kit.views.shared.highlight_html", shared.highlight_html(art, what)
        yield "kit.views.shared.highlighter", shared.highlighter(art, what)
    h = provenance.artefact_hunt(art)
    h.kit.phrase.value = "a long debate"
    h.kit.mark_button.click()
    h.kit.phrase.value = "council"
    h.kit.mark_button.click()
    h.kit.reveal_button.click()
    yield "kit.views.provenance.artefact_hunt", h
    marks = [m for m in (provenance.locate_mark(art, "p1", "a long debate"),
                         provenance.locate_mark(art, "p1", "council"))
             if isinstance(m, counting.Mark)]
    yield "kit.views.provenance.reveal_html", provenance.reveal_html(art, counting.score_marks(art, marks))
    yield "kit.views.provenance.artefact_chart", provenance.artefact_chart(art)
    yield "kit.views.provenance.provenance_chart", provenance.provenance_chart(art)
    yield "kit.views.provenance.provenance_table", provenance.provenance_table(art)

    # --- kit.procedure and kit.hemicycle (notebooks 06-08)
    yield "kit.procedure.fact_cards", procedure.fact_cards(art, ["tally"])
    yield "kit.procedure.fact_explorer", procedure.fact_explorer(art, ["tally"])
    yield "kit.procedure.claim_card", procedure.claim_card(art, "c1")
    yield "kit.procedure.conflict_card", procedure.conflict_card(art, "hostile-date")
    yield "kit.procedure.acts_table", procedure.acts_table(art, notes=True)
    yield "kit.procedure.acts_timeline", procedure.acts_timeline(art)
    yield "kit.hemicycle.vote_chart", hemicycle.vote_chart(procedure.real_vote(art, REAL_ACT), title=art.acts[0].body)
    yield "kit.hemicycle.hemicycle_svg", hemicycle.hemicycle_svg(
        {art.acts[0].body: 2, "for": 1}, 5, threshold=2, threshold_label=art.acts[0].body, title=art.acts[0].body)
    sim = procedure.vote_simulator(art, REAL_ACT)
    yield "kit.procedure.vote_simulator", sim  # the real vote, with its sources
    sim.simulator.against.value += 1  # a simulated vote
    yield "kit.procedure.vote_simulator", sim
    sim.simulator.abstain.value = sim.simulator.attendance.value + 1  # numbers that cannot happen
    yield "kit.procedure.vote_simulator", sim
    sim.simulator.real_button.click()
    yield "kit.procedure.vote_simulator", sim

    # --- kit.comparison_views and kit.compare (notebooks 09-10)
    matrix = cv.fact_matrix(accounts)
    yield "kit.comparison_views.matrix_html", cv.matrix_html(matrix)
    yield "kit.comparison_views.matrix_chart", cv.matrix_chart(matrix)
    yield "kit.comparison_views.prediction_feedback", cv.prediction_feedback(matrix, "tally", ["case", "record"])
    pr = cv.predict_reporters(matrix)
    pr.kit.guess.value = ("case",)
    pr.kit.reveal.click()
    yield "kit.comparison_views.predict_reporters", pr
    yield "kit.comparison_views.quotes_html", cv.quotes_html(accounts)
    yield "kit.comparison_views.terms_html", cv.terms_html(accounts, "what-it-is")
    yield "kit.comparison_views.framing_chart", cv.framing_chart(accounts, "what-it-is")
    yield "kit.comparison_views.framing_explorer", cv.framing_explorer(accounts)
    for account in accounts.accounts:
        yield "kit.comparison_views.account_html", cv.account_html(account, art)
    yield "kit.comparison_views.record_html", cv.record_html(accounts, art, "record")
    ae = cv.account_explorer(accounts, art)
    ae.kit.account.value = "record"
    yield "kit.comparison_views.account_explorer", ae
    for view in ("columns", "inline"):
        yield "kit.comparison_views.comparison_html", cv.comparison_html(accounts, "case", "made-up", view)
    sbs = cv.side_by_side(accounts, "case", "made-up")
    yield "kit.comparison_views.side_by_side", sbs
    sbs.kit.view.value = "inline"
    yield "kit.comparison_views.side_by_side", sbs
    yield "kit.comparison_views.restored_changes_html", cv.restored_changes_html(art)
    diff = compare.diff_words(art.text, accounts.get("made-up").comparable_text)
    yield "kit.compare.inline_html", compare.inline_html(diff)
    yield "kit.compare.columns_html", compare.columns_html(diff, "<script>window.__kitHacked=90</script>",
                                                           "<img src=x onerror=\"window.__kitHacked=91\">")

    # --- kit.exercises (the self-checks of every notebook)
    for ex in exs.values():
        box = exercises.exercise(ex.id, store=store, exercises=exs)
        built = box.kit
        if ex.type == "multiple":
            built.checkboxes[0].value = True
        elif ex.type == "choice":
            built.input.value = ex.options[0].id
        elif ex.type == "number":
            built.input.value = "2"  # a recorded mistake, so its feedback shows
        else:
            built.input.value = "</table><script>x</script>"
        built.check_button.click()
        for _ in ex.hints:
            built.hint_button.click()
        built.answer_button.click()
        yield "kit.exercises.exercise", box
    yield "kit.exercises.feedback_html", exercises.feedback_html(exercises.check_answer("ex99-number", "2", exs))

    # --- kit.start's "who is working" (notebook 00): a hostile nickname typed and started
    # its own progress folder: a nickname started here must not become the active person of the
    # lessons that run after it on the same server (the browser test shares one JupyterLab)
    people = store.folder if store is not None else Path(tempfile.mkdtemp(prefix="kit-hostile-people-"))
    who = start.who_is_working(people)
    who.kit.nickname.value = "<img src=x onerror=\"window.__kitHacked=97\">fox"
    who.kit.start.click()
    yield "kit.start.who_is_working", who

    # --- kit.review (notebook 11): every quote, claim and number shown; a hostile speaker typed in.
    # Nothing is saved here.
    rw = review.review_widget(art)
    parts = rw.kit
    for pick in (parts.quote_pick, parts.claim_pick, parts.number_pick):
        for _, value in pick.options:
            pick.value = value
            yield "kit.review.review_widget", rw
    parts.new_speaker.value = "<img src=x onerror=\"window.__kitHacked=94\">Someone"
    parts.quote_ok.click()
    yield "kit.review.review_widget", rw


# What matplotlib's SVG backend writes for a chart drawn with text as outlines (kit.display.SVG_RC):
# drawing elements, glyphs defined once and placed with <use href="#id">, its RDF metadata, and one
# fixed stylesheet. Anything else in a chart's SVG is a finding.
MATPLOTLIB_SVG_TAGS = {"g", "path", "defs", "clipPath", "use", "metadata", "rdf:RDF", "cc:Work", "cc:Agent", "dc:type",
                       "dc:format", "dc:title", "dc:creator", "dc:date", "title", "style", "polyline", "ellipse",
                       "pattern"}
MATPLOTLIB_SVG_STYLE = "*{stroke-linejoin: round; stroke-linecap: butt}"


def _audit_svg(svg: str) -> list[str]:
    """An SVG shown through <img> runs no script, but it must still hold only drawing: no live tags,
    no handlers, no links out (only references to its own #ids), its one fixed stylesheet, and text
    escaped (a stray tag shows as an unbalanced or unknown element)."""
    audit = _Audit()
    audit.LIVE = tuple(t for t in _Audit.LIVE if t not in ("svg", "style")) + ("foreignobject", "a", "image", "img")
    audit.feed(svg)
    audit.close()
    found = list(audit.found) + audit.open
    # matplotlib writes each text, escaped, in an XML comment beside its outline: not markup
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.S)
    allowed = {"svg", "rect", "circle", "polygon", "line", "text"} | MATPLOTLIB_SVG_TAGS
    found += [f"<{t}>" for t in sorted(set(re.findall(r"<\s*([a-zA-Z][\w:-]*)", svg)) - allowed)]
    found += [f"[{a}={v}]" for a, v in re.findall(r"\s((?:xlink:)?href)\s*=\s*[\"']([^\"']*)", svg)
              if not re.fullmatch(r"#[\w.:-]+", v)]
    found += [f"<style>{css}</style>" for css in re.findall(r"<style[^>]*>(.*?)</style>", svg, re.S)
              if css.strip() != MATPLOTLIB_SVG_STYLE]
    found += [f"[style] url({u})" for u in re.findall(r"url\(\s*([^)]*)\)", svg) if not re.fullmatch(r"#[\w.:-]+", u)]
    return found


# Public functions of the view modules that return no HTML (data, text or numbers), each with the
# reason; tests/test_hostile_views.py fails when a public function is in neither this list nor views().
NOT_HTML: dict[str, str] = {
    "kit.review.clean_text": "plain text",
    "kit.review.first_draft": "an article id",
    **{f"kit.choose.{n}": "an id, an article or a decorator" for n in (
        "chosen_id", "chosen_article", "is_default", "degrade")},
    "kit.comparison_views.chosen_accounts": "the article's other accounts (data)",
    **{f"kit.start.{n}": "data or plain text" for n in ("key_facts", "vote_numbers", "vote_summary")},
    **{f"kit.counting.{n}": "data (the counts and finds behind the views)" for n in (
        "artefact_counts", "claim_counts", "find_all", "find_in_text", "fold_same_length", "framing_counts",
        "framing_place", "framing_rows", "is_outlet_voice", "quote_rows", "quotes_per_speaker", "role_counts",
        "score_marks", "variant_counts", "words_by_role")},
    **{f"kit.views.anatomy.{n}": "data or plain text" for n in (
        "annotation_note", "role_summary")},
    **{f"kit.views.base.{n}": "a helper: colour, share, address, label, a widget's parts or wiring" for n in (
        "attach_parts", "framing_category", "percent", "series_colour", "show_on_change", "spans_for")},
    **{f"kit.views.claims.{n}": "data or plain text" for n in (
        "claim_facts_text", "claim_summary", "verdict_feedback")},
    **{f"kit.views.framing.{n}": "data or plain text" for n in (
        "framing_summary",)},
    **{f"kit.views.provenance.{n}": "data or plain text" for n in (
        "artefact_summary", "hunt_summary", "locate_mark", "provenance_summary")},
    **{f"kit.views.voices.{n}": "data or plain text" for n in (
        "quote_summary", "voice_summary", "voice_words")},
    **{f"kit.procedure.{n}": "data or plain text" for n in (
        "act_body", "act_rows", "acts_by_wording_text", "compare_rules_text", "format_date", "real_vote",
        "timeline_dates_text", "vote_facts_text")},
    **{f"kit.comparison_views.{n}": "data or plain text" for n in ("compare_accounts", "fact_matrix", "terms_for")},
    **{f"kit.exercises.{n}": "data, loading or plain text" for n in (
        "check_answer", "default_store", "exercise_files", "exercises_dir", "exercises_for", "fold", "format_number",
        "get_exercise", "judge",
        "known_ids", "load_exercises", "parse_number", "read_number", "read_options", "with_unit", "canon_number",
        "canon_options", "digest", "judge_sealed", "number_grid", "open_sealed", "option_lines", "option_order",
        "rubric_points", "say", "seal", "seal_key", "text_key", "unseal")},
    "kit.exercises.show_after": ("a button (its label is plain text) that shows another kit view, audited there, "
                                 "in an Output"),
    **{f"kit.compare.{n}": "data" for n in ("diff_words", "tokenize")},
    "kit.hemicycle.hemicycle": "draws on an axes; vote_chart wraps it with the alt text",
}
