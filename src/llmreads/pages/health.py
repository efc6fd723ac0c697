"""Link health on the site: a badge on cards whose link is not ok, and a page of what needs fixing."""

from __future__ import annotations

from llmreads.links.model import HealthRecord, LinkState
from llmreads.model import Entry
from llmreads.pages import paths
from llmreads.pages.html import Html, ext, front_matter, html, internal, join, page
from llmreads.pages.site import Site
from llmreads.pages.words import count

#: States a maintainer should look at, most urgent first.
NEEDS_ATTENTION = (LinkState.BROKEN, LinkState.REDIRECTED, LinkState.TIMEOUT, LinkState.ERROR, LinkState.BLOCKED)


def badge(entry: Entry, site: Site) -> Html:
    """A small verdict badge with the date checked (and the archived copy of a broken link), or ''."""
    record = site.health.get(entry.url)
    if record is None or record.state in (LinkState.OK, LinkState.SKIPPED):
        return Html("")
    day = record.checked_at.date().isoformat()
    text = html('<span class="lr-badge lr-health lr-health-{0}" title="link checked {1}">link {0} · {1}</span>',
                record.state.value, day)
    if record.archive_url:
        text += Html(" ") + ext(record.archive_url, "archived copy", "lr-archive")
    return text


def health_page(site: Site) -> str:
    """Render every entry whose link is not ok, grouped by verdict, with where to fix it."""
    here = paths.HEALTH
    by_url = {e.url: e for e in site.catalog.entries}
    records = [r for r in site.health.values() if r.url in by_url]
    out = [front_matter(title="Link health", description="Which links of the reading list are broken, moved or "
                                                         "unreachable, and where to fix them."),
           Html("# Link health\n\n")]
    if not records:
        out.append(Html("<p>No link check has been recorded yet: run <code>llmreads links --update-data</code>.</p>\n"))
        return page(out)
    last = max(r.checked_at for r in records).date().isoformat()
    ok = sum(1 for r in records if r.state is LinkState.OK)
    out.append(html('<p class="lr-lead">{} checked, {} ok; last check {}.</p>\n\n', count(len(records), "link"), ok,
                    last))
    for state in NEEDS_ATTENTION:
        group = sorted((r for r in records if r.state is state), key=lambda r: by_url[r.url].title.lower())
        if not group:
            continue
        out.append(html("## {} ({})\n\n<ul>\n", state.value.capitalize(), len(group)))
        out += [_row(by_url[r.url], r, site, here) for r in group]
        out.append(Html("</ul>\n\n"))
    return page(out)


def _row(entry: Entry, record: HealthRecord, site: Site, here: str) -> Html:
    place = site.catalog.places.get(entry.id)
    where = html(' <span class="lr-muted">({}:{})</span>', place.file, place.line) if place else Html("")
    facts = [ext(entry.url, entry.url)]
    if record.code is not None:
        facts.append(html("HTTP {}", record.code))
    if record.final_url:
        facts.append(Html("now at ") + ext(record.final_url, record.final_url))
    if record.archive_url:
        facts.append(ext(record.archive_url, "archived copy"))
    facts.append(html("checked {}", record.checked_at.date().isoformat()))
    return html("<li>{}{}<br>{}</li>\n", internal(paths.href(here, paths.entry(entry.id)), entry.title), where,
                join(" · ", facts))
