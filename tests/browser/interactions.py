"""The main interaction of each lesson, done in the page as a student does it: choose in a menu,
tick, type, press a button, move a slider with the keyboard.

Each function takes the :class:`LabPage` of a notebook that has just been run, acts on the
notebook's own widget (found by its label, not by position, so a widget added elsewhere does not
shift it) and waits for what the student should then see. The expected text is computed here by the
same ``kit`` functions from the same data, never typed in: the test proves that the page reacts and
shows what the kit computes, and the kit's own tests prove that what it computes is right.

``INTERACTIONS`` maps a notebook's two-digit prefix to its function; each returns a short account
of what it did, for the failure message.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

    from .lab import LabPage

WAIT_MS = 20_000  # a callback runs in the kernel, and its result travels back to the page


def _expect() -> Any:
    from playwright.sync_api import expect

    return expect


def _art() -> Any:
    """The article the notebooks open by default (``KIT_ARTICLE`` reaches the kernels too)."""
    from kit.choose import chosen_article

    return chosen_article(None)


def _exact(label: str) -> re.Pattern[str]:
    return re.compile(rf"^\s*{re.escape(label)}\s*$")


def control(page: Page, kind: str, label: str) -> Locator:
    """The first ipywidgets control of a kind (``dropdown``, ``slider``, ``text``, ``select-multiple``,
    ``radio``) whose description label reads ``label``."""
    found = page.locator(f".jp-Notebook .widget-{kind}").filter(
        has=page.locator("label.widget-label", has_text=_exact(label)))
    _expect()(found.first).to_be_visible(timeout=WAIT_MS)
    found.first.scroll_into_view_if_needed()
    return found.first


def output_of(widget: Locator) -> Locator:
    """The cell output that holds a widget (the whole widget box and what it shows)."""
    return widget.locator("xpath=ancestor::div[contains(concat(' ', normalize-space(@class), ' '), "
                          "' jp-OutputArea-output ')][1]")


def button(scope: Locator, text: str) -> Locator:
    found = scope.locator("button.jupyter-button", has_text=text).first
    found.scroll_into_view_if_needed()
    return found


def _plain(text: str) -> str:
    """ipywidgets shows option labels with no-break spaces; compare them as ordinary text."""
    return " ".join(text.replace("\xa0", " ").split())


def option_labels(dropdown: Locator) -> list[str]:
    """The options' labels, once the page has filled them in (an option can exist before its text)."""
    select = dropdown.locator("select")
    select.page.wait_for_function(
        "(s) => s.options.length > 0 && Array.from(s.options).every((o) => o.textContent.trim())",
        arg=select.element_handle(timeout=WAIT_MS), timeout=WAIT_MS)
    return [_plain(t) for t in select.evaluate("(s) => Array.from(s.options).map((o) => o.textContent)")]


def choose(dropdown: Locator, label: str) -> None:
    """Choose an option of a dropdown (or a multiple select) by its label, as a student does."""
    labels = option_labels(dropdown)
    assert _plain(label) in labels, f"no option {label!r} in {labels}"
    dropdown.locator("select").select_option(index=labels.index(_plain(label)))


def exercise_box(page: Page, exercise_id: str) -> Locator:
    """The self-check widget of one exercise, found by the start of its prompt (students never see
    the exercise id)."""
    from kit.exercises import get_exercise

    prompt = " ".join(get_exercise(exercise_id).prompt.split()[:6])
    box = page.locator(".jp-Notebook .kit-exercise").filter(has_text=prompt).first
    box.scroll_into_view_if_needed()
    return box


