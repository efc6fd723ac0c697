"""Topics for a link no heading places: its words against the topics' keywords, then TF-IDF against curated entries.

Small and explainable: each topic is one document made of its own title, description and keywords
and the titles, notes and tags of the entries already filed under it; a link's title, the list's
words about it and the words of its address are compared with every topic by cosine similarity of
TF-IDF vectors. No model, nothing downloaded; a score is a number a reviewer can reproduce.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from llmreads.importer.topics import UNSORTED, keyword_topics
from llmreads.model import Entry, Topic

#: A topic is assigned when its similarity is at least this …
CONFIDENT = 0.08
#: … and at least this many times the runner-up's.
MARGIN = 1.2
#: … and shares at least this many words with it (one rare word is a coincidence, not a topic).
SHARED = 2
SUGGESTIONS = 3
#: An unsure link joins its section's topic when at least this many of its neighbours were placed …
SECTION_LINKS = 3
#: … and at least this share of them went to that one topic (which must also be the link's best suggestion).
SECTION_SHARE = 0.6

_WORD = re.compile(r"[a-z][a-z0-9]+|\d+[a-z]+[a-z0-9]*")
_STOP_TEXT = (
    "a an and are as at be by can do does for from how in into is it its of on or our the their this to use "
    "using what when where which who why with you your my we vs via part guide introduction intro new all about "
    "more one two llm llms large language model models com www org net io html htm https http blog post posts "
    "article index github arxiv abs pdf medium substack p en"
)
_STOP = frozenset(_STOP_TEXT.split(" "))


def words(text: str) -> list[str]:
    """Lowercase content words of `text`, with a plural `s` dropped so `agents` meets `agent`."""
    found = []
    for word in _WORD.findall(text.lower().replace("-", " ").replace("_", " ")):
        if word in _STOP:
            continue
        found.append(word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith("ss") else word)
    return found


def url_words(url: str) -> str:
    """The words of an address worth matching: its host's name and its path (not ids or file types)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.").split(".")
    return " ".join(re.sub(r"[-_/.+~%]+", " ", " ".join([*host[:-1], unquote(parts.path)])).split())


@dataclass(frozen=True)
class Ranked:
    """A topic and how similar a link is to it."""

    topic: str
    score: float
    shared: tuple[str, ...] = ()
    """The words the link shares with the topic: the reason for the score."""


class TopicIndex:
    """TF-IDF vectors of every topic, built from its keywords and its curated entries."""

    def __init__(self, topics: Sequence[Topic], entries: Sequence[Entry]) -> None:
        self.topics = [t for t in topics if t.id != UNSORTED]
        docs: dict[str, Counter[str]] = {t.id: Counter(words(" ".join([t.title, t.description, *t.keywords,
                                                                          *t.keywords])))
                                         for t in self.topics}
        core: dict[str, set[str]] = {t.id: set(words(" ".join([t.title, *t.keywords]))) for t in self.topics}
        for entry in entries:
            text = " ".join([entry.title, entry.title, entry.note or "", *entry.tags])
            for topic_id in entry.topics:
                if topic_id in docs:
                    docs[topic_id].update(words(text))
        self.core = {topic_id: frozenset(found) for topic_id, found in core.items()}
        """Each topic's own words (its title and keywords): a likeness that shares none of them is chance."""
        count = max(len(docs), 1)
        frequency = Counter(word for doc in docs.values() for word in doc)
        self.idf = {word: math.log((1 + count) / (1 + n)) + 1 for word, n in frequency.items()}
        self.vectors = {topic_id: self._unit(doc) for topic_id, doc in docs.items()}

    def _unit(self, counts: Counter[str]) -> dict[str, float]:
        vector = {w: (1 + math.log(n)) * self.idf[w] for w, n in counts.items() if w in self.idf}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        return {w: v / norm for w, v in vector.items()}

    def rank(self, text: str) -> list[Ranked]:
        """Every topic by similarity to `text`, best first (ties by topic order)."""
        query = self._unit(Counter(words(text)))
        scores = [Ranked(t.id, sum(v * self.vectors[t.id].get(w, 0.0) for w, v in query.items()),
                         tuple(sorted(w for w in query if w in self.vectors[t.id])))
                  for t in sorted(self.topics, key=lambda t: t.order)]
        return sorted(scores, key=lambda r: -r.score)


@dataclass
class Placement:
    """Where an imported link goes: its topics, or `unsorted` with suggestions for a reviewer."""

    topics: list[str]
    suggested: list[str]


def place(title: str | None, list_words: str, url: str, topics: Sequence[Topic], index: TopicIndex | None
          ) -> Placement:
    """Place a link no heading placed: by keywords in its title, else by confident similarity.

    A keyword only in the list's words about the link or in its address is weaker evidence (a
    description mentions GPUs, videos or tools in passing): it places the link only where the
    link's words as a whole are also closest to that topic. A link without a title of its own is
    never placed by similarity alone: its address says too little.
    """
    by_title = keyword_topics([title or ""], topics)
    if by_title:
        return Placement(by_title, [])
    text = " ".join([title or "", list_words, url_words(url)])
    ranked = [r for r in index.rank(text) if r.score > 0] if index is not None else []
    weak = keyword_topics([list_words, url_words(url)], topics)
    if weak and index is None:
        return Placement(weak, [])
    near = {r.topic for r in ranked[:1]}
    agreed = [t for t in weak if t in near]
    if agreed:
        return Placement(agreed, [])
    if index is not None and _confident(ranked) and title and index.core[ranked[0].topic] & set(ranked[0].shared):
        return Placement([ranked[0].topic], [])
    return Placement([], [r.topic for r in ranked[:SUGGESTIONS]])


def _confident(ranked: Sequence[Ranked], bar: float = CONFIDENT, margin: float = MARGIN, shared: int = SHARED
               ) -> bool:
    return bool(ranked) and ranked[0].score >= bar and len(ranked[0].shared) >= shared and (
        len(ranked) == 1 or ranked[0].score >= margin * ranked[1].score)


def section_consensus(placements: Sequence[Placement]) -> str | None:
    """The topic most of a section's placed links share, when they clearly agree.

    A list files related works together, so a link its own words leave unsure about goes where
    most of its neighbours under the same heading went, but only to the topic its own words
    point to first (its best suggestion): a neighbour's topic never overrules the link itself.
    """
    placed = [p.topics[0] for p in placements if p.topics]
    if len(placed) < SECTION_LINKS:
        return None
    topic, count = Counter(placed).most_common(1)[0]
    return topic if count >= SECTION_SHARE * len(placed) else None
