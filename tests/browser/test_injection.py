"""Hostile data must render as inert, literal text: an injection corpus built, served and loaded in Chromium.

The corpus is a data folder written by this module: every field that reaches a page (entry title, authors,
note, url and extra links; topic title, description, intro and key ideas; source title, author, url and
heading) carries script tags, event handlers, attribute-breaking quotes, Markdown link and image syntax,
HTML entities, template syntax, YAML-looking text, front-matter fences and unicode tricks. The site is
built with `mkdocs build --strict`, served on loopback, and every generated page is loaded: no dialog,
no console error, no request off the local server, no injected element, and the text shows literally
(less the characters we strip on purpose: C0/C1 controls and the bidi overrides U+202A-U+202E and
U+2066-U+2069).

Values the checker must refuse (script URLs, hostile tags) are tested separately with exact messages,
and must never reach a page.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from conftest import build_site, make_project, mkdocs, run, serve

pytestmark = pytest.mark.browser

SITE_NAME = "llmreads"
#: What the site deliberately strips from every value: C0/C1 controls and bidi embeddings/overrides/isolates.
STRIPPED = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

RTL = "\u202e"  # RIGHT-TO-LEFT OVERRIDE
PDF = "\u202c"  # POP DIRECTIONAL FORMATTING
LRI, PDI = "\u2066", "\u2069"
ZWJ, ZWNJ, ZWSP = "\u200d", "\u200c", "\u200b"
CYRILLIC_A = "\u0410"  # looks like Latin A
CYRILLIC_O = "\u043e"  # looks like Latin o

# The payloads, each a plain string as it would stand in YAML.
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
SVG = '"><svg onload=alert(1)>'
SVG_SINGLE = "'><svg onload=alert(1)>"
BACKTICK = "`onmouseover=alert(1)` ` x"
MD_LINK = "[x](javascript:alert(1))"
MD_IMAGE = "![x](http://127.0.0.1:1/x.png)"
MD_REF = "[x][evil]"
ENTITIES = "&lt;script&gt;alert(1)&lt;/script&gt;"
NUMERIC_ENTITIES = "&#60;img src=x onerror=alert(1)&#62; &#x3C;b&#x3E;"
AMP = "AT&T &amp; &copy; &nbsp;"
JINJA = "{{ 7*7 }} {{ config.site_name }} {% raw %}{{ x }}{% endraw %} {# hidden #}"
ATTR_LIST = '{: onclick="alert(1)" #pwned .evil }'
YAML_LIKE = "key: value - item ? q !!python/object/apply:os.system ['id'] &anchor *alias"
FENCE = "--- title: pwned ---"
CLOSE_TITLE = "</title><script>alert(1)</script>"
CLOSE_ARTICLE = "</h3></article><h1>forged</h1><article>"
COMMENT = "<!-- unclosed comment"
STYLE = "<style>*{display:none}</style>"
IFRAME = "<iframe src=http://127.0.0.1:1/></iframe>"
ANCHOR = "<a href=javascript:alert(1)>click</a>"
BASE = "<base href=http://127.0.0.1:1/>"
META = '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'
MATH = '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>'
AUTOLINK = "<http://127.0.0.1:1/auto> <javascript:alert(1)>"
MD_MARKUP = "*bold* _it_ **b** `code` ~~s~~ | a | b | #h \\<script> C:\\path\\n"
PUNCT = "Colon: pipe | tilde ~ hash # plus + dot. bang!"
HOMOGLYPH = f"{CYRILLIC_A}ttenti{CYRILLIC_O}n Is All You Need"
ZERO_WIDTH = f"zero{ZWJ}width{ZWNJ}join{ZWSP}ers"
BIDI = f"invoice{RTL}fdp.exe{PDF} and {LRI}isolate{PDI}"
HEADING_MD = "## Not a heading #"


@dataclass
class Corpus:
    """The hostile data as Python values, in the shape of the YAML files."""

    topics: list[dict[str, Any]] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)
    entries: list[dict[str, Any]] = field(default_factory=list)
    paths: list[dict[str, Any]] = field(default_factory=list)


def corpus() -> Corpus:
    """The injection corpus: 5 topics, 3 sources, 30 entries, 2 reading paths, every rendered field hostile."""
    topics = [
        {"id": "alpha", "title": f"{SCRIPT} Alpha", "description": f"{SVG} alpha {IMG}", "order": 1,
         "intro": f"{MD_LINK} {MD_IMAGE}\n\n{FENCE}\n---\ntitle: pwned\n---\n\n{ENTITIES}"},
        {"id": "beta", "title": f"{MD_LINK} {JINJA}", "description": f"{MD_IMAGE} {ENTITIES}", "order": 2},
        {"id": "gamma", "title": f"{HOMOGLYPH} {BIDI} {ZERO_WIDTH}", "description": YAML_LIKE, "order": 3,
         "intro": f"{SCRIPT}\n{FENCE}"},
        {"id": "delta", "title": f"' \" ` {CLOSE_TITLE}", "description": f"{CLOSE_ARTICLE} {COMMENT}", "order": 4},
        {"id": "epsilon", "title": f"{FENCE} {ATTR_LIST} {PUNCT}", "description": f"{NUMERIC_ENTITIES} {AMP}",
         "order": 5},
    ]
    sources = [
        {"id": "src-one", "title": f"{IMG} List one", "author": f"{SVG} Mallory",
         "url": 'https://example.invalid/list?a=1&b="><script>alert(1)</script>',
         "origin": "seeds/one.txt", "imported": "2024-01-31"},
        {"id": "src-two", "title": f"{JINJA} {AMP}", "author": f"{BIDI} {SVG_SINGLE}",
         "url": "https://example.invalid/two'onmouseover='alert(1)'", "origin": "seeds/two.txt",
         "imported": "2024-01-31"},
        {"id": "src-three", "title": f"{FENCE} {ATTR_LIST} {PUNCT}", "author": f"{ENTITIES} {MD_LINK}",
         "origin": "seeds/three.txt", "imported": "2024-01-31"},
    ]
    headings = [f"{SCRIPT} Part one", f"{ATTR_LIST} Part two", HEADING_MD, f"{MD_LINK} › {MD_IMAGE}",
                f"Part › <b>bold</b> › {ENTITIES}", f"{JINJA} {PUNCT}", f"{BIDI} {HOMOGLYPH}"]
    titles = [SCRIPT, IMG, SVG, SVG_SINGLE, BACKTICK, MD_LINK, MD_IMAGE, MD_REF, ENTITIES, NUMERIC_ENTITIES,
              AMP, JINJA, ATTR_LIST, YAML_LIKE, FENCE, "---", CLOSE_TITLE, CLOSE_ARTICLE, COMMENT, STYLE,
              IFRAME, ANCHOR, BASE, META, MATH, AUTOLINK, MD_MARKUP, PUNCT, HOMOGLYPH, f"{ZERO_WIDTH} {BIDI}"]
    notes = [
        f"{SCRIPT} A note.", f"{SVG} {IMG}", f"{MD_LINK} and {MD_IMAGE}",
        f"Reference {MD_REF}\n\n[evil]: javascript:alert(1)", f"{ENTITIES} must show as entities.",
        "First line\n---\ntitle: pwned\n---\nafter the fence", f"{JINJA}", f"{YAML_LIKE}",
        f"{CLOSE_ARTICLE} {COMMENT}", f"{BIDI} {ZERO_WIDTH} {HOMOGLYPH}",
    ]
    author_sets = [
        [SCRIPT, SVG], ["O'Brien \"the\" `quoted`", IMG], [ENTITIES], [f"{BIDI} Eve"], [MD_LINK, MD_IMAGE],
        [JINJA, ATTR_LIST, PUNCT, HOMOGLYPH, "Fifth Author"], [],
    ]
    urls = [
        "https://example.invalid/a?q=\"><img/src=x/onerror=alert(1)>",
        "https://example.invalid/b'onmouseover='alert(1)",
        "https://example.invalid/c`onmouseover=alert(1)`",
        "https://example.invalid/d#<script>alert(1)</script>",
        "http://example.invalid/e?x=javascript:alert(1)",
    ]
    link_urls = [
        'https://example.invalid/link"onmouseover="alert(1)',
        "https://example.invalid/link'><script>alert(1)</script>",
        "https://example.invalid/link?javascript:alert(1)",
    ]
    levels = ["intro", "intermediate", "advanced", None]
    kinds = ["paper", "article", "video", "course", "book", "code", "thread", "slides", "podcast", "other"]
    topic_ids = [t["id"] for t in topics]
    entries = []
    for i, title in enumerate(titles, start=1):
        primary = topic_ids[i % len(topic_ids)]
        other = topic_ids[(i + 2) % len(topic_ids)]
        refs = [{"source": sources[i % 3]["id"], "heading": headings[i % len(headings)], "position": i}]
        if i % 4 == 0:
            refs.append({"source": sources[(i + 1) % 3]["id"], "heading": headings[(i + 3) % len(headings)],
                         "position": 100 + i})
        entry: dict[str, Any] = {
            "id": f"hostile-{i:02d}",
            "title": title,
            "url": urls[i % len(urls)] + f"&n={i}" if i <= len(urls) else f"https://example.invalid/entry/{i}",
            "authors": author_sets[i % len(author_sets)],
            "year": 2015 + i % 10,
            "kind": kinds[i % len(kinds)],
            "topics": [primary, other] if i % 3 else [primary],
            "tags": ["shared", f"tag-{i % 4}"],
            "note": notes[i % len(notes)],
            "links": [{"url": link_urls[i % len(link_urls)] + f"/{i}", "rel": "code"}] if i % 2 else [],
            "sources": refs,
            "added": f"2024-02-{i % 28 + 1:02d}",
        }
        level = levels[i % len(levels)]
        if level:
            entry["level"] = level
        if i % 5 == 0:
            entry["minutes"] = i
        entries.append(entry)
    # Key ideas name entries of their own topic.
    ideas = {"alpha": [f"<b onmouseover=alert(1)>idea</b> {ATTR_LIST}", JINJA], "delta": [IMG, CLOSE_TITLE]}
    for topic in topics:
        mine = [e["id"] for e in entries if topic["id"] in e["topics"]]
        if topic["id"] in ideas:
            topic["key_ideas"] = [{"name": name, "entries": mine[n::2][:2]}
                                  for n, name in enumerate(ideas[topic["id"]])]
    reading_paths = [
        {"id": "start-here", "title": f"{SCRIPT} Start {SVG}", "description": f"{IMG} {MD_LINK} {ENTITIES}",
         "steps": [{"entry": "hostile-01", "why": f"{SVG} {SCRIPT}"},
                   {"entry": "hostile-02", "why": f"{FENCE}\n---\ntitle: pwned\n---"},
                   {"entry": "hostile-09", "why": f"{JINJA} {BIDI}"}]},
        {"id": "second-path", "title": f"{JINJA} {CLOSE_TITLE}", "description": f"{YAML_LIKE} {SVG_SINGLE}",
         "steps": [{"entry": "hostile-02", "why": f"{MD_IMAGE} {ATTR_LIST}"},
                   {"entry": "hostile-17", "why": f"{CLOSE_ARTICLE} {COMMENT}"}]},
    ]
    return Corpus(topics, sources, entries, reading_paths)


def write_data(folder: Path, data: Corpus) -> Path:
    """Write the corpus as a data folder: topics.yaml, sources.yaml, entries/<primary topic>.yaml."""
    folder.mkdir(parents=True)
    (folder / "entries").mkdir()

    def dump(path: Path, items: list[dict[str, Any]]) -> None:
        path.write_text(yaml.safe_dump(items, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")

    dump(folder / "topics.yaml", data.topics)
    dump(folder / "sources.yaml", data.sources)
    if data.paths:
        dump(folder / "paths.yaml", data.paths)
    for topic in data.topics:
        mine = [e for e in data.entries if e["topics"][0] == topic["id"]]
        if mine:
            dump(folder / "entries" / f"{topic['id']}.yaml", mine)
    return folder


def clean(text: str) -> str:
    """What the site should show for a value: the value less the characters stripped on purpose."""
    return STRIPPED.sub("", text)


def squash(text: str) -> str:
    """A value as a one-line heading or description shows it: whitespace runs become one space."""
    return " ".join(clean(text).split())


# --------------------------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def hostile() -> Corpus:
    return corpus()


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory, hostile: Corpus) -> Path:
    """The corpus built with the committed mkdocs.yml and `mkdocs build --strict`."""
    root = tmp_path_factory.mktemp("hostile")
    data = write_data(root / "hostile-data", hostile)
    return build_site(make_project(root / "project", data=data))


@pytest.fixture(scope="module")
def hostile_url(hostile_site: Path) -> Iterator[str]:
    with serve(hostile_site) as url:
        yield url


# --------------------------------------------------------------------------------------------- page guard

#: Inline scripts Material's templates write into every page (matched by their opening).
THEME_INLINE_SCRIPTS = ("__md_scope=", "var palette=", "var target=document.getElementById(location.hash")
#: Elements no page of ours contains: any of them in the live DOM was injected.
FOREIGN_TAGS = ("img", "iframe", "frame", "frameset", "object", "embed", "applet", "portal", "base", "math",
                "mglyph", "mtext", "audio", "video", "source", "track", "b", "marquee", "template", "xmp",
                "noscript", "textarea", "image", "animate", "set", "foreignobject", "isindex")

INSPECT = """([base, themeInline, foreign]) => {
  const out = [];
  const REGIONS = [["head", "<head>"], [".md-header__topic", "header title"], [".md-tabs", "tabs"],
                   [".md-nav--primary", "navigation"], [".md-nav--secondary", "table of contents"],
                   [".md-search", "search"], [".md-footer", "footer"]];
  const region = (el) => {
    for (const [selector, name] of REGIONS) if (el.closest(selector)) return name;
    const inner = el.parentElement && el.parentElement.closest("[class*='lr-'], [id], h1, h2, h3, li, td");
    if (el.closest(".md-content")) {
      if (!inner) return "page content";
      const cls = [...inner.classList].find((c) => c.startsWith("lr-"));
      return "page content, in " + inner.localName + (cls ? "." + cls : inner.id ? "#" + inner.id : "");
    }
    return "body";
  };
  const report = (what, el) => out.push([what, region(el), el.outerHTML.replace(/\\s+/g, " ").slice(0, 120)]);
  for (const s of document.scripts) {
    if (s.hasAttribute("src")) {
      if (!s.src.startsWith(base + "assets/")) report("script loaded from elsewhere", s);
      continue;
    }
    if (s.id === "__config" && s.type === "application/json") continue;
    const text = s.textContent.trim();
    if (!themeInline.some((p) => text.startsWith(p))) report("inline script not from the theme", s);
  }
  const urlAttrs = ["href", "src", "action", "formaction", "xlink:href", "data", "srcdoc", "background", "poster"];
  for (const el of document.querySelectorAll("*")) {
    for (const a of el.attributes) {
      if (/^on/i.test(a.name)) report(`event handler attribute ${a.name}`, el);
      if (urlAttrs.includes(a.name.toLowerCase())
          && /^(javascript|vbscript|data):/.test(a.value.toLowerCase().replace(/[\\s\\u0000-\\u001f]/g, ""))) {
        report(`script URL in ${a.name}`, el);
      }
    }
    if (foreign.includes(el.localName.toLowerCase())) report(`injected <${el.localName}>`, el);
  }
  for (const el of document.querySelectorAll("img[src='x'], svg[onload], meta[http-equiv], #pwned, .evil")) {
    report("injected element", el);
  }
  for (const el of document.querySelectorAll("body style, head > :not(meta, title, link, script, style)")) {
    report(`unexpected <${el.localName}>`, el);
  }
  const h1 = document.querySelectorAll("h1");
  if (h1.length !== 1) out.push([`${h1.length} <h1> elements`, "page", [...h1].map((e) => e.textContent).join(" | ")]);
  if (document.querySelectorAll("head > title").length !== 1) out.push(["not exactly one <title>", "<head>", ""]);
  return out;
}"""


DIALOG_MARK = "llmreads-test-dialog: "
#: Dialogs are made non-blocking but reported: a modal alert racing the next navigation can hang the page.
#: The `dialog` event stays watched too, for any dialog that gets past this.
QUIET_DIALOGS = """(() => {
  for (const name of ["alert", "confirm", "prompt", "print"]) {
    window[name] = (...args) => { console.info(MARK + name + "(" + args.map(String).join(", ") + ")"); return null; };
  }
})();""".replace("MARK", json.dumps(DIALOG_MARK))


class Guard:
    """Watch a page for dialogs, console errors, uncaught errors, failed loads and requests off the server.

    Findings are kept as (what, where, detail) with the pages they were seen on, so a report names each
    defect once with its pages instead of once per page.
    """

    def __init__(self, page: Any, base: str) -> None:
        self.page, self.base = page, base
        self.origin = "{0.scheme}://{0.netloc}/".format(urlsplit(base))
        self.found: dict[tuple[str, str, str], list[str]] = {}
        self.where = "(before any page)"
        page.add_init_script(QUIET_DIALOGS)
        page.on("dialog", self._dialog)
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self._note("uncaught error", str(exc)))
        page.on("request", self._request)
        page.on("requestfailed", self._failed)
        page.on("response", lambda res: self._note(f"HTTP {res.status}", res.url) if res.status >= 400 else None)

    def _note(self, what: str, detail: str, region: str = "") -> None:
        detail = detail.replace(self.base + self.where.lstrip("/"), "<this page>/")
        self.found.setdefault((what, region, detail), []).append(self.where)

    def _console(self, message: Any) -> None:
        if message.text.startswith(DIALOG_MARK):
            self._note("dialog fired", message.text.removeprefix(DIALOG_MARK))
        elif message.type == "error":
            self._note("console error", message.text)

    def _dialog(self, dialog: Any) -> None:
        from playwright.sync_api import Error

        self._note("dialog fired", f"{dialog.type}({dialog.message!r})")
        with contextlib.suppress(Error):  # the page may have gone away first
            dialog.dismiss()

    def _failed(self, request: Any) -> None:
        # Leaving a page aborts its pending loads (the search worker, say): that is not a failure.
        if request.url.startswith(self.origin) and request.failure == "net::ERR_ABORTED":
            return
        self._note("request failed", f"{request.url} ({request.failure})")

    def _request(self, request: Any) -> None:
        if not request.url.startswith(self.origin):
            self._note("request off the local server", f"{request.method} {request.url}")

    def visit(self, path: str) -> None:
        """Load a page, let its scripts settle, and record every problem on it."""
        self.where = "/" + path
        self.page.goto(self.base + path, wait_until="load")
        for what, region, detail in self.page.evaluate(INSPECT, [self.base, list(THEME_INLINE_SCRIPTS),
                                                                 list(FOREIGN_TAGS)]):
            self._note(what, detail, region)

    def report(self) -> str:
        """One line per distinct finding: what, where in the page, a snippet, and the pages."""
        lines = []
        for (what, region, detail), pages in sorted(self.found.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            unique = list(dict.fromkeys(pages))
            shown = ", ".join(unique[:4]) + (f" and {len(unique) - 4} more" if len(unique) > 4 else "")
            lines.append(f"- {what}{' in ' + region if region else ''}: {detail}  [{len(unique)} page(s): {shown}]")
        return "\n".join(lines)


@pytest.fixture
def guard(browser: Any, hostile_url: str) -> Iterator[Guard]:
    context = browser.new_context()
    context.set_default_timeout(15_000)
    try:
        yield Guard(context.new_page(), hostile_url)
    finally:
        context.close()


def html_pages(site: Path) -> list[str]:
    """Every generated HTML page, as a URL path relative to the site root."""
    pages = []
    for file in sorted(site.rglob("*.html")):
        rel = file.relative_to(site).as_posix()
        pages.append(rel.removesuffix("index.html") if rel.endswith("index.html") else rel)
    return pages


# --------------------------------------------------------------------------------------------- tests


def test_corpus_is_hostile_enough(hostile: Corpus) -> None:
    assert len(hostile.entries) >= 24
    titles = {e["title"] for e in hostile.entries}
    for payload in (SCRIPT, IMG, SVG, MD_LINK, MD_IMAGE, ENTITIES, FENCE, "---", HOMOGLYPH, CLOSE_TITLE):
        assert payload in titles


def test_hostile_data_passes_check(hostile: Corpus, tmp_path: Path) -> None:
    """The corpus is valid data: what it tests is rendering, not rejection."""
    write_data(tmp_path / "data", hostile)
    result = run("--data", "data", "check", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(f"ok: {len(hostile.entries)} entries, {len(hostile.topics)} topics, ")


def test_every_page_is_inert(guard: Guard, hostile_site: Path) -> None:
    """No dialog, console error, foreign request or injected element on any generated page."""
    pages = html_pages(hostile_site)
    assert len(pages) >= 40, pages
    for path in pages:
        guard.visit(path)
    guard.page.wait_for_load_state("networkidle")
    if guard.found:
        pytest.fail(f"{len(guard.found)} distinct problem(s) on {len(pages)} hostile pages:\n{guard.report()}",
                    pytrace=False)



# --------------------------------------------------------------------------------------------- literal text


@dataclass(frozen=True)
class Expect:
    """Texts a page must show: those of the elements `selector` matches, compared with `texts`.

    mode "exact": exactly these texts, in this order; "among": each is one of the texts found;
    "within": each is part of some text found; "summary": the one text found is the expected one, or, when
    that is longer than a meta description may be, its start cut at a word and ended with "…".
    `trim` compares without surrounding whitespace (template output around a value). `attr` reads an
    attribute instead of the text. Headings are read without their permalink sign.
    """

    page: str
    what: str
    selector: str
    texts: tuple[str, ...]
    mode: str = "exact"
    trim: bool = False
    attr: str = ""

    def mismatch(self, found: list[str | None]) -> str | None:
        got = [(f or "").strip() if self.trim else (f or "") for f in found]
        if self.mode == "exact":
            ok = got == list(self.texts)
        elif self.mode == "summary":
            want, cut = self.texts[0], (got[0] if len(got) == 1 else "").removesuffix("…")
            ok = got == [want] or (len(want) > DESCRIPTION_LIMIT and got[0].endswith("…") and want.startswith(cut))
        elif self.mode == "among":
            ok = all(text in got for text in self.texts)
        else:
            ok = all(any(text in g for g in got) for text in self.texts)
        if ok:
            return None
        want = list(self.texts)
        if self.mode in ("among", "within"):
            want = [text for text in self.texts if not any(text == g or (self.mode == "within" and text in g)
                                                           for g in got)]
        shown = repr(got)
        shown = shown if len(shown) <= 700 else shown[:700] + "…"
        return f"/{self.page} {self.what} ({self.selector}): expected {self.mode} {want!r}, shown {shown}"


READ = """(specs) => specs.map(([selector, attr]) => [...document.querySelectorAll(selector)].map((el) => {
  if (attr) return el.getAttribute(attr);
  const copy = el.cloneNode(true);
  copy.querySelectorAll(".headerlink").forEach((link) => link.remove());
  return copy.textContent;
}))"""

HEADER_TITLE = ".md-header__topic[data-md-component='header-topic'] .md-ellipsis"
DESCRIPTION_LIMIT = 155


def _by_id(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in items}


def page_heads(page: str, title: str, meta: str) -> list[Expect]:
    """H1, <title>, the header's page title and the meta description of a page about `title`."""
    return [
        Expect(page, "H1", ".md-content h1", (squash(title),)),
        Expect(page, "<title>", "head > title", (f"{clean(title)} - {SITE_NAME}",), trim=True),
        Expect(page, "header title", HEADER_TITLE, (clean(title),), trim=True),
        Expect(page, "meta description", "meta[name='description']", (squash(meta),), mode="summary",
               attr="content"),
    ]


