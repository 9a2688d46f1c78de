"""Notebook 00, driven as a learner would: change its first control and watch the output react.

HOOK for notebook 00's author: notebook 00 is to contain a widget built by ``kit`` (a slider or
a dropdown). Until its markup is settled this test uses the first ``.jupyter-widgets`` slider or
dropdown it finds. Once the widget exists, replace ``change_first_control`` with steps that name
it (for example its ``description`` label) and assert on the exact output the lesson promises
(a tally, a chart title) instead of "some output changed".
"""
from __future__ import annotations

import pytest

from .lab import JS_OUTPUTS_FINGERPRINT, LabPage, lesson_notebooks

pytestmark = pytest.mark.browser

NOTEBOOK_00 = next((p for p in lesson_notebooks() if p.name.startswith("00-")), None)
SLIDER = ".jp-Notebook .widget-slider .noUi-handle"
DROPDOWN = ".jp-Notebook .widget-dropdown select"


def change_first_control(lab_page: LabPage) -> str:
    """Move the first slider one step right, or pick another option in the first dropdown
    (whichever comes first in the notebook); return what was done."""
    page = lab_page.page
    controls = page.locator(f"{SLIDER}, {DROPDOWN}")
    if controls.count() == 0:
        pytest.fail(f"{NOTEBOOK_00.name} shows no slider or dropdown after running; "
                    "notebook 00 is meant to have kit's widget", pytrace=False)
    control = controls.first
    control.scroll_into_view_if_needed()
    if control.evaluate("el => el.tagName") == "SELECT":
        options = control.evaluate("s => Array.from(s.options).map(o => o.value)")
        current = control.input_value()
        other = next((o for o in options if o != current), None)
        if other is None:
            pytest.fail(f"the first dropdown has only one option ({current!r})", pytrace=False)
        control.select_option(other)
        return f"dropdown: {current!r} -> {other!r}"
    before = control.get_attribute("aria-valuenow")
    control.focus()
    control.press("ArrowRight")
    return f"slider: {before} -> {control.get_attribute('aria-valuenow')}"


@pytest.mark.skipif(NOTEBOOK_00 is None, reason="there is no notebooks/00-*.ipynb yet")
def test_changing_the_first_control_updates_an_output(lab_page: LabPage) -> None:
    page = lab_page.open_and_run(NOTEBOOK_00.name)
    before = page.evaluate(JS_OUTPUTS_FINGERPRINT)
    action = change_first_control(lab_page)
    try:
        page.wait_for_function(f"(before) => ({JS_OUTPUTS_FINGERPRINT})() !== before",
                               arg=before, timeout=15_000, polling=200)
    except Exception as exc:  # playwright's TimeoutError
        if type(exc).__name__ != "TimeoutError":
            raise
        lab_page.screenshot(f"{NOTEBOOK_00.stem}-interaction")
        pytest.fail(f"{action}: no output changed within 15 s", pytrace=False)
    lab_page.wait_for_widgets()
    page.wait_for_function(
        "() => { const k = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;"
        " return k && k.status === 'idle'; }", timeout=30_000)
    lab_page.screenshot(f"{NOTEBOOK_00.stem}-interaction")
    problems = lab_page.problems()
    assert not problems, f"after {action}:\n" + "\n".join(problems)
