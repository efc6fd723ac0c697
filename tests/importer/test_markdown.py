"""parse_list: every shape of Markdown reading list the importer meets, on small inline samples."""

from __future__ import annotations

from textwrap import dedent

import pytest
from conftest import SEEDS, needs_seeds

from llmreads.errors import ImportSourceError
from llmreads.importer.markdown import FoundLink, ParsedList, parse_list
from llmreads.model import Rel


def parse(text: str) -> ParsedList:
    return parse_list(dedent(text).lstrip("\n"), "list.md")


def kept(parsed: ParsedList) -> list[FoundLink]:
    """The links that would become entries (social links carry a skip reason)."""
    return [link for link in parsed.links if link.skip_reason is None]


def urls(parsed: ParsedList) -> list[str]:
    return [link.url for link in kept(parsed)]


def by_url(parsed: ParsedList) -> dict[str, FoundLink]:
    return {link.url: link for link in parsed.links}


# --------------------------------------------------------------------------- bullets and links


def test_every_bullet_marker_and_numbered_items() -> None:
    parsed = parse(
        """
        - [Dash](https://a.example/dash)
        + [Plus](https://a.example/plus)
        * [Star](https://a.example/star)
        1. [One](https://a.example/one)
        2) [Two](https://a.example/two)
        """
    )
    assert [(link.title, link.url) for link in parsed.links] == [
        ("Dash", "https://a.example/dash"),
        ("Plus", "https://a.example/plus"),
        ("Star", "https://a.example/star"),
        ("One", "https://a.example/one"),
        ("Two", "https://a.example/two"),
    ]
    assert [link.line for link in parsed.links] == [1, 2, 3, 4, 5]
    assert all(link.heading == [] and link.authors == [] and link.extras == [] for link in parsed.links)


def test_links_in_bullets_at_any_depth() -> None:
    parsed = parse(
        """
        - [Top](https://a.example/top)
          - [Second](https://a.example/second)
            + [Third](https://a.example/third)
              1. [Fourth](https://a.example/fourth)
                 * [Fifth](https://a.example/fifth)
        """
    )
    assert [link.title for link in parsed.links] == ["Top", "Second", "Third", "Fourth", "Fifth"]
    assert [link.line for link in parsed.links] == [1, 2, 3, 4, 5]


def test_link_title_drops_author_after_pipe_and_youtube_suffix() -> None:
    parsed = parse(
        """
        - [What we know about LLMs (Primer) | Will Thompson](https://willthompson.name/primer)
        - [Web LLM | GitHub @mlc-ai](https://github.com/mlc-ai/web-llm)
        - [The Illustrated Word2vec (YouTube)](https://www.youtube.com/watch?v=ISPId9Lhc1g)
        - [State of GPT by Andrej Karpathy](https://www.youtube.com/watch?v=bZQun8Y4L2A)
        """
    )
    found = [(link.title, link.authors) for link in parsed.links]
    assert found == [
        ("What we know about LLMs (Primer)", ["Will Thompson"]),
        ("Web LLM", []),
        ("The Illustrated Word2vec", []),
        ("State of GPT", ["Andrej Karpathy"]),
    ]


def test_text_around_a_link_is_not_part_of_its_title() -> None:
    parsed = parse(
        """
        + [LLaMAntino](https://arxiv.org/pdf/2312.09993.pdf) - Really great overview of fine-tuning
        + Training [Compute-Optimal Large Language Models](https://arxiv.org/abs/2203.15556)
        """
    )
    assert [(link.title, link.url) for link in parsed.links] == [
        ("LLaMAntino", "https://arxiv.org/pdf/2312.09993.pdf"),
        ("Compute-Optimal Large Language Models", "https://arxiv.org/abs/2203.15556"),
    ]


# --------------------------------------------------------------------------- "Title, by Author. URL" lines


