"""The catalogue as one JSON document, and the JSON Schema of an entries file."""

from __future__ import annotations

import json
from typing import Any

from pydantic import TypeAdapter

from llmreads.catalog import Catalog
from llmreads.exports.clean import printable_tree
from llmreads.model import Entry
from llmreads.siteinfo import SiteInfo

FORMAT_VERSION = 1
SCHEMA_ID = "https://llmreads.example/schema/entries.json"


def catalog_document(catalog: Catalog, info: SiteInfo | None = None,
                     entries: list[Entry] | None = None) -> dict[str, Any]:
    """Return the export document: version, the list's name and description, topics, sources and entries.

    `entries` (default: all) narrows the document to part of the catalogue, e.g. one topic's.
    """
    info = info or SiteInfo()
    return printable_tree({
        "version": FORMAT_VERSION,
        "title": info.name,
        "description": info.description,
        "topics": [{"id": t.id, "title": t.title, "description": t.description} for t in catalog.topics],
        "sources": [s.model_dump(mode="json", exclude={"skip"}) for s in catalog.sources],
        "entries": [e.model_dump(mode="json") for e in (catalog.entries if entries is None else entries)],
    })


def to_json(catalog: Catalog, info: SiteInfo | None = None, entries: list[Entry] | None = None) -> str:
    """Serialise the export document with stable formatting."""
    return json.dumps(catalog_document(catalog, info, entries), ensure_ascii=False, indent=2) + "\n"


def entry_json(entry: Entry) -> str:
    """One entry as it stands in `to_json`'s document (indented for its place in the entries list)."""
    text = json.dumps(printable_tree(entry.model_dump(mode="json")), ensure_ascii=False, indent=2)
    return "\n".join("    " + line for line in text.splitlines())


def to_json_of(catalog: Catalog, info: SiteInfo | None, entry_texts: list[str]) -> str:
    """`to_json` of the whole catalogue, from each entry's `entry_json` (kept between builds while serving)."""
    head = to_json(catalog, info, [])
    if not entry_texts:
        return head
    body, tail = head.rsplit('"entries": []', 1)
    return body + '"entries": [\n' + ",\n".join(entry_texts) + "\n  ]" + tail


def entries_schema() -> dict[str, Any]:
    """Return the JSON Schema of an entries file (a list of entries), generated from the model."""
    schema = TypeAdapter(list[Entry]).json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "llmreads entries file",
        "description": "A YAML file under data/entries/: a list of reading-list entries.",
        **schema,
    }


def schema_json() -> str:
    """Serialise the entries schema."""
    return json.dumps(entries_schema(), indent=2) + "\n"
