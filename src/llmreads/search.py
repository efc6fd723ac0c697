"""Site search: the Pagefind index of a built site, written beside it as pagefind/.

Pagefind splits the index into chunks, so a query downloads only the fragments it needs however
large the catalogue grows. Which pages it indexes, and with which filters, the pages say themselves
(`data-pagefind-body` on entry pages and hand-written pages; see pages.entries.search_facets).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

#: Parts of an entry page that would only repeat other works' words or its own title (the "Read:" button,
#: the related entries, the BibTeX record), and permalink signs.
EXCLUDED = (".headerlink", ".lr-entry__go", "#related", ".lr-related", "#cite", ".lr-cite")
#: Where the index and Pagefind's scripts go, relative to the site root (assets/search.js loads them).
BUNDLE = "pagefind"


class SearchIndexError(Exception):
    """Pagefind could not index the site."""


def index_site(site_dir: Path) -> None:
    """Index the HTML pages under site_dir and write the bundle to site_dir/pagefind/."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", BUNDLE,
               "--exclude-selectors", ", ".join(EXCLUDED), "--silent"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise SearchIndexError(f"cannot run Pagefind: {exc}") from None
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        reason = detail[-1] if detail else f"exit status {result.returncode}"
        if "No module named pagefind" in (result.stderr or ""):
            reason = "the pagefind package is not installed (pip install 'pagefind[bin]')"
        raise SearchIndexError(f"search index of {site_dir} not written: {reason}")