def test_title_comma_by_author_then_url() -> None:
    parsed = parse("BPE Tokenization Demystified: Implementation and Examples, by MartinLwx. https://martinlwx.github.io/en/bpe/\n")
    (link,) = parsed.links
    assert link.title == "BPE Tokenization Demystified: Implementation and Examples"
    assert link.authors == ["MartinLwx"]
    assert link.url == "https://martinlwx.github.io/en/bpe/"


def test_title_dot_by_two_authors_then_url() -> None:
    parsed = parse(
        """
        Double Descent - Part 1: A Visual Introduction. By Jared Wilber & Brent Werness. https://mlu-explain.github.io/double-descent/

        Deep Networks Always Grok. By Ahmed Humayun, Randall Balestriero, and Richard Baraniuk. https://imtiazhumayun.github.io/grokking/

        Scaffolded LLMs. By Ann Author and Bob Writer. https://example.org/scaffolded
        """
    )
    assert [(link.title, link.authors) for link in parsed.links] == [
        ("Double Descent - Part 1: A Visual Introduction", ["Jared Wilber", "Brent Werness"]),
        ("Deep Networks Always Grok", ["Ahmed Humayun", "Randall Balestriero", "Richard Baraniuk"]),
        ("Scaffolded LLMs", ["Ann Author", "Bob Writer"]),
    ]


def test_question_title_by_author_keeps_question_mark_and_drops_note() -> None:
    parsed = parse(
        "Do Large Language Models learn world models or just surface statistics? By Kenneth Li. "
        "(Note: Talks about Othello-GPT and world modelling) https://thegradient.pub/othello/\n"
    )
    (link,) = parsed.links
    assert link.title == "Do Large Language Models learn world models or just surface statistics?"
    assert link.authors == ["Kenneth Li"]


def test_title_with_inner_full_stop_before_by() -> None:
    parsed = parse(
        "ChatGPT Is Not a Blurry JPEG of the Web. It's a Simulacrum. By Domenic Denicola. https://blog.domenic.me/x/\n"
    )
    (link,) = parsed.links
    assert link.title == "ChatGPT Is Not a Blurry JPEG of the Web. It's a Simulacrum"
    assert link.authors == ["Domenic Denicola"]


def test_title_then_author_list_without_by_drops_etc() -> None:
    parsed = parse("Explaining grokking through circuit efficiency. Vikrant Varma, Rohin Shah, Zachary Kenton, etc. https://arxiv.org/abs/2309.02390\n")
    (link,) = parsed.links
    assert link.title == "Explaining grokking through circuit efficiency"
    assert link.authors == ["Vikrant Varma", "Rohin Shah", "Zachary Kenton"]


def test_author_with_parenthesised_nickname_is_kept_whole() -> None:
    parsed = parse(
        "Attention is Kernel Trick Reloaded, Gokhan Egri and Xinran (Nicole) Han. "
        "https://egrigokhan.github.io/data/report.pdf\n"
    )
    (link,) = parsed.links
    assert link.title == "Attention is Kernel Trick Reloaded"
    assert link.authors == ["Gokhan Egri", "Xinran (Nicole) Han"]


# --------------------------------------------------------------------------- bare URLs


def test_bare_urls_several_in_one_paragraph() -> None:
    parsed = parse("https://one.example/a https://two.example/b\thttps://three.example/c\n")
    assert [(link.url, link.title, link.line) for link in parsed.links] == [
        ("https://one.example/a", None, 1),
        ("https://two.example/b", None, 1),
        ("https://three.example/c", None, 1),
    ]


def test_bare_urls_on_consecutive_lines() -> None:
    parsed = parse(
        """
        # Ch 4 Running things

        https://hackernoon.com/efficient-guided-generation
        https://arxiv.org/abs/2307.09702

        https://simmering.dev/blog/structured_output/
        """
    )
    assert [(link.url, link.title, link.authors, link.line) for link in parsed.links] == [
        ("https://hackernoon.com/efficient-guided-generation", None, [], 3),
        ("https://arxiv.org/abs/2307.09702", None, [], 4),
        ("https://simmering.dev/blog/structured_output/", None, [], 6),
    ]


