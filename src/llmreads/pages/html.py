"""Escaping and small HTML pieces. Everything that comes from YAML passes through here."""

from __future__ import annotations

import html
import json
import re

from llmreads.urls import is_http_url

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!])")  # what Python-Markdown lets a backslash escape


def esc(text: object) -> str:
    """Escape text for HTML content or a quoted attribute; drop control and bidi-override characters."""
    return html.escape(_CONTROL.sub("", str(text)), quote=True)


def md(text: str) -> str:
    """Escape text for a Markdown line (a heading): HTML-escape, then backslash Markdown punctuation."""
    return _MD_SPECIAL.sub(r"\\\1", esc(" ".join(text.split())))


def ext(url: str, text: str, cls: str = "") -> str:
    """Link to an external http(s) URL; anything else is shown as plain text, never as a link."""
    if not is_http_url(url):
        return f'<span class="lr-bad-url">{esc(text)}</span>'
    klass = f' class="{cls}"' if cls else ""
    return f'<a href="{esc(url)}"{klass} rel="noopener noreferrer">{esc(text)}</a>'


def internal(href: str, text: str, cls: str = "") -> str:
    """Link to another page of the site (href built by pages.paths, never from data)."""
    klass = f' class="{cls}"' if cls else ""
    return f'<a href="{esc(href)}"{klass}>{esc(text)}</a>'


def title_text(text: str) -> str:
    """Escape a title for places a theme prints without escaping (page and nav titles in MkDocs' templates).

    Quotes stay as they are: themes print titles as element text, never inside attributes.
    """
    return html.escape(_CONTROL.sub("", " ".join(text.split())), quote=False)


def front_matter(*, title: str, description: str = "", tags: list[str] | None = None, search: bool = False) -> str:
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
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def summary(text: str | None, limit: int = 155) -> str:
    """Shorten text to a meta description of at most `limit` characters, at a word boundary."""
    words = " ".join((text or "").split())
    if len(words) <= limit:
        return words
    return words[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
