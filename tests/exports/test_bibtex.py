"""`llmreads export bibtex`: parsed with bibtexparser 2, one record per entry, stable unique keys, LaTeX escaped."""

from __future__ import annotations

import random
import re
from typing import Any

import bibtexparser
import pytest
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors
from conftest import DATA, run

from llmreads.catalog import Catalog
from llmreads.exports import render
from llmreads.exports.bibtex import to_bibtex
from llmreads.model import Entry, Kind

from .conftest import MakeEntry

#: Entry types the issue allows (plus @book for books).
TYPES = {"article", "inproceedings", "misc", "online", "book"}
#: An arXiv identifier in an abs/pdf/html URL, found independently of llmreads.urls.
ARXIV = re.compile(r"^https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/(\d{4}\.\d{4,5})(?:v\d+)?(?:\.pdf)?/?$")
#: What LaTeX reads as text in a field once these escapes are taken out must contain no special character.
ESCAPE = re.compile(r"\\(?:[&%$#_{}]|text(?:backslash|asciitilde|asciicircum)\{\})")
SPECIALS = set("&%$#_{}~^\\")
TITLE = r"Costs & Margins: 100% of $5 for #1 in snake_case {sets} ~approx ^power back\slash"


def parse(text: str, *extra: Any) -> bibtexparser.Library:
    library = bibtexparser.parse_string(text, append_middleware=list(extra) or None)
    assert library.failed_blocks == [], [block.raw for block in library.failed_blocks]
    return library


def field(record: Any, name: str) -> str:
    value = record.fields_dict[name].value
    assert isinstance(value, str)
    return value


def stray_specials(value: str) -> set[str]:
    """Special characters left bare in a field (after its enclosing braces and the escapes are removed)."""
    body = ESCAPE.sub("", value)
    body = re.sub(r"^\{(.*)\}$", r"\1", body)  # a title's protective braces
    body = re.sub(r"(^| and )\{([^{}]*)\}(?= and |$)", r"\1\2", body)  # a braced organisation in author
    return SPECIALS & set(body)


@pytest.fixture(scope="module")
def bib() -> str:
    result = run("--data", str(DATA), "export", "bibtex")
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def library(bib: str) -> bibtexparser.Library:
    return parse(bib)


# ---------------------------------------------------------------------------------------------
# The committed catalogue


def test_parses_with_no_failed_blocks_and_one_record_per_entry(library: bibtexparser.Library,
                                                               catalog: Catalog) -> None:
    assert len(library.entries) == len(catalog.entries)
    assert len(library.blocks) == len(catalog.entries), "nothing but records: no comments, strings or preambles"
    assert [field(r, "url") for r in library.entries] == [e.url for e in catalog.entries]


def test_keys_are_unique_and_plain(library: bibtexparser.Library) -> None:
    keys = [r.key for r in library.entries]
    assert len(set(keys)) == len(keys)
    assert all(re.fullmatch(r"[a-z0-9]+", key) for key in keys), [k for k in keys if not k.isalnum()]


def test_keys_are_stable_across_runs(bib: str) -> None:
    again = run("--data", str(DATA), "export", "bibtex")
    assert again.stdout == bib


def test_keys_do_not_depend_on_entry_order(catalog: Catalog) -> None:
    def keys(entries: list[Entry]) -> dict[str, str]:
        return {field(r, "url"): r.key for r in parse(to_bibtex(entries)).entries}

    shuffled = list(catalog.entries)
    random.Random(6).shuffle(shuffled)
    assert keys(shuffled) == keys(catalog.entries)
    assert keys(list(reversed(catalog.entries))) == keys(catalog.entries)


def test_a_topic_file_uses_the_same_keys_as_the_whole_catalogue(library: bibtexparser.Library,
                                                                 catalog: Catalog) -> None:
    everywhere = {field(r, "url"): r.key for r in library.entries}
    different = []
    for topic in catalog.topics:
        for record in parse(render(catalog, "bibtex", topic=topic.id)).entries:
            if record.key != everywhere[field(record, "url")]:
                different.append(f"{topic.id}: {record.key} (whole catalogue: {everywhere[field(record, 'url')]})")
    assert different == []


def test_a_topic_file_holds_exactly_that_topics_entries(catalog: Catalog) -> None:
    for topic in catalog.topics:
        records = parse(render(catalog, "bibtex", topic=topic.id)).entries
        assert [field(r, "url") for r in records] == [e.url for e in catalog.entries_in(topic.id)], topic.id


def test_record_types_follow_the_kind(library: bibtexparser.Library, catalog: Catalog) -> None:
    for record, entry in zip(library.entries, catalog.entries, strict=True):
        assert record.entry_type in TYPES, (entry.id, record.entry_type)
        if entry.kind not in (Kind.PAPER, Kind.BOOK):
            assert record.entry_type in ("misc", "online"), (entry.id, entry.kind, record.entry_type)


