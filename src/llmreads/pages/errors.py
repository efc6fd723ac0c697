"""The page `mkdocs serve` shows while the data is broken: every problem, as `llmreads check` prints it.

Pure: problems in, a Markdown page out. The plugin puts it at every path of the site so whatever
page a reader has open shows it, and live reload brings the site back once the data is fixed.
"""

from __future__ import annotations

from collections.abc import Sequence

from llmreads.errors import Problem
from llmreads.pages.html import Html, front_matter, html, join, page

TITLE = "Problems in the data"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def error_page(problems: Sequence[Problem], data_dir: str = "data") -> str:
    """Render the problems found in `data_dir` as a page: one escaped `file:line: field: message` line each."""
    return page([
        front_matter(title=TITLE, description=f"{_plural(len(problems), 'problem')} in {data_dir}"),
        html("# {}\n\n", TITLE),
        html('<p class="lr-lead" role="alert">The site cannot be built: {} in <code>{}</code>. Fix them and save; '
             "this page turns back into the site by itself.</p>\n\n", _plural(len(problems), "problem"), data_dir),
        html('<pre class="lr-problems"><code>{}</code></pre>\n\n', join("\n", (str(p) for p in problems))),
        Html("<p>The same lines, from a terminal: <code>llmreads check</code>.</p>\n"),
    ])
