"""--update-data merges a run's results into the data as it is when they are written, not as it was."""

from __future__ import annotations

from pathlib import Path

from conftest import run

from llmreads.catalog import load_catalog
from llmreads.links.model import CheckResult, Hop, LinkState
from llmreads.links.store import load_health
from llmreads.links.update import update_data

TOPICS = """\
- id: attention
  title: Attention
  description: How attention works.
  order: 1
"""
ENTRIES = """\
# Hand-written comment that must survive.
- id: moved-paper
  title: A paper that moved
  url: https://old.example.org/paper
  kind: paper
  topics: [attention]   # trailing comment
  added: 2024-01-02

- id: fine-post
  title: A fine post
  url: https://example.org/fine
  kind: article
  topics: [attention]
  added: 2024-01-02

- id: doomed-post
  title: A post about to be deleted
  url: https://example.org/doomed
  kind: article
  topics: [attention]
  added: 2024-01-02
"""
DOOMED = """
- id: doomed-post
  title: A post about to be deleted
  url: https://example.org/doomed
  kind: article
  topics: [attention]
  added: 2024-01-02
"""
NEW_URL = "https://new.example.org/paper"


def project(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    (data / "entries").mkdir(parents=True)
    (data / "topics.yaml").write_text(TOPICS)
    (data / "entries" / "attention.yaml").write_text(ENTRIES)
    return data


def results() -> list[CheckResult]:
    """What a run that started before the edits below found."""
    return [
        CheckResult("https://old.example.org/paper", LinkState.REDIRECTED, 200, NEW_URL,
                    (Hop("https://old.example.org/paper", 301),)),
        CheckResult("https://example.org/fine", LinkState.OK, 200),
        CheckResult("https://example.org/doomed", LinkState.BROKEN, 404),
    ]


def test_an_entry_renamed_and_one_deleted_during_the_run_keep_the_rest_of_its_results(tmp_path: Path) -> None:
    data = project(tmp_path)
    found = results()
    # Meanwhile, by hand: 'moved-paper' is renamed, 'doomed-post' is deleted, a comment is added.
    entries = data / "entries" / "attention.yaml"
    edited = ENTRIES.replace("id: moved-paper", "id: relocated-paper").replace(DOOMED, "") + "# added meanwhile\n"
    entries.write_text(edited)

    report = update_data(data, found)

    assert report.moved == [("relocated-paper", "https://old.example.org/paper", NEW_URL)]
    assert entries.read_text() == edited.replace("https://old.example.org/paper", NEW_URL)
    catalog = load_catalog(data)
    assert catalog.entry_by_id["relocated-paper"].url == NEW_URL
    health = load_health(data)
    assert set(health) == {NEW_URL, "https://example.org/fine"}  # nothing for the deleted entry
    assert health[NEW_URL].state is LinkState.OK
    assert report.files == [entries, data / "health.yaml"]
    assert run("--data", str(data), "check").exit_code == 0


def test_an_entry_whose_url_was_changed_by_hand_meanwhile_is_not_overwritten(tmp_path: Path) -> None:
    data = project(tmp_path)
    found = results()
    entries = data / "entries" / "attention.yaml"
    edited = ENTRIES.replace("https://old.example.org/paper", "https://hand.example.org/paper")
    entries.write_text(edited)

    report = update_data(data, found)

    assert report.moved == []
    assert entries.read_text() == edited
    assert set(load_health(data)) == {"https://example.org/fine", "https://example.org/doomed"}
