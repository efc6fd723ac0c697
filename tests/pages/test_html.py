"""The HTML pieces pages are built from, called directly: exact output for plain, hostile and edge-case values."""

from __future__ import annotations

import datetime as dt
import json

import markdown
import pytest
from markupsafe import Markup

from llmreads.model import Kind
from llmreads.pages.html import Html, esc, ext, front_matter, html, internal, join, md, page, summary, title_text

# ------------------------------------------------------------------------------------------------ escaping


@pytest.mark.parametrize(("text", "escaped"), [
    ("plain", "plain"),
    ("a < b & c > d", "a &lt; b &amp; c &gt; d"),
    ("\"quoted\" 'single'", "&quot;quoted&quot; &#x27;single&#x27;"),
    ("&amp;", "&amp;amp;"),                            # escaped once more: it is text, not markup
    (42, "42"),
    (None, "None"),
])
def test_esc_escapes_every_special_character(text: object, escaped: str) -> None:
    result = esc(text)
    assert isinstance(result, Html)
    assert str(result) == escaped


@pytest.mark.parametrize(("char", "kept"), [
    ("\x00", False), ("\x08", False), ("\t", True), ("\n", True), ("\x0b", False), ("\x0c", False),
    ("\r", False), ("\x1b", False), ("\x1f", False), (" ", True), ("~", True), ("\x7f", False), ("\x80", False),
    ("\x9f", False), ("\xa0", True), ("\u2029", True), ("\u202a", False), ("\u202e", False), ("\u202f", True),
    ("\u2065", True), ("\u2066", False), ("\u2069", False), ("\u206a", True), ("é", True),
])
def test_esc_drops_control_and_bidi_override_characters(char: str, kept: bool) -> None:
    assert str(esc(f"a{char}b")) == (f"a{char}b" if kept else "ab")


def test_esc_keeps_what_is_already_html() -> None:
    assert str(esc(Html("<b>bold</b>"))) == "<b>bold</b>"
    assert str(esc(Markup("<i>x</i>"))) == "<i>x</i>"
    assert type(esc(Markup("<i>x</i>"))) is Html


def test_html_fills_a_template_escaping_plain_values_only() -> None:
    filled = html('<a title="{}">{}</a>', 'say "hi" <now>', Html("<b>ok</b>"))
    assert isinstance(filled, Html)
    assert str(filled) == '<a title="say &quot;hi&quot; &lt;now&gt;"><b>ok</b></a>'
    assert str(html("<p>{name}: {0}</p>", "<1>", name="a&b")) == "<p>a&amp;b: &lt;1&gt;</p>"


class _Widget:
    """Not Html, but offers its own markup (markupsafe's __html__ protocol)."""

    def __html__(self) -> str:
        return "<w>"


@pytest.mark.parametrize("value", [
    "a < b", 'q "x" \'y\'', "\x1b\u202eevil", 42, -1.5, None, dt.date(2024, 5, 1), Kind.PAPER, Kind.PAPER.value,
    Html("<b>&amp;</b>"), Markup("<i>x</i>"), _Widget(), "{}", "{0}",
])
def test_html_writes_each_value_as_markupsafes_own_formatter_does(value: object) -> None:
    template = '<p title="{0}">{0} and {1}: {k}</p>'
    assert html(template, value, "&", k=value) == Html(template).format(value, "&", k=value)


def test_join_and_page_write_each_piece_as_markupsafes_own_join_does() -> None:
    pieces = ["a < b", Html("<b>&amp;</b>"), Markup("<i>x</i>"), _Widget(), 42, "\x1b\u202e", "'q'"]
    assert join(" · ", pieces) == Html(" · ").join(pieces)
    assert type(join(" · ", pieces)) is Html
    assert page(pieces) == str(Html("").join(pieces))
    assert type(page(pieces)) is str


def test_join_escapes_plain_pieces_and_keeps_the_separator() -> None:
    joined = join("<br>", ["<x>", Html("<y>"), "a\x1bb"])
    assert isinstance(joined, Html)
    assert str(joined) == "&lt;x&gt;<br><y><br>ab"
    assert str(join(", ", [])) == ""


def test_page_is_plain_text_with_plain_strings_escaped() -> None:
    text = page([Html("<h1>"), "Tom & <Jerry>", Html("</h1>\n"), "\u202eevil"])
    assert type(text) is str
    assert text == "<h1>Tom &amp; &lt;Jerry&gt;</h1>\nevil"


# ------------------------------------------------------------------------------------------------ Markdown lines


@pytest.mark.parametrize("char", list("\\`*_{}[]()#+-.!"))
def test_md_backslashes_each_markdown_character(char: str) -> None:
    assert str(md(f"a{char}b")) == f"a\\{char}b"


def test_md_escapes_markdown_then_html_and_keeps_one_line() -> None:
    assert str(md("  A <b>  [link](x)\n# not a heading ")) == "A &lt;b&gt; \\[link\\]\\(x\\) \\# not a heading"
    # Entities stay whole (their "#" is not backslashed), so a heading's anchor is made of its words.
    assert str(md("Q&A: it's \"fine\"")) == "Q&amp;A: it&#x27;s &quot;fine&quot;"
    heading = markdown.markdown("## " + str(md("It's <b>A</b> #1")), extensions=["toc"])
    assert heading == '<h2 id="its-bab-1">It&#x27;s &lt;b&gt;A&lt;/b&gt; #1</h2>'
    assert str(md("plain words, kept; as:is")) == "plain words, kept; as:is"
    assert isinstance(md("x"), Html)