def test_bare_url_loses_trailing_sentence_punctuation() -> None:
    parsed = parse("Read https://a.example/post. Or (https://b.example/x) and https://c.example/y, thanks!\n")
    assert [link.url for link in parsed.links] == [
        "https://a.example/post", "https://b.example/x", "https://c.example/y",
    ]


def test_bare_url_keeps_balanced_parentheses() -> None:
    parsed = parse("https://en.wikipedia.org/wiki/Attention_(machine_learning)\n")
    assert [link.url for link in parsed.links] == ["https://en.wikipedia.org/wiki/Attention_(machine_learning)"]


def test_bare_url_after_a_sentence_gets_no_empty_title() -> None:
    parsed = parse("Read https://a.example/post. Then try https://b.example/other\n")
    second = parsed.links[1]
    assert second.url == "https://b.example/other"
    assert second.title != ""
    assert not (second.authors and not second.title)


def test_autolink_is_a_bare_url() -> None:
    parsed = parse("- <https://example.com/page>\n")
    (link,) = parsed.links
    assert link.url == "https://example.com/page"
    assert link.title is None


# --------------------------------------------------------------------------- notes and sub-headings


def test_nested_notes_under_a_bullet_are_not_entries_or_headings() -> None:
    parsed = parse(
        """
        ## Resources

        - [Understanding large language models](https://magazine.example/understanding)
          - Top 10-ish papers to understand the design, constraints and evolution of
            LLMs
          - Development of LLMs: Attention weighted encodings, transformer, BERT
        - [What we know about LLMs](https://willthompson.name/primer)
          - A simple explainer of what is considered an LLM
        """
    )
    assert [(link.title, link.heading) for link in parsed.links] == [
        ("Understanding large language models", ["Resources"]),
        ("What we know about LLMs", ["Resources"]),
    ]


def test_text_only_bullets_with_prose_make_no_links() -> None:
    parsed = parse(
        """
        - LLMs are neural networks with billions of parameters
        - how LLMs are built
          - 1\\) pre-training for knowledge
            - get a **base model**
        """
    )
    assert parsed.links == []


def test_bold_and_plain_list_items_become_the_heading_path() -> None:
    parsed = parse(
        """
        # Intro

        ## Reading list

        - **Transformers and Language Models**
          - [Attention Is All You Need](https://arxiv.org/abs/1706.03762)
          - [LLaMA-2](https://ai.meta.com/llama-2)
        - **Running Language Models Locally**
          - [Llama.cpp code](https://github.com/ggerganov/llama.cpp)
        - Plain group:
          - [Plain child](https://a.example/plain)
          - Nested group
            - [Deep child](https://a.example/deep)
        - [After the groups](https://a.example/after)
        """
    )
    assert [(link.title, link.heading) for link in parsed.links] == [
        ("Attention Is All You Need", ["Reading list", "Transformers and Language Models"]),
        ("LLaMA-2", ["Reading list", "Transformers and Language Models"]),
        ("Llama.cpp code", ["Reading list", "Running Language Models Locally"]),
        ("Plain child", ["Reading list", "Plain group"]),
        ("Deep child", ["Reading list", "Plain group", "Nested group"]),
        ("After the groups", ["Reading list"]),
    ]


def test_numbered_item_as_sub_heading() -> None:
    parsed = parse(
        """
        ### Understand the lay of the land

        1. Research papers
           1. [Attention is all you need](https://arxiv.org/abs/1706.03762)
           2. [BERT](https://arxiv.org/abs/1810.04805)
        2. [State of GPT by Andrej Karpathy](https://www.youtube.com/watch?v=bZQun8Y4L2A)
        """
    )
    assert [(link.title, link.heading) for link in parsed.links] == [
        ("Attention is all you need", ["Understand the lay of the land", "Research papers"]),
        ("BERT", ["Understand the lay of the land", "Research papers"]),
        ("State of GPT", ["Understand the lay of the land"]),
    ]


