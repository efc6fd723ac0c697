"""`[title](url), by Jane Doe.`: the author after a title link survives a closing full stop."""

from __future__ import annotations

import pytest

from llmreads.importer.markdown import parse_list


@pytest.mark.parametrize("line", ["- [Async book](https://example.org/a), by Jane Doe.",
                                  "- [Async book](https://example.org/a), by Jane Doe",
                                  "- [Async book](https://example.org/a) by Jane Doe.",
                                  "- [Async book](https://example.org/a), by Jane Doe. A gentle start, in prose."])
def test_author_after_the_link(line: str) -> None:
    (link,) = parse_list(f"# L\n\n## Basics\n\n{line}\n", "l.md").links
    assert link.title == "Async book"
    assert link.authors == ["Jane Doe"]


def test_two_authors_and_a_full_stop() -> None:
    (link,) = parse_list("- [Async book](https://example.org/a), by Jane Doe and John Roe.\n", "l.md").links
    assert link.authors == ["Jane Doe", "John Roe"]