def test_arxiv_entries_are_misc_with_eprint_and_archive_prefix(library: bibtexparser.Library,
                                                               catalog: Catalog) -> None:
    arxiv = 0
    for record, entry in zip(library.entries, catalog.entries, strict=True):
        match = ARXIV.match(entry.url)
        if match:
            arxiv += 1
            assert record.entry_type == "misc", entry.id
            assert field(record, "eprint") == match.group(1), entry.id
            assert field(record, "archivePrefix") == "arXiv", entry.id
        else:
            assert "eprint" not in record.fields_dict, entry.id
    assert arxiv > 20, "the catalogue has dozens of arXiv papers"


def test_records_have_the_fields_their_bibtex_type_requires(library: bibtexparser.Library) -> None:
    required = {"article": {"journal"}, "book": {"publisher"}}
    missing = [f"{r.key}: {sorted(required[r.entry_type] - set(r.fields_dict))}"
               for r in library.entries if required.get(r.entry_type, set()) - set(r.fields_dict)]
    assert missing == []


def test_fields_of_the_catalogue_have_no_bare_latex_specials(library: bibtexparser.Library) -> None:
    for record in library.entries:
        for name in ("title", "author"):
            if name in record.fields_dict:
                assert stray_specials(field(record, name)) == set(), (record.key, name, field(record, name))


def test_no_author_is_written_as_et_al(library: bibtexparser.Library) -> None:
    for record in library.entries:
        if "author" in record.fields_dict:
            assert "et al" not in field(record, "author").lower(), record.key


# ---------------------------------------------------------------------------------------------
# Escaping and names, on made-up entries


def test_latex_specials_in_a_title_are_escaped_parse_and_round_trip(make_entry: MakeEntry) -> None:
    text = to_bibtex([make_entry(title=TITLE)])
    record = parse(text).entries[0]
    assert stray_specials(field(record, "title")) == set(), field(record, "title")
    decoded = parse(text, LatexDecodingMiddleware()).entries[0]
    # pylatexenc renders \textasciicircum{} as U+02C6 MODIFIER LETTER CIRCUMFLEX; LaTeX prints it as ^.
    assert field(decoded, "title").replace("\u02c6", "^") == TITLE


@pytest.mark.parametrize("special", sorted(SPECIALS))
def test_each_special_character_alone_parses_and_round_trips(make_entry: MakeEntry, special: str) -> None:
    title = f"Before {special} after{special}"
    text = to_bibtex([make_entry(title=title, authors=[f"Ada {special} Lovelace"])])
    record = parse(text, LatexDecodingMiddleware()).entries[0]
    assert field(record, "title").replace("\u02c6", "^") == title


def test_et_al_becomes_others(make_entry: MakeEntry) -> None:
    for spelling in ("et al.", "et al", "Et Al.", "others"):
        entry = make_entry(authors=["Ashish Vaswani", "Noam Shazeer", spelling])
        record = parse(to_bibtex([entry]), SeparateCoAuthors()).entries[0]
        assert record.fields_dict["author"].value == ["Ashish Vaswani", "Noam Shazeer", "others"], spelling


def test_an_organisation_is_one_braced_name(make_entry: MakeEntry) -> None:
    entry = make_entry(authors=["OpenAI", "AT&T Labs Research"])
    record = parse(to_bibtex([entry]), SeparateCoAuthors()).entries[0]
    assert record.fields_dict["author"].value == ["{OpenAI}", r"{AT\&T Labs Research}"]


def test_clashing_keys_get_letters_whatever_the_order(make_entry: MakeEntry) -> None:
    first = make_entry(id="a-first", title="Attention Again", url="https://example.com/1")
    second = make_entry(id="b-second", title="Attention Once More", url="https://example.com/2")
    third = make_entry(id="c-third", title="The Attention Trick", url="https://example.com/3")
    forwards = {field(r, "url"): r.key for r in parse(to_bibtex([first, second, third])).entries}
    backwards = {field(r, "url"): r.key for r in parse(to_bibtex([third, second, first])).entries}
    assert forwards == backwards == {"https://example.com/1": "lovelace2023attentiona",
                                     "https://example.com/2": "lovelace2023attentionb",
                                     "https://example.com/3": "lovelace2023attentionc"}


def test_a_work_without_author_or_year_still_gets_a_key(make_entry: MakeEntry) -> None:
    record = parse(to_bibtex([make_entry(authors=[], year=None, title="Über die Tokenisierung")])).entries[0]
    assert re.fullmatch(r"[a-z0-9]+", record.key), record.key
    assert "author" not in record.fields_dict and "year" not in record.fields_dict


def test_url_with_braces_and_backslash_stays_parseable(make_entry: MakeEntry) -> None:
    entry = make_entry(url="https://example.com/a{b}c\\d?q=50%25#frag")
    record = parse(to_bibtex([entry])).entries[0]
    assert "{" not in field(record, "url") and "\\" not in field(record, "url")
