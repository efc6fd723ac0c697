"""Entry pages (the full record of one work) and the all-entries table."""

from __future__ import annotations

from llmreads.exports.bibtex import record
from llmreads.model import Entry
from llmreads.pages import paths
from llmreads.pages.cards import extra_links, meta_line, tag_links
from llmreads.pages.health import badge
from llmreads.pages.html import Html, esc, ext, front_matter, html, internal, join, md, page, summary
from llmreads.pages.reading import path_links
from llmreads.pages.site import KIND_ORDER, Site
from llmreads.pages.words import count
from llmreads.urls import arxiv_id


def entry_page(entry: Entry, site: Site) -> str:
    """Render the page of one entry."""
    here = paths.entry(entry.id)
    catalog = site.catalog
    out = [front_matter(title=entry.title, description=summary(entry.note or entry.title), tags=entry.tags),
           html("# {}\n\n", md(entry.title)),
           html('<p class="lr-entry__go">{}</p>\n',
                ext(entry.url, "Read: " + entry.title, "md-button md-button--primary")),
           html('<p class="lr-card__meta">{}</p>\n', meta_line(entry))]
    if badge(entry, site):
        out.append(html('<p class="lr-card__health">{}</p>\n', badge(entry, site)))
    if entry.note:
        out.append(html('<p class="lr-card__note">{}</p>\n', entry.note))
    out += [html('<p class="lr-pathnav">{}</p>\n', row) for row in path_links(entry, site, here)]
    rows = [("Topics", join(", ", (internal(site.card_href(here, t, entry.id), catalog.topic_by_id[t].title)
                                   for t in entry.topics if t in catalog.topic_by_id)))]
    if entry.tags:
        rows.append(("Tags", tag_links(entry, here)))
    if entry.links:
        rows.append(("Links", extra_links(entry)))
    ident = arxiv_id(entry.url)
    if ident:
        rows.append(("arXiv", join(" · ", [
            ext(f"https://arxiv.org/abs/{ident}", "abstract"), ext(f"https://arxiv.org/pdf/{ident}", "PDF"),
            ext(f"https://huggingface.co/papers/{ident}", "Hugging Face"),
            ext(f"https://www.semanticscholar.org/arxiv/{ident}", "Semantic Scholar")])))
    rows.append(("Added", esc(entry.added.isoformat())))
    out.append(html('<dl class="lr-record">\n{}\n</dl>\n\n', join("\n", (html("<dt>{}</dt><dd>{}</dd>", k, v)
                                                                        for k, v in rows))))
    if entry.sources:
        out.append(Html("## Recommended by\n\n<ul>\n"))
        for ref in entry.sources:
            src = catalog.source_by_id.get(ref.source)
            name = src.title if src else ref.source
            under = html(" under “{}”", ref.heading) if ref.heading else ""
            out.append(html("<li>{}{}</li>\n", internal(paths.href(here, paths.source(ref.source), entry.id), name),
                            under))
        out.append(Html("</ul>\n\n"))
    related = site.related(entry)
    if related:
        out.append(Html("## Related\n\n<ul>\n"))
        out += [html("<li>{}</li>\n", internal(paths.href(here, paths.entry(r.id)), r.title)) for r in related]
        out.append(Html("</ul>\n\n"))
    out.append(Html("## Cite\n\n"))
    out.append(html('<pre class="lr-cite"><code>{}</code></pre>\n', record(entry, site.cite_keys[entry.id])))
    return page(out)


#: Rows of the all-entries table shown at once; the rest wait in a closed <details>, which the browser
#: neither styles nor lays out until it opens (the filter opens it). Keeps the page fast as the list grows.
ALL_ENTRIES_SHOWN = 50


def all_entries_page(site: Site) -> str:
    """Render a filterable table of every entry: the first rows open, the others behind a disclosure."""
    here = paths.ENTRIES
    catalog = site.catalog
    topics = join("", (html('<option value="{}">{}</option>', t.id, t.title) for t in catalog.topics))
    kinds = join("", (html('<option value="{0}">{0}</option>', k.value) for k in KIND_ORDER
                      if any(e.kind is k for e in catalog.entries)))
    years = sorted({e.year for e in catalog.entries if e.year}, reverse=True)
    year_options = join("", (html('<option value="{0}">{0}</option>', y) for y in years))
    out = [front_matter(title="All entries", description=f"All {len(catalog.entries)} entries of the reading list "
                                                         "in one table, filterable by topic, kind, level and year."),
           Html("# All entries\n\n"),
           html('<form class="lr-filters" id="lr-filters" aria-label="Filter entries">\n'
                '<label>Topic <select name="topic"><option value="">any</option>{}</select></label>\n'
                '<label>Kind <select name="kind"><option value="">any</option>{}</select></label>\n'
                '<label>Level <select name="level"><option value="">any</option><option value="intro">intro</option>'
                '<option value="intermediate">intermediate</option><option value="advanced">advanced</option>'
                '</select></label>\n'
                '<label>Year <select name="year"><option value="">any</option>{}</select></label>\n'
                '<label>Text <input type="search" name="q" placeholder="title, author, tag"></label>\n'
                '<output name="count" aria-live="polite">{}</output>\n</form>\n\n',
                topics, kinds, year_options, count(len(catalog.entries), "entry")),
           Html('<table class="lr-table" id="lr-table">\n') + _ENTRIES_HEAD]
    ordered = sorted(catalog.entries, key=lambda e: e.title.lower())
    for n, e in enumerate(ordered):
        if n == ALL_ENTRIES_SHOWN:
            out.append(html('</tbody>\n</table>\n<details class="lr-more" id="lr-more">\n'
                            "<summary>Show the other {}</summary>\n"
                            '<table class="lr-table">\n{}', count(len(ordered) - n, "entry"), _ENTRIES_HEAD))
        text = " ".join([e.title, *e.authors, *e.tags]).lower()
        topic_links = join(", ", (internal(site.card_href(here, t, e.id), catalog.topic_by_id[t].title)
                                  for t in e.topics if t in catalog.topic_by_id))
        out.append(html(
            '<tr data-topics="{}" data-kind="{}" data-level="{}" data-year="{}" data-text="{}">'
            "<td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            " ".join(e.topics), e.kind.value, e.level.value if e.level else "", e.year or "", text,
            internal(paths.href(here, paths.entry(e.id)), e.title),
            ", ".join(e.authors[:3]) + (" et al." if len(e.authors) > 3 else ""),
            e.year or "", e.kind.value, e.level.value if e.level else "", topic_links))
    out.append(Html("</tbody>\n</table>\n" + ("</details>\n" if len(ordered) > ALL_ENTRIES_SHOWN else "")))
    return page(out)


_ENTRIES_HEAD = Html("<thead><tr><th>Title</th><th>Authors</th><th>Year</th><th>Kind</th><th>Level</th>"
                     "<th>Topics</th></tr></thead>\n<tbody>\n")
