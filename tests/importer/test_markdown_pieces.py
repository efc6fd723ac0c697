"""parse_list piece by piece: tables inside lists, titles from the words after a generic link, authors, URLs.

Written after mutation testing showed these rules exercised only through whole fixture lists, where
a changed detail went unseen. Each case states the exact fields the importer reads from one line.
"""

from __future__ import annotations

from textwrap import dedent

import pytest

from llmreads.errors import ImportSourceError
from llmreads.importer.markdown import FoundLink, ParsedList, _split_authors, _trim_url, parse_list
from llmreads.model import Rel


def parse(text: str) -> ParsedList:
    return parse_list(dedent(text).lstrip("\n"), "list.md")


def only(text: str) -> FoundLink:
    (link,) = parse(text).links
    return link


# --------------------------------------------------------------------------- tables


TABLE = """
    ---
    title: A list
    ---
    ## Papers

    | Paper | Authors | Year | Summary | Links |
    | --- | --- | --- | --- | --- |
    | [The T5 paper](https://a.example/t5) | {AUTHORS} | 2019 | One text-to-text   model for all. | {LINKS} |
    | [T5](https://b.example/t5) | | 2020 | [A summary](https://c.example/s) with words | |
    | [LinkedIn](https://a.example/me) | | | | |
    | [Follow me](https://x.com/someone) | | | | |
    | [A thread](https://x.com/someone/status/1) | | | | |
    """.replace("{AUTHORS}", "Colin Raffel, Noam Shazeer").replace("{LINKS}", "[code](https://github.com/google/t5) [paper](https://a.example/t5.pdf)")


@pytest.fixture
def table() -> list[FoundLink]:
    return parse(TABLE).links


def test_a_table_row_gives_title_authors_year_comment_and_extras(table: list[FoundLink]) -> None:
    row = table[0]
    assert (row.url, row.title, row.authors, row.year) == (
        "https://a.example/t5", "The T5 paper", ["Colin Raffel", "Noam Shazeer"], 2019)
    assert row.comment == "One text-to-text model for all."  # spaces folded
    assert row.extras == [("https://github.com/google/t5", Rel.CODE), ("https://a.example/t5.pdf", Rel.PDF)]
    assert row.heading == ["Papers"]
    assert row.line == 8  # counted in the file, front matter included
    assert (row.skip_reason, row.short_title) == (None, False)


def test_a_table_cell_keeps_its_link_texts_and_words(table: list[FoundLink]) -> None:
    row = table[1]
    assert (row.title, row.year, row.line) == ("T5", 2020, 9)
    assert row.comment == "A summary with words"
    assert row.short_title is True


def test_social_links_in_a_table_are_marked_to_skip(table: list[FoundLink]) -> None:
    assert [(link.url, link.skip_reason) for link in table[2:]] == [
        ("https://a.example/me", "acknowledgement link to a social network"),
        ("https://x.com/someone", "social media profile"),
        ("https://x.com/someone/status/1", None),
    ]
    assert [link.short_title for link in table[2:]] == [True, False, False]


def test_a_table_row_without_a_title_is_no_short_name() -> None:
    (row,) = parse("""
        | Link | Year |
        | --- | --- |
        | https://a.example/x | 2020 |
        """).links
    assert (row.url, row.title, row.short_title) == ("https://a.example/x", None, False)


def test_a_table_without_front_matter_counts_lines_from_the_top() -> None:
    (row,) = parse("""
        Some words.

        | Title | Year |
        | --- | --- |
        | [A](https://a.example/a) | 2020 |
        """).links
    assert row.line == 5


# --------------------------------------------------------------------------- front matter


def test_front_matter_that_is_not_a_mapping_is_ignored() -> None:
    parsed = parse("""
        ---
        - just
        - a list
        ---
        # The list

        - [A](https://a.example/a)
        """)
    assert (parsed.title, parsed.author) == ("The list", None)
    assert [(link.url, link.line) for link in parsed.links] == [("https://a.example/a", 3)]


