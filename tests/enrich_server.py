"""Stand-ins for the arXiv API, YouTube oEmbed and ordinary web pages, serving the saved files in enrich_pages/."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from urllib.parse import unquote

from faultserver import ODD_SCHEMES, Reply, Request

PAGES = Path(__file__).resolve().parent / "enrich_pages"
KNOWN_VIDEO = "kCc8FmEb1nY"
#: Papers the stand-in API knows besides the saved 1706.03762 answer: id → (title, authors, published).
PAPERS = {"2401.04088": ("Mixtral of Experts: Sparse Attention Routing", ["Albert Q. Jiang", "Alexandre Sablayrolles"],
                         "2024-01-08T18:47:34Z"),
          "1910.10683": ("Exploring the Limits of Transfer Learning with a Unified Text-to-Text Transformer",
                         ["Colin Raffel", "Noam Shazeer", "Adam Roberts"], "2019-10-23T17:37:36Z")}
ENTRY = """<entry><id>http://arxiv.org/abs/{id}v1</id><published>{published}</published>
<title>{title}</title>{authors}</entry>"""


def _feed(id_list: str) -> str:
    """Answer an id_list the way the arXiv API does: one entry per known paper, an error entry per malformed id."""
    if id_list == "1706.03762":
        return (PAGES / "arxiv_api.xml").read_text()
    entries = []
    for ident in id_list.split(","):
        if ident == "1706.03762":
            entries.append(ENTRY.format(id=ident, title="Attention Is All You Need", published="2017-06-12T17:57:34Z",
                                        authors="<author><name>Ashish Vaswani</name></author>"))
        elif ident in PAPERS:
            title, authors, published = PAPERS[ident]
            names = "".join(f"<author><name>{a}</name></author>" for a in authors)
            entries.append(ENTRY.format(id=ident, title=title, authors=names, published=published))
        elif not re.match(r"^\d{4}\.\d{4,5}$", ident):
            entries.append(ERROR_ENTRY.format(id=ident))
    return f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>q</title>{"".join(entries)}</feed>'


ERROR_ENTRY = """<entry><id>http://arxiv.org/api/errors#incorrect_id_format_for_{id}</id><title>Error</title>
<summary>incorrect id format for {id}</summary><author><name>arXiv api core</name></author></entry>"""
CROSSREF = {"10.18653/v1/2020.acl-main.463": "crossref_work.json"}
GITHUB = {"karpathy/nanoGPT": "github_repo.json"}
GITHUB_404 = ('{"message":"Not Found","documentation_url":"https://docs.github.com/rest/repos/repos#get-a-repository",'
              '"status":"404"}')


#: Hostile pages: stack-deep JSON, control characters and absurd dates in what `add` copies into the data.
DEEP = 100_000
HOSTILE = {
    "/deep-jsonld.html": "<html><head><title>Deep JSON-LD</title><script type=\"application/ld+json\">"
                         + "[" * DEEP + "]" * DEEP + "</script><script type=\"application/ld+json\">"
                         + '{"@graph":' * 500 + '{"@type": "Article", "name": "Nested graph"}' + "}" * 500
                         + "</script></head></html>",
    "/url-title.html": "<html><head><title>https://example.org/some/page</title></head></html>",
    "/control-title.html": "<html><head><title>Attention\x1b[31m is\x00 all\x0c you\u0085 need\ufffe"
                           "</title><meta name=\"author\" content=\"Ada\x07 Lovelace\">"
                           "<meta name=\"citation_date\" content=\"2099-01-01\"></head></html>",
}


async def sources(request: Request, reply: Reply) -> None:
    """Answer /arxiv, /oembed, /pages/<file>, /hang and anything else with 404."""
    if request.path in HOSTILE:
        await reply.send(200, HOSTILE[request.path].encode("utf-8", "surrogatepass"))
    elif request.path in ODD_SCHEMES:
        await reply.redirect(302, ODD_SCHEMES[request.path])
    elif request.path == "/oembed" and request.query.get("url", "").endswith("v=deepDeepDeep"):
        await reply.send(200, "[" * DEEP + "]" * DEEP, {"Content-Type": "application/json"})
    elif request.path.startswith("/crossref/works/"):
        doi = unquote(request.path.removeprefix("/crossref/works/"))
        if doi in CROSSREF:
            await reply.send(200, (PAGES / CROSSREF[doi]).read_bytes(), {"Content-Type": "application/json"})
        else:
            await reply.send(404, "Resource not found.", {"Content-Type": "text/plain"})
    elif request.path.startswith("/github/repos/"):
        repo = request.path.removeprefix("/github/repos/")
        if repo in GITHUB:
            await reply.send(200, (PAGES / GITHUB[repo]).read_bytes(), {"Content-Type": "application/json"})
        else:
            await reply.send(404, GITHUB_404, {"Content-Type": "application/json"})
    elif request.path == "/arxiv":
        await reply.send(200, _feed(request.query.get("id_list", "")), {"Content-Type": "application/atom+xml"})
    elif request.path == "/oembed":
        if request.query.get("url", "").endswith(f"v={KNOWN_VIDEO}"):
            await reply.send(200, (PAGES / "oembed.json").read_bytes(), {"Content-Type": "application/json"})
        else:
            await reply.send(404, "Not Found")
    elif request.path.startswith("/pages/") and (PAGES / request.path.removeprefix("/pages/")).is_file():
        await reply.send(200, (PAGES / request.path.removeprefix("/pages/")).read_bytes())
    elif request.path == "/paper.pdf":
        await reply.send(200, b"%PDF-1.5 ...", {"Content-Type": "application/pdf"})
    elif request.path == "/hang":
        await asyncio.sleep(3600)
    else:
        await reply.send(404, "<h1>Not found</h1>")