def authors_shown(entry: dict[str, Any]) -> str:
    names = entry["authors"]
    return clean(", ".join(names[:4]) + (" et al." if len(names) > 4 else ""))


def card_expectations(page: str, entry: dict[str, Any], topics: dict[str, dict[str, Any]],
                      current: str | None) -> list[Expect]:
    card = f"article.lr-card[id='{entry['id']}']"
    out = [Expect(page, f"card title of {entry['id']}", f"{card} .lr-card__title", (clean(entry["title"]),)),
           Expect(page, f"card link of {entry['id']}", f"{card} .lr-card__title a", (entry["url"],), attr="href"),
           Expect(page, f"extra links of {entry['id']}", f"{card} .lr-card__links a",
                  tuple(link["url"] for link in entry["links"]), attr="href"),
           Expect(page, f"card note of {entry['id']}", f"{card} .lr-card__note", (clean(entry["note"]),))]
    if entry["authors"]:
        out.append(Expect(page, f"card authors of {entry['id']}", f"{card} .lr-card__meta", (authors_shown(entry),),
                          mode="within"))
    others = tuple(clean(topics[t]["title"]) for t in entry["topics"] if t != current)
    if others:
        out.append(Expect(page, f"card 'Also in' of {entry['id']}", f"{card} .lr-card__also a", others))
    return out


