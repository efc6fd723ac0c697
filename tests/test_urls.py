"""URL identity: which spellings of a link name the same work, and which strings are safe http links."""

from __future__ import annotations

import unicodedata
from random import Random
from urllib.parse import urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st

from llmreads.urls import TRACKING_PARAMS, arxiv_id, canonical_url, is_http_url, youtube_id

# --------------------------------------------------------------------------- strategies

_SPECIAL_HOSTS = {"arxiv.org", "export.arxiv.org", "youtube.com", "m.youtube.com", "music.youtube.com",
                  "youtube-nocookie.com", "youtu.be"}

labels = st.from_regex(r"[a-z][a-z0-9]{0,7}", fullmatch=True)
hosts = st.builds(
    lambda parts, tld: ".".join([*parts, tld]),
    st.lists(labels, min_size=1, max_size=3),
    st.sampled_from(["com", "org", "io", "net", "dev", "ai"]),
).filter(lambda h: h not in _SPECIAL_HOSTS and not h.startswith("www."))
segments = st.from_regex(r"[A-Za-z0-9_~-][A-Za-z0-9_.~-]{0,9}", fullmatch=True).filter(lambda s: s not in (".", ".."))
paths = st.lists(segments, max_size=4).map(lambda segs: "".join("/" + s for s in segs))
param_keys = st.from_regex(r"[a-z][a-z0-9]{0,5}", fullmatch=True).filter(
    lambda k: k not in TRACKING_PARAMS and not k.startswith("utm_")
)
param_values = st.from_regex(r"[A-Za-z0-9]{0,6}", fullmatch=True)
queries = st.lists(st.tuples(param_keys, param_values), max_size=3, unique_by=lambda kv: kv[0])
fragments = st.from_regex(r"[A-Za-z0-9-]{1,8}", fullmatch=True)
schemes = st.sampled_from(["http", "https"])


def build(scheme: str, host: str, path: str, query: list[tuple[str, str]], fragment: str = "") -> str:
    url = f"{scheme}://{host}{path}"
    if query:
        url += "?" + urlencode(query)
    if fragment:
        url += "#" + fragment
    return url


plain_urls = st.builds(build, schemes, hosts, paths, queries, st.one_of(st.just(""), fragments))

new_arxiv_ids = st.one_of(
    st.from_regex(r"[0-9]{2}(0[1-9]|1[0-2])\.[0-9]{5}", fullmatch=True),
    st.from_regex(r"0[7-9](0[1-9]|1[0-2])\.[0-9]{4}", fullmatch=True),
)
old_arxiv_ids = st.builds(
    lambda archive, number: f"{archive}/{number}",
    st.sampled_from(["hep-th", "hep-ph", "math", "cs", "cond-mat", "math.GT", "physics", "quant-ph", "cs.CL"]),
    st.from_regex(r"[0-9]{7}", fullmatch=True),
)
arxiv_ids = st.one_of(new_arxiv_ids, old_arxiv_ids)
versions = st.one_of(st.just(""), st.integers(1, 12).map(lambda n: f"v{n}"))
arxiv_hosts = st.sampled_from(["arxiv.org", "www.arxiv.org", "export.arxiv.org", "ARXIV.ORG"])


@st.composite
def arxiv_urls(draw: st.DrawFn, ident: str | None = None) -> str:
    ident = ident if ident is not None else draw(arxiv_ids)
    version = draw(versions)
    kind, tail = draw(st.sampled_from([("abs", ""), ("abs", "/"), ("pdf", ""), ("pdf", ".pdf"), ("pdf", "/"),
                                             ("abs", "//")]))
    url = f"{draw(schemes)}://{draw(arxiv_hosts)}/{kind}/{ident}{version}{tail}"
    if draw(st.booleans()):
        url += "#" + draw(fragments)
    return url


video_ids = st.from_regex(r"[A-Za-z0-9_-]{11}", fullmatch=True)


