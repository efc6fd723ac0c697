"""The real browser for the tests in this folder."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from conftest import CHROMIUM, CHROMIUM_FLAGS


# Module scope, not session: Playwright's sync API keeps an event loop running on the main
# thread while it is open, and asyncio.run() in any later test (the link checker's) would fail.
@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright. A missing browser is a failure, never a skip."""
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.exists(), "Chromium is missing: run scripts/ensure-chromium (make test does)"
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        try:
            yield instance
        finally:
            instance.close()
