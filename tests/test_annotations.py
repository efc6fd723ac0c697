"""`check --format github`: workflow commands escaped as GitHub's runner reads them, so no data can add
a command line or a property of its own."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPO, run

from llmreads.annotations import workflow_command
from llmreads.errors import Problem

CORPUS = REPO / "tests" / "check_corpus"


def unescape(value: str, *, prop: bool) -> str:
    """The runner's unescaping (actions/runner ActionCommand: %0D, %0A, %3A, %2C, then %25)."""
    pairs = [("%0D", "\r"), ("%0A", "\n")] + ([("%3A", ":"), ("%2C", ",")] if prop else []) + [("%25", "%")]
    for escaped, plain in pairs:
        value = value.replace(escaped, plain)
    return value


def read_command(line: str) -> tuple[str, dict[str, str], str]:
    """Split a workflow command line the way the runner does: `::name props::message`."""
    assert line.startswith("::")
    head, message = line[2:].split("::", 1)
    name, _, props = head.partition(" ")
    properties = dict(p.split("=", 1) for p in props.split(",") if p)
    return name, {k: unescape(v, prop=True) for k, v in properties.items()}, unescape(message, prop=False)


HOSTILE = [
    Problem("data/entries/a,title=spoof.yaml", 3, "title", "plain"),
    Problem("data/entries/x:y.yaml", 1, "id", "colon in the file name"),
    Problem("data/entries/a.yaml", 2, "id", "line one\n::error file=README.md,line=1::spoofed\r\nthird"),
    Problem("data/entries/100%25.yaml", 4, "url", "50% off, 100%0A literal"),
]


@pytest.mark.parametrize("problem", HOSTILE, ids=lambda p: p.message[:12])
def test_an_annotation_is_one_line_that_reads_back_as_the_problem(problem: Problem) -> None:
    line = workflow_command("error", problem, "llmreads check")
    assert "\n" not in line and "\r" not in line
    name, props, message = read_command(line)
    assert name == "error"
    assert props == {"file": problem.file, "line": str(problem.line), "title": "llmreads check"}
    assert message == f"{problem.field}: {problem.message}"


def test_check_escapes_a_file_name_with_a_comma_and_a_colon(tmp_path: Path) -> None:
    shutil.copytree(CORPUS / "url-ftp", tmp_path / "data", ignore=shutil.ignore_patterns("*.txt"))
    entries = tmp_path / "data" / "entries"
    (entries / "attention.yaml").rename(entries / "a,title=x:y.yaml")
    result = run("check", "--format", "github", cwd=tmp_path)
    assert result.exit_code == 1
    (line,) = result.stdout.splitlines()
    assert line.startswith("::error file=data/entries/a%2Ctitle=x%3Ay.yaml,line=3,title=llmreads check::")
    _, props, _ = read_command(line)
    assert props["file"] == "data/entries/a,title=x:y.yaml" and props["title"] == "llmreads check"
