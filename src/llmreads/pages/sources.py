"""Source pages: each imported list as its author arranged it, with its sections in order."""

from __future__ import annotations

from llmreads.model import Entry, Source, SourceRef
from llmreads.pages import paths
from llmreads.pages.html import esc, ext, front_matter, internal, md
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
           f"# {md(source.title)}\n\n"]
    facts = [count(len(rows), "entry")]
    if source.author:
        facts.append(f"by {esc(source.author)}")
    if source.url:
        facts.append(ext(source.url, "original list"))
    facts.append(f"imported {esc(source.imported.isoformat())}")
    out.append(f'<p class="lr-lead">{" · ".join(facts)}</p>\n\n')
    heading = None
    for ref, entry in rows:
        if ref.heading != heading:
            if heading is not None:
                out.append("</ol>\n\n")
            heading = ref.heading
            out.append(f"## {md(heading) if heading else 'Untitled section'}\n\n<ol class=\"lr-source-list\">\n")
        out.append(f'<li id="{esc(entry.id)}" value="{ref.position}">'
                   f"{internal(paths.href(here, paths.entry(entry.id)), entry.title)} "
                   f'<span class="lr-muted">({ext(entry.url, "open")})</span>{_comment(ref, source)}</li>\n')
    if heading is not None:
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
        number = sum(1 for e in site.catalog.entries if any(r.source == source.id for r in e.sources))
        by = f" by {esc(source.author)}" if source.author else ""
        out.append(f"<li>{internal(paths.href(here, paths.source(source.id)), source.title)}{by} "
                   f'<span class="lr-muted">({count(number, "entry")})</span></li>\n')
    out.append("</ul>\n")
    return "".join(out)
