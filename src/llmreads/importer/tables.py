"""A Markdown table of works → one row per work, read by its header.

A title / name / paper column gives the title, a date or year column the year, an authors column
the people, an organisation column the organisation, a description column the list's own words;
links whose text is generic (`Paper`, `Code`, `PDF`, a number) never become titles: the row's
title is used, the first such link is the work's address when the title cell has none, and the
others become extra links. A table whose header names none of these still gives one work per
row, with no title (the importer gives it a stand-in to fix).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from llmreads.importer.linktext import is_generic, rel_for
from llmreads.model import Rel

_TITLE = ("title", "paper title", "paper", "papers", "name", "work", "resource", "resources", "article",
          "articles", "model", "models", "project", "tool", "tools", "library", "course", "courses", "book",
          "books", "talk", "talks", "video", "videos", "blog", "post", "tutorial", "method", "framework",
          "repository", "repo", "dataset", "benchmark", "link", "links")
_YEAR = ("date", "year", "rel", "published", "publication date", "release", "release date", "released", "time", "when")
_AUTHORS = ("author", "authors", "by", "speaker", "speakers", "instructor", "instructors", "writer", "people")
_ORGANISATION = ("organization", "organisation", "org", "institute", "institution", "institutions",
                 "affiliation", "company", "lab", "team", "publisher", "creator", "developer")
_DESCRIPTION = ("description", "summary", "notes", "note", "comment", "comments", "tl;dr", "tldr",
                "highlights", "abstract", "remarks", "about", "details", "why", "what", "contribution",
                "contributions", "key idea", "key ideas", "overview")
_WORDS = ("keywords", "keyword", "tags", "tag", "category", "categories", "topic", "topics", "type", "area",
          "field", "task", "tasks", "domain")
_LINKS = ("link", "links")
_YEAR_IN = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_LINK_RELS_FIRST = (Rel.PDF, Rel.SEE_ALSO)


@dataclass
class Cell:
    """One table cell: its plain text (link texts included) and its links as (text, url)."""

    text: str
    links: list[tuple[str, str]] = field(default_factory=list)
    bold: str = ""
    """The cell's first bold words: in `**Title** - what it is`, the title."""


@dataclass
class Row:
    """What one table row says about one work."""

    url: str
    title: str | None
    line: int
    year: int | None = None
    authors: list[str] = field(default_factory=list)
    organisation: str | None = None
    comment: str | None = None
    words: str = ""
    extras: list[tuple[str, Rel]] = field(default_factory=list)


@dataclass
class _Columns:
    title: list[int] = field(default_factory=list)
    year: int | None = None
    authors: int | None = None
    organisation: int | None = None
    description: int | None = None
    words: list[int] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)

    @property
    def usable(self) -> bool:
        return bool(self.title) or any(x is not None for x in (self.year, self.authors, self.description))


def _name(header: str) -> str:
    text = re.sub(r"[^\w;\s]", " ", header.lower())
    return " ".join(text.split())


def _columns(header: list[str]) -> _Columns:
    columns = _Columns(headers=[_name(h) for h in header])
    for index, name in enumerate(columns.headers):
        if name in _YEAR and columns.year is None:
            columns.year = index
        elif name in _AUTHORS and columns.authors is None:
            columns.authors = index
        elif name in _ORGANISATION and columns.organisation is None:
            columns.organisation = index
        elif name in _DESCRIPTION and columns.description is None:
            columns.description = index
        elif name in _WORDS:
            columns.words.append(index)
        elif name in _TITLE:
            columns.title.append(index)
    columns.title.sort(key=lambda i: _TITLE.index(columns.headers[i]))
    return columns


def read_rows(header: list[str], rows: list[tuple[int, list[Cell]]],
              split_authors: Callable[[str], list[str]]) -> list[Row]:
    """Turn a table's rows into works, one per row that has a link."""
    columns = _columns(header)
    found = []
    for line, cells in rows:
        row = _row(columns, cells, line, split_authors)
        if row is not None:
            found.append(row)
    return found


def _cell(cells: list[Cell], index: int | None) -> Cell:
    return cells[index] if index is not None and index < len(cells) else Cell("")


