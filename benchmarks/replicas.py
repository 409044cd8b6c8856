"""Load test through nginx: N sessions spread over several replicas sharing PostgreSQL, on loopback only.

`python benchmarks/replicas.py [--sessions 40] [--duration 60] [--replicas 2] [--client protocol|browser]` starts
the replicas, nginx and a throwaway PostgreSQL/PostGIS with deploy/run-replicas.sh, opens the sessions, lets each
change the section for the duration, and reports errors, how the sessions spread, rerun times, bytes and each
replica's memory and CPU; then stops everything by its process id.

`--client protocol` (the default) speaks Streamlit's websocket protocol with no browser (protocol_sessions.py): each
session loads the page, then changes the section every 1-2 s (a person's pause, drawn from a seeded generator), and
a rerun is timed from the BackMsg sent to script_finished. `--client browser` drives headless Chromium as
load_test.py does (each click waits for the map); on a 2-core machine that also runs the replicas, the browsers,
not the servers, set its figures.
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
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import benchlib as b
import protocol_sessions as ps
import psutil

from dashboard import config as c
from dashboard.core.viewstate import WHOLE_ARTICLE, ViewState
from dashboard.data.bundles import load_bundle
from dashboard.data.layers import load_layers
from dashboard.devserver import free_port
from dashboard.view import filters

RUN_REPLICAS = c.ROOT / "deploy" / "run-replicas.sh"
ARTICLE = "iran-russia-too-close-for-comfort"
OPENING_AT_ONCE = 8  # sessions opening together; each then loads while the next ones start
MAX_SESSIONS = 200  # bounds, whatever the command line asks
MAX_DURATION_S = 600.0
LOAD_TIMEOUT_S = 300.0  # every session loaded within this, or the rest count as not loaded
SAMPLE_EVERY_S = 0.5


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


class Sampler:
    """Every replica's RSS every SAMPLE_EVERY_S in the background; keeps the peaks."""

    def __init__(self, replicas: list[Replica]) -> None:
        self.replicas, self.samples = replicas, 0
        self.peak = {r.port: r.rss() for r in replicas}
        self.task: asyncio.Task | None = None

    async def _run(self) -> None:
        while True:
            for r in self.replicas:
                self.peak[r.port] = max(self.peak[r.port], r.rss())
            self.samples += 1
            await asyncio.sleep(SAMPLE_EVERY_S)

    def __enter__(self) -> Sampler:
        self.task = asyncio.get_running_loop().create_task(self._run())
        return self

    def __exit__(self, *exc: object) -> None:
        if self.task is not None:
            self.task.cancel()


def _head(
    client: str, sessions: int, replicas: list[Replica], loaded: int, spread: list[str], duration: float, churn: float
) -> dict[str, Any]:
    """The figures both clients report first: who ran, how many loaded, where they landed, for how long."""
    return {
        "client": client,
        "sessions": sessions,
        "replicas": len(replicas),
        "sessions_loaded": loaded,
        "sessions_per_replica": {addr: spread.count(addr) for addr in sorted(set(spread))},
        "duration_s": duration,
        "churn_s": round(churn, 1),
    }


def failed(session: ps.ProtocolSession) -> bool:
    """Whether a session has an error message already."""
    return bool(session.errors) or any(r.errors for r in session.runs)


def server_errors(run: Path) -> list[str]:
    """Tracebacks and errors the replicas logged."""
    return [
        f"server {log.stem}: {line.strip()[:300]}"
        for log in sorted(run.glob("replica-*.log"))
        for line in log.read_text(errors="replace").splitlines()
        if "Traceback" in line or "Error" in line or "Exception" in line
    ]


