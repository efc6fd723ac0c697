"""The editorial layer (issue 7): every entry carries a short note and a level in our own words, and every
topic opens with an introduction and lists key ideas that point at real entries of that topic.

"Our own words" is checked against the five seed lists: no note, topic description, introduction or key
idea may share a run of RUN consecutive words with them. Works' titles are facts, not prose, so a run
that lies entirely inside the title of a catalogue entry is allowed (introductions name their entries).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

import pytest
from conftest import DATA, SEEDS, needs_seeds

from llmreads.catalog import Catalog, load_catalog
from llmreads.model import Topic

#: The topics the issue names; they get the fullest introductions.
NAMED_TOPICS = ("attention", "tokenization", "fine-tuning", "inference", "security")
#: Length of a word run that counts as copied.
RUN = 8
#: A note is one to three sentences: enough to say what the work is and why to read it, no more.
MAX_NOTE_WORDS = 90
MIN_NOTE_WORDS = 8
MAX_NOTE_SENTENCES = 3
#: Paragraphs in the introduction of a named topic, and of any other topic.
NAMED_PARAGRAPHS = (2, 4)
OTHER_PARAGRAPHS = (1, 2)
#: Key ideas per topic (when a topic has any; named topics must), and entries per key idea.
KEY_IDEAS = (3, 6)
IDEA_ENTRIES = (1, 3)

# Abbreviations whose full stop does not end a sentence.
_ABBREVIATIONS = re.compile(r"\b(?:e\.g|i\.e|vs|etc|et al|cf|approx|Dr|Mr|Ms|Mrs|Prof|No|Vol|Fig|Jr|Sr|St)\.", re.I)
_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*(?=\s+[\"“‘(\[]?[A-Z0-9]|\s*$)")
# Markup and addresses that do not belong in plain-text introductions.
_NOT_PLAIN = re.compile(r"https?://|www\.|<[a-z/!]|\]\(|\*\*|__|`|^\s*(?:#|[-*+] |\d+\. )", re.I | re.M)


def words(text: str) -> list[str]:
    """Lowercase words with punctuation stripped ("Don't" -> "dont", "GPT-2" -> "gpt", "2")."""
    return re.findall(r"[^\W_]+", re.sub(r"[’']", "", text.lower()))


def runs(text: str, n: int = RUN) -> set[tuple[str, ...]]:
    """Every run of `n` consecutive words in `text`."""
    ws = words(text)
    return {tuple(ws[i:i + n]) for i in range(len(ws) - n + 1)}


def normal(text: str) -> str:
    return " ".join(words(text))


def sentences(text: str) -> int:
    return len(_SENTENCE_END.findall(_ABBREVIATIONS.sub("abbr", text.strip())))


def paragraphs(intro: str) -> list[str]:
    """The paragraphs the topic page renders (it splits on a blank line)."""
    return [p for p in intro.split("\n\n") if p.strip()]


@functools.cache
def catalog() -> Catalog:
    return load_catalog(DATA)


@functools.cache
def seed_runs() -> frozenset[tuple[str, ...]]:
    files = sorted(SEEDS.glob("*.txt"))
    assert len(files) == 5, f"expected the five seed lists in {SEEDS}"
    found: set[tuple[str, ...]] = set()
    for path in files:
        found |= runs(path.read_text(encoding="utf-8"))
    return frozenset(found)


@functools.cache
def title_runs() -> frozenset[tuple[str, ...]]:
    return frozenset(r for entry in catalog().entries for r in runs(entry.title))


def copied(text: str) -> list[str]:
    """Runs of RUN words that `text` shares with a seed list, other than runs inside a work's title."""
    return sorted(" ".join(r) for r in runs(text) & seed_runs() - title_runs())


def our_prose() -> Iterable[tuple[str, str]]:
    """(where, text) for every piece of prose we wrote: notes, topic descriptions, intros, key ideas."""
    for entry in catalog().entries:
        if entry.note:
            yield f"entry {entry.id} note", entry.note
    for topic in catalog().topics:
        yield f"topic {topic.id} description", topic.description
        if topic.intro:
            yield f"topic {topic.id} intro", topic.intro
        for idea in topic.key_ideas:
            yield f"topic {topic.id} key idea", idea.name


def topic(topic_id: str) -> Topic:
    return catalog().topic_by_id[topic_id]


# --- the checker itself --------------------------------------------------------------------------------


@needs_seeds
def test_overlap_check_catches_a_copied_seed_sentence() -> None:
    seed = words(sorted(SEEDS.glob("*.txt"))[0].read_text(encoding="utf-8"))
    title_words = {w for r in title_runs() for w in r}
    # A stretch of seed prose that is not a title: some of its words appear in no entry title.
    start = next(i for i in range(len(seed) - RUN) if not set(seed[i:i + RUN]) <= title_words)
    passage = seed[start:start + RUN]
    assert copied("We wrote this. " + " ".join(passage).upper() + ", then more of our own.")
    assert not copied(" ".join(passage[:-1]) + " zzyzx"), "a run one word short must not count"


@needs_seeds
def test_overlap_check_allows_quoting_a_title() -> None:
    long_titles = [e.title for e in catalog().entries if len(words(e.title)) >= RUN + 2]
    assert long_titles
    assert not copied(f'Start with "{long_titles[0]}", then read on.')