@pytest.mark.parametrize(("value", "title"), [("7", "7"), ("1.5", "1.5"), ("true", "Heading"), ("[a]", "Heading"),
                                              ("'  '", "Heading"), ("' Padded '", "Padded")])
def test_a_front_matter_title_is_text_or_a_number(value: str, title: str) -> None:
    parsed = parse_list(f"---\ntitle: {value}\nauthor: {value}\n---\n# Heading\n", "list.md")
    assert parsed.title == title
    assert parsed.author == (None if title == "Heading" else title)


def test_front_matter_errors_name_the_file_and_line() -> None:
    with pytest.raises(ImportSourceError) as info:
        parse_list("---\ntitle: a\ntitle: b\n---\n", "lists/x.md")
    assert str(info.value) == "lists/x.md:3: front matter: duplicate key"


# --------------------------------------------------------------------------- generic link texts


@pytest.mark.parametrize(("line", "title"), [
    ("- [paper](https://a.example/p) — A guide to RLHF. More words here.", "A guide to RLHF"),
    ("- [paper](https://a.example/p) (A guide to RLHF)", "A guide to RLHF"),
    ("- [paper](https://a.example/p): [A guide to RLHF]", "A guide to RLHF"),
    ("- [paper](https://a.example/p) -- A guide to v2.5 models", "A guide to v2.5 models"),
    ("- [paper](https://a.example/p) — XLNet, explained by eXample X", "XLNet, explained by eXample X"),
    ("- [paper](https://a.example/p) — 42", None),
    ("- [paper](https://a.example/p)", None),
    ("- [paper](https://a.example/p) — . . .", None),
])
def test_a_generic_link_opening_a_line_takes_its_title_from_the_words_after_it(line: str, title: str | None) -> None:
    link = only(line)
    assert link.title == title
    assert link.short_title is False


def test_a_generic_link_after_a_label_is_an_extra_of_nothing_but_keeps_the_label() -> None:
    link = only("- My guide, by Ann Lee: [paper](https://a.example/p)")
    assert (link.title, link.authors) == ("My guide", ["Ann Lee"])


# --------------------------------------------------------------------------- labels and sub-lists


def test_a_text_item_followed_by_a_paragraph_with_a_link_is_no_heading() -> None:
    parsed = parse("""
        - Some text first

          [A](https://a.example/a)
        """)
    assert [(link.url, link.heading) for link in parsed.links] == [("https://a.example/a", [])]


def test_a_text_item_with_a_sub_list_is_a_heading_and_its_colon_goes() -> None:
    parsed = parse("""
        ## Part
        - Further reading:
          - [A](https://a.example/a)
        - [B](https://a.example/b)
        """)
    assert [(link.url, link.heading) for link in parsed.links] == [
        ("https://a.example/a", ["Part", "Further reading"]), ("https://a.example/b", ["Part"])]


# --------------------------------------------------------------------------- authors and URLs


@pytest.mark.parametrize(("text", "authors"), [
    ("Ann Lee, Bo Chen and Cy Diaz", ["Ann Lee", "Bo Chen", "Cy Diaz"]),
    ("Ann Lee, and Bo Chen & Cy Diaz.", ["Ann Lee", "Bo Chen", "Cy Diaz"]),
    ("Ann Lee; edited by Bo Chen", ["Ann Lee"]),
    ("A. Lee., B. Chen.", ["A. Lee", "B. Chen"]),
    ("Ann Lee, et al.", ["Ann Lee"]),
    ("Ann Lee, Et Al", ["Ann Lee"]),
    ("Ann Lee, Bo Chen, etc.", ["Ann Lee", "Bo Chen"]),
    ("Ann Lee, ., Bo Chen", ["Ann Lee", "Bo Chen"]),
    ("Xu Li", ["Xu Li"]),
    ("Ann Lee and X.", ["Ann Lee", "X"]),
    ("Xetc, Ann Lee", ["Xetc", "Ann Lee"]),
])
def test_split_authors(text: str, authors: list[str]) -> None:
    assert _split_authors(text) == authors


