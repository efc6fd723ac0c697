"""Site search: the Pagefind index of a built site, written beside it as pagefind/.

Pagefind splits the index into chunks, so a query downloads only the fragments it needs however
large the catalogue grows. Which pages it indexes, and with which filters, the pages say themselves
(`data-pagefind-body` on entry pages and hand-written pages; see pages.entries.search_facets).

Pagefind reads only those pages (`--glob`): it keeps every page it reads, indexed or not, in memory
until it has written the bundle, and topic, tag and list pages hold most of a large site's words.
Within a page it skips the parts that would put the same words in every entry's index (field labels,
the arXiv links, the date added), since its memory grows with the words each page adds.

Its memory grows with the pages one run indexes (about 50 KB an entry page), so a large site is
indexed in parts: one run after another, each over at most `shard_size` entry pages (chosen by
their names' leading letters, as a glob), the first (with the hand-written pages) into pagefind/,
the others into pagefind/part-N/, listed in pagefind/parts.json; the site's search
(assets/search.js) loads the first and merges the others (Pagefind's `mergeIndex`), so results,
filters and excerpts come from all of them. Each part adds a few index chunks to a query, so a
site indexes in one run while it can.
"""

from __future__ import annotations

import itertools
import json
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

#: Parts of an entry page that would only repeat other works' words or its own title (the "Read:" button,
#: the reading path's neighbours, the related entries, the BibTeX record), words every entry page has
#: (the record's field labels, its arXiv links and date added, the "Recommended by" heading), and
#: permalink signs.
EXCLUDED = (".headerlink", ".lr-entry__go", ".lr-pathnav", ".lr-record dt", ".lr-record__aside",
            "#recommended-by", "#related", ".lr-related", "#cite", ".lr-cite")
#: The folder of the entry pages (sitepaths.entry): entries/<id>/index.html carry `data-pagefind-body`.
ENTRY_DIR = "entries"
#: The pages that carry `data-pagefind-body` besides hand-written ones.
ENTRY_PAGES = f"{ENTRY_DIR}/*/index.html"
#: Where the index and Pagefind's scripts go, relative to the site root (assets/search.js loads them).
BUNDLE = "pagefind"
#: The list of the other parts' folders, relative to the bundle (assets/search.js merges them).
PARTS = "parts.json"
#: The most entry pages one Pagefind run indexes by default: about 350 MB of its memory.
SHARD_SIZE = 7000


class SearchIndexError(Exception):
    """Pagefind could not index the site."""


def index_site(site_dir: Path, pages: Iterable[str] = (), shard_size: int = SHARD_SIZE) -> None:
    """Index the searchable pages under site_dir and write the bundle to site_dir/pagefind/.

    `pages`: the site-relative paths of the hand-written pages (besides the entry pages).
    """
    Indexing(site_dir, pages, shard_size).wait()


def searchable(pages: Iterable[str]) -> str:
    """A Pagefind glob (wax syntax) for the entry pages and the given pages."""
    return _any([ENTRY_PAGES, *sorted({_literal(p) for p in pages})])


