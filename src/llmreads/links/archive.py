"""Find an archived copy of a broken link through the Wayback Machine's availability API."""

from __future__ import annotations

import json

from llmreads.links.checker import Answer, Budget, Engine
from llmreads.urls import is_http_url

#: An archive look-up is a courtesy: it gets less time than a link check.
LOOKUP_SECONDS = 10.0


async def find_archive(engine: Engine, url: str) -> str | None:
    """Return the URL of the closest archived copy of `url`, or None if there is none or the service fails."""
    endpoint = engine.settings.endpoints.wayback
    budget = Budget(min(LOOKUP_SECONDS, engine.settings.timeout))
    outcome = await engine.fetch(endpoint, params={"url": url}, body=True, budget=budget)
    if not isinstance(outcome, Answer) or outcome.code != 200:
        return None
    return closest_snapshot(outcome.body)


def closest_snapshot(body: bytes) -> str | None:
    """Read the closest available snapshot's URL from an availability API answer."""
    try:
        data = json.loads(body)
        closest = data["archived_snapshots"]["closest"]
    except (ValueError, KeyError, TypeError):
        return None
    if not isinstance(closest, dict) or not closest.get("available"):
        return None
    found = str(closest.get("url", ""))
    if found.startswith("http://web.archive.org/"):
        found = "https://" + found.removeprefix("http://")
    return found if is_http_url(found) else None