def entry_expectations(data: Corpus) -> list[Expect]:
    topics, sources = _by_id(data.topics), _by_id(data.sources)
    out = []
    for e in data.entries:
        page = f"entries/{e['id']}/"
        refs = tuple(clean(sources[r["source"]]["title"]) + (f" under “{clean(r['heading'])}”" if r["heading"] else "")
                     for r in e["sources"])
        out += page_heads(page, e["title"], e["note"])
        out += [
            Expect(page, "read button", ".lr-entry__go", ("Read: " + clean(e["title"]),)),
            Expect(page, "read link", ".lr-entry__go a", (e["url"],), attr="href"),
            Expect(page, "note", ".md-content .lr-card__note", (clean(e["note"]),)),
            Expect(page, "Topics row", ".lr-record dd:first-of-type a", tuple(clean(topics[t]["title"])
                                                                              for t in e["topics"])),
            Expect(page, "Recommended by", "h2#recommended-by + ul > li", refs),
        ]
        if e["authors"]:
            out.append(Expect(page, "authors", ".md-content .lr-card__meta", (authors_shown(e),), mode="within"))
    return out


def topic_expectations(data: Corpus) -> list[Expect]:
    topics = _by_id(data.topics)
    out = []
    for t in data.topics:
        page = f"topics/{t['id']}/"
        out += page_heads(page, t["title"], t.get("intro") or t["description"])
        out.append(Expect(page, "description", ".md-content .lr-lead", (clean(t["description"]),)))
        paragraphs = tuple(clean(p) for p in (t.get("intro") or "").split("\n\n") if p.strip())
        if paragraphs:
            out.append(Expect(page, "intro", ".md-content p", paragraphs, mode="among"))
        if t.get("key_ideas"):
            names = tuple(clean(k["name"]) for k in t["key_ideas"])
            out.append(Expect(page, "key ideas", ".lr-ideas li strong", names))
        for e in data.entries:
            if t["id"] in e["topics"]:
                out += card_expectations(page, e, topics, t["id"])
    return out


