"""The `llmreads` command: a thin click group; each command parses arguments and calls one function.

Exit codes: 0 success, 1 problems found (or a user error), 2 usage error.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from llmreads import __version__
from llmreads.clock import today
from llmreads.errors import DataError, LlmreadsError, printable

#: Commands that load the catalogue and build from it, all in one go: they run with the cyclic GC
#: paused (see llmreads.gcpause). Network commands run long and create cycles, so they keep it.
_BATCH = frozenset({"check", "export", "stats", "build", "import", "schema"})


class _Group(click.Group):
    """Print a user's mistake as one line per problem, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DataError as exc:
            for problem in exc.problems:
                click.echo(str(problem), err=True)
            ctx.exit(exc.exit_code)
        except LlmreadsError as exc:
            click.echo(f"error: {printable(str(exc))}", err=True)
            ctx.exit(exc.exit_code)


def _write(text: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(text)
        return
    from llmreads.files import describe
    from llmreads.transaction import atomic_write

    try:
        atomic_write(out, text)
    except OSError as exc:
        raise LlmreadsError(f"{out}: {describe(exc, 'written')}") from None


class _Finite(click.FloatRange):
    """A number of seconds: a float in range that is neither NaN nor infinite."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number", param, ctx)
        return number


class _HttpUrl(click.ParamType[str, Any]):
    """An absolute http(s) URL with a valid host and port."""

    name = "url"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from llmreads.urls import is_http_url

        if not isinstance(value, str) or not is_http_url(value):
            self.fail(f"{value!r} is not an http(s) URL (with a valid host and port)", param, ctx)
        return value


SECONDS = _Finite(min=0, min_open=True)
SECONDS_OR_NONE = _Finite(min=0)
URL = _HttpUrl()


def _data(ctx: click.Context) -> Path:
    return Path(ctx.obj["data"])


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--data", "data", default="data", envvar="LLMREADS_DATA", show_default=True,
              type=click.Path(file_okay=False, path_type=str), help="The data folder (or set LLMREADS_DATA).")
@click.version_option(__version__, prog_name="llmreads")
@click.pass_context
def cli(ctx: click.Context, data: str) -> None:
    """Keep a reading list as YAML data and publish it as a fast, searchable static site."""
    ctx.ensure_object(dict)
    ctx.obj["data"] = data
    if ctx.invoked_subcommand in _BATCH:
        from llmreads.gcpause import collector_paused

        ctx.with_resource(collector_paused())


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["text", "github"]), default="text", show_default=True,
              help="github: also print workflow commands so problems show as annotations on the changed lines.")
@click.pass_context
def check(ctx: click.Context, fmt: str) -> None:
    """Validate everything under the data folder; one line per problem (possible duplicates are warnings)."""
    from llmreads.annotations import workflow_command
    from llmreads.catalog import read_catalog
    from llmreads.duplicates import possible_duplicates
    from llmreads.errors import DataError
    from llmreads.links.store import load_health

    catalog, problems = read_catalog(_data(ctx))
    try:
        load_health(_data(ctx))
    except DataError as exc:
        problems = sorted([*problems, *exc.problems])
    warnings = possible_duplicates(catalog)
    for w in warnings:
        click.echo(f"{w.file}:{w.line}: warning: {w.field}: {w.message}", err=True)
    if fmt == "github":
        for level, found in (("error", problems), ("warning", warnings)):
            for p in found:
                click.echo(workflow_command(level, p, "llmreads check"))
    if problems:
        raise DataError(problems)
    from llmreads.pages.words import count

    click.echo(f"ok: {count(len(catalog.entries), 'entry')}, {count(len(catalog.topics), 'topic')}, "
               f"{count(len(catalog.sources), 'source')}"
               + (f", {count(len(warnings), 'warning')}" if warnings else ""), err=True)


@cli.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--source", "source_id", help="Id for the list (only with one FILE); default: from its title.")
@click.option("--title", help="Title for a new list (only with one FILE); default: its front matter or first heading.")
@click.option("--origin", help="Where the list is published, e.g. its URL (only with one FILE); "
              "default: its path relative to the project.")
@click.option("--dry-run", is_flag=True, help="Report what would change; write nothing.")
@click.option("-v", "--verbose", is_flag=True, help="List every new and merged entry.")
@click.pass_context
def import_(ctx: click.Context, files: tuple[Path, ...], source_id: str | None, title: str | None,
            origin: str | None, dry_run: bool, verbose: bool) -> None:
    """Import Markdown reading lists into the data folder, merging works already there."""
    from llmreads.importer import import_lists
    from llmreads.pages.words import count

    if (source_id or title or origin) and len(files) > 1:
        raise click.UsageError("--source, --title and --origin name one list: give a single FILE")
    reports, changed = import_lists(list(files), _data(ctx), today=today(), source_id=source_id,
                                    title=title, dry_run=dry_run, origin=origin)
    for report in reports:
        click.echo(f"{report.source}: {len(report.new)} new, {len(report.merged)} merged, "
                   f"{len(report.unchanged)} unchanged, {len(report.skipped)} skipped")
        details = [(f"  new     {i}", True) for i in report.new] + [(f"  merged  {i}", True) for i in report.merged]
        for line, _ in details if verbose else []:
            click.echo(line)
        for url, reason in report.skipped:
            click.echo(f"  skipped {url} ({reason})")
        if report.needs_title:
            n = len(report.needs_title)
            click.echo(f"  {count(n, 'entry')} {'has' if n == 1 else 'have'} a stand-in title and the tag "
                       "'needs-title': give them their real titles")
    verb = "would change" if dry_run else "changed"
    click.echo(f"{verb}: " + (", ".join(str(p) for p in changed) if changed else "nothing"))


@cli.command()
@click.argument("fmt", metavar="FORMAT", type=click.Choice(["json", "bibtex", "atom", "markdown"]))
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE instead of stdout.")
@click.option("--topic", help="Only the entries of this topic.")
@click.option("--site-url", envvar="SITE_URL",
              help="Base URL for the Atom feed's absolute links [default: site_url of ./mkdocs.yml].")
@click.pass_context
def export(ctx: click.Context, fmt: str, out: Path | None, topic: str | None, site_url: str | None) -> None:
    """Export the reading list: json, bibtex, atom (newest entries) or markdown (an awesome-style list).

    Its name and description come from ./mkdocs.yml (site_name, site_description, site_author).
    """
    from llmreads.catalog import load_catalog
    from llmreads.exports import render
    from llmreads.siteinfo import load_site_info

    _write(render(load_catalog(_data(ctx)), fmt, topic=topic, site_url=site_url, info=load_site_info()), out)


@cli.command()
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE instead of stdout.")
def schema(out: Path | None) -> None:
    """Print the JSON Schema of an entries file."""
    from llmreads.exports.json import schema_json

    _write(schema_json(), out)


@cli.command()
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write (replaced whole if it is an earlier build).")
@click.option("--docs", "docs_dir", default="docs", show_default=True, type=click.Path(path_type=Path),
              help="Hand-written pages to copy alongside.")
@click.pass_context
def build(ctx: click.Context, out: Path, docs_dir: Path) -> None:
    """Write the generated pages as plain Markdown, with a standalone mkdocs.yml, for any site generator.

    The written mkdocs.yml keeps the texts and theme settings of ./mkdocs.yml, less the llmreads plugin.
    """
    from llmreads.catalog import load_catalog
    from llmreads.files import describe
    from llmreads.links.store import load_health
    from llmreads.siteinfo import read_mkdocs_yml
    from llmreads.writer import write_site_sources

    catalog, health = load_catalog(_data(ctx)), load_health(_data(ctx))
    try:
        count = write_site_sources(catalog, out, docs_dir, project=read_mkdocs_yml(Path("mkdocs.yml")), health=health)
    except OSError as exc:
        raise LlmreadsError(f"{exc.filename or out}: {describe(exc, 'written')}") from None
    click.echo(f"wrote {count} pages to {out / 'docs'} and {out / 'mkdocs.yml'}")
    click.echo(f"build them with: cd {out} && mkdocs build   (or: zensical build)")


@cli.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--title", default="Reading list", show_default=True, help="The site's name (site_name).")
@click.option("--description", default="A curated reading list, with a note on why each work is worth reading.",
              show_default=True, help="One sentence on what the list is about (site_description).")
@click.option("--github", is_flag=True, help="Also write GitHub workflows: check, publish the site, check links.")
def new(folder: Path, title: str, description: str, github: bool) -> None:
    """Make a new reading-list project in FOLDER (new or empty): mkdocs.yml, data/, docs/, README."""
    from llmreads.scaffold import create_project

    written = create_project(folder, today=today(), title=title, description=description, github=github)
    click.echo(f"made {folder} ({len(written)} files): one topic, one example entry, an about page")
    click.echo(f"see it with: cd {folder} && mkdocs serve   then open http://127.0.0.1:8000/")


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["text", "github"]), default="text", show_default=True,
              help="github: workflow commands, so each item shows as an annotation on a pull request.")
@click.option("--only", "only", multiple=True, help="Show only these groups (repeat), e.g. --only unsorted.")
@click.pass_context
def triage(ctx: click.Context, fmt: str, only: tuple[str, ...]) -> None:
    """List what still needs a person after an import: titles, topics, authors, years, duplicates, notes."""
    from llmreads.catalog import load_catalog
    from llmreads.triage import GROUPS, render_github, render_text
    from llmreads.triage import triage as build_queue

    unknown = sorted(set(only) - set(GROUPS))
    if unknown:
        raise click.BadParameter(f"no group {', '.join(unknown)} (choose from {', '.join(GROUPS)})",
                                 param_hint="--only")
    catalog = load_catalog(_data(ctx))
    groups = [g for g in build_queue(catalog) if not only or g.name in only]
    click.echo(render_github(groups) if fmt == "github" else render_text(groups, len(catalog.entries)), nl=False)


@cli.command()
@click.pass_context
def stats(ctx: click.Context) -> None:
    """Count entries per topic, kind and source, and notes and levels coverage."""
    from llmreads.catalog import load_catalog
    from llmreads.stats import compute, render

    click.echo(render(compute(load_catalog(_data(ctx)))), nl=False)


@cli.command()
@click.argument("urls", nargs=-1, type=URL)
@click.option("--rules", "rules_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Settings and per-host rules (default: link-rules.yaml beside the data folder, if any).")
@click.option("--timeout", type=SECONDS,
              help="Total seconds one link may cost, retries included [default: 15].")
@click.option("--concurrency", type=click.IntRange(min=1), help="Requests in flight at once [default: 64].")
@click.option("--per-host", type=click.IntRange(min=1), help="Requests in flight at once to one host [default: 4].")
@click.option("--interval", type=SECONDS_OR_NONE,
              help="Minimum seconds between requests to one host [default: 0.25].")
@click.option("--retries", type=click.IntRange(0, 10), help="Extra attempts for errors worth retrying [default: 2].")
@click.option("--max-age", type=SECONDS_OR_NONE, help="Seconds a cached ok result is reused [default: 86400].")
@click.option("--no-cache", is_flag=True, help="Check every link, ignoring cached results.")
@click.option("--no-archive", is_flag=True, help="Do not look up archived copies of broken links.")
@click.option("--fail-on", default="broken", show_default=True,
              help="Comma-separated states that make the exit code 1 (or 'none').")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True,
              help="Report format (on stdout).")
@click.option("--update-data", is_flag=True, help="Rewrite moved links in the data and record results for the site.")
@click.option("--oembed-endpoint", envvar="LLMREADS_YOUTUBE_OEMBED", type=URL, help="YouTube oEmbed endpoint.")
@click.option("--arxiv-endpoint", envvar="LLMREADS_ARXIV_API", type=URL, help="arXiv API endpoint.")
@click.option("--wayback-endpoint", envvar="LLMREADS_WAYBACK", type=URL, help="Wayback Machine availability endpoint.")
@click.pass_context
def links(ctx: click.Context, urls: tuple[str, ...], rules_file: Path | None, timeout: float | None,
          concurrency: int | None, per_host: int | None, interval: float | None, retries: int | None,
          max_age: float | None, no_cache: bool, no_archive: bool, fail_on: str, fmt: str, update_data: bool,
          oembed_endpoint: str | None, arxiv_endpoint: str | None, wayback_endpoint: str | None) -> None:
    """Check every entry's link (or the URLs given); exit 1 if any is broken (see --fail-on)."""
    import asyncio

    from llmreads.httpclient import build_client
    from llmreads.links.cache import project_root
    from llmreads.links.checker import pool_limits
    from llmreads.links.report import render
    from llmreads.links.rules import RULES_FILE, load_settings
    from llmreads.links.run import LinksJob, failing, parse_states, run_job
    from llmreads.urls import is_http_url

    try:
        fail_states = parse_states(fail_on)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--fail-on") from None
    for url in urls:
        if not is_http_url(url):
            raise click.BadParameter(f"{url[:200]!r} is not an http(s) URL", param_hint="URLS")
    data = _data(ctx)
    settings = load_settings(rules_file or project_root(data) / RULES_FILE, required=rules_file is not None).merged(
        timeout=timeout, concurrency=concurrency, per_host=per_host, interval=interval, retries=retries,
        cache_max_age=max_age, archive=False if no_archive else None, youtube_oembed=oembed_endpoint,
        arxiv_api=arxiv_endpoint, wayback=wayback_endpoint)
    job = LinksJob(data, settings, urls, use_cache=not no_cache, update=update_data)

    async def go() -> Any:
        async with build_client(settings.user_agent, settings.timeout, limits=pool_limits(settings)) as client:
            return await run_job(job, client, sys.stderr)

    results, report = asyncio.run(go())
    sys.stdout.write(render(results, fmt))
    for entry_id, old, new in report.moved if report else []:
        click.echo(f"moved {entry_id}: {old} -> {new}", err=True)
    for entry_id, reason in report.kept if report else []:
        click.echo(f"kept {entry_id}: {reason}", err=True)
    if report:
        click.echo("updated: " + ", ".join(str(p) for p in report.files), err=True)
    ctx.exit(1 if failing(results, fail_states) else 0)



def _metadata_endpoints(command: Callable[..., None]) -> Callable[..., None]:
    """The endpoints of the metadata sources `add` and `enrich` ask (each also set by its variable)."""
    for option in reversed((
            click.option("--arxiv-endpoint", envvar="LLMREADS_ARXIV_API", type=URL, help="arXiv API endpoint."),
            click.option("--oembed-endpoint", envvar="LLMREADS_YOUTUBE_OEMBED", type=URL,
                         help="YouTube oEmbed endpoint."),
            click.option("--crossref-endpoint", envvar="LLMREADS_CROSSREF_API", type=URL,
                         help="Crossref works endpoint."),
            click.option("--github-endpoint", envvar="LLMREADS_GITHUB_API", type=URL, help="GitHub REST API root."))):
        command = option(command)
    return command

@cli.command()
@click.argument("url")
@click.option("--topic", "topics", multiple=True, help="Topic id (repeat for more; the first is primary). "
              "Default: suggested from the title.")
@click.option("--tags", "--tag", "tags", multiple=True, help="Tags, comma-separated or repeated.")
@click.option("--title", help="Use this title instead of the one found (with it, a failed fetch is only a warning).")
@click.option("--authors", "authors", multiple=True,
              help="Authors, comma-separated or repeated (instead of those found).")
@click.option("--year", type=click.IntRange(1900, 2100), help="Year of first publication (instead of the one found).")
@click.option("--kind", type=click.Choice(["paper", "article", "video", "course", "book", "code", "thread",
                                           "slides", "podcast", "other"]), help="Kind of work (default: guessed).")
@click.option("--level", type=click.Choice(["intro", "intermediate", "advanced"]), help="Level of the work.")
@click.option("--note", help="Why read it, in our own words.")
@click.option("--no-fetch", is_flag=True,
              help="Ask no source: build the entry from --title and the other values given.")
@click.option("--dry-run", is_flag=True, help="Print the entry; write nothing.")
@click.option("--rules", "rules_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Settings file for User-Agent, timeout and endpoints (default: link-rules.yaml).")
@click.option("--timeout", type=SECONDS, help="Total seconds per request [default: 15].")
@_metadata_endpoints
@click.pass_context
def add(ctx: click.Context, url: str, topics: tuple[str, ...], tags: tuple[str, ...], title: str | None,
        authors: tuple[str, ...], year: int | None, kind: str | None, level: str | None, note: str | None,
        no_fetch: bool, dry_run: bool, rules_file: Path | None, timeout: float | None, oembed_endpoint: str | None,
        arxiv_endpoint: str | None, crossref_endpoint: str | None, github_endpoint: str | None) -> None:
    """Add the work at URL: fetch its title, authors and year, and append a valid entry to the data."""
    import asyncio
    import os

    from llmreads.adding import AddOptions, add_entry
    from llmreads.httpclient import Pacer, build_client
    from llmreads.links.cache import pacer_state, project_root
    from llmreads.links.rules import RULES_FILE, load_settings
    from llmreads.model import Kind, Level

    data = _data(ctx)
    root = project_root(data)
    settings = load_settings(rules_file or root / RULES_FILE, required=rules_file is not None).merged(
        timeout=timeout, youtube_oembed=oembed_endpoint, arxiv_api=arxiv_endpoint, crossref=crossref_endpoint,
        github_api=github_endpoint)
    options = AddOptions(topics, _split(tags), title, Kind(kind) if kind else None, dry_run, authors=_split(authors),
                         year=year, level=Level(level) if level else None, note=note, fetch=not no_fetch)

    async def go() -> Any:
        async with build_client(settings.user_agent, settings.timeout) as client:
            return await add_entry(url, data, client, settings.endpoints, today=today(), options=options,
                                   timeout=settings.timeout,
                                   arxiv_pacer=Pacer(settings.arxiv_interval, pacer_state(root)),
                                   github_token=os.environ.get("GITHUB_TOKEN") or None)

    added = asyncio.run(go())
    for warning in added.warnings:
        click.echo(f"warning: {warning}", err=True)
    if dry_run:
        sys.stdout.write(added.yaml)
        click.echo(f"would add '{added.entry['id']}' to {added.path} (dry run: nothing written)", err=True)
    else:
        click.echo(f"added '{added.entry['id']}' to {added.path}", err=True)


@cli.command()
@click.argument("ids", nargs=-1)
@click.option("--dry-run", is_flag=True, help="Print what would be filled; write nothing.")
@click.option("--rules", "rules_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Settings file for User-Agent, timeout, arXiv pacing and endpoints (default: link-rules.yaml).")
@click.option("--timeout", type=SECONDS, help="Total seconds per request [default: 15].")
@click.option("--no-cache", is_flag=True, help="Ask every source again, ignoring cached answers.")
@_metadata_endpoints
@click.pass_context
def enrich(ctx: click.Context, ids: tuple[str, ...], dry_run: bool, rules_file: Path | None, timeout: float | None,
           no_cache: bool, arxiv_endpoint: str | None, oembed_endpoint: str | None, crossref_endpoint: str | None,
           github_endpoint: str | None) -> None:
    """Fill missing authors, years, kinds and stand-in titles (of the entries IDS, or all) from their sources."""
    import asyncio
    import os

    from llmreads.backfill import EnrichJob
    from llmreads.backfill import enrich as run_enrich
    from llmreads.httpclient import Pacer, build_client
    from llmreads.links.cache import CACHE_DIR, pacer_state, project_root
    from llmreads.links.rules import RULES_FILE, load_settings

    data = _data(ctx)
    root = project_root(data)
    settings = load_settings(rules_file or root / RULES_FILE, required=rules_file is not None).merged(
        timeout=timeout, youtube_oembed=oembed_endpoint, arxiv_api=arxiv_endpoint, crossref=crossref_endpoint,
        github_api=github_endpoint)
    job = EnrichJob(data, settings.endpoints, ids, dry_run=dry_run, timeout=settings.timeout,
                    arxiv_batch=settings.arxiv_batch, arxiv_pacer=Pacer(settings.arxiv_interval, pacer_state(root)),
                    github_token=os.environ.get("GITHUB_TOKEN") or None,
                    cache=None if no_cache else root / CACHE_DIR / "enrich.json")

    async def go() -> Any:
        async with build_client(settings.user_agent, settings.timeout) as client:
            return await run_enrich(job, client, sys.stderr)

    report = asyncio.run(go())
    verb = "would fill" if dry_run else "filled"
    for filled in report.filled:
        click.echo(f"{verb} {filled.entry_id}: " + ", ".join(filled.changes))
    for entry_id, reason in report.failed:
        click.echo(f"failed {entry_id}: {reason}", err=True)
    counts = report.counts()
    fields = ", ".join(f"{name} {counts[name]}" for name in ("title", "short_title", "authors", "year", "kind", "tags")
                       if counts[name])
    click.echo(f"{verb} {len(report.filled)} entries" + (f" ({fields})" if fields else "")
               + f"; {len(report.failed)} failed; {report.complete} had nothing to fill"
               + ("" if dry_run else "; wrote " + (", ".join(str(p) for p in report.files) or "nothing")), err=True)
    ctx.exit(1 if report.failed else 0)


def _split(values: tuple[str, ...]) -> list[str]:
    """Values given comma-separated, repeated, or both."""
    return [v.strip() for group in values for v in group.split(",") if v.strip()]


def main() -> None:
    """Entry point for `python -m llmreads`."""
    cli(prog_name="llmreads")
