"""Reading paths (ordered steps, each with why) and the most-recommended ranking."""

from __future__ import annotations

from llmreads.model import Entry, PathStep, ReadingPath
from llmreads.pages import paths
from llmreads.pages.cards import meta_line
from llmreads.pages.html import esc, ext, front_matter, internal, md, summary
from llmreads.pages.paging import chunks, pager
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
    out = [front_matter(title=path.title, description=summary(path.description)), f"# {md(path.title)}\n\n",
           f'<p class="lr-lead">{esc(path.description)}</p>\n\n<ol class="lr-steps">\n']
    for n, (step, entry) in enumerate(steps(path, site), start=1):
        out.append(f'<li id="step-{n}"><h2 class="lr-step__title">{ext(entry.url, entry.title)}</h2>\n'
                   f'<p class="lr-card__meta">{meta_line(entry)} · '
                   f'{internal(paths.href(here, paths.entry(entry.id)), "details", "lr-details")}</p>\n'
                   f"<p>{esc(step.why)}</p></li>\n")
    out.append("</ol>\n\n")
    others = [p for p in site.catalog.paths if p.id != path.id]
    if others:
        out.append("## Other paths\n\n<ul>\n" + "".join(
            f"<li>{internal(paths.href(here, paths.reading_path(p.id)), p.title)}</li>\n" for p in others) + "</ul>\n")
    return "".join(out)


def paths_index(site: Site) -> str:
    """Render the list of reading paths."""
    here = paths.PATHS
    out = [front_matter(title="Reading paths", description="Ordered routes through the reading list."),
           "# Reading paths\n\n<ul>\n"]
    out += [f"<li>{internal(paths.href(here, paths.reading_path(p.id)), p.title)}: {esc(p.description)} "
            f'<span class="lr-muted">({len(steps(p, site))} steps)</span></li>\n' for p in site.catalog.paths]
    out.append("</ul>\n")
    return "".join(out)


def path_links(entry: Entry, site: Site, here: str) -> list[str]:
    """For an entry page: 'previous / next' along every path the entry is a step of."""
    rows = []
    for path in site.catalog.paths:
        entries = [e for _, e in steps(path, site)]
        ids = [e.id for e in entries]
        if entry.id not in ids:
            continue
        n = ids.index(entry.id)
        parts = [f"Step {n + 1} of {len(entries)} on "
                 + internal(paths.href(here, paths.reading_path(path.id), f"step-{n + 1}"), path.title)]
        if n > 0:
            prev = entries[n - 1]
            parts.append("previous: " + internal(paths.href(here, paths.entry(prev.id)), prev.title, "lr-prev"))
        if n + 1 < len(entries):
            nxt = entries[n + 1]
            parts.append("next: " + internal(paths.href(here, paths.entry(nxt.id)), nxt.title, "lr-next"))
        rows.append(" · ".join(parts))
    return rows


#: Works per page of the most-recommended ranking.
RANKED_PER_PAGE = 400


def most_recommended_pages(site: Site) -> dict[str, str]:
    """Render entries ranked by how many lists recommend them, naming the lists, 400 a page."""
    ranked = sorted((e for e in site.catalog.entries if site.recommended_by(e) > 1),
                    key=lambda e: (-site.recommended_by(e), e.title.lower()))
    parts = chunks(ranked, RANKED_PER_PAGE)
    pages = {}
    for number, part in enumerate(parts, start=1):
        here = paths.numbered(paths.RECOMMENDED, number)
        suffix = f" (page {number} of {len(parts)})" if len(parts) > 1 else ""
        out = [front_matter(title="Most recommended" + suffix,
                            description="The works that several reading lists recommend."),
               f"# Most recommended{suffix}\n\n",
               f'<p class="lr-lead">{len(ranked)} works are recommended by more than one of the '
               f"{len(site.catalog.sources)} reading lists.</p>\n\n", pager(paths.RECOMMENDED, number, len(parts)),
               f'<ol start="{(number - 1) * RANKED_PER_PAGE + 1}">\n' if number > 1 else "<ol>\n"]
        for entry in part:
            lists = ", ".join(
                internal(paths.href(here, paths.source(s)), site.catalog.source_by_id[s].title if
                         s in site.catalog.source_by_id else s) for s in dict.fromkeys(r.source for r in entry.sources))
            out.append(f"<li>{internal(paths.href(here, paths.entry(entry.id)), entry.title)} "
                       f"({count(site.recommended_by(entry), 'list')}: {lists})</li>\n")
        out.append("</ol>\n")
        if len(parts) > 1:
            out.append("\n" + pager(paths.RECOMMENDED, number, len(parts)))
        pages[here] = "".join(out)
    return pages
