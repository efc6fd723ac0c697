"""What an entry, a topic, a source list and a link are: pydantic models, no I/O."""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, Strict

from llmreads.clock import today
from llmreads.urls import is_http_url

#: Tag on an entry whose title is a stand-in made from its address: a person (or `enrich`) gives the real one.
NEEDS_TITLE = "needs-title"
#: Tag on an entry titled only by a short name such as `T5` or `PPO`: `enrich` looks up the work's full title.
SHORT_TITLE = "short-title"

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MIN_YEAR = 1900
MAX_SLUG = 100
"""Longest id or tag: it names a page file, and file systems stop at 255 bytes."""
MAX_TITLE = 500
MAX_URL = 4000
MAX_TEXT = 2000
"""Longest note, description, author, heading or reason."""
MAX_LONG_TEXT = 20_000
"""Longest topic introduction."""

_NONCHARACTERS = "".join(chr(plane | low) for plane in range(0, 0x110000, 0x10000) for low in (0xFFFE, 0xFFFF))
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef" + _NONCHARACTERS + "]")
"""Characters no text field may hold: controls other than tab and newline, surrogates, non-characters."""


def _clean(value: str) -> str:
    found = CONTROL.search(value)
    if found:
        raise ValueError(f"contains the control character U+{ord(found.group()):04X} at character {found.start() + 1}; "
                         "only tab and newline are allowed")
    return value


def _at_most(limit: int) -> AfterValidator:
    def check(value: str) -> str:
        if len(value) > limit:
            raise ValueError(f"is too long ({len(value)} characters; at most {limit})")
        return _clean(value)

    return AfterValidator(check)


def _slug(value: str) -> str:
    if len(value) > MAX_SLUG:
        raise ValueError(f"is too long ({len(value)} characters; at most {MAX_SLUG})")
    if not SLUG.match(value):
        raise ValueError(f"'{value}' is not lowercase kebab-case (a-z, 0-9 and single hyphens)")
    return value


def _page_slug(value: str) -> str:
    _slug(value)
    if value == "index":
        raise ValueError("'index' is reserved for the index pages; choose another id")
    return value


def _http_url(value: str) -> str:
    if not is_http_url(value):
        raise ValueError(f"'{value}' is not an http(s) URL")
    return value


def _title(value: str) -> str:
    text = value.strip()
    if not text:
        raise ValueError("is empty")
    if is_http_url(text) or (re.match(r"^[a-z][a-z0-9+.-]*:\S", text, re.I) and " " not in text):
        raise ValueError("is a URL; give the work's own title")
    if "\n" in text:
        raise ValueError("must be a single line")
    return value


def _text(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


def _year(value: int) -> int:
    latest = today().year + 1
    if not MIN_YEAR <= value <= latest:
        raise ValueError(f"{value} is out of range ({MIN_YEAR}-{latest})")
    return value


def _date_text(value: object) -> object:
    if not isinstance(value, (str, dt.date)):
        raise ValueError(f"must be a date like 2024-01-31, got {value!r}")
    return value


Slug = Annotated[str, AfterValidator(_slug)]
PageSlug = Annotated[str, AfterValidator(_page_slug)]
Date = Annotated[dt.date, BeforeValidator(_date_text)]
Count = Annotated[int, Strict()]
HttpUrl = Annotated[str, _at_most(MAX_URL), AfterValidator(_http_url)]
Title = Annotated[str, _at_most(MAX_TITLE), AfterValidator(_title)]
Text = Annotated[str, _at_most(MAX_TEXT), AfterValidator(_text)]
Line = Annotated[str, _at_most(MAX_TEXT)]
LongText = Annotated[str, _at_most(MAX_LONG_TEXT)]
Year = Annotated[int, Strict(), AfterValidator(_year)]


class Kind(StrEnum):
    """What sort of work an entry is."""

    PAPER = "paper"
    ARTICLE = "article"
    VIDEO = "video"
    COURSE = "course"
    BOOK = "book"
    CODE = "code"
    THREAD = "thread"
    SLIDES = "slides"
    PODCAST = "podcast"
    OTHER = "other"


class Rel(StrEnum):
    """How an extra link relates to its entry."""

    DISCUSSION = "discussion"
    SLIDES = "slides"
    CODE = "code"
    PDF = "pdf"
    VIDEO = "video"
    SEE_ALSO = "see-also"
    ARCHIVE = "archive"


class Level(StrEnum):
    """How much a reader needs to know before the work pays off."""

    INTRO = "intro"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True, frozen=True)