def _fact_menu(lab: LabPage) -> str:
    """Notebooks 00 and 06: choose the second fact in the "Fact:" menu; its card replaces the first."""
    art = _art()
    menu = control(lab.page, "dropdown", "Fact:")
    out = output_of(menu)
    labels = option_labels(menu)
    assert len(labels) >= 2, f"the Fact: menu has {labels}"

    def statement(label: str) -> str:
        short = label.removesuffix("...").removesuffix("\u2026")  # a long statement is cut with "..." or "…"
        assert short, f"an empty label in the Fact: menu: {labels}"
        matches = [f.statement for f in art.facts if f.statement.startswith(short)]
        assert matches, f"no fact of the data starts with the menu label {label!r}"
        return matches[0]

    first, second = statement(labels[0]), statement(labels[1])
    card = out.locator(".widget-html:not(.kit-style)")  # the menu's options are text too: look at the card only
    _expect()(card).to_contain_text(first, timeout=WAIT_MS)
    choose(menu, labels[1])
    _expect()(card).to_contain_text(second, timeout=WAIT_MS)
    _expect()(card).not_to_contain_text(first, timeout=WAIT_MS)
    return f"Fact: {labels[0]!r} -> {labels[1]!r}"


def nb00(lab: LabPage) -> str:
    return _fact_menu(lab)


def nb01(lab: LabPage) -> str:
    """Paragraph explorer: show only the quote paragraphs."""
    from kit.views.anatomy import ROLE_LABELS

    art = _art()
    colour_by = control(lab.page, "dropdown", "Colour by:")
    out = output_of(colour_by)
    show = out.locator(".widget-dropdown").filter(has=lab.page.locator("label", has_text=_exact("Show:")))
    lede = next(p for p in art.paragraphs if p.role == "lede")
    quote = next(p for p in art.paragraphs if p.role == "quote")
    _expect()(out).to_contain_text(lede.text[:40], timeout=WAIT_MS)
    choose(show, ROLE_LABELS["quote"])
    _expect()(out).to_contain_text(quote.text[:40], timeout=WAIT_MS)
    _expect()(out).not_to_contain_text(lede.text[:40], timeout=WAIT_MS)
    return "Show: quote paragraphs only"


def nb02(lab: LabPage) -> str:
    """Quote table: filter by one speaker; the count and the rows follow."""
    from kit.counting import quote_rows

    art = _art()
    menu = control(lab.page, "dropdown", "Speaker:")
    out = output_of(menu)
    total = len(quote_rows(art))
    speaker = next(a for a in art.speakers() if len(quote_rows(art, a.id)) != total)
    rows = quote_rows(art, speaker.id)
    _expect()(out).to_contain_text(f"{total} quotes shown", timeout=WAIT_MS)
    choose(menu, speaker.name)
    _expect()(out).to_contain_text(f"{len(rows)} quote{'s' if len(rows) != 1 else ''} shown", timeout=WAIT_MS)
    _expect()(out.locator("table.kit-quotes tr")).to_have_count(len(rows) + 1, timeout=WAIT_MS)
    return f"Speaker: {speaker.name}; " + _written_check(lab, "ex02-missing-voice")


def _written_check(lab: LabPage, exercise_id: str) -> str:
    """A written self-check: type a sentence, Check; the student's own comparison buttons appear under the
    feedback (made only then), and pressing one records it."""
    box = exercise_box(lab.page, exercise_id)
    _expect()(box.locator("button.jupyter-button", has_text="Mine makes these points")).to_have_count(0)
    box.locator("textarea").fill("The French government is missing: a reader would want to hear why it agrees.")
    button(box, "Check").click()
    mine = box.locator("button.jupyter-button", has_text="Mine makes these points")
    _expect()(mine).to_be_visible(timeout=WAIT_MS)
    _expect()(box.locator(".kit-feedback")).to_contain_text("Compare", timeout=WAIT_MS)
    mine.click()
    _expect()(box).to_contain_text("marked it as making its points", timeout=WAIT_MS)
    _expect()(mine).to_be_hidden(timeout=WAIT_MS)
    return f"{exercise_id}: wrote a sentence, Check, 'Mine makes these points'"


