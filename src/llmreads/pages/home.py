"""The home page: what this is, topics, a start-here path, the most recommended and the newest."""

from __future__ import annotations

import heapq

from llmreads import sitepaths as paths
from llmreads.model import Entry, Level
from llmreads.pages.html import Html, front_matter, html, internal, md, page
from llmreads.pages.reading import steps
from llmreads.pages.site import Site
from llmreads.pages.topics import topic_grid
from llmreads.pages.words import count

START_HERE = 6
TOP = 10
RECENT = 10


def _item(entry: Entry, here: str, extra: Html | None = None) -> Html:
    return html("<li>{}{}</li>\n", internal(paths.href(here, paths.entry(entry.id)), entry.title), extra or "")


def start_here(site: Site) -> list[Entry]:
    """The first steps of the `start-here` path, or else the most recommended intro-level entries."""
    for path in site.catalog.paths:
        if path.id == "start-here":
            return [entry for _, entry in steps(path, site)][:START_HERE]
    intro = [e for e in site.catalog.entries if e.level is Level.INTRO]
    return sorted(intro, key=lambda e: -site.recommended_by(e))[:START_HERE]  # stable: ties keep catalogue order


def intro(site: Site) -> str:
    """The home page's lead: the `home_intro` option with its counts filled in, else description and counts."""
    catalog = site.catalog
    counts = {"{entries}": str(len(catalog.entries)), "{topics}": str(len(catalog.topics)),
              "{sources}": str(len(catalog.sources))}
    text = site.info.home_intro
    if not text:
        counted = (f"{count(len(catalog.entries), 'entry')} in {count(len(catalog.topics), 'topic')}, "
                   "each with a short note on what it is and why to read it.")
        text = " ".join(filter(None, [site.info.description, counted]))
    for key, value in counts.items():
        text = text.replace(key, value)
    return text


def home_page(site: Site) -> str:
    """Render the home page: its heading is `home_title` (else the site name), its lead `intro`."""
    here = paths.HOME
    catalog = site.catalog
    lead = intro(site)
    heading = site.info.home_title or site.info.name
    out = [front_matter(title=site.info.home_title, description=site.info.description or lead),
           html("# {}\n\n", md(heading)),
           html('<p class="lr-lead">{}</p>\n\n', lead),
           Html('## Start here\n\n<ol class="lr-path">\n')]
    out += [_item(e, here) for e in start_here(site)]
    out.append(Html("</ol>\n\n"))
    if site.catalog.paths:
        out.append(html("<p>{} · {}</p>\n\n", internal(paths.href(here, paths.PATHS), "All reading paths"),
                        internal(paths.href(here, paths.RECOMMENDED), "Most recommended")))
    out.append(Html("## Topics\n\n"))
    out.append(topic_grid(site, here))
    top = site.ranked[:TOP]
    if top:
        out.append(Html("## Most recommended\n\n<ol>\n"))
        out += [_item(e, here, html(' <span class="lr-muted">({})</span>', count(site.recommended_by(e), "list")))
                for e in top]
        out.append(Html("</ol>\n\n"))
    recent = heapq.nlargest(RECENT, catalog.entries, key=lambda e: (e.added, e.id))  # ids are unique: no ties
    out.append(Html("## Recently added\n\n<ul>\n"))
    out += [_item(e, here, html(' <span class="lr-muted">({})</span>', e.added.isoformat())) for e in recent]
    out.append(Html("</ul>\n"))
    return page(out)