# ------------------------------------------------------------------------------------------------ links


def test_ext_links_an_http_url() -> None:
    assert str(ext("https://example.org/?a=1&b=2", "A <title>")) == (
        '<a href="https://example.org/?a=1&amp;b=2" rel="noopener noreferrer">A &lt;title&gt;</a>')
    assert str(ext("http://example.org/", "x", "lr-source")) == (
        '<a href="http://example.org/" class="lr-source" rel="noopener noreferrer">x</a>')


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<p>", "/relative", "mailto:a@b.example",
                                 "https://", "http://exa mple.org/", ""])
def test_ext_shows_anything_else_as_text(url: str) -> None:
    assert str(ext(url, "<t>", "lr-source")) == '<span class="lr-bad-url">&lt;t&gt;</span>'


def test_ext_escapes_a_quote_in_the_url() -> None:
    assert str(ext('https://example.org/"onmouseover="x', "t")) == (
        '<a href="https://example.org/&quot;onmouseover=&quot;x" rel="noopener noreferrer">t</a>')


def test_internal_links_a_page_of_the_site() -> None:
    assert str(internal("../topics/rag/", "RAG & <co>")) == '<a href="../topics/rag/">RAG &amp; &lt;co&gt;</a>'
    assert str(internal("../", "Home", "lr-up")) == '<a href="../" class="lr-up">Home</a>'
    assert isinstance(internal("x/", "y"), Html)


# ---------------------------------------------------------------------------------------- titles and front matter


@pytest.mark.parametrize(("title", "text"), [
    ("Attention  Is\nAll\tYou Need", "Attention Is All You Need"),
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("Tom & \"Jerry\" 'n'", "Tom &amp; \"Jerry\" 'n'"),       # quotes stay: titles are never attributes
    ("bell\x07 and\u202e override", "bell and override"),
    ("  ", ""),
])
def test_title_text(title: str, text: str) -> None:
    result = title_text(title)
    assert type(result) is str
    assert result == text


def fields(front: str) -> dict[str, object]:
    assert front.startswith("---\n") and front.endswith("\n---\n\n")
    lines = front[len("---\n"):-len("\n---\n\n")].split("\n")
    return {key: json.loads(value) for key, _, value in (line.partition(": ") for line in lines)}


def test_front_matter_with_only_a_title() -> None:
    front = front_matter(title="Retrieval <augmented>")
    assert isinstance(front, Html)
    assert str(front) == '---\ntitle: "Retrieval &lt;augmented&gt;"\n---\n\n'


def test_front_matter_with_every_field() -> None:
    front = front_matter(title="Tom & Jerry", description='A "short"\n  <list>  é', tags=["rag", "a b"],
                         search=True)
    assert str(front) == ('---\ntitle: "Tom &amp; Jerry"\ndescription: "A &quot;short&quot; &lt;list&gt; é"\n'
                          'tags: ["rag", "a b"]\npagefind: true\n---\n\n')
    assert fields(str(front)) == {"title": "Tom &amp; Jerry", "description": "A &quot;short&quot; &lt;list&gt; é",
                                  "tags": ["rag", "a b"], "pagefind": True}


def test_front_matter_leaves_out_empty_fields() -> None:
    assert fields(str(front_matter(title="T", description="  ", tags=[], search=False))) == {"title": "T"}


def test_front_matter_values_cannot_break_out_of_yaml() -> None:
    front = str(front_matter(title='x"\n---\nevil: 1', description="d\x00\u2066"))
    assert fields(front) == {"title": 'x" --- evil: 1', "description": "d"}


# ------------------------------------------------------------------------------------------------ summaries


def test_summary_keeps_short_text_on_one_line() -> None:
    assert summary("  A short\n note.  ") == "A short note."
    assert summary(None) == ""
    assert summary("") == ""


def test_summary_of_exactly_the_limit_is_kept_whole() -> None:
    text = "word " * 30 + "abcd"  # 154 characters
    assert len(text) == 154
    assert summary(text + "e") == text + "e"  # 155: the default limit


def test_summary_cuts_long_text_at_a_word_boundary() -> None:
    text = "word " * 31 + "end"  # 158 characters
    cut = summary(text)
    assert cut == ("word " * 30).rstrip() + "…"
    assert len(cut) <= 155


def test_summary_with_a_limit() -> None:
    assert summary("one two three four", limit=10) == "one two…"
    assert summary("one two three four", limit=18) == "one two three four"
    assert summary("one two three four", limit=17) == "one two three…"
    assert summary("alpha, beta; gamma: delta", limit=14) == "alpha, beta…"  # no dangling punctuation
    assert summary("first second, third", limit=15) == "first second…"
    assert summary("a: b c", limit=5) == "a…"
    assert summary("Malcolm X said more", limit=12) == "Malcolm X…"  # only punctuation is trimmed
