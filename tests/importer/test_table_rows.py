"""`importer.tables.read_rows` cell by cell: which column gives what, and which link is the work.

Written after mutation testing showed the column rules and the choice of the main link untested
below the level of whole fixture lists.
"""

from __future__ import annotations

import pytest

from llmreads.importer.tables import Cell, read_rows
from llmreads.model import Rel


def split(text: str) -> list[str]:
    return [name.strip() for name in text.split(",") if name.strip()]


def one(header: list[str], cells: list[Cell], line: int = 7):  # type: ignore[no-untyped-def]
    (row,) = read_rows(header, [(line, cells)], split)
    return row


def test_each_column_by_its_header() -> None:
    row = one(["Title", "Published", "Authors", "Organisation", "Summary", "Tags", "Topic"], [
        Cell("Attention Is All You Need", [("Attention Is All You Need", "https://arxiv.org/abs/1706.03762")]),
        Cell("June 2017 (v1)"), Cell("Ashish Vaswani, Noam Shazeer"), Cell("  Google Brain  "),
        Cell("  The transformer.  "), Cell("nlp"), Cell("attention"),
    ], line=12)
    assert (row.url, row.title, row.line) == ("https://arxiv.org/abs/1706.03762", "Attention Is All You Need", 12)
    assert (row.year, row.authors, row.organisation) == (2017, ["Ashish Vaswani", "Noam Shazeer"], "Google Brain")
    assert (row.comment, row.words, row.extras) == ("The transformer.", "nlp attention", [])


def test_header_names_ignore_case_and_punctuation() -> None:
    row = one(["**Paper Title**:", "TL;DR", "Release Date"], [
        Cell("T", [("A Paper", "https://a.example/")]), Cell("Short."), Cell("2021-03-04")])
    assert (row.title, row.comment, row.year) == ("A Paper", "Short.", 2021)


def test_only_the_first_column_of_a_kind_counts() -> None:
    row = one(["Name", "Year", "Date", "Author", "By", "Org", "Team", "Notes", "Comments"], [
        Cell("W", [("Work", "https://w.example/")]), Cell("2019"), Cell("2020"), Cell("Ada Lovelace"),
        Cell("Charles Babbage"), Cell("Lab A"), Cell("Lab B"), Cell("first"), Cell("second")])
    assert (row.year, row.authors, row.organisation, row.comment) == (2019, ["Ada Lovelace"], "Lab A", "first")


def test_a_year_is_four_digits_from_1900_to_2099_standing_alone() -> None:
    years = {text: one(["Title", "Year"], [Cell("t", [("Title", "https://t.example/")]), Cell(text)]).year
             for text in ("2023", "Mar 1999", "12023", "20231", "1899", "2100", "v2.0", "")}
    assert years == {"2023": 2023, "Mar 1999": 1999, "12023": None, "20231": None, "1899": None, "2100": None,
                     "v2.0": None, "": None}


def test_empty_cells_give_nothing_and_missing_cells_are_empty() -> None:
    row = one(["Title", "Year", "Authors", "Organisation", "Description"],
              [Cell("t", [("A Title", "https://t.example/")]), Cell(""), Cell("  "), Cell(" ")])
    assert (row.year, row.authors, row.organisation, row.comment, row.words) == (None, [], None, None, "")


def test_without_those_columns_nothing_is_read_from_other_cells() -> None:
    row = one(["Title", "Stars"], [Cell("t", [("A Title", "https://t.example/")]), Cell("2019 Ada Lovelace")])
    assert (row.year, row.authors, row.organisation, row.comment) == (None, [], None, None)


def test_a_row_without_links_is_no_work() -> None:
    assert read_rows(["Title", "Year"], [(3, [Cell("Just text"), Cell("2020")])], split) == []


def test_title_columns_in_order_of_preference_and_a_linked_title_first() -> None:
    row = one(["Name", "Title"], [Cell("plain name"), Cell("T", [("Linked Title", "https://l.example/")])])
    assert (row.title, row.url) == ("Linked Title", "https://l.example/")
    row = one(["Name", "Title"], [Cell("A Name", [("A Name", "https://n.example/")]),
                                  Cell("The Title", [("The Title", "https://t.example/")])])
    assert (row.title, row.url) == ("The Title", "https://t.example/")  # "title" is preferred to "name"
    row = one(["Model", "Paper"], [Cell("GPT-2"), Cell("Paper", [("Paper", "https://p.example/x.pdf")])])
    assert (row.title, row.url) == ("GPT-2", "https://p.example/x.pdf")


