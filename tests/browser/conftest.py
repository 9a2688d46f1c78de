"""Fixtures for the real-browser tests: one JupyterLab server and one Chromium per session.

Without /usr/bin/chromium (or the playwright package) the tests skip with the install command;
with CI=true they fail instead, so CI can never pass by skipping them.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

from .lab import LabPage, LabServer, browser_unavailable, in_ci, launch_chromium, notebooks_dir

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext


@pytest.fixture(scope="session")
def browser_ready() -> None:
    reason = browser_unavailable()
    if reason is None:
        return
    if in_ci():
        pytest.fail(f"{reason} (CI=true: browser tests must run, not skip)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def lab_server(browser_ready: None,
               tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    """JupyterLab on 127.0.0.1 with a token, serving a temporary copy of the notebooks."""
    with LabServer(tmp_path_factory.mktemp("jupyterlab"), notebooks_dir()) as server:
        yield server


@pytest.fixture(scope="session")
def browser_context(browser_ready: None, playwright_driver: Any,
                    tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    """Debian's Chromium, headless, with a fresh profile; shared by every test."""
    context = launch_chromium(playwright_driver, tmp_path_factory.mktemp("chromium-profile"))
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def lab_page(lab_server: LabServer, browser_context: BrowserContext) -> Iterator[LabPage]:
    """A new tab for one test; its kernels are shut down afterwards."""
    page = browser_context.new_page()
    try:
        yield LabPage(page, lab_server)
    finally:
        page.close()
        lab_server.shutdown_kernels()
