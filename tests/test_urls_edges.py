"""Edges of URL identity that mutation testing found untested: every YouTube path form, ports, blank
query values, trailing dots in host names, and URLs without a host."""

from __future__ import annotations

import pytest

from llmreads.urls import arxiv_id, canonical_url, youtube_id

VIDEO = "dQw4w9WgXcQ"


@pytest.mark.parametrize("url", [
    f"https://youtu.be/{VIDEO}", f"https://youtu.be/{VIDEO}/", f"https://youtu.be//{VIDEO}",
    f"https://www.youtube.com/watch?v={VIDEO}", f"https://youtube.com/embed/{VIDEO}",
    f"https://youtube.com/shorts/{VIDEO}", f"https://youtube.com/live/{VIDEO}", f"https://youtube.com/v/{VIDEO}",
    f"https://m.youtube.com/watch?v={VIDEO}&t=3", f"https://www.youtube-nocookie.com/embed/{VIDEO}",
    f"https://YouTube.com./watch?v={VIDEO}",
])
def test_every_youtube_form_gives_the_video_id(url: str) -> None:
    assert youtube_id(url) == VIDEO
    assert canonical_url(url) == f"https://youtube.com/watch?v={VIDEO}"


@pytest.mark.parametrize("url", [
    "https://youtube.com/watch", "https://youtube.com/channel/UCabcdef", f"https://youtube.com/user/x/{VIDEO}",
    "https://youtu.be/", "https://youtu.be/abc", f"https://example.com/watch?v={VIDEO}",
    f"https://youtube.com/playlist?list={VIDEO}", "https://youtube.com/",
])
def test_other_youtube_addresses_name_no_video(url: str) -> None:
    assert youtube_id(url) is None


def test_a_trailing_dot_and_www_do_not_change_the_host() -> None:
    assert canonical_url("https://Example.COM./a") == canonical_url("http://www.example.com/a") == \
        "https://example.com/a"
    assert arxiv_id("https://arxiv.org./abs/1706.03762") == "1706.03762"


def test_a_url_without_a_host_keeps_an_empty_host() -> None:
    assert canonical_url("https:///a/b") == "https:///a/b"
    assert arxiv_id("file:///abs/1706.03762") is None
    assert youtube_id("https:///watch?v=" + VIDEO) is None


def test_a_non_default_port_is_part_of_the_identity() -> None:
    assert canonical_url("http://example.com:8080/a/") == "https://example.com:8080/a"
    assert canonical_url("http://example.com:80/a") == canonical_url("https://example.com:443/a") == \
        "https://example.com/a"
    assert canonical_url("http://[::1]:8000/x") == "https://[::1]:8000/x"
    assert canonical_url("http://example.com:8080/a") != canonical_url("http://example.com:8081/a")


def test_blank_query_values_are_kept_and_sorted() -> None:
    assert canonical_url("https://example.com/s?q=&b=2&a") == "https://example.com/s?a=&b=2&q="
    assert canonical_url("https://example.com/s?flag") != canonical_url("https://example.com/s")
