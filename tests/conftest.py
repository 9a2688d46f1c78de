"""Fixtures shared by the tests: the Playwright driver (tests/browser, tests/hub) and the in-process
lesson runs that several test files read (tests/lesson_run.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from lesson_run import NOTEBOOKS, ShellCell, run_in_shell


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Any]:
    """The one Playwright driver of the test session.

    Playwright's sync API runs an event loop for as long as it is open, and refuses a second one
    inside it ("using Playwright Sync API inside the asyncio loop"), so every module that drives
    Chromium takes its browser contexts from this driver instead of starting its own.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def lesson_in_shell(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., list[ShellCell]]:
    """``run(lesson, article, data=None)``: a lesson run cell by cell in an in-process IPython shell.

    The run is made once per (lesson, article, data folder) and its record kept for the session:
    tests/test_every_lesson_on_every_article.py (errors) and tests/test_student_visible_text.py
    (what the student reads) each assert on the same run instead of running the lesson twice. Each
    run has ``KIT_ARTICLE`` (and ``KIT_DATA`` when given) set, a progress folder of its own and the
    notebooks folder as working directory, as in a kernel started by Jupyter.
    """
    runs: dict[tuple[str, str, str | None], list[ShellCell]] = {}

    def run(lesson: Path, article: str, data: Path | None = None) -> list[ShellCell]:
        key = (str(lesson), article, None if data is None else str(data))
        if key not in runs:
            with pytest.MonkeyPatch.context() as mp:
                mp.setenv("KIT_ARTICLE", article)
                if data is not None:
                    mp.setenv("KIT_DATA", str(data))
                mp.setenv("KIT_PROGRESS_DIR", str(tmp_path_factory.mktemp("progress")))
                mp.chdir(NOTEBOOKS)
                runs[key] = run_in_shell(lesson)
        return runs[key]

    return run
