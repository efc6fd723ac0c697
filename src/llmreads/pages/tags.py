"""Tag pages: every entry with one tag, grouped by primary topic; and the tags index."""

from __future__ import annotations

from llmreads.pages import paths
from llmreads.pages.cards import card
from llmreads.pages.html import esc, front_matter, internal, md
from llmreads.pages.site import Site, topic_order
from llmreads.pages.words import count

#: Material's tags plugin replaces this marker with its listing of every tag and its pages.
MATERIAL_TAGS_MARKER = "<!-- material/tags -->"


def tag_page(name: str, site: Site) -> str:
    """Render the page of one tag."""
    here = paths.tag(name)
    entries = site.by_tag[name]
    out = [front_matter(title=f"#{name}", description=f"{count(len(entries), 'entry')} tagged {name}."),
           f"# {md('#' + name)}\n\n",
           f'<p class="lr-lead">{count(len(entries), "entry")} tagged <code>{esc(name)}</code>. '
           f"{internal(paths.href(here, paths.TAGS), 'All tags')}</p>\n\n"]
    for topic in site.catalog.topics:
        group = [e for e in entries if e.topics[0] == topic.id]
        if group:
            out.append(f"## {md(topic.title)}\n\n")
            out += [card(e, site, here) for e in topic_order(group, site)]
            out.append("\n")
    return "".join(out)


def tags_index(site: Site, material: bool) -> str:
    """Render the tags index: our own tag list, then Material's listing when its plugin is on."""
    here = paths.TAGS
    out = [front_matter(title="Tags", description="Every tag of the reading list with its entries."),
           "# Tags\n\n<p class=\"lr-tagcloud\">"]
    out.append(" ".join(internal(paths.href(here, paths.tag(name)), f"#{name} ({len(entries)})", "lr-tag")
                        for name, entries in site.by_tag.items()))
    out.append("</p>\n\n")
    if material:
        out.append(f"## Entries by tag\n\n{MATERIAL_TAGS_MARKER}\n")
    return "".join(out)