def source_expectations(data: Corpus) -> list[Expect]:
    out = []
    for s in data.sources:
        page = f"sources/{s['id']}/"
        rows = sorted((r["position"], r["heading"], e) for e in data.entries for r in e["sources"]
                      if r["source"] == s["id"])
        by = f" by {s['author']}" if s.get("author") else ""
        out += page_heads(page, s["title"], f"The reading list “{s['title']}”{by}, {len(rows)} entries "
                                            "in its author's order.")
        if s.get("author"):
            out.append(Expect(page, "author", ".md-content .lr-lead", (f"by {clean(s['author'])}",), mode="within"))
        if s.get("url"):
            out.append(Expect(page, "list link", ".md-content .lr-lead a", (s["url"],), attr="href"))
        headings = tuple(squash(h) for n, (_, h, _) in enumerate(rows) if n == 0 or rows[n - 1][1] != h)
        out.append(Expect(page, "section headings", ".md-content h2", headings))
        out.append(Expect(page, "entry titles", "ol.lr-source-list > li > a:first-child",
                          tuple(clean(e["title"]) for _, _, e in rows)))
    return out


def path_expectations(data: Corpus) -> list[Expect]:
    entries = _by_id(data.entries)
    out = []
    for p in data.paths:
        page = f"paths/{p['id']}/"
        out += page_heads(page, p["title"], p["description"])
        out += [
            Expect(page, "description", ".md-content .lr-lead", (clean(p["description"]),)),
            Expect(page, "step titles", ".lr-step__title", tuple(clean(entries[s["entry"]]["title"])
                                                                  for s in p["steps"])),
            Expect(page, "step reasons", ".lr-steps > li > p:last-child", tuple(clean(s["why"]) for s in p["steps"])),
        ]
    return out


