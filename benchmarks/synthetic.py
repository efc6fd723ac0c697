"""Synthetic data folders of N entries for the benchmarks: valid per `llmreads check`, deterministic.

    python benchmarks/synthetic.py 2000 /tmp/data-2000 [--seed 0]

The folder looks like the committed one: `topics.yaml` (12 topics, the five named ones among
them), `sources.yaml` (6 lists), and `entries/<topic>.yaml` holding each entry in the file of its
primary topic, written item by item with `llmreads.yamlio.dump_item` (the importer's house style).
Entries are realistic in shape: 1-4 authors, 1-3 topics, 2-6 tags drawn (Zipf-like, so some tags
are popular) from a vocabulary of 300, a two-sentence note, 0-2 extra links, 1-2 sources with a
heading path and a position, and distinct URLs (arXiv, YouTube, GitHub and blog hosts mixed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import random
import shutil
import sys
from pathlib import Path
from typing import Any

from llmreads.catalog import ENTRIES_DIR, SCHEMA_COMMENT, SOURCES_FILE, TOPICS_FILE
from llmreads.yamlio import dump_item

MARKER = ".synthetic"

TOPICS = [
    ("courses-and-overviews", "Courses and overviews", ["overview", "course"]),
    ("transformer-architecture", "Transformer architecture", ["transformer", "architecture"]),
    ("attention", "Attention", ["attention", "self-attention"]),
    ("tokenization", "Tokenization", ["tokenization", "tokenizer"]),
    ("embeddings", "Embeddings", ["embedding", "vector"]),
    ("pre-training", "Pre-training and scaling", ["pre-training", "scaling"]),
    ("fine-tuning", "Fine-tuning", ["fine-tuning", "lora"]),
    ("alignment", "RLHF and alignment", ["rlhf", "alignment"]),
    ("inference", "Inference", ["inference", "serving"]),
    ("retrieval", "Retrieval and vector search", ["retrieval", "rag"]),
    ("evaluation", "Evaluation", ["evaluation", "benchmark"]),
    ("security", "Security", ["security", "prompt injection"]),
]

SOURCES = [
    ("synthetic-list-alpha", "Alpha reading list", "Ada Example"),
    ("synthetic-list-beta", "Beta notes on language models", "Brook Sample"),
    ("synthetic-list-gamma", "Gamma course links", None),
    ("synthetic-list-delta", "Delta bookmarks", "Dana Placeholder"),
    ("synthetic-list-epsilon", "Epsilon survey of surveys", "Eli Mock"),
    ("synthetic-list-zeta", "Zeta quickstart", None),
]

_ADJ = ["sparse", "dense", "efficient", "scalable", "robust", "linear", "causal", "adaptive", "multilingual",
        "low-rank", "quantized", "distilled", "open", "long-context", "mixture", "contrastive", "federated",
        "structured", "retrieval", "instruction"]
_NOUN = ["attention", "tokenizer", "decoding", "sampling", "alignment", "pretraining", "finetuning",
         "embedding", "benchmark", "agent", "memory", "routing", "caching", "pruning", "evaluation"]
#: 20 × 15 = 300 tags, lowercase kebab-case.
TAGS = [f"{a}-{n}" for a, n in itertools.product(_ADJ, _NOUN)]

_TITLE_A = ["Understanding", "Scaling", "Revisiting", "Rethinking", "Towards", "Improving", "Measuring",
            "Explaining", "Training", "Serving", "Compressing", "Benchmarking", "Probing", "Aligning"]
_TITLE_B = ["Sparse Attention", "Byte-Level Tokenizers", "Speculative Decoding", "Preference Optimization",
            "Retrieval-Augmented Generation", "Mixture-of-Experts Layers", "KV Cache Compression",
            "Instruction Tuning", "Reward Models", "Rotary Position Embeddings", "Prompt Injection Defences",
            "Quantized Inference", "Long-Context Evaluation", "Tool-Using Agents", "Contrastive Embeddings"]
_TITLE_C = ["in Practice", "at Scale", "for Small Models", "from Scratch", "without Tears", "on a Budget",
            "for Production Systems", "Revisited", "in Ten Minutes", "with Fewer Parameters"]
_FIRST = ["Ada", "Alan", "Grace", "Edsger", "Barbara", "Donald", "Frances", "Geoffrey", "Yoshua", "Fei-Fei",
          "Andrej", "Ilya", "Sam", "Noam", "Ashish", "Jakob", "Llion", "Aidan", "Lukasz", "Niki", "Chip", "Lilian"]
_LAST = ["Lovelace", "Turing", "Hopper", "Dijkstra", "Liskov", "Knuth", "Allen", "Hinton", "Bengio", "Li",
         "Karpathy", "Sutskever", "Altman", "Shazeer", "Vaswani", "Uszkoreit", "Jones", "Gomez", "Kaiser",
         "Parmar", "Huyen", "Weng", "Raschka", "Alammar"]
_SENT1 = ["A clear walkthrough of {b} that starts from first principles and ends with working code.",
          "The paper that made {b} practical, with ablations that show which parts matter.",
          "A long-form explanation of {b}, with diagrams for every step of the computation.",
          "Benchmarks {b} across model sizes and reports where the gains disappear.",
          "A lecture on {b} aimed at engineers who already know the transformer."]
_SENT2 = ["Read it before the follow-up work, which assumes its notation.",
          "Skip the appendix on a first read; the main argument stands without it.",
          "Worth an evening; the code linked from it is short and readable.",
          "Dated in places, but the core idea still underlies current systems.",
          "Pairs well with the survey in the same topic."]
_HEADINGS = ["Foundations", "Architecture", "Training", "Inference", "Evaluation", "Applications", "Further reading"]
_SUBHEADINGS = ["Papers", "Blog posts", "Videos", "Code", "Deep dives", "Background"]
_KINDS = ["paper", "article", "video", "course", "book", "code", "thread", "slides", "podcast", "other"]
_KIND_WEIGHTS = [40, 30, 10, 4, 2, 6, 3, 2, 2, 1]
_RELS = ["discussion", "slides", "code", "pdf", "video", "see-also", "archive"]
_LEVELS = [None, "intro", "intermediate", "advanced"]
_YT = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def _youtube_id(i: int) -> str:
    """An 11-character id, distinct for every i."""
    chars = []
    for _ in range(11):
        i, rem = divmod(i, 64)
        chars.append(_YT[rem])
    return "".join(reversed(chars))


def _url(kind: str, i: int, slug: str, rng: random.Random) -> str:
    """A distinct URL for entry i (every scheme embeds i, so canonical forms never collide)."""
    if kind == "paper":
        return f"https://arxiv.org/abs/{17 + i // 90000:02d}{1 + (i // 9000) % 9:02d}.{10000 + i % 90000:05d}"
    if kind == "video":
        return f"https://www.youtube.com/watch?v={_youtube_id(i + 1_000_003)}"
    if kind == "code":
        return f"https://github.com/lab{rng.randrange(50)}/{slug}-{i}"
    return f"https://blog{rng.randrange(200)}.example.com/posts/{rng.randrange(2015, 2026)}/{slug}-{i}"


def _tag_weights() -> list[float]:
    return [1.0 / (rank + 1) ** 0.8 for rank in range(len(TAGS))]


def entries(n: int, seed: int = 0) -> list[dict[str, Any]]:
    """Return n entry mappings, in the order the files list them (deterministic for a seed)."""
    rng = random.Random(seed)
    weights = _tag_weights()
    topic_ids = [t for t, _, _ in TOPICS]
    positions = dict.fromkeys((s for s, _, _ in SOURCES), 0)
    out = []
    for i in range(n):
        a, b, c = rng.choice(_TITLE_A), rng.choice(_TITLE_B), rng.choice(_TITLE_C)
        title = f"{a} {b} {c}"
        slug = "-".join(w.lower() for w in f"{a} {b}".replace("-", " ").split())
        kind = rng.choices(_KINDS, _KIND_WEIGHTS)[0]
        topics = rng.sample(topic_ids, rng.choice([1, 1, 2, 2, 3]))
        tags: list[str] = []
        wanted = rng.randint(2, 6)
        while len(tags) < wanted:
            tag = rng.choices(TAGS, weights)[0]
            if tag not in tags:
                tags.append(tag)
        entry: dict[str, Any] = {
            "id": f"{slug}-{i}",
            "title": title,
            "url": _url(kind, i, slug, rng),
            "authors": [f"{rng.choice(_FIRST)} {rng.choice(_LAST)}" for _ in range(rng.randint(1, 4))],
            "year": rng.randint(2013, 2025),
            "kind": kind,
        }
        level = rng.choice(_LEVELS)
        if level:
            entry["level"] = level
        entry["topics"] = topics
        entry["tags"] = tags
        entry["note"] = rng.choice(_SENT1).format(b=b.lower()) + " " + rng.choice(_SENT2)
        links = [{"url": f"https://news.example.com/item?id={i * 3 + k}", "rel": rng.choice(_RELS)}
                 for k in range(rng.choice([0, 0, 0, 1, 1, 2]))]
        if links:
            entry["links"] = links
        refs = []
        for source_id, _, _ in rng.sample(SOURCES, rng.choice([1, 1, 1, 2])):
            positions[source_id] += 1
            heading = rng.choice(_HEADINGS)
            if rng.random() < 0.6:
                heading += " › " + rng.choice(_SUBHEADINGS)
            refs.append({"source": source_id, "heading": heading, "position": positions[source_id]})
        entry["sources"] = refs
        entry["added"] = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(700))
        out.append(entry)
    return out


def _write_items(path: Path, items: list[dict[str, Any]], header: str = "") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + "\n".join(dump_item(item) for item in items), encoding="utf-8")


def generate(out: Path, n: int, seed: int = 0) -> Path:
    """Write a data folder of n entries to `out` (replaced if it exists) and return it."""
    if out.exists():
        shutil.rmtree(out)
    topics = [{"id": tid, "title": title, "description": f"Synthetic topic about {title.lower()}, for benchmarks.",
               "order": k + 1, "keywords": keywords} for k, (tid, title, keywords) in enumerate(TOPICS)]
    _write_items(out / TOPICS_FILE, topics, "# Synthetic topics (benchmarks/synthetic.py).\n")
    sources = [{"id": sid, "title": title, **({"author": author} if author else {}),
                "origin": f"synthetic/{sid}.md", "imported": dt.date(2024, 1, 1)} for sid, title, author in SOURCES]
    _write_items(out / SOURCES_FILE, sources)
    by_topic: dict[str, list[dict[str, Any]]] = {}
    for entry in entries(n, seed):
        by_topic.setdefault(entry["topics"][0], []).append(entry)
    for topic_id, items in by_topic.items():
        _write_items(out / ENTRIES_DIR / f"{topic_id}.yaml", items, SCHEMA_COMMENT)
    (out / MARKER).write_text(f"{n} {seed}\n", encoding="utf-8")
    return out


def cached(root: Path, n: int, seed: int = 0) -> Path:
    """Return `root/data-<n>-<seed>`, generating it unless an earlier call already did."""
    out = root / f"data-{n}-{seed}"
    marker = out / MARKER
    if not (marker.exists() and marker.read_text(encoding="utf-8") == f"{n} {seed}\n"):
        generate(out, n, seed)
    return out


def markdown_list(n: int, headings: int = 1, known: list[dict[str, Any]] | None = None, seed: int = 1) -> str:
    """A Markdown reading list of n bullets spread over `headings` headings, for the import benchmark.

    Headings cycle through the synthetic topics' titles (so entries land in several files), then
    `Miscellany k` (which no topic matches, so those land in `unsorted`). Every tenth bullet, while
    `known` lasts, links to one of those existing entries (a merge); the rest are new works.
    """
    rng = random.Random(seed)
    names = [title for _, title, _ in TOPICS] + [f"Miscellany {k}" for k in range(1, max(headings - 11, 1))]
    known = list(known or [])
    lines = ["# Synthetic reading list", "", "Links for the import benchmark (benchmarks/synthetic.py).", ""]
    per_heading = -(-n // headings)
    for i in range(n):
        if i % per_heading == 0:
            lines += ["", f"## {names[(i // per_heading) % len(names)]}", ""]
        if i % 10 == 0 and known:
            entry = known.pop()
            lines.append(f"- [{entry['title']}]({entry['url']})")
            continue
        a, b, c = rng.choice(_TITLE_A), rng.choice(_TITLE_B), rng.choice(_TITLE_C)
        slug = "-".join(w.lower() for w in f"{a} {b}".replace("-", " ").split())
        kind = rng.choices(_KINDS, _KIND_WEIGHTS)[0]
        url = _url(kind, 100_000 + i, slug, rng)  # arXiv ids of 2018, after the catalogue's own
        lines.append(f"- [{a} {b} {c}]({url}) - " + rng.choice(_SENT1).format(b=b.lower()))
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("n", type=int, help="number of entries")
    parser.add_argument("out", type=Path, help="data folder to write (replaced)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    generate(args.out, args.n, args.seed)
    print(f"wrote {args.n} entries to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
