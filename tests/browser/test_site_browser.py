"""The built site in a real browser: navigation, tags, cross-topic links, search, dark mode, the entries
table's filters, permalinks and the mobile layout, driven through headless Chromium.

Expected counts come from the catalogue itself (`llmreads export json`), never from the page under test.
Every test opens its own browser context and fails on any console error, uncaught script error or request
that leaves the local server.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from conftest import ARTIFACTS, DATA, run

pytestmark = pytest.mark.browser

TOPICS = ["attention", "tokenization", "fine-tuning", "inference", "security"]
MOBILE = {"width": 375, "height": 812}


@pytest.fixture(scope="module")
def catalogue() -> dict[str, Any]:
    """The committed catalogue as `llmreads export json` writes it."""
    result = run("--data", str(DATA), "export", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


class Tab:
    """A page in a fresh context that records console errors, uncaught errors and requests off the server."""

    def __init__(self, page: Any, base: str) -> None:
        self.page, self.base = page, base
        origin = "{0.scheme}://{0.netloc}/".format(urlsplit(base))
        self.problems: list[str] = []
        page.on("console", lambda m: self.problems.append(f"console error: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda exc: self.problems.append(f"uncaught error: {exc}"))
        page.on("request", lambda r: None if r.url.startswith(origin) else self.problems.append(f"request: {r.url}"))

    def open(self, path: str = "") -> Any:
        self.page.goto(self.base + path)
        return self.page

    def h1(self) -> str:
        """The page's H1 without its permalink sign."""
        return str(self.page.locator(".md-content h1").first.evaluate(
            "h => { const c = h.cloneNode(true); c.querySelectorAll('.headerlink').forEach(a => a.remove());"
            " return c.textContent.trim(); }"))

    def path(self) -> str:
        """The current URL, relative to the site root (with its fragment)."""
        url: str = self.page.url
        assert url.startswith(self.base), url
        return url.removeprefix(self.base)

    def scheme(self) -> str | None:
        value = self.page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        return None if value is None else str(value)

    def assert_clean(self) -> None:
        assert not self.problems, "\n".join(self.problems)


def _tab(browser: Any, base: str, **options: Any) -> Iterator[Tab]:
    context = browser.new_context(**options)
    context.set_default_timeout(15_000)
    try:
        yield Tab(context.new_page(), base)
    finally:
        context.close()


@pytest.fixture
def tab(browser: Any, site_url: str) -> Iterator[Tab]:
    yield from _tab(browser, site_url)


@pytest.fixture
def mobile(browser: Any, site_url: str) -> Iterator[Tab]:
    yield from _tab(browser, site_url, viewport=MOBILE, is_mobile=True, has_touch=True)


def _in(topic: str, catalogue: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in catalogue["entries"] if topic in e["topics"]]


def _title(topic: str, catalogue: dict[str, Any]) -> str:
    return str(next(t["title"] for t in catalogue["topics"] if t["id"] == topic))


