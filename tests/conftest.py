"""Fixtures shared by the browser tests (tests/browser) and the hub tests (tests/hub)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


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
