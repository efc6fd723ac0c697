"""Site search: the Pagefind index of a built site, written beside it as pagefind/.

Pagefind splits the index into chunks, so a query downloads only the fragments it needs however
large the catalogue grows. Which pages it indexes, and with which filters, the pages say themselves
(`data-pagefind-body` on entry pages and hand-written pages; see pages.entries.search_facets).

Pagefind reads only those pages (`--glob`): it keeps every page it reads, indexed or not, in memory
until it has written the bundle, and topic, tag and list pages hold most of a large site's words.
Within a page it skips the parts that would put the same words in every entry's index (field labels,
the arXiv links, the date added), since its memory grows with the words each page adds.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

#: Parts of an entry page that would only repeat other works' words or its own title (the "Read:" button,
#: the reading path's neighbours, the related entries, the BibTeX record), words every entry page has
#: (the record's field labels, its arXiv links and date added, the "Recommended by" heading), and
#: permalink signs.
EXCLUDED = (".headerlink", ".lr-entry__go", ".lr-pathnav", ".lr-record dt", ".lr-record__aside",
            "#recommended-by", "#related", ".lr-related", "#cite", ".lr-cite")
#: The pages that carry `data-pagefind-body` besides hand-written ones: the entry pages (sitepaths.entry).
ENTRY_PAGES = "entries/*/index.html"
#: Where the index and Pagefind's scripts go, relative to the site root (assets/search.js loads them).
BUNDLE = "pagefind"


class SearchIndexError(Exception):
    """Pagefind could not index the site."""


def index_site(site_dir: Path, pages: Iterable[str] = ()) -> None:
    """Index the searchable pages under site_dir and write the bundle to site_dir/pagefind/.

    `pages`: the site-relative paths of the hand-written pages (besides the entry pages).
    """
    Indexing(site_dir, pages).wait()


def searchable(pages: Iterable[str]) -> str:
    """A Pagefind glob (wax syntax) for the entry pages and the given pages."""
    return "{" + ",".join([ENTRY_PAGES, *sorted({_literal(p) for p in pages})]) + "}"


def _literal(path: str) -> str:
    """A path as a glob matching only itself."""
    return re.sub(r"([\\?*$:<>()\[\]{},!])", r"\\\1", path)


class Indexing:
    """A Pagefind run over a built site, in a child process (`mkdocs serve --dirty` lets it run on)."""

    def __init__(self, site_dir: Path, pages: Iterable[str] = ()) -> None:
        self.site_dir = site_dir
        # Pagefind adds to an existing bundle without deleting what the pages no longer need; a dirty
        # build keeps site_dir, so start from an empty bundle.
        shutil.rmtree(site_dir / BUNDLE, ignore_errors=True)
        command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", BUNDLE,
                   "--glob", searchable(pages), "--exclude-selectors", ", ".join(EXCLUDED), "--silent"]
        try:
            self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        except OSError as exc:
            raise SearchIndexError(f"cannot run Pagefind: {exc}") from None

    def wait(self) -> None:
        """Wait for the run to end; raise SearchIndexError naming why if it failed."""
        stdout, stderr = self.process.communicate()
        if self.process.returncode != 0:
            detail = (stderr or stdout).strip().splitlines()
            reason = detail[-1] if detail else f"exit status {self.process.returncode}"
            if "No module named pagefind" in (stderr or ""):
                reason = "the pagefind package is not installed (pip install 'pagefind[bin]')"
            raise SearchIndexError(f"search index of {self.site_dir} not written: {reason}")

    def stop(self) -> None:
        """End the run if it is still going (its bundle is then incomplete until the next run)."""
        if self.process.poll() is None:
            self.process.terminate()
        self.process.communicate()