class Link(_Strict):
    """An extra link on an entry: a discussion thread, slides, code, an archived copy."""

    url: HttpUrl
    """Absolute http(s) URL."""
    rel: Rel
    """What the link is: discussion, slides, code, pdf, video, see-also or archive."""


class SourceRef(_Strict):
    """Where a reading list recommended an entry."""

    source: Slug
    """Id of the list in sources.yaml."""
    heading: Line = ""
    """The heading (path, joined by ' › ') the link stood under in that list."""
    position: Count = Field(ge=1)
    """1-based position of the link in that list, so the list can be shown in its own order."""
    comment: Text | None = None
    """The list's own words about the work, quoted with attribution on the list's page (never our note)."""


class Entry(_Strict):
    """One work in the reading list."""

    id: PageSlug
    """Stable, unique slug; the entry's anchor and page name."""
    title: Title
    """The work's own title."""
    short_title: Text | None = None
    """The short name a list used for it (e.g. T5), kept beside the real title by `llmreads enrich`."""
    url: HttpUrl
    """Where to read or watch it (http or https)."""
    authors: list[Text] = []
    """The people who wrote or made the work, as the work names them."""
    organisation: Text | None = None
    """The lab, company or group behind the work, when a list names it rather than people."""
    year: Year | None = None
    """Year of first publication."""
    kind: Kind
    """paper, article, video, course, book, code, thread, slides, podcast or other."""
    level: Level | None = None
    """intro, intermediate or advanced."""
    minutes: Count | None = Field(default=None, ge=1, le=100_000)
    """Time to read or watch, where the work states it."""
    topics: list[Slug] = Field(min_length=1)
    """Topic ids from topics.yaml; the first is the primary topic."""
    tags: list[PageSlug] = []
    """Lowercase kebab-case tags."""
    note: Text | None = None
    """Why read it, in our own words (one to three sentences)."""
    links: list[Link] = []
    """Extra links: discussion threads, slides, code, PDFs, archived copies."""
    sources: list[SourceRef] = []
    """The reading lists that recommended it."""
    distinct_from: list[Slug] = []
    """Ids of entries with the same title that are different works (settles a possible duplicate)."""
    suggested_topics: list[Slug] = []
    """For an entry the importer left unsorted: its best topic guesses, best first, for a reviewer."""
    added: Date
    """Date the entry joined the catalogue."""


class KeyIdea(_Strict):
    """A core concept of a topic and the entries that explain it best."""

    name: Text
    """The concept, e.g. 'KV cache'."""
    entries: list[Slug] = Field(min_length=1)
    """Ids of the entries that explain it best."""


class Topic(_Strict):
    """A topic: a page of the site and a place in its navigation."""

    id: PageSlug
    """Stable slug; the topic page lives at /topics/<id>/."""
    title: Text
    """Display title."""
    description: Text
    """One or two sentences in our own words."""
    order: Count
    """Position in the navigation (ascending)."""
    keywords: list[Text] = []
    """Words in a list's section heading that send an imported link to this topic."""
    intro: LongText | None = None
    """A longer introduction in Markdown-free plain text, shown at the top of the topic page."""
    key_ideas: list[KeyIdea] = []
    """Core concepts of the topic, each linked to entries."""


class SkipRule(_Strict):
    """A link in a list that the importer leaves out, with the reason."""

    url: HttpUrl
    """The link as written in the list."""
    reason: Text
    """Why it is not an entry (e.g. 'author profile')."""


class Source(_Strict):
    """An imported reading list."""

    id: PageSlug
    """Stable slug, referenced by entries' sources."""
    title: Text
    """The list's own title."""
    author: Line | None = None
    """Who wrote the list, where known."""
    url: HttpUrl | None = None
    """Where the list is published, where known."""
    origin: Text
    """Where it was imported from (a file path or URL as given to the importer)."""
    imported: Date
    """Date of first import."""
    skip: list[SkipRule] = []
    """Links in this list that are not entries."""


class PathStep(_Strict):
    """One step of a reading path."""

    entry: Slug
    """Id of the entry to read at this step."""
    why: Text
    """Why it comes at this point, in our own words."""


class ReadingPath(_Strict):
    """An ordered route through the catalogue."""

    id: PageSlug
    """Stable slug; the path page lives at /paths/<id>/."""
    title: Text
    """Display title."""
    description: Text
    """What the path is for, in one or two sentences."""
    steps: list[PathStep] = Field(min_length=1)
    """The entries in reading order."""
