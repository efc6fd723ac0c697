"""What a link check finds: a state, the HTTP code, the redirect chain, and the stored health record."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict

PERMANENT = frozenset({301, 308})


class LinkState(StrEnum):
    """The verdict on one link."""

    OK = "ok"
    REDIRECTED = "redirected"
    BROKEN = "broken"
    TIMEOUT = "timeout"
    BLOCKED = "blocked"
    ERROR = "error"
    SKIPPED = "skipped"


#: States that are settled for a while; every other state is re-checked on the next run.
CACHEABLE = frozenset({LinkState.OK, LinkState.REDIRECTED, LinkState.SKIPPED})


@dataclass(frozen=True)
class Hop:
    """One redirect: the URL that answered and its 3xx code."""

    url: str
    code: int


@dataclass(frozen=True)
class CheckResult:
    """The outcome of checking one link."""

    url: str
    state: LinkState
    code: int | None = None
    final_url: str | None = None
    redirects: tuple[Hop, ...] = ()
    elapsed_ms: int = 0
    checked_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC).replace(microsecond=0))
    archive_url: str | None = None
    detail: str = ""
    """Why, in a few words (shown in text and Markdown reports)."""

    @property
    def moved_to(self) -> str | None:
        """Return where the link has permanently moved: the end of the leading permanent redirects."""
        hops = list(self.redirects)
        target: str | None = None
        for index, hop in enumerate(hops):
            if hop.code not in PERMANENT:
                break
            target = hops[index + 1].url if index + 1 < len(hops) else self.final_url
        return target

    def with_archive(self, archive_url: str | None) -> CheckResult:
        """Return a copy with the archived copy's URL."""
        return replace(self, archive_url=archive_url)

    def to_json(self) -> dict[str, Any]:
        """Return the result in the JSON report's shape."""
        return {
            "url": self.url,
            "state": self.state.value,
            "code": self.code,
            "final_url": self.final_url,
            "redirects": [{"url": hop.url, "code": hop.code} for hop in self.redirects],
            "elapsed_ms": self.elapsed_ms,
            "checked_at": format_time(self.checked_at),
            "archive_url": self.archive_url,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CheckResult:
        """Rebuild a result from its JSON form (as the cache stores it)."""
        return cls(
            url=str(data["url"]), state=LinkState(data["state"]), code=data.get("code"),
            final_url=data.get("final_url"),
            redirects=tuple(Hop(str(h["url"]), int(h["code"])) for h in data.get("redirects", [])),
            elapsed_ms=int(data.get("elapsed_ms", 0)), checked_at=parse_time(str(data["checked_at"])),
            archive_url=data.get("archive_url"), detail=str(data.get("detail", "")),
        )


def format_time(moment: dt.datetime) -> str:
    """Write a moment as UTC ISO 8601 to the second, e.g. 2026-11-24T08:30:00Z."""
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def parse_time(text: str) -> dt.datetime:
    """Read a moment written by format_time (or any ISO 8601 form with a zone)."""
    moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


class HealthRecord(BaseModel):
    """One link's last recorded check, as data/health.yaml stores it for the site."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True, frozen=True)

    url: str
    """The link exactly as the entry gives it."""
    state: LinkState
    """ok, redirected, broken, timeout, blocked, error or skipped."""
    code: int | None = None
    """The last HTTP status code, if there was an answer."""
    final_url: str | None = None
    """Where the redirects ended, if anywhere else."""
    checked_at: dt.datetime
    """When the link was checked (UTC)."""
    archive_url: str | None = None
    """An archived copy (Wayback Machine) for a broken link."""

    @classmethod
    def from_result(cls, result: CheckResult) -> HealthRecord:
        """Record a check result."""
        final = result.final_url if result.final_url != result.url else None
        return cls(url=result.url, state=result.state, code=result.code, final_url=final,
                   checked_at=result.checked_at.replace(microsecond=0), archive_url=result.archive_url)
