"""Tables and generic link texts, on fixture lists shaped like real awesome lists (tests/importer/awesome/)."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest

from llmreads.importer.linktext import is_generic, is_short_name
from llmreads.importer.markdown import FoundLink, parse_list
from llmreads.model import Rel

LISTS = Path(__file__).parent / "awesome"


def links_of(name: str) -> dict[str, FoundLink]:
    parsed = parse_list((LISTS / name).read_text(encoding="utf-8"), name)
    return {link.url: link for link in parsed.links}


@pytest.fixture(scope="module")
def tables() -> dict[str, FoundLink]:
    return links_of("awesome-tables.md")


@pytest.fixture(scope="module")
def bullets() -> dict[str, FoundLink]:
    return links_of("awesome-bullets.md")


def test_a_milestone_table_gives_titles_years_organisations_and_keywords(tables: dict[str, FoundLink]) -> None:
    attention = tables["https://arxiv.org/pdf/1706.03762.pdf"]
    assert (attention.title, attention.year, attention.organisation, attention.authors) == (
        "Attention Is All You Need", 2017, "Google", [])
    assert attention.words == "Transformers"
    assert attention.heading == ["Milestone Papers"]
    assert attention.line == 9
    assert tables["https://aclanthology.org/N19-1423.pdf"].year == 2018


def test_a_short_linked_name_is_kept_but_marked(tables: dict[str, FoundLink]) -> None:
    t5 = tables["https://arxiv.org/abs/1910.10683"]
    assert t5.title == "T5"
    assert t5.short_title


def test_the_title_column_names_the_work_and_generic_links_never_do(tables: dict[str, FoundLink]) -> None:
    scaling = tables["https://github.com/example/scaling"]
    assert scaling.title == "Scaling Laws for Neural Language Models"
    assert scaling.year == 2020
    assert scaling.authors == ["Jared Kaplan", "Sam McCandlish", "Tom Henighan"]
    assert scaling.comment == "Power laws relate loss to model size, data and compute."
    titles = {link.title for link in tables.values()}
    assert not {t for t in titles if t and is_generic(t)}


def test_an_article_column_gives_the_address_and_the_rest_become_extras(tables: dict[str, FoundLink]) -> None:
    url = "https://mlabonne.github.io/blog/posts/Fine_Tune_Your_Own_Llama_2_Model_in_a_Colab_Notebook.html"
    llama = tables[url]
    assert llama.title == "Fine-tune Llama 2 in Colab"
    assert llama.extras == [("https://colab.research.google.com/drive/1PEQyJO1", Rel.CODE),
                            ("https://www.youtube.com/watch?v=abcdefghijk", Rel.VIDEO)]
    gptq = tables["https://mlabonne.github.io/blog/posts/gptq.html"]
    assert gptq.extras == [("https://colab.research.google.com/drive/1lSvVDaRgqQp", Rel.CODE)]


def test_a_generic_link_inside_the_title_cell_leaves_the_cells_words_as_title(tables: dict[str, FoundLink]) -> None:
    rlhf = tables["https://www.example.org/blog/rlhf-explained"]
    assert (rlhf.title, rlhf.year) == ("RLHF explained", 2023)
    assert rlhf.extras == [("https://www.example.org/rlhf.pdf", Rel.PDF)]


def test_an_organisation_column_is_not_people(tables: dict[str, FoundLink]) -> None:
    vllm = tables["https://github.com/vllm-project/vllm"]
    assert (vllm.title, vllm.organisation, vllm.authors) == ("vLLM", "UC Berkeley", [])


def test_a_table_without_a_usable_header_still_imports_row_by_row(tables: dict[str, FoundLink]) -> None:
    first, second = tables["https://a.example/first"], tables["https://b.example/second"]
    assert (first.title, second.title) == (None, None)
    assert first.extras == [("https://a.example/first-slides.pdf", Rel.SLIDES)]
    assert "https://a.example/first-slides.pdf" not in tables


def test_a_row_without_any_link_is_not_a_work(tables: dict[str, FoundLink]) -> None:
    assert all(link.title != "Training Compute-Optimal Large Language Models" for link in tables.values())


# --------------------------------------------------------------------------- bullets


def test_a_bullets_own_words_title_its_generic_paper_link(bullets: dict[str, FoundLink]) -> None:
    scaling = bullets["https://arxiv.org/abs/2001.08361"]
    assert scaling.title == "Scaling laws for neural language models"
    assert scaling.extras == [("https://github.com/example/scaling-laws", Rel.CODE)]
    emergent = bullets["https://arxiv.org/abs/2206.07682"]
    assert emergent.title == "Emergent Abilities of Large Language Models"
    assert emergent.extras == [("https://example.org/emergent", Rel.SEE_ALSO)]


def test_words_after_a_title_link_are_the_lists_comment_and_a_byline_gives_authors(
        bullets: dict[str, FoundLink]) -> None:
    post = bullets["https://jalammar.github.io/illustrated-transformer/"]
    assert (post.title, post.authors, post.comment) == (
        "The Illustrated Transformer", ["Jay Alammar"], "a visual walk through attention.")
    ppo = bullets["https://arxiv.org/abs/1707.06347"]
    assert (ppo.title, ppo.short_title) == ("PPO", True)
    assert ppo.comment == "proximal policy optimisation, the RL algorithm behind RLHF."


def test_a_generic_link_opening_a_bullet_takes_the_words_after_it(bullets: dict[str, FoundLink]) -> None:
    assert bullets["https://arxiv.org/abs/2305.18290"].title == "Direct Preference Optimization"


def test_a_lone_generic_link_has_no_title(bullets: dict[str, FoundLink]) -> None:
    assert bullets["https://example.org/unknown"].title is None


def test_parenthesised_generic_links_are_extras(bullets: dict[str, FoundLink]) -> None:
    lora = bullets["https://arxiv.org/abs/2106.09685"]
    assert lora.extras == [("https://arxiv.org/pdf/2106.09685v2.pdf", Rel.PDF),
                           ("https://www.youtube.com/watch?v=DhRoTONcyZE", Rel.VIDEO)]


def test_prose_around_an_inline_link_is_not_a_comment() -> None:
    text = "- training LLMs is compression: there is [close relationship](https://a.example/c) between them\n"
    (link,) = parse_list(text, "l.md").links
    assert (link.title, link.comment) == ("close relationship", None)


@pytest.mark.parametrize("text", ["Article", "paper", "[PDF]", "Code", "Colab", "here", "3", "[12]", "arXiv",
                                  "GitHub", "Open In Colab", "Slides", "Video", " link "])
def test_generic_link_texts(text: str) -> None:
    assert is_generic(text)
    assert not is_short_name(text)


@pytest.mark.parametrize("text", ["T5", "PPO", "AWQ", "Attention Is All You Need", "LLaMA-2"])
def test_names_are_not_generic(text: str) -> None:
    assert not is_generic(text)


def test_an_html_link_around_a_badge_is_an_extra_not_a_title() -> None:
    text = dedent("""
        - [Guide](https://a.example/guide) <a href="https://colab.research.google.com/x"><img src="b.svg"></a>
        """).lstrip()
    (link,) = parse_list(text, "l.md").links
    assert link.extras == [("https://colab.research.google.com/x", Rel.CODE)]


def test_badges_are_extras_and_follower_pages_are_dropped(tables: dict[str, FoundLink]) -> None:
    llama = tables["https://github.com/ggerganov/llama.cpp"]
    assert (llama.title, llama.year, llama.organisation, llama.extras) == ("Llama.cpp", 2023, "ggerganov", [])
    ollama = tables["https://ollama.com/"]
    assert ollama.extras == [("https://github.com/ollama/ollama", Rel.CODE)]
    assert "https://github.com/ggerganov" not in tables