@st.composite
def youtube_urls(draw: st.DrawFn, video: str | None = None) -> str:
    video = video if video is not None else draw(video_ids)
    extra = draw(st.sampled_from(["", "&t=42s", "&feature=youtu.be", "&si=AbCdEf123", "&list=PL123&index=2",
                                  "&app=desktop"]))
    return draw(st.sampled_from([
        f"https://www.youtube.com/watch?v={video}{extra}",
        f"https://youtube.com/watch?v={video}",
        f"http://m.youtube.com/watch?v={video}{extra}",
        f"https://www.youtube.com/watch?app=desktop&v={video}&feature=youtu.be",
        f"https://youtu.be/{video}",
        f"https://youtu.be/{video}?si=Tdbp-2BKGF5G_qk5",
        f"https://youtu.be/{video}?t=120",
        f"https://www.youtube.com/embed/{video}",
        f"https://www.youtube.com/shorts/{video}",
        f"https://www.youtube.com/watch?v={video}#t=30",
        f"https://music.youtube.com/watch?v={video}",
        f"https://www.youtube-nocookie.com/embed/{video}",
    ]))


any_urls = st.one_of(plain_urls, arxiv_urls(), youtube_urls())

# --------------------------------------------------------------------------- canonical_url: properties


@given(any_urls)
def test_canonical_url_is_idempotent(url: str) -> None:
    once = canonical_url(url)
    assert canonical_url(once) == once


@given(any_urls)
def test_canonical_form_is_itself_a_safe_https_url(url: str) -> None:
    canonical = canonical_url(url)
    assert is_http_url(canonical)
    assert canonical.startswith("https://")
    assert "#" not in canonical


@given(hosts, paths, queries)
def test_scheme_does_not_change_identity(host: str, path: str, query: list[tuple[str, str]]) -> None:
    assert canonical_url(build("http", host, path, query)) == canonical_url(build("https", host, path, query))


@given(schemes, hosts, paths, queries)
def test_www_prefix_and_host_case_do_not_change_identity(
    scheme: str, host: str, path: str, query: list[tuple[str, str]]
) -> None:
    bare = canonical_url(build(scheme, host, path, query))
    assert canonical_url(build(scheme, "www." + host, path, query)) == bare
    assert canonical_url(build(scheme, ("www." + host).upper(), path, query)) == bare


@given(schemes, hosts, paths, queries, st.integers(1, 3))
def test_trailing_slashes_do_not_change_identity(
    scheme: str, host: str, path: str, query: list[tuple[str, str]], slashes: int
) -> None:
    assert canonical_url(build(scheme, host, path + "/" * slashes, query)) == canonical_url(
        build(scheme, host, path, query)
    )


@given(plain_urls, fragments)
def test_fragment_does_not_change_identity(url: str, fragment: str) -> None:
    without = url.split("#", 1)[0]
    assert canonical_url(without + "#" + fragment) == canonical_url(without)


tracking = st.one_of(
    st.from_regex(r"utm_[a-z]{1,8}", fullmatch=True),
    st.from_regex(r"UTM_[A-Z]{1,8}", fullmatch=True),
    st.sampled_from(["si", "feature", "fbclid", "gclid"]),
)


@given(schemes, hosts, paths, queries, st.lists(st.tuples(tracking, param_values), min_size=1, max_size=3),
       st.randoms(use_true_random=False))
def test_tracking_params_do_not_change_identity(
    scheme: str, host: str, path: str, query: list[tuple[str, str]], noise: list[tuple[str, str]], rnd: Random
) -> None:
    mixed = [*query, *noise]
    rnd.shuffle(mixed)
    assert canonical_url(build(scheme, host, path, mixed)) == canonical_url(build(scheme, host, path, query))


@given(schemes, hosts, paths, queries)
def test_query_parameter_order_does_not_change_identity(
    scheme: str, host: str, path: str, query: list[tuple[str, str]]
) -> None:
    assert canonical_url(build(scheme, host, path, query)) == canonical_url(
        build(scheme, host, path, list(reversed(query)))
    )


