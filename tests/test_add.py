"""`llmreads add URL`: against local stand-ins for arXiv, YouTube and a web page; duplicates, dry runs, failures."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from conftest import REPO, run
from enrich_server import sources
from faultserver import LocalServer, serving

from llmreads.transaction import atomic_write

EPOCH = "1718000000"  # 2024-06-10
ADDED = "2024-06-10"


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with serving(sources) as running:
        yield running


@pytest.fixture
def env(server: LocalServer) -> dict[str, str]:
    return {"LLMREADS_ARXIV_API": server.url("/arxiv"), "LLMREADS_YOUTUBE_OEMBED": server.url("/oembed"),
            "LLMREADS_WAYBACK": server.url("/wayback"), "SOURCE_DATE_EPOCH": EPOCH}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def added_part(before: bytes, after: bytes) -> str:
    """Return what was appended, checking that everything before it is byte-identical."""
    assert after.startswith(before)
    return after[len(before):].decode()


def test_add_arxiv_paper_with_suggested_topic(data_copy: Path, env: dict[str, str]) -> None:
    target = data_copy / "entries" / "attention.yaml"
    before = target.read_bytes()
    result = run("--data", str(data_copy), "add", "https://arxiv.org/pdf/2401.04088v1", env=env)
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == f"added 'mixtral-of-experts-sparse-attention-routing' to {target}"
    assert added_part(before, target.read_bytes()) == f"""
- id: mixtral-of-experts-sparse-attention-routing
  title: 'Mixtral of Experts: Sparse Attention Routing'
  url: https://arxiv.org/abs/2401.04088
  authors: [Albert Q. Jiang, Alexandre Sablayrolles]
  year: 2024
  kind: paper
  topics: [attention]
  added: {ADDED}
"""
    assert run("--data", str(data_copy), "check").exit_code == 0


def test_add_youtube_video(data_copy: Path, env: dict[str, str]) -> None:
    target = data_copy / "entries" / "transformer-architecture.yaml"
    before = target.read_bytes()
    result = run("--data", str(data_copy), "add", "https://www.youtube.com/watch?v=kCc8FmEb1nY",
                 "--topic", "transformer-architecture", "--topic", "attention", "--tags", "gpt,from-scratch", env=env)
    assert result.exit_code == 0, result.output
    entry = yaml.safe_load(added_part(before, target.read_bytes()))[0]
    assert entry == {"id": "let-s-build-gpt-from-scratch-in-code-spelled-out",
                     "title": "Let's build GPT: from scratch, in code, spelled out.",
                     "url": "https://www.youtube.com/watch?v=kCc8FmEb1nY", "authors": ["Andrej Karpathy"],
                     "kind": "video", "topics": ["transformer-architecture", "attention"],
                     "tags": ["gpt", "from-scratch"], "added": dt.date(2024, 6, 10)}


def test_add_web_page(data_copy: Path, env: dict[str, str], server: LocalServer) -> None:
    url = server.url("/pages/blog_opengraph.html")
    target = data_copy / "entries" / "attention.yaml"
    before = target.read_bytes()
    result = run("--data", str(data_copy), "add", url, "--topic", "attention", env=env)
    assert result.exit_code == 0, result.output
    (entry,) = yaml.safe_load(added_part(before, target.read_bytes()))
    assert (entry["title"], entry["authors"], entry["year"], entry["kind"], entry["url"]) == (
        "The Illustrated Transformer", ["Jay Alammar"], 2018, "article", url)
    assert entry["id"] == "the-illustrated-transformer-2018"  # the plain id is taken by the committed entry


def test_the_same_work_is_not_added_twice(data_copy: Path, env: dict[str, str], server: LocalServer) -> None:
    before = snapshot(data_copy)
    result = run("--data", str(data_copy), "add", "https://arxiv.org/pdf/1706.03762v5", env=env)
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: already in the catalogue as '")
    assert "transformer-architecture.yaml:" in line
    assert snapshot(data_copy) == before
    assert server.requests == []  # known before any request


def test_dry_run_prints_and_writes_nothing(data_copy: Path, env: dict[str, str]) -> None:
    before = snapshot(data_copy)
    result = run("--data", str(data_copy), "add", "https://arxiv.org/abs/2401.04088", "--dry-run", env=env)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("- id: mixtral-of-experts-sparse-attention-routing\n")
    assert "dry run: nothing written" in result.stderr
    assert snapshot(data_copy) == before


@pytest.mark.parametrize("path", ["/missing", "/hang"])
def test_network_failure_is_one_line_and_leaves_data_alone(data_copy: Path, env: dict[str, str],
                                                           server: LocalServer, path: str) -> None:
    before = snapshot(data_copy)
    result = run("--data", str(data_copy), "add", server.url(path), "--topic", "attention", "--timeout", "1",
                 env=env)
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error: cannot fetch {server.url(path)}: ")
    assert snapshot(data_copy) == before


def test_user_mistakes_are_one_line(data_copy: Path, env: dict[str, str], server: LocalServer) -> None:
    url = server.url("/pages/title_only.html")
    cases = {
        ("--topic", "atention"): "error: unknown topic 'atention'",
        ("--tags", "Not A Slug"): "error: tag 'Not A Slug' is not lowercase kebab-case",
        ("--title", "A quiet afternoon"): "error: no topic matches the title 'A quiet afternoon'",
    }
    for extra, message in cases.items():
        result = run("--data", str(data_copy), "add", url, *extra, env=env)
        assert result.exit_code == 1 and result.stderr.startswith(message), result.stderr
    assert run("--data", str(data_copy), "add", "ftp://example.org/x", env=env).stderr.startswith("error: 'ftp:")


_KILLED_ADD = """
import os, sys, time

