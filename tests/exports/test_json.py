"""`llmreads export json` and `llmreads schema`: the document's shape, and entries that validate against the schema."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, REPO, run

from llmreads.catalog import Catalog
from llmreads.model import Entry, Link, Source, SourceRef

try:  # a real validator when the environment has one; the subset validator below runs either way
    import jsonschema
except ImportError:  # pragma: no cover - depends on the environment
    jsonschema = None

#: The keys issue 3 lists for the export document.
DOCUMENT_KEYS = ["version", "title", "description", "topics", "sources", "entries"]
TOPIC_KEYS = {"id", "title", "description"}
ENTRY_KEYS = {"id", "title", "url", "authors", "year", "kind", "topics", "tags", "note", "links", "sources", "added"}
LINK_KEYS = {"url", "rel"}


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    result = run("--data", str(DATA), "export", "json")
    assert result.exit_code == 0, result.output
    parsed: dict[str, Any] = json.loads(result.stdout)
    return parsed


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    result = run("schema")
    assert result.exit_code == 0, result.output
    parsed: dict[str, Any] = json.loads(result.stdout)
    return parsed


# ---------------------------------------------------------------------------------------------
# The document's shape


def test_top_level_keys_and_version(document: dict[str, Any]) -> None:
    assert list(document) == DOCUMENT_KEYS
    assert document["version"] == 1


def test_topics_have_exactly_id_title_description_in_catalogue_order(document: dict[str, Any],
                                                                   catalog: Catalog) -> None:
    assert [set(t) for t in document["topics"]] == [TOPIC_KEYS] * len(catalog.topics)
    assert [t["id"] for t in document["topics"]] == [t.id for t in catalog.topics]
    assert all(isinstance(t[k], str) and t[k] for t in document["topics"] for k in TOPIC_KEYS)


def test_sources_have_id_and_title_and_only_model_fields(document: dict[str, Any], catalog: Catalog) -> None:
    allowed = set(Source.model_fields) - {"skip"}  # skip rules are importer bookkeeping, not published
    assert [s["id"] for s in document["sources"]] == [s.id for s in catalog.sources]
    for source in document["sources"]:
        assert {"id", "title"} <= set(source) <= allowed, source


def test_every_entry_has_the_listed_keys_and_nothing_outside_the_model(document: dict[str, Any],
                                                                       catalog: Catalog) -> None:
    entries = document["entries"]
    assert len(entries) == len(catalog.entries) > 0
    assert len({e["id"] for e in entries}) == len(entries), "entry ids must be unique"
    for entry in entries:
        keys = set(entry)
        assert keys >= ENTRY_KEYS, f"{entry['id']}: missing {sorted(ENTRY_KEYS - keys)}"
        assert keys == set(Entry.model_fields), f"{entry['id']}: {sorted(keys ^ set(Entry.model_fields))}"
        assert all(set(link) == LINK_KEYS for link in entry["links"]), entry["id"]
        assert all(set(ref) == set(SourceRef.model_fields) for ref in entry["sources"]), entry["id"]


def test_entry_values_are_plain_json_types(document: dict[str, Any]) -> None:
    for entry in document["entries"]:
        assert isinstance(entry["authors"], list) and all(isinstance(a, str) for a in entry["authors"])
        assert entry["year"] is None or (isinstance(entry["year"], int) and not isinstance(entry["year"], bool))
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", entry["added"]), entry["added"]
        assert isinstance(entry["topics"], list) and entry["topics"]


def test_out_writes_the_same_text_as_stdout(tmp_path: Path) -> None:
    out = tmp_path / "entries.json"
    to_stdout = run("--data", str(DATA), "export", "json")
    to_file = run("--data", str(DATA), "export", "json", "--out", str(out))
    assert to_file.exit_code == 0, to_file.output
    assert out.read_text(encoding="utf-8") == to_stdout.stdout


# ---------------------------------------------------------------------------------------------
# Entries against the schema


def test_every_exported_entry_round_trips_through_the_model(document: dict[str, Any], catalog: Catalog) -> None:
    for exported, entry in zip(document["entries"], catalog.entries, strict=True):
        again = Entry.model_validate(exported)
        assert again == entry
        assert again.model_dump(mode="json") == exported


def test_schema_properties_cover_every_model_field(schema: dict[str, Any]) -> None:
    assert schema["type"] == "array"
    assert schema["items"] == {"$ref": "#/$defs/Entry"}
    for model in (Entry, Link, SourceRef):
        definition = schema["$defs"][model.__name__]
        assert set(definition["properties"]) == set(model.model_fields), model.__name__
        required = {name for name, field in model.model_fields.items() if field.is_required()}
        assert set(definition.get("required", [])) == required, model.__name__
        assert definition["additionalProperties"] is False, model.__name__


def test_every_exported_entry_validates_against_the_schema(document: dict[str, Any], schema: dict[str, Any]) -> None:
    for entry in document["entries"]:
        assert validate([entry], schema, schema) == [], entry["id"]


@pytest.mark.skipif(jsonschema is None, reason="jsonschema is not installed; the subset validator covers it")
def test_every_exported_entry_validates_with_jsonschema(document: dict[str, Any],
                                                        schema: dict[str, Any]) -> None:  # pragma: no cover
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = [f"{e.json_path}: {e.message}" for e in validator.iter_errors(document["entries"])]
    assert errors == []


@pytest.mark.parametrize(("change", "expected"), [
    ({"kind": "blog"}, "$[0].kind: 'blog' is not one of"),
    ({"colour": "red"}, "$[0]: unexpected property 'colour'"),
    ({"url": None}, "$[0].url: None is not of type string"),
    ({"minutes": 0}, "$[0].minutes: matches no alternative"),
    ({"topics": []}, "$[0].topics: fewer than 1 items"),
    ({"added": "24/11/2026"}, "$[0].added: '24/11/2026' is not a date"),
    ({"links": [{"url": "https://example.com"}]}, "$[0].links[0]: missing required property 'rel'"),
])
def test_the_schema_check_rejects_bad_entries(schema: dict[str, Any], change: dict[str, Any], expected: str) -> None:
    """The validator is not vacuous: each broken entry gets the expected complaint."""
    entry = {"id": "x", "title": "X", "url": "https://example.com/x", "kind": "paper", "topics": ["attention"],
             "added": "2026-11-24", **change}
    errors = validate([entry], schema, schema)
    assert any(e.startswith(expected) for e in errors), errors


def test_committed_schema_is_current(schema: dict[str, Any]) -> None:
    committed = (REPO / "schema" / "entries.schema.json").read_text(encoding="utf-8")
    assert committed == run("schema").stdout, (
        "schema/entries.schema.json is stale: run `llmreads schema --out schema/entries.schema.json`")


def test_entries_files_reference_the_schema() -> None:
    for path in sorted((DATA / "entries").glob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../../schema/entries.schema.json", path.name


# ---------------------------------------------------------------------------------------------
# A validator for the JSON Schema keywords the generated schema uses (jsonschema is not a dependency).
# An unknown keyword fails the test, so a schema that grows past this subset cannot pass unchecked.

_ANNOTATIONS = {"$schema", "$id", "$defs", "title", "description", "default", "examples"}
_ASSERTIONS = {"$ref", "anyOf", "type", "enum", "minimum", "maximum", "minItems", "format", "properties",
               "required", "additionalProperties", "items"}
_TYPES: dict[str, tuple[type, ...]] = {"string": (str,), "integer": (int,), "number": (int, float),
                                       "boolean": (bool,), "array": (list,), "object": (dict,),
                                       "null": (type(None),)}


def _is_type(value: Any, name: str) -> bool:
    if isinstance(value, bool) and name in ("integer", "number"):
        return False
    return isinstance(value, _TYPES[name])


def validate(value: Any, schema: dict[str, Any], root: dict[str, Any], at: str = "$") -> list[str]:
    """Return one message per violation of `schema` by `value` (empty when valid)."""
    unknown = set(schema) - _ANNOTATIONS - _ASSERTIONS
    assert not unknown, f"schema keyword(s) {sorted(unknown)} at {at}: extend the test's validator"
    errors: list[str] = []
    if "$ref" in schema:
        ref = schema["$ref"]
        assert ref.startswith("#/$defs/"), ref
        errors += validate(value, root["$defs"][ref.removeprefix("#/$defs/")], root, at)
    if "anyOf" in schema and all(validate(value, option, root, at) for option in schema["anyOf"]):
        errors.append(f"{at}: matches no alternative of anyOf")
    if "type" in schema and not _is_type(value, schema["type"]):
        return [*errors, f"{at}: {value!r} is not of type {schema['type']}"]
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{at}: {value!r} is not one of {schema['enum']}")
    if "minimum" in schema and value < schema["minimum"]:
        errors.append(f"{at}: {value} is less than {schema['minimum']}")
    if "maximum" in schema and value > schema["maximum"]:
        errors.append(f"{at}: {value} is more than {schema['maximum']}")
    if "minItems" in schema and len(value) < schema["minItems"]:
        errors.append(f"{at}: fewer than {schema['minItems']} items")
    if schema.get("format") == "date" and not _is_date(value):
        errors.append(f"{at}: {value!r} is not a date")
    if "items" in schema and isinstance(value, list):
        for index, item in enumerate(value):
            errors += validate(item, schema["items"], root, f"{at}[{index}]")
    if "properties" in schema and isinstance(value, dict):
        errors += [f"{at}: missing required property '{name}'" for name in schema.get("required", [])
                   if name not in value]
        if schema.get("additionalProperties") is False:
            errors += [f"{at}: unexpected property '{name}'" for name in value if name not in schema["properties"]]
        for name, item in value.items():
            if name in schema["properties"]:
                errors += validate(item, schema["properties"][name], root, f"{at}.{name}")
    return errors


def _is_date(value: Any) -> bool:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True