def nb03(lab: LabPage) -> str:
    """Claim checker: give a verdict, press the button; the kit's assessment and the facts appear."""
    from kit.views.claims import VERDICTS, verdict_feedback

    art = _art()
    menu = control(lab.page, "dropdown", "Claim:")
    out = output_of(menu)
    claim = art.claims[0]
    label, verdict = VERDICTS[0]
    facts = [f for f, _ in art.facts_for(claim)]
    assert facts, f"claim {claim.id} has no facts to reveal"
    _expect()(out).not_to_contain_text(facts[0].statement, timeout=WAIT_MS)  # hidden before the verdict
    out.locator(".widget-radio-box label", has_text=label).first.click()
    button(out, "Check my verdict").click()
    _, message = verdict_feedback(art, claim.id, verdict)
    _expect()(out).to_contain_text(message, timeout=WAIT_MS)
    _expect()(out).to_contain_text(facts[0].statement, timeout=WAIT_MS)
    return f"verdict {verdict!r} on {claim.id}, then Check my verdict"


def nb04(lab: LabPage) -> str:
    """Highlighter: show only the words inside direct quotes; the highlighted words follow."""
    from kit.views.base import FRAMING_CATEGORIES
    from kit.views.shared import highlight_html

    art = _art()
    menu = control(lab.page, "dropdown", "Show:")
    out = output_of(menu)
    view = out.locator(".widget-html").nth(1)  # the dropdown, the legend, then the text
    every = highlight_html(art, "framing").count("<mark")
    quoted = highlight_html(art, "framing", "quote").count("<mark")
    assert every != quoted
    _expect()(view.locator("mark")).to_have_count(every, timeout=WAIT_MS)
    choose(menu, FRAMING_CATEGORIES["quote"])
    _expect()(view.locator("mark")).to_have_count(quoted, timeout=WAIT_MS)
    return f"Show: {FRAMING_CATEGORIES['quote']!r}"


def nb05(lab: LabPage) -> str:
    """Artefact hunt: read a paragraph, mark the suspect words, reveal; the score counts the find."""
    from kit.counting import score_marks
    from kit.views.provenance import hunt_summary, locate_mark

    art = _art()
    menu = control(lab.page, "dropdown", "Read:")
    out = output_of(menu)
    artefact = art.artefacts[0]
    paragraph = art.paragraph(artefact.paragraph)
    _expect()(out).not_to_contain_text("You found", timeout=WAIT_MS)
    choose(menu, f"paragraph {paragraph.number} ({paragraph.role})")
    _expect()(out).to_contain_text(artefact.anchor, timeout=WAIT_MS)
    out.locator(".widget-text input").first.fill(artefact.anchor)
    button(out, "Mark").click()
    _expect()(out).to_contain_text("Your marks (1)", timeout=WAIT_MS)
    button(out, "Reveal").click()
    mark = locate_mark(art, paragraph.id, artefact.anchor)
    assert not isinstance(mark, str), mark  # a message: the anchor is not in its paragraph
    _expect()(out).to_contain_text(hunt_summary(art, score_marks(art, [mark])), timeout=WAIT_MS)
    _expect()(out.locator("table.kit-artefacts")).to_contain_text("✔ found", timeout=WAIT_MS)
    return f"marked {artefact.anchor!r} in paragraph {paragraph.number}, then Reveal"


def nb06(lab: LabPage) -> str:
    return _fact_menu(lab)


def _self_check(lab: LabPage, exercise_id: str) -> str:
    """Type the answer to a number exercise, Check, then Show answer."""
    from kit.exercises import format_number, get_exercise

    ex = get_exercise(exercise_id)
    assert ex.type == "number" and ex.answer is not None, f"{exercise_id} is not a number exercise"
    box = exercise_box(lab.page, exercise_id)
    _expect()(box.locator(".kit-answer")).to_have_count(0)
    box.locator(".widget-text input").fill(format_number(ex.answer))
    button(box, "Check").click()
    _expect()(box.locator(".kit-feedback")).to_contain_text("Right", timeout=WAIT_MS)
    button(box, "Show answer").click()
    if _sealed(lab):  # the student edition has no answers to show: the feedback to a right one holds it
        _expect()(box.locator(".kit-feedback")).to_contain_text(ex.answer_text(), timeout=WAIT_MS)
        _expect()(box.locator(".kit-answer")).to_contain_text("student edition", timeout=WAIT_MS)
    else:
        _expect()(box.locator(".kit-answer")).to_contain_text(ex.answer_text(), timeout=WAIT_MS)
    return f"{exercise_id}: typed {format_number(ex.answer)}, Check, Show answer"


