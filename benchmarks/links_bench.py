"""Link checker benchmark: 2,000 URLs on 50 loopback hosts, each answering after 100 ms.

Reports wall time against the lower bound the politeness settings impose, requests per second,
peak memory, and the most concurrent requests any host saw (from the server's own count).
The server runs in a child process so it does not share the checker's interpreter. Prints JSON.

    .venv/bin/python benchmarks/links_bench.py [--urls 2000] [--hosts 50] [--latency 0.1]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import platform
import resource
import subprocess
import sys
import time
from collections import Counter
from typing import Any

import httpx

from llmreads.links.checker import Engine, pool_limits
from llmreads.links.model import LinkState
from llmreads.links.rules import Settings
from llmreads.links.run import check_links

# ---------------------------------------------------------------------------------------------
# The server (child process): every host answers every request after `latency` seconds.

async def _serve(hosts: int, latency: float) -> None:
    in_flight: Counter[str] = Counter()
    peak: Counter[str] = Counter()
    count = 0

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal count
        host = writer.get_extra_info("sockname")[0]
        try:
            while (line := await reader.readline()).strip():
                while (await reader.readline()).strip():
                    pass
                count += 1
                in_flight[host] += 1
                peak[host] = max(peak[host], in_flight[host])
                await asyncio.sleep(latency)
                in_flight[host] -= 1
                head = line.startswith(b"HEAD")
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\n"
                             + (b"" if head else b"ok"))
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    addresses = [f"127.0.1.{i}" for i in range(1, hosts + 1)]
    servers = [await asyncio.start_server(handle, address, 0, backlog=1024) for address in addresses]
    ports = {a: s.sockets[0].getsockname()[1] for a, s in zip(addresses, servers, strict=True)}
    print(json.dumps({"ports": ports}), flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)  # until the parent closes stdin
    print(json.dumps({"peak": peak, "requests": count}), flush=True)


# ---------------------------------------------------------------------------------------------
# The measurement (parent process).

def lower_bound(total: int, hosts: int, latency: float, per_host: int, interval: float, concurrency: int) -> float:
    """Seconds no checker can beat under these limits: the busiest host's pace, or the global limit's."""
    per = math.ceil(total / hosts)
    host_bound = max((per - 1) * interval + latency, math.ceil(per / per_host) * latency)
    global_bound = math.ceil(total / concurrency) * latency
    return max(host_bound, global_bound)


def measure(total: int = 2000, hosts: int = 50, latency: float = 0.1, per_host: int = 4,
            interval: float = 0.25, concurrency: int = 64) -> dict[str, Any]:
    """Run one configuration and return its numbers."""
    with subprocess.Popen([sys.executable, __file__, "--serve", "--hosts", str(hosts), "--latency", str(latency)],
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) as server:
        assert server.stdin is not None and server.stdout is not None
        ports: dict[str, int] = json.loads(server.stdout.readline())["ports"]
        names = sorted(ports)
        urls = [f"http://{names[i % hosts]}:{ports[names[i % hosts]]}/page/{i}" for i in range(total)]
        settings = Settings(concurrency=concurrency, per_host=per_host, interval=interval, timeout=30,
                            strategies=[], archive=False)
        started, cpu_started = time.perf_counter(), time.process_time()
        states, engine_peak = asyncio.run(_check(urls, settings))
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        server.stdin.close()
        stats = json.loads(server.stdout.readline())
    bound = lower_bound(total, hosts, latency, per_host, interval, concurrency)
    return {
        "urls": total, "hosts": hosts, "latency_s": latency, "per_host": per_host, "interval_s": interval,
        "concurrency": concurrency,
        "wall_s": round(wall, 3), "lower_bound_s": round(bound, 3), "ratio_to_bound": round(wall / bound, 3),
        "requests_per_s": round(stats["requests"] / wall, 1), "requests": stats["requests"],
        # The machine may be shared: CPU per request says what the checker itself costs.
        "checker_cpu_s": round(cpu, 3), "checker_cpu_ms_per_request": round(1000 * cpu / stats["requests"], 3),
        "max_concurrent_per_host_server": max(stats["peak"].values()),
        "max_concurrent_per_host_client": engine_peak,
        "states": states,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


async def _check(urls: list[str], settings: Settings) -> tuple[dict[str, int], int]:
    # The client the CLI builds: HTTP/2 where offered, the User-Agent, the engine's pool limits.
    async with httpx.AsyncClient(http2=True, limits=pool_limits(settings),
                                 headers={"User-Agent": settings.user_agent}) as client:
        engine = Engine(client, settings)
        results = await check_links(urls, engine)
    assert engine.limiter is not None
    states = Counter(r.state.value for r in results)
    return {s.value: states[s.value] for s in LinkState if states[s.value]}, max(engine.limiter.peak.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--urls", type=int, default=2000)
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--latency", type=float, default=0.1)
    args = parser.parse_args()
    if args.serve:
        asyncio.run(_serve(args.hosts, args.latency))
        return
    runs = {
        # The shipped settings: the interval between requests to one host sets the bound.
        "default": measure(args.urls, args.hosts, args.latency, interval=0.25),
        # No interval: the per-host and global limits set the bound, so the engine's own overhead shows.
        "no_interval": measure(args.urls, args.hosts, args.latency, interval=0.0),
    }
    goal = 1.5
    for result in runs.values():
        result["within_goal"] = result["ratio_to_bound"] <= goal
    report = {"benchmark": "links", "python": platform.python_version(), "machine": platform.machine(),
              "cpus": os.cpu_count(), "load_average_after": [round(x, 2) for x in os.getloadavg()],
              "goal_ratio": goal, "runs": runs,
              "per_host_limit_respected": all(r["max_concurrent_per_host_server"] <= r["per_host"]
                                              for r in runs.values())}
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
