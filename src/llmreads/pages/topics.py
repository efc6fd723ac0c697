"""Topic pages: introduction, key ideas, neighbours, then the entries grouped by kind."""

from __future__ import annotations

from collections import Counter

from llmreads.model import Entry, Kind, Topic
from llmreads.pages import paths
from llmreads.pages.cards import card
from llmreads.pages.html import Html, front_matter, html, internal, join, md, page, summary
from llmreads.pages.site import KIND_ORDER, KIND_PLURAL, Site, topic_order
from llmreads.pages.words import count


def _idea_href(site: Site, here: str, topic: Topic, entry: Entry) -> str:
    """The entry's card on this page, or its own page when it is not in this topic (`check` reports that)."""
    if topic.id in entry.topics:
        return site.card_href(here, topic.id, entry.id)
    return paths.href(here, paths.entry(entry.id))


def topic_page(topic: Topic, site: Site) -> str:
    """Render the page of one topic."""
    here = paths.topic(topic.id)
    entries = site.by_topic.get(topic.id, [])
    out = [front_matter(title=topic.title, description=summary(topic.intro or topic.description)),
           html("# {}\n\n", md(topic.title)), html('<p class="lr-lead">{}</p>\n\n', topic.description)]
    if topic.intro:
        out += [html("<p>{}</p>\n", paragraph) for paragraph in topic.intro.split("\n\n") if paragraph.strip()]
        out.append(Html("\n"))
    if topic.key_ideas:
        out.append(Html('## Key ideas\n\n<ul class="lr-ideas">\n'))
        for idea in topic.key_ideas:
            refs = join(", ", (internal(_idea_href(site, here, topic, site.catalog.entry_by_id[ref]),
                                        site.catalog.entry_by_id[ref].title)
                               for ref in idea.entries if ref in site.catalog.entry_by_id))
            out.append(html("<li><strong>{}</strong>: {}</li>\n", idea.name, refs))
        out.append(Html("</ul>\n\n"))
    out.append(_neighbours(topic, site, here))
    out.append(html('<p class="lr-count">{}</p>\n\n', count(len(entries), "entry")))
    if not site.topic_parts.get(topic.id):
        out.append(LEVEL_FILTER)
    if site.topic_parts.get(topic.id):
        out.append(_part_index(topic, site, here))
        return page(out)
    for kind in KIND_ORDER:
        group = [e for e in entries if e.kind is kind]
        if not group:
            continue
        out.append(html("## {}\n\n", KIND_PLURAL[kind]))
        out += [card(e, site, here, topic.id) for e in topic_order(group, site)]
        out.append(Html("\n"))
    return page(out)


#: Shows only the cards of one level (llmreads.js); without script every card stays visible.
LEVEL_FILTER = Html('<form class="lr-filters" id="lr-level" aria-label="Filter by level">'
                    '<label>Level <select name="level"><option value="">any</option>'
                    '<option value="intro">intro</option><option value="intermediate">intermediate</option>'
                    '<option value="advanced">advanced</option></select></label></form>\n\n')


def _part_index(topic: Topic, site: Site, here: str) -> Html:
    """For a topic split into pages: each kind with its count and its pages."""
    out = []
    for kind in KIND_ORDER:
        pages = [page for k, page in site.topic_parts[topic.id] if k is kind]
        if not pages:
            continue
        number = sum(1 for e in site.by_topic[topic.id] if e.kind is kind)
        links = join(" · ", (internal(paths.href(here, page), f"page {n}") for n, page in enumerate(pages, start=1)))
        out.append(html("## {}\n\n<p>{} in all: {}</p>\n\n", KIND_PLURAL[kind], number, links))
    return join("", out)


def topic_part_pages(topic: Topic, site: Site) -> dict[str, str]:
    """The pages of a split topic: its cards of one kind, a page at a time, with previous and next."""
    parts = site.topic_parts.get(topic.id, [])
    pages: dict[str, str] = {}
    by_kind: dict[Kind, list[str]] = {}
    for kind, part in parts:
        by_kind.setdefault(kind, []).append(part)
    for index, (kind, part) in enumerate(parts):
        chunk = site.part_entries[part]
        same = by_kind[kind]
        number = same.index(part) + 1
        title = f"{topic.title}: {KIND_PLURAL[kind]}" + (f" ({number} of {len(same)})" if len(same) > 1 else "")
        nav = [internal(paths.href(part, paths.topic(topic.id)), f"All of {topic.title}")]
        if index > 0:
            nav.append(Html("Previous: ") + internal(paths.href(part, parts[index - 1][1]), "previous page", "lr-prev"))
        if index + 1 < len(parts):
            nav.append(Html("Next: ") + internal(paths.href(part, parts[index + 1][1]), "next page", "lr-next"))
        pages[part] = page([
            front_matter(title=title, description=summary(topic.description)), html("# {}\n\n", md(title)),
            html('<nav class="lr-neighbours" aria-label="Pages of this topic">\n{}\n</nav>\n\n', join(" · ", nav)),
            *(card(e, site, part, topic.id) for e in chunk)])
    return pages


def _neighbours(topic: Topic, site: Site, here: str) -> Html:
    topics = site.catalog.topics
    index = topics.index(topic)
    links = []
    if index > 0:
        links.append(Html("Previous: ") + internal(paths.href(here, paths.topic(topics[index - 1].id)),
                                                   topics[index - 1].title, "lr-prev"))
    if index + 1 < len(topics):
        links.append(Html("Next: ") + internal(paths.href(here, paths.topic(topics[index + 1].id)),
                                               topics[index + 1].title, "lr-next"))
    shared: Counter[str] = Counter(t for e in site.by_topic.get(topic.id, []) for t in e.topics if t != topic.id)
    near = [t for t, _ in sorted(shared.items(), key=lambda kv: (-kv[1], kv[0]))[:4] if t in site.catalog.topic_by_id]
    if near:
        links.append(Html("Related topics: ") + join(", ", (
            internal(paths.href(here, paths.topic(t)), site.catalog.topic_by_id[t].title, "lr-near") for t in near)))
    return html('<nav class="lr-neighbours" aria-label="Neighbouring topics">\n{}\n</nav>\n\n',
                join("<br>\n", links))


def topics_index(site: Site) -> str:
    """Render the list of all topics with their entry counts."""
    here = paths.TOPICS
    out = [front_matter(title="Topics", description="Every topic of the reading list, with its entry count."),
           Html("# Topics\n\n"), topic_grid(site, here)]
    return page(out)


def topic_grid(site: Site, here: str) -> Html:
    """Topic cards with counts (used on home and the topics index)."""
    cards = []
    for topic in site.catalog.topics:
        number = len(site.by_topic.get(topic.id, []))
        cards.append(html('<li><a class="lr-topic" href="{}"><strong>{}</strong> '
                          '<span class="lr-topic__count">{}</span></a><span class="lr-topic__desc">{}</span></li>',
                          paths.href(here, paths.topic(topic.id)), topic.title, count(number, "entry"),
                          topic.description))
    return html('<ul class="lr-topics">\n{}\n</ul>\n\n', join("\n", cards))