def _sealed(lab: LabPage) -> bool:
    """Whether the notebook in front is the student edition's copy (the no-server site's student/ folder)."""
    # JupyterLite exposes the app (the notebook's path); JupyterLab and Voila may not: then the page's address
    return bool(lab.page.evaluate(
        "() => { const app = window.jupyterapp; const w = app && app.shell && app.shell.currentWidget;"
        " const path = (w && w.context && w.context.path) || decodeURIComponent(location.pathname);"
        " return path.startsWith('student/') || path.includes('/student/'); }"))


def nb07(lab: LabPage) -> str:
    """Vote simulator: one more vote against typed in its field; the outcome and the seat chart change,
    and the real-vote button puts both back. Then a self-check typed, checked and answered."""
    from kit.procedure import REAL_VOTE
    from kit.votes import vote_from_act

    real = vote_from_act(_art().get(REAL_VOTE))
    field = control(lab.page, "text", "of whom vote against")
    out = output_of(field)
    chart = out.locator("figure.kit-chart img").first
    _expect()(out).to_contain_text("These are the real figures", timeout=WAIT_MS)
    real_src = chart.get_attribute("src")
    number = field.locator("input")
    number.fill(str(real.against + 1))
    _expect()(number).to_have_value(str(real.against + 1))
    _expect()(out).to_contain_text("Simulated numbers: this is not what happened.", timeout=WAIT_MS)
    against_row = out.locator("tr", has=lab.page.locator("th", has_text=_exact("Against")))
    _expect()(against_row).to_contain_text(str(real.against + 1), timeout=WAIT_MS)
    _expect()(chart).not_to_have_attribute("src", real_src or "", timeout=WAIT_MS)
    button(out, "Real vote of").click()
    _expect()(out).to_contain_text("These are the real figures", timeout=WAIT_MS)
    _expect()(against_row).to_contain_text(str(real.against), timeout=WAIT_MS)
    _expect()(chart).to_have_attribute("src", real_src or "", timeout=WAIT_MS)
    return ("simulator: one more in 'of whom vote against', then the real-vote button; "
            + _self_check(lab, "ex07-cast"))


def nb08(lab: LabPage) -> str:
    """The timeline and the table of acts are there, whole; then a self-check chosen and checked."""
    from kit.exercises import get_exercise
    from kit.procedure import act_rows, acts_table, acts_timeline

    art = _art()
    page = lab.page
    alt = acts_timeline(art).short_alt  # the <img> carries the short alt text; the long one is in <details>
    img = page.locator(".jp-Notebook figure.kit-chart img").first
    _expect()(img).to_be_attached(timeout=WAIT_MS)
    alts = page.locator(".jp-Notebook figure.kit-chart img").evaluate_all("els => els.map((e) => e.alt)")
    assert alt in alts, f"no chart with the timeline's alt text {alt[:80]!r}...; alt texts: {alts}"
    table = acts_table(art, notes=True)  # the notebook's full table of acts, with the notes
    sizes = [t.locator("tr").count() for t in page.locator(".jp-Notebook table.kit-acts").all()]
    assert table.html.count("<tr") in sizes, (f"no table with the {len(act_rows(art))} acts (rows: header, acts "
                                              f"and notes: {table.html.count('<tr')}); tables shown: {sizes}")
    ex = get_exercise("ex08-belgium")
    right = next(o for o in ex.options if o.correct)
    box = exercise_box(page, ex.id)
    box.locator(".widget-radio-box label", has_text=right.text).first.click()
    button(box, "Check").click()
    _expect()(box.locator(".kit-feedback")).to_contain_text(right.feedback, timeout=WAIT_MS)
    return f"timeline and acts table; {ex.id}: chose the right option, Check"


