"""One small import written out by hand: every file the importer writes, byte for byte, and its report.

Then a second and a third list that name the same works by other addresses, and a re-import of the
first list, each with the exact change it makes. Written after mutation testing showed that the
seed-based tests of merge.py let changed field orders, tags, positions and links through.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from llmreads.errors import DataError, ImportSourceError
from llmreads.importer import ImportReport, import_lists

DAY = dt.date(2026, 11, 18)
TOPICS = """\
- id: attention
  title: Attention
  description: How tokens weigh each other.
  order: 1
  keywords: [attention]
- id: inference
  title: Inference
  description: Serving models.
  order: 2
  keywords: [serving]
"""
KNOWN = """\
- id: kv-cache
  title: The KV cache explained
  url: https://existing.example/post/
  kind: article
  topics: [inference]
  note: How the key value cache speeds up decoding.
  links:
    - {url: https://existing.example/kv.pdf, rel: pdf}
  added: 2026-01-01
"""
LIST = """\
# My list

## Attention
- [Attention Is All You Need](https://arxiv.org/abs/1706.03762) ([code](https://github.com/tensorflow/tensor2tensor))
- https://example.com/blog/2023/05/some-post
- [T5](https://github.com/google-research/t5)
- [T5](https://b.example/t5) by Colin Raffel. The text-to-text paper.

## Misc
- [A weekend in the mountains](https://b.example/weekend)
- [Existing Post](https://existing.example/post) — extra words here ([HN](https://news.ycombinator.com/item?id=5))
- [The cache as a PDF](https://existing.example/kv.pdf)
- [Paged KV cache inference latency](https://c.example/paged)
- https://twitter.com/someone
- [Attention again](https://arxiv.org/pdf/1706.03762v5)
"""
SCHEMA = "# yaml-language-server: $schema=../../schema/entries.schema.json\n"
ATTENTION = SCHEMA + """\
- id: attention-is-all-you-need
  title: Attention Is All You Need
  url: https://arxiv.org/abs/1706.03762
  year: 2017
  kind: paper
  topics: [attention]
  links:
    - {url: 'https://github.com/tensorflow/tensor2tensor', rel: code}
  sources:
    - {source: my-list, heading: Attention, position: 1}
  added: 2026-11-18

- id: some-post-example-com
  title: Some post (example.com)
  url: https://example.com/blog/2023/05/some-post
  year: 2023
  kind: article
  topics: [attention]
  tags: [needs-title]
  sources:
    - {source: my-list, heading: Attention, position: 2}
  added: 2026-11-18

- id: t5
  title: T5
  url: https://github.com/google-research/t5
  kind: code
  topics: [attention]
  sources:
    - {source: my-list, heading: Attention, position: 3}
  added: 2026-11-18

- id: t5-2
  title: T5
  url: https://b.example/t5
  authors: [Colin Raffel]
  kind: article
  topics: [attention]
  tags: [short-title]
  sources:
    - {source: my-list, heading: Attention, position: 4, comment: The text-to-text paper.}
  added: 2026-11-18
"""
INFERENCE = """\
- id: kv-cache
  title: The KV cache explained
  url: https://existing.example/post/
  kind: article
  topics: [inference]
  note: How the key value cache speeds up decoding.
  links:
    - {url: https://existing.example/kv.pdf, rel: pdf}
    - {url: 'https://news.ycombinator.com/item?id=5', rel: discussion}
  added: 2026-01-01
  sources:
    - {source: my-list, heading: Misc, position: 6, comment: extra words here}

- id: paged-kv-cache-inference-latency
  title: Paged KV cache inference latency
  url: https://c.example/paged
  kind: article
  topics: [inference]
  sources:
    - {source: my-list, heading: Misc, position: 7}
  added: 2026-11-18
"""
UNSORTED = SCHEMA + """\
- id: a-weekend-in-the-mountains
  title: A weekend in the mountains
  url: https://b.example/weekend
  kind: article
  topics: [unsorted]
  sources:
    - {source: my-list, heading: Misc, position: 5}
  added: 2026-11-18
"""
UNSORTED_TOPIC = """
- id: unsorted
  title: Unsorted
  description: Imported links that no topic rule matched yet; give each a topic.
  order: 3
"""
SOURCE = """\
- id: my-list
  title: My list
  origin: list.md
  imported: 2026-11-18
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "data" / "entries").mkdir(parents=True)
    (tmp_path / "data" / "topics.yaml").write_text(TOPICS, encoding="utf-8")
    (tmp_path / "data" / "entries" / "inference.yaml").write_text(KNOWN, encoding="utf-8")
    (tmp_path / "list.md").write_text(LIST, encoding="utf-8")
    return tmp_path


def files(data: Path) -> dict[str, str]:
    return {str(p.relative_to(data)): p.read_text(encoding="utf-8") for p in sorted(data.rglob("*.yaml"))}


def test_a_small_import_writes_exactly_these_files(project: Path) -> None:
    data = project / "data"
    reports, changed = import_lists([project / "list.md"], data, today=DAY)
    assert reports == [ImportReport(
        source="my-list",
        new=["attention-is-all-you-need", "some-post-example-com", "t5", "t5-2", "a-weekend-in-the-mountains",
             "paged-kv-cache-inference-latency"],
        merged=["kv-cache"],
        unchanged=[],
        skipped=[("https://existing.example/kv.pdf", "another address of 'kv-cache', kept as its link"),
                 ("https://twitter.com/someone", "social media profile"),
                 ("https://arxiv.org/pdf/1706.03762v5", "repeated in this list")],
        needs_title=["some-post-example-com"],
    )]
    assert changed == [data / "entries/attention.yaml", data / "entries/inference.yaml",
                       data / "entries/unsorted.yaml", data / "sources.yaml", data / "topics.yaml"]
    assert files(data) == {
        "entries/attention.yaml": ATTENTION,
        "entries/inference.yaml": INFERENCE,
        "entries/unsorted.yaml": UNSORTED,
        "sources.yaml": SOURCE,
        "topics.yaml": TOPICS + UNSORTED_TOPIC,
    }


def test_importing_the_same_list_again_changes_nothing(project: Path) -> None:
    data = project / "data"
    import_lists([project / "list.md"], data, today=DAY)
    before = files(data)
    reports, changed = import_lists([project / "list.md"], data, today=DAY + dt.timedelta(days=1))
    assert changed == []
    assert files(data) == before
    (report,) = reports
    assert (report.new, report.merged, report.needs_title) == ([], [], [])
    assert report.unchanged == ["attention-is-all-you-need", "some-post-example-com", "t5", "t5-2",
                                "a-weekend-in-the-mountains", "kv-cache", "paged-kv-cache-inference-latency"]
    assert len(report.skipped) == 3


def test_a_reordered_list_updates_its_positions_in_place(project: Path) -> None:
    data = project / "data"
    import_lists([project / "list.md"], data, today=DAY)
    lines = LIST.splitlines(keepends=True)
    (project / "list.md").write_text("".join([*lines[:3], lines[4], lines[3], *lines[5:]]), encoding="utf-8")
    (report,) = import_lists([project / "list.md"], data, today=DAY)[0]
    assert report.merged == ["some-post-example-com", "attention-is-all-you-need"]
    text = files(data)["entries/attention.yaml"]
    assert text == ATTENTION.replace("heading: Attention, position: 1}", "heading: Attention, position: 0}").replace(
        "heading: Attention, position: 2}", "heading: Attention, position: 1}").replace(
        "heading: Attention, position: 0}", "heading: Attention, position: 2}")


def test_other_lists_add_their_source_and_new_addresses_as_links(project: Path) -> None:
    data = project / "data"
    import_lists([project / "list.md"], data, today=DAY)
    second = project / "second.md"
    second.write_text("# Second\n\n## Serving\n"
                      "- [T5 code](https://github.com/google-research/t5/tree/main) ([slides](https://s.example/d))\n"
                      "- [KV](https://existing.example/post)\n", encoding="utf-8")
    reports, changed = import_lists([second], data, today=DAY + dt.timedelta(days=1))
    assert reports == [ImportReport(source="second", merged=["t5", "kv-cache"])]
    assert changed == [data / "entries/attention.yaml", data / "entries/inference.yaml", data / "sources.yaml"]
    after = files(data)
    assert after["entries/attention.yaml"] == ATTENTION.replace(
        "    - {source: my-list, heading: Attention, position: 3}\n  added: 2026-11-18\n",
        "    - {source: my-list, heading: Attention, position: 3}\n"
        "    - {source: second, heading: Serving, position: 1}\n"
        "  added: 2026-11-18\n"
        "  links:\n"
        "    - {url: 'https://github.com/google-research/t5/tree/main', rel: code}\n"
        "    - {url: 'https://s.example/d', rel: slides}\n")
    assert after["entries/inference.yaml"] == INFERENCE.replace(
        "comment: extra words here}\n",
        "comment: extra words here}\n    - {source: second, heading: Serving, position: 2}\n")
    assert after["sources.yaml"] == SOURCE + "\n- id: second\n  title: Second\n  origin: second.md\n" \
                                             "  imported: 2026-11-19\n"


def test_an_invalid_source_field_names_the_list_and_field(project: Path) -> None:
    data = project / "data"
    with pytest.raises(ImportSourceError) as info:
        import_lists([project / "list.md"], data, today=DAY, title="x" * 2001)
    assert str(info.value) == f"{project / 'list.md'}: source title: is too long (2001 characters; at most 2000)"
    assert files(data) == {"entries/inference.yaml": KNOWN, "topics.yaml": TOPICS}


def test_a_source_id_is_slugified_and_a_known_source_is_reused(project: Path) -> None:
    data = project / "data"
    import_lists([project / "list.md"], data, today=DAY, source_id="My List!!", title="Mine")
    (report,) = import_lists([project / "list.md"], data, today=DAY, source_id="my-list", title="Other")[0]
    assert report.source == "my-list"
    assert report.new == []
    assert files(data)["sources.yaml"] == SOURCE.replace("title: My list", "title: Mine")


def test_into_a_fresh_folder_the_unsorted_topic_comes_first(tmp_path: Path) -> None:
    (tmp_path / "list.md").write_text("- [A first post](https://a.example/a)\n", encoding="utf-8")
    data = tmp_path / "data"
    reports, _ = import_lists([tmp_path / "list.md"], data, today=DAY, title="A list")
    assert reports == [ImportReport(source="list", new=["a-first-post"])]
    assert files(data) == {
        "entries/unsorted.yaml": SCHEMA + "- id: a-first-post\n  title: A first post\n"
                                          "  url: https://a.example/a\n  kind: article\n"
                                          "  topics: [unsorted]\n  sources:\n"
                                          "    - {source: list, heading: '', position: 1}\n  added: 2026-11-18\n",
        "sources.yaml": "- id: list\n  title: A list\n  origin: list.md\n  imported: 2026-11-18\n",
        "topics.yaml": UNSORTED_TOPIC.lstrip("\n").replace("order: 3", "order: 1"),
    }


def test_a_fresh_folder_with_an_invalid_sources_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "list.md").write_text("- [A](https://a.example/a)\n", encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    (data / "sources.yaml").write_text("- id: x\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        import_lists([tmp_path / "list.md"], data, today=DAY)
    assert [str(p) for p in info.value.problems] == [
        f"{data}/sources.yaml:1: imported: required field is missing",
        f"{data}/sources.yaml:1: origin: required field is missing",
        f"{data}/sources.yaml:1: title: required field is missing",
    ]


def test_a_later_list_adds_to_the_unsorted_topic_with_suggestions_and_organisations(project: Path) -> None:
    data = project / "data"
    import_lists([project / "list.md"], data, today=DAY)
    more = project / "more.md"
    more.write_text("# More\n\n- [Decoding tricks for chatbots](https://d.example/decoding)\n"
                    "- [Knitting for beginners](https://d.example/knit)\n\n"
                    "| Name | Organisation | Year |\n| --- | --- | --- |\n"
                    "| [Gemma models](https://d.example/gemma) | Google DeepMind | 2024 |\n", encoding="utf-8")
    reports, changed = import_lists([more], data, today=DAY)
    assert reports == [ImportReport(source="more", new=["decoding-tricks-for-chatbots", "knitting-for-beginners",
                                                        "gemma-models"])]
    assert changed == [data / "entries/unsorted.yaml", data / "sources.yaml"]  # the topic is there already
    assert files(data)["entries/unsorted.yaml"] == UNSORTED + """
- id: decoding-tricks-for-chatbots
  title: Decoding tricks for chatbots
  url: https://d.example/decoding
  kind: article
  topics: [unsorted]
  suggested_topics: [inference]
  sources:
    - {source: more, heading: '', position: 1}
  added: 2026-11-18

- id: knitting-for-beginners
  title: Knitting for beginners
  url: https://d.example/knit
  kind: article
  topics: [unsorted]
  sources:
    - {source: more, heading: '', position: 2}
  added: 2026-11-18

- id: gemma-models
  title: Gemma models
  url: https://d.example/gemma
  organisation: Google DeepMind
  year: 2024
  kind: article
  topics: [unsorted]
  sources:
    - {source: more, heading: '', position: 3}
  added: 2026-11-18
"""


def test_ids_addresses_and_the_lists_words_of_new_entries(project: Path) -> None:
    data = project / "data"
    import_lists([project / "list.md"], data, today=DAY)
    more = project / "more.md"
    more.write_text(
        "# More\n\n"
        "- [T5](https://d.example/t5-paper) 2019\n"                                # a taken id: the year tells apart
        "- [A post](https://d.example/serving/guide)\n"                            # a keyword in the address
        "- [KV](https://existing.example/post) ([code](https://github.com/x/kv))\n"
        "- [KV as PDF](https://existing.example/kv.pdf) ([code](https://github.com/x/kv))\n\n"
        "| Name | Summary | Tags |\n| --- | --- | --- |\n"
        "| [Some row](https://d.example/row) | mostly about serving | chat |\n", encoding="utf-8")
    (report,) = import_lists([more], data, today=DAY)[0]
    assert report.new == ["t5-2019", "a-post", "some-row"]
    assert report.merged == ["kv-cache"]
    assert report.skipped == [("https://existing.example/kv.pdf", "another address of 'kv-cache', kept as its link")]
    written = files(data)
    assert "- id: t5-2019\n  title: T5\n  url: https://d.example/t5-paper\n  year: 2019\n" in written[
        "entries/unsorted.yaml"]
    inference = written["entries/inference.yaml"]
    assert "- id: a-post\n  title: A post\n  url: https://d.example/serving/guide\n  kind: article\n" \
           "  topics: [inference]\n" in inference
    assert "- id: some-row\n  title: Some row\n  url: https://d.example/row\n  kind: article\n" \
           "  topics: [inference]\n" in inference
    assert inference.count("https://github.com/x/kv") == 1  # the same extra twice is one link


def test_a_planned_entry_that_is_invalid_writes_nothing(project: Path) -> None:
    data = project / "data"
    (project / "long.md").write_text(f"# Long\n\n- [{'Word ' * 120}](https://d.example/long)\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        import_lists([project / "long.md"], data, today=DAY)
    assert [str(p) for p in info.value.problems] == [
        f"{data}/entries/unsorted.yaml:3: title: is too long (599 characters; at most 500)"]
    assert files(data) == {"entries/inference.yaml": KNOWN, "topics.yaml": TOPICS}


def test_topics_without_entries_still_place_links(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "topics.yaml").write_text(TOPICS, encoding="utf-8")
    (tmp_path / "l.md").write_text("# L\n\n## Attention\n- [A first post](https://a.example/a)\n", encoding="utf-8")
    import_lists([tmp_path / "l.md"], data, today=DAY)
    assert "  topics: [attention]\n" in files(data)["entries/attention.yaml"]


def test_entries_without_a_topics_file_are_refused(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "entries").mkdir(parents=True)
    (data / "entries" / "inference.yml").write_text(KNOWN, encoding="utf-8")
    (tmp_path / "l.md").write_text("- [A first post](https://a.example/a)\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        import_lists([tmp_path / "l.md"], data, today=DAY)
    assert str(info.value.problems[0]) == f"{data}/topics.yaml:1: file: missing"


def test_the_lists_author_is_recorded_and_two_lists_of_one_title_share_a_source(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (tmp_path / "a.md").write_text("---\ntitle: Shared\nauthor: Ann Lee\n---\n- [A first post](https://a.example/a)\n",
                                   encoding="utf-8")
    (tmp_path / "b.md").write_text("# Shared\n\n- [A second post](https://a.example/b)\n", encoding="utf-8")
    reports, _ = import_lists([tmp_path / "a.md", tmp_path / "b.md"], data, today=DAY)
    assert [(r.source, r.new) for r in reports] == [("shared", ["a-first-post"]), ("shared", ["a-second-post"])]
    assert files(data)["sources.yaml"] == "- id: shared\n  title: Shared\n  author: Ann Lee\n  origin: a.md\n" \
                                          "  imported: 2026-11-18\n"


def test_a_work_named_first_by_its_copy_then_by_its_own_address_is_repeated(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "entries").mkdir(parents=True)
    (data / "topics.yaml").write_text(TOPICS, encoding="utf-8")
    (data / "entries" / "attention.yaml").write_text(
        "- id: attention\n  title: Attention Is All You Need\n  url: https://arxiv.org/abs/1706.03762\n"
        "  year: 2017\n  kind: paper\n  topics: [attention]\n  added: 2026-01-01\n", encoding="utf-8")
    copy = "https://proceedings.mlr.press/v70/vaswani17a.html"
    (tmp_path / "l.md").write_text(f"# L\n\n- [Attention Is All You Need]({copy}) 2017\n"
                                   "- [Attention Is All You Need](https://arxiv.org/abs/1706.03762)\n",
                                   encoding="utf-8")
    (report,) = import_lists([tmp_path / "l.md"], data, today=DAY)[0]
    assert report.merged == ["attention"]
    assert report.skipped == [("https://arxiv.org/abs/1706.03762", "repeated in this list")]