def index_expectations(data: Corpus) -> list[Expect]:
    entries = _by_id(data.entries)
    titles = tuple(clean(t["title"]) for t in data.topics)
    by_title = sorted(data.entries, key=lambda e: e["title"].lower())
    start = next(p for p in data.paths if p["id"] == "start-here")
    out = [
        Expect("", "topic grid titles", ".lr-topics strong", titles),
        Expect("", "topic grid descriptions", ".lr-topic__desc", tuple(clean(t["description"]) for t in data.topics)),
        Expect("", "start here", "ol.lr-path > li > a", tuple(clean(entries[s["entry"]]["title"])
                                                             for s in start["steps"])),
        Expect("topics/", "topic grid titles", ".lr-topics strong", titles),
        Expect("entries/", "table titles", ".lr-table tbody tr > td:first-child", tuple(clean(e["title"])
                                                                                        for e in by_title)),
        Expect("entries/", "table authors", ".lr-table tbody tr > td:nth-child(2)",
               tuple(clean(", ".join(e["authors"][:3]) + (" et al." if len(e["authors"]) > 3 else ""))
                     for e in by_title)),
        Expect("entries/", "topic filter options", "select[name='topic'] option", ("any", *titles)),
        Expect("sources/", "list titles", ".md-content li > a:first-child", tuple(clean(s["title"])
                                                                                 for s in data.sources)),
        Expect("paths/", "path titles", ".md-content li > a:first-child", tuple(clean(p["title"]) for p in data.paths)),
    ]
    for name in sorted({t for e in data.entries for t in e["tags"]}):
        tagged = [e for e in data.entries if name in e["tags"]]
        out += [Expect(f"tags/{name}/", f"card title of {e['id']}", f"article.lr-card[id='{e['id']}'] .lr-card__title",
                       (clean(e["title"]),)) for e in tagged]
    return out