def nb09(lab: LabPage) -> str:
    """Predict then reveal: tick one account's checkbox, press Reveal; the verdict on the guess appears."""
    from kit.accounts import load_accounts
    from kit.comparison_views import fact_matrix, prediction_feedback

    art = _art()
    matrix = fact_matrix(load_accounts(art))
    box = lab.page.locator(".jp-Notebook .jp-OutputArea-output").filter(
        has=lab.page.locator(".widget-checkbox")).filter(has_text="Reported by:").first
    box.scroll_into_view_if_needed()
    out = box
    fact_menu = out.locator(".widget-dropdown select")
    fact_label = _plain(fact_menu.evaluate("s => s.options[s.selectedIndex].textContent"))
    fact_id = next(fid for fid, label in matrix.facts if _plain(label) == fact_label)
    account = matrix.accounts[0]
    out.locator(".widget-checkbox", has_text=account.display_label).first.locator("input").check()
    button(out, "Reveal").click()
    head = prediction_feedback(matrix, fact_id, [account.id]).text.splitlines()[0]
    _expect()(out).to_contain_text(head, timeout=WAIT_MS)
    return f"ticked {account.display_label!r} for {fact_label!r}, then Reveal"


def nb10(lab: LabPage) -> str:
    """Side by side: choose another second text; the counts follow."""
    from kit.accounts import load_accounts
    from kit.comparison_views import comparison_html

    accounts = load_accounts(_art())
    first = control(lab.page, "dropdown", "First:")
    out = output_of(first)
    second = out.locator(".widget-dropdown").filter(has=lab.page.locator("label", has_text=_exact("Second:")))
    counts = out.locator("[role=status]").first
    by_label = {a.display_label: a.id for a in accounts.with_text()}
    def current(menu: Locator) -> str:
        return by_label[_plain(menu.locator("select").evaluate("s => s.options[s.selectedIndex].textContent"))]

    by_label = {_plain(k): v for k, v in by_label.items()}
    left, right = current(first), current(second)
    other = next(a for a in accounts.with_text() if a.id not in (left, right))
    _expect()(counts).to_have_text(comparison_html(accounts, left, right, "columns", counts=False).text,
                                   timeout=WAIT_MS)
    choose(second, other.display_label)
    _expect()(counts).to_have_text(comparison_html(accounts, left, other.id, "columns", counts=False).text,
                                   timeout=WAIT_MS)
    return f"Second: {other.display_label!r}"


def nb11(lab: LabPage) -> str:
    """Review widget: choose another quote; its words and its speaker are shown. Nothing is saved
    (the notebook reviews the kit's own data here, so no button that writes is pressed)."""
    art = _art()
    assert len(art.quotes) >= 2, "the default article has fewer than two quotes to review"
    menu = control(lab.page, "dropdown", "Quote:")
    out = output_of(menu)
    pane = menu.locator("xpath=..")  # the Quotes tab: the menu, the quote's context, the speaker
    second = art.quotes[1]
    labels = option_labels(menu)
    choose(menu, labels[1])
    _expect()(pane.locator(".widget-html").first).to_contain_text(second.anchor[:40], timeout=WAIT_MS)
    speaker = pane.locator(".widget-dropdown").filter(has=lab.page.locator("label", has_text=_exact("Speaker:")))
    name = art.actor(second.speaker).name
    lab.page.wait_for_function(
        "([s, name]) => s.selectedIndex >= 0"
        " && s.options[s.selectedIndex].textContent.replace(/\\s+/g, ' ').trim().startsWith(name)",
        arg=[speaker.locator("select").element_handle(timeout=WAIT_MS), name], timeout=WAIT_MS)
    _expect()(out).not_to_contain_text("Something went wrong")
    return f"Quote: {labels[1]!r}"


INTERACTIONS: dict[str, Callable[[LabPage], str]] = {
    "00": nb00, "01": nb01, "02": nb02, "03": nb03, "04": nb04, "05": nb05, "06": nb06, "07": nb07,
    "08": nb08, "09": nb09, "10": nb10, "11": nb11,
}
