"""Tag pages: every entry with one tag, grouped by primary topic; and the tags index."""

from __future__ import annotations

from llmreads import sitepaths as paths
from llmreads.model import Entry
from llmreads.pages.cards import card
from llmreads.pages.html import Html, front_matter, html, internal, join, md, page
from llmreads.pages.paging import chunks, pagers
from llmreads.pages.site import Site, topic_order
from llmreads.pages.words import count

#: Material's tags plugin replaces this marker with its listing of every tag and its pages.
MATERIAL_TAGS_MARKER = "<!-- material/tags -->"


#: Cards per tag page: a popular tag is split into numbered pages, like a large topic.
CARDS_PER_PAGE = 60
#: Material's listing names every (tag, entry) pair on the tags index: kept while that stays small.
MATERIAL_LISTING_MAX = 1500


def tag_pages(name: str, site: Site) -> dict[str, str]:
    """Render the pages of one tag: its entries grouped by primary topic, 60 cards a page."""
    entries = site.by_tag[name]
    rank = {topic.id: n for n, topic in enumerate(site.catalog.topics)}
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        groups.setdefault(entry.topics[0], []).append(entry)
    ordered = [e for topic_id in sorted(groups, key=lambda t: rank.get(t, len(rank)))
               for e in topic_order(groups[topic_id], site)]
    first = paths.tag(name)
    parts = chunks(ordered, CARDS_PER_PAGE)
    navs = pagers(first, len(parts))
    pages = {}
    for number, part in enumerate(parts, start=1):
        here = paths.numbered(first, number)
        suffix = f" (page {number} of {len(parts)})" if len(parts) > 1 else ""
        out = [front_matter(title=f"#{name}{suffix}",
                            description=f"{count(len(entries), 'entry')} tagged {name}."),
               html("# {}\n\n", md("#" + name + suffix)),
               html('<p class="lr-lead">{} tagged <code>{}</code>. {}</p>\n\n', count(len(entries), "entry"), name,
                    internal(paths.href(here, paths.TAGS), "All tags")),
               navs[number - 1]]
        topic_id = None
        for entry in part:
            if entry.topics[0] != topic_id:
                out.append(Html("" if topic_id is None else "\n"))
                topic_id = entry.topics[0]
                topic = site.catalog.topic_by_id.get(topic_id)
                out.append(html("## {}\n\n", md(topic.title if topic else topic_id)))
            out.append(card(entry, site, here))
        out.append(Html("\n") + navs[number - 1])
        pages[here] = page(out)
    return pages


#: Tags per page of the tags index (a link each, with its count).
TAGS_PER_PAGE = 1000


def tags_index(site: Site, material: bool) -> dict[str, str]:
    """Render the tags index: our own tag list, then Material's listing when its plugin is on and it fits."""
    parts = chunks(list(site.by_tag.items()), TAGS_PER_PAGE)
    navs = pagers(paths.TAGS, len(parts))
    pages = {}
    for number, part in enumerate(parts, start=1):
        here = paths.numbered(paths.TAGS, number)
        suffix = f" (page {number} of {len(parts)})" if len(parts) > 1 else ""
        out = [front_matter(title="Tags" + suffix, description="Every tag of the reading list with its entries."),
               html("# Tags{}\n\n", suffix), navs[number - 1], Html('<p class="lr-tagcloud">'),
               join(" ", (internal(paths.href(here, paths.tag(name)), f"#{name} ({len(entries)})", "lr-tag")
                          for name, entries in part)),
               Html("</p>\n\n")]
        if number == 1 and material and sum(len(e) for e in site.by_tag.values()) <= MATERIAL_LISTING_MAX:
            out.append(Html(f"## Entries by tag\n\n{MATERIAL_TAGS_MARKER}\n"))
        pages[here] = page(out)
    return pages