def test_heading_levels_nest_and_reset() -> None:
    parsed = parse(
        """
        ## A
        ### A1
        [one](https://a.example/1)
        ### A2
        [two](https://a.example/2)
        ## B
        [three](https://a.example/3)
        #### B deep
        [four](https://a.example/4)
        """
    )
    assert [link.heading for link in parsed.links] == [["A", "A1"], ["A", "A2"], ["B"], ["B", "B deep"]]


# --------------------------------------------------------------------------- extras: see also, discussion, slides


def test_see_also_becomes_a_see_also_extra_on_the_previous_link() -> None:
    parsed = parse(
        """
        Linda Linsefors's Shortform, lesswrong forum. https://www.lesswrong.com/posts/tM84/shortform
        (See also https://blog.esciencecenter.nl/king-man-woman-king-9a7fd2935a85 , referenced from above)
        """
    )
    (link,) = parsed.links
    assert link.url == "https://www.lesswrong.com/posts/tM84/shortform"
    assert link.title == "Linda Linsefors's Shortform"
    assert link.extras == [("https://blog.esciencecenter.nl/king-man-woman-king-9a7fd2935a85", Rel.SEE_ALSO)]


def test_see_also_discussion_thread_becomes_a_discussion_extra() -> None:
    parsed = parse(
        "Scaffolded LLMs as natural language computers, by Beren Millidge. https://www.beren.io/scaffolded/ "
        "(See also discussion thread at https://www.lesswrong.com/posts/43C3/scaffolded )\n"
    )
    (link,) = parsed.links
    assert (link.title, link.authors) == ("Scaffolded LLMs as natural language computers", ["Beren Millidge"])
    assert link.extras == [("https://www.lesswrong.com/posts/43C3/scaffolded", Rel.DISCUSSION)]


def test_hn_link_in_parentheses_is_a_discussion_extra_on_the_previous_link() -> None:
    parsed = parse(
        """
        - [Understanding large language models](https://magazine.example/understanding)
          ([HN](https://news.ycombinator.com/item?id=35589756))
          - Top 10-ish papers
        - [Understanding ChatGPT | Atmosera](https://www.atmosera.com/ai/understanding-chatgpt/) ([HN](https://news.ycombinator.com/item?id=35312468))
        """
    )
    assert [(link.url, link.extras) for link in parsed.links] == [
        ("https://magazine.example/understanding", [("https://news.ycombinator.com/item?id=35589756", Rel.DISCUSSION)]),
        ("https://www.atmosera.com/ai/understanding-chatgpt/",
         [("https://news.ycombinator.com/item?id=35312468", Rel.DISCUSSION)]),
    ]


def test_slides_link_after_a_link_is_a_slides_extra() -> None:
    parsed = parse(
        "+ [Large Language Models in 2023](https://www.youtube.com/watch?v=dbo3kNKPaUA&feature=youtu.be) and "
        "[Slides](https://docs.google.com/presentation/d/1636/edit#slide=id.g1)\n"
    )
    (link,) = parsed.links
    assert link.title == "Large Language Models in 2023"
    assert link.extras == [("https://docs.google.com/presentation/d/1636/edit#slide=id.g1", Rel.SLIDES)]


def test_extras_by_word() -> None:
    parsed = parse(
        "[Paper](https://a.example/paper) ([code](https://github.com/a/b)) ([pdf](https://a.example/p.pdf)) "
        "([video](https://vimeo.com/1)) ([discussion](https://reddit.com/r/x/1))\n"
    )
    (link,) = parsed.links
    assert link.extras == [
        ("https://github.com/a/b", Rel.CODE),
        ("https://a.example/p.pdf", Rel.PDF),
        ("https://vimeo.com/1", Rel.VIDEO),
        ("https://reddit.com/r/x/1", Rel.DISCUSSION),
    ]


