"""llmreads: a curated LLM reading list kept as YAML and published as a static site."""

from __future__ import annotations

__version__ = "0.1.0"
