"""Stand-in titles for bare URLs and the rel of an extra link (gaps found by mutation testing)."""

from __future__ import annotations

import pytest

from llmreads.importer.guess import stand_in_title
from llmreads.importer.linktext import rel_for, rel_for_words
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
