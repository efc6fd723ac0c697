"""Entry pages (the full record of one work) and the all-entries table."""

from __future__ import annotations

from llmreads.exports.bibtex import record
from llmreads.model import Entry
from llmreads.pages import paths
from llmreads.pages.cards import extra_links, meta_line, tag_links
from llmreads.pages.health import badge
from llmreads.pages.html import esc, ext, front_matter, internal, md, summary
from llmreads.pages.reading import path_links
from llmreads.pages.site import KIND_ORDER, Site
from llmreads.pages.words import count
from llmreads.urls import arxiv_id


def entry_page(entry: Entry, site: Site) -> str:
    """Render the page of one entry."""
    here = paths.entry(entry.id)
    catalog = site.catalog
    out = [front_matter(title=entry.title, description=summary(entry.note or entry.title), tags=entry.tags,
                        search=True),
           f"# {md(entry.title)}\n\n", search_facets(entry, site),
           f'<p class="lr-entry__go">{ext(entry.url, "Read: " + entry.title, "md-button md-button--primary")}</p>\n',
           f'<p class="lr-card__meta">{meta_line(entry)}</p>\n']
    if badge(entry, site):
        out.append(f'<p class="lr-card__health">{badge(entry, site)}</p>\n')
    if entry.note:
        out.append(f'<p class="lr-card__note">{esc(entry.note)}</p>\n')
    out += [f'<p class="lr-pathnav">{row}</p>\n' for row in path_links(entry, site, here)]
    rows = [("Topics", ", ".join(internal(site.card_href(here, t, entry.id), catalog.topic_by_id[t].title)
                                 for t in entry.topics if t in catalog.topic_by_id))]
    if entry.tags:
        rows.append(("Tags", tag_links(entry, here)))
    if entry.links:
        rows.append(("Links", extra_links(entry)))
    ident = arxiv_id(entry.url)
    if ident:
        rows.append(("arXiv", " · ".join([
            ext(f"https://arxiv.org/abs/{ident}", "abstract"), ext(f"https://arxiv.org/pdf/{ident}", "PDF"),
            ext(f"https://huggingface.co/papers/{ident}", "Hugging Face"),
            ext(f"https://www.semanticscholar.org/arxiv/{ident}", "Semantic Scholar")])))
    rows.append(("Added", esc(entry.added.isoformat())))
    out.append('<dl class="lr-record">\n' + "\n".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows) + "\n</dl>\n\n")
    if entry.sources:
        out.append("## Recommended by\n\n<ul>\n")
        for ref in entry.sources:
            src = catalog.source_by_id.get(ref.source)
            name = src.title if src else ref.source
            under = f" under “{esc(ref.heading)}”" if ref.heading else ""
            out.append(f"<li>{internal(site.source_href(here, ref.source, entry.id), name)}{under}</li>\n")
        out.append("</ul>\n\n")
    related = site.related(entry)
    if related:
        out.append('## Related\n\n<ul class="lr-related">\n')
        out += [f"<li>{internal(paths.href(here, paths.entry(r.id)), r.title)}</li>\n" for r in related]
        out.append("</ul>\n\n")
    out.append("## Cite\n\n")
    out.append(f'<pre class="lr-cite"><code>{esc(record(entry, site.cite_keys[entry.id]))}</code></pre>\n')
    return "".join(out)


def search_facets(entry: Entry, site: Site) -> str:
    """Hidden Pagefind markers: the result title, the filters (topic, kind, level, year) and sort keys.

    The search box shows the filters on each result; the all-entries page filters and sorts by them.
    """
    topics = [site.catalog.topic_by_id[t].title for t in entry.topics if t in site.catalog.topic_by_id]
    facets = [("meta", "title", entry.title), ("sort", "title", entry.title.lower()),
              *(("filter", "topic", t) for t in topics), ("filter", "kind", entry.kind.value)]
    if entry.level:
        facets.append(("filter", "level", entry.level.value))
    if entry.year:
        facets += [("filter", "year", str(entry.year)), ("sort", "year", str(entry.year))]
    if entry.authors:
        facets.append(("meta", "authors", ", ".join(entry.authors[:3]) + (" et al." if len(entry.authors) > 3 else "")))
    spans = "".join(f'<span data-pagefind-{what}="{name}">{esc(value)}</span>' for what, name, value in facets)
    return f'<div hidden data-pagefind-ignore="index">{spans}</div>\n\n'


