"""The built site publishes the exports, and every page's <head> links the Atom feed."""

from __future__ import annotations

import json
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import bibtexparser
import pytest
from bs4 import BeautifulSoup
from conftest import DATA, run

from llmreads.catalog import Catalog

PUBLISHED = ["entries.json", "schema/entries.json", "references.bib", "feed.xml",
             "topics/attention/feed.xml", "topics/attention/references.bib"]
ATOM = "{http://www.w3.org/2005/Atom}"


def fetch(site_url: str, path: str) -> tuple[str, str]:
    """GET a path from the served site: (content type, text)."""
    with urllib.request.urlopen(urljoin(site_url, path), timeout=10) as response:
        assert response.status == 200, path
        return response.headers.get_content_type(), response.read().decode("utf-8")


@pytest.mark.parametrize("path", PUBLISHED)
def test_the_site_serves_each_export(site_url: str, path: str) -> None:
    content_type, text = fetch(site_url, path)
    assert text.strip(), path
    if path.endswith(".json"):
        assert content_type == "application/json"
        json.loads(text)
    elif path.endswith(".xml"):
        assert content_type in ("application/xml", "text/xml")
        assert ET.fromstring(text.encode("utf-8")).tag == f"{ATOM}feed"
    else:
        library = bibtexparser.parse_string(text)
        assert library.failed_blocks == [] and library.entries


def test_published_json_and_schema_equal_the_command_line(built_site: Path) -> None:
    assert (built_site / "entries.json").read_text(encoding="utf-8") == run(
        "--data", str(DATA), "export", "json").stdout
    assert (built_site / "schema" / "entries.json").read_text(encoding="utf-8") == run("schema").stdout


def test_published_bibtex_equals_the_command_line(built_site: Path) -> None:
    assert (built_site / "references.bib").read_text(encoding="utf-8") == run(
        "--data", str(DATA), "export", "bibtex").stdout
    assert (built_site / "topics" / "attention" / "references.bib").read_text(encoding="utf-8") == run(
        "--data", str(DATA), "export", "bibtex", "--topic", "attention").stdout


def test_every_topic_has_its_feed_and_bibliography(built_site: Path, catalog: Catalog) -> None:
    for topic in catalog.topics:
        feed = ET.parse(built_site / "topics" / topic.id / "feed.xml").getroot()
        assert (feed.findtext(f"{ATOM}id") or "").endswith(f"/topics/{topic.id}/feed.xml"), topic.id
        assert (built_site / "topics" / topic.id / "references.bib").is_file(), topic.id


def test_feed_links_point_into_the_site(built_site: Path) -> None:
    feed = ET.parse(built_site / "feed.xml").getroot()
    self_link = next(link.get("href") for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self")
    assert urlsplit(self_link).path.endswith("/feed.xml")
    for entry in feed.findall(f"{ATOM}entry"):
        page = urlsplit(entry.findtext(f"{ATOM}id") or "").path
        assert (built_site / page.lstrip("/") / "index.html").is_file(), page


def test_every_html_page_links_the_feed_in_its_head(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 200
    missing = []
    for page in pages:
        head = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").head
        links = head.find_all("link", rel="alternate", type="application/atom+xml") if head else []
        if not links:
            missing.append(str(page.relative_to(built_site)))
            continue
        # The href is relative to the page; it must land on the site's feed.xml.
        url = urljoin("http://site.invalid/" + page.relative_to(built_site).as_posix(), links[0]["href"])
        assert urlsplit(url).path == "/feed.xml", (page, links[0]["href"])
    assert missing == []