def _row(columns: _Columns, cells: list[Cell], line: int,
         split_authors: Callable[[str], list[str]]) -> Row | None:
    links = [(text, url, i) for i, cell in enumerate(cells) for text, url in cell.links]
    if not links:
        return None
    title, title_cell = _title(columns, cells)
    own = [(t, u) for t, u in (title_cell.links if title_cell else []) if not is_generic(t)]
    url = own[0][1] if own else _main_link(columns, links)
    extras: list[tuple[str, Rel]] = []
    for text, link_url, index in links:
        if link_url != url and all(link_url != u for u, _ in extras) and not _profile(link_url):
            header = columns.headers[index] if index < len(columns.headers) else None
            extras.append((link_url, rel_for(text, link_url, header)))
    title, said = _split_title(title, title_cell)
    row = Row(url, title, line, extras=extras)
    year = _YEAR_IN.search(_cell(cells, columns.year).text) if columns.year is not None else None
    row.year = int(year.group(1)) if year else None
    row.authors = split_authors(_cell(cells, columns.authors).text) if columns.authors is not None else []
    organisation = _cell(cells, columns.organisation).text.strip()
    row.organisation = organisation or None if columns.organisation is not None else None
    comment = _cell(cells, columns.description).text.strip() if columns.description is not None else ""
    row.comment = comment or said or None
    row.words = " ".join(_cell(cells, i).text for i in columns.words)
    return row


def _title(columns: _Columns, cells: list[Cell]) -> tuple[str | None, Cell | None]:
    """The row's title: a linked title first, then a plain one, from the title columns in order."""
    if not columns.usable:
        for cell in cells:
            named = [t for t, _ in cell.links if not is_generic(t)]
            if named:
                return named[0], cell
        return None, None
    others = [i for i in range(len(cells)) if i not in _special(columns) and i not in columns.title]
    candidates = columns.title + others  # a title column of generic links (`Article`) leaves the name elsewhere
    # a `Links` column names the work only when no other column does
    named_first = [i for i in candidates if i >= len(columns.headers) or columns.headers[i] not in _LINKS]
    for index in named_first:
        cell = _cell(cells, index)
        named = [t for t, _ in cell.links if not is_generic(t)]
        if named:
            return named[0], cell
    for index in named_first:
        cell = _cell(cells, index)
        text = _without_generic_links(cell)
        if text and not is_generic(text):
            return text, cell
    for index in (i for i in candidates if i not in named_first):
        cell = _cell(cells, index)
        named = [t for t, _ in cell.links if not is_generic(t)]
        if named:
            return named[0], cell
    return None, None


_NUMBERED = re.compile(r"^\s*(?:\d{1,4}[.)]|#\d{1,4}|\(\d{1,4}\))\s+")
_SAYS = re.compile(r"\s+[-–—:]\s+")
#: Longer plain title cells describe the work (`PaperBench OpenAI introduces a new benchmark...`);
#: real titles of papers and posts stay well under it.
_LONGEST_TITLE = 150


def _split_title(title: str | None, cell: Cell | None) -> tuple[str | None, str | None]:
    """Split a plain title cell's `1) **Title** - what it is` into the title and the list's words."""
    if not title or cell is None or any(not is_generic(t) for t, _ in cell.links):
        return title, None
    if _NUMBERED.match(cell.text):  # `1) Title`: the number is the list's, not the work's
        title = re.sub(r"^\s*#?\d{1,4}\s+", "", title)
    bold = _NUMBERED.sub("", cell.bold)
    if bold and title.startswith(bold) and len(bold) < len(title):
        rest = title[len(bold):].strip(" -–—:,;.")
        return bold, rest if len(rest.split()) >= 3 else None
    parts = _SAYS.split(title, maxsplit=1)
    if len(parts) == 2 and len(parts[0]) <= _LONGEST_TITLE and len(parts[1].split()) >= 3:
        return parts[0].strip(), parts[1].strip()
    if len(title) > _LONGEST_TITLE:  # a paragraph about the work, not its name: the list's words, and a stand-in title
        return None, title
    return title, None


def _special(columns: _Columns) -> set[int]:
    found = {columns.year, columns.authors, columns.organisation, columns.description, *columns.words}
    return {i for i in found if i is not None}


def _without_generic_links(cell: Cell) -> str:
    text = cell.text
    for link_text, _ in cell.links:
        if link_text and is_generic(link_text):
            text = text.replace(link_text, " ")
    text = re.sub(r"[\[\]()|]+", " ", text)
    return " ".join(text.split()).strip(" -–—:,")


def _profile(url: str) -> bool:
    """A GitHub user or organisation page (a follower badge's target): who made it, not a copy of the work."""
    match = re.match(r"https?://(?:www\.)?github\.com/([^/?#]+)/?$", url)
    return match is not None


def _main_link(columns: _Columns, links: list[tuple[str, str, int]]) -> str:
    """The work's address when its title is not linked: the first link to the work itself, not its code or video."""
    for text, url, index in links:
        header = columns.headers[index] if index < len(columns.headers) else None
        if rel_for(text, url, header) in _LINK_RELS_FIRST:
            return url
    return links[0][1]
