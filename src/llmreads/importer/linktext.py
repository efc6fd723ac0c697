"""What a link's own text says: a title, a generic word such as `paper` or `code`, or a short name."""

from __future__ import annotations

import re

from llmreads.model import Rel

#: Link texts that name what sort of link it is, never which work (lowercase, without brackets).
GENERIC = frozenset({
    "article", "paper", "papers", "code", "colab", "notebook", "notebooks", "pdf", "video", "videos", "slides",
    "slide", "demo", "blog", "blog post", "post", "link", "links", "here", "click here", "this", "arxiv",
    "github", "repo", "repository", "website", "site", "project", "project page", "homepage", "page", "web",
    "html", "abs", "abstract", "openreview", "youtube", "talk", "recording", "hf", "huggingface",
    "hugging face", "model", "models", "weights", "checkpoint", "dataset", "data", "docs", "documentation",
    "tweet", "thread", "twitter", "medium", "substack", "source", "source code", "official", "official code",
    "pytorch", "tensorflow", "jax", "implementation", "lecture", "notes", "lecture notes", "poster",
    "hn", "hacker news", "discussion", "comments", "reddit", "lobsters", "read", "read more", "more",
    "preprint", "publication", "report", "tech report", "technical report", "open in colab", "kaggle",
    "leaderboard", "deck", "slide deck", "podcast", "audio", "transcript", "summary", "review", "survey",
})
_REL_BY_WORD: dict[Rel, frozenset[str]] = {
    Rel.DISCUSSION: frozenset({"hn", "hacker news", "discussion", "comments", "thread", "reddit", "lobsters"}),
    Rel.SLIDES: frozenset({"slides", "slide", "slide deck", "deck", "poster"}),
    Rel.CODE: frozenset({"code", "source code", "repo", "repository", "github", "colab", "notebook", "notebooks",
                         "official code", "implementation", "pytorch", "tensorflow", "jax", "open in colab",
                         "kaggle"}),
    Rel.PDF: frozenset({"pdf"}),
    Rel.VIDEO: frozenset({"video", "videos", "recording", "youtube", "talk", "lecture"}),
}
_NUMBER = re.compile(r"^(?:\d+|\[\d+\]|#\d+|[ivx]+)$", re.I)
_SHORT = re.compile(r"^\S{1,15}$")


def _words(text: str | None) -> str:
    return re.sub(r"\s+", " ", (text or "").strip().strip("()[]{}:.").strip()).lower()


def is_generic(text: str | None) -> bool:
    """Tell whether a link text says what sort of link it is rather than naming the work."""
    words = _words(text)
    words = re.sub(r"^[^\w]+|[^\w]+$", "", words)
    return words in GENERIC or bool(_NUMBER.match(words)) or not re.search(r"\w", words)


def rel_for_words(text: str | None) -> Rel | None:
    """Return the rel a link's words name (`code` → code, `HN` → discussion), if any."""
    words = _words(text)
    return next((rel for rel, names in _REL_BY_WORD.items() if words in names), None)


def rel_for(text: str | None, url: str, column: str | None = None) -> Rel:
    """Choose the rel of an extra link from its words, its column's header, then its address."""
    found = rel_for_words(text) or rel_for_words(column)
    if found:
        return found
    lower = url.lower()
    if "github.com/" in lower or "colab.research.google.com" in lower or "gitlab.com/" in lower:
        return Rel.CODE
    if "youtube.com/" in lower or "youtu.be/" in lower or "vimeo.com/" in lower:
        return Rel.VIDEO
    if "news.ycombinator.com/" in lower or "reddit.com/" in lower:
        return Rel.DISCUSSION
    if lower.split("?")[0].endswith(".pdf") or "/pdf/" in lower or "openreview.net/pdf" in lower:
        return Rel.PDF
    return Rel.SEE_ALSO


def is_short_name(text: str) -> bool:
    """Tell whether a title is only a short name such as `T5` or `PPO` (the work's real title is longer)."""
    return bool(_SHORT.match(text.strip())) and not is_generic(text)