@pytest.mark.parametrize(("url", "trimmed"), [
    ("https://a.example/x.", "https://a.example/x"),
    ("https://a.example/x?!'\"", "https://a.example/x"),
    ("https://a.example/X", "https://a.example/X"),
    ("https://a.example/x).", "https://a.example/x"),
    ("https://a.example/x.)", "https://a.example/x"),
    ("https://a.example/x!))", "https://a.example/x"),
    ("https://a.example/x_(y)", "https://a.example/x_(y)"),
    ("https://a.example/x_(y)).", "https://a.example/x_(y)"),
    ("https://a.example/.x)", "https://a.example/.x"),
    ("https://a.example/X)", "https://a.example/X"),
])
def test_trim_url(url: str, trimmed: str) -> None:
    assert _trim_url(url) == trimmed


# --------------------------------------------------------------------------- one line, every field


def fields(link: FoundLink) -> tuple[object, ...]:
    return (link.url, link.title, link.authors, link.year, link.comment, link.extras, link.skip_reason)


@pytest.mark.parametrize(("line", "expected"), [
    ("- [Deep RL](https://a.example/d) (2020)", ("https://a.example/d", "Deep RL", [], 2020, None, [], None)),
    ("- [Deep RL](https://a.example/d) 2020. A long read on it",
     ("https://a.example/d", "Deep RL", [], 2020, "A long read on it", [], None)),
    ("- [Deep RL](https://a.example/d) by Ann Lee and Bo Chen. A long read",
     ("https://a.example/d", "Deep RL", ["Ann Lee", "Bo Chen"], None, "A long read", [], None)),
    ("- [Deep RL](https://a.example/d) — by Ann Lee", ("https://a.example/d", "Deep RL", ["Ann Lee"], None, None, [],
                                                       None)),
    ("- [Deep RL | Ann Lee](https://a.example/d) by Bo Chen. Words here",
     ("https://a.example/d", "Deep RL", ["Ann Lee"], None, "by Bo Chen. Words here", [], None)),  # authors known
    ("- [Deep RL | GitHub](https://a.example/d)", ("https://a.example/d", "Deep RL", [], None, None, [], None)),
    ("- [Deep RL by Andrej Karpathy](https://a.example/d)",
     ("https://a.example/d", "Deep RL", ["Andrej Karpathy"], None, None, [], None)),
    ("- [Stand by me](https://a.example/d)", ("https://a.example/d", "Stand by me", [], None, None, [], None)),
    ("- [A talk (YouTube)](https://a.example/d)", ("https://a.example/d", "A talk", [], None, None, [], None)),
    ("- [A talk (Video)](https://a.example/d)", ("https://a.example/d", "A talk", [], None, None, [], None)),
    ('- [A talk{:target="_blank"}](https://a.example/d)', ("https://a.example/d", "A talk", [], None, None, [],
                                                           None)),
    ("- Deep RL (note: old) https://a.example/d", ("https://a.example/d", "Deep RL", [], None, None, [], None)),
    ("- [Deep RL](https://a.example/d) - a single", ("https://a.example/d", "Deep RL", [], None, "a single", [],
                                                     None)),
    ("- [Deep RL](https://a.example/d) - word", ("https://a.example/d", "Deep RL", [], None, None, [], None)),
    ("- [Deep RL](https://a.example/d) (a note in brackets)",
     ("https://a.example/d", "Deep RL", [], None, None, [], None)),
    ("- [Deep RL](https://a.example/d) - a good read ([HN](https://news.ycombinator.com/item?id=5))",
     ("https://a.example/d", "Deep RL", [], None, "a good read", [("https://news.ycombinator.com/item?id=5",
                                                                  Rel.DISCUSSION)], None)),
    ("- [Deep RL](https://a.example/d) - a good read [[code](https://b.example/c)]",
     ("https://a.example/d", "Deep RL", [], None, "a good read", [("https://b.example/c", Rel.CODE)], None)),
    ("- [Deep RL](https://a.example/d), a fine read; really |",
     ("https://a.example/d", "Deep RL", [], None, "a fine read; really", [], None)),
    ("- Deep RL, by Ann Lee. https://a.example/d",
     ("https://a.example/d", "Deep RL", ["Ann Lee"], None, None, [], None)),
    ("- Deep RL. Ann Lee, Bo Chen https://a.example/d",
     ("https://a.example/d", "Deep RL", ["Ann Lee", "Bo Chen"], None, None, [], None)),
    ("- Deep RL, Ann Lee https://a.example/d", ("https://a.example/d", "Deep RL", ["Ann Lee"], None, None, [], None)),
    ("- Deep RL (Note: old) https://a.example/d", ("https://a.example/d", "Deep RL", [], None, None, [], None)),
    ("- (See also: a page) https://a.example/d", ("https://a.example/d", None, [], None, None, [], None)),
    ("- 12. https://a.example/d", ("https://a.example/d", None, [], None, None, [], None)),
    ("- <https://a.example/d>", ("https://a.example/d", None, [], None, None, [], None)),
    ("- [Me](https://twitter.com/me)", ("https://twitter.com/me", "Me", [], None, None, [], "social media profile")),
    ("- [Me](https://www.linkedin.com/me/)", ("https://www.linkedin.com/me/", "Me", [], None, None, [],
                                              "social media profile")),
    ("- [Me](https://mastodon.example/@me)", ("https://mastodon.example/@me", "Me", [], None, None, [],
                                              "social media profile")),
    ("- [Me](https://twitter.com/)", ("https://twitter.com/", "Me", [], None, None, [], None)),
    ("- [Bluesky](https://a.example/x)", ("https://a.example/x", "Bluesky", [], None, None, [],
                                          "acknowledgement link to a social network")),
    ("- [ Threads ](https://a.example/x)", ("https://a.example/x", "Threads", [], None, None, [],
                                      "acknowledgement link to a social network")),
    ("- [A post](https://a.example/x?from=@me)", ("https://a.example/x?from=@me", "A post", [], None, None, [],
                                                  None)),
])
def test_one_line(line: str, expected: tuple[object, ...]) -> None:
    assert fields(only(line)) == expected


