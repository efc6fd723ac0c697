"""`llmreads enrich`: fills only what is missing, from local stand-ins answering the way each real API does."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from conftest import run
from enrich_server import sources
from faultserver import LocalServer, Reply, Request, serving

from llmreads.backfill import changes_for, title_state
from llmreads.catalog import load_catalog
from llmreads.enrich import Metadata
from llmreads.model import Kind

TOPICS = "- id: attention\n  title: Attention\n  description: How attention works.\n  order: 1\n"


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with serving(sources) as running:
        yield running


def env(server: LocalServer, **more: str) -> dict[str, str]:
    return {"LLMREADS_ARXIV_API": server.url("/arxiv"), "LLMREADS_YOUTUBE_OEMBED": server.url("/oembed"),
            "LLMREADS_CROSSREF_API": server.url("/crossref/works"), "LLMREADS_GITHUB_API": server.url("/github"),
            **more}


def entries(server: LocalServer) -> str:
    return f"""\
# Imported; a person fixed the second entry by hand.
- id: t5
  title: T5   # the list's link text
  url: https://arxiv.org/abs/1910.10683
  kind: paper
  topics: [attention]
  added: 2024-01-02

- id: attention-is-all-you-need
  title: Attention Is All You Need (our title)
  url: https://arxiv.org/abs/1706.03762
  authors: [Someone We Trust]
  year: 2016
  kind: paper
  topics: [attention]
  added: 2024-01-02

- id: article
  title: Article
  url: https://arxiv.org/pdf/2401.04088v1
  kind: other
  topics: [attention]
  tags: [needs-title, moe]
  added: 2024-01-02

- id: climbing
  title: 'Climbing towards NLU'
  url: https://doi.org/10.18653/v1/2020.acl-main.463
  kind: other
  topics: [attention]
  added: 2024-01-02

- id: nanogpt
  title: nanoGPT
  url: https://github.com/karpathy/nanoGPT/tree/master
  kind: code
  topics: [attention]
  added: 2024-01-02

- id: lets-build-gpt
  title: "Let's build GPT"
  url: https://www.youtube.com/watch?v=kCc8FmEb1nY
  kind: video
  topics: [attention]
  added: 2024-01-02

- id: illustrated
  title: Illustrated transformer (127.0.0.1)
  url: {server.url('/pages/blog_opengraph.html')}
  kind: article
  topics: [attention]
  tags: [needs-title]
  added: 2024-01-02

- id: typo
  title: A paper with a typo in its id
  url: https://arxiv.org/abs/2999.99999
  kind: paper
  topics: [attention]
  added: 2024-01-02
