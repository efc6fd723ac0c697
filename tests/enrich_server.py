"""Stand-ins for the arXiv API, YouTube oEmbed and ordinary web pages, serving the saved files in enrich_pages/."""

from __future__ import annotations

import asyncio
from pathlib import Path

from faultserver import ODD_SCHEMES, Reply, Request

PAGES = Path(__file__).resolve().parent / "enrich_pages"
KNOWN_VIDEO = "kCc8FmEb1nY"
#: Papers the stand-in API knows besides the saved 1706.03762 answer: id → (title, authors, published).
PAPERS = {"2401.04088": ("Mixtral of Experts: Sparse Attention Routing", ["Albert Q. Jiang", "Alexandre Sablayrolles"],
                         "2024-01-08T18:47:34Z")}
ENTRY = """<entry><id>http://arxiv.org/abs/{id}v1</id><published>{published}</published>
<title>{title}</title>{authors}</entry>"""


def _feed(ident: str) -> str:
    if ident == "1706.03762":
        return (PAGES / "arxiv_api.xml").read_text()
    if ident not in PAPERS:
        return (PAGES / "arxiv_api_error.xml").read_text()
    title, authors, published = PAPERS[ident]
    names = "".join(f"<author><name>{a}</name></author>" for a in authors)
    entry = ENTRY.format(id=ident, title=title, authors=names, published=published)
    return f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>q</title>{entry}</feed>'


#: Hostile pages: stack-deep JSON, control characters and absurd dates in what `add` copies into the data.
DEEP = 100_000
HOSTILE = {
    "/deep-jsonld.html": "<html><head><title>Deep JSON-LD</title><script type=\"application/ld+json\">"
                         + "[" * DEEP + "]" * DEEP + "</script><script type=\"application/ld+json\">"
                         + '{"@graph":' * 500 + '{"@type": "Article", "name": "Nested graph"}' + "}" * 500
                         + "</script></head></html>",
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
