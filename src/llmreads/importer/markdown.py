"""Markdown reading list → the links it recommends, in order, with their headings and extras.

Handles the shapes awesome-style lists take: `-`/`+`/`*`/numbered bullets at any depth,
`[title](url)` links, `Title, by Author. URL` lines, bare URLs, nested notes, bold or plain
list items used as sub-headings, `(See also URL)` asides, `([HN](url))` discussion links,
broken link syntax such as `(}https://...)` or a missing `)`, HTML `<img>` tags, front matter
and Jekyll/kramdown `{:toc}` markup, GFM tables (read by their header, see `tables`), and
generic link texts (`[paper](...) [code](...)`), which never become titles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import frontmatter
from frontmatter.default_handlers import YAMLHandler
from markdown_it import MarkdownIt
from markdown_it.token import Token

from llmreads.errors import ImportSourceError, Problem
from llmreads.importer.linktext import is_generic, is_short_name
from llmreads.importer.linktext import rel_for as rel_for_extra
from llmreads.importer.tables import Cell, read_rows
from llmreads.model import Rel
from llmreads.urls import is_http_url
from llmreads.yamlio import parse

HEADING_JOIN = " › "
_URL = re.compile(r"https?://[^\s<>\"'\]]+")
_BROKEN_LINK = re.compile(r"\[(?P<text>[^\[\]]+)\]\(\s*[^\s)]*?(?P<url>https?://[^\s)]+)(?!\))")
_KRAMDOWN = re.compile(r"\{:[^}]*\}")
_SEE_ALSO = re.compile(r"\bsee also\b(?P<rest>[^()]*)$", re.IGNORECASE)
_REL_WORDS = {
    Rel.DISCUSSION: {"hn", "hacker news", "discussion", "comments", "thread", "reddit", "lobsters"},
    Rel.SLIDES: {"slides", "slide deck", "deck"},
    Rel.CODE: {"code", "source code", "repo", "github"},
    Rel.PDF: {"pdf"},
    Rel.VIDEO: {"video", "recording"},
}
_SOCIAL_NAMES = {"twitter", "x", "mastodon", "bluesky", "linkedin", "threads", "facebook", "instagram"}
_SOCIAL_HOSTS = ("twitter.com", "x.com", "bsky.app", "linkedin.com", "facebook.com", "instagram.com")


@dataclass
class FoundLink:
    """A link the list recommends, before it becomes (or joins) an entry."""

    url: str
    title: str | None
    authors: list[str]
    heading: list[str]
    line: int
    extras: list[tuple[str, Rel]] = field(default_factory=list)
    skip_reason: str | None = None
    year: int | None = None
    organisation: str | None = None
    comment: str | None = None
    """The list's own words about the work (a table's description, the text after the link)."""
    words: str = ""
    """Other words the list files the work under (a table's keywords or category column)."""
    short_title: bool = False
    """The title is only a short name such as `T5`; the work's real title is longer."""


@dataclass
class ParsedList:
    """A reading list: its own title and author where it states them, and its links."""

    title: str | None
    author: str | None
    links: list[FoundLink]


def parse_list(text: str, name: str) -> ParsedList:
    """Parse a Markdown reading list; `name` is used in error messages."""
    handler = frontmatter.detect_format(text, frontmatter.handlers)
    try:
        post = frontmatter.loads(text, handler=_FrontMatter() if isinstance(handler, YAMLHandler) else handler)
    except (ValueError, RecursionError):
        raise ImportSourceError(f"{name}:1: front matter: not valid") from None
    except _BadFrontMatter as exc:
        message = exc.problem.message
        if message.startswith(("syntax error", "cannot be read")):
            message = "not valid YAML"
        raise ImportSourceError(f"{name}:{exc.problem.line}: front matter: {message}") from None
    meta: dict[str, Any] = dict(post.metadata)
    body_offset = text[: len(text) - len(post.content)].count("\n") if post.metadata else 0
    tokens = MarkdownIt("commonmark").enable("table").parse(post.content)
    walker = _Walker(body_offset)
    walker.walk(tokens)
    title = _text_or_none(meta.get("title")) or walker.doc_title
    author = _text_or_none(meta.get("author"))
    return ParsedList(title, author, walker.links)


class _BadFrontMatter(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem


class _FrontMatter(YAMLHandler):
    """Front matter read like a data file: no aliases, no deep nesting, dates kept as text."""

    def load(self, fm: str, **kwargs: object) -> Any:
        located = parse(fm, "front matter")
        if isinstance(located, Problem):
            raise _BadFrontMatter(located)
        return located.data if isinstance(located.data, dict) else {}


def _text_or_none(value: Any) -> str | None:
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        return None
    return str(value).strip() or None


@dataclass
class _Item:
    lead_seen: bool = False
    label: str | None = None
    main: FoundLink | None = None


class _Walker:
    """Walk markdown-it block tokens, keeping the heading path and list-item context."""

    def __init__(self, line_offset: int) -> None:
        self.line_offset = line_offset
        self.headings: list[tuple[int, str]] = []
        self.items: list[_Item] = []
        self.links: list[FoundLink] = []
        self.doc_title: str | None = None
        self.in_item = False

    def walk(self, tokens: list[Token]) -> None:
        self._find_title(tokens)
        heading_level = 0
        table_end = -1
        for index, token in enumerate(tokens):
            if index <= table_end:
                continue
            if token.type == "table_open":
                table_end = self._table(tokens, index)
            elif token.type == "heading_open":
                heading_level = int(token.tag[1:])
            elif token.type == "heading_close":
                heading_level = 0
            elif token.type == "list_item_open":
                self.items.append(_Item())
            elif token.type == "list_item_close":
                self.items.pop()
            elif token.type == "inline" and heading_level:
                self._heading(heading_level, _KRAMDOWN.sub("", _plain(token)), token)
            elif token.type == "inline":
                self._paragraph(token, tokens, index)

    def _find_title(self, tokens: list[Token]) -> None:
        heads = [t for i, t in enumerate(tokens) if t.type == "heading_open"]
        if heads and heads[0].tag == "h1" and (len(heads) == 1 or heads[1].tag != "h1"):
            first = tokens.index(heads[0])
            self.doc_title = _plain(tokens[first + 1]).strip() or None
            self._title_token = tokens[first + 1]

    def _heading(self, level: int, text: str, token: Token) -> None:
        if self.doc_title is not None and token is getattr(self, "_title_token", None):
            return
        self.headings = [(lvl, h) for lvl, h in self.headings if lvl < level] + [(level, text.strip())]

    def _path(self) -> list[str]:
        labels = [item.label for item in self.items if item.label]
        return [h for _, h in self.headings] + labels

    def _table(self, tokens: list[Token], start: int) -> int:
        """Read the table opening at `start`; return the index of its closing token."""
        header: list[str] = []
        rows: list[tuple[int, list[Cell]]] = []
        index = start
        while tokens[index].type != "table_close":
            token = tokens[index]
            if token.type == "tr_open":
                line = (token.map[0] if token.map else 0) + 1 + self.line_offset
                rows.append((line, []))
            elif token.type == "inline":
                pieces = [piece for line_pieces in _lines(token) for piece in line_pieces]
                links = [(text, url) for text, href in pieces if href and (url := _clean_href(href))]
                rows[-1][1].append(Cell(" ".join("".join(t for t, _ in pieces).split()), links, _first_bold(token)))
            index += 1
        if rows:
            header = [cell.text for cell in rows.pop(0)[1]]
        for row in read_rows(header, rows, _split_authors):
            link = FoundLink(row.url, row.title, row.authors, self._path(), row.line, row.extras,
                             year=row.year, organisation=row.organisation, comment=row.comment, words=row.words)
            link.skip_reason = _social_reason(row.title, row.url)
            link.short_title = bool(row.title) and is_short_name(row.title or "")
            self.links.append(link)
        return index

    def _paragraph(self, token: Token, tokens: list[Token], index: int) -> None:
        item = self.items[-1] if self.items else None
        is_lead = item is not None and not item.lead_seen
        if item is not None:
            item.lead_seen = True
        parent = next((it.main for it in reversed(self.items[:-1]) if it.main), None) if item else None
        line = (token.map[0] if token.map else 0) + 1 + self.line_offset
        self.in_item = item is not None  # prose around a link in a paragraph is not the list's word on it
        found = self._links_in(token, line, previous=parent if not is_lead else None)
        if item is not None and is_lead:
            item.main = found[0] if found else None
            if not found and _opens_list(tokens, index):
                item.label = _KRAMDOWN.sub("", _plain(token)).strip().rstrip(":").strip() or None

    def _links_in(self, token: Token, line: int, previous: FoundLink | None) -> list[FoundLink]:
        found: list[FoundLink] = []
        lines = _lines(token)
        for offset, pieces in enumerate(lines):
            before = ""
            first = True  # only text that opens a line can be a `Title, by Author.` label
            lead = ""  # the words that open the line: what a link later in the sentence is mentioned under
            for position, (text, href) in enumerate(pieces):
                if href is None:
                    before += text
                    continue
                url = _clean_href(href)
                if url is None:
                    before += text
                    continue
                link = self._link(text if text else None, url, before, _after(lines, offset, position), line + offset,
                                  previous, first)
                if first:
                    lead = before
                said = " ".join(lead.split()).strip(_SEPARATORS + "(")
                if link is not None and not link.comment and _has_words(said) and (link.title or "") not in said:
                    link.words = said
                before, first = "", False
                if link is not None:
                    found.append(link)
                    previous = link
        return found

    def _link(self, text: str | None, url: str, before: str, after: str, line: int,
              previous: FoundLink | None, opens_line: bool) -> FoundLink | None:
        rel = _rel_for(text, url, before)
        generic = bool(text) and is_generic(text)
        labelled = opens_line and _has_words(before)
        if previous is not None and (rel is not None or (generic and not labelled)):
            if all(u != url for u, _ in previous.extras) and url != previous.url:
                previous.extras.append((url, rel or rel_for_extra(text, url)))
            return None
        title, authors = _title_and_authors(None if generic else text, before if opens_line else "")
        link = FoundLink(url, title, authors, self._path(), line)
        if title is None and generic and opens_line:
            link.title = _first_words(after)
        elif opens_line:
            _read_after(link, after, own_text=self.in_item and not generic and not _has_words(before))
        link.skip_reason = _social_reason(text, url)
        link.short_title = bool(text) and not generic and link.title == text and is_short_name(text or "")
        self.links.append(link)
        return link if link.skip_reason is None else None


_AFTER_BY = re.compile(r"^by\s+(?P<names>[A-Z][^.;:()\[\]]*?)(?:(?:[.;:]|\s[-–—])\s+(?P<rest>.*)|[.;:])?$")
_AFTER_YEAR = re.compile(r"^\(?((?:19|20)\d{2})\)?(?:[.,;:]\s*(?P<rest>.*))?$")
_SEPARATORS = " \t-–—:|,.;"


def _after(lines: list[list[tuple[str, str | None]]], offset: int, position: int) -> str:
    """The text after the link at `position` of line `offset`, up to the next link, over link-free lines."""
    text = ""
    for number, pieces in enumerate(lines[offset:]):
        for piece, href in pieces[position + 1:] if number == 0 else pieces:
            if href is not None and _clean_href(href) is not None:
                return text
            text += piece
        text += " "
    return text


def _has_words(text: str) -> bool:
    return re.search(r"[A-Za-z]{2}", text) is not None


def _first_words(after: str) -> str | None:
    text = after.strip(_SEPARATORS + "()[]")
    return text.split(". ")[0].strip(_SEPARATORS) or None if _has_words(text) else None


def _read_after(link: FoundLink, after: str, *, own_text: bool) -> None:
    """Take a year, `by Author` and the list's own words from the text after a title link."""
    text = after.lstrip(_SEPARATORS).rstrip()
    year = _AFTER_YEAR.match(text)
    if year:
        link.year, text = int(year.group(1)), (year.group("rest") or "")
    by = _AFTER_BY.match(text)
    if by and not link.authors:
        link.authors, text = _split_authors(by.group("names")), (by.group("rest") or "")
    text = text.lstrip(_SEPARATORS).rstrip(" \t-–—|,;:([")  # an opening bracket belongs to the next link
    if own_text and len(text.split()) >= 2 and not text.startswith("("):
        link.comment = text


def _opens_list(tokens: list[Token], index: int) -> bool:
    for token in tokens[index + 1:]:
        if token.type in ("bullet_list_open", "ordered_list_open"):
            return True
        if token.type in ("list_item_close", "list_item_open"):
            return False
    return False


def _first_bold(token: Token) -> str:
    """The first bold run of an inline token (a table cell's `**Title** - what it is`), if any."""
    text, inside = "", False
    for child in token.children or []:
        if child.type == "strong_open":
            inside = True
        elif child.type == "strong_close":
            return " ".join(text.split())
        elif inside and child.type in ("text", "code_inline"):
            text += child.content
    return ""


def _plain(token: Token) -> str:
    return "".join(child.content for child in token.children or [] if child.type in ("text", "code_inline"))


def _lines(token: Token) -> list[list[tuple[str, str | None]]]:
    """Split an inline token into lines of (text, href) pieces; href None means plain text."""
    lines: list[list[tuple[str, str | None]]] = [[]]
    href: str | None = None
    link_text = ""
    pictured = False  # a link around a badge or image: its words are not a title
    for child in token.children or []:
        if child.type in ("softbreak", "hardbreak"):
            lines.append([])
        elif child.type == "link_open":
            href, link_text, pictured = str(child.attrs.get("href", "")), "", False
        elif child.type == "link_close" or (child.type == "html_inline" and _HTML_A_CLOSE.match(child.content)):
            if href is not None:
                lines[-1].append((link_text.strip() or ("link" if pictured else ""), href))
            href = None
        elif child.type == "html_inline" and (anchor := _HTML_A.match(child.content)):
            href, link_text, pictured = anchor.group("href"), "", False
        elif child.type == "image" or (child.type == "html_inline" and child.content.lower().startswith("<img")):
            pictured = True
        elif child.type in ("text", "code_inline"):
            if href is not None:
                link_text += child.content
            else:
                lines[-1].append((child.content, None))
    return [_split_text(_join_text(line)) for line in lines]


_HTML_A = re.compile(r"""<a\s[^>]*?href\s*=\s*["']?(?P<href>[^"'\s>]+)""", re.I)
_HTML_A_CLOSE = re.compile(r"</a\s*>", re.I)


def _join_text(pieces: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    joined: list[tuple[str, str | None]] = []
    for text, href in pieces:
        if href is None and joined and joined[-1][1] is None:
            joined[-1] = (joined[-1][0] + text, None)
        else:
            joined.append((text, href))
    return joined


def _split_text(pieces: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    """Turn bare URLs and broken `[text](url` links inside plain text into link pieces."""
    out: list[tuple[str, str | None]] = []
    for text, href in pieces:
        if href is not None:
            out.append((text, href))
            continue
        position = 0
        for match in _find_urls(text):
            start, end, link_text, url = match
            out.append((text[position:start], None))
            out.append((link_text, url))
            position = end
        out.append((text[position:], None))
    return [(t, h) for t, h in out if h is not None or t]


def _find_urls(text: str) -> list[tuple[int, int, str, str]]:
    found: list[tuple[int, int, str, str]] = []
    for broken in _BROKEN_LINK.finditer(text):
        found.append((broken.start(), broken.end(), broken.group("text").strip(), _trim_url(broken.group("url"))))
    for bare in _URL.finditer(text):
        if any(s <= bare.start() < e for s, e, _, _ in found):
            continue
        url = _trim_url(bare.group(0))
        found.append((bare.start(), bare.start() + len(url), "", url))
    return sorted(found)


def _trim_url(url: str) -> str:
    url = url.rstrip(".,;:!?'\"")
    while url.endswith(")") and url.count("(") < url.count(")"):
        url = url[:-1].rstrip(".,;:!?'\"")
    return url


def _clean_href(href: str) -> str | None:
    """Recover the http(s) URL from an href, dropping junk such as a stray `}` before it."""
    match = re.search(r"https?://", href)
    if match is None:
        return None
    url = href[match.start():]
    url = re.sub(r"^(https?://)%7D", r"\1", url)
    return url if is_http_url(url) else None


def _rel_for(text: str | None, url: str, before: str) -> Rel | None:
    words = (text or "").strip().strip("()").lower()
    for rel, names in _REL_WORDS.items():
        if words in names:
            return rel
    aside = _SEE_ALSO.search(before)
    if not words and aside:
        return Rel.DISCUSSION if re.search(r"discussion|thread|comments", aside.group("rest"), re.I) else Rel.SEE_ALSO
    if "news.ycombinator.com/item" in url:
        return Rel.DISCUSSION
    return None


def _social_reason(text: str | None, url: str) -> str | None:
    if text and text.strip().lower() in _SOCIAL_NAMES:
        return "acknowledgement link to a social network"
    match = re.match(r"https?://(?:www\.)?([^/]+)(/[^?#]*)?", url)
    host, path = (match.group(1).lower(), (match.group(2) or "/").strip("/")) if match else ("", "")
    if host in _SOCIAL_HOSTS and "/" not in path and path:
        return "social media profile"
    if re.fullmatch(r"@[^/]+", path):
        return "social media profile"
    return None


_BY = re.compile(r"^(?P<title>.+?)(?:,|\.|(?<=[?!]))\s+by\s+(?P<authors>.+)$", re.IGNORECASE)
_BY_NAME = re.compile(r"^(?P<title>.+?)\s+by\s+(?P<authors>[A-Z][\w'.-]+(?:\s+[A-Z][\w'.-]+){1,2})$")


def _title_and_authors(text: str | None, before: str) -> tuple[str | None, list[str]]:
    if text and is_http_url(text.strip()):
        text = None  # an autolink <https://...> names no title
    if text:
        title, _, author = _KRAMDOWN.sub("", text).partition(" | ")
        title = re.sub(r"\s*\((?:YouTube|video)\)\s*$", "", title, flags=re.I).strip()
        authors = [author.strip()] if author.strip() and not author.lower().startswith("github") else []
        by_name = _BY_NAME.match(title)
        if by_name and not authors:
            return by_name.group("title"), [by_name.group("authors")]
        return title or None, authors
    label = re.sub(r"\((?:Note|See also)\b[^)]*\)?", "", before, flags=re.I)
    label = label.strip().strip("([").strip().rstrip(".,;: ").strip()
    if not re.search(r"[A-Za-z]{2}", label):
        return None, []
    match = _BY.match(label)
    if match:
        return match.group("title").strip(" ,."), _split_authors(match.group("authors"))
    title, sep, rest = label.partition(". ")
    if not sep:
        title, sep, rest = label.partition(", ")
    return title.strip(" ,."), _split_authors(rest) if sep else []


def _split_authors(text: str) -> list[str]:
    text = text.split(";")[0]
    names = re.split(r",\s*(?:and\s+)?|\s+and\s+|\s*&\s*", text)
    return [n.strip(" .") for n in names if n.strip(" .") and n.strip(" .").lower() not in ("etc", "et al")]