def test_an_unlinked_title_takes_the_pdf_or_page_link_before_code_or_video() -> None:
    row = one(["Title", "Links"], [Cell("Some Work"), Cell("Code PDF Video", [
        ("Code", "https://github.com/a/b"), ("PDF", "https://a.example/w.pdf"), ("Video", "https://youtu.be/abcdefg")])])
    assert row.url == "https://a.example/w.pdf"
    assert row.extras == [("https://github.com/a/b", Rel.CODE), ("https://youtu.be/abcdefg", Rel.VIDEO)]
    row = one(["Title", "Links"], [Cell("Some Work"), Cell("Code Video", [
        ("Code", "https://github.com/a/b"), ("Video", "https://youtu.be/abcdefg")])])
    assert row.url == "https://github.com/a/b"  # nothing better: the first link
    assert row.extras == [("https://youtu.be/abcdefg", Rel.VIDEO)]


def test_a_link_repeated_in_a_row_is_one_extra() -> None:
    row = one(["Title", "Code", "Repo"], [Cell("W", [("Work", "https://w.example/")]),
                                          Cell("c", [("code", "https://github.com/a/b")]),
                                          Cell("c", [("repo", "https://github.com/a/b")])])
    assert row.extras == [("https://github.com/a/b", Rel.CODE)]


def test_generic_link_texts_are_cut_from_a_plain_title() -> None:
    row = one(["Title", "Year"], [Cell("Sparse Mixtures [PDF] | [Code] -", [("PDF", "https://s.example/s.pdf"),
                                                                            ("Code", "https://github.com/s/s")]),
                                  Cell("2022")])
    assert (row.title, row.url) == ("Sparse Mixtures", "https://s.example/s.pdf")


def test_a_table_with_no_known_column_takes_the_first_named_link() -> None:
    row = one(["#", "Stars"], [Cell("1", [("1", "https://one.example/")]),
                               Cell("x", [("Named Work", "https://named.example/")])])
    assert (row.title, row.url) == ("Named Work", "https://named.example/")
    row = one(["#", "Stars"], [Cell("1", [("1", "https://one.example/")])])
    assert (row.title, row.url) == (None, "https://one.example/")


def test_a_numbered_bold_title_cell_gives_the_bold_words_and_the_rest_is_the_lists_comment() -> None:
    row = one(["Paper", "Links"], [
        Cell("1) Energy Transformer - one large associative memory block.", bold="Energy Transformer"),
        Cell("Paper, Tweet", [("Paper", "https://arxiv.org/abs/2302.07253"), ("Tweet", "https://x.com/a/status/1")]),
    ])
    assert (row.title, row.comment, row.url) == (
        "Energy Transformer", "one large associative memory block", "https://arxiv.org/abs/2302.07253")


def test_a_plain_title_cell_splits_at_a_dash_only_before_a_description() -> None:
    row = one(["Paper", "Links"], [Cell("3) Symbolic Discovery - finds an optimiser by program search."),
                                   Cell("Paper", [("Paper", "https://arxiv.org/abs/2302.06675")])])
    assert (row.title, row.comment) == ("Symbolic Discovery", "finds an optimiser by program search.")
    kept = one(["Paper", "Links"], [Cell("GPT-4 - Technical Report"), Cell("Paper", [("Paper", "https://a.example/")])])
    assert (kept.title, kept.comment) == ("GPT-4 - Technical Report", None)


def test_a_title_cell_that_is_a_paragraph_is_the_lists_words_and_the_work_gets_a_stand_in() -> None:
    words = ("PaperBench OpenAI introduces a new benchmark, PaperBench, to test whether AI agents can replicate "
             "cutting-edge machine learning research papers, from scratch.")
    row = one(["Paper", "Links"], [Cell("1) " + words),
                                   Cell("Paper", [("Paper", "https://arxiv.org/abs/2504.01848")])])
    assert (row.title, row.comment, row.url) == (None, words, "https://arxiv.org/abs/2504.01848")
    at_the_limit = "A" * 150
    kept = one(["Paper", "Links"], [Cell(at_the_limit), Cell("Paper", [("Paper", "https://a.example/")])])
    assert (kept.title, kept.comment) == (at_the_limit, None)


