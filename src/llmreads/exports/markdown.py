"""An awesome-style Markdown list of the whole catalogue.

One section per topic in topic order; each entry once, under its primary topic, sorted by
title (case-insensitive); lines read `- [Title](url) - Description.` where the description is
the first sentence of the note, ending with a period. Everything taken from the data is escaped, so
no title, description or note can add a link, an image, HTML, a heading or a list of its own.
"""

from __future__ import annotations

import re

from llmreads.catalog import Catalog
from llmreads.clean import printable
from llmreads.model import Entry
from llmreads.siteinfo import SiteInfo

_ABBREVIATIONS = ("e.g.", "i.e.", "et al.", "vs.", "etc.", "cf.", "approx.", "no.", "fig.")
_END = re.compile(r"[.!?](?=\s|$)")
# Characters CommonMark or GitHub read as markup anywhere in a line (emphasis, code, links, HTML, character
# references, strikethrough, tables, maths, @mentions, e-mail links; "!" and "(" need a "[" to matter).
# A backslash makes each literal.
_MARKUP = re.compile(r"([\\`*_\[\]<>|~#$@]|&(?=#?[A-Za-z0-9]+;))")
# GitHub links bare addresses: break "http://" and "www." so they stay text.
_AUTOLINK = re.compile(r"(?i)\b(https?|ftp)(:)(?=//)|\b(www)(\.)")
# What would open a block (list item, setext underline) at the start of a paragraph.
_BLOCK_START = re.compile(r"^([-+=]|\d{1,9}[.)])")
# Characters a link destination cannot hold as they are.
_URL_UNSAFE = re.compile(r"[\s()<>\\`]")


def github_anchor(heading: str) -> str:
    """The anchor GitHub gives a heading."""
    return re.sub(r"\s", "-", re.sub(r"[^\w\s-]", "", heading.lower()).strip())


def text(value: str) -> str:
    """Data as literal Markdown text on one line: control characters dropped, markup escaped."""
    escaped = _MARKUP.sub(r"\\\1", " ".join(printable(value).split()))
    escaped = _AUTOLINK.sub(lambda m: f"{m.group(1) or m.group(3)}\\{m.group(2) or m.group(4)}", escaped)
    return _BLOCK_START.sub(lambda m: m.group(0)[:-1] + "\\" + m.group(0)[-1], escaped)


def _description(entry: Entry) -> str:
    note = " ".join(printable(entry.note or "").split())
    sentence = _first_sentence(note)
    if not sentence:
        sentence = f"{entry.kind.value.capitalize()} on {entry.topics[0].replace('-', ' ')}."
    sentence = sentence[0].upper() + sentence[1:]
    return text(sentence if sentence.endswith((".", "!", "?")) else sentence + ".")


def _first_sentence(text: str) -> str:
    """The text up to the first sentence end that is not an abbreviation such as e.g. or et al."""
    for match in _END.finditer(text):
        head = text[: match.end()]
        if not head.lower().endswith(_ABBREVIATIONS):
            return head
    return text


def _url(url: str) -> str:
    return _URL_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group(0).encode()), printable(url))


def to_markdown(catalog: Catalog, info: SiteInfo | None = None, topic: str | None = None) -> str:
    """Render the awesome-style list, headed by the site's name and description (or only one topic's entries)."""
    info = info or SiteInfo()
    if topic is None:
        sections = [(t, sorted((e for e in catalog.entries if e.topics[0] == t.id), key=lambda e: e.title.lower()))
                    for t in catalog.topics]
    else:
        sections = [(catalog.topic_by_id[topic], sorted(catalog.entries_in(topic), key=lambda e: e.title.lower()))]
    sections = [(t, items) for t, items in sections if items]
    lead = " ".join(filter(None, [text(info.description), "Generated from the YAML catalogue by "
                                  "`llmreads export markdown`; do not edit by hand."]))
    out = [f"# {text(info.home_title or info.name)}", "", f"> {lead}", "", "## Contents", ""]
    out += [f"- [{text(t.title)}](#{github_anchor(printable(t.title))})" for t, _ in sections]
    for section, items in sections:
        out += ["", f"## {text(section.title)}", "", text(section.description), ""]
        out += [f"- [{text(e.title)}]({_url(e.url)}) - {_description(e)}" for e in items]
    return "\n".join(out) + "\n"