@pytest.mark.parametrize(("text", "extras"), [
    ("- [A](https://a.example/a) ([HN](https://news.ycombinator.com/item?id=1))",
     [("https://news.ycombinator.com/item?id=1", Rel.DISCUSSION)]),
    ("- [A](https://a.example/a) [comments](https://b.example/c)", [("https://b.example/c", Rel.DISCUSSION)]),
    ("- [A](https://a.example/a) [deck](https://b.example/c)", [("https://b.example/c", Rel.SLIDES)]),
    ("- [A](https://a.example/a) [Source Code](https://b.example/c)", [("https://b.example/c", Rel.CODE)]),
    ("- [A](https://a.example/a) [(PDF)](https://b.example/c)", [("https://b.example/c", Rel.PDF)]),
    ("- [A](https://a.example/a) [recording](https://b.example/c)", [("https://b.example/c", Rel.VIDEO)]),
    ("- [A](https://a.example/a) [the thread](https://news.ycombinator.com/item?id=2)",
     [("https://news.ycombinator.com/item?id=2", Rel.DISCUSSION)]),
    ("- [A](https://a.example/a) (see also https://b.example/c)", [("https://b.example/c", Rel.SEE_ALSO)]),
    ("- [A](https://a.example/a) (See also the discussion: https://b.example/c)",
     [("https://b.example/c", Rel.DISCUSSION)]),
    ("- [A](https://a.example/a) see also Comments at https://b.example/c", [("https://b.example/c", Rel.DISCUSSION)]),
    ("- [A](https://a.example/a) [blog](https://b.example/c)", [("https://b.example/c", Rel.SEE_ALSO)]),
    ("- [A](https://a.example/a) [video](https://www.youtube.com/watch?v=abcdefghijk)",
     [("https://www.youtube.com/watch?v=abcdefghijk", Rel.VIDEO)]),
    ("- [A](https://a.example/a) [code](https://a.example/a) [code](https://b.example/c) [repo](https://b.example/c)",
     [("https://b.example/c", Rel.CODE)]),  # its own address and a repeated extra are not added again
])
def test_extras_of_the_link_before(text: str, extras: list[tuple[str, Rel]]) -> None:
    link = only(text)
    assert (link.url, link.extras) == ("https://a.example/a", extras)


