"""An Atom 1.0 feed of the most recently added entries (whole catalogue or one topic)."""

from __future__ import annotations

import datetime as dt
import heapq
import xml.etree.ElementTree as ET
from urllib.parse import urljoin

from llmreads import sitepaths as paths
from llmreads.clean import printable
from llmreads.model import Entry
from llmreads.siteinfo import DEFAULT_NAME

ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 50


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def newest(entries: list[Entry], limit: int = FEED_SIZE) -> list[Entry]:
    """The `limit` entries added last (by `added`, then id), newest first: the ones a feed shows."""
    return heapq.nlargest(limit, entries, key=lambda e: (e.added, e.id))  # = sorted(reverse)[:limit]


def to_atom(entries: list[Entry], site_url: str, *, title: str, feed_path: str, page_path: str = paths.HOME,
            limit: int = FEED_SIZE, author: str = DEFAULT_NAME) -> str:
    """Render the newest `limit` entries (by `added`, then id) as an Atom feed with absolute links."""
    base = printable(site_url if site_url.endswith("/") else site_url + "/")
    latest = newest(entries, limit)
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}id").text = urljoin(base, feed_path)
    ET.SubElement(feed, f"{{{ATOM}}}title").text = printable(title)
    updated = max((e.added for e in latest), default=dt.date(2000, 1, 1))
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _stamp(updated)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=urljoin(base, feed_path))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", href=urljoin(base, paths.url_of(page_path)))
    ET.SubElement(ET.SubElement(feed, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = printable(author)
    for entry in latest:
        page = printable(urljoin(base, paths.url_of(paths.entry(entry.id))))
        item = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(item, f"{{{ATOM}}}id").text = page
        ET.SubElement(item, f"{{{ATOM}}}title").text = printable(entry.title)
        ET.SubElement(item, f"{{{ATOM}}}updated").text = _stamp(entry.added)
        ET.SubElement(item, f"{{{ATOM}}}link", rel="alternate", href=printable(entry.url))
        ET.SubElement(item, f"{{{ATOM}}}link", rel="related", href=page)
        for name in entry.authors or ["unknown"]:
            ET.SubElement(ET.SubElement(item, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = printable(name)
        for topic in entry.topics:
            ET.SubElement(item, f"{{{ATOM}}}category", term=printable(topic))
        if entry.note:
            ET.SubElement(item, f"{{{ATOM}}}summary").text = printable(entry.note)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"