"""


@pytest.fixture
def project(tmp_path: Path, server: LocalServer) -> Path:
    data = tmp_path / "data"
    (data / "entries").mkdir(parents=True)
    (data / "topics.yaml").write_text(TOPICS)
    (data / "entries" / "attention.yaml").write_text(entries(server))
    (tmp_path / "link-rules.yaml").write_text("arxiv_interval: 0\ntimeout: 5\n")
    return data


def test_enrich_fills_what_is_missing_and_nothing_else(project: Path, server: LocalServer) -> None:
    path = project / "entries" / "attention.yaml"
    before = path.read_text()
    result = run("--data", str(project), "enrich", env=env(server))
    assert result.exit_code == 1, result.output  # one paper is not on arXiv
    assert result.stderr.splitlines()[-2] == "failed typo: arXiv has no paper 2999.99999"
    assert result.stderr.splitlines()[-1].startswith(
        "filled 6 entries (title 3, short_title 1, authors 6, year 5, kind 2, tags 3); 1 failed; "
        "1 had nothing to fill; wrote ")
    after = path.read_text()
    expected = before
    for old, new in [
        ("  title: T5   # the list's link text\n",
         "  title: Exploring the Limits of Transfer Learning with a Unified Text-to-Text Transformer   "
         "# the list's link text\n  short_title: T5\n"),
        ("  url: https://arxiv.org/abs/1910.10683\n  kind: paper\n",
         "  url: https://arxiv.org/abs/1910.10683\n  authors: [Colin Raffel, Noam Shazeer, Adam Roberts]\n"
         "  year: 2019\n  kind: paper\n"),
        ("  title: Article\n  url: https://arxiv.org/pdf/2401.04088v1\n  kind: other\n  topics: [attention]\n"
         "  tags: [needs-title, moe]\n",
         "  title: 'Mixtral of Experts: Sparse Attention Routing'\n  url: https://arxiv.org/pdf/2401.04088v1\n"
         "  authors: [Albert Q. Jiang, Alexandre Sablayrolles]\n  year: 2024\n  kind: paper\n"
         "  topics: [attention]\n  tags: [moe]\n"),
        ("  url: https://doi.org/10.18653/v1/2020.acl-main.463\n  kind: other\n",
         "  url: https://doi.org/10.18653/v1/2020.acl-main.463\n  authors: [Emily M. Bender, Alexander Koller]\n"
         "  year: 2020\n  kind: paper\n"),
        ("  url: https://github.com/karpathy/nanoGPT/tree/master\n  kind: code\n  topics: [attention]\n",
         "  url: https://github.com/karpathy/nanoGPT/tree/master\n  authors: [karpathy]\n  year: 2022\n"
         "  kind: code\n  topics: [attention]\n  tags: [archived]\n"),
        ("  url: https://www.youtube.com/watch?v=kCc8FmEb1nY\n  kind: video\n",
         "  url: https://www.youtube.com/watch?v=kCc8FmEb1nY\n  authors: [Andrej Karpathy]\n  kind: video\n"),
        ("  title: Illustrated transformer (127.0.0.1)\n", "  title: The Illustrated Transformer\n"),
        (f"  url: {server.url('/pages/blog_opengraph.html')}\n  kind: article\n  topics: [attention]\n"
         "  tags: [needs-title]\n",
         f"  url: {server.url('/pages/blog_opengraph.html')}\n  authors: [Jay Alammar]\n  year: 2018\n"
         "  kind: article\n  topics: [attention]\n"),
    ]:
        assert old in expected, old
        expected = expected.replace(old, new)
    assert after == expected
    catalog = load_catalog(project)
    assert catalog.entry_by_id["t5"].short_title == "T5"
    person = catalog.entry_by_id["attention-is-all-you-need"]
    assert (person.title, person.authors, person.year) == ("Attention Is All You Need (our title)",
                                                           ["Someone We Trust"], 2016)


def test_arxiv_papers_are_asked_in_batches(project: Path, server: LocalServer) -> None:
    (project.parent / "link-rules.yaml").write_text("arxiv_interval: 0\narxiv_batch: 2\n")
    run("--data", str(project), "enrich", "--dry-run", env=env(server))
    asked = [r.query["id_list"].split(",") for r in server.requests if r.path == "/arxiv"]
    assert sorted(i for batch in asked for i in batch) == ["1910.10683", "2401.04088", "2999.99999"]
    assert sorted(len(batch) for batch in asked) == [1, 2]


def test_dry_run_writes_nothing_and_says_what_it_would_fill(project: Path, server: LocalServer) -> None:
    before = (project / "entries" / "attention.yaml").read_bytes()
    result = run("--data", str(project), "enrich", "t5", "nanogpt", "--dry-run", env=env(server))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["would fill t5: title, short_title, authors, year",
                                          "would fill nanogpt: authors, year, tags"]
    assert (project / "entries" / "attention.yaml").read_bytes() == before
    progress = sorted(line.split() for line in result.stderr.splitlines() if line.startswith("["))
    assert sorted(words[1:] for words in progress) == [["found", "nanogpt"], ["found", "t5"]]  # off a terminal: lines
    assert {words[0] for words in progress} == {"[1/2]", "[2/2]"}


def test_offline_is_one_line_per_failure_and_writes_nothing(project: Path, server: LocalServer) -> None:
    closed = "http://127.0.0.1:9"
    path = project / "entries" / "attention.yaml"
    path.write_text(path.read_text().replace(server.url("/"), closed + "/"))
    before = path.read_bytes()
    result = run("--data", str(project), "enrich", "--timeout", "2",
                 env={"LLMREADS_ARXIV_API": closed, "LLMREADS_YOUTUBE_OEMBED": closed,
                      "LLMREADS_CROSSREF_API": closed, "LLMREADS_GITHUB_API": closed})
    assert result.exit_code == 1
    failures = [line for line in result.stderr.splitlines() if line.startswith("failed ")]
    assert len(failures) == 7 and all("cannot fetch" in line for line in failures), failures
    assert "Traceback" not in result.output
    assert (project / "entries" / "attention.yaml").read_bytes() == before


def test_answers_are_cached_and_the_token_is_sent(project: Path, server: LocalServer) -> None:
    run("--data", str(project), "enrich", "nanogpt", "--dry-run", env=env(server, GITHUB_TOKEN="secret-token"))
    (ask,) = [r for r in server.requests if r.path.startswith("/github/")]
    assert ask.path == "/github/repos/karpathy/nanoGPT"
    assert ask.headers["authorization"] == "Bearer secret-token"
    assert ask.headers["accept"] == "application/vnd.github+json"
    again = run("--data", str(project), "enrich", "nanogpt", "--dry-run", env=env(server))
    assert again.stdout == "would fill nanogpt: authors, year, tags\n"
    assert len([r for r in server.requests if r.path.startswith("/github/")]) == 1


def test_unknown_ids_are_a_one_line_error(project: Path, server: LocalServer) -> None:
    result = run("--data", str(project), "enrich", "no-such-entry", env=env(server))
    assert result.exit_code == 1
    assert result.stderr.startswith("error: no entry with id 'no-such-entry'")


@pytest.mark.parametrize(("title", "tags", "kind", "state"), [
    ("T5", [], Kind.PAPER, "short"), ("PPO", [], Kind.PAPER, "short"), ("nanoGPT", [], Kind.CODE, ""),
    ("Paper", [], Kind.PAPER, "generic"), ("[PDF]", [], Kind.PAPER, "generic"), ("3", [], Kind.PAPER, "generic"),
    ("Scaling laws (example.org)", ["needs-title"], Kind.ARTICLE, "stand-in"),
    ("Scaling Laws for Neural Language Models", [], Kind.PAPER, ""),
])
def test_which_titles_may_be_replaced(title: str, tags: list[str], kind: Kind, state: str) -> None:
    entry = yaml.safe_load(f"id: x\ntitle: '{title}'\nurl: https://example.org/\nkind: {kind.value}\n"
                           f"topics: [a]\ntags: {tags}\nadded: 2024-01-01")
    from llmreads.model import Entry

    assert title_state(Entry.model_validate(entry)) == state


def test_a_page_title_replaces_a_short_name_only_when_it_names_it() -> None:
    from llmreads.model import Entry

    entry = Entry.model_validate({"id": "x", "title": "AWQ", "url": "https://example.org/awq", "kind": "paper",
                                  "topics": ["a"], "added": "2024-01-01"})
    assert "title" not in changes_for(entry, Metadata("https://example.org/awq", "Home | Example"))
    named = changes_for(entry, Metadata("https://example.org/awq", "AWQ: Activation-aware Weight Quantization"))
    assert (named["title"], named["short_title"]) == ("AWQ: Activation-aware Weight Quantization", "AWQ")


def test_the_importers_short_title_tag_goes_once_the_real_title_is_found() -> None:
    from llmreads.model import Entry

    entry = Entry.model_validate({"id": "ppo", "title": "PPO", "url": "https://arxiv.org/abs/1707.06347",
                                  "kind": "paper", "topics": ["a"], "tags": ["short-title", "rl"],
                                  "added": "2024-01-01"})
    changes = changes_for(entry, Metadata(entry.url, "Proximal Policy Optimization Algorithms", ["John Schulman"]))
    assert changes == {"title": "Proximal Policy Optimization Algorithms", "short_title": "PPO",
                       "authors": ["John Schulman"], "tags": ["rl"]}


def test_an_unreachable_arxiv_is_asked_once_not_once_per_batch(project: Path, server: LocalServer) -> None:
    async def reset(request: Request, reply: Reply) -> None:
        reply.reset()

    (project.parent / "link-rules.yaml").write_text("arxiv_interval: 0\narxiv_batch: 1\nretries: 0\n")
    with serving(reset) as down:
        result = run("--data", str(project), "enrich", "--dry-run", "t5", "article", "typo",
                     env=env(server, LLMREADS_ARXIV_API=down.url("/api/query")))
    assert result.exit_code == 1
    assert len(down.requests) == 1
    failures = [line for line in result.stderr.splitlines() if line.startswith("failed ")]
    assert [line.split(":")[0] for line in failures] == ["failed article", "failed t5", "failed typo"]
    assert len({line.split(": ", 1)[1] for line in failures}) == 1
    assert "cannot fetch arXiv API" in failures[0]


def test_pages_on_one_host_are_asked_two_at_a_time(tmp_path: Path) -> None:
    async def slow(request: Request, reply: Reply) -> None:
        await asyncio.sleep(0.1)
        await reply.send(200, f"<title>Page {request.path.strip('/')}</title><meta name='author' content='Ann'>")

    with serving(slow) as pages:
        data = tmp_path / "data"
        (data / "entries").mkdir(parents=True)
        (data / "topics.yaml").write_text(TOPICS)
        (data / "entries" / "attention.yaml").write_text("".join(
            f"- id: p{i}\n  title: Page {i} about attention\n  url: {pages.url(f'/{i}')}\n  kind: article\n"
            f"  topics: [attention]\n  added: 2024-01-02\n" for i in range(8)))
        result = run("--data", str(data), "enrich")
    assert result.exit_code == 0, result.output
    assert len(pages.requests) == 8 and pages.peak["127.0.0.1"] == 2
    assert load_catalog(data).entry_by_id["p3"].authors == ["Ann"]
