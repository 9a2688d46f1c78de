"""The student route in a real Chromium: the student edition, as `python3 tasks.py lab --student` builds
and serves it, shows no solution cell and no answer text, and says on its first screen which edition it is.

Screenshots: test-artifacts/screenshots/student-NN-name.png.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from kit.exercises import load_exercises

from .interactions import WAIT_MS, _expect
from .lab import ROOT, LabPage, LabServer

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext

pytestmark = pytest.mark.browser
ALL = load_exercises()
NOTEBOOKS = ["01-anatomy-of-a-report.ipynb", "07-reading-a-vote.ipynb"]  # both have solution cells and answers


class StudentLab(LabServer):
    """JupyterLab serving a built student edition as its root, as `tasks.py lab --student` does."""

    def __init__(self, workdir: Path, edition: Path) -> None:
        super().__init__(workdir, edition / "notebooks")
        self.edition = edition

    def _prepare_root(self) -> None:
        shutil.copytree(self.edition, self.root_dir)


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("build")
    done = subprocess.run([sys.executable, "-m", "kit", "editions", "--out", str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return out / "student"


@pytest.fixture(scope="module")
def student_lab(browser_ready: None, edition: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[StudentLab]:
    with StudentLab(tmp_path_factory.mktemp("student-lab"), edition) as server:
        yield server


def _answers(name: str) -> list[str]:
    """What a student must not find on the page: explanations, model answers, the teacher's solutions."""
    nb = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))
    out = ["BEGIN SOLUTION", "Answer key"]
    for cell in nb["cells"]:
        src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if "solution" in cell.get("metadata", {}).get("tags", []):
            out += [line.strip() for line in src.splitlines() if len(line.strip()) > 12 and "SOLUTION" not in line]
        if "<details><summary>Show an answer" in src:
            body = src.split("</summary>", 1)[1]
            out += [s.strip() for s in body.replace("</details>", "").split(".") if len(s.strip()) > 40][:2]
    for ex in ALL.values():
        if ex.notebook == name[:-6]:
            out += [x for x in (ex.explanation, ex.model_answer) if len(x) > 20]
            out += [o.feedback for o in ex.options if len(o.feedback) > 30]
    return out


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_the_student_route_shows_no_solution_and_no_answer(name: str, student_lab: StudentLab,
                                                           browser_context: BrowserContext) -> None:
    page = browser_context.new_page()
    lab = LabPage(page, student_lab)
    try:
        lab.open_and_run(name)
        banner = page.locator(".jp-Notebook .jp-MarkdownOutput", has_text="Student edition.").first
        box = banner.bounding_box()
        assert box is not None and box["y"] < 900, "the edition is not named on the first screen"
        lab.screenshot(f"student-{name[:-6]}")
        text = page.locator(".jp-Notebook").inner_text()
        shown = [a for a in _answers(name) if a in text]
        assert not shown, shown
        assert not page.locator(".jp-Notebook .jp-Cell", has_text="BEGIN SOLUTION").count()
        first = page.locator(".kit-exercise").first
        first.get_by_role("button", name="Show answer").click()
        try:  # the callback's reply reaches the page; then nothing more is on its way from the kernel
            _expect()(first).to_contain_text(re.compile("ask your teacher", re.I), timeout=WAIT_MS)
        except AssertionError:
            pass  # reported by the assertion below, with what the box shows
        lab.wait_for_idle()
        assert "ask your teacher" in first.inner_text().lower()
        text = page.locator(".jp-Notebook").inner_text()
        assert not [a for a in _answers(name) if a in text]
        assert lab.problems() == []
    finally:
        page.close()
        student_lab.shutdown_kernels()
