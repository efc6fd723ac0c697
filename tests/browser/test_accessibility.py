"""Accessibility: axe-core (through axe-playwright-python) on the main page types, in light and dark scheme.

Any violation with impact "serious" or "critical" fails the test, with every offending rule, its impact,
the elements (CSS selectors) and axe's summary of what to fix. Minor and moderate findings are not gated
here. The scheme is chosen the way a visitor's system chooses it (prefers-color-scheme), and the page is
checked to have applied it before axe runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

PAGES = {
    "home": "",
    "attention topic": "topics/attention/",
    "entry": "entries/attention-is-all-you-need/",
    "all entries": "entries/",
}
SCHEMES = {"light": "default", "dark": "slate"}
GATED = ("serious", "critical")

#: Let transitions (the header, the tabs fading in) end, so colours are measured as a reader sees them.
SETTLE = "() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => null)))"


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


@pytest.fixture(params=list(SCHEMES))
def scheme(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def page(browser: Any, scheme: str) -> Iterator[Any]:
    context = browser.new_context(color_scheme=scheme, reduced_motion="reduce")
    context.set_default_timeout(15_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def report(violations: list[dict[str, Any]], where: str) -> str:
    """Violations as readable lines: rule, impact, what it means, then each element and how to fix it."""
    lines = [f"{len(violations)} serious/critical accessibility violation(s) on {where}:"]
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} [{len(v['nodes'])} element(s)] {v['helpUrl']}")
        for node in v["nodes"]:
            target = " ".join(" >> ".join(t) if isinstance(t, list) else str(t) for t in node["target"])
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    {target}: {summary}")
    return "\n".join(lines)


@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_accessibility_violations(name: str, scheme: str, page: Any, axe: Axe, site_url: str) -> None:
    page.goto(site_url + PAGES[name])
    page.wait_for_load_state("load")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == SCHEMES[scheme]
    page.evaluate(SETTLE)
    results = axe.run(page)
    violations = [v for v in results.response["violations"] if v["impact"] in GATED]
    if violations:
        pytest.fail(report(violations, f"/{PAGES[name]} ({name}, {scheme} scheme)"), pytrace=False)


def test_palette_toggle_gives_the_checked_dark_scheme(browser: Any, site_url: str, axe: Axe) -> None:
    """Dark mode chosen with the header toggle (not the system setting) is the scheme checked above."""
    context = browser.new_context(color_scheme="light", reduced_motion="reduce")
    try:
        page = context.new_page()
        page.goto(site_url + PAGES["attention topic"])
        page.get_by_title("Switch to dark mode").click()
        page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
        page.evaluate(SETTLE)
        violations = [v for v in axe.run(page).response["violations"] if v["impact"] in GATED]
        if violations:
            pytest.fail(report(violations, f"/{PAGES['attention topic']} (dark scheme via the toggle)"),
                        pytrace=False)
    finally:
        context.close()
