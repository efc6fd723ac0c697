"""Stand-in titles for bare URLs and the rel of an extra link (gaps found by mutation testing)."""

from __future__ import annotations

import pytest

from llmreads.importer.guess import stand_in_title
from llmreads.importer.linktext import is_generic, is_short_name, rel_for, rel_for_words
from llmreads.model import Rel


@pytest.mark.parametrize(("url", "title"), [
    ("https://www.example.com/posts/the-bpe-tokenizer/", "The bpe tokenizer (example.com)"),
    ("https://example.com/a/what_are_embeddings.html", "What are embeddings (example.com)"),
    ("https://example.com/a/Guide+To+LoRA.htm", "Guide To LoRA (example.com)"),
    ("https://example.com/paper.pdf", "Paper (example.com)"),
    ("https://example.com/page.php", "Page (example.com)"),
    ("https://example.com/page.aspx", "Page (example.com)"),
    ("https://example.com/docs/index.html", "Docs (example.com)"),
    ("https://example.com/docs/Index/", "Docs (example.com)"),
    ("https://example.com/caf%C3%A9-notes", "Café notes (example.com)"),
    ("https://medium.com/@me/understanding-kv-caches-9a7fd2935a85", "Understanding kv caches (medium.com)"),
    ("https://example.com/short-abc1234", "Short abc1234 (example.com)"),  # fewer than 8 hex digits stay
    ("https://example.com/", "example.com"),
    ("https://example.com/index.html", "example.com"),
    ("https://www.example.com", "example.com"),
    ("https://example.com/---/", "example.com"),
])
def test_stand_in_title(url: str, title: str) -> None:
    assert stand_in_title(url) == title


@pytest.mark.parametrize(("words", "rel"), [
    ("HN", Rel.DISCUSSION), (" [Hacker News] ", Rel.DISCUSSION), ("Slides", Rel.SLIDES), ("(code)", Rel.CODE),
    ("Open in Colab", Rel.CODE), ("PDF.", Rel.PDF), ("Lecture", Rel.VIDEO), ("Blog", None), ("", None), (None, None),
])
def test_rel_for_words(words: str | None, rel: Rel | None) -> None:
    assert rel_for_words(words) is rel


@pytest.mark.parametrize(("text", "url", "column", "rel"), [
    ("Slides", "https://github.com/a/b", None, Rel.SLIDES),             # the link's words first
    ("link", "https://github.com/a/b", "Video", Rel.VIDEO),             # then its column's header
    ("link", "https://GitHub.com/a/b", None, Rel.CODE),                 # then the address
    ("x", "https://colab.research.google.com/drive/1", None, Rel.CODE),
    ("x", "https://gitlab.com/a/b", None, Rel.CODE),
    ("x", "https://www.youtube.com/watch?v=abcdefg", None, Rel.VIDEO),
    ("x", "https://youtu.be/abcdefg", None, Rel.VIDEO),
    ("x", "https://vimeo.com/123", None, Rel.VIDEO),
    ("x", "https://news.ycombinator.com/item?id=1", None, Rel.DISCUSSION),
    ("x", "https://old.reddit.com/r/x/comments/1", None, Rel.DISCUSSION),
    ("x", "https://a.example/paper.PDF?download=1", None, Rel.PDF),
    ("x", "https://arxiv.org/pdf/2401.00001", None, Rel.PDF),
    ("x", "https://openreview.net/pdf?id=abc", None, Rel.PDF),
    ("x", "https://a.example/page", None, Rel.SEE_ALSO),
    ("x", "https://github.io.example/page", None, Rel.SEE_ALSO),        # "github.com/" only
    (None, "https://a.example/pdfs", "Notes", Rel.SEE_ALSO),
])
def test_rel_for(text: str | None, url: str, column: str | None, rel: Rel) -> None:
    assert rel_for(text, url, column) is rel


@pytest.mark.parametrize(("text", "generic"), [
    ("Paper", True), ("  blog   post ", True), ("(Slides)", True), ("[code]:", True), ("{pdf}.", True),
    ("-> Code <-", True),                      # punctuation around the words
    ("**", True), ("", True), (None, True),    # no word at all
    ("42", True), ("[7]", True), ("#12", True), ("IV", True), ("xvi", True),
    ("4a", False), ("#a", False), ("ivy", False), ("Papers with Code", False), ("T5", False),
    ("The paper", False), ("code review", False),
])
def test_is_generic(text: str | None, generic: bool) -> None:
    assert is_generic(text) is generic


@pytest.mark.parametrize(("text", "short"), [
    ("T5", True), (" PPO ", True), ("LLaMA-2", True), ("a" * 15, True), ("a" * 16, False),
    ("Two words", False), ("code", False), ("12", False), ("", False),
])
def test_is_short_name(text: str, short: bool) -> None:
    assert is_short_name(text) is short


@pytest.mark.parametrize(("words", "rel"), [
    ("reddit", Rel.DISCUSSION), ("Comments", Rel.DISCUSSION), ("lobsters", Rel.DISCUSSION),
    ("Thread", Rel.DISCUSSION), ("deck", Rel.SLIDES), ("Slide deck", Rel.SLIDES), ("poster", Rel.SLIDES),
    ("GitHub", Rel.CODE), ("Repo", Rel.CODE), ("Kaggle", Rel.CODE), ("JAX", Rel.CODE),
    ("YouTube", Rel.VIDEO), ("Talk", Rel.VIDEO), ("recording", Rel.VIDEO), ("videos", Rel.VIDEO),
    ("  source   code ", Rel.CODE), ("paper", None), ("slides and code", None),
])
def test_rel_for_more_words(words: str, rel: Rel | None) -> None:
    assert rel_for_words(words) is rel


@pytest.mark.parametrize(("url", "rel"), [
    ("https://example.com/paper.pdf", Rel.PDF),
    ("https://example.com/pdf/paper", Rel.PDF),
    ("https://example.com/paper.pdf#page=2", Rel.SEE_ALSO),     # only a query is cut before the suffix
    ("https://example.com/a?file=x.pdf", Rel.SEE_ALSO),
    ("https://www.reddit.com/r/x", Rel.DISCUSSION),
    ("https://github.com", Rel.SEE_ALSO),                        # the site itself, no path
    ("https://youtube.com", Rel.SEE_ALSO),
])
def test_rel_for_addresses(url: str, rel: Rel) -> None:
    assert rel_for(None, url) is rel