def test_intro_paragraph_with_several_links_and_lowercase_slides() -> None:
    parsed = parse(
        "[Andrej Karpathy](https://karpathy.ai/), the GOAT who gifted us the "
        "[Neural Networks from Zero To Hero](https://www.youtube.com/playlist?list=PLAq) videos, released a 1hr "
        "[Intro to LLMs](https://www.youtube.com/watch?v=zjkBMFhNj_g) video "
        "([slides](https://drive.google.com/file/d/1pxx/view))\n"
    )
    assert [(link.title, link.url, link.extras) for link in parsed.links] == [
        ("Andrej Karpathy", "https://karpathy.ai/", []),
        ("Neural Networks from Zero To Hero", "https://www.youtube.com/playlist?list=PLAq", []),
        ("Intro to LLMs", "https://www.youtube.com/watch?v=zjkBMFhNj_g",
         [("https://drive.google.com/file/d/1pxx/view", Rel.SLIDES)]),
    ]


# --------------------------------------------------------------------------- broken syntax


def test_stray_brace_before_the_href_is_dropped() -> None:
    parsed = parse("+ [Tiny Language Models Come of Age](}https://www.quantamagazine.org/tiny-models-20231005/)\n")
    (link,) = parsed.links
    assert (link.title, link.url) == ("Tiny Language Models Come of Age", "https://www.quantamagazine.org/tiny-models-20231005/")


def test_missing_closing_parenthesis() -> None:
    parsed = parse(
        """
        + [Training LLMs at Scale with AMD MI250 GPUs](https://www.databricks.com/blog/training-llms-scale-amd-mi250-gpus
        + [GPU Programming](https://enccs.github.io/gpu-programming/)
        """
    )
    assert [(link.title, link.url) for link in parsed.links] == [
        ("Training LLMs at Scale with AMD MI250 GPUs", "https://www.databricks.com/blog/training-llms-scale-amd-mi250-gpus"),
        ("GPU Programming", "https://enccs.github.io/gpu-programming/"),
    ]


def test_images_are_ignored() -> None:
    parsed = parse(
        """
        ### Building Blocks
        <img width="405" alt="Screenshot 2023-12-18 at 8 33 35 PM" src="https://gist.github.com/assets/3837836/a92c">

        ![](https://img.example/pic.png)

        ![a chart](https://img.example/chart.png) and an inline <img src="https://img.example/inline.png">

        + [What are embeddings](https://vickiboykis.com/what_are_embeddings/)
        """
    )
    assert [(link.title, link.url, link.heading) for link in parsed.links] == [
        ("What are embeddings", "https://vickiboykis.com/what_are_embeddings/", ["Building Blocks"]),
    ]


def test_non_http_links_are_ignored() -> None:
    parsed = parse(
        """
        - [Mail me](mailto:someone@example.com)
        - [Other page](./other.md)
        - [Up](../index.html)
        - [Anchor](#section)
        - [Script](javascript:alert(1))
        - [FTP](ftp://example.com/file)
        - [Real](https://a.example/real)
        """
    )
    assert [(link.title, link.url) for link in parsed.links] == [("Real", "https://a.example/real")]


# --------------------------------------------------------------------------- document title, front matter, kramdown


def test_front_matter_title_and_author() -> None:
    parsed = parse(
        """
        ---
        title: 'Intro to LLMs'
        author: Jane Roe
        tags: 'notes, AI'
        date: 'Nov 27, 2023'
        ---

        [Intro to LLMs](https://www.youtube.com/watch?v=zjkBMFhNj_g)
        """
    )
    assert (parsed.title, parsed.author) == ("Intro to LLMs", "Jane Roe")
    (link,) = parsed.links
    assert link.line == 8  # counted in the file, front matter included


def test_front_matter_title_wins_over_heading_and_unquoted_date_is_fine() -> None:
    parsed = parse(
        """
        ---
        layout: post
        title: Quickstart on LLMs
        category: [deep-learning, llms]
        date: 2023-12-01
        ---

        # Something else

        [A](https://a.example/)
        """
    )
    assert parsed.title == "Quickstart on LLMs"
    assert parsed.author is None