def test_a_named_link_in_a_links_column_never_outranks_the_title_column() -> None:
    row = one(["Paper", "Links"], [
        Cell("Language-Driven Representation Learning for Robotics"),
        Cell("Paper, Evaluation", [("Paper", "https://arxiv.org/abs/2302.12766"),
                                   ("Evaluation", "https://github.com/siddk/voltron-evaluation")]),
    ])
    assert row.title == "Language-Driven Representation Learning for Robotics"
    assert row.url == "https://arxiv.org/abs/2302.12766"
    assert row.extras == [("https://github.com/siddk/voltron-evaluation", Rel.CODE)]


def test_a_title_column_of_generic_links_leaves_the_name_to_another_column() -> None:
    row = one(["Notebook", "Description", "Article"], [
        Cell("Fine-tune Llama 3 with ORPO"), Cell("Cheaper fine-tuning in one stage."),
        Cell("Article", [("Article", "https://mlabonne.github.io/blog/posts/orpo.html")]),
    ])
    assert (row.title, row.url) == ("Fine-tune Llama 3 with ORPO", "https://mlabonne.github.io/blog/posts/orpo.html")


def test_follower_badges_are_not_extras_and_extras_take_their_rel_from_text_then_column() -> None:
    row = one(["Title", "Video", "Links"], [
        Cell("A work", [("A work", "https://a.example/w"), ("Follow", "https://github.com/someone")]),
        Cell("link", [("link", "https://b.example/v")]),
        Cell("slides talk", [("slides", "https://c.example/s"), ("talk", "https://d.example/t")]),
        Cell("extra", [("extra", "https://e.example/x")]),     # a cell beyond the header
    ])
    assert row.url == "https://a.example/w"
    assert row.extras == [("https://b.example/v", Rel.VIDEO), ("https://c.example/s", Rel.SLIDES),
                          ("https://d.example/t", Rel.VIDEO), ("https://e.example/x", Rel.SEE_ALSO)]


def test_an_unlinked_title_takes_the_first_link_to_the_work_itself() -> None:
    row = one(["Title", "Code", "Links", "More"], [
        Cell("A plain title"), Cell("link", [("link", "https://a.example/impl")]),
        Cell("Code Paper", [("Code", "https://b.example/impl"), ("Paper", "https://c.example/p")]),
        Cell("x", [("x", "https://d.example/x")]),
    ])
    assert (row.title, row.url) == ("A plain title", "https://c.example/p")
    assert row.extras == [("https://a.example/impl", Rel.CODE), ("https://b.example/impl", Rel.CODE),
                          ("https://d.example/x", Rel.SEE_ALSO)]


def test_a_link_beyond_the_header_can_be_the_work() -> None:
    row = one(["Title"], [Cell("A plain title"), Cell("x", [("x", "https://d.example/x")])])
    assert (row.title, row.url, row.extras) == ("A plain title", "https://d.example/x", [])


@pytest.mark.parametrize(("cell", "title", "comment"), [
    (Cell("Title - what it is", bold="Title"), "Title", "what it is"),
    (Cell("Title - two words", bold="Title"), "Title", None),                      # too few to be words on it
    (Cell("Title", bold="Title"), "Title", None),
    (Cell("1) Title - what it is", bold="Title"), "Title", "what it is"),
    (Cell("Plain title - what it is about"), "Plain title", "what it is about"),
    (Cell("Plain title - what it - is"), "Plain title", "what it - is"),               # split at the first dash
    (Cell("Plain title - two words"), "Plain title - two words", None),
    (Cell("x" * 150 + " - what it is"), "x" * 150, "what it is"),
    (Cell("x" * 151 + " - what it is"), None, "x" * 151 + " - what it is"),           # too long to be a title
])
def test_a_plain_title_cell_splits_into_title_and_words(cell: Cell, title: str, comment: str | None) -> None:
    row = one(["Title", "Links"], [cell, Cell("paper", [("paper", "https://a.example/p")])])
    assert (row.title, row.comment) == (title, comment)
