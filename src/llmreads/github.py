"""GitHub's REST API for repositories: which URLs name a repository, and what /repos/<owner>/<repo> says.

The answer has `name`, `full_name`, `owner.login`, `description` (may be null), `created_at`
(ISO 8601) and `archived`; a missing repository is HTTP 404 with `{"message": "Not Found"}`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from llmreads.plaintext import one_line

_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,100}$")
#: First path segments on github.com that are pages of the site, not owners.
_NOT_OWNERS = frozenset({"orgs", "topics", "features", "about", "marketplace", "sponsors", "settings", "search",
                         "collections", "trending", "apps", "login", "join", "explore", "site", "pricing"})
#: Headers GitHub asks API clients to send.
HEADERS = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}


@dataclass(frozen=True)
class Repo:
    """What GitHub says about one repository."""

    full_name: str
    name: str
    owner: str | None
    description: str | None
    year: int | None
    archived: bool

    @property
    def title(self) -> str:
        """A title for the repository: its name, and its description when that is short."""
        if self.description and len(self.description) <= 120:
            return f"{self.name}: {self.description}"
        return self.name


def repo_of(url: str) -> str | None:
    """Return 'owner/repo' when `url` is a repository or one of its tree/blob pages on github.com."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if (parts.hostname or "").lower().removeprefix("www.") != "github.com":
        return None
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) < 2 or segments[0].lower() in _NOT_OWNERS:
        return None
    if len(segments) > 2 and segments[2] not in ("tree", "blob"):
        return None
    owner, repo = segments[0], segments[1].removesuffix(".git")
    return f"{owner}/{repo}" if _NAME.match(owner) and _NAME.match(repo) else None


def parse_repo(data: Any) -> Repo:
    """Read a /repos/<owner>/<repo> answer; ValueError when it is not one."""
    if not isinstance(data, dict) or not isinstance(data.get("full_name"), str):
        raise ValueError("not a GitHub repository (no full_name)")
    owner = data.get("owner")
    login = one_line(owner.get("login"), 100) if isinstance(owner, dict) else None
    created = str(data.get("created_at") or "")
    year = int(created[:4]) if re.match(r"^\d{4}-", created) else None
    full_name = one_line(data["full_name"], 200) or ""
    name = one_line(data.get("name"), 100) or full_name.rsplit("/", 1)[-1]
    return Repo(full_name, name, login, one_line(data.get("description")), year, data.get("archived") is True)
