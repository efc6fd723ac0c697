"""Exports of the catalogue: JSON (with its schema), BibTeX, Atom, awesome-style Markdown."""