def test_words_strip_punctuation_and_case() -> None:
    assert words("Don't — GPT-2's “Attention?” Attention!") == ["dont", "gpt", "2s", "attention", "attention"]
    assert sentences("Compares GPTQ vs. GGUF, e.g. for laptops. It is short! Really?") == 3


# --- entries -------------------------------------------------------------------------------------------


def test_every_entry_has_a_note_and_a_level() -> None:
    missing = [f"{e.id}: " + ", ".join(f for f, v in (("note", e.note), ("level", e.level)) if not v)
               for e in catalog().entries if not (e.note and e.note.strip() and e.level)]
    assert not missing, "entries without a note or a level:\n" + "\n".join(missing)


def test_no_note_repeats_its_title() -> None:
    bad = [f"{e.id}: {e.note!r}" for e in catalog().entries
           if e.note and normal(e.note).startswith(normal(e.title))]
    assert not bad, "notes that just repeat (or open with) the title:\n" + "\n".join(bad)


def test_notes_are_one_to_three_sentences() -> None:
    bad = []
    for e in catalog().entries:
        if not e.note:
            continue
        count, n = len(e.note.split()), sentences(e.note)
        if not MIN_NOTE_WORDS <= count <= MAX_NOTE_WORDS or not 1 <= n <= MAX_NOTE_SENTENCES:
            bad.append(f"{e.id}: {count} words, {n} sentences")
    assert not bad, (f"notes should be 1-{MAX_NOTE_SENTENCES} sentences and "
                     f"{MIN_NOTE_WORDS}-{MAX_NOTE_WORDS} words:\n" + "\n".join(bad))


@needs_seeds
def test_no_prose_copies_a_seed_list() -> None:
    bad = [f"{where}: {', '.join(hits)}" for where, text in our_prose() if (hits := copied(text))]
    assert not bad, f"runs of {RUN}+ words shared with a seed list (rewrite in our own words):\n" + "\n".join(bad)


# --- topics --------------------------------------------------------------------------------------------


def test_the_named_topics_exist() -> None:
    assert set(NAMED_TOPICS) <= set(catalog().topic_by_id)


@pytest.mark.parametrize("topic_id", [t.id for t in catalog().topics])
def test_every_topic_has_a_plain_text_introduction(topic_id: str) -> None:
    t = topic(topic_id)
    assert t.intro and t.intro.strip(), f"topic {topic_id} has no intro"
    low, high = NAMED_PARAGRAPHS if topic_id in NAMED_TOPICS else OTHER_PARAGRAPHS
    paras = paragraphs(t.intro)
    assert low <= len(paras) <= high, f"{topic_id}: {len(paras)} paragraphs, want {low}-{high}"
    assert "\n\n\n" not in t.intro and t.intro == t.intro.strip(), f"{topic_id}: stray blank lines in intro"
    assert not _NOT_PLAIN.search(t.intro), f"{topic_id}: intro must be plain text (no Markdown, HTML or URLs)"


@pytest.mark.parametrize("topic_id", [t.id for t in catalog().topics])
def test_introductions_name_entries_to_start_with(topic_id: str) -> None:
    t = topic(topic_id)
    text = f" {normal(t.intro or '')} "
    own = [e for e in catalog().entries if topic_id in e.topics]
    named = [e.id for e in own if f" {normal(e.title)} " in text]
    want = 2 if topic_id in NAMED_TOPICS or len(own) >= 4 else 1
    assert len(named) >= want, f"{topic_id}: the intro names {named}, want at least {want} of its entries by title"


@pytest.mark.parametrize("topic_id", NAMED_TOPICS)
def test_named_topics_have_enough_key_ideas(topic_id: str) -> None:
    assert len(topic(topic_id).key_ideas) >= KEY_IDEAS[0], f"{topic_id} needs at least {KEY_IDEAS[0]} key ideas"


@pytest.mark.parametrize("topic_id", [t.id for t in catalog().topics if t.key_ideas])  # key ideas are optional
def test_key_ideas_link_entries_of_their_topic(topic_id: str) -> None:
    # The topic page links a key idea to the entry's card on that same page, so the entry must be in the
    # topic (as its primary topic or any other); otherwise the link would lead nowhere.
    t = topic(topic_id)
    assert KEY_IDEAS[0] <= len(t.key_ideas) <= KEY_IDEAS[1], f"{topic_id}: {len(t.key_ideas)} key ideas"
    names = [normal(i.name) for i in t.key_ideas]
    assert len(set(names)) == len(names), f"{topic_id}: duplicate key idea names"
    by_id = catalog().entry_by_id
    for idea in t.key_ideas:
        assert IDEA_ENTRIES[0] <= len(idea.entries) <= IDEA_ENTRIES[1], f"{topic_id} / {idea.name}: entry count"
        assert len(set(idea.entries)) == len(idea.entries), f"{topic_id} / {idea.name}: an entry is listed twice"
        for ref in idea.entries:
            assert ref in by_id, f"{topic_id} / {idea.name}: no entry '{ref}'"
            assert topic_id in by_id[ref].topics, f"{topic_id} / {idea.name}: '{ref}' is not in topic {topic_id}"