def stall(fd):
    print("STALLED", flush=True)
    time.sleep(120)

os.fsync = stall  # the new text is in the temporary file, not yet renamed over the real one
from llmreads.cli import main
sys.argv = ["llmreads", *sys.argv[1:]]
main()
"""


def test_kill_9_during_add_leaves_no_half_written_file(data_copy: Path, env: dict[str, str]) -> None:
    before = snapshot(data_copy)
    with subprocess.Popen([sys.executable, "-c", _KILLED_ADD, "--data", str(data_copy), "add",
                           "https://arxiv.org/abs/2401.04088"], env={**os.environ, **env}, cwd=REPO,
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True) as process:
        try:
            assert process.stdout is not None
            assert process.stdout.readline().strip() == "STALLED"
            os.kill(process.pid, signal.SIGKILL)
        finally:
            process.wait(30)
    assert process.returncode == -signal.SIGKILL
    after = snapshot(data_copy)
    assert {name: after[name] for name in before} == before
    assert run("--data", str(data_copy), "check").exit_code == 0  # which also clears what the crash left
    after = snapshot(data_copy)
    assert after == before


def test_atomic_write_never_replaces_with_a_partial_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "entries.yaml"
    target.write_text("- id: original\n")

    def fail(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        atomic_write(target, "- id: new\n" * 1000)
    assert target.read_text() == "- id: original\n"
    assert [p.name for p in tmp_path.iterdir()] == ["entries.yaml"]  # the temporary file was removed


def test_hostile_pages_are_one_line_or_cleaned(data_copy: Path, env: dict[str, str], server: LocalServer) -> None:
    before = snapshot(data_copy)
    redirected = run("--data", str(data_copy), "add", server.url("/to-javascript"), "--topic", "attention", env=env)
    assert redirected.exit_code == 1 and len(redirected.stderr.splitlines()) == 1, redirected.stderr
    assert "redirects to a URL that is not http(s)" in redirected.stderr
    deep = run("--data", str(data_copy), "add", "https://youtu.be/deepDeepDeep", "--topic", "attention", env=env)
    assert deep.exit_code == 1 and deep.stderr.startswith("error: YouTube oEmbed answered something that is not JSON")
    assert snapshot(data_copy) == before
    cleaned = run("--data", str(data_copy), "add", server.url("/control-title.html"), "--topic", "attention",
                  "--dry-run", env=env)
    assert cleaned.exit_code == 0, cleaned.output
    entry = yaml.safe_load(cleaned.stdout)[0]
    assert (entry["title"], entry["authors"], entry.get("year")) == ("Attention[31m is all you need",
                                                                      ["Ada Lovelace"], None)


def test_no_fetch_builds_the_entry_from_the_values_given(data_copy: Path, server: LocalServer) -> None:
    target = data_copy / "entries" / "attention.yaml"
    before = target.read_bytes()
    offline = {"LLMREADS_ARXIV_API": "http://127.0.0.1:9/", "SOURCE_DATE_EPOCH": EPOCH}
    result = run("--data", str(data_copy), "add", "https://arxiv.org/pdf/2401.04088v1", "--no-fetch",
                 "--title", "Mixtral of Experts", "--authors", "Albert Q. Jiang, Alexandre Sablayrolles",
                 "--authors", "Antoine Roux", "--year", "2024", "--kind", "paper", "--level", "advanced",
                 "--note", "Sparse experts, routed per token.", "--topic", "attention", env=offline)
    assert result.exit_code == 0, result.output
    assert added_part(before, target.read_bytes()) == f"""
