"""The documentation keeps up with the code: commands in the README, fields in the schema and CONTRIBUTING.md."""

from __future__ import annotations

import json
import re
from enum import StrEnum
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO
from pydantic import BaseModel

from llmreads import model
from llmreads.cli import cli

README = REPO / "README.md"
CONTRIBUTING = REPO / "CONTRIBUTING.md"
CONTRIBUTING_PAGE = REPO / "docs" / "contributing.md"
SCHEMA = REPO / "schema" / "entries.schema.json"

#: Models whose fields live in an entries file, so in schema/entries.schema.json.
ENTRY_MODELS: list[type[BaseModel]] = [model.Entry, model.Link, model.SourceRef]
#: Models of the other data files (topics.yaml, sources.yaml, paths.yaml).
OTHER_MODELS: list[type[BaseModel]] = [model.Topic, model.KeyIdea, model.Source, model.SkipRule,
                                       model.ReadingPath, model.PathStep]
ENUMS: list[type[StrEnum]] = [model.Kind, model.Level, model.Rel]


def fields(models: list[type[BaseModel]]) -> list[tuple[str, str]]:
    return [(m.__name__, name) for m in models for name in m.model_fields]


def ids(pairs: list[tuple[str, str]]) -> list[str]:
    return [f"{owner}.{name}" for owner, name in pairs]


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_is_in_the_readme(command: str) -> None:
    readme = README.read_text(encoding="utf-8")
    assert f"llmreads {command}" in readme, f"README.md does not mention `llmreads {command}`"


@pytest.mark.parametrize(("owner", "name"), fields(ENTRY_MODELS), ids=ids(fields(ENTRY_MODELS)))
def test_entry_fields_are_in_the_committed_schema_with_a_description(owner: str, name: str) -> None:
    definitions: dict[str, Any] = json.loads(SCHEMA.read_text(encoding="utf-8"))["$defs"]
    prop = definitions[owner]["properties"].get(name)
    assert prop is not None, (f"schema/entries.schema.json has no {owner}.{name}: "
                              "run `llmreads schema --out schema/entries.schema.json`")
    assert prop.get("description"), f"{owner}.{name} has no description (give the field a docstring)"


@pytest.mark.parametrize(("owner", "name"), fields(OTHER_MODELS), ids=ids(fields(OTHER_MODELS)))
def test_other_fields_are_in_their_model_schema_with_a_description(owner: str, name: str) -> None:
    schema = getattr(model, owner).model_json_schema()
    assert schema["properties"][name].get("description"), f"{owner}.{name} has no description"


ALL_FIELDS = fields(ENTRY_MODELS + OTHER_MODELS)


@pytest.mark.parametrize(("owner", "name"), ALL_FIELDS, ids=ids(ALL_FIELDS))
def test_every_field_is_explained_in_contributing(owner: str, name: str) -> None:
    assert f"`{name}`" in CONTRIBUTING.read_text(encoding="utf-8"), f"CONTRIBUTING.md does not explain {owner}.{name}"


@pytest.mark.parametrize("enum", ENUMS, ids=lambda e: e.__name__)
def test_every_allowed_value_is_listed_in_contributing(enum: type[StrEnum]) -> None:
    text = CONTRIBUTING.read_text(encoding="utf-8")
    assert [v.value for v in enum if f"`{v.value}`" not in text] == []


def test_contributing_page_on_the_site_is_the_same_as_the_root_file() -> None:
    assert CONTRIBUTING_PAGE.read_text(encoding="utf-8") == CONTRIBUTING.read_text(encoding="utf-8"), (
        "docs/contributing.md differs from CONTRIBUTING.md: edit CONTRIBUTING.md, then "
        "`cp CONTRIBUTING.md docs/contributing.md`")


def test_contributing_covers_the_workflow() -> None:
    text = CONTRIBUTING.read_text(encoding="utf-8")
    for needed in ("llmreads add", "llmreads check", "pre-commit install", "make list", "## Writing a good note",
                   "## Choosing a level", "## Choosing topics", "our own words"):
        assert needed in text, needed


def test_contributing_anchors_exist() -> None:
    text = CONTRIBUTING.read_text(encoding="utf-8")
    headings = {re.sub(r"[^\w\s-]", "", h.lower()).strip().replace(" ", "-")
                for h in re.findall(r"^#+ (.+)$", text, re.M)}
    for anchor in re.findall(r"\]\(#([^)]+)\)", text):
        assert anchor in headings, anchor


def test_contributing_is_a_page_of_the_built_site(built_site: Path) -> None:
    page = built_site / "contributing" / "index.html"
    assert page.is_file()
    assert "Contributing to llmreads" in page.read_text(encoding="utf-8")
