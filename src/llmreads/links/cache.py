"""Remember settled results for a while, so a re-run only checks what is stale; failures are always re-checked."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from llmreads.links.model import CACHEABLE, CheckResult
from llmreads.transaction import atomic_write

CACHE_DIR = ".llmreads-cache"
CACHE_FILE = "links.json"
_VERSION = 1


def project_root(data_dir: Path) -> Path:
    """Return the project root: the folder that holds the data folder (and link-rules.yaml)."""
    return data_dir.resolve().parent


def cache_path(root: Path) -> Path:
    """Return where the link cache lives under a project root (git-ignored)."""
    return root / CACHE_DIR / CACHE_FILE


def pacer_state(root: Path) -> Path:
    """Return the file that remembers the last arXiv API request, so back-to-back runs stay polite."""
    return root / CACHE_DIR / "arxiv-last-request"


class ResultCache:
    """Results keyed by URL, reused while younger than `max_age` seconds and settled (ok, redirected, skipped)."""

    def __init__(self, path: Path, max_age: float) -> None:
        self.path = path
        self.max_age = dt.timedelta(seconds=max_age)
        self._results: dict[str, dict[str, Any]] = self._read()

    def _read(self) -> dict[str, dict[str, Any]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # a missing or damaged cache only costs a full check
        if not isinstance(data, dict) or data.get("version") != _VERSION or not isinstance(data.get("results"), dict):
            return {}
        results: dict[str, dict[str, Any]] = data["results"]
        return results

    def fresh(self, url: str, now: dt.datetime | None = None) -> CheckResult | None:
        """Return the cached result for `url` if it is settled and young enough."""
        stored = self._results.get(url)
        if stored is None:
            return None
        try:
            result = CheckResult.from_json(stored)
        except (KeyError, TypeError, ValueError):
            return None
        now = now or dt.datetime.now(dt.UTC)
        if result.state not in CACHEABLE or now - result.checked_at > self.max_age:
            return None
        return result

    def put(self, result: CheckResult) -> None:
        """Remember a result (failures too, so the file shows the last run; they are never reused)."""
        self._results[result.url] = {**result.to_json(), "detail": result.detail}

    def save(self) -> None:
        """Write the cache atomically."""
        text = json.dumps({"version": _VERSION, "results": self._results}, indent=1, sort_keys=True)
        atomic_write(self.path, text + "\n")
