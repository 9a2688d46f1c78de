"""Lessons 03, 07 and 09 used with the keyboard alone: Tab and Shift+Tab between controls, the
arrow keys inside menus, radio groups and number fields, Space to tick, Enter to press a button.

Each journey puts the focus on the widget's first control (as a student arrives there with Tab
from the cell above; the page is never clicked), then only presses keys, and checks after each
key that the focus stayed in the widget (JupyterLab did not take the key to move to another cell)
and that the page shows what the kit computes for that choice. The settings that keep
JupyterLab's notebook shortcuts out of cell outputs are tasks.py's ``LAB_SETTINGS_OVERRIDES``.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .interactions import WAIT_MS, _art, _expect, _plain, control, output_of

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

    from .lab import LabPage

MAX_TABS = 40

_JS_ACTIVE_CELL = "() => window.jupyterapp.shell.currentWidget.content.activeCellIndex"


def _focus_in(page: Page, scope: Locator) -> bool:
    return bool(scope.evaluate("(el) => el.contains(document.activeElement)"))


def press(page: Page, scope: Locator, key: str) -> None:
    """Press a key; the focus must stay inside ``scope`` and the notebook must stay on its cell."""
    cell = page.evaluate(_JS_ACTIVE_CELL)
    page.keyboard.press(key)
    page.wait_for_timeout(150)
    assert _focus_in(page, scope), f"after {key}, the focus left the widget (to {_active(page)})"
    assert page.evaluate(_JS_ACTIVE_CELL) == cell, f"{key} moved the notebook to another cell"


def _active(page: Page) -> str:
    return str(page.evaluate("() => { const e = document.activeElement; "
                             "return e ? e.outerHTML.slice(0, 120) : 'nothing'; }"))


def tab_until(page: Page, scope: Locator, test: str, what: str, key: str = "Tab") -> None:
    """Press Tab (or Shift+Tab) until ``test`` (JS, given the focused element) is true."""
    for _ in range(MAX_TABS):
        press(page, scope, key)
        if page.evaluate(f"() => {{ const el = document.activeElement; return !!({test}); }}"):
            return
    raise AssertionError(f"{MAX_TABS} presses of {key} never reached {what}; the focus is on {_active(page)}")


def selected(select: Locator) -> int:
    """The index of a menu's chosen option (ipywidgets' option values are its labels)."""
    return int(select.evaluate("(s) => s.selectedIndex"))


def _start(widget: Locator) -> None:
    """Focus the widget's first control, as Tab from the cell above does (no click)."""
    widget.scroll_into_view_if_needed()
    widget.evaluate("(el) => el.focus()")


def kb03(lab: LabPage) -> str:
    """Claim checker: ArrowDown to the second claim, Tab to the verdicts, ArrowDown to choose one,
    Tab to the button, Enter; the kit's feedback appears."""
    from kit.views.claims import VERDICTS, verdict_feedback

    art = _art()
    page = lab.page
    menu = control(page, "dropdown", "Claim:")
    out = output_of(menu)
    select = menu.locator("select")
    assert len(art.claims) >= 2, "the default article has fewer than two claims"
    assert selected(select) == 0, "the claim menu does not start on the first claim"
    _start(select)
    press(page, out, "ArrowDown")
    assert selected(select) == 1, "ArrowDown did not choose the next claim"
    _expect()(out).to_contain_text(art.claims[1].anchor[:40], timeout=WAIT_MS)
    tab_until(page, out, "el.type === 'radio'", "the verdict options")
    press(page, out, "ArrowDown")  # the next option is chosen
    focused = _plain(page.evaluate("() => document.activeElement.closest('label').textContent"))
    label, verdict = next((lab_, v) for lab_, v in VERDICTS if _plain(lab_) == focused)
    tab_until(page, out, "el.tagName === 'BUTTON' && el.textContent.includes('Check my verdict')", "the Check button")
    press(page, out, "Enter")
    _, message = verdict_feedback(art, art.claims[1].id, verdict)
    _expect()(out).to_contain_text(message, timeout=WAIT_MS)
    return f"keyboard: ArrowDown to claim {art.claims[1].id}, verdict {label!r} with ArrowDown, Enter on Check"


