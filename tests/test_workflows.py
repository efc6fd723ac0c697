"""The GitHub workflows and pre-commit hooks: valid files that call real llmreads commands.

They run on GitHub, not here, so this checks their syntax and shape, the commands they call
(against the click group), and the one piece of their logic that is ours: `check --format github`.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest
import yaml
from conftest import REPO, run

from llmreads.catalog import load_catalog
from llmreads.cli import cli

#: This repository's workflows and those `llmreads new --github` writes into a new project.
WORKFLOWS = [*sorted((REPO / ".github" / "workflows").glob("*.y*ml")),
             *sorted((REPO / "src" / "llmreads" / "templates" / "project" / "github" / "workflows").glob("*.y*ml"))]
HOOKS = REPO / ".pre-commit-hooks.yaml"
PRE_COMMIT_CONFIG = REPO / ".pre-commit-config.yaml"
MAKEFILE = REPO / "Makefile"
CORPUS = Path(__file__).resolve().parent / "check_corpus"
#: pre-commit's languages (4.4 renamed `system` to `unsupported` and `script` to `unsupported_script`).
PRE_COMMIT_LANGUAGES = {"conda", "coursier", "dart", "docker", "docker_image", "dotnet", "fail", "golang", "haskell",
                        "julia", "lua", "node", "perl", "pygrep", "python", "r", "ruby", "rust", "swift",
                        "unsupported", "unsupported_script", "system", "script"}


class _Loader(yaml.SafeLoader):
    """YAML 1.2 booleans, as GitHub reads workflows: only true/false, so the key `on` stays a string."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                              list("tTfF"))


