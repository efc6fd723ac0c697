"""Hostile but small inputs: each gets a clear one-line error and a non-zero exit, never a hang or a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import DATA, run

from llmreads.catalog import read_catalog


def _data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    return data


def _alias_bomb(indent: str = "") -> str:
    lines = [f"{indent}x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"{indent}x{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_in_front_matter_is_refused(tmp_path: Path) -> None:
    (tmp_path / "list.md").write_text("---\ntitle: A list\n" + _alias_bomb() + "---\n# A list\n"
                                      "- [Paper](https://example.com/p)\n", encoding="utf-8")
    result = run("--data", "data", "import", "list.md", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "error: list.md:4: front matter: YAML aliases (*a0) are not allowed in data files: write the value out"]
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize("front", ["date: 2024-02-30", "title: " + "9" * 5000, "author: 1e999999",
                                   "title: [a, [b]]", "author: {a: b}", "? [a]\n: b"])
def test_odd_front_matter_never_crashes_an_import(tmp_path: Path, front: str) -> None:
    (tmp_path / "list.md").write_text(f"---\n{front}\n---\n# A list\n- [Paper](https://example.com/p)\n",
                                      encoding="utf-8")
    result = run("--data", "data", "import", "list.md", cwd=tmp_path)
    assert result.exit_code in (0, 1)
    assert "Traceback" not in result.output
    if result.exit_code == 0:
        assert read_catalog(tmp_path / "data")[1] == []
    else:
        assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("text", ["sources: [", "- {id: x, title: y", "- 5\n", "a: &x [*x]\n"])
def test_a_corrupt_sources_file_in_a_fresh_folder_is_reported_not_overwritten(tmp_path: Path, text: str) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "sources.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "list.md").write_text("# A list\n- [Paper](https://example.com/p)\n", encoding="utf-8")
    result = run("--data", "data", "import", "list.md", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stderr.startswith("data/sources.yaml:")
    assert (tmp_path / "data" / "sources.yaml").read_text(encoding="utf-8") == text
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == ["sources.yaml"]


def test_a_ten_megabyte_title_is_refused_by_check(tmp_path: Path) -> None:
    data = _data(tmp_path)
    path = next((data / "entries").glob("*.yaml"))
    text = path.read_text(encoding="utf-8")
    title_line = next(line for line in text.splitlines() if line.startswith("  title: "))
    path.write_text(text.replace(title_line, "  title: " + "word " * 2_000_000, 1), encoding="utf-8")
    result = run("--data", "data", "check", cwd=tmp_path)
    assert result.exit_code == 1
    assert [line.split(": ", 1)[1] for line in result.stderr.splitlines()] == [
        "title: is too long (9999999 characters; at most 500)"]


@pytest.mark.parametrize(("rules", "message"), [
    ('user_agent: "bot \u00e9"', "rules.yaml:1: user_agent: HTTP header values must be printable ASCII"),
    ('hosts: {example.com: {headers: {Accept: "\u00e9"}}}', "rules.yaml:1: hosts.example.com.headers.Accept: "
                                                              "HTTP header values must be printable ASCII"),
    ('hosts: {example.com: {headers: {"a b": x}}}', "rules.yaml:1: hosts.example.com.headers.a b: 'a b' is not a "
                                                    "valid HTTP header name"),
    ("timeout: .nan", "rules.yaml:1: timeout: Input should be a finite number"),
    ("timeout: .inf", "rules.yaml:1: timeout: Input should be a finite number"),
])
def test_bad_link_rules_are_one_line(tmp_path: Path, rules: str, message: str) -> None:
    _data(tmp_path)
    (tmp_path / "rules.yaml").write_text(rules + "\n", encoding="utf-8")
    result = run("--data", "data", "links", "--rules", "rules.yaml", "--no-cache", "http://127.0.0.1:9/",
                 cwd=tmp_path)
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith(message)


@pytest.mark.parametrize("args", [
    ["links", "--timeout", "nan", "http://127.0.0.1:9/"],
    ["links", "--interval", "inf", "http://127.0.0.1:9/"],
    ["links", "--max-age", "-inf", "http://127.0.0.1:9/"],
    ["links", "http://127.0.0.1:99999/"],
    ["links", "http://[::1/"],
    ["links", "--wayback-endpoint", "http://[::1", "http://127.0.0.1:9/"],
    ["add", "--dry-run", "--timeout", "nan", "http://127.0.0.1:9/"],
    ["add", "--dry-run", "--arxiv-endpoint", "ftp://x", "http://127.0.0.1:9/"],
])
def test_odd_command_line_values_are_usage_errors(tmp_path: Path, args: list[str]) -> None:
    _data(tmp_path)
    result = run("--data", "data", *args, cwd=tmp_path)
    assert result.exit_code == 2
    assert "Error: Invalid value for" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("url", ["http://[::1/", "http://127.0.0.1:99999/", "javascript:alert(1)"])
def test_add_of_a_malformed_url_is_one_line(tmp_path: Path, url: str) -> None:
    _data(tmp_path)
    result = run("--data", "data", "add", "--dry-run", url, cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"error: '{url}' is not an http(s) URL"]


@pytest.mark.parametrize("args", [["export", "json", "--out", "afile/x.json"], ["schema", "--out", "afile/x"],
                                  ["build", "--out", "afile/site"]])
def test_out_below_a_file_is_one_line(tmp_path: Path, args: list[str]) -> None:
    _data(tmp_path)
    (tmp_path / "afile").write_text("not a folder\n", encoding="utf-8")
    result = run("--data", "data", *args, cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == ["error: afile" + ("/x.json" if args[0] == "export" else "/x" if
                                          args[0] == "schema" else "") + ": cannot be written: a folder on its "
                                          "path is a file"]
