"""A corpus of bad data folders, each with the exact lines `llmreads check` must print.

Each folder under tests/check_corpus/ is a small, otherwise valid data folder (topics.yaml,
usually sources.yaml and entries/) with one mistake, plus `expected.txt`: the exact stderr lines,
`file:line: field: message`. The folder is copied to <tmp>/data and checked from <tmp>, so files
show as `data/...`. `{latest_year}` in expected.txt stands for next year, the top of the allowed
`year` range, so the corpus does not go stale on 1 January.

Cases in XFAIL hold the output the checker *should* give; the reason says what it gives today.
"""

from __future__ import annotations

import datetime as dt
import shutil
import traceback
from pathlib import Path

import pytest
from conftest import DATA, run

CORPUS = Path(__file__).resolve().parent / "check_corpus"
EXPECTED = "expected.txt"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())

# Known checker defects (none open): the expected.txt of such a case holds the desired output.
XFAIL: dict[str, str] = {}


def _params() -> list[object]:
    return [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=XFAIL[name])) if name in XFAIL else name
        for name in CASES
    ]


def _snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every path under `folder` with its bytes (None for a folder)."""
    return {
        str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None) for p in sorted(folder.rglob("*"))
    }


def _expected(case: Path) -> list[str]:
    text = (case / EXPECTED).read_text(encoding="utf-8")
    return text.replace("{latest_year}", str(dt.date.today().year + 1)).splitlines()


@pytest.mark.parametrize("name", _params())
def test_check_reports_exactly(name: str, tmp_path: Path) -> None:
    case = CORPUS / name
    data = tmp_path / "data"
    shutil.copytree(case, data, ignore=shutil.ignore_patterns(EXPECTED))
    before = _snapshot(data)
    assert before, f"{name}: empty case folder"

    try:
        result = run("--data", "data", "check", cwd=tmp_path)
    except Exception as exc:  # a traceback is exactly what this corpus exists to catch
        pytest.fail(f"check crashed: {''.join(traceback.format_exception_only(exc)).strip()}")

    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert result.stderr.splitlines() == _expected(case)
    assert result.exit_code == 1
    assert _snapshot(data) == before, "check modified the data folder"


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 35
    for name in CASES:
        assert (CORPUS / name / EXPECTED).is_file(), f"{name} has no {EXPECTED}"
        assert (CORPUS / name / EXPECTED).read_text(encoding="utf-8").strip(), f"{name}: empty {EXPECTED}"


def test_xfail_names_are_cases() -> None:
    assert set(XFAIL) <= set(CASES)


def test_committed_data_passes(tmp_path: Path) -> None:
    before = _snapshot(DATA)
    result = run("--data", str(DATA), "check", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("ok: ")
    assert _snapshot(DATA) == before
