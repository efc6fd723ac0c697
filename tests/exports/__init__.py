"""Tests of the exports (a package, so its module names do not clash with tests elsewhere)."""