def _screenshot(tab: Tab, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / name
    tab.page.screenshot(path=str(target), full_page=True)
    assert target.stat().st_size > 10_000, f"{target} looks empty"


# --------------------------------------------------------------------------------------------- navigation


def test_home(tab: Tab, catalogue: dict[str, Any]) -> None:
    page = tab.open()
    assert tab.h1() == "A curated LLM reading list"
    assert page.title() == "A curated LLM reading list - llmreads"
    grid = page.locator(".lr-topics strong")
    assert grid.all_text_contents() == [t["title"] for t in catalogue["topics"]]
    assert page.get_by_role("navigation", name="Tabs").is_visible()
    _screenshot(tab, "home.png")
    tab.assert_clean()


@pytest.mark.parametrize("topic", TOPICS)
def test_topic_reached_through_tabs_and_navigation(topic: str, tab: Tab, catalogue: dict[str, Any]) -> None:
    """Home → the Topics tab → the topic in the side navigation: its page, heading and cards."""
    page = tab.open()
    title = _title(topic, catalogue)
    page.get_by_role("navigation", name="Tabs").get_by_role("link", name="Topics", exact=True).click()
    page.wait_for_url(tab.base + "topics/")
    page.locator(".md-sidebar--primary").get_by_role("link", name=title, exact=True).click()
    page.wait_for_url(tab.base + f"topics/{topic}/")
    assert tab.h1() == title
    assert page.title() == f"{title} - llmreads"
    expected = _in(topic, catalogue)
    cards = page.locator("article.lr-card")
    assert cards.count() == len(expected) > 0
    assert sorted(cards.evaluate_all("cards => cards.map(c => c.id)")) == sorted(e["id"] for e in expected)
    assert page.locator(".lr-count").text_content() == f"{len(expected)} entries"
    for card in cards.all()[:3]:
        assert card.locator(".lr-card__title").text_content()
        assert card.is_visible()
    if topic == "attention":
        _screenshot(tab, "attention.png")
    tab.assert_clean()


def test_tag_link_leads_to_its_tag_page(tab: Tab, catalogue: dict[str, Any]) -> None:
    page = tab.open("topics/attention/")
    card = page.locator("article.lr-card").filter(has=page.locator(".lr-tag")).first
    card_id = card.get_attribute("id")
    link = card.locator("a.lr-tag").first
    tag = link.text_content().removeprefix("#")
    link.click()
    page.wait_for_url(tab.base + f"tags/{tag}/")
    assert tab.h1() == f"#{tag}"
    tagged = [e["id"] for e in catalogue["entries"] if tag in e["tags"]]
    assert sorted(page.locator("article.lr-card").evaluate_all("cards => cards.map(c => c.id)")) == sorted(tagged)
    assert page.locator(f"article.lr-card[id='{card_id}']").count() == 1
    assert page.locator(".lr-lead").text_content().startswith(f"{len(tagged)} entries tagged {tag}.")
    tab.assert_clean()


def test_also_in_link_targets_the_card_on_the_other_topic(tab: Tab, catalogue: dict[str, Any]) -> None:
    page = tab.open("topics/attention/")
    card = page.locator("article.lr-card").filter(has=page.locator(".lr-card__also a")).first
    card_id = card.get_attribute("id")
    entry = next(e for e in catalogue["entries"] if e["id"] == card_id)
    link = card.locator(".lr-card__also a").first
    other = next(t for t in entry["topics"] if t != "attention")
    assert link.text_content() == _title(other, catalogue)
    link.click()
    page.wait_for_url(tab.base + f"topics/{other}/#{card_id}")
    assert tab.h1() == _title(other, catalogue)
    assert page.evaluate("document.querySelector(':target')?.id") == card_id
    target = page.locator(f"article.lr-card[id='{card_id}']")
    assert target.evaluate("el => el.matches(':target')")
    _assert_scrolled_into_view(tab, card_id)
    tab.assert_clean()


def _assert_scrolled_into_view(tab: Tab, anchor: str) -> None:
    """The anchored element is in the viewport, below the sticky header, and the page scrolled to it."""
    top, bottom, header, height, scroll, offset = tab.page.evaluate(
        """id => { const el = document.getElementById(id), r = el.getBoundingClientRect();
        return [r.top, r.bottom, document.querySelector('.md-header').getBoundingClientRect().bottom,
                innerHeight, scrollY, r.top + scrollY]; }""", anchor)
    assert header <= top < height, f"#{anchor} is at {top}px; header ends at {header}px, viewport {height}px"
    assert bottom > top
    if offset > height:
        assert scroll > 0, f"#{anchor} is {offset}px down but the page did not scroll"


def test_permalink_scrolls_to_the_card(tab: Tab) -> None:
    page = tab.open("topics/attention/#attention-is-all-you-need")
    page.wait_for_load_state("load")
    assert page.evaluate("document.querySelector(':target')?.id") == "attention-is-all-you-need"
    assert page.locator("article.lr-card:target .lr-card__title").text_content() == "Attention Is All You Need"
    _assert_scrolled_into_view(tab, "attention-is-all-you-need")
    tab.assert_clean()


# --------------------------------------------------------------------------------------------- search and theme


def test_search_finds_the_transformer_paper(tab: Tab, catalogue: dict[str, Any]) -> None:
    page = tab.open("about/")
    page.wait_for_load_state("load")
    assert not page.evaluate("performance.getEntriesByType('resource').some(r => r.name.includes('/pagefind/'))"), \
        "the search index loads before the reader searches"
    page.keyboard.press("/")
    box = page.get_by_role("textbox", name="Search")
    assert box.evaluate("el => el === document.activeElement"), "'/' does not focus the search box"
    box.press_sequentially("Attention Is All You Need")
    results = page.locator(".md-search-result__item")
    results.first.wait_for()
    assert re.fullmatch(r"\d+ matching documents?", page.locator(".md-search-result__meta").text_content() or "")
    hit = results.filter(has=page.locator("h1", has_text=re.compile(r"^Attention Is All You Need$"))).first
    entry = next(e for e in catalogue["entries"] if e["id"] == "attention-is-all-you-need")
    facts = hit.locator(".lr-search__facts").text_content() or ""
    assert {str(entry["year"]), entry["kind"], entry["level"]} <= set(facts.split(" · ")), facts
    hit.locator("a").first.click()
    page.wait_for_url(re.compile(re.escape(tab.base + "entries/attention-is-all-you-need/") + r"(\?.*)?$"))
    assert tab.h1() == "Attention Is All You Need"
    assert page.locator(".lr-entry__go a").get_attribute("href") == entry["url"]
    page.locator("[data-pagefind-body] mark").first.wait_for()  # the words searched for, highlighted
    tab.assert_clean()


def test_search_opens_with_s_and_closes_with_escape(tab: Tab) -> None:
    page = tab.open()
    page.wait_for_load_state("load")
    page.keyboard.press("s")
    page.wait_for_function("document.getElementById('__search').checked")
    page.keyboard.type("tokeniz")
    page.locator(".md-search-result__item").first.wait_for()
    page.keyboard.press("Escape")
    page.wait_for_function("!document.getElementById('__search').checked")
    tab.assert_clean()


def _requests(page: Any) -> list[str]:
    """The URLs the page and Pagefind's worker request from now on (the worker's are not in the page's timing)."""
    urls: list[str] = []
    page.on("request", lambda r: urls.append(r.url))
    return urls


def _under(urls: list[str], part: str) -> list[str]:
    return [u for u in urls if f"/pagefind/{part}/" in u]


def _ten_shown(page: Any) -> None:
    """Wait for the first ten results (the first is shown as soon as it is there, the other nine after it)."""
    page.wait_for_function("document.querySelectorAll('.md-search-result__item').length >= 10")


def _type_search(page: Any, query: str) -> Any:
    """Open the search box with `/` once the page's scripts are ready, type `query`, return the box.

    Typed before the keyboard handlers are attached, the first keys would be lost (and the query be
    another one), so the test waits for the page's load and for the box to have the focus."""
    page.wait_for_load_state("load")
    page.keyboard.press("/")
    page.wait_for_function("document.activeElement && document.activeElement.matches('input.md-search__input')")
    page.keyboard.type(query)
    box = page.get_by_role("textbox", name="Search")
    assert box.input_value() == query
    return box


def test_search_shows_ten_results_then_more_on_scroll(tab: Tab) -> None:
    """A query with many answers fetches the fragments of the results shown, not of every match; scrolling
    the list to its end shows the next ones. No filter index is fetched for the header search."""
    page = tab.open("about/")
    fetched = _requests(page)
    _type_search(page, "attention")
    results = page.locator(".md-search-result__item")
    results.first.wait_for()
    _ten_shown(page)
    total = int((page.locator(".md-search-result__meta").text_content() or "").split()[0])
    assert total > 20, "the catalogue should have more than 20 entries about attention"
    assert results.count() == 10
    assert 10 <= len(_under(fetched, "fragment")) < total
    page.locator(".md-search__scrollwrap").evaluate("el => { el.scrollTop = el.scrollHeight; }")
    page.wait_for_function("document.querySelectorAll('.md-search-result__item').length > 10")
    titles = results.locator("h1").all_text_contents()
    assert len(titles) == len(set(titles)), "a result is shown twice"
    assert not _under(fetched, "filter")
    tab.assert_clean()


def test_search_index_loads_when_the_box_gets_focus(tab: Tab) -> None:
    """Nothing of the search loads with the page; focusing the box (before any key) starts loading Pagefind's
    code, wasm and metadata, through the site's own worker: Pagefind's worker is never fetched."""
    page = tab.open("about/")
    fetched = _requests(page)
    page.wait_for_load_state("networkidle")
    assert not [u for u in fetched if "/pagefind/" in u or "search-worker" in u], fetched
    with page.expect_request(re.compile(r"/pagefind/wasm\.\w+\.pagefind$")):
        page.get_by_role("textbox", name="Search").focus()
    assert page.evaluate("document.getElementById('__search').checked"), "the dialog did not open"
    page.wait_for_load_state("networkidle")
    names = {u.rsplit("/", 1)[1].split("?")[0] for u in fetched}
    assert {"search-worker.js", "pagefind.js", "pagefind-entry.json"} <= names, names
    assert any(n.endswith(".pf_meta") for n in names), names
    assert "pagefind-worker.js" not in names
    assert not _under(fetched, "index") and not _under(fetched, "fragment"), "fetched before a word was typed"
    tab.assert_clean()


def test_search_works_without_workers(tab: Tab) -> None:
    """A browser that cannot start the search worker runs the same search on the page."""
    tab.page.add_init_script("window.Worker = function () { throw new Error('no workers here'); };")
    page = tab.open("about/")
    fetched = _requests(page)
    _type_search(page, "tokenizer")
    _ten_shown(page)
    assert re.fullmatch(r"\d+ matching documents?", page.locator(".md-search-result__meta").text_content() or "")
    assert page.locator(".md-search-result__item h1").count() == 10
    assert "search-worker.js" in {u.rsplit("/", 1)[1] for u in fetched}
    tab.assert_clean()


def test_search_shows_the_newest_query_only(tab: Tab) -> None:
    """Typed quickly, a query's earlier states never end up on screen: the answer is the last query's."""
    page = tab.open("about/")
    box = _type_search(page, "tokenizer")
    page.locator(".md-search-result__item").first.wait_for()
    box.fill("")
    page.keyboard.type("zzz-no-such-word")
    page.wait_for_function("document.querySelector('.md-search-result__meta').textContent === 'No matching documents'")
    page.wait_for_timeout(500)  # an earlier answer arriving late would replace it
    assert page.locator(".md-search-result__meta").text_content() == "No matching documents"
    assert page.locator(".md-search-result__item").count() == 0
    tab.assert_clean()


def test_dark_mode_toggle_persists_across_navigation(tab: Tab) -> None:
    page = tab.open()
    assert tab.scheme() == "default"
    page.get_by_title("Switch to dark mode").click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    assert page.get_by_title("Switch to light mode").is_visible()
    page.get_by_role("navigation", name="Tabs").get_by_role("link", name="All entries", exact=True).click()
    page.wait_for_url(tab.base + "entries/")
    assert tab.scheme() == "slate"
    page.reload()
    assert tab.scheme() == "slate"
    page.get_by_title("Switch to light mode").click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'default'")
    tab.assert_clean()


# --------------------------------------------------------------------------------------------- entries table


def _matches(catalogue: dict[str, Any], topic: str = "", kind: str = "", level: str = "", year: str = "",
             text: str = "") -> list[dict[str, Any]]:
    """The entries a filter must keep: topic among its topics; kind, level, year equal; text a word of the
    title or an author (the search index also reads the note, so it may find more with text)."""
    def keep(e: dict[str, Any]) -> bool:
        words = re.findall(r"\w+", " ".join([e["title"], *e["authors"]]).lower())
        return ((not topic or topic in e["topics"]) and (not kind or e["kind"] == kind)
                and (not level or e["level"] == level) and (not year or str(e["year"]) == year)
                and (not text or text.strip().lower() in words))
    return [e for e in catalogue["entries"] if keep(e)]


def _expected(catalogue: dict[str, Any], **chosen: str) -> int:
    return len(_matches(catalogue, **chosen))


def _all_rows(page: Any) -> list[str]:
    """Click "Show more" until every result is a row; return the rows' titles."""
    more = page.locator("#lr-more")
    while more.is_visible():
        before = page.locator(".lr-table tbody tr").count()
        more.click()
        page.wait_for_function(f"document.querySelectorAll('.lr-table tbody tr').length > {before}")
    return [str(t) for t in page.locator(".lr-table tbody tr td:first-child").all_text_contents()]


FILTERS = [
    {"topic": "attention"},
    {"kind": "paper"},
    {"level": "advanced"},
    {"year": "2023"},
    {"text": "attention"},
    {"topic": "inference", "kind": "article"},
    {"topic": "fine-tuning", "level": "intermediate", "year": "2023"},
    {"kind": "paper", "level": "advanced", "text": "Vaswani"},
    {"topic": "security", "kind": "video", "level": "intro", "year": "2017", "text": "zzz-no-such-entry"},
]


def _count_text(n: int) -> str:
    return f"{n} {'entry' if n == 1 else 'entries'}"


@pytest.mark.parametrize("chosen", FILTERS, ids=lambda f: ",".join(f"{k}={v}" for k, v in f.items()))
def test_entries_table_filters(chosen: dict[str, str], tab: Tab, catalogue: dict[str, Any]) -> None:
    page = tab.open("entries/")
    form = page.locator("#lr-filters")
    rows = page.locator(".lr-table tbody tr")
    total = len(catalogue["entries"])
    assert rows.count() == min(50, total)
    assert form.locator("output").text_content() == f"{total} entries"
    for name in ("topic", "kind", "level", "year"):
        if name in chosen:
            form.locator(f"select[name='{name}']").select_option(chosen[name])
    if "text" in chosen:
        form.locator("input[name='q']").fill(chosen["text"])
    wanted = _matches(catalogue, **chosen)
    if "text" in chosen:  # the index also matches the note: at least every title or author with the word
        page.wait_for_function(f"document.querySelector('#lr-filters output').value !== '{total} entries'")
        shown = _all_rows(page)
        assert {squash(e["title"]) for e in wanted} <= set(shown)
        assert form.locator("output").text_content() == _count_text(len(shown))
    else:
        page.wait_for_function(f"document.querySelector('#lr-filters output').value === '{_count_text(len(wanted))}'")
        shown = _all_rows(page)
        assert sorted(shown) == sorted(squash(e["title"]) for e in wanted)
    if "topic" in chosen:
        title = next(t["title"] for t in catalogue["topics"] if t["id"] == chosen["topic"])
        topics = rows.evaluate_all("rows => rows.map(r => JSON.parse(r.dataset.topics))")
        assert all(title in t for t in topics)
    tab.assert_clean()


def test_entries_filtered_by_kind_fetch_one_index_chunk(tab: Tab, built_site: Path,
                                                        catalogue: dict[str, Any]) -> None:
    """Filters without text fetch one chunk of the word index and the chosen filter's index, not all of
    them (a Pagefind search for nothing fetches every chunk), and a fragment per row shown, not per match."""
    page = tab.open("entries/")
    fetched = _requests(page)
    page.locator("#lr-filters select[name='kind']").select_option("paper")
    papers = _expected(catalogue, kind="paper")
    page.wait_for_function(f"document.querySelector('#lr-filters output').value === '{_count_text(papers)}'")
    assert papers > 20
    assert page.locator(".lr-table tbody tr").count() == 20
    chunks = list((built_site / "pagefind" / "index").iterdir())
    assert len(chunks) > 1
    assert len(_under(fetched, "index")) == 1
    assert len(_under(fetched, "filter")) == 1
    assert len(_under(fetched, "fragment")) == 20
    tab.assert_clean()


def squash(text: str) -> str:
    return " ".join(text.split())


def test_entries_filters_cover_every_option(tab: Tab, catalogue: dict[str, Any]) -> None:
    """Each option of each select finds exactly as many entries as the data says."""
    page = tab.open("entries/")
    form = page.locator("#lr-filters")
    mismatches = []
    for name in ("topic", "kind", "level", "year"):
        select = form.locator(f"select[name='{name}']")
        for value in select.locator("option").evaluate_all("options => options.map(o => o.value)"):
            select.select_option(value)
            expected = _count_text(_expected(catalogue, **{name: value}) if value else len(catalogue["entries"]))
            try:
                page.wait_for_function(f"document.querySelector('#lr-filters output').value === '{expected}'",
                                       timeout=5_000)
            except Exception:
                mismatches.append(f"{name}={value!r}: {form.locator('output').text_content()!r}; expected {expected}")
        select.select_option("")
    assert not mismatches, "\n".join(mismatches)
    options = form.locator("select[name='year'] option").evaluate_all("o => o.map(x => x.value)")
    assert options[1:] == [str(y) for y in sorted({e["year"] for e in catalogue["entries"] if e["year"]},
                                                   reverse=True)]
    tab.assert_clean()


# --------------------------------------------------------------------------------------------- mobile


def test_mobile_drawer_opens(mobile: Tab) -> None:
    page = mobile.open("topics/attention/")
    hamburger = page.locator("label.md-header__button[for='__drawer']")
    assert hamburger.is_visible()
    assert not page.locator(".md-tabs").is_visible()
    sidebar = page.locator(".md-sidebar--primary")
    box = sidebar.bounding_box()
    assert box is None or box["x"] + box["width"] <= 0, "the drawer shows before it is opened"
    hamburger.click()
    page.wait_for_function("document.getElementById('__drawer').checked")
    page.wait_for_function("document.querySelector('.md-sidebar--primary').getBoundingClientRect().left >= 0")
    assert sidebar.get_by_role("link", name="Topics").first.is_visible()
    _screenshot(mobile, "attention-mobile-drawer.png")
    mobile.assert_clean()


@pytest.mark.parametrize("path", [f"topics/{t}/" for t in TOPICS] + ["", "entries/attention-is-all-you-need/"])
def test_mobile_page_has_no_horizontal_overflow(path: str, mobile: Tab) -> None:
    page = mobile.open(path)
    width, inner = page.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
    assert inner == MOBILE["width"]
    assert width <= inner + 1, f"/{path} is {width}px wide in a {inner}px viewport"
    if path.startswith("topics/"):
        assert page.locator("article.lr-card").first.is_visible()
    mobile.assert_clean()
