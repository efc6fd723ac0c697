"""The site's own words: its name, description, author, URL and home-page texts, as mkdocs.yml sets them.

Nothing llmreads prints about a reading list (home page, feeds, exports) is written into the code:
it comes from here. The plugin fills a SiteInfo from MkDocs' config; commands run without MkDocs
read ./mkdocs.yml with `read_mkdocs_yml`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from llmreads.errors import LlmreadsError

#: What a site without a name in mkdocs.yml is called.
DEFAULT_NAME = "Reading list"


@dataclass(frozen=True)
class SiteInfo:
    """The texts that describe the whole reading list."""

    name: str = DEFAULT_NAME
    """mkdocs.yml `site_name`: the feed titles, the Markdown export's heading, the home heading by default."""
    description: str = ""
    """mkdocs.yml `site_description`: meta description of the home page, lead of the exports."""
    author: str = ""
    """mkdocs.yml `site_author`: the feeds' author (else the site name)."""
    url: str = ""
    """mkdocs.yml `site_url`: base of absolute links (feeds); empty when unknown."""
    home_title: str = ""
    """Plugin option `home_title`: the home page's heading, when it should differ from the site name."""
    home_intro: str = ""
    """Plugin option `home_intro`: the home page's lead; {entries}, {topics} and {sources} become counts."""

    @property
    def feed_author(self) -> str:
        return self.author or self.name


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """MkDocs' `!ENV NAME` or `!ENV [NAME, ..., default]`: the first variable set, else the default."""
    if isinstance(node, yaml.ScalarNode):
        return os.environ.get(str(loader.construct_scalar(node)))
    names = [str(v) for v in loader.construct_sequence(node)] if isinstance(node, yaml.SequenceNode) else []
    for name in names[:-1]:
        if name in os.environ:
            return os.environ[name]
    return names[-1] if names else None


def _ignored(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    """Other tags (`!relative`, `!!python/name:` of Markdown extensions) mean nothing to llmreads."""
    return None


class _Loader(yaml.SafeLoader):
    """A safe loader that reads MkDocs' tags instead of refusing the file."""


_Loader.add_constructor("!ENV", _env)
_Loader.add_multi_constructor("!", _ignored)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _ignored)


def read_mkdocs_yml(path: Path) -> dict[str, Any]:
    """Read an mkdocs.yml as plain data; {} when there is none."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise LlmreadsError(f"{path}: cannot read: {exc}") from None
    return parse_mkdocs_yml(text, str(path))


def parse_mkdocs_yml(text: str, name: str) -> dict[str, Any]:
    """Parse the text of an mkdocs.yml (`name` is where it came from, for messages)."""
    try:
        data = yaml.load(text, Loader=_Loader)  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise LlmreadsError(f"{name}{line}: not valid YAML: {getattr(exc, 'problem', None) or exc}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise LlmreadsError(f"{name}:1: expected a mapping of settings")
    return data


def plugin_options(config: dict[str, Any], name: str = "llmreads") -> dict[str, Any]:
    """The options a raw mkdocs.yml gives a plugin ({} when it lists the plugin without options)."""
    for item in config.get("plugins") or []:
        if isinstance(item, dict) and name in item:
            options = item[name]
            return options if isinstance(options, dict) else {}
    return {}


def site_info(config: dict[str, Any], options: dict[str, Any], url: str | None = None) -> SiteInfo:
    """Build a SiteInfo from mkdocs.yml settings and the llmreads plugin's options."""
    def text(value: Any) -> str:
        return " ".join(str(value).split()) if value is not None else ""

    return SiteInfo(name=text(config.get("site_name")) or DEFAULT_NAME,
                    description=text(config.get("site_description")), author=text(config.get("site_author")),
                    url=text(url if url is not None else config.get("site_url")),
                    home_title=text(options.get("home_title")), home_intro=text(options.get("home_intro")))


def load_site_info(path: Path = Path("mkdocs.yml")) -> SiteInfo:
    """The SiteInfo of the project whose mkdocs.yml is at `path` (defaults when it is absent)."""
    config = read_mkdocs_yml(path)
    return site_info(config, plugin_options(config))