def shards(names: Sequence[str], size: int) -> list[list[str]]:
    """Globs of the entry pages (by entry folder name) each Pagefind run indexes, none more than `size`.

    As few runs as that allows (ceil(pages / size)), evenly filled (give or take an eighth of one);
    one run takes `entries/*`.
    """
    ordered = sorted(names)
    runs = max(1, -(-len(ordered) // max(1, size)))
    target = -(-len(ordered) // runs)
    most = target if runs == 1 else max(1, target // 8)
    while True:
        found = _fill(ordered, size, target, most)
        # Groups of up to `most` pages may not pack into `runs` runs of `size` (20,000 pages at 10,000
        # left a tiny third run, and each run adds index chunks to every query): finer groups, then.
        if len(found) <= runs or most == 1:
            return found
        most = max(1, most // 2)


def _fill(ordered: list[str], size: int, target: int, most: int) -> list[list[str]]:
    """Runs of globs over groups of at most `most` pages, each run ending at `target` pages or before `size`."""
    found: list[list[str]] = [[]]
    count = 0
    for glob, n in _groups(ordered, "", most):
        if found[-1] and (count >= target or count + n > size):
            found.append([])
            count = 0
        found[-1].append(glob)
        count += n
    return found


def _groups(names: list[str], prefix: str, most: int) -> Iterator[tuple[str, int]]:
    """Globs matching the sorted `names` (all starting with `prefix`) in order, each at most `most` of them."""
    if len(names) <= most:
        yield f"{ENTRY_DIR}/{_literal(prefix)}*/index.html", len(names)
        return
    if names[0] == prefix:
        yield f"{ENTRY_DIR}/{_literal(prefix)}/index.html", 1
        names = names[1:]
    for letter, group in itertools.groupby(names, key=lambda name: name[len(prefix)]):
        yield from _groups(list(group), prefix + letter, most)


def _any(globs: Sequence[str]) -> str:
    return globs[0] if len(globs) == 1 else "{" + ",".join(globs) + "}"


def _literal(path: str) -> str:
    """A path as a glob matching only itself."""
    return re.sub(r"([\\?*$:<>()\[\]{},!])", r"\\\1", path)


class Indexing:
    """Pagefind runs over a built site, one after another in child processes, from a thread
    (`mkdocs serve --dirty` lets them run on)."""

    def __init__(self, site_dir: Path, pages: Iterable[str] = (), shard_size: int = SHARD_SIZE) -> None:
        self.site_dir = site_dir
        # Pagefind adds to an existing bundle without deleting what the pages no longer need; a dirty
        # build keeps site_dir, so start from an empty bundle.
        shutil.rmtree(site_dir / BUNDLE, ignore_errors=True)
        names = [page.parent.name for page in (site_dir / ENTRY_DIR).glob("*/index.html")]
        globs = shards(names, shard_size)
        globs[0] += sorted({_literal(p) for p in pages})
        self.parts = [f"part-{n}/" for n in range(1, len(globs))]
        self.commands = [_command(site_dir, f"{BUNDLE}/{part}".rstrip("/"), part_globs)
                         for part, part_globs in zip(["", *self.parts], globs, strict=True)]
        self.failure: str | None = None
        self.stopped = False
        self.process: subprocess.Popen[str] | None = None
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self._run, name="pagefind", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        for command in self.commands:
            with self.lock:
                if self.stopped:
                    return
                try:
                    self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                                    text=True)
                except OSError as exc:
                    self.failure = f"cannot run Pagefind: {exc}"
                    return
            stdout, stderr = self.process.communicate()
            if self.process.returncode != 0:
                self.failure = _reason(self.process.returncode, stdout, stderr)
                return
        (self.site_dir / BUNDLE / PARTS).write_text(json.dumps(self.parts), encoding="utf-8")

    def running(self) -> bool:
        """Whether Pagefind is still indexing."""
        return self.thread.is_alive()

    def wait(self) -> None:
        """Wait for the runs to end; raise SearchIndexError naming why if one failed."""
        self.thread.join()
        if self.failure is not None and not self.stopped:
            raise SearchIndexError(self.failure if self.failure.startswith("cannot run") else
                                   f"search index of {self.site_dir} not written: {self.failure}")

    def stop(self) -> None:
        """End the runs if they are still going (the bundle is then incomplete until the next indexing)."""
        with self.lock:
            self.stopped = True
            if self.process is not None and self.process.poll() is None:
                self.process.terminate()
        self.thread.join()


def _command(site_dir: Path, output: str, globs: Sequence[str]) -> list[str]:
    return [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", output,
            "--glob", _any(globs), "--exclude-selectors", ", ".join(EXCLUDED), "--silent"]


def _reason(status: int, stdout: str, stderr: str) -> str:
    """Why a Pagefind run failed, in one line."""
    if "No module named pagefind" in stderr:
        return "the pagefind package is not installed (pip install 'pagefind[bin]')"
    detail = (stderr or stdout).strip().splitlines()
    return detail[-1] if detail else f"exit status {status}"
