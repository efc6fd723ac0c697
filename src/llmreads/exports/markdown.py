"""An awesome-style Markdown list of the whole catalogue.

One section per topic in topic order; each entry once, under its primary topic, sorted by
title (case-insensitive); lines read `- [Title](url) - Description.` where the description is
the first sentence of the note, ending with a period.
"""

from __future__ import annotations

import re

from llmreads.catalog import Catalog
from llmreads.model import Entry
from llmreads.siteinfo import SiteInfo

_ABBREVIATIONS = ("e.g.", "i.e.", "et al.", "vs.", "etc.", "cf.", "approx.", "no.", "fig.")
_END = re.compile(r"[.!?](?=\s|$)")


def github_anchor(heading: str) -> str:
    """The anchor GitHub gives a heading."""
    return re.sub(r"\s", "-", re.sub(r"[^\w\s-]", "", heading.lower()).strip())


def _link_text(title: str) -> str:
    return re.sub(r"([\\\[\]*_`<>])", r"\\\1", " ".join(title.split()))


def _escape(text: str) -> str:
    return re.sub(r"([\\\[\]*_`<>])", r"\\\1", text)


def _description(entry: Entry) -> str:
    text = " ".join((entry.note or "").split())
    sentence = _first_sentence(text)
    if not sentence:
        sentence = f"{entry.kind.value.capitalize()} on {entry.topics[0].replace('-', ' ')}."
    sentence = sentence[0].upper() + sentence[1:]
    sentence = _escape(sentence)
    return sentence if sentence.endswith((".", "!", "?")) else sentence + "."


def _first_sentence(text: str) -> str:
    """The text up to the first sentence end that is not an abbreviation such as e.g. or et al."""
    for match in _END.finditer(text):
        head = text[: match.end()]
        if not head.lower().endswith(_ABBREVIATIONS):
            return head
    return text


def _url(url: str) -> str:
    return url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")


def to_markdown(catalog: Catalog, info: SiteInfo | None = None, topic: str | None = None) -> str:
    """Render the awesome-style list, headed by the site's name and description (or only one topic's entries)."""
    info = info or SiteInfo()
    if topic is None:
        sections = [(t, sorted((e for e in catalog.entries if e.topics[0] == t.id), key=lambda e: e.title.lower()))
                    for t in catalog.topics]
    else:
        sections = [(catalog.topic_by_id[topic], sorted(catalog.entries_in(topic), key=lambda e: e.title.lower()))]
    sections = [(t, items) for t, items in sections if items]
    lead = " ".join(filter(None, [_escape(info.description), "Generated from the YAML catalogue by "
                                  "`llmreads export markdown`; do not edit by hand."]))
    out = [f"# {_link_text(info.home_title or info.name)}", "", f"> {lead}", "", "## Contents", ""]
    out += [f"- [{t.title}](#{github_anchor(t.title)})" for t, _ in sections]
    for section, items in sections:
        out += ["", f"## {section.title}", "", section.description, ""]
        out += [f"- [{_link_text(e.title)}]({_url(e.url)}) - {_description(e)}" for e in items]
    return "\n".join(out) + "\n"
