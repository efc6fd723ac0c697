"""Real reading lists imported into the committed catalogue: titles, years, one entry per work, topics.

The lists under tests/importer/lists/real are stand-ins shaped on public awesome lists (each file
names the list it follows); benchmarks/import_quality.py measures the same on whole lists.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from conftest import DATA, LISTS, run

from llmreads.catalog import Catalog, load_catalog
from llmreads.importer import import_lists
from llmreads.importer.linktext import is_generic
from llmreads.model import Entry

REAL = LISTS / "real"
DAY = dt.date(2026, 11, 30)


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Catalog, set[str]]:
    data = tmp_path_factory.mktemp("real") / "data"
    shutil.copytree(DATA, data)
    before = {e.id for e in load_catalog(data).entries}
    import_lists(sorted(REAL.glob("*.md")), data, today=DAY)
    return data, load_catalog(data), before


def new(imported: tuple[Path, Catalog, set[str]]) -> list[Entry]:
    _, catalog, before = imported
    return [e for e in catalog.entries if e.id not in before]


def by_url(imported: tuple[Path, Catalog, set[str]], url: str) -> Entry:
    return next(e for e in imported[1].entries if e.url == url)


def test_fewer_than_fifteen_percent_land_unsorted_and_each_unsorted_one_has_suggestions(imported) -> None:  # type: ignore[no-untyped-def]
    entries = new(imported)
    unsorted = [e for e in entries if "unsorted" in e.topics]
    assert len(entries) == 33
    assert len(unsorted) / len(entries) < 0.15
    assert all(e.suggested_topics for e in unsorted)


def test_no_title_is_a_generic_link_text_and_a_numbered_bold_cell_gives_its_bold_words(imported) -> None:  # type: ignore[no-untyped-def]
    titles = [e.title for e in new(imported)]
    assert not [t for t in titles if is_generic(t)]
    assert "Energy Transformer" in titles  # `10) **Energy Transformer** - replaces ...`
    assert "Fine-tune Llama 3 with ORPO" in titles  # the name column, not the `[Article]` link
    assert "Fine-tune Mistral-7b with QLoRA" in titles  # a row whose only link is a Colab badge
    assert "Evaluation" not in titles  # a `[Evaluation](...)` in the Links column is an extra link


def test_the_lists_words_stay_its_comment_and_extras_keep_their_rel(imported) -> None:  # type: ignore[no-untyped-def]
    robots = by_url(imported, "https://arxiv.org/abs/2302.12766")
    assert robots.title == "Language-Driven Representation Learning for Robotics"
    assert robots.sources[0].comment == "learns visual representations for robots from human videos and their captions"
    assert {link.url: link.rel.value for link in robots.links} == {
        "https://github.com/siddk/voltron-robotics": "code", "https://github.com/siddk/voltron-evaluation": "code",
        "https://twitter.com/dair_ai/status/1632383327154888704?s=20": "see-also"}


def test_years_come_from_the_date_column(imported) -> None:  # type: ignore[no-untyped-def]
    assert by_url(imported, "https://jmlr.org/papers/v21/20-074.html").year == 2019
    assert by_url(imported, "https://arxiv.org/pdf/2312.00752").year == 2023


def test_one_entry_per_work_papers_already_in_the_catalogue_gain_a_source(imported) -> None:  # type: ignore[no-untyped-def]
    _, catalog, before = imported
    attention = [e for e in catalog.entries if "1706.03762" in e.url]
    assert len(attention) == 1 and attention[0].id in before
    assert "awesome-llm" in {s.source for s in attention[0].sources}


@pytest.mark.parametrize(("url", "topic"), [
    ("https://llama.meta.com/llama2/", "local-models"),                     # `## Open LLM`
    ("https://github.com/pytorch/torchtitan", "pre-training"),              # `## LLM Training Frameworks`
    ("https://www.llm-book.com/", "courses-and-overviews"),                 # `## LLM Books`
    ("https://www.khanacademy.org/math/calculus-1", "courses-and-overviews"),  # under `LLM Fundamentals`
    ("https://www.trychroma.com/", "retrieval"),                           # `### 2. Building a Vector Storage`
    ("https://hamel.dev/notes/llm/inference/03_inference.html", "deployment"),  # `### 7. Deploying LLMs`
    ("https://github.com/jthack/PIPE", "security"),                         # `### 8. Securing LLMs`
    ("https://github.com/LuckyyySTA/Awesome-LLM-hallucination", "courses-and-overviews"),  # "paper list"
    ("https://arxiv.org/abs/2302.12246", "prompting"),                      # `Active Prompting` in the title
])
def test_headings_titles_and_the_lists_words_place_links(imported, url: str, topic: str) -> None:  # type: ignore[no-untyped-def]
    assert by_url(imported, url).topics[0] == topic


def test_opinion_pieces_no_topic_fits_stay_unsorted(imported) -> None:  # type: ignore[no-untyped-def]
    assert by_url(imported, "https://petergabriel.com/news/ai-competition-statement/").topics == ["unsorted"]
    # a passing "tools" in the list's words does not make a compression paper list an agents entry
    assert "agents" not in by_url(imported, "https://github.com/HuangOwen/Awesome-LLM-Compression").topics


def test_triage_lists_exactly_the_unsorted_ones_with_their_suggestions(imported) -> None:  # type: ignore[no-untyped-def]
    data, catalog, _ = imported
    result = run("--data", str(data), "triage", "--only", "unsorted")
    assert result.exit_code == 0, result.output
    items = [line.strip() for line in result.output.splitlines() if "unsorted.yaml:" in line]
    unsorted = [e for e in catalog.entries if "unsorted" in e.topics]
    assert len(items) == len(unsorted) == 4
    for entry in unsorted:
        line = next(item for item in items if f": {entry.id}: " in item)
        assert line.endswith(f"(suggested: {', '.join(entry.suggested_topics)})")