@given(hosts, st.lists(segments, min_size=1, max_size=3), st.lists(segments, min_size=1, max_size=3))
def test_different_paths_stay_distinct(host: str, first: list[str], second: list[str]) -> None:
    a = canonical_url(build("https", host, "".join("/" + s for s in first), []))
    b = canonical_url(build("https", host, "".join("/" + s for s in second), []))
    assert (a == b) == (first == second)


@given(hosts, paths, param_keys, param_values, param_values)
def test_different_meaningful_query_values_stay_distinct(host: str, path: str, key: str, one: str, two: str) -> None:
    a = canonical_url(build("https", host, path, [(key, one)]))
    b = canonical_url(build("https", host, path, [(key, two)]))
    assert (a == b) == (one == two)


@given(hosts, hosts, paths)
def test_different_hosts_stay_distinct(one: str, two: str, path: str) -> None:
    assert (canonical_url(f"https://{one}{path}") == canonical_url(f"https://{two}{path}")) == (one == two)


# --------------------------------------------------------------------------- arXiv


@given(st.data(), arxiv_ids)
def test_all_arxiv_spellings_of_a_paper_are_one_work(data: st.DataObject, ident: str) -> None:
    url = data.draw(arxiv_urls(ident))
    assert arxiv_id(url) == ident
    assert canonical_url(url) == f"https://arxiv.org/abs/{ident}"


@given(arxiv_ids, arxiv_ids)
def test_different_arxiv_ids_stay_distinct(one: str, two: str) -> None:
    a = canonical_url(f"https://arxiv.org/abs/{one}")
    b = canonical_url(f"https://arxiv.org/pdf/{two}v2.pdf")
    assert (a == b) == (one == two)


@pytest.mark.parametrize(
    ("url", "ident"),
    [
        ("https://arxiv.org/abs/1706.03762", "1706.03762"),
        ("http://arxiv.org/abs/1706.03762v7", "1706.03762"),
        ("https://www.arxiv.org/abs/1706.03762v5/", "1706.03762"),
        ("https://arxiv.org/pdf/1706.03762", "1706.03762"),
        ("https://arxiv.org/pdf/1706.03762v7", "1706.03762"),
        ("https://arxiv.org/pdf/2212.03551.pdf", "2212.03551"),
        ("https://arxiv.org/pdf/2312.09993v1.pdf", "2312.09993"),
        ("https://export.arxiv.org/abs/2311.00502v1", "2311.00502"),
        ("https://arxiv.org/abs/1409.3215v3#section", "1409.3215"),
        ("https://arxiv.org/abs/0704.0001", "0704.0001"),
        ("https://arxiv.org/abs/hep-th/9901001", "hep-th/9901001"),
        ("https://arxiv.org/abs/hep-th/9901001v2", "hep-th/9901001"),
        ("https://arxiv.org/pdf/math.GT/0309136v1.pdf", "math.GT/0309136"),
        ("https://arxiv.org/abs/cond-mat/0102536", "cond-mat/0102536"),
    ],
)
def test_arxiv_id_examples(url: str, ident: str) -> None:
    assert arxiv_id(url) == ident
    assert canonical_url(url) == f"https://arxiv.org/abs/{ident}"


@pytest.mark.parametrize(
    "url",
    [
        "https://arxiv.org/",
        "https://arxiv.org/list/cs.CL/recent",
        "https://arxiv.org/abs/",
        "https://notarxiv.org/abs/1706.03762",
        "https://arxiv.org.evil.example/abs/1706.03762",
        "https://example.com/abs/1706.03762",
        "https://openreview.net/forum?id=Bl8u7ZRlbM",
    ],
)
def test_arxiv_id_is_none_elsewhere(url: str) -> None:
    assert arxiv_id(url) is None


def test_arxiv_versions_of_different_papers_stay_distinct() -> None:
    assert canonical_url("https://arxiv.org/abs/1706.03762v1") != canonical_url("https://arxiv.org/abs/1706.03763v1")
    assert canonical_url("https://arxiv.org/abs/hep-th/9901001") != canonical_url("https://arxiv.org/abs/hep-ph/9901001")


