"""An entry as a card on topic, tag and source pages: one raw-HTML block, every value escaped."""

from __future__ import annotations

from llmreads.model import Entry
from llmreads.pages import paths
from llmreads.pages.health import badge
from llmreads.pages.html import esc, ext, internal
from llmreads.pages.site import Site


def meta_line(entry: Entry) -> str:
    """Short name · authors · year · kind · level · time, as escaped HTML."""
    parts = []
    if entry.short_title:
        parts.append(f'<span class="lr-alias">{esc(entry.short_title)}</span>')
    if entry.authors:
        shown = entry.authors[:4]
        parts.append(esc(", ".join(shown) + (" et al." if len(entry.authors) > 4 else "")))
    if entry.organisation:
        parts.append(esc(entry.organisation))
    if entry.year:
        parts.append(esc(entry.year))
    parts.append(f'<span class="lr-kind">{esc(entry.kind.value)}</span>')
    if entry.level:
        parts.append(f'<span class="lr-badge lr-level-{esc(entry.level.value)}">{esc(entry.level.value)}</span>')
    if entry.minutes:
        parts.append(f"{esc(entry.minutes)} min")
    return " · ".join(parts)


def tag_links(entry: Entry, here: str) -> str:
    """Tags as links to their tag pages."""
    return " ".join(internal(paths.href(here, paths.tag(t)), f"#{t}", "lr-tag") for t in entry.tags)


def extra_links(entry: Entry) -> str:
    """Discussion, slides, code and other extra links."""
    return " · ".join(ext(link.url, link.rel.value, "lr-extra") for link in entry.links)


def card(entry: Entry, site: Site, here: str, current_topic: str | None = None) -> str:
    """Render one entry card for the page at `here`."""
    catalog = site.catalog
    rows = [
        f'<article class="lr-card" id="{esc(entry.id)}" data-kind="{esc(entry.kind.value)}"'
        f' data-level="{esc(entry.level.value if entry.level else "")}">',
        f'<h3 class="lr-card__title">{ext(entry.url, entry.title)}</h3>',
        f'<p class="lr-card__meta">{meta_line(entry)} · '
        f'{internal(paths.href(here, paths.entry(entry.id)), "details", "lr-details")}</p>',
    ]
    health = badge(entry, site)
    if health:
        rows.append(f'<p class="lr-card__health">{health}</p>')
    if entry.note:
        rows.append(f'<p class="lr-card__note">{esc(entry.note)}</p>')
    if entry.links:
        rows.append(f'<p class="lr-card__links">{extra_links(entry)}</p>')
    others = [t for t in entry.topics if t != current_topic and t in catalog.topic_by_id]
    if others:
        also = ", ".join(internal(site.card_href(here, t, entry.id), catalog.topic_by_id[t].title,
                                  "lr-also") for t in others)
        rows.append(f'<p class="lr-card__also">Also in: {also}</p>')
    count = site.recommended_by(entry)
    if count:
        first = next(ref.source for ref in entry.sources)
        label = f"Recommended by {count} list" + ("s" if count > 1 else "")
        target = paths.href(here, paths.entry(entry.id), "recommended-by") if count > 1 else \
            site.source_href(here, first, entry.id)
        rows.append(f'<p class="lr-card__sources">{internal(target, label, "lr-sources")}</p>')
    if entry.tags:
        rows.append(f'<p class="lr-card__tags">{tag_links(entry, here)}</p>')
    rows.append("</article>")
    return "\n".join(rows) + "\n"