def test_broken_front_matter_is_an_import_error() -> None:
    with pytest.raises(ImportSourceError, match=r"^list\.md:\d+: front matter: not valid YAML$"):
        parse(
            """
            ---
            title: [unclosed
            ---
            [A](https://a.example/)
            """
        )


def test_kramdown_toc_markup_is_not_a_link_or_heading() -> None:
    parsed = parse(
        """
        1. TOC
        {:toc}

        Updated on May, 25

        ## Quickstart on LLMs

        - Group {: .highlight}
          - [A](https://a.example/)
        """
    )
    assert [(link.title, link.heading) for link in parsed.links] == [("A", ["Quickstart on LLMs", "Group"])]


def test_kramdown_attribute_list_is_stripped_from_headings() -> None:
    parsed = parse(
        """
        ## Contents {: .no_toc}

        [A](https://a.example/)
        """
    )
    assert parsed.links[0].heading == ["Contents"]


def test_single_first_h1_is_the_document_title_not_a_heading() -> None:
    parsed = parse(
        """
        # Anti-hype LLM reading list

        ## Foundational Concepts

        + [Survey of LLMS](https://arxiv.org/abs/2303.18223)

        # Small and Local LLMs

        + [How is LlamaCPP Possible?](https://finbarr.ca/how-is-llama-cpp-possible/)
        """
    )
    assert parsed.title == "Anti-hype LLM reading list"
    assert [link.heading for link in parsed.links] == [["Foundational Concepts"], ["Small and Local LLMs"]]


def test_h1_chapters_are_headings_and_give_no_title() -> None:
    parsed = parse(
        """
        # Ch 1 Attention and Transformer

        The Illustrated Transformer, by Jay Alammar. https://jalammar.github.io/illustrated-transformer/

        # Ch 2 Training LLM and Text Generation

        How to generate text, by Patrick von Platen. https://huggingface.co/blog/how-to-generate
        """
    )
    assert parsed.title is None
    assert [link.heading for link in parsed.links] == [
        ["Ch 1 Attention and Transformer"], ["Ch 2 Training LLM and Text Generation"],
    ]


def test_no_title_anywhere() -> None:
    parsed = parse("[A](https://a.example/)\n")
    assert (parsed.title, parsed.author) == (None, None)


# --------------------------------------------------------------------------- social acknowledgement links


def test_social_acknowledgement_links_are_marked_to_skip() -> None:
    parsed = parse(
        """
        ## What's Next?

        Thanks to everyone who added suggestions on
        [Twitter](https://twitter.com/vboykis/status/1691530859575214081),
        [Mastodon](https://jawns.club/@vicki/110895263087386568), and Bluesky.

        Follow [me](https://twitter.com/someone) or [there](https://x.com/someone) and read [a post](https://blog.example/post).
        """
    )
    reasons = {link.url: link.skip_reason for link in parsed.links}
    assert reasons["https://twitter.com/vboykis/status/1691530859575214081"] is not None
    assert reasons["https://jawns.club/@vicki/110895263087386568"] is not None
    assert reasons["https://twitter.com/someone"] is not None
    assert reasons["https://x.com/someone"] is not None
    assert urls(parsed) == ["https://blog.example/post"]


def test_a_tweet_linked_by_its_title_is_not_skipped() -> None:
    parsed = parse("- [A great thread on attention](https://twitter.com/someone/status/123)\n")
    assert urls(parsed) == ["https://twitter.com/someone/status/123"]


# --------------------------------------------------------------------------- the real seed lists