def test_arxiv_version_with_doubled_trailing_slash_is_the_same_paper() -> None:
    url = "https://arxiv.org/abs/1706.03762v2//"
    assert canonical_url(url) == canonical_url(canonical_url(url))
    assert canonical_url(url) == "https://arxiv.org/abs/1706.03762"


# --------------------------------------------------------------------------- YouTube


@given(st.data(), video_ids)
def test_all_youtube_spellings_of_a_video_are_one_work(data: st.DataObject, video: str) -> None:
    url = data.draw(youtube_urls(video))
    assert youtube_id(url) == video
    assert canonical_url(url) == f"https://youtube.com/watch?v={video}"


@given(video_ids, video_ids)
def test_different_videos_stay_distinct(one: str, two: str) -> None:
    a = canonical_url(f"https://www.youtube.com/watch?v={one}")
    b = canonical_url(f"https://youtu.be/{two}")
    assert (a == b) == (one == two)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube.com/watch?v=dbo3kNKPaUA&feature=youtu.be",
        "https://youtube.com/watch?v=dbo3kNKPaUA",
        "https://m.youtube.com/watch?v=dbo3kNKPaUA",
        "https://youtu.be/dbo3kNKPaUA",
        "https://youtu.be/dbo3kNKPaUA?si=Tdbp-2BKGF5G_qk5",
        "http://www.youtube.com/watch?app=desktop&v=dbo3kNKPaUA&t=10s",
        "https://www.youtube.com/embed/dbo3kNKPaUA",
    ],
)
def test_youtube_examples(url: str) -> None:
    assert youtube_id(url) == "dbo3kNKPaUA"
    assert canonical_url(url) == "https://youtube.com/watch?v=dbo3kNKPaUA"


@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube.com/",
        "https://www.youtube.com/playlist?list=PLAqhIrjkxbuWI23v9cThsA9GvCAUhRvKZ",
        "https://www.youtube.com/watch",
        "https://www.youtube.com/watch?v=",
        "https://www.youtube.com/@karpathy",
        "https://youtu.be/",
        "https://vimeo.com/123456789",
        "https://example.com/watch?v=dbo3kNKPaUA",
    ],
)
def test_youtube_id_is_none_elsewhere(url: str) -> None:
    assert youtube_id(url) is None


def test_youtube_playlists_stay_distinct_and_keep_their_list() -> None:
    a = canonical_url("https://www.youtube.com/playlist?list=PLaaaa&si=x")
    b = canonical_url("https://m.youtube.com/playlist?list=PLbbbb")
    assert a == "https://youtube.com/playlist?list=PLaaaa"
    assert b == "https://youtube.com/playlist?list=PLbbbb"


# --------------------------------------------------------------------------- canonical_url: examples


