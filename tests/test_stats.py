"""`llmreads stats`: counts per topic (any position), kind and source, and editorial coverage."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from conftest import run

from llmreads.catalog import Catalog
from llmreads.model import Entry, Source, Topic
from llmreads.stats import compute, render


def entry(n: int, **fields: Any) -> Entry:
    values: dict[str, Any] = {"id": f"e{n}", "title": f"Entry {n}", "url": f"https://example.com/{n}",
                              "kind": "article", "topics": ["a"], "added": dt.date(2026, 1, 1)}
    return Entry.model_validate({**values, **fields})


def ref(source: str, position: int) -> dict[str, Any]:
    return {"source": source, "position": position}


def catalog() -> Catalog:
    topics = [Topic(id=t, title=t.upper(), description="D.", order=i) for i, t in enumerate(["a", "b", "c"])]
    sources = [Source(id=s, title=s, origin=f"{s}.md", imported=dt.date(2026, 1, 1)) for s in ("l1", "l2", "l3")]
    entries = [
        entry(1, topics=["a", "b"], kind="paper", note="A note.", level="intro", sources=[ref("l1", 1), ref("l2", 1)]),
        entry(2, topics=["b"], kind="paper", note="Another.", sources=[ref("l1", 2), ref("l1", 3)]),
        entry(3, topics=["b", "a"], kind="video", level="advanced", sources=[ref("l2", 2)]),
        entry(4, topics=["a"]),
    ]
    return Catalog(data_dir=Path("data"), topics=topics, sources=sources, entries=entries)


def test_counts() -> None:
    stats = compute(catalog())
    assert stats.entries == 4
    assert stats.topics == {"a": 3, "b": 3, "c": 0}  # any position, every topic listed, in topic order
    assert stats.kinds == {"paper": 2, "video": 1, "article": 1}
    assert list(stats.kinds) == ["paper", "video", "article"]  # most common first, ties in first-seen order
    assert stats.sources == {"l1": 2, "l2": 2, "l3": 0}  # an entry listed twice by one list counts once
    assert (stats.with_note, stats.with_level, stats.multi_source) == (2, 2, 1)
    assert stats.missing == {"note": 2, "level": 2, "authors": 4, "year": 4}


def test_render_aligns_each_section() -> None:
    assert render(compute(catalog())) == (
        "entries: 4\n"
        "recommended by several lists: 1\n"
        "notes: 2/4\n"
        "levels: 2/4\n"
        "missing (entries with no such field; `llmreads triage` lists them): note 2, level 2, authors 4, year 4\n"
        "topics:\n  a  3\n  b  3\n  c  0\n"
        "kinds:\n  paper    2\n  video    1\n  article  1\n"
        "sources:\n  l1  2\n  l2  2\n  l3  0\n"
    )


def test_render_of_an_empty_catalogue() -> None:
    empty = Catalog(data_dir=Path("data"), topics=[], sources=[], entries=[])
    assert render(compute(empty)) == (
        "entries: 0\nrecommended by several lists: 0\nnotes: 0/0\nlevels: 0/0\n"
        "missing (entries with no such field; `llmreads triage` lists them): note 0, level 0, authors 0, year 0\n"
        "topics:\nkinds:\nsources:\n")


def test_the_command_prints_the_counts_of_the_data_folder(data_copy: Path) -> None:
    from llmreads.catalog import load_catalog

    result = run("--data", str(data_copy), "stats")
    assert result.exit_code == 0, result.output
    assert result.stdout == render(compute(load_catalog(data_copy)))
    assert result.stdout.startswith(f"entries: {len(load_catalog(data_copy).entries)}\n")


def test_the_command_on_invalid_data_is_a_clean_error(data_copy: Path) -> None:
    (data_copy / "topics.yaml").write_text("- id: Not A Slug\n", encoding="utf-8")
    result = run("--data", str(data_copy), "stats")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "Traceback" not in result.output and str(data_copy / "topics.yaml") in result.stderr
