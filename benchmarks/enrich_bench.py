"""`llmreads enrich` benchmark: 2,000 arXiv papers against a local stand-in of the arXiv API.

arXiv asks for one request every 3 s; with batches of 50 ids, 2,000 papers take 40 requests, so
no polite client can finish before 39 intervals have passed. The run uses a short interval (the
`arxiv_interval` override) to keep the benchmark quick, and compares its wall time with that
schedule bound, and its CPU time with the wall time: enrich is bounded by the schedule, not by CPU,
when the wall time is close to the bound and the CPU time a small part of it. The same run without
pacing (interval 0) is the baseline: what the work itself costs. The server runs in a child
process. Prints JSON.

    .venv/bin/python benchmarks/enrich_bench.py [--papers 2000] [--interval 0.25] [--latency 0.05]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from llmreads.backfill import EnrichJob, enrich
from llmreads.catalog import load_catalog
from llmreads.httpclient import Endpoints, Pacer, build_client

BATCH = 50
ENTRY = """<entry><id>http://arxiv.org/abs/{id}v1</id><published>2024-01-{day:02d}T10:00:00Z</published>
<title>Paper {id}: a study</title><author><name>Ada Lovelace</name></author><author><name>Alan Turing</name></author>
</entry>"""

# ---------------------------------------------------------------------------------------------
# The server (child process): the arXiv API's Atom answer for any id_list, after `latency` seconds.


async def _serve(latency: float) -> None:
    count = 0

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal count
        try:
            while (line := await reader.readline()).strip():
                while (await reader.readline()).strip():
                    pass
                count += 1
                ids = re.search(rb"id_list=([^& ]*)", line)
                id_list = (ids.group(1) if ids else b"").decode().replace("%2C", ",").split(",")
                entries = "".join(ENTRY.format(id=i, day=1 + n % 28) for n, i in enumerate(id_list) if i)
                body = (f'<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
                        f"<title>arXiv Query</title>{entries}</feed>").encode()
                await asyncio.sleep(latency)
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/atom+xml\r\n"
                             + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=1024)
    print(json.dumps({"port": server.sockets[0].getsockname()[1]}), flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)  # until the parent closes stdin
    print(json.dumps({"requests": count}), flush=True)


# ---------------------------------------------------------------------------------------------
# The measurement (parent process).

def _catalogue(folder: Path, papers: int) -> Path:
    data = folder / "data"
    (data / "entries").mkdir(parents=True)
    (data / "topics.yaml").write_text("- id: papers\n  title: Papers\n  description: Papers.\n  order: 1\n")
    items = [f"- id: paper-{i}\n  title: Paper {i} (arxiv.org)\n  url: https://arxiv.org/abs/2401.{i:05d}\n"
             f"  kind: paper\n  topics: [papers]\n  tags: [needs-title]\n  added: 2024-06-01\n"
             for i in range(1, papers + 1)]
    (data / "entries" / "papers.yaml").write_text("\n".join(items))
    return data


def measure(papers: int, interval: float, latency: float) -> dict[str, Any]:
    """Enrich `papers` arXiv entries with arXiv requests `interval` seconds apart; return the numbers."""
    with tempfile.TemporaryDirectory(prefix="llmreads-enrich-bench-") as work, \
            subprocess.Popen([sys.executable, __file__, "--serve", "--latency", str(latency)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) as server:
        assert server.stdin is not None and server.stdout is not None
        port = json.loads(server.stdout.readline())["port"]
        data = _catalogue(Path(work), papers)
        job = EnrichJob(data, Endpoints(arxiv_api=f"http://127.0.0.1:{port}/api/query"), timeout=30,
                        arxiv_batch=BATCH, arxiv_pacer=Pacer(interval))

        async def go() -> Any:
            async with build_client("llmreads-bench", 30) as client:
                return await enrich(job, client)

        started, cpu_started = time.perf_counter(), time.process_time()
        report = asyncio.run(go())
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        server.stdin.close()
        requests = json.loads(server.stdout.readline())["requests"]
        catalog = load_catalog(data)
        complete = sum(1 for e in catalog.entries if e.authors and e.year and e.title.endswith("a study"))
    batches = -(-papers // BATCH)
    bound = (batches - 1) * interval + latency
    return {"papers": papers, "interval_s": interval, "latency_s": latency, "batch": BATCH,
            "requests": requests, "filled": len(report.filled), "failed": len(report.failed),
            "entries_complete_after": complete,
            "wall_s": round(wall, 3), "cpu_s": round(cpu, 3), "schedule_bound_s": round(bound, 3),
            "ratio_to_bound": round(wall / bound, 3) if bound else None,
            "cpu_share_of_wall": round(cpu / wall, 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--papers", type=int, default=2000)
    parser.add_argument("--interval", type=float, default=0.25)
    parser.add_argument("--latency", type=float, default=0.05)
    args = parser.parse_args()
    if args.serve:
        asyncio.run(_serve(args.latency))
        return
    baseline = measure(args.papers, 0.0, args.latency)   # the work alone: no pacing
    paced = measure(args.papers, args.interval, args.latency)
    # Bounded by the schedule: wall time within 25 % of the schedule plus the work's own cost,
    # and the CPU a small part of the wall time.
    goal_ratio, goal_cpu_share = 1.25, 0.5
    allowance = (paced["schedule_bound_s"] + baseline["wall_s"]) / paced["schedule_bound_s"]
    report = {
        "benchmark": "enrich", "python": platform.python_version(), "cpus": os.cpu_count(),
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "baseline_unpaced": baseline, "paced": paced,
        "paced_over_unpaced_wall": round(paced["wall_s"] / baseline["wall_s"], 2),
        "goals": {
            "every_paper_filled": paced["entries_complete_after"] == args.papers,
            "wall_within_schedule": paced["ratio_to_bound"] <= max(goal_ratio, allowance),
            "cpu_small_part_of_wall": paced["cpu_share_of_wall"] <= goal_cpu_share,
        },
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
