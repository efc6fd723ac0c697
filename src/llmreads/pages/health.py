"""Link health on the site: a badge on cards whose link is not ok, and a page of what needs fixing."""

from __future__ import annotations

from llmreads.links.model import HealthRecord, LinkState
from llmreads.model import Entry
from llmreads.pages import paths
from llmreads.pages.html import esc, ext, front_matter, internal
from llmreads.pages.site import Site
from llmreads.pages.words import count

#: States a maintainer should look at, most urgent first.
NEEDS_ATTENTION = (LinkState.BROKEN, LinkState.REDIRECTED, LinkState.TIMEOUT, LinkState.ERROR, LinkState.BLOCKED)


def badge(entry: Entry, site: Site) -> str:
    """A small verdict badge with the date checked (and the archived copy of a broken link), or ''."""
    record = site.health.get(entry.url)
    if record is None or record.state in (LinkState.OK, LinkState.SKIPPED):
        return ""
    text = f'<span class="lr-badge lr-health lr-health-{esc(record.state.value)}" ' \
           f'title="link checked {esc(record.checked_at.date().isoformat())}">' \
           f"link {esc(record.state.value)} · {esc(record.checked_at.date().isoformat())}</span>"
    if record.archive_url:
        text += " " + ext(record.archive_url, "archived copy", "lr-archive")
    return text


def health_page(site: Site) -> str:
    """Render every entry whose link is not ok, grouped by verdict, with where to fix it."""
    here = paths.HEALTH
    by_url = {e.url: e for e in site.catalog.entries}
    records = [r for r in site.health.values() if r.url in by_url]
    out = [front_matter(title="Link health", description="Which links of the reading list are broken, moved or "
                                                         "unreachable, and where to fix them."),
           "# Link health\n\n"]
    if not records:
        out.append("<p>No link check has been recorded yet: run <code>llmreads links --update-data</code>.</p>\n")
        return "".join(out)
    last = max(r.checked_at for r in records).date().isoformat()
    ok = sum(1 for r in records if r.state is LinkState.OK)
    out.append(f'<p class="lr-lead">{count(len(records), "link")} checked, {ok} ok; last check {esc(last)}.</p>\n\n')
    for state in NEEDS_ATTENTION:
        group = sorted((r for r in records if r.state is state), key=lambda r: by_url[r.url].title.lower())
        if not group:
            continue
        out.append(f"## {state.value.capitalize()} ({len(group)})\n\n<ul>\n")
        out += [_row(by_url[r.url], r, site, here) for r in group]
        out.append("</ul>\n\n")
    return "".join(out)


def _row(entry: Entry, record: HealthRecord, site: Site, here: str) -> str:
    place = site.catalog.places.get(entry.id)
    where = f' <span class="lr-muted">({esc(place.file)}:{place.line})</span>' if place else ""
    facts = [ext(entry.url, entry.url)]
    if record.code is not None:
        facts.append(f"HTTP {record.code}")
    if record.final_url:
        facts.append("now at " + ext(record.final_url, record.final_url))
    if record.archive_url:
        facts.append(ext(record.archive_url, "archived copy"))
    facts.append(f"checked {esc(record.checked_at.date().isoformat())}")
    return (f"<li>{internal(paths.href(here, paths.entry(entry.id)), entry.title)}{where}<br>"
            + " · ".join(facts) + "</li>\n")
