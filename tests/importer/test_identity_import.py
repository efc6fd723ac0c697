"""One entry per work on import; uncertain duplicates left for `check` to warn about on the newer entry."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from textwrap import dedent

from conftest import run

from llmreads.catalog import load_catalog
from llmreads.importer import import_lists

TODAY = dt.date(2026, 11, 18)
LATER = dt.date(2026, 11, 20)
NEURIPS = "https://proceedings.neurips.cc/paper/2017/file/3f5ee243547dee91fbd053c1c4a845aa-Paper.pdf"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(dedent(text).lstrip(), encoding="utf-8")
    return path


def test_every_address_of_one_work_becomes_one_entry(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = write(tmp_path, "first.md", """
        # First
        - [Attention Is All You Need](https://arxiv.org/abs/1706.03762)
        - [vLLM](https://github.com/vllm-project/vllm)
        - [Some ACL paper](https://aclanthology.org/2020.acl-main.1.pdf)
        """)
    second = write(tmp_path, "second.md", """
        # Second
        - [Attention](https://huggingface.co/papers/1706.03762)
        - [vLLM source](https://github.com/vllm-project/vllm/tree/main)
        - [The ACL paper](https://doi.org/10.18653/v1/2020.acl-main.1)
        - [Attention Is All You Need](https://arxiv.org/pdf/1706.03762v7)
        """)
    import_lists([first], data, today=TODAY)
    reports, _ = import_lists([second], data, today=LATER)
    catalog = load_catalog(data)
    assert len(catalog.entries) == 3
    assert reports[0].new == []
    assert sorted(reports[0].merged) == sorted(e.id for e in catalog.entries)
    vllm = next(e for e in catalog.entries if "vllm" in e.url)
    assert [(link.url, link.rel.value) for link in vllm.links] == [
        ("https://github.com/vllm-project/vllm/tree/main", "code")]
    attention = next(e for e in catalog.entries if "1706" in e.url)
    assert attention.url == "https://arxiv.org/abs/1706.03762"
    assert {ref.source for ref in attention.sources} == {"first", "second"}


def test_a_proceedings_copy_with_the_same_title_and_year_joins_the_preprint(tmp_path: Path) -> None:
    data = tmp_path / "data"
    lists = write(tmp_path, "papers.md", f"""
        # Papers
        | Date | Paper |
        |---|---|
        | 2017-06 | [Attention Is All You Need](https://arxiv.org/abs/1706.03762) |
        | 2017-12 | [Attention is all you need]({NEURIPS}) |
        | 2023-01 | [Attention Is All You Need](https://blog.example/attention-is-all-you-need) |
        """)
    import_lists([lists], data, today=TODAY)
    catalog = load_catalog(data)
    paper = next(e for e in catalog.entries if e.kind.value == "paper")
    assert paper.url == "https://arxiv.org/abs/1706.03762"
    assert [link.rel.value for link in paper.links] == ["pdf"]
    assert len(catalog.entries) == 2  # the blog post reusing the title stays its own work


def test_check_warns_about_a_possible_duplicate_on_the_newer_entry_and_distinct_from_settles_it(
        tmp_path: Path) -> None:
    data = tmp_path / "data"
    import_lists([write(tmp_path, "a.md", "# A\n- [Prompt Engineering](https://b.example/pe)\n")], data,
                 today=LATER)
    import_lists([write(tmp_path, "b.md", "# B\n- [Prompt engineering](https://a.example/pe)\n")], data,
                 today=TODAY.replace(day=19))
    catalog = load_catalog(data)
    older = next(e for e in catalog.entries if e.url == "https://a.example/pe")
    newer = next(e for e in catalog.entries if e.url == "https://b.example/pe")
    result = run("--data", str(data), "check")
    assert result.exit_code == 0, result.output
    place = catalog.places[newer.id]
    assert result.stderr.splitlines()[0] == (
        f"{place.file}:{place.line_of('title')}: warning: title: possible duplicate of '{older.id}' "
        f"(same title, both articles); merge them, or add distinct_from: [{older.id}]")
    github = run("--data", str(data), "check", "--format", "github")
    assert github.stdout.startswith(f"::warning file={place.file},line={place.line_of('title')},")

    path = Path(place.file)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f"  added: {LATER}", f"  distinct_from: [{older.id}]\n  added: {LATER}"),
                    encoding="utf-8")
    settled = run("--data", str(data), "check")
    assert settled.exit_code == 0
    assert "warning" not in settled.stderr
