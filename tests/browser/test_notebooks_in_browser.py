"""Every lesson notebook, run top to bottom in JupyterLab in a real Chromium, then used.

Each notebook is opened and run once (a module-scoped fixture), and two tests look at that run:

- ``test_notebook_runs_cleanly_in_jupyterlab``: nothing a learner would see go wrong (an error or
  traceback, a widget that shows "Loading widget..." or "Error displaying widget" or its raw
  model_id instead of a control, errors in the browser console);
- ``test_main_interaction``: the lesson's main widget works when clicked, typed into or moved with
  the keyboard in the page (tests/browser/interactions.py, one function per notebook), with no new
  problem afterwards;
- ``test_accessible_after_run_all`` and ``test_accessible_after_interaction``: axe-core's WCAG 2 A/AA
  and 2.1 AA rules find nothing inside the outputs, every text and button colour there measures at
  least 4.5:1 (3:1 for large text), and every control shows a focus ring of 2 px at 3:1
  (tests/browser/a11y.py; JupyterLab's own interface is reported in test-artifacts/axe/, not failed);
- ``test_keyboard_only``: lessons 03, 07 and 09 used with the keyboard alone, arrows inside menus
  (tests/browser/keyboard.py).

Full-page screenshots land in test-artifacts/screenshots/: ``NN-name.png`` after the run and
``NN-name-interaction.png`` after the interaction, whether the tests pass or not.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from . import a11y
from .interactions import INTERACTIONS
from .keyboard import KEYBOARD
from .lab import LabPage, LabServer, lesson_notebooks

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext

pytestmark = pytest.mark.browser
NOTEBOOKS = lesson_notebooks()


@dataclass
class Run:
    notebook: Path
    lab: LabPage
    problems: list[str]
    error: str = ""  # set when the notebook could not even be opened and run


@pytest.fixture(scope="module", params=NOTEBOOKS, ids=lambda p: p.stem)
def run(request: pytest.FixtureRequest, lab_server: LabServer, browser_context: BrowserContext) -> Iterator[Run]:
    """One notebook opened and run in a fresh tab; its kernel is shut down after its tests."""
    notebook: Path = request.param
    page = browser_context.new_page()
    lab = LabPage(page, lab_server)
    try:
        try:
            lab.open_and_run(notebook.name)
            result = Run(notebook, lab, lab.problems())
        except Exception as exc:  # a timeout: both tests report it
            result = Run(notebook, lab, [], error=f"{type(exc).__name__}: {str(exc).splitlines()[0]}")
        lab.screenshot(notebook.stem)
        yield result
    finally:
        page.close()
        lab_server.shutdown_kernels()


def test_notebook_runs_cleanly_in_jupyterlab(run: Run) -> None:
    assert not run.error, f"{run.notebook.name} could not be run in JupyterLab: {run.error}"
    assert not run.problems, f"{run.notebook.name} in JupyterLab:\n" + "\n".join(run.problems)


def _accessibility(run: Run, when: str) -> None:
    if run.error:
        pytest.fail(f"{run.notebook.name} could not be run: {run.error}", pytrace=False)
    missing = a11y.axe_missing()
    if missing:
        pytest.fail(missing, pytrace=False)
    page = run.lab.page
    # the whole notebook after Run All (JupyterLab's own findings reported), its outputs only after the interaction
    findings = a11y.axe_findings(page, f"{run.notebook.stem}-{when}", outputs_only=(when != "run"))
    in_outputs = [f for f in findings if f["in_output"]]
    contrast, texts, buttons = a11y.contrast_problems(page)
    focus, controls = a11y.focus_problems(page) if when == "run" else ([], 0)
    a11y.write_report(f"{run.notebook.stem}-{when}-measured", {
        "texts_measured": texts, "buttons_measured": buttons, "controls_focused": controls,
        "contrast_problems": contrast, "focus_problems": focus,
        "axe_outside_outputs": len(findings) - len(in_outputs)})
    assert texts > 0, f"{run.notebook.name}: no text measured in the outputs (did the lesson show anything?)"
    problems = []
    if in_outputs:
        problems.append(f"axe-core, {len(in_outputs)} violation(s) inside the outputs:\n" + a11y.describe(in_outputs))
    if contrast:
        problems.append("contrast under WCAG AA:\n" + "\n".join(contrast))
    if focus:
        problems.append("focus ring missing or faint:\n" + "\n".join(focus))
    assert not problems, f"{run.notebook.name} after {when}:\n" + "\n".join(problems)


def test_accessible_after_run_all(run: Run) -> None:
    _accessibility(run, "run")


def test_main_interaction(run: Run) -> None:
    if run.error:
        pytest.fail(f"{run.notebook.name} could not be run, so it cannot be used: {run.error}", pytrace=False)
    interact = INTERACTIONS.get(run.notebook.name[:2])
    if interact is None:
        pytest.fail(f"{run.notebook.name} has no main interaction in tests/browser/interactions.py "
                    "INTERACTIONS: add one for the new lesson", pytrace=False)
    try:
        action = interact(run.lab)
    finally:
        run.lab.screenshot(f"{run.notebook.stem}-interaction")
    run.lab.wait_for_idle()
    new = [p for p in run.lab.problems() if p not in run.problems]
    assert not new, f"{run.notebook.name}, after {action}:\n" + "\n".join(new)


def test_accessible_after_interaction(run: Run) -> None:
    _accessibility(run, "interaction")


def test_keyboard_only(run: Run) -> None:
    journey = KEYBOARD.get(run.notebook.name[:2])
    if journey is None:
        pytest.skip("keyboard-only journeys are written for lessons 03, 07 and 09")
    if run.error:
        pytest.fail(f"{run.notebook.name} could not be run: {run.error}", pytrace=False)
    try:
        action = journey(run.lab)
    finally:
        run.lab.screenshot(f"{run.notebook.stem}-keyboard")
    run.lab.wait_for_idle()
    new = [p for p in run.lab.problems() if p not in run.problems]
    assert not new, f"{run.notebook.name}, after {action}:\n" + "\n".join(new)


def test_every_lesson_has_an_interaction() -> None:
    prefixes = {p.name[:2] for p in NOTEBOOKS}
    assert prefixes <= set(INTERACTIONS), f"no interaction for {sorted(prefixes - set(INTERACTIONS))}"
