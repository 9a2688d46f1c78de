"""The student view without code: two lessons served by Voila, used in Debian's Chromium.

Each lesson is rendered with the kit's Voila settings (the ones installed with the kit, which
``tasks.py voila``, Binder and the hub use): the page shows text, widgets and charts but no code
cell, no error, and makes no request beyond 127.0.0.1 (every other request is aborted and
reported: Font Awesome or MathJax from a CDN would show up here). Then the lesson's main
interaction (tests/browser/interactions.py, the same one as in JupyterLab) works in the page.
Screenshots: test-artifacts/screenshots/voila-NN-*.png.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser.interactions import INTERACTIONS
from browser.lab import SCREENSHOTS

from .voila import VoilaPage, VoilaServer

pytestmark = pytest.mark.hub
LESSONS = ["03-claims-and-evidence.ipynb", "07-reading-a-vote.ipynb"]


@pytest.fixture(scope="module")
def voila_server(chromium: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[VoilaServer]:
    with VoilaServer(tmp_path_factory.mktemp("voila")) as server:
        yield server


def _screenshot(page: Any, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.mark.parametrize("notebook", LESSONS, ids=[n[:2] for n in LESSONS])
def test_lesson_in_voila(notebook: str, voila_server: VoilaServer, chromium: Any) -> None:
    import nbformat

    cells = nbformat.read(voila_server.root / "notebooks" / notebook, as_version=4).cells
    code = [line.strip() for c in cells if c.cell_type == "code" for line in c.source.splitlines()
            if len(line.strip()) > 12 and not line.strip().startswith("#")]
    assert code, f"{notebook} has no code to hide"
    view = VoilaPage(chromium.new_page())
    try:
        view.open(voila_server, notebook)
        _screenshot(view.page, f"voila-{Path(notebook).stem}")
        before = view.problems(code)
        assert not before, f"{notebook} in Voila:\n" + "\n".join(before) + "\n" + voila_server.log_tail()
        widgets = view.page.locator("#rendered_cells .jupyter-widgets").count()
        assert widgets > 0, f"{notebook}: no widget on the Voila page"
        done = INTERACTIONS[notebook[:2]](view)  # type: ignore[arg-type]  (only .page is used)
        _screenshot(view.page, f"voila-{Path(notebook).stem}-interaction")
        after = view.problems(code)
        assert not after, f"{notebook} in Voila, after {done}:\n" + "\n".join(after)
    finally:
        view.page.close()
