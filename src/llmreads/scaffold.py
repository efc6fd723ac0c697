"""`llmreads new`: a working reading-list project, made from the templates shipped in the package.

Every file under templates/project/ is copied with `${title}`, `${description}`, `${today}` and
`${version}` (and their `_yaml` / `_md` forms) filled in; `gitignore` and `github/` get their dots.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from pathlib import Path
from string import Template
from typing import Any

from llmreads import __version__
from llmreads.errors import LlmreadsError
from llmreads.siteinfo import parse_mkdocs_yml

TEMPLATES = Path(__file__).resolve().parent / "templates" / "project"
#: Template names that are written under another name (a dotfile in a wheel is easily lost).
RENAMED = {"gitignore": ".gitignore", "github": ".github"}
DEFAULT_TITLE = "Reading list"
DEFAULT_DESCRIPTION = "A curated reading list, with a note on why each work is worth reading."


def _values(title: str, description: str, today: dt.date) -> dict[str, str]:
    return {"title": title, "title_yaml": json.dumps(title, ensure_ascii=False),
            "description": description, "description_yaml": json.dumps(description, ensure_ascii=False),
            "description_md": description, "today": today.isoformat(), "version": __version__}


def _render(path: Path, values: dict[str, str]) -> str:
    # safe_substitute: GitHub's ${{ expressions }} and $SHELL_VARIABLES pass through untouched.
    return Template(path.read_text(encoding="utf-8")).safe_substitute(values)


def _target_name(relative: Path) -> Path:
    return Path(*(RENAMED.get(part, part) for part in relative.parts))


def _one_line(text: str, what: str) -> str:
    text = " ".join(text.split())
    if not text:
        raise LlmreadsError(f"{what}: must not be empty")
    return text


def template_config(title: str = DEFAULT_TITLE, description: str = DEFAULT_DESCRIPTION) -> dict[str, Any]:
    """The mkdocs.yml a new project gets, as data (what `build --out` falls back to without one)."""
    path = TEMPLATES / "mkdocs.yml"
    return parse_mkdocs_yml(_render(path, _values(title, description, dt.date(2000, 1, 1))), str(path))


def create_project(target: Path, *, today: dt.date, title: str = DEFAULT_TITLE,
                   description: str = DEFAULT_DESCRIPTION, github: bool = False) -> list[Path]:
    """Write a new project into `target` (missing or empty); return the files written, relative to it.

    Everything is written to a temporary folder beside `target` first, so a failure leaves nothing.
    """
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise LlmreadsError(f"{target}: exists and is not empty; choose a new or empty folder")
    values = _values(_one_line(title, "--title"), _one_line(description, "--description"), today)
    from llmreads.exports.json import schema_json

    files = {_target_name(p.relative_to(TEMPLATES)): _render(p, values)
             for p in sorted(TEMPLATES.rglob("*")) if p.is_file() and "__pycache__" not in p.parts}
    files = {name: text for name, text in files.items() if github or name.parts[0] != ".github"}
    files[Path("schema/entries.schema.json")] = schema_json()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    except OSError as exc:
        raise LlmreadsError(f"{target}: cannot create: {exc.strerror or exc}") from None
    try:
        for name, text in files.items():
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            (staging / name).write_text(text, encoding="utf-8")
        if target.exists():
            target.rmdir()
        staging.rename(target)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise LlmreadsError(f"{target}: cannot write: {exc.strerror or exc}") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return sorted(files)
