"""Load test through nginx: N browser sessions spread over several replicas sharing PostgreSQL, on loopback only.

`python benchmarks/replicas.py [--sessions 40] [--duration 60] [--replicas 2]` starts the replicas, nginx and a
throwaway PostgreSQL/PostGIS with deploy/run-replicas.sh, drives the sessions as load_test.py does (each click
changes the section and waits for the map), and reports errors, how the sessions spread, update (rerun) times and
each replica's memory and CPU; then stops everything by its process id.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import benchlib as b
import psutil
from load_test import LOAD_TIMEOUT_S, drive
from playwright.async_api import async_playwright

from dashboard import config as c
from dashboard.core.viewstate import WHOLE_ARTICLE, ViewState
from dashboard.data.bundles import load_bundle
from dashboard.data.layers import load_layers
from dashboard.devserver import free_port
from dashboard.view import filters

RUN_REPLICAS = c.ROOT / "deploy" / "run-replicas.sh"
OPENING_AT_ONCE = 8  # navigations started together; each session then loads while the next ones start


class Replica:
    """One running replica, by its process id: its memory and CPU time."""

    def __init__(self, port: int, pid: int) -> None:
        self.port, self.process = port, psutil.Process(pid)

    def rss(self) -> int:
        """Resident memory in bytes."""
        return self.process.memory_info().rss

    def cpu(self) -> float:
        """CPU seconds used so far."""
        t = self.process.cpu_times()
        return t.user + t.system


def start(run: Path, replicas: int) -> tuple[str, list[Replica]]:
    """Start the replicas, nginx and PostgreSQL; the address and the replicas."""
    env = {k: v for k, v in os.environ.items() if k != c.ENV_DATABASE_URL} | {"PYTHON": sys.executable}
    ports = [free_port() for _ in range(replicas)]
    env["REPLICA_PORTS"] = ",".join(map(str, ports))
    subprocess.run(["bash", str(RUN_REPLICAS), "start", str(run)], env=env, check=True, stdout=subprocess.DEVNULL)
    return (run / "url").read_text().strip(), [Replica(p, int((run / f"replica-{p}.pid").read_text())) for p in ports]


async def replica_of(session: b.Session, url: str) -> str:
    """Which replica nginx keeps this session on (the same cookie, so the same replica)."""
    response = await session.page.request.get(url + "_stcore/health")
    return response.headers.get("x-briefing-replica", "?")


async def run(browser: Any, url: str, replicas: list[Replica], sessions: int, duration: float) -> dict[str, Any]:
    """Open the sessions through nginx, drive them for the duration; the figures."""
    bundle = load_bundle(c.DATA_ROOT, "iran-russia-too-close-for-comfort")
    art, (layers, _) = bundle.article, load_layers(bundle)
    sections = [
        (s, t, sorted(filters.shown_ids(layers, ViewState(section=s, others="hide"))))
        for s, t in ((WHOLE_ARTICLE, c.WHOLE_ARTICLE_LABEL), *((s.id, s.title) for s in art.sections))
    ]
    rss_idle = {r.port: r.rss() for r in replicas}
    started = time.monotonic()
    page, gate = url + "?others=hide", asyncio.Semaphore(OPENING_AT_ONCE)

    async def open_one() -> b.Session:
        async with gate:  # people arrive over seconds, not in one instant
            return await b.open_session(browser, page, sections[0][2], timeout_s=LOAD_TIMEOUT_S)

    opened = await asyncio.gather(*(open_one() for _ in range(sessions)))
    loads = await asyncio.gather(*(b.wait_drawn(s, LOAD_TIMEOUT_S) for s in opened))
    await asyncio.gather(*(b.wait_script_finished(s, 0, 30, quiet=0) for s in opened))
    load_s = time.monotonic() - started
    spread = await asyncio.gather(*(replica_of(s, url) for s in opened))
    rss_loaded = {r.port: r.rss() for r in replicas}
    live = [s for s, state in zip(opened, loads) if state["ok"]]
    peak = dict(rss_loaded)
    cpu_before, end = {r.port: r.cpu() for r in replicas}, time.monotonic() + duration

    async def sample() -> None:
        while True:
            for r in replicas:
                peak[r.port] = max(peak[r.port], r.rss())
            await asyncio.sleep(0.5)

    sampler = asyncio.get_running_loop().create_task(sample())
    runs = await asyncio.gather(*(drive(s, sections, i, end) for i, s in enumerate(live)))
    sampler.cancel()
    churn_s = time.monotonic() - end + duration
    exceptions = [await s.page.locator('[data-testid="stException"]').count() for s in opened]
    for s in opened:
        await s.close()
    errors = (
        [f"session {i} did not load ({state['count']} drawn)" for i, state in enumerate(loads) if not state["ok"]]
        + [f"session {i}: {f}" for i, r in enumerate(runs) for f in r["failures"]]
        + [f"session {i}: {e}" for i, s in enumerate(opened) for e in s.errors]
        + [f"session {i}: {n} Streamlit exception(s) shown" for i, n in enumerate(exceptions) if n]
        + [f"session {i}: websocket closed {s.ws_closed} time(s)" for i, s in enumerate(opened) if s.ws_closed]
    )
    times = [t for r in runs for t in r["times_ms"]]
    return {
        "sessions": sessions,
        "replicas": len(replicas),
        "sessions_loaded": len(live),
        "sessions_per_replica": {addr: spread.count(addr) for addr in sorted(set(spread))},
        "duration_s": duration,
        "churn_s": round(churn_s, 1),
        "load_all_s": round(load_s, 1),
        "changes_total": sum(r["changes"] for r in runs),
        "update_ms": b.summary(times),
        "error_count": len(errors),
        "errors": errors[:50],
        "rss_mib_per_replica": {
            r.port: {"idle": b.mb(rss_idle[r.port]), "loaded": b.mb(rss_loaded[r.port]), "peak": b.mb(peak[r.port])}
            for r in replicas
        },
        "cpu_cores_per_replica_during_churn": {
            r.port: round((r.cpu() - cpu_before[r.port]) / churn_s, 2) if live else None for r in replicas
        },
        "machine": b.machine(),
    }


async def main_async(sessions: int, duration: float, replicas: int) -> dict[str, Any]:
    """Start the setup, run one browser for every session, stop the setup."""
    run_dir = Path(tempfile.mkdtemp(prefix="briefing-load-"))
    try:
        url, running = start(run_dir, replicas)
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=b.CHROMIUM, args=b.CHROMIUM_ARGS)
            try:
                return await run(browser, url, running, sessions, duration)
            finally:
                await browser.close()
    finally:
        subprocess.run(["bash", str(RUN_REPLICAS), "stop", str(run_dir)], check=False)
        subprocess.run(["rm", "-rf", str(run_dir)], check=False)


def main() -> None:
    """Command line: run and print the figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, default=40)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--replicas", type=int, default=2)
    args = parser.parse_args()
    figures = asyncio.run(main_async(args.sessions, min(args.duration, 600.0), args.replicas))
    print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
