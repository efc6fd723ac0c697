"""Source pages: each imported list as its author arranged it, with its sections in order."""

from __future__ import annotations

from llmreads.model import Entry, Source, SourceRef
from llmreads.pages import paths
from llmreads.pages.html import Html, esc, ext, front_matter, html, internal, join, md, page
from llmreads.pages.site import Site
from llmreads.pages.words import count


def source_page(source: Source, site: Site) -> str:
    """Render one list's entries in its own order, under its own headings."""
    here = paths.source(source.id)
    rows: list[tuple[SourceRef, Entry]] = sorted(
        ((ref, e) for e in site.catalog.entries for ref in e.sources if ref.source == source.id),
        key=lambda pair: pair[0].position)
    by = f" by {source.author}" if source.author else ""
    out = [front_matter(title=source.title, description=f"The reading list “{source.title}”{by}, "
                                                        f"{count(len(rows), 'entry')} in its author's order."),
           html("# {}\n\n", md(source.title))]
    facts = [esc(count(len(rows), "entry"))]
    if source.author:
        facts.append(html("by {}", source.author))
    if source.url:
        facts.append(ext(source.url, "original list"))
    facts.append(html("imported {}", source.imported.isoformat()))
    out.append(html('<p class="lr-lead">{}</p>\n\n', join(" · ", facts)))
    heading = None
    for ref, entry in rows:
        if ref.heading != heading:
            if heading is not None:
                out.append(Html("</ol>\n\n"))
            heading = ref.heading
            out.append(html('## {}\n\n<ol class="lr-source-list">\n', md(heading) if heading else "Untitled section"))
        out.append(html('<li id="{}" value="{}">{} <span class="lr-muted">({})</span>{}</li>\n', entry.id, ref.position,
                        internal(paths.href(here, paths.entry(entry.id)), entry.title), ext(entry.url, "open"),
                        _comment(ref, source)))
    if heading is not None:
        out.append(Html("</ol>\n"))
    return page(out)


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
        number = sum(1 for e in site.catalog.entries if any(r.source == source.id for r in e.sources))
        by = html(" by {}", source.author) if source.author else ""
        out.append(html('<li>{}{} <span class="lr-muted">({})</span></li>\n',
                        internal(paths.href(here, paths.source(source.id)), source.title), by, count(number, "entry")))
    out.append(Html("</ul>\n"))
    return page(out)