def nav_expectations(data: Corpus) -> list[Expect]:
    """Every page's navigation names every topic, source and reading path literally."""
    labels = tuple(clean(x["title"]) for x in [*data.topics, *data.sources, *data.paths])
    pages = ("", "about/", "entries/", f"entries/{data.entries[0]['id']}/", f"topics/{data.topics[0]['id']}/")
    return [Expect(page, "navigation labels", ".md-nav--primary .md-nav__link .md-ellipsis", labels, mode="among",
                   trim=True) for page in pages]


KINDS = {
    "entry pages": entry_expectations,
    "topic pages": topic_expectations,
    "source pages": source_expectations,
    "reading path pages": path_expectations,
    "index pages": index_expectations,
    "navigation": nav_expectations,
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_text_is_shown_literally(kind: str, guard: Guard, hostile: Corpus) -> None:
    """Each value shows exactly as written (less the characters stripped on purpose), wherever it appears."""
    expectations = KINDS[kind](hostile)
    pages: dict[str, list[Expect]] = {}
    for expect in expectations:
        pages.setdefault(expect.page, []).append(expect)
    problems = []
    for page, wanted in pages.items():
        guard.visit(page)
        found = guard.page.evaluate(READ, [[e.selector, e.attr] for e in wanted])
        problems += [m for e, f in zip(wanted, found, strict=True) if (m := e.mismatch(f))]
    if problems:
        pytest.fail(f"{len(problems)} of {len(expectations)} {kind} texts are not shown literally:\n"
                    + "\n".join(problems), pytrace=False)


# --------------------------------------------------------------------------------------------- search and filter


@pytest.mark.parametrize("query", ["unclosed", "pwned", "Eve"])
def test_search_results_are_inert_and_literal(query: str, guard: Guard, hostile: Corpus) -> None:
    """The search box lists hostile entries with their titles as text: nothing fires, nothing is injected."""
    guard.visit("about/")
    guard.page.wait_for_load_state("networkidle")
    guard.found.clear()  # the page itself is test_every_page_is_inert's business; here only the results count
    box = guard.page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query)
    guard.page.locator(".md-search-result__item").first.wait_for()
    guard.page.wait_for_timeout(300)
    for what, region, detail in guard.page.evaluate(INSPECT, [guard.base, list(THEME_INLINE_SCRIPTS),
                                                              list(FOREIGN_TAGS)]):
        if region == "search":
            guard._note(what, detail, region)
    titles = _by_id(hostile.entries)
    problems = []
    for item in guard.page.locator(".md-search-result__item").all():
        match = re.search(r"/entries/(hostile-\d+)/", item.locator("a").first.get_attribute("href") or "")
        if match:
            shown = item.locator("h1").first.text_content()
            expected = squash(titles[match.group(1)]["title"])
            if shown != expected:
                problems.append(f"result for {match.group(1)}: expected {expected!r}, shown {shown!r}")
    assert guard.page.locator(".md-search-result__item").count() > 0
    if guard.found or problems:
        pytest.fail(f"search results for {query!r}:\n" + guard.report() + "\n" + "\n".join(problems), pytrace=False)