def kb07(lab: LabPage) -> str:
    """Vote simulator: Tab to "of whom vote against", ArrowUp; Tab to the rule, ArrowDown; Tab to
    the real-vote button, Enter."""
    from kit.procedure import REAL_VOTE
    from kit.votes import RULES, vote_from_act

    real = vote_from_act(_art().get(REAL_VOTE))
    page = lab.page
    first = control(page, "text", "Members taking part")
    out = output_of(first)
    against = control(page, "text", "of whom vote against").locator("input")
    _start(first.locator("input"))
    tab_until(page, out,
              "el.closest('.widget-text') && el.closest('.widget-text').textContent.includes('vote against')",
              "the votes-against field")
    press(page, out, "ArrowUp")
    _expect()(against).to_have_value(str(real.against + 1), timeout=WAIT_MS)
    _expect()(out).to_contain_text("Simulated numbers: this is not what happened.", timeout=WAIT_MS)
    tab_until(page, out, "el.tagName === 'SELECT'", "the majority-rule menu")
    press(page, out, "ArrowDown")
    second = list(RULES.values())[1]
    _expect()(out).to_contain_text(f"Votes for needed ({second.label})", timeout=WAIT_MS)
    tab_until(page, out, "el.tagName === 'BUTTON' && el.textContent.includes('Real vote of')", "the real-vote button")
    press(page, out, "Enter")
    _expect()(out).to_contain_text("These are the real figures", timeout=WAIT_MS)
    _expect()(against).to_have_value(str(real.against), timeout=WAIT_MS)
    return f"keyboard: ArrowUp on votes against, ArrowDown to rule {second.label!r}, Enter on the real-vote button"


def kb09(lab: LabPage) -> str:
    """Predict then reveal: ArrowDown to the next fact, Tab to the first account, Space to tick it,
    Tab on to Reveal, Enter; the verdict on the guess appears."""
    from kit.accounts import load_accounts
    from kit.comparison_views import fact_matrix, prediction_feedback

    matrix = fact_matrix(load_accounts(_art()))
    page = lab.page
    out = page.locator(".jp-Notebook .jp-OutputArea-output").filter(
        has=page.locator(".widget-checkbox")).filter(has_text="Reported by:").first
    menu = out.locator(".widget-dropdown").first
    select = menu.locator("select")
    index = selected(select)
    assert index + 1 < len(matrix.facts), "the fact menu starts on its last fact"
    _start(select)
    press(page, out, "ArrowDown")
    fact_id = matrix.facts[index + 1][0]
    assert selected(select) == index + 1, "ArrowDown did not choose the next fact"
    _expect()(out).to_contain_text("Tick your guess first", timeout=WAIT_MS)
    tab_until(page, out, "el.type === 'checkbox'", "the first account's checkbox")
    first = out.locator("input[type=checkbox]").first
    was = first.is_checked()  # the mouse interaction may have ticked it already
    press(page, out, "Space")
    (_expect()(first).not_to_be_checked if was else _expect()(first).to_be_checked)(timeout=WAIT_MS)
    tab_until(page, out, "el.tagName === 'BUTTON' && /Reveal/.test(el.textContent)", "the Reveal button")
    press(page, out, "Enter")
    account = matrix.accounts[0]
    ticked = out.locator("input[type=checkbox]").evaluate_all("els => els.map((e) => e.checked)")
    picked = [a.id for a, on in zip(matrix.accounts, ticked, strict=True) if on]
    head = prediction_feedback(matrix, fact_id, picked).text.splitlines()[0]
    _expect()(out).to_contain_text(head, timeout=WAIT_MS)
    tab_until(page, out, "el.type === 'checkbox'", "back to a checkbox", key="Shift+Tab")
    return (f"keyboard: ArrowDown to fact {fact_id!r}, Space on {account.display_label!r} "
            f"({'untick' if was else 'tick'}), Enter on Reveal, Shift+Tab back")


KEYBOARD: dict[str, Callable[[LabPage], str]] = {"03": kb03, "07": kb07, "09": kb09}