def test_a_second_titled_link_on_a_line_is_its_own_entry() -> None:
    parsed = parse("- [A](https://a.example/a) and [B](https://b.example/b) by Ann Lee\n")
    assert [(link.url, link.title, link.authors) for link in parsed.links] == [
        ("https://a.example/a", "A", []), ("https://b.example/b", "B", [])]


def test_words_after_a_link_run_over_lines_up_to_the_next_link() -> None:
    parsed = parse("""
        - [A](https://a.example/a)
          by Ann Lee. Then [B](https://b.example/b) 2021
        """)
    assert [(link.title, link.authors, link.year) for link in parsed.links] == [
        ("A", ["Ann Lee"], None), ("B", [], 2021)]


def test_html_anchors_and_badges() -> None:
    parsed = parse("""
        - <a href="https://a.example/a">Anchored</a> <A HREF='https://b.example/b'><img src="x.svg"></a >
        - [![badge](https://img.example/b.svg)](https://c.example/c)
        - <a href=https://d.example/d>Plain</a>
        """)
    assert [(link.url, link.title, link.extras) for link in parsed.links] == [
        ("https://a.example/a", "Anchored", [("https://b.example/b", Rel.SEE_ALSO)]),
        ("https://c.example/c", None, []),
        ("https://d.example/d", "Plain", []),
    ]


@pytest.mark.parametrize(("href", "url"), [
    ("https://a.example/x", "https://a.example/x"),
    ("}https://a.example/x", "https://a.example/x"),
    ("https://%7Da.example/x", "https://a.example/x"),
    ("mailto:me@a.example", None),
    ("/relative/path", None),
    ("https://", None),
])
def test_hrefs_are_cleaned_or_dropped(href: str, url: str | None) -> None:
    links = parse(f"- [A title]({href})\n").links
    assert [link.url for link in links] == ([url] if url else [])


@pytest.mark.parametrize(("text", "found"), [
    ("- [Broken](https://a.example/x and more words",
     [("https://a.example/x", "Broken")]),
    ("- [Broken](}https://a.example/x [Other](https://b.example/y)",
     [("https://a.example/x", "Broken"), ("https://b.example/y", "Other")]),
    ("- [Broken](https://a.example/x then https://b.example/y",
     [("https://a.example/x", "Broken"), ("https://b.example/y", None)]),
    ("- https://a.example/x, then https://b.example/y.",
     [("https://a.example/x", None), ("https://b.example/y", None)]),
])
def test_bare_and_broken_links_in_text(text: str, found: list[tuple[str, str | None]]) -> None:
    assert [(link.url, link.title) for link in parse(text).links] == found


def test_code_in_a_heading_is_part_of_it() -> None:
    (link,) = parse("""
        # List

        ## The `attention` layer
        - [A](https://a.example/a)
        """).links
    assert link.heading == ["The attention layer"]


def test_a_labelled_rel_word_on_the_next_line_is_still_an_extra() -> None:
    parsed = parse("""
        - [Main](https://a.example/m)
          Slides by Ann: [(Slides)](https://b.example/s)
        """)
    assert [(link.url, link.extras) for link in parsed.links] == [
        ("https://a.example/m", [("https://b.example/s", Rel.SLIDES)])]
