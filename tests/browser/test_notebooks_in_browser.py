"""Every lesson notebook, run top to bottom in JupyterLab in a real Chromium, then used.

Each notebook is opened and run once (a module-scoped fixture), and two tests look at that run:

- ``test_notebook_runs_cleanly_in_jupyterlab``: nothing a learner would see go wrong (an error or
  traceback, a widget that shows "Loading widget..." or "Error displaying widget" or its raw
  model_id instead of a control, errors in the browser console);
- ``test_main_interaction``: the lesson's main widget works when clicked, typed into or moved with
  the keyboard in the page (tests/browser/interactions.py, one function per notebook), with no new
  problem afterwards.

Full-page screenshots land in test-artifacts/screenshots/: ``NN-name.png`` after the run and
``NN-name-interaction.png`` after the interaction, whether the tests pass or not.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from .interactions import INTERACTIONS
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


def test_every_lesson_has_an_interaction() -> None:
    prefixes = {p.name[:2] for p in NOTEBOOKS}
    assert prefixes <= set(INTERACTIONS), f"no interaction for {sorted(prefixes - set(INTERACTIONS))}"