@pytest.mark.parametrize("needle", ["script", "svg", "alert", "isolate", "brien", "quoted"])
def test_table_filter_finds_hostile_text(needle: str, guard: Guard, hostile: Corpus) -> None:
    """The all-entries text filter (over the search index) finds hostile titles and authors by their words
    and shows them as plain text (bidi overrides stripped); nothing fires."""

    def words(e: dict[str, Any]) -> list[str]:
        return re.findall(r"\w+", clean(" ".join([e["title"], *e["authors"]])).lower())

    expected = {squash(e["title"]) for e in hostile.entries if needle in words(e)}
    guard.visit("entries/")
    guard.page.locator("#lr-filters input[name='q']").fill(needle)
    # the rows of the answer carry their topics; the page's own first rows do not
    guard.page.wait_for_function("!document.querySelector('.lr-table tbody tr:not([data-topics])')")
    more = guard.page.locator("#lr-more")
    while more.is_visible():  # an answer shows 20 rows at a time
        before = guard.page.locator(".lr-table tbody tr").count()
        more.click()
        guard.page.wait_for_function(f"document.querySelectorAll('.lr-table tbody tr').length > {before}")
    shown = set(guard.page.locator(".lr-table tbody tr td:first-child").all_text_contents())
    assert expected, needle
    assert expected <= shown, f"{needle!r}: missing {expected - shown}"
    if guard.found:
        pytest.fail(f"filter {needle!r}:\n" + guard.report(), pytrace=False)


# --------------------------------------------------------------------------------------------- rejected values

REJECTED_ENTRIES = """\
- id: script-url
  title: Script URL
  url: javascript:alert(1)
  kind: paper
  topics: [attention]
  added: 2024-01-31

- id: upper-case-script-url
  title: Upper-case script URL
  url: JavaScript:alert(document.domain)
  kind: paper
  topics: [attention]
  added: 2024-01-31

- id: padded-script-url
  title: Padded script URL
  url: ' javascript:alert(1)'
  kind: paper
  topics: [attention]
  added: 2024-01-31

- id: tab-in-scheme
  title: Tab in the scheme
  url: "java\\tscript:alert(1)"
  kind: paper
  topics: [attention]
  added: 2024-01-31

- id: script-url-with-slashes
  title: Script URL with slashes
  url: javascript://example.com/%0Aalert(1)
  kind: paper
  topics: [attention]
  added: 2024-01-31

- id: http-prefix-no-host
  title: http prefix without a host
  url: https:javascript:alert(1)
  kind: paper
  topics: [attention]
  added: 2024-01-31

- id: data-url
  title: Data URL
  url: 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='
  kind: paper
  topics: [attention]
  added: 2024-01-31

- id: vbscript-url
  title: VBScript URL
  url: 'vbscript:msgbox("x")'
  kind: paper
  topics: [attention]
  added: 2024-01-31

- id: bad-extra-links
  title: Bad extra links
  url: https://example.invalid/fine
  kind: paper
  topics: [attention]
  links:
    - {url: 'javascript:alert(1)', rel: code}
    - {url: 'data:text/html,<script>alert(1)</script>', rel: see-also}
    - {url: 'vbscript:msgbox(1)', rel: slides}
  added: 2024-01-31

- id: script-url-as-title
  title: javascript:alert(1)
  url: https://example.invalid/title
  kind: paper
  topics: [attention]
  added: 2024-01-31

- id: hostile-tags
  title: Hostile tags
  url: https://example.invalid/tags
  kind: paper
  topics: [attention]
  tags:
    - <script>alert(1)</script>
    - '"><svg onload=alert(1)>'
    - '{{7*7}}'
    - javascript:alert(1)
    - "rtl\\u202eevil"
    - Attention
  added: 2024-01-31
"""

