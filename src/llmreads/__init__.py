"""llmreads: keep a reading list as YAML data and publish it as a static site."""

from __future__ import annotations

__version__ = "0.1.0"
