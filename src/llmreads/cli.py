"""The `llmreads` command: a thin click group; each command parses arguments and calls one function.

Exit codes: 0 success, 1 problems found (or a user error), 2 usage error.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from llmreads import __version__
from llmreads.clock import today
from llmreads.errors import DataError, LlmreadsError


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
            click.echo(f"error: {exc}", err=True)
            ctx.exit(exc.exit_code)


def _write(text: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(text)
        return
    from llmreads.yamlio import atomic_write

    try:
        atomic_write(out, text)
    except OSError as exc:
        raise LlmreadsError(f"{out}: cannot write: {exc.strerror or exc}") from None


def _data(ctx: click.Context) -> Path:
    return Path(ctx.obj["data"])


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--data", "data", default="data", envvar="LLMREADS_DATA", show_default=True,
              type=click.Path(file_okay=False, path_type=str), help="The data folder (or set LLMREADS_DATA).")
@click.version_option(__version__, prog_name="llmreads")
@click.pass_context
def cli(ctx: click.Context, data: str) -> None:
    """A curated LLM reading list kept as YAML and published as a static site."""
    ctx.ensure_object(dict)
    ctx.obj["data"] = data


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["text", "github"]), default="text", show_default=True,
              help="github: also print workflow commands so problems show as annotations on the changed lines.")
@click.pass_context
def check(ctx: click.Context, fmt: str) -> None:
    """Validate everything under the data folder; one line per problem."""
    from llmreads.catalog import read_catalog
    from llmreads.errors import DataError

    catalog, problems = read_catalog(_data(ctx))
    if problems and fmt == "github":
        for p in problems:
            message = f"{p.field}: {p.message}".replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            click.echo(f"::error file={p.file},line={p.line},title=llmreads check::{message}")
    if problems:
        raise DataError(problems)
    click.echo(f"ok: {len(catalog.entries)} entries, {len(catalog.topics)} topics, "
               f"{len(catalog.sources)} sources", err=True)


@cli.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--source", "source_id", help="Id for the list (only with one FILE); default: from its title.")
@click.option("--title", help="Title for a new list (only with one FILE); default: its front matter or first heading.")
@click.option("--dry-run", is_flag=True, help="Report what would change; write nothing.")
@click.option("-v", "--verbose", is_flag=True, help="List every new and merged entry.")
@click.pass_context
def import_(ctx: click.Context, files: tuple[Path, ...], source_id: str | None, title: str | None,
            dry_run: bool, verbose: bool) -> None:
    """Import Markdown reading lists into the data folder, merging works already there."""
    from llmreads.importer import import_lists

    if (source_id or title) and len(files) > 1:
        raise click.UsageError("--source and --title name one list: give a single FILE")
    reports, changed = import_lists(list(files), _data(ctx), today=today(), source_id=source_id,
                                    title=title, dry_run=dry_run)
    for report in reports:
        click.echo(f"{report.source}: {len(report.new)} new, {len(report.merged)} merged, "
                   f"{len(report.unchanged)} unchanged, {len(report.skipped)} skipped")
        details = [(f"  new     {i}", True) for i in report.new] + [(f"  merged  {i}", True) for i in report.merged]
        for line, _ in details if verbose else []:
            click.echo(line)
        for url, reason in report.skipped:
            click.echo(f"  skipped {url} ({reason})")
        if report.needs_title:
            click.echo(f"  {len(report.needs_title)} entries have a stand-in title and the tag "
                       "'needs-title': give them their real titles")
    verb = "would change" if dry_run else "changed"
    click.echo(f"{verb}: " + (", ".join(str(p) for p in changed) if changed else "nothing"))


@cli.command()
@click.argument("fmt", metavar="FORMAT", type=click.Choice(["json", "bibtex", "atom", "markdown"]))
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE instead of stdout.")
@click.option("--topic", help="Only the entries of this topic (bibtex, atom).")
@click.option("--site-url", default="http://127.0.0.1:8000/", show_default=True, envvar="SITE_URL",
              help="Base URL for absolute links in the Atom feed.")
@click.pass_context
def export(ctx: click.Context, fmt: str, out: Path | None, topic: str | None, site_url: str) -> None:
    """Export the catalogue: json, bibtex, atom (newest entries) or markdown (an awesome-style list)."""
    from llmreads.catalog import load_catalog
    from llmreads.exports import render

    _write(render(load_catalog(_data(ctx)), fmt, topic=topic, site_url=site_url), out)


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
    """Write the generated pages as plain Markdown, with a standalone mkdocs.yml, for any site generator."""
    from llmreads.catalog import load_catalog
    from llmreads.writer import write_site_sources

    count = write_site_sources(load_catalog(_data(ctx)), out, docs_dir, overrides=Path("overrides"))
    click.echo(f"wrote {count} pages to {out / 'docs'} and {out / 'mkdocs.yml'}")
    click.echo(f"build them with: cd {out} && mkdocs build   (or: zensical build)")


@cli.command()
@click.pass_context
def stats(ctx: click.Context) -> None:
    """Count entries per topic, kind and source, and notes and levels coverage."""
    from llmreads.catalog import load_catalog
    from llmreads.stats import compute, render

    click.echo(render(compute(load_catalog(_data(ctx)))), nl=False)


def main() -> None:
    """Entry point for `python -m llmreads`."""
    cli(prog_name="llmreads")