def load(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # a SafeLoader subclass: safe


def help_commands() -> set[str]:
    """The command names `llmreads --help` lists."""
    result = run("--help")
    assert result.exit_code == 0
    listed = result.stdout.split("Commands:\n", 1)[1]
    return {line.split()[0] for line in listed.splitlines() if line.startswith("  ") and line.split()}


COMMANDS = help_commands()


def invocations(script: str) -> Iterator[list[str]]:
    """Each `llmreads ...` command line in a shell script, as words (up to a pipe, redirect or `;`)."""
    for line in script.splitlines():
        words = shlex.split(line, comments=True)
        for index, word in enumerate(words):
            if word == "llmreads" or word.endswith("/llmreads"):
                rest = []
                for part in words[index + 1:]:
                    if part in ("|", "||", "&&", ";", ">", ">>", "2>", "<") or part.startswith((">", "2>")):
                        break
                    rest.append(part)
                yield rest


def problems_with(words: list[str]) -> list[str]:
    """What is wrong with `llmreads WORDS`: an unknown command or an option the command does not take."""
    args = list(words)
    while args and args[0].startswith("-"):  # global options
        option = args.pop(0)
        if option == "--data" and args:
            args.pop(0)
    if not args:
        return ["no command"]
    name, rest = args[0], args[1:]
    if name not in COMMANDS:
        return [f"'{name}' is not an llmreads command (commands: {', '.join(sorted(COMMANDS))})"]
    command = cli.commands[name]
    known = {opt for param in command.params for opt in [*param.opts, *param.secondary_opts]}
    problems = [f"'{name}' has no option {word.split('=')[0]}" for word in rest
                if word.startswith("--") and word.split("=")[0] not in known]
    for param in command.params:
        if isinstance(param, click.Option) and isinstance(param.type, click.Choice):
            for opt in param.opts:
                if opt in rest and rest.index(opt) + 1 < len(rest):
                    value = rest[rest.index(opt) + 1]
                    if value not in param.type.choices:
                        problems.append(f"'{name} {opt}' does not accept '{value}'")
    return problems


def make_recipe(target: str) -> str:
    """The recipe lines of a Makefile target (empty if there is no such target)."""
    text = MAKEFILE.read_text(encoding="utf-8")
    match = re.search(rf"^{re.escape(target)}:[^\n]*\n((?:\t[^\n]*\n)*)", text, re.M)
    return match.group(1).replace("$(BIN)/", "") if match else ""


def entry_problems(entry: str) -> list[str]:
    """What is wrong with a pre-commit hook's entry: it must run a real llmreads command."""
    words = shlex.split(entry)
    if words[0] == "make":
        recipe = make_recipe(words[1])
        if not recipe:
            return [f"Makefile has no target '{words[1]}'"]
        found = list(invocations(recipe))
        return ["the recipe runs no llmreads command"] if not found else [p for w in found for p in problems_with(w)]
    if words[0] == "llmreads" or words[0].endswith("/llmreads"):
        return problems_with(words[1:])
    return [f"'{entry}' does not run llmreads"]


def workflow_steps() -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path in WORKFLOWS:
        for job_id, job in (load(path).get("jobs") or {}).items():
            for step in job.get("steps") or []:
                yield path.name, job_id, step


def _llmreads_runs() -> list[Any]:
    return [pytest.param(words, id=f"{name}:{job_id}:llmreads {' '.join(words)}")
            for name, job_id, step in workflow_steps() for words in invocations(step.get("run", ""))]


# ---------------------------------------------------------------------------------------------
# Workflows


def test_the_three_workflows_exist() -> None:
    assert {p.name for p in WORKFLOWS} >= {"site.yml", "check.yml", "links.yml", "publish.yml"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_shape(path: Path) -> None:
    workflow = load(path)
    assert isinstance(workflow, dict)
    assert set(workflow) >= {"name", "on", "jobs"}, sorted(workflow)
    assert workflow["on"], "no trigger"
    jobs = workflow["jobs"]
    assert isinstance(jobs, dict) and jobs
    for job_id, job in jobs.items():
        assert re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", job_id), job_id
        assert "runs-on" in job, job_id
        assert isinstance(job.get("steps"), list) and job["steps"], job_id
        needs = job.get("needs", [])
        assert set([needs] if isinstance(needs, str) else needs) <= set(jobs), job_id
        step_ids = [step["id"] for step in job["steps"] if "id" in step]
        assert len(step_ids) == len(set(step_ids)), job_id
        for step in job["steps"]:
            assert isinstance(step, dict)
            assert ("uses" in step) != ("run" in step), f"{job_id}: a step needs exactly one of uses/run: {step}"
            if "uses" in step:
                assert re.fullmatch(r"[\w.-]+/[\w./-]+@[\w.-]+", step["uses"]), step["uses"]
        text = yaml.safe_dump(job)
        for referenced in re.findall(r"steps\.([\w-]+)\.", text):
            assert referenced in step_ids, f"{job_id}: steps.{referenced} is not a step id"


@pytest.mark.parametrize("words", _llmreads_runs())
def test_workflow_llmreads_calls_use_real_commands_and_options(words: list[str]) -> None:
    assert problems_with(words) == []


def test_help_lists_every_command_of_the_group() -> None:
    assert set(cli.commands) == COMMANDS


def test_site_builds_strictly_and_deploys_to_pages_on_push_to_main() -> None:
    workflow = load(REPO / ".github" / "workflows" / "site.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["permissions"]["pages"] == "write" and workflow["permissions"]["id-token"] == "write"
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    uses = [step["uses"].split("@")[0] for step in steps if "uses" in step]
    assert {"actions/setup-python", "actions/upload-pages-artifact", "actions/deploy-pages"} <= set(uses)
    runs = "\n".join(step.get("run", "") for step in steps)
    strict = "mkdocs build --strict"
    builds = strict in runs or ("make build" in runs and strict in make_recipe("build"))
    assert builds, "the site must be built with `mkdocs build --strict`"
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "site"


def test_the_test_suite_runs_on_every_push_and_pull_request() -> None:
    workflow = load(REPO / ".github" / "workflows" / "test.yml")
    assert {"push", "pull_request"} <= set(workflow["on"])
    assert workflow["on"]["push"] is None and workflow["on"]["pull_request"] is None, "no branch filter"
    runs = [step.get("run", "") for job in workflow["jobs"].values() for step in job["steps"]]
    assert "make test" in runs


def test_check_runs_on_every_pull_request_with_annotations() -> None:
    workflow = load(REPO / ".github" / "workflows" / "check.yml")
    assert "pull_request" in workflow["on"]
    calls = [words for _, _, step in workflow_steps() for words in invocations(step.get("run", ""))]
    assert ["check", "--format", "github"] in calls


def test_links_runs_weekly_and_by_hand_and_proposes_the_health_file() -> None:
    workflow = load(REPO / ".github" / "workflows" / "links.yml")
    assert set(workflow["on"]) == {"schedule", "workflow_dispatch"}
    cron = workflow["on"]["schedule"][0]["cron"].split()
    assert len(cron) == 5 and cron[2] == "*" and cron[3] == "*" and cron[4] != "*", "weekly"
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    pull_request = next(step for step in steps if step.get("uses", "").startswith("peter-evans/create-pull-request"))
    assert "data/health.yaml" in pull_request["with"]["add-paths"].split()
    runs = "\n".join(step.get("run", "") for step in steps)
    assert "llmreads links --update-data --format markdown" in runs
    assert "scripts/newly-broken" in runs
    last = steps[-1]
    assert "exit 1" in last["run"] and "if" in last, "the last step fails the run on newly broken links"


def test_scripts_the_workflows_call_exist() -> None:
    for name, job_id, step in workflow_steps():
        for script in re.findall(r"(?<![\w/])(scripts/[\w.-]+)", step.get("run", "")):
            assert (REPO / script).is_file(), f"{name}:{job_id}: {script} is missing"


# ---------------------------------------------------------------------------------------------
# The logic that is ours: annotations from `llmreads check --format github`


def test_check_format_github_annotates_the_line(tmp_path: Path) -> None:
    shutil.copytree(CORPUS / "topic-unknown-did-you-mean", tmp_path / "data", ignore=shutil.ignore_patterns("*.txt"))
    result = run("check", "--format", "github", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stdout == ("::error file=data/entries/attention.yaml,line=9,title=llmreads check::"
                             "topics: unknown topic 'atention' (did you mean 'attention'?)\n")
    assert result.stderr == ("data/entries/attention.yaml:9: topics: unknown topic 'atention' "
                             "(did you mean 'attention'?)\n")


def test_check_format_github_is_silent_on_good_data(data_copy: Path) -> None:
    result = run("--data", str(data_copy), "check", "--format", "github")
    assert result.exit_code == 0, result.output
    assert "::" not in result.stdout


def test_check_format_github_escapes_messages(tmp_path: Path) -> None:
    """A % in a message is escaped, so the annotation shows the message as written."""
    shutil.copytree(CORPUS / "url-ftp", tmp_path / "data", ignore=shutil.ignore_patterns("*.txt"))
    entries = tmp_path / "data" / "entries" / "attention.yaml"
    entries.write_text(entries.read_text().replace("1706.03762.pdf", "100%25.pdf"))
    result = run("check", "--format", "github", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stdout == ("::error file=data/entries/attention.yaml,line=3,title=llmreads check::"
                             "url: 'ftp://ftp.example.com/100%2525.pdf' is not an http(s) URL\n")


# ---------------------------------------------------------------------------------------------
# The logic that is ours: scripts/newly-broken, which decides whether the weekly run fails

NEWLY_BROKEN = REPO / "scripts" / "newly-broken"


def health(folder: Path, name: str, *records: tuple[str, str]) -> Path:
    path = folder / name
    path.write_text(yaml.safe_dump([{"url": url, "state": state, "code": 404 if state == "broken" else 200,
                                     "checked_at": "2026-11-24T04:23:00Z"} for url, state in records]))
    return path


def newly_broken(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(NEWLY_BROKEN), *map(str, args)], capture_output=True, text=True,
                          timeout=60, check=False)


def test_newly_broken_reports_only_links_that_worked_before(tmp_path: Path, data_copy: Path) -> None:
    catalog = load_catalog(data_copy)
    a, b, c, d = (e.url for e in catalog.entries[:4])
    before = health(tmp_path, "before.yaml", (a, "ok"), (b, "broken"), (c, "redirected"), (d, "ok"))
    after = health(tmp_path, "after.yaml", (a, "broken"), (b, "broken"), (c, "ok"), (d, "timeout"))
    result = newly_broken(before, after, "--data", data_copy)
    assert result.returncode == 1, result.stderr
    entry = catalog.entries[0]
    assert f"- <{a}> (HTTP 404): {entry.id} ({data_copy.as_posix()}/entries/" in result.stdout
    assert b not in result.stdout and c not in result.stdout and d not in result.stdout
    assert result.stderr.startswith(f"::error title=Newly broken link::{a} (HTTP 404): {entry.id}")
    assert len(result.stderr.splitlines()) == 1


def test_newly_broken_states_are_configurable(tmp_path: Path) -> None:
    before = health(tmp_path, "before.yaml", ("https://example.com/a", "ok"))
    after = health(tmp_path, "after.yaml", ("https://example.com/a", "timeout"))
    assert newly_broken(before, after).returncode == 0
    assert newly_broken(before, after, "--states", "broken,timeout").returncode == 1


def test_newly_broken_with_nothing_new_passes(tmp_path: Path) -> None:
    same = health(tmp_path, "same.yaml", ("https://example.com/a", "ok"), ("https://example.com/b", "broken"))
    result = newly_broken(same, same)
    assert result.returncode == 0, result.stderr
    assert "None" in result.stdout and result.stderr == ""


def test_newly_broken_without_a_previous_record_counts_every_broken_link(tmp_path: Path) -> None:
    (tmp_path / "empty.yaml").write_text("")
    after = health(tmp_path, "after.yaml", ("https://example.com/a", "broken"), ("https://example.com/b", "ok"))
    for before in (tmp_path / "empty.yaml", tmp_path / "missing.yaml"):
        result = newly_broken(before, after)
        assert result.returncode == 1
        assert "<https://example.com/a>" in result.stdout and "example.com/b" not in result.stdout


def test_newly_broken_rejects_a_malformed_file(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("url: not a list\n")
    result = newly_broken(tmp_path / "bad.yaml", tmp_path / "bad.yaml")
    assert result.returncode == 2
    assert result.stderr.startswith("error: ")


# ---------------------------------------------------------------------------------------------
# pre-commit


def test_pre_commit_hooks_file() -> None:
    hooks = load(HOOKS)
    assert isinstance(hooks, list) and hooks
    ids = [hook["id"] for hook in hooks]
    assert "llmreads-check" in ids and len(ids) == len(set(ids))
    for hook in hooks:
        assert {"id", "name", "entry", "language"} <= set(hook), hook
        assert hook["language"] in PRE_COMMIT_LANGUAGES
        assert entry_problems(hook["entry"]) == [], hook["id"]
    check = hooks[ids.index("llmreads-check")]
    assert shlex.split(check["entry"]) == ["llmreads", "check"]
    assert check["language"] == "python"
    assert check["pass_filenames"] is False
    assert re.search(check["files"], "data/entries/attention.yaml")
    assert not re.search(check["files"], "src/llmreads/cli.py")


def test_pre_commit_config_uses_a_local_check_hook() -> None:
    config = load(PRE_COMMIT_CONFIG)
    assert isinstance(config, dict) and isinstance(config.get("repos"), list)
    local = [repo for repo in config["repos"] if repo["repo"] == "local"]
    assert local
    hooks = [hook for repo in local for hook in repo["hooks"]]
    for hook in hooks:
        assert {"id", "name", "entry", "language"} <= set(hook), hook
        assert hook["language"] in PRE_COMMIT_LANGUAGES
        assert entry_problems(hook["entry"]) == [], hook["id"]
    check = next(hook for hook in hooks if hook["id"] == "llmreads-check")
    assert re.search(check["files"], "data/topics.yaml")
    assert check.get("pass_filenames") is False


@pytest.mark.parametrize(("words", "problem"), [
    (["lnks"], "'lnks' is not an llmreads command"),
    (["check", "--fromat", "github"], "'check' has no option --fromat"),
    (["check", "--format", "gitlab"], "'check --format' does not accept 'gitlab'"),
    (["--data", "data"], "no command"),
])
def test_the_command_check_catches_mistakes(words: list[str], problem: str) -> None:
    assert any(p.startswith(problem) for p in problems_with(words)), problems_with(words)


def test_a_version_tag_publishes_to_pypi_with_trusted_publishing() -> None:
    workflow = load(REPO / ".github" / "workflows" / "publish.yml")
    assert workflow["on"] == {"push": {"tags": ["v*"]}}
    publish = workflow["jobs"]["publish"]
    assert publish["permissions"] == {"id-token": "write"}  # OIDC for PyPI, no stored token
    assert any(step.get("uses", "").startswith("pypa/gh-action-pypi-publish@") for step in publish["steps"])
    assert not any("password" in step.get("with", {}) for step in publish["steps"])
    build = " ".join(step.get("run", "") for step in workflow["jobs"]["build"]["steps"])
    assert "python -m build" in build and "__version__" in build
