"""BibTeX records of entries, with stable, unique citation keys (the Cite block of pages and the export)."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

from llmreads.clean import printable
from llmreads.model import Entry, Kind
from llmreads.urls import arxiv_id

_LATEX = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
    "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}
_LATEX_RE = re.compile("|".join(re.escape(c) for c in _LATEX))
#: Words that mark a name as an organisation's, which BibTeX must not split into first and last names.
_ORGANISATION_WORDS = frozenset({
    "ai", "academy", "association", "blog", "center", "centre", "college", "community", "company", "corp",
    "corporation", "foundation", "gmbh", "group", "inc", "institute", "lab", "labs", "llc", "ltd", "news",
    "press", "project", "research", "school", "society", "team", "university",
})
_STOP = frozenset({"a", "an", "the", "on", "of", "in", "is", "and", "for", "to", "how", "what", "why"})


def latex_escape(text: str) -> str:
    """Escape the characters LaTeX treats specially (control characters are dropped, whitespace collapsed)."""
    return _LATEX_RE.sub(lambda m: _LATEX[m.group(0)], " ".join(printable(text).split()))


def _ascii_word(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower())


def base_key(entry: Entry) -> str:
    """Author surname (or 'anon'), year and the first significant title word: e.g. vaswani2017attention."""
    return _base_key(entry.authors[0] if entry.authors else None, entry.year, entry.title)


@functools.lru_cache(maxsize=1 << 17)  # every build keys every entry; while serving most are unchanged
def _base_key(author: str | None, year: int | None, title: str) -> str:
    surname = _ascii_word(author.split()[-1]) if author else ""
    words = [_ascii_word(w) for w in title.split()]
    word = next((w for w in words if w and w not in _STOP), "")
    return f"{surname or 'anon'}{year or ''}{word}"


def citation_keys(entries: Iterable[Entry]) -> dict[str, str]:
    """Map entry id → a unique key; clashes get a, b, c... in id order, so keys are stable."""
    by_base: dict[str, list[str]] = {}
    for entry in sorted(entries, key=lambda e: e.id):
        by_base.setdefault(base_key(entry), []).append(entry.id)
    keys: dict[str, str] = {}
    for base, ids in by_base.items():
        for n, entry_id in enumerate(ids):
            keys[entry_id] = base if len(ids) == 1 else f"{base}{_suffix(n)}"
    return keys


def _suffix(n: int) -> str:
    letters = ""
    n += 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(ord("a") + rem) + letters
    return letters


def is_organisation(name: str) -> bool:
    """Whether an author name is an organisation's: one word ("OpenAI"), two names joined by "and" or "&",
    a word such as Labs, Team or University, a digit, '@' or a comma, or no capital at the start."""
    words = re.findall(r"[\w.&@,]+", name.lower())
    return (len(words) < 2 or not name.strip()[0].isupper() or any(c in name for c in "@&,0123456789")
            or "and" in words or bool(_ORGANISATION_WORDS & {w.strip(".,") for w in words}))


def _author(name: str) -> str:
    """A person as `First Last`; 'et al.' as BibTeX's `others`; an organisation braced whole."""
    name = " ".join(printable(name).split())
    if name.lower().rstrip(".") in ("et al", "others"):
        return "others"
    if not name or is_organisation(name):
        return "{" + latex_escape(name) + "}"
    return latex_escape(name)


def record(entry: Entry, key: str) -> str:
    """Render one entry as a BibTeX record."""
    arxiv = arxiv_id(entry.url)
    # The catalogue records no journal or publisher, which @article and @book require: papers and
    # books are @misc (arXiv ones with eprint), everything read on the web is @online.
    kind = "misc" if arxiv or entry.kind in (Kind.PAPER, Kind.BOOK) else "online"
    fields: list[tuple[str, str]] = [("title", "{" + latex_escape(entry.title) + "}")]
    if entry.authors:
        fields.append(("author", " and ".join(_author(a) for a in entry.authors)))
    if entry.year:
        fields.append(("year", str(entry.year)))
    if arxiv:
        fields += [("eprint", arxiv), ("archivePrefix", "arXiv")]
    url = printable(entry.url).replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")
    fields.append(("url", url))
    if kind in ("misc", "online"):
        fields.append(("howpublished", r"\url{" + url + "}"))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{{key},\n{body}\n}}\n"
