"""Reading paths (ordered steps, each with why) and the most-recommended ranking."""

from __future__ import annotations

from collections.abc import Container

from llmreads import sitepaths as paths
from llmreads.model import Entry, PathStep, ReadingPath
from llmreads.pages.cards import meta_line
from llmreads.pages.html import Html, ext, front_matter, html, internal, join, md, page, summary
from llmreads.pages.paging import chunks, pagers
from llmreads.pages.site import Site
from llmreads.pages.words import count


def steps(path: ReadingPath, site: Site) -> list[tuple[PathStep, Entry]]:
    """The path's steps with their entries; a step naming an unknown entry, or one already a step, is left
    out (`check` reports both), so pages built from such data still build."""
    found: dict[str, tuple[PathStep, Entry]] = {}
    for step in path.steps:
        entry = site.catalog.entry_by_id.get(step.entry)
        if entry is not None and step.entry not in found:
            found[step.entry] = (step, entry)
    return list(found.values())


def path_page(path: ReadingPath, site: Site) -> str:
    """Render one reading path: its steps in order, each with why it comes there."""
    here = paths.reading_path(path.id)
    out = [front_matter(title=path.title, description=summary(path.description)), html("# {}\n\n", md(path.title)),
           html('<p class="lr-lead">{}</p>\n\n<ol class="lr-steps">\n', path.description)]
    for n, (step, entry) in enumerate(steps(path, site), start=1):
        out.append(html('<li id="step-{}"><h2 class="lr-step__title">{}</h2>\n'
                        '<p class="lr-card__meta">{} · {}</p>\n'
                        "<p>{}</p></li>\n", n, ext(entry.url, entry.title), meta_line(entry),
                        internal(paths.href(here, paths.entry(entry.id)), "details", "lr-details"), step.why))
    out.append(Html("</ol>\n\n"))
    others = [p for p in site.catalog.paths if p.id != path.id]
    if others:
        out.append(Html("## Other paths\n\n<ul>\n") + join("", (
            html("<li>{}</li>\n", internal(paths.href(here, paths.reading_path(p.id)), p.title)) for p in others))
            + Html("</ul>\n"))
    return page(out)


def paths_index(site: Site) -> str:
    """Render the list of reading paths."""
    here = paths.PATHS
    out = [front_matter(title="Reading paths", description="Ordered routes through the reading list."),
           Html("# Reading paths\n\n<ul>\n")]
    out += [html('<li>{}: {} <span class="lr-muted">({} steps)</span></li>\n',
                 internal(paths.href(here, paths.reading_path(p.id)), p.title), p.description, len(steps(p, site)))
            for p in site.catalog.paths]
    out.append(Html("</ul>\n"))
    return page(out)


def path_links(entry: Entry, site: Site, here: str) -> list[Html]:
    """For an entry page: 'previous / next' along every path the entry is a step of."""
    rows = []
    for path in site.catalog.paths:
        entries = [e for _, e in steps(path, site)]
        ids = [e.id for e in entries]
        if entry.id not in ids:
            continue
        n = ids.index(entry.id)
        parts = [html("Step {} of {} on {}", n + 1, len(entries),
                      internal(paths.href(here, paths.reading_path(path.id), f"step-{n + 1}"), path.title))]
        if n > 0:
            prev = entries[n - 1]
            parts.append(Html("previous: ") + internal(paths.href(here, paths.entry(prev.id)), prev.title, "lr-prev"))
        if n + 1 < len(entries):
            nxt = entries[n + 1]
            parts.append(Html("next: ") + internal(paths.href(here, paths.entry(nxt.id)), nxt.title, "lr-next"))
        rows.append(join(" · ", parts))
    return rows


#: Works per page of the most-recommended ranking.
RANKED_PER_PAGE = 400


def most_recommended_pages(site: Site, numbers: Container[int] | None = None) -> dict[str, str]:
    """Render entries ranked by how many lists recommend them (`Site.ranked`), naming the lists, 400 a page
    (only pages `numbers` if given)."""
    ranked = site.ranked
    parts = chunks(ranked, RANKED_PER_PAGE)
    navs = pagers(paths.RECOMMENDED, len(parts))
    pages = {}
    for number, part in enumerate(parts, start=1):
        if numbers is not None and number not in numbers:
            continue
        here = paths.numbered(paths.RECOMMENDED, number)
        suffix = f" (page {number} of {len(parts)})" if len(parts) > 1 else ""
        out = [front_matter(title="Most recommended" + suffix,
                            description="The works that several reading lists recommend."),
               html("# Most recommended{}\n\n", suffix),
               html('<p class="lr-lead">{} works are recommended by more than one of the {} reading lists.</p>\n\n',
                    len(ranked), len(site.catalog.sources)), navs[number - 1],
               html('<ol start="{}">\n', (number - 1) * RANKED_PER_PAGE + 1) if number > 1 else Html("<ol>\n")]
        for entry in part:
            names = dict.fromkeys(r.source for r in entry.sources)
            lists = join(", ", (internal(paths.href(here, paths.source(s)), site.catalog.source_by_id[s].title
                                         if s in site.catalog.source_by_id else s) for s in names))
            out.append(html("<li>{} ({}: {})</li>\n", internal(paths.href(here, paths.entry(entry.id)), entry.title),
                            count(site.recommended_by(entry), "list"), lists))
        out.append(Html("</ol>\n"))
        if len(parts) > 1:
            out.append(Html("\n") + navs[number - 1])
        pages[here] = page(out)
    return pages