@pytest.mark.parametrize(
    ("one", "two"),
    [
        ("http://example.com/a", "https://example.com/a"),
        ("https://www.example.com/a", "https://example.com/a"),
        ("https://Example.COM/a", "https://example.com/a"),
        ("https://example.com/a/", "https://example.com/a"),
        ("https://example.com/", "https://example.com"),
        ("https://example.com/a#intro", "https://example.com/a"),
        ("https://example.com/a?utm_source=x&utm_medium=y", "https://example.com/a"),
        ("https://example.com/a?si=abc", "https://example.com/a"),
        ("https://example.com/a?feature=share", "https://example.com/a"),
        ("https://example.com/a?b=2&a=1", "https://example.com/a?a=1&b=2"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("http://example.com:80/a", "https://example.com/a"),
        ("https://example.com./a", "https://example.com/a"),
        ("  https://example.com/a  ", "https://example.com/a"),
    ],
)
def test_same_work(one: str, two: str) -> None:
    assert canonical_url(one) == canonical_url(two)


@pytest.mark.parametrize(
    ("one", "two"),
    [
        ("https://example.com/a", "https://example.com/b"),
        ("https://example.com/A", "https://example.com/a"),
        ("https://example.com/a?id=1", "https://example.com/a?id=2"),
        ("https://example.com/a?id=1", "https://example.com/a"),
        ("https://example.com/a", "https://example.org/a"),
        ("https://example.com:8080/a", "https://example.com/a"),
        ("https://blog.example.com/a", "https://example.com/a"),
        ("https://example.com/a/b", "https://example.com/ab"),
    ],
)
def test_different_works(one: str, two: str) -> None:
    assert canonical_url(one) != canonical_url(two)


def test_ipv6_host_keeps_brackets() -> None:
    url = "http://[2001:db8::1]/paper"
    assert is_http_url(url)
    assert canonical_url(url) == "https://[2001:db8::1]/paper"
    assert canonical_url(canonical_url(url)) == canonical_url(url)


# --------------------------------------------------------------------------- is_http_url


@given(plain_urls)
def test_generated_urls_are_http_urls(url: str) -> None:
    assert is_http_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com",
        "http://example.com/",
        "https://example.com/a/b?c=d#e",
        "https://example.com:8443/x",
        "https://sub.example.co.uk/path_(with)_parens",
        "https://example.com/%7Euser",
        "https://xn--bcher-kva.example/",
    ],
)
def test_is_http_url_accepts(url: str) -> None:
    assert is_http_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "javascript://example.com/%0Aalert(1)",
        "data:text/html,<script>alert(1)</script>",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox(1)",
        "VBScript:msgbox(1)",
        "mailto:someone@example.com",
        "ftp://example.com/file",
        "file:///etc/passwd",
        "/relative/path",
        "relative/path",
        "./paper.pdf",
        "../up.html",
        "#anchor",
        "?q=1",
        "//example.com/protocol-relative",
        "http:/example.com",
        "http:example.com",
        "https://",
        "https:///path",
        "http://:80/",
        "https://example.com:99999/",
        "https://example.com:port/",
        "",
        " ",
        "example.com",
        "www.example.com/a",
        "https://exa mple.com/",
        "https://example.com/a b",
        " https://example.com/",
        "https://example.com/ ",
        "https://example.com/\tx",
        "https://example.com/\nx",
        "https://example.com/\rx",
        "https://example.com/\x00",
        "https://example.com/\x1b[31m",
        "https://example.com/\x7f",
        "\x01https://example.com/",
    ],
)
def test_is_http_url_rejects(url: str) -> None:
    assert not is_http_url(url)


SPACES_AND_CONTROLS = [c for c in map(chr, range(0x3000 + 1)) if c.isspace() or unicodedata.category(c) == "Cc"]


@given(plain_urls, st.sampled_from(SPACES_AND_CONTROLS), st.data())
def test_urls_with_spaces_or_control_characters_are_not_http_urls(
    url: str, bad: str, data: st.DataObject
) -> None:
    at = data.draw(st.integers(0, len(url)))
    assert not is_http_url(url[:at] + bad + url[at:])


@given(st.sampled_from(["javascript", "data", "vbscript", "file", "ftp", "mailto", "JAVASCRIPT", "Data"]),
       st.text(max_size=30))
def test_other_schemes_are_not_http_urls(scheme: str, rest: str) -> None:
    assert not is_http_url(f"{scheme}:{rest}")
    assert not is_http_url(f"{scheme}://example.com/{rest}")


@given(hosts, paths)
def test_protocol_relative_and_relative_urls_are_not_http_urls(host: str, path: str) -> None:
    assert not is_http_url(f"//{host}{path}")
    assert not is_http_url(f"{host}{path}")
    assert not is_http_url(path or "/")


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/a\u00a0b",  # no-break space
        "https://exa\u00a0mple.com/",  # no-break space in the host
        "https://example.com/a\u3000b",  # ideographic space
        "https://example.com/a\u2028b",  # line separator
        "https://example.com/a\x85b",  # NEL, a C1 control character
        "https://example.com/\x9f",  # C1 control character
    ],
)
def test_unicode_spaces_and_c1_controls_are_not_http_urls(url: str) -> None:
    assert not is_http_url(url)