REJECTED_SOURCES = """\
- id: script-list
  title: Script list
  url: javascript:alert(1)
  origin: seeds/script.txt
  imported: 2024-01-31
"""


def _line(text: str, needle: str) -> int:
    """1-based number of the only line of `text` containing `needle`."""
    found = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(found) == 1, (needle, found)
    return found[0]


def _rejected_data(folder: Path) -> Path:
    (folder / "entries").mkdir(parents=True)
    (folder / "topics.yaml").write_text("- id: attention\n  title: Attention\n  description: How tokens weigh each "
                                        "other.\n  order: 1\n", encoding="utf-8")
    (folder / "sources.yaml").write_text(REJECTED_SOURCES, encoding="utf-8")
    (folder / "entries" / "attention.yaml").write_text(REJECTED_ENTRIES, encoding="utf-8")
    return folder


def test_check_rejects_script_urls_and_hostile_tags(tmp_path: Path) -> None:
    """Script and data URLs (in any spelling) and non-kebab tags are errors, each reported exactly."""
    _rejected_data(tmp_path / "data")
    e, s = REJECTED_ENTRIES, REJECTED_SOURCES
    entries, sources = "data/entries/attention.yaml", "data/sources.yaml"
    kebab = "is not lowercase kebab-case (a-z, 0-9 and single hyphens)"
    expected = sorted([
        (entries, _line(e, "url: javascript:alert(1)"), "url: 'javascript:alert(1)' is not an http(s) URL"),
        (entries, _line(e, "JavaScript:"), "url: 'JavaScript:alert(document.domain)' is not an http(s) URL"),
        (entries, _line(e, "' javascript:"), "url: ' javascript:alert(1)' is not an http(s) URL"),
        # the tab is printed escaped, so the problem stays one visible line
        (entries, _line(e, "java\\tscript"), "url: 'java\\tscript:alert(1)' is not an http(s) URL"),
        (entries, _line(e, "javascript://"), "url: 'javascript://example.com/%0Aalert(1)' is not an http(s) URL"),
        (entries, _line(e, "https:javascript"), "url: 'https:javascript:alert(1)' is not an http(s) URL"),
        (entries, _line(e, "data:text/html;base64"),
         "url: 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==' is not an http(s) URL"),
        (entries, _line(e, "vbscript:msgbox(\""), "url: 'vbscript:msgbox(\"x\")' is not an http(s) URL"),
        (entries, _line(e, "{url: 'javascript:"), "links.url: 'javascript:alert(1)' is not an http(s) URL"),
        (entries, _line(e, "{url: 'data:"),
         "links.url: 'data:text/html,<script>alert(1)</script>' is not an http(s) URL"),
        (entries, _line(e, "{url: 'vbscript:"), "links.url: 'vbscript:msgbox(1)' is not an http(s) URL"),
        (entries, _line(e, "title: javascript:"), "title: is a URL; give the work's own title"),
        (entries, _line(e, "- <script>"), f"tags: '<script>alert(1)</script>' {kebab}"),
        (entries, _line(e, "svg onload"), f"tags: '\"><svg onload=alert(1)>' {kebab}"),
        (entries, _line(e, "{{7*7}}"), f"tags: '{{{{7*7}}}}' {kebab}"),
        (entries, _line(e, "- javascript:"), f"tags: 'javascript:alert(1)' {kebab}"),
        (entries, _line(e, "rtl"), f"tags: 'rtl{RTL}evil' {kebab}"),
        (entries, _line(e, "- Attention"), f"tags: 'Attention' {kebab}"),
        (sources, _line(s, "javascript:"), "url: 'javascript:alert(1)' is not an http(s) URL"),
    ])
    result = run("--data", "data", "check", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [f"{file}:{line}: {message}" for file, line, message in expected]


def test_rejected_values_are_never_rendered(tmp_path: Path) -> None:
    """`mkdocs build --strict` refuses the same data: no page is written, so no script URL can reach one."""
    root = make_project(tmp_path / "project", data=_rejected_data(tmp_path / "data"))
    result = mkdocs(root, "build", "--strict")
    assert result.returncode != 0
    assert "url: 'javascript:alert(1)' is not an http(s) URL" in result.stderr
    written = [p for p in (root / "site").rglob("*") if p.is_file()] if (root / "site").exists() else []
    leaked = [str(p) for p in written if any(s in p.read_text(encoding="utf-8", errors="replace")
                                             for s in ("javascript:alert", "vbscript:", "data:text/html"))]
    assert not leaked
    assert not (root / "site" / "index.html").exists()


def test_published_feeds_are_well_formed(hostile_site: Path, hostile: Corpus) -> None:
    """The Atom feeds published with the site parse as XML and carry each hostile title as text."""
    import xml.etree.ElementTree as ET

    atom = "{http://www.w3.org/2005/Atom}"
    feeds = sorted(hostile_site.rglob("feed.xml"))
    assert feeds
    titles = {e["title"] for e in hostile.entries} | {clean(e["title"]) for e in hostile.entries}
    for feed in feeds:
        root = ET.parse(feed).getroot()  # raises on anything that broke the markup
        shown = [item.findtext(f"{atom}title") for item in root.iter(f"{atom}entry")]
        assert shown, feed
        assert set(shown) <= titles, (feed, set(shown) - titles)
