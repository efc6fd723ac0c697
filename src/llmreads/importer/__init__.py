"""Markdown reading lists → entries in data/, merged idempotently with what is there."""

from __future__ import annotations

from llmreads.importer.merge import ImportReport, import_lists

__all__ = ["ImportReport", "import_lists"]
