"""The page of data problems that `mkdocs serve` shows while the data is broken."""

from __future__ import annotations

import frontmatter
from bs4 import BeautifulSoup
from markdown import Markdown

from llmreads.errors import Problem
from llmreads.pages.errors import error_page


def _html(page: str) -> BeautifulSoup:
    post = frontmatter.loads(page)
    return BeautifulSoup(Markdown(extensions=["attr_list"]).convert(post.content), "html.parser")


def test_every_problem_is_one_line_as_check_prints_it() -> None:
    problems = [Problem("data/entries/a.yaml", 3, "topics", "unknown topic 'atention' (did you mean 'attention'?)"),
                Problem("data/topics.yaml", 12, "title", "field required")]
    pre = _html(error_page(problems)).select_one("pre.lr-problems")
    assert pre is not None
    assert pre.get_text().splitlines() == [str(p) for p in problems]


def test_problems_are_escaped() -> None:
    problem = Problem("data/entries/<b>.yaml", 1, "title", "<script>alert(1)</script> & more")
    page = error_page([problem])
    soup = _html(page)
    assert soup.find("script") is None and soup.find("b") is None
    assert str(problem) in soup.get_text()


def test_title_and_count_in_the_page() -> None:
    page = error_page([Problem("x/e.yaml", 1, "id", "duplicate")], "x")
    assert frontmatter.loads(page)["title"] == "Problems in the data"
    lead = _html(page).select_one("p.lr-lead")
    assert lead is not None and "1 problem in x" in lead.get_text()
