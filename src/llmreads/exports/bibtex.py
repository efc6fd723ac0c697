"""The catalogue as BibTeX: one record per entry, with stable, unique keys (records made by llmreads.bibtex)."""

from __future__ import annotations

from llmreads.bibtex import citation_keys, is_organisation, record
from llmreads.model import Entry

__all__ = ["citation_keys", "is_organisation", "to_bibtex"]


def to_bibtex(entries: list[Entry], keys: dict[str, str] | None = None) -> str:
    """Render entries in catalogue order; pass the whole catalogue's keys so a subset keeps them."""
    keys = keys or citation_keys(entries)
    return "\n".join(record(e, keys[e.id]) for e in entries)
