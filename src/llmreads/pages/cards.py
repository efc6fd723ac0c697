"""An entry as a card on topic, tag and source pages: one raw-HTML block, built from Html pieces."""

from __future__ import annotations

from llmreads import sitepaths as paths
from llmreads.model import Entry
from llmreads.pages.health import badge
from llmreads.pages.html import Html, esc, ext, html, internal, join
from llmreads.pages.site import Site


def meta_line(entry: Entry) -> Html:
    """Short name · authors · year · kind · level · time."""
    parts: list[Html] = []
    if entry.short_title:
        parts.append(html('<span class="lr-alias">{}</span>', entry.short_title))
    if entry.authors:
        shown = entry.authors[:4]
        parts.append(esc(", ".join(shown) + (" et al." if len(entry.authors) > 4 else "")))
    if entry.organisation:
        parts.append(esc(entry.organisation))
    if entry.year:
        parts.append(esc(entry.year))
    parts.append(html('<span class="lr-kind">{}</span>', entry.kind.value))
    if entry.level:
        parts.append(html('<span class="lr-badge lr-level-{0}">{0}</span>', entry.level.value))
    if entry.minutes:
        parts.append(html("{} min", entry.minutes))
    return join(" · ", parts)


def tag_links(entry: Entry, here: str) -> Html:
    """Tags as links to their tag pages."""
    return join(" ", (internal(paths.href(here, paths.tag(t)), f"#{t}", "lr-tag") for t in entry.tags))


def extra_links(entry: Entry) -> Html:
    """Discussion, slides, code and other extra links."""
    return join(" · ", (ext(link.url, link.rel.value, "lr-extra") for link in entry.links))


def card(entry: Entry, site: Site, here: str, current_topic: str | None = None) -> Html:
    """Render one entry card for the page at `here` (or take it from `site.cards` if nothing it shows changed)."""
    others = [t for t in entry.topics if t != current_topic and t in site.catalog.topic_by_id]
    if site.cards is None:
        return _card(entry, site, here, others)
    first = entry.sources[0].source if entry.sources else ""
    links = (*(site.card_pages.get((t, entry.id)) for t in others), site.source_pages.get((first, entry.id)))
    key = (entry.id, here, current_topic)
    known = site.cards.get(key)
    if known is not None and known[1] == links and (known[0] is entry or known[0] == entry):
        return Html(known[2])
    made = _card(entry, site, here, others)
    site.cards[key] = (entry, links, str(made))
    return made


def _card(entry: Entry, site: Site, here: str, others: list[str]) -> Html:
    catalog = site.catalog
    rows = [
        html('<article class="lr-card" id="{}" data-kind="{}" data-level="{}">', entry.id, entry.kind.value,
             entry.level.value if entry.level else ""),
        html('<h3 class="lr-card__title">{}</h3>', ext(entry.url, entry.title)),
        html('<p class="lr-card__meta">{} · {}</p>', meta_line(entry),
             internal(paths.href(here, paths.entry(entry.id)), "details", "lr-details")),
    ]
    health = badge(entry, site)
    if health:
        rows.append(html('<p class="lr-card__health">{}</p>', health))
    if entry.note:
        rows.append(html('<p class="lr-card__note">{}</p>', entry.note))
    if entry.links:
        rows.append(html('<p class="lr-card__links">{}</p>', extra_links(entry)))
    if others:
        also = join(", ", (internal(site.card_href(here, t, entry.id), catalog.topic_by_id[t].title, "lr-also")
                           for t in others))
        rows.append(html('<p class="lr-card__also">Also in: {}</p>', also))
    count = site.recommended_by(entry)
    if count:
        first = next(ref.source for ref in entry.sources)
        label = f"Recommended by {count} list" + ("s" if count > 1 else "")
        target = paths.href(here, paths.entry(entry.id), "recommended-by") if count > 1 else \
            site.source_href(here, first, entry.id)
        rows.append(html('<p class="lr-card__sources">{}</p>', internal(target, label, "lr-sources")))
    if entry.tags:
        rows.append(html('<p class="lr-card__tags">{}</p>', tag_links(entry, here)))
    rows.append(Html("</article>"))
    return join("\n", rows) + Html("\n")
