"""Render a link check's results as JSON, Markdown or plain text."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence

from llmreads.links.model import CheckResult, LinkState

FORMATS = ("text", "json", "markdown")


def summary(results: Sequence[CheckResult]) -> dict[str, int]:
    """Count results per state (every state, zeros included, in a fixed order)."""
    counts = Counter(result.state for result in results)
    return {state.value: counts.get(state, 0) for state in LinkState}


def render(results: Sequence[CheckResult], fmt: str) -> str:
    """Render the results in one of FORMATS."""
    return {"json": to_json, "markdown": to_markdown, "text": to_text}[fmt](results)


def to_json(results: Sequence[CheckResult]) -> str:
    """Return {"results": [...], "summary": {state: count}}."""
    document = {"results": [result.to_json() for result in results], "summary": summary(results)}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _counts(results: Sequence[CheckResult]) -> str:
    return ", ".join(f"{count} {state}" for state, count in summary(results).items() if count)


def _needs_attention(results: Sequence[CheckResult]) -> list[CheckResult]:
    return [r for r in results if r.state not in (LinkState.OK, LinkState.SKIPPED)]


def to_text(results: Sequence[CheckResult]) -> str:
    """Return one line per link that is not ok, then a summary line."""
    lines = []
    for result in _needs_attention(results):
        line = f"{result.state.value:<10} {result.url}"
        if result.state is LinkState.REDIRECTED and result.moved_to:
            line += f" -> {result.moved_to}"
        if result.detail:
            line += f"  ({result.detail})"
        if result.archive_url:
            line += f"  archived: {result.archive_url}"
        lines.append(line)
    lines.append(f"{len(results)} links: {_counts(results) or 'none'}")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(results: Sequence[CheckResult]) -> str:
    """Return a Markdown summary and a table of every link that is not ok."""
    lines = ["# Link check", "", f"{len(results)} links: {_counts(results) or 'none'}.", ""]
    attention = _needs_attention(results)
    if attention:
        lines += ["| State | Link | Code | Details |", "| --- | --- | --- | --- |"]
        for result in attention:
            details = result.detail
            if result.state is LinkState.REDIRECTED and result.moved_to:
                details = f"now at <{result.moved_to}>"
            if result.archive_url:
                details += f"; [archived copy](<{result.archive_url}>)"
            code = "" if result.code is None else str(result.code)
            lines.append(f"| {result.state.value} | <{_cell(result.url)}> | {code} | {_cell(details)} |")
    else:
        lines.append("Every link is ok.")
    return "\n".join(lines) + "\n"
