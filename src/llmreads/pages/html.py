"""Escaping and small HTML pieces: every page is built from `Html`, so data is escaped unless marked safe.

`Html` is markupsafe's `Markup`: joining, adding or formatting it escapes every plain `str` it meets.
Pages are assembled only from `Html` pieces (`html(template, *values)`, `join`, the link helpers, and
`Html("...")` around literal markup), so a value that was not escaped by hand is escaped anyway.
"""

from __future__ import annotations

import html as _html
import json
import re
from collections.abc import Iterable
from typing import Any

from markupsafe import Markup

from llmreads.urls import is_http_url

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!])")  # what Python-Markdown lets a backslash escape


class Html(Markup):
    """Safe HTML. Anything combined with it is escaped: control and bidi-override characters dropped,
    `&<>"'` turned into entities (as html.escape writes them)."""

    __slots__ = ()

    @classmethod
    def escape(cls, s: Any, /) -> Html:
        if hasattr(s, "__html__"):
            return cls(s.__html__())
        return cls(_html.escape(_CONTROL.sub("", str(s)), quote=True))


def html(template: str, /, *args: Any, **kwargs: Any) -> Html:
    """Fill a literal HTML template with values, escaping each one that is not already Html.

    The same text as `Html(template).format(...)`, with each value escaped once up front and the
    template filled by `str.format`: markupsafe's formatter (`string.Formatter`, pure Python) was
    most of the time spent making pages.
    """
    return Html(str.format(template, *map(_field, args), **{k: _field(v) for k, v in kwargs.items()}))


def _field(value: Any) -> str:
    """A template value as markupsafe's formatter writes it (no format spec): Html as it is, else escaped."""
    if isinstance(value, Markup):
        return value
    if hasattr(value, "__html__"):
        return Html.escape(value.__html__())
    return Html.escape(format(value, ""))


def join(separator: str, pieces: Iterable[Any]) -> Html:
    """Join pieces with a literal separator, escaping each piece that is not already Html."""
    return Html(separator.join(map(_piece, pieces)))


def page(pieces: Iterable[Any]) -> str:
    """The text of a page made of Html pieces (a plain string among them is escaped, never trusted)."""
    return "".join(map(_piece, pieces))


def _piece(value: Any) -> str:
    """A piece as markupsafe's `Markup.join` writes it, without copying the Html pieces (a page is
    joined once, not copied again as Html and then as str)."""
    return value if isinstance(value, Markup) else Html.escape(value)


def esc(text: object) -> Html:
    """Escape text for HTML content or a quoted attribute; drop control and bidi-override characters."""
    return Html.escape(text)


def md(text: str) -> Html:
    """Escape text for a Markdown line (a heading): backslash Markdown punctuation, then HTML-escape.

    In this order the entities HTML-escaping writes (`&#x27;`) stay whole, so Markdown's table of
    contents reads them back as the character and a heading's anchor is made of its words
    (`it's` gives `its`, not `itx27s`).
    """
    return esc(_MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split())))


def ext(url: str, text: str, cls: str = "") -> Html:
    """Link to an external http(s) URL; anything else is shown as plain text, never as a link."""
    if not is_http_url(url):
        return html('<span class="lr-bad-url">{}</span>', text)
    if cls:
        return html('<a href="{}" class="{}" rel="noopener noreferrer">{}</a>', url, cls, text)
    return html('<a href="{}" rel="noopener noreferrer">{}</a>', url, text)


def internal(href: str, text: str, cls: str = "") -> Html:
    """Link to another page of the site (href built by pages.paths, never from data)."""
    if cls:
        return html('<a href="{}" class="{}">{}</a>', href, cls, text)
    return html('<a href="{}">{}</a>', href, text)


def title_text(text: str) -> str:
    """Escape a title for places a theme prints without escaping (page and nav titles in MkDocs' templates).

    Quotes stay as they are: themes print titles as element text, never inside attributes.
    """
    return _html.escape(_CONTROL.sub("", " ".join(text.split())), quote=False)


def front_matter(*, title: str, description: str = "", tags: list[str] | None = None, search: bool = False) -> Html:
    """YAML front matter with the title and description escaped for the theme, which prints them raw.

    Material writes `title` into <title>, the header and the navigation, and `description`
    into a meta attribute, without escaping; JSON strings are valid YAML scalars. `search` marks
    the page for the search index (overrides/main.html wraps its content in data-pagefind-body).
    """
    fields: dict[str, object] = {"title": title_text(title), "description": esc(" ".join(description.split()))}
    if tags:
        fields["tags"] = tags
    if search:
        fields["pagefind"] = True
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in fields.items() if value]
    return Html("---\n" + "\n".join(lines) + "\n---\n\n")  # every value JSON-quoted and escaped above


def summary(text: str | None, limit: int = 155) -> str:
    """Shorten text to a meta description of at most `limit` characters, at a word boundary."""
    words = " ".join((text or "").split())
    if len(words) <= limit:
        return words
    return words[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
