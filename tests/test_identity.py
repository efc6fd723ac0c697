"""Work identity: every address of one work gives one key; different works never share one."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from llmreads.identity import Verdict, Work, compare, work_key

new_ids = st.builds(lambda y, m, n: f"{y:02d}{m:02d}.{n:05d}", st.integers(7, 30), st.integers(1, 12),
                    st.integers(0, 99999))
versions = st.sampled_from(["", "v1", "v2", "v13"])
schemes = st.sampled_from(["https://", "http://", "https://www."])


def arxiv_forms(ident: str, version: str) -> list[str]:
    return [
        f"arxiv.org/abs/{ident}{version}", f"arxiv.org/pdf/{ident}{version}", f"arxiv.org/pdf/{ident}{version}.pdf",
        f"arxiv.org/html/{ident}{version}", f"export.arxiv.org/abs/{ident}", f"huggingface.co/papers/{ident}",
        f"alphaxiv.org/abs/{ident}{version}", f"alphaxiv.org/overview/{ident}", f"ar5iv.org/abs/{ident}",
        f"ar5iv.labs.arxiv.org/html/{ident}", f"doi.org/10.48550/arXiv.{ident}", f"dx.doi.org/10.48550/ARXIV.{ident}",
    ]


@given(new_ids, versions, schemes, st.data())
def test_every_form_of_an_arxiv_id_is_one_work(ident: str, version: str, scheme: str, data: st.DataObject) -> None:
    forms = arxiv_forms(ident, version)
    url = scheme + data.draw(st.sampled_from(forms))
    assert work_key(url) == work_key(f"https://arxiv.org/abs/{ident}") == f"arxiv:{ident}"


@given(new_ids, new_ids, st.data())
def test_different_arxiv_ids_are_different_works(a: str, b: str, data: st.DataObject) -> None:
    assume(a != b)
    url_a = "https://" + data.draw(st.sampled_from(arxiv_forms(a, "v1")))
    url_b = "https://" + data.draw(st.sampled_from(arxiv_forms(b, "")))
    assert work_key(url_a) != work_key(url_b)


def test_old_style_arxiv_ids() -> None:
    assert work_key("https://arxiv.org/abs/hep-th/9901001v2") == work_key("https://arxiv.org/pdf/hep-th/9901001")
    assert work_key("https://arxiv.org/abs/math.GT/0309136") == "arxiv:math.GT/0309136"


dois = st.builds(lambda prefix, suffix: f"10.{prefix}/{suffix}", st.integers(1000, 99999),
                 st.from_regex(r"[A-Za-z0-9][A-Za-z0-9.()_-]{0,20}[A-Za-z0-9]", fullmatch=True))


@given(dois, schemes, st.sampled_from(["doi.org", "dx.doi.org"]), st.booleans())
def test_a_doi_is_one_work_however_written(doi: str, scheme: str, host: str, upper: bool) -> None:
    written = doi.upper() if upper else doi
    assert work_key(f"{scheme}{host}/{written}") == work_key(f"https://doi.org/{doi}") == f"doi:{doi.lower()}"
    assert work_key(f"https://dl.acm.org/doi/{doi}") == f"doi:{doi.lower()}"
    assert work_key(f"https://dl.acm.org/doi/pdf/{doi}") == f"doi:{doi.lower()}"


acl_ids = st.one_of(
    st.builds(lambda y, venue, n: f"{y}.{venue}.{n}", st.integers(2020, 2025),
              st.sampled_from(["acl-main", "emnlp-main", "findings-acl", "naacl-long"]), st.integers(1, 999)),
    st.builds(lambda letter, y, n: f"{letter}{y:02d}-{n:04d}", st.sampled_from("PDNEWQ"), st.integers(0, 19),
              st.integers(1, 9999)),
)


@given(acl_ids, st.sampled_from(["", ".pdf", "/", "v2.pdf"]))
def test_an_acl_anthology_page_is_its_doi(ident: str, suffix: str) -> None:
    page = work_key(f"https://aclanthology.org/{ident}{suffix}")
    assert page == work_key(f"https://doi.org/10.18653/v1/{ident}") == f"doi:10.18653/v1/{ident.lower()}"


@given(acl_ids, acl_ids)
def test_different_acl_papers_differ(a: str, b: str) -> None:
    assume(a.lower() != b.lower())
    assert work_key(f"https://aclanthology.org/{a}.pdf") != work_key(f"https://aclanthology.org/{b}/")


@given(st.from_regex(r"[A-Za-z0-9_-]{6,12}", fullmatch=True), st.sampled_from(["forum", "pdf", "attachment"]))
def test_openreview_forum_and_pdf_are_one_work(ident: str, page: str) -> None:
    assert work_key(f"https://openreview.net/{page}?id={ident}") == work_key(f"https://openreview.net/forum?id={ident}")
    assert work_key(f"https://openreview.net/{page}?id={ident}") == f"openreview:{ident}"


names = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,15}", fullmatch=True).filter(lambda s: not s.endswith(".git"))
branches = st.sampled_from(["main", "master", "dev", "v1.2"])


@given(names, names, branches, st.sampled_from(["", "/tree/{b}", "/tree/{b}/", "/blob/{b}/README.md",
                                                 "/blob/{b}/readme.rst", ".git"]))
def test_a_repository_and_its_branch_and_readme_pages_are_one_work(owner: str, repo: str, branch: str,
                                                                     form: str) -> None:
    assume(owner.lower() not in ("orgs", "topics", "features", "about", "sponsors", "marketplace", "settings", "apps"))
    url = f"https://github.com/{owner}/{repo}" + form.format(b=branch)
    assert work_key(url) == work_key(f"https://github.com/{owner.upper()}/{repo}") == f"github:{owner}/{repo}".lower()


@pytest.mark.parametrize("deeper", ["/tree/main/examples", "/blob/main/src/model.py", "/issues/3", "/wiki"])
def test_a_folder_or_file_inside_a_repository_is_not_the_repository(deeper: str) -> None:
    assert work_key(f"https://github.com/a/b{deeper}") != work_key("https://github.com/a/b")


def test_neurips_and_pmlr_abstract_pages_and_pdfs_are_one_work() -> None:
    h = "0123456789abcdef0123456789abcdef"
    base = "https://proceedings.neurips.cc/paper_files/paper/2023"
    assert work_key(f"{base}/hash/{h}-Abstract-Conference.html") == work_key(f"{base}/file/{h}-Paper-Conference.pdf")
    assert work_key("https://proceedings.mlr.press/v202/li23a.html") == \
        work_key("https://proceedings.mlr.press/v202/li23a/li23a.pdf")
    assert work_key("https://proceedings.mlr.press/v202/li23a.html") != \
        work_key("https://proceedings.mlr.press/v202/li23b.html")


@given(st.sampled_from(["https://a.example/post", "https://b.example/x?id=1", "https://c.example/"]))
def test_other_addresses_fall_back_to_the_canonical_url(url: str) -> None:
    assert work_key(url) == work_key(url.replace("https://", "http://www.") + "#top")


# --------------------------------------------------------------------------- by title

TITLE = "Attention Is All You Need"


def paper(url: str, title: str = TITLE, year: int | None = 2017, authors: tuple[str, ...] = ()) -> Work:
    return Work(url=url, title=title, kind="paper", year=year, authors=authors)


@pytest.mark.parametrize("copy", [
    "https://proceedings.neurips.cc/paper/2017/file/3f5ee243547dee91fbd053c1c4a845aa-Paper.pdf",
    "https://aclanthology.org/2020.acl-main.1.pdf",
    "https://openreview.net/pdf?id=abcdef",
    "https://dl.acm.org/doi/10.1145/3295222.3295349",
])
def test_a_proceedings_copy_and_its_arxiv_page_are_the_same_paper(copy: str) -> None:
    preprint = paper("https://arxiv.org/abs/1706.03762")
    published = paper(copy, title="Attention is all you need.", year=2018)
    assert compare(preprint, published) is Verdict.SAME
    assert compare(published, preprint) is Verdict.SAME


def test_years_far_apart_or_unknown_make_it_only_possible() -> None:
    preprint = paper("https://arxiv.org/abs/1706.03762")
    assert compare(preprint, paper("https://aclanthology.org/2020.acl-main.1.pdf", year=2020)) is Verdict.POSSIBLE
    assert compare(preprint, paper("https://aclanthology.org/2020.acl-main.1.pdf", year=None)) is Verdict.POSSIBLE


def test_two_preprints_with_one_title_are_only_possibly_one_work() -> None:
    assert compare(paper("https://arxiv.org/abs/1706.03762"), paper("https://arxiv.org/abs/1706.99999")) \
        is Verdict.POSSIBLE


def test_a_blog_post_or_video_reusing_a_papers_title_is_a_different_work() -> None:
    preprint = paper("https://arxiv.org/abs/1706.03762")
    for kind, url in (("article", "https://blog.example/attention"), ("video", "https://youtube.com/watch?v=abcdefg")):
        other = Work(url=url, title=TITLE, kind=kind, year=2017)
        assert compare(preprint, other) is Verdict.DIFFERENT


def test_two_works_sharing_a_short_title_by_different_people_are_different() -> None:
    a = Work(url="https://a.example/pe", title="Prompt Engineering", kind="article", authors=("Lilian Weng",))
    b = Work(url="https://b.example/pe", title="Prompt engineering", kind="article", authors=("Chip Huyen",))
    assert compare(a, b) is Verdict.DIFFERENT
    c = Work(url="https://c.example/pe", title="Prompt Engineering", kind="article")
    assert compare(a, c) is Verdict.POSSIBLE


def test_an_extra_pdf_link_is_an_address_of_the_same_work() -> None:
    a = Work(url="https://arxiv.org/abs/1706.03762", title="A", kind="paper",
             other_urls=("https://openreview.net/pdf?id=xyz",))
    b = Work(url="https://openreview.net/forum?id=xyz", title="B", kind="paper")
    assert compare(a, b) is Verdict.SAME