async def run_protocol(
    url: str,
    replicas: list[Replica],
    sessions: int,
    duration: float,
    seed: int,
    run_dir: Path | None,
    returning: Sequence[dict[str, str]] = (),
) -> dict[str, Any]:
    """Open the sessions at the protocol level, let each change the section for the duration; the figures.

    The first sessions may be returning browsers, with nginx's cookie from an earlier visit (`returning`); the tests
    use that to put one on each replica. run_dir holds the replicas' logs, searched for errors.
    """
    sections = ps.sections_of(load_bundle(c.DATA_ROOT, ARTICLE).article)
    machine = b.machine()  # with the load average before the sessions start
    rss_idle = {r.port: r.rss() for r in replicas}
    gate, me = asyncio.Semaphore(OPENING_AT_ONCE), psutil.Process()
    cookies = [*returning, *({} for _ in range(sessions - len(returning)))]
    opened = [ps.ProtocolSession(url, "others=hide", cookies[i]) for i in range(sessions)]
    load_s: list[float | None] = [None] * sessions

    async def open_one(i: int, session: ps.ProtocolSession) -> None:
        async with gate:  # people arrive over seconds, not in one instant
            started = time.monotonic()
            try:
                await session.connect()
            except Exception as exc:  # noqa: BLE001 - a session that cannot connect is a finding
                session.errors.append(f"did not connect: {type(exc).__name__}: {exc}")
                return
            run = await session.load()
            if run.status == ps.FINISHED and not run.errors:
                load_s[i] = time.monotonic() - started

    with Sampler(replicas) as sampler:
        started = time.monotonic()
        try:
            await asyncio.wait_for(asyncio.gather(*(open_one(i, s) for i, s in enumerate(opened))), LOAD_TIMEOUT_S)
        except TimeoutError:
            pass  # those still loading count as not loaded
        load_all_s = time.monotonic() - started
        rss_loaded = {r.port: r.rss() for r in replicas}
        live = [i for i, t in enumerate(load_s) if t is not None]
        cpu_before, client_before = {r.port: r.cpu() for r in replicas}, sum(me.cpu_times()[:2])
        begun = time.monotonic()
        end = begun + duration
        await asyncio.gather(*(ps.drive(opened[i], sections, i, end, seed * 1000 + i) for i in live))
        churn_s = time.monotonic() - begun
        cpu = {r.port: round((r.cpu() - cpu_before[r.port]) / churn_s, 2) if live else None for r in replicas}
        client_cores = round((sum(me.cpu_times()[:2]) - client_before) / churn_s, 2)
        for s in opened:
            await s.close()
    changes = [r for s in opened for r in s.runs if r.kind == "change"]
    loads = [s.runs[0] for s in opened if s.runs]
    errors = [
        *(f"session {i}: {e}" for i, s in enumerate(opened) for e in s.errors),
        *(f"session {i} did not load" for i, s in enumerate(opened) if load_s[i] is None and not failed(s)),
        *(f"session {i} {r.kind}: {e}" for i, s in enumerate(opened) for r in s.runs for e in r.errors),
        *(server_errors(run_dir) if run_dir is not None else ()),
    ]
    spread = [s.replica or "?" for s in opened]
    return {
        **_head("protocol", sessions, replicas, len(live), spread, duration, churn_s),
        "think_time_s": list(ps.THINK_S),
        "seed": seed,
        "opening_at_once": OPENING_AT_ONCE,
        "load_all_s": round(load_all_s, 1),
        "load_ms": b.summary([round(t * 1000) for t in load_s if t is not None]),
        "load_bytes": b.summary([r.bytes for r in loads if r.status == ps.FINISHED]),
        "changes_total": len(changes),
        "changes_switched": sum(bool(r.switched) for r in changes),
        "changes_per_session": b.summary([sum(r.kind == "change" for r in opened[i].runs) for i in live]),
        "changes_per_s": round(len(changes) / churn_s, 2) if churn_s else None,
        "update_ms": b.summary([round(r.seconds * 1000) for r in changes if r.seconds is not None]),
        "bytes_per_rerun": b.summary([r.bytes for r in changes if r.status == ps.FINISHED]),
        "error_count": len(errors),
        "errors": errors[:50],
        "rss_mib_per_replica": {
            r.port: {
                "idle": b.mb(rss_idle[r.port]),
                "loaded": b.mb(rss_loaded[r.port]),
                "end": b.mb(r.rss()),
                "peak": b.mb(sampler.peak[r.port]),
            }
            for r in replicas
        },
        "rss_samples": sampler.samples,
        "cpu_cores_per_replica_during_churn": cpu,
        "client_cpu_cores_during_churn": client_cores,
        "widget_types_not_sent": sorted(set().union(*(s.untracked for s in opened))),
        "per_session": [
            {
                "replica": s.replica,
                "load_ms": round(load_s[i] * 1000) if load_s[i] is not None else None,
                "load_bytes": s.runs[0].bytes if s.runs else None,
                "change_sections": [r.section for r in s.runs if r.kind == "change"],
                "change_ms": [round(r.seconds * 1000) if r.seconds else None for r in s.runs if r.kind == "change"],
                "change_bytes": [r.bytes for r in s.runs if r.kind == "change"],
                "changes_switched": sum(bool(r.switched) for r in s.runs if r.kind == "change"),
                "errors": [*s.errors, *(e for r in s.runs for e in r.errors)],
            }
            for i, s in enumerate(opened)
        ],
        "machine": machine | {"loadavg_at_end": os.getloadavg()},
    }


async def replica_of(session: b.Session, url: str) -> str:
    """Which replica nginx keeps this session on (the same cookie, so the same replica)."""
    response = await session.page.request.get(url + "_stcore/health")
    return response.headers.get("x-briefing-replica", "?")


async def run_browser(
    browser: Any, url: str, replicas: list[Replica], sessions: int, duration: float
) -> dict[str, Any]:
    """Open the sessions in Chromium through nginx, drive them for the duration; the figures."""
    from load_test import drive  # the browser path only

    bundle = load_bundle(c.DATA_ROOT, ARTICLE)
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
        **_head("browser", sessions, replicas, len(live), spread, duration, churn_s),
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


async def main_async(
    sessions: int, duration: float, replicas: int, client: str = "protocol", seed: int = 1
) -> dict[str, Any]:
    """Start the setup, run the sessions (at the protocol level, or one browser for all), stop the setup."""
    sessions, duration = max(1, min(sessions, MAX_SESSIONS)), min(duration, MAX_DURATION_S)
    run_dir = Path(tempfile.mkdtemp(prefix="briefing-load-"))
    try:
        url, running = start(run_dir, replicas)
        if client == "protocol":
            return await run_protocol(url, running, sessions, duration, seed, run_dir)
        from playwright.async_api import async_playwright  # the browser path only

        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=b.CHROMIUM, args=b.CHROMIUM_ARGS)
            try:
                return await run_browser(browser, url, running, sessions, duration)
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
    parser.add_argument("--client", choices=("protocol", "browser"), default="protocol")
    parser.add_argument("--seed", type=int, default=1, help="the protocol client's pauses between changes")
    args = parser.parse_args()
    figures = asyncio.run(main_async(args.sessions, args.duration, args.replicas, args.client, args.seed))
    print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