SEED_002_TITLES = [
    "BPE Tokenization Demystified: Implementation and Examples",
    "What Are Word and Sentence Embeddings? Cohere LLM University, Chapter 1, Module 1",
    "A Deep Dive into NLP Tokenization and Encoding with Word and Sentence Embeddings",
    "Word Embedding Analogies: Understanding King - Man + Woman = Queen",
    "Linda Linsefors's Shortform",
    "Rotary Embeddings: A Relative Revolution",
    "Chapter 1.3 Rotary Positional Embeddings",
    "Annotated Research Paper Implementations, Rotary Positional Embeddings (RoPE)",
    "Tutorial/implementation of GPT",
    "The Illustrated Transformer",
    "The Illustrated GPT-2 (Visualizing Transformer Language Models)",
    "Attention is Kernel Trick Reloaded",
    "How to generate text: using different decoding methods for language generation with Transformers",
    "ChatGPT is a blurry JPEG of the web",
    "ChatGPT Is Not a Blurry JPEG of the Web. It's a Simulacrum",
    'Think of language models like ChatGPT as a "calculator for words"',
    "Do Large Language Models learn world models or just surface statistics?",
    "Understanding grokking in terms of representation learning dynamics",
    "Deep Networks Always Grok and Here is Why, ICML 2024",
    "Grokking: Generalization Beyond Overfitting on Small Algorithmic Datasets",
    "Explaining grokking through circuit efficiency",
    "LLMs are Not Just Next Token Predictors",
    "Double Descent - Part 1: A Visual Introduction",
    "Double Descent Demystified - Identifying, Interpreting & Ablating the Sources of a Deep Learning Puzzle",
    "Scaffolded LLMs as natural language computers",
]


def _seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


@needs_seeds
def test_seed_002_bare_urls_have_no_title_and_titled_lines_keep_theirs() -> None:
    parsed = parse_list(_seed("002"), "002.txt")
    untitled = [link for link in parsed.links if link.title is None]
    titled = [link for link in parsed.links if link.title is not None]
    assert len(untitled) == 68
    assert all(link.authors == [] and link.extras == [] for link in untitled)
    assert [link.title for link in titled] == SEED_002_TITLES
    assert parsed.title is None  # chapters are H1s
    assert all(link.skip_reason is None for link in parsed.links)
    assert len({link.url for link in parsed.links}) == len(parsed.links) == 93


@needs_seeds
def test_seed_002_line_numbers_point_at_the_link() -> None:
    text = _seed("002")
    lines = text.splitlines()
    for link in parse_list(text, "002.txt").links:
        assert link.url in lines[link.line - 1]


@needs_seeds
def test_seed_001_shapes() -> None:
    parsed = parse_list(_seed("001"), "001.txt")
    found = by_url(parsed)
    assert parsed.title == "Anti-hype LLM reading list"
    assert not any("gist.github.com/assets" in url for url in found)
    tiny = found["https://www.quantamagazine.org/tiny-language-models-thrive-with-gpt-4-as-a-teacher-20231005/"]
    assert tiny.title == "Tiny Language Models Come of Age"
    unclosed = found["https://www.databricks.com/blog/training-llms-scale-amd-mi250-gpus"]
    assert unclosed.heading == ["Small and Local LLMs", "GPUs"]
    video = found["https://www.youtube.com/watch?v=dbo3kNKPaUA&feature=youtu.be"]
    assert video.extras == [
        ("https://docs.google.com/presentation/d/1636wKStYdT_yRPbJNrf8MLKpQghuWGDmyHinHhAKeXY/edit#slide=id.g2885e521b53_0_0",
         Rel.SLIDES)
    ]
    skipped = [link.url for link in parsed.links if link.skip_reason]
    assert skipped == ["https://twitter.com/vboykis/status/1691530859575214081",
                       "https://jawns.club/@vicki/110895263087386568"]
    assert len(kept(parsed)) == 73


def test_a_link_mentioned_mid_sentence_keeps_the_words_that_open_the_line() -> None:
    text = "## Stack\n\n- **Vector databases**: stores such as [Chroma](https://c.example/) and [FAISS](https://f.example/).\n"
    chroma, faiss = parse_list(text, "t.md").links
    assert chroma.words == faiss.words == "Vector databases: stores such as"
    assert chroma.comment is None
