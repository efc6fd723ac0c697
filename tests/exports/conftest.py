"""Fixtures shared by the export tests: the committed catalogue and a maker of valid entries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from conftest import DATA

from llmreads.catalog import Catalog, load_catalog
from llmreads.model import Entry

MakeEntry = Callable[..., Entry]


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    """The committed catalogue under data/."""
    return load_catalog(DATA)


@pytest.fixture
def make_entry() -> MakeEntry:
    """Build a valid entry; keyword arguments override the defaults."""

    def make(**fields: Any) -> Entry:
        values: dict[str, Any] = {
            "id": "an-entry",
            "title": "An Entry",
            "url": "https://example.com/an-entry",
            "authors": ["Ada Lovelace"],
            "year": 2023,
            "kind": "article",
            "topics": ["attention"],
            "added": dt.date(2026, 1, 1),
        }
        values.update(fields)
        return Entry.model_validate(values)

    return make