- id: mixtral-of-experts
  title: Mixtral of Experts
  url: https://arxiv.org/abs/2401.04088
  authors: [Albert Q. Jiang, Alexandre Sablayrolles, Antoine Roux]
  year: 2024
  kind: paper
  level: advanced
  topics: [attention]
  note: Sparse experts, routed per token.
  added: {ADDED}
"""
    assert server.requests == []


def test_no_fetch_needs_a_title(data_copy: Path, env: dict[str, str], server: LocalServer) -> None:
    result = run("--data", str(data_copy), "add", "https://example.org/post", "--no-fetch", env=env)
    assert result.exit_code == 1
    assert result.stderr == "error: --no-fetch needs --title (and, if you know them, --authors, --year and --kind)\n"
    assert server.requests == []


def test_with_a_title_given_a_failed_fetch_is_a_warning(data_copy: Path, env: dict[str, str],
                                                         server: LocalServer) -> None:
    target = data_copy / "entries" / "attention.yaml"
    before = target.read_bytes()
    result = run("--data", str(data_copy), "add", server.url("/missing"), "--title", "A post about attention",
                 "--topic", "attention", env=env)
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == (f"warning: cannot fetch {server.url('/missing')}: HTTP 404; "
                                             "added with the values given")
    (entry,) = yaml.safe_load(added_part(before, target.read_bytes()))
    assert (entry["title"], entry["kind"], entry["url"]) == ("A post about attention", "article",
                                                             server.url("/missing"))


def test_given_values_win_over_fetched_ones(data_copy: Path, env: dict[str, str]) -> None:
    result = run("--data", str(data_copy), "add", "https://arxiv.org/abs/2401.04088", "--dry-run",
                 "--authors", "Someone Else", "--year", "2023", "--kind", "article", env=env)
    assert result.exit_code == 0, result.output
    (entry,) = yaml.safe_load(result.stdout)
    assert (entry["title"], entry["authors"], entry["year"], entry["kind"]) == (
        "Mixtral of Experts: Sparse Attention Routing", ["Someone Else"], 2023, "article")


def test_a_failed_fetch_says_how_to_add_the_entry_anyway(data_copy: Path, env: dict[str, str],
                                                         server: LocalServer) -> None:
    result = run("--data", str(data_copy), "add", server.url("/missing"), "--topic", "attention", env=env)
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.endswith(f'to add it anyway, give what you know: llmreads add {server.url("/missing")} --no-fetch '
                         '--title "..." [--authors "A, B"] [--year YYYY] [--kind KIND]')


def test_a_fetched_value_the_data_refuses_is_not_reported_at_a_line_of_a_file(data_copy: Path, env: dict[str, str],
                                                                               server: LocalServer) -> None:
    before = snapshot(data_copy)
    url = server.url("/url-title.html")
    result = run("--data", str(data_copy), "add", url, "--topic", "attention", env=env)
    assert result.exit_code == 1
    assert result.stderr == (f"error: the entry built for {url} is not valid: title: is a URL; give the work's own "
                             "title (give the right value with --title, --authors, --year, --kind or --note)\n")
    assert snapshot(data_copy) == before
