"""Source pages: each imported list as its author arranged it, with its sections in order."""

from __future__ import annotations

from collections.abc import Sequence

from llmreads.model import Entry, Source, SourceRef
from llmreads.pages import paths
from llmreads.pages.html import esc, ext, front_matter, internal, md
from llmreads.pages.paging import chunks, pager
from llmreads.pages.site import SOURCE_ROWS_PER_PAGE, Site
from llmreads.pages.words import count


def source_pages(source: Source, rows: list[tuple[SourceRef, Entry]]) -> dict[str, str]:
    """Render one list's entries in its own order, under its own headings, 400 rows a page."""
    first = paths.source(source.id)
    by = f" by {source.author}" if source.author else ""
    facts = [count(len(rows), "entry")]
    if source.author:
        facts.append(f"by {esc(source.author)}")
    if source.url:
        facts.append(ext(source.url, "original list"))
    facts.append(f"imported {esc(source.imported.isoformat())}")
    parts = chunks(rows, SOURCE_ROWS_PER_PAGE)
    pages = {}
    for number, part in enumerate(parts, start=1):
        here = paths.numbered(first, number)
        suffix = f" (page {number} of {len(parts)})" if len(parts) > 1 else ""
        out = [front_matter(title=source.title + suffix,
                            description=f"The reading list “{source.title}”{by}, {count(len(rows), 'entry')} in "
                                        "its author's order."),
               f"# {md(source.title + suffix)}\n\n", f'<p class="lr-lead">{" · ".join(facts)}</p>\n\n',
               pager(first, number, len(parts)), _rows(part, here, source), "\n" + pager(first, number, len(parts))]
        pages[here] = "".join(out).rstrip("\n") + "\n"
    return pages


def _rows(rows: Sequence[tuple[SourceRef, Entry]], here: str, source: Source) -> str:
    out = []
    heading: str | bool | None = False  # False: no section open yet (None is a list's untitled section)
    for ref, entry in rows:
        if ref.heading != heading:
            if heading is not False:
                out.append("</ol>\n\n")
            heading = ref.heading
            out.append(f"## {md(heading) if heading else 'Untitled section'}\n\n<ol class=\"lr-source-list\">\n")
        out.append(f'<li id="{esc(entry.id)}" value="{ref.position}">'
                   f"{internal(paths.href(here, paths.entry(entry.id)), entry.title)} "
                   f'<span class="lr-muted">({ext(entry.url, "open")})</span>{_comment(ref, source)}</li>\n')
    if heading is not False:
        out.append("</ol>\n")
    return "".join(out)


def _comment(ref: SourceRef, source: Source) -> str:
    """The list's own words on the entry, quoted and attributed to the list (never our note)."""
    if not ref.comment:
        return ""
    who = f"{source.title}, by {source.author}" if source.author else source.title
    return (f'<blockquote class="lr-list-comment"><p>“{esc(ref.comment)}”</p>'
            f"<footer>— the list <cite>{esc(who)}</cite></footer></blockquote>")


def sources_index(site: Site) -> str:
    """Render the list of imported reading lists."""
    here = paths.SOURCES
    out = [front_matter(title="Sources", description="The community reading lists this catalogue was built from."),
           "# Sources\n\n<p>The reading lists this catalogue was built from. A work several lists recommend is "
           "one entry that names them all.</p>\n\n<ul>\n"]
    for source in site.catalog.sources:
        number = len({e.id for _, e in site.source_rows.get(source.id, [])})
        by = f" by {esc(source.author)}" if source.author else ""
        out.append(f"<li>{internal(paths.href(here, paths.source(source.id)), source.title)}{by} "
                   f'<span class="lr-muted">({count(number, "entry")})</span></li>\n')
    out.append("</ul>\n")
    return "".join(out)
