"""Source pages: each imported list as its author arranged it, with its sections in order."""

from __future__ import annotations

from collections.abc import Container, Sequence

from llmreads import sitepaths as paths
from llmreads.model import Entry, Source, SourceRef
from llmreads.pages.html import Html, esc, ext, front_matter, html, internal, join, md, page
from llmreads.pages.paging import chunks, pagers
from llmreads.pages.site import SOURCE_ROWS_PER_PAGE, Site
from llmreads.pages.words import count


def source_pages(source: Source, rows: list[tuple[SourceRef, Entry]],
                 numbers: Container[int] | None = None) -> dict[str, str]:
    """Render one list's entries in its own order, under its own headings, 150 rows a page
    (only pages `numbers` if given)."""
    first = paths.source(source.id)
    by = f" by {source.author}" if source.author else ""
    facts = [esc(count(len(rows), "entry"))]
    if source.author:
        facts.append(html("by {}", source.author))
    if source.url:
        facts.append(ext(source.url, "original list"))
    facts.append(html("imported {}", source.imported.isoformat()))
    parts = chunks(rows, SOURCE_ROWS_PER_PAGE)
    navs = pagers(first, len(parts))
    pages = {}
    for number, part in enumerate(parts, start=1):
        if numbers is not None and number not in numbers:
            continue
        here = paths.numbered(first, number)
        suffix = f" (page {number} of {len(parts)})" if len(parts) > 1 else ""
        out = [front_matter(title=source.title + suffix,
                            description=f"The reading list “{source.title}”{by}, {count(len(rows), 'entry')} in "
                                        "its author's order."),
               html("# {}\n\n", md(source.title + suffix)), html('<p class="lr-lead">{}</p>\n\n', join(" · ", facts)),
               navs[number - 1], _rows(part, here, source), Html("\n") + navs[number - 1]]
        pages[here] = page(out).rstrip("\n") + "\n"
    return pages


def _rows(rows: Sequence[tuple[SourceRef, Entry]], here: str, source: Source) -> Html:
    out = []
    heading: str | bool | None = False  # False: no section open yet (None is a list's untitled section)
    for ref, entry in rows:
        if ref.heading != heading:
            if heading is not False:
                out.append(Html("</ol>\n\n"))
            heading = ref.heading
            out.append(html('## {}\n\n<ol class="lr-source-list">\n', md(heading) if heading else "Untitled section"))
        out.append(html('<li id="{}" value="{}">{} <span class="lr-muted">({})</span>{}</li>\n', entry.id, ref.position,
                        internal(paths.href(here, paths.entry(entry.id)), entry.title), ext(entry.url, "open"),
                        _comment(ref, source)))
    if heading is not False:
        out.append(Html("</ol>\n"))
    return join("", out)


def _comment(ref: SourceRef, source: Source) -> Html:
    """The list's own words on the entry, quoted and attributed to the list (never our note)."""
    if not ref.comment:
        return Html("")
    who = f"{source.title}, by {source.author}" if source.author else source.title
    return html('<blockquote class="lr-list-comment"><p>“{}”</p>'
                "<footer>— the list <cite>{}</cite></footer></blockquote>", ref.comment, who)


def sources_index(site: Site) -> str:
    """Render the list of imported reading lists."""
    here = paths.SOURCES
    out = [front_matter(title="Sources", description="The community reading lists this catalogue was built from."),
           Html("# Sources\n\n<p>The reading lists this catalogue was built from. A work several lists recommend is "
                "one entry that names them all.</p>\n\n<ul>\n")]
    for source in site.catalog.sources:
        number = len({e.id for _, e in site.source_rows.get(source.id, [])})
        by = html(" by {}", source.author) if source.author else ""
        out.append(html('<li>{}{} <span class="lr-muted">({})</span></li>\n',
                        internal(paths.href(here, paths.source(source.id)), source.title), by, count(number, "entry")))
    out.append(Html("</ul>\n"))
    return page(out)