#: Rows of the all-entries table in its HTML (the first by title); the filters query the search index
#: for the rest (llmreads.js), so the page stays small however large the catalogue grows.
ALL_ENTRIES_SHOWN = 50


def all_entries_page(site: Site) -> str:
    """Render the filter form and the first rows of the table of every entry."""
    here = paths.ENTRIES
    catalog = site.catalog
    topics = "".join(f'<option value="{esc(t.id)}">{esc(t.title)}</option>' for t in catalog.topics)
    kinds = "".join(f'<option value="{k.value}">{k.value}</option>' for k in KIND_ORDER
                    if any(e.kind is k for e in catalog.entries))
    years = sorted({e.year for e in catalog.entries if e.year}, reverse=True)
    year_options = "".join(f'<option value="{y}">{y}</option>' for y in years)
    total = len(catalog.entries)
    out = [front_matter(title="All entries", description=f"All {total} entries of the reading list "
                                                         "in one table, filterable by topic, kind, level and year."),
           "# All entries\n\n",
           '<form class="lr-filters" id="lr-filters" aria-label="Filter entries">\n'
           f'<label>Topic <select name="topic"><option value="">any</option>{topics}</select></label>\n'
           f'<label>Kind <select name="kind"><option value="">any</option>{kinds}</select></label>\n'
           '<label>Level <select name="level"><option value="">any</option><option value="intro">intro</option>'
           '<option value="intermediate">intermediate</option><option value="advanced">advanced</option>'
           '</select></label>\n'
           f'<label>Year <select name="year"><option value="">any</option>{year_options}</select></label>\n'
           '<label>Text <input type="search" name="q" placeholder="title, author, tag"></label>\n'
           f'<output name="count" aria-live="polite">{count(total, "entry")}</output>\n</form>\n\n',
           '<table class="lr-table" id="lr-table">\n' + _ENTRIES_HEAD]
    ordered = sorted(catalog.entries, key=lambda e: e.title.lower())
    for e in ordered[:ALL_ENTRIES_SHOWN]:
        topic_links = ", ".join(internal(site.card_href(here, t, e.id), catalog.topic_by_id[t].title)
                                for t in e.topics if t in catalog.topic_by_id)
        out.append(
            f"<tr><td>{internal(paths.href(here, paths.entry(e.id)), e.title)}</td>"
            f"<td>{esc(', '.join(e.authors[:3]) + (' et al.' if len(e.authors) > 3 else ''))}</td>"
            f"<td>{e.year or ''}</td><td>{e.kind.value}</td><td>{e.level.value if e.level else ''}</td>"
            f"<td>{topic_links}</td></tr>\n")
    out.append("</tbody>\n</table>\n")
    if total > ALL_ENTRIES_SHOWN:
        out.append(f'<p class="lr-muted" id="lr-first">The first {ALL_ENTRIES_SHOWN} of {total} entries by title; '
                   "the filters search all of them, and every entry is on its "
                   f"{internal(paths.href(here, paths.TOPICS), 'topic pages')}.</p>\n")
    out.append('<p><button type="button" class="md-button" id="lr-more" hidden>Show more</button></p>\n')
    return "".join(out)


_ENTRIES_HEAD = ("<thead><tr><th>Title</th><th>Authors</th><th>Year</th><th>Kind</th><th>Level</th><th>Topics</th>"
                 "</tr></thead>\n<tbody>\n")
