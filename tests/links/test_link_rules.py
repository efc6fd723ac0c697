"""link-rules.yaml: settings and per-host rules, and one located line per mistake."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO

from llmreads.errors import DataError
from llmreads.links.model import LinkState
from llmreads.links.rules import RULES_FILE, HostRule, Settings, load_settings


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / RULES_FILE
    path.write_text(text)
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_settings(path)
    return [str(p) for p in caught.value.problems]


def test_the_committed_rules_file_is_valid() -> None:
    settings = load_settings(REPO / RULES_FILE, required=True)
    assert "llmreads" in settings.user_agent


def test_a_missing_file_means_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path / RULES_FILE) == Settings()
    with pytest.raises(DataError, match="missing"):
        load_settings(tmp_path / RULES_FILE, required=True)


def test_rules_are_read(tmp_path: Path) -> None:
    path = write(tmp_path, """\
timeout: 5
per_host: 2
exclude: ["https://example.com/private/*"]
endpoints:
  wayback: http://127.0.0.1:9/wayback
hosts:
  medium.com:
    accept: {403: blocked}
    head: false
  linkedin.com:
    exclude: true
""")
    settings = load_settings(path)
    assert (settings.timeout, settings.per_host, settings.endpoints.wayback) == (5, 2, "http://127.0.0.1:9/wayback")
    assert settings.rule_for("https://blog.medium.com/x") == HostRule(accept={403: LinkState.BLOCKED}, head=False)
    assert settings.rule_for("https://notmedium.com/x") == HostRule()
    assert settings.excluded("https://www.linkedin.com/in/someone")
    assert settings.excluded("https://example.com/private/page")
    assert not settings.excluded("https://example.com/public")


def test_mistakes_are_one_line_each_with_their_line(tmp_path: Path) -> None:
    path = write(tmp_path, """\
timeout: soon
per_host: 0
hosts:
  medium.com:
    accept: {403: blockd}
    colour: red
strategies: [carrier-pigeon]
""")
    assert problems(path) == [
        f"{path}:1: timeout: Input should be a valid number, unable to parse string as a number, got 'soon'",
        f"{path}:2: per_host: Input should be greater than or equal to 1, got 0",
        f"{path}:5: hosts.medium.com.accept.403: 'blockd' is not one of ok, redirected, broken, timeout, "
        "blocked, error, skipped",
        f"{path}:6: hosts.medium.com.colour: unknown setting",
        f"{path}:7: strategies: Input should be 'youtube-oembed' or 'arxiv-api', got 'carrier-pigeon'",
    ]


def test_yaml_syntax_errors_are_located(tmp_path: Path) -> None:
    path = write(tmp_path, "hosts:\n  medium.com: {accept: [403\n")
    (line,) = problems(path)
    assert line.startswith(f"{path}:2: yaml: syntax error")


def test_a_list_is_not_a_settings_file(tmp_path: Path) -> None:
    path = write(tmp_path, "- timeout: 3\n")
    assert problems(path) == [f"{path}:1: file: expected a mapping of settings"]
