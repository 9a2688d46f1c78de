"""Every lesson notebook, run top to bottom in JupyterLab in a real Chromium.

What a learner would see go wrong fails the test: an error or traceback, a widget that shows
"Loading widget..." or "Error displaying widget" (or its raw model_id) instead of a control, and
errors in the browser console. A full-page screenshot of each run lands in
test-artifacts/screenshots/ whether the test passes or not.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from .lab import LabPage, lesson_notebooks

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("notebook", lesson_notebooks(), ids=lambda p: p.stem)
def test_notebook_runs_cleanly_in_jupyterlab(lab_page: LabPage, notebook: Path) -> None:
    lab_page.open_and_run(notebook.name)
    lab_page.screenshot(notebook.stem)
    problems = lab_page.problems()
    assert not problems, f"{notebook.name} in JupyterLab:\n" + "\n".join(problems)
