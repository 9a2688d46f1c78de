"""Fixtures for the hub and Voila tests: Debian's Chromium (as in tests/browser/), and the reason to
skip (or, with CI=true, to fail) when Chromium, the hub packages or configurable-http-proxy are
missing."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from browser.lab import browser_unavailable, in_ci, launch_chromium

from .harness import hub_unavailable


def _require(reason: str | None) -> None:
    if reason is None:
        return
    if in_ci():
        pytest.fail(f"{reason} (CI=true: the hub tests must run, not skip)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def chromium(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh Chromium profile for one test module (from the session's one Playwright driver)."""
    _require(browser_unavailable() or hub_unavailable())
    playwright = request.getfixturevalue("playwright_driver")
    context = launch_chromium(playwright, tmp_path_factory.mktemp("chromium-profile"))
    try:
        yield context
    finally:
        context.close()
