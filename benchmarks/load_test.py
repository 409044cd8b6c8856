"""Load test: N concurrent browser sessions changing sections for a bounded time, on loopback only.

`python benchmarks/load_test.py [--sessions 20] [--duration 60]` starts its own dashboard server on the
article's data, reports errors, changes per session, update times and the server's RSS, and stops it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from typing import Any

import benchlib as b
from playwright.async_api import async_playwright

from dashboard import config as c
from dashboard.core.viewstate import WHOLE_ARTICLE, ViewState
from dashboard.data.bundles import load_bundle
from dashboard.data.layers import load_layers
from dashboard.view import filters

APP = c.ROOT / "dashboard" / "app.py"
MAX_CHANGES = 500  # per session: a bound on the count as well as on the time
CHANGE_TIMEOUT_S = 60.0  # slower than this counts as an error
LOAD_TIMEOUT_S = 300.0  # 20 Streamlit pages starting at once on 2 cores take a while
# "Bounded": during the churn, after every session has loaded, RSS grows by less than this.
GROWTH_LIMIT_BYTES = 64 * 2**20


async def drive(
    session: b.Session, sections: list[tuple[str, str, list[str]]], offset: int, end: float
) -> dict[str, Any]:
    """Visit every section in turn until the end time or MAX_CHANGES; each change waits for its map."""
    times, failures, remounts = [], [], 0
    radio = session.page.get_by_test_id("stSidebar").get_by_test_id("stRadio").first  # the section radio
    rest = sections[1:]
    order = [sections[0], *rest[offset % len(rest) :], *rest[: offset % len(rest)]]  # starts where the page is
    for k in range(1, MAX_CHANGES + 1):
        if time.monotonic() >= end:
            break
        section_id, title, expected = order[k % len(order)]
        index = len(session.frames)
        try:
            await session.page.evaluate("(ids) => window.__bm.arm(ids)", expected)
            await radio.get_by_text(title, exact=True).click(timeout=CHANGE_TIMEOUT_S * 1000)
            state = await b.wait_drawn(session, CHANGE_TIMEOUT_S)
            await b.wait_script_finished(session, index, CHANGE_TIMEOUT_S, quiet=0)
            kept = await session.page.evaluate("() => window.__bm.kept()")
        except Exception as exc:  # noqa: BLE001 - a failed change is a finding, not a crash
            failures.append(f"{section_id}: {type(exc).__name__}: {str(exc)[:200]}")
            continue
        if not state["ok"]:
            failures.append(
                f"{section_id}: map not updated within {CHANGE_TIMEOUT_S:g} s "
                f"({state['count']} of {len(expected)} drawn)"
            )
            continue
        remounts += not kept
        times.append(state["done"] - state["downAt"])
    return {"changes": len(times), "times_ms": times, "failures": failures, "remounts": remounts}


async def load_test(browser: Any, sessions: int = 20, duration: float = 60.0) -> dict[str, Any]:
    """Start a dashboard server, run the sessions against it, stop it; the figures."""
    bundle = load_bundle(c.DATA_ROOT, "iran-russia-too-close-for-comfort")
    art, (layers, _) = bundle.article, load_layers(bundle)
    # Alternate between the whole article and each section in turn: every click changes the map.
    sections = [
        (s, t, sorted(filters.shown_ids(layers, ViewState(section=s, others="hide"))))
        for s, t in ((WHOLE_ARTICLE, c.WHOLE_ARTICLE_LABEL), *((s.id, s.title) for s in art.sections))
    ]
    with b.Server(APP) as server:
        await asyncio.sleep(1.0)
        rss_before = server.rss()
        url = server.url + "/?others=hide"
        with b.RssSampler(server) as sampler:
            started = time.monotonic()
            opened = await asyncio.gather(*(b.open_session(browser, url, sections[0][2]) for _ in range(sessions)))
            loads = await asyncio.gather(*(b.wait_drawn(s, LOAD_TIMEOUT_S) for s in opened))
            await asyncio.gather(*(b.wait_script_finished(s, 0, 30, quiet=0) for s in opened))
            load_s = time.monotonic() - started
            rss_loaded = server.rss()
            live = [s for s, state in zip(opened, loads) if state["ok"]]
            end, cpu = time.monotonic() + duration, server.cpu()
            runs = await asyncio.gather(*(drive(s, sections, i, end) for i, s in enumerate(live)))
            churn_s = time.monotonic() - end + duration
            server_cores = (server.cpu() - cpu) / churn_s  # Python: one core at most for script runs
            rss_end = server.rss()
            exceptions = [await s.page.locator('[data-testid="stException"]').count() for s in opened]
            closed_early = [s.ws_closed for s in opened]
            for s in opened:
                await s.close()
        await asyncio.sleep(5.0)
        rss_after = server.rss()
        log = server.log_text().splitlines()
    server_errors = [line for line in log if "Traceback" in line or "Error" in line or "Exception" in line]
    errors = (
        [f"session {i} did not load ({state['count']} drawn)" for i, state in enumerate(loads) if not state["ok"]]
        + [f"session {i}: {f}" for i, r in enumerate(runs) for f in r["failures"]]
        + [f"session {i}: {e}" for i, s in enumerate(opened) for e in s.errors]
        + [f"session {i}: {n} Streamlit exception(s) shown" for i, n in enumerate(exceptions) if n]
        + [f"session {i}: websocket closed {n} time(s)" for i, n in enumerate(closed_early) if n]
        + [f"server: {line}" for line in server_errors]
    )
    times = [t for r in runs for t in r["times_ms"]]
    counts = [r["changes"] for r in runs]
    return {
        "sessions": sessions,
        "sessions_loaded": len(live),
        "duration_s": duration,
        "churn_s": round(churn_s, 1),
        "load_all_s": round(load_s, 1),
        "load_ms": b.summary([s["done"] for s in loads if s["ok"]]),
        "changes_total": sum(counts),
        "changes_per_session": b.summary(counts),
        "changes_per_s": round(sum(counts) / churn_s, 2) if churn_s else None,
        "update_ms": b.summary(times),
        "remounts": sum(r["remounts"] for r in runs),
        "server_cpu_cores_during_churn": round(server_cores, 2),
        "error_count": len(errors),
        "errors": errors[:50],
        "rss_before_bytes": rss_before,
        "rss_loaded_bytes": rss_loaded,
        "rss_peak_bytes": sampler.peak,
        "rss_end_bytes": rss_end,
        "rss_after_bytes": rss_after,
        "rss_samples": sampler.samples,
        "growth_during_churn_bytes": rss_end - rss_loaded,
        "growth_limit_bytes": GROWTH_LIMIT_BYTES,
        "memory_bounded": rss_end - rss_loaded < GROWTH_LIMIT_BYTES,
        "max_changes_per_session": MAX_CHANGES,
        "change_timeout_s": CHANGE_TIMEOUT_S,
    }


async def main_async(sessions: int, duration: float) -> dict[str, Any]:
    """One browser for every session."""
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=b.CHROMIUM, args=b.CHROMIUM_ARGS)
        try:
            return await load_test(browser, sessions, duration)
        finally:
            await browser.close()


def main() -> None:
    """Command line: run and print the figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60.0)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(main_async(args.sessions, min(args.duration, 600.0))), indent=1))


if __name__ == "__main__":
    main()
