"""The home page: what this is, topics, a start-here path, the most recommended and the newest."""

from __future__ import annotations

from llmreads.model import Entry, Level
from llmreads.pages import paths
from llmreads.pages.html import esc, front_matter, internal
from llmreads.pages.site import Site
from llmreads.pages.topics import topic_grid

START_HERE = 6
TOP = 10
RECENT = 10


def _item(entry: Entry, here: str, extra: str = "") -> str:
    return f"<li>{internal(paths.href(here, paths.entry(entry.id)), entry.title)}{extra}</li>\n"


def start_here(site: Site) -> list[Entry]:
    """The first steps of the `start-here` path, or else the most recommended intro-level entries."""
    for path in site.catalog.paths:
        if path.id == "start-here":
            return [site.catalog.entry_by_id[s.entry] for s in path.steps][:START_HERE]
    intro = [e for e in site.catalog.entries if e.level is Level.INTRO]
    return sorted(intro, key=lambda e: -site.recommended_by(e))[:START_HERE]  # stable: ties keep catalogue order


def home_page(site: Site) -> str:
    """Render the home page."""
    here = paths.HOME
    catalog = site.catalog
    out = [front_matter(title="A curated LLM reading list", description=(
        f"A curated reading list on large language models: {len(catalog.entries)} papers, articles, videos and "
        f"courses in {len(catalog.topics)} topics, each with a note on why it is worth your time.")),
        "# A curated LLM reading list\n\n",
        f'<p class="lr-lead">A curated reading list on large language models: {len(catalog.entries)} papers, '
        f"articles, videos and courses, gathered from {len(catalog.sources)} community reading lists, sorted into "
        f"{len(catalog.topics)} topics, each with a short note on what it is and why to read it.</p>\n\n",
        "## Start here\n\n<ol class=\"lr-path\">\n"]
    out += [_item(e, here) for e in start_here(site)]
    out.append("</ol>\n\n")
    if site.catalog.paths:
        out.append(f'<p>{internal(paths.href(here, paths.PATHS), "All reading paths")} · '
                   f'{internal(paths.href(here, paths.RECOMMENDED), "Most recommended")}</p>\n\n')
    out.append("## Topics\n\n")
    out.append(topic_grid(site, here))
    ranked = sorted(catalog.entries, key=lambda e: (-site.recommended_by(e), e.title.lower()))
    top = [e for e in ranked if site.recommended_by(e) > 1][:TOP]
    if top:
        out.append("## Most recommended\n\n<ol>\n")
        out += [_item(e, here, f" <span class=\"lr-muted\">({site.recommended_by(e)} lists)</span>") for e in top]
        out.append("</ol>\n\n")
    recent = sorted(catalog.entries, key=lambda e: (e.added, e.id), reverse=True)[:RECENT]
    out.append("## Recently added\n\n<ul>\n")
    out += [_item(e, here, f" <span class=\"lr-muted\">({esc(e.added.isoformat())})</span>") for e in recent]
    out.append("</ul>\n")
    return "".join(out)
