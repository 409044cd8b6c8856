"""The benchmark: `python benchmarks/run.py [--quick]` prints a table and writes benchmarks/results.json.

Measures, in headless Chromium on loopback, the dashboard against a bare streamlit-folium page with the
same map (the floor), on the article's data and with 5,000 and 50,000 synthetic strikes added.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import benchlib as b
import load_test
import synthetic
from playwright.async_api import async_playwright

from dashboard import config as c
from dashboard.config import STATIC_DIR
from dashboard.core.bundle import Bundle
from dashboard.core.viewstate import WHOLE_ARTICLE, ViewState
from dashboard.data.basemap import load_basemap_layers
from dashboard.data.bundles import load_bundle
from dashboard.data.layers import Layer, load_layers
from dashboard.view import filters
from dashboard.view.chronology import binned
from dashboard.view.chronology import extent as chronology_extent
from dashboard.view.chronology import marks as chronology_marks
from dashboard.web import mapdata, mapview
from dashboard.web.chronology import spec as chronology_spec
from dashboard.web.offline import ASSET_PREFIX

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results.json"
APP = c.ROOT / "dashboard" / "app.py"
# Section changes from the whole article ("Hide the rest" mode). Streamlit sends a map message the browser still
# has (seen within the last 2 script runs) as a reference to it: the results tell such "cached" changes apart.
SECTIONS = ("strikes", "smuggling", "triangle-brics", "strikes")
# Filter changes in the last section: (minimum confidence, layers switched off); the last one returns to a
# map seen two runs before, so its message comes from the cache.
FILTERS = (("high", ()), ("moderate", ()), ("low", ()), ("low", ("crossings",)), ("low", ()))
START_URL = "/?others=hide"  # the whole article with "Hide the rest": the same map as the default page
KB = 1000
FLOOR_UP_TO = 5000  # the largest synthetic scale measured on the floor too


@dataclass
class Scale:
    """One data set: where it lives, what is in its files and what the app can load from them."""

    name: str
    extra: int
    data_root: Path | None
    bundle: Bundle
    layers: dict[str, Layer]
    errors: list[str]
    file_ids: int

    def expected(self, section: str = WHOLE_ARTICLE, confidence: str = "low", off: tuple[str, ...] = ()) -> list[str]:
        """The ids the dashboard draws for a section, minimum confidence and layers off, in 'Hide the rest' mode."""
        layers = tuple(layer for layer in self.bundle.manifest.layer_ids if layer not in off)
        state = ViewState(section=section, others="hide", min_confidence=confidence, layers=layers)
        return sorted(filters.shown_ids(self.layers, state))


def make_scale(extra: int, workdir: Path) -> Scale:
    """The article's data plus extra synthetic strikes, loaded exactly as the app loads them."""
    data_root = synthetic.write_data_root(extra, workdir / f"data-{extra}") if extra else None
    bundle = load_bundle(data_root or c.DATA_ROOT, synthetic.ARTICLE)
    layers, errors = load_layers(bundle)
    # Every feature in the files, read without the app's size cap: what a complete load must draw.
    file_ids = sum(
        len(json.loads((bundle.layers_dir / spec.file).read_text(encoding="utf-8"))["features"])
        for spec in bundle.manifest.layers
    )
    name = f"+{extra:,}" if extra else "article"
    return Scale(name, extra, data_root, bundle, layers, [str(e) for e in errors], file_ids)


async def query(page: Any) -> dict[str, str]:
    """The page URL's query parameters, read live."""
    return {k: v[-1] for k, v in parse_qs(urlsplit(await page.evaluate("location.href")).query).items()}


async def first_load(
    browser: Any, server: b.Server, url: str, expected: list[str], timeout: float, keep: bool = False
) -> tuple[dict[str, Any], b.Session | None]:
    """One cold load in a fresh context: navigation to every expected feature drawn, and its bytes."""
    session = await b.open_session(browser, url, expected)
    state = await b.wait_drawn(session, timeout)
    finished = await b.wait_script_finished(session, 0, 30 if state["ok"] else 1)
    page_bytes = await session.page.evaluate(b.PAGE_BYTES)
    exceptions = await session.page.locator('[data-testid="stException"]').count()
    traffic = session.traffic(0)
    http = page_bytes["page"]["transfer"] + (page_bytes["iframe"] or {}).get("transfer", 0)
    result = {
        "ok": state["ok"],
        "ms": state["done"],
        "reached_ms": state["countAt"],
        "drawn": state["count"],
        "expected": len(expected),
        "ws_open_ms": state["wsOpen"],
        "map_message_ms": state["bigAt"],
        "map_message_bytes": state["bigSize"],
        "iframe_start_ms": state["iframeStart"],
        "map_first_seen_ms": state["firstMap"],
        "script_finished": finished,
        "http": page_bytes,
        "http_transfer_bytes": http,
        "ws_received_bytes": traffic["bytes_received"],
        "first_load_bytes": http + traffic["bytes_received"],
        "ws": traffic,
        "exceptions": exceptions,
        "errors": session.errors[:20],
    }
    if not keep:
        await session.close()
        return result, None
    return result, session


async def change(
    session: b.Session, server: b.Server, expected: list[str], action: Any, timeout: float
) -> dict[str, Any]:
    """One click that should redraw the map: click -> expected set drawn, remount, traffic, server CPU."""
    index, cpu = len(session.frames), server.cpu()
    await session.page.evaluate("(ids) => window.__bm.arm(ids)", expected)
    await action()
    state = await b.wait_drawn(session, timeout)
    finished = await b.wait_script_finished(session, index, timeout if state["ok"] else 5)
    kept = await session.page.evaluate("() => window.__bm.kept()")
    clicked = state["downAt"]
    ms = state["done"] - clicked if state["ok"] and clicked is not None else None
    # Click -> the map's message arrived (server run + transfer), then -> drawn (the browser's part).
    to_message = state["bigAt"] - clicked if state["bigAt"] is not None and clicked is not None else None
    traffic = session.traffic(index)
    # A map message the page has had before comes as a reference to Streamlit's message cache.
    cached = "delta:component_instance" not in traffic["bytes_by_kind"]
    if cached:
        to_message = None  # the largest message is then not the map's
    return {
        "ok": state["ok"],
        "ms": ms,
        "cached_map": cached,
        "click_to_map_message_ms": to_message,
        "map_message_to_drawn_ms": ms - to_message if ms is not None and to_message is not None else None,
        "map_message_bytes": state["bigSize"],
        "remounted": not kept,
        "expected": len(expected),
        "drawn": state["count"],
        "script_finished": finished,
        "server_cpu_s": round(server.cpu() - cpu, 3),
        **traffic,
    }


def section_click(page: Any, title: str) -> Any:
    """Click a section in the sidebar."""
    return lambda: page.get_by_test_id("stSidebar").get_by_text(title, exact=True).click()


def layer_click(page: Any, scale: Scale, layer_id: str) -> Any:
    """Switch a layer on or off with its sidebar checkbox."""
    spec = scale.bundle.manifest.layer(layer_id)
    label = f"{spec.title} ({len(scale.layers[layer_id].features)})"
    return lambda: page.get_by_test_id("stSidebar").get_by_text(label, exact=True).click()


def confidence_click(page: Any, level: str) -> Any:
    """Choose a minimum confidence in the sidebar's select box."""

    async def act() -> None:
        select = page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").filter(has_text="Confidence")
        await select.scroll_into_view_if_needed(timeout=90_000)
        await select.get_by_role("button", name="Open").click()
        await page.get_by_role("option", name=c.CONFIDENCE_LABELS[level]).click()

    return act


async def pan_and_zoom(session: b.Session) -> dict[str, Any]:
    """Reruns (BackMsg rerun_script) and any frames sent by the browser on a pan, then on a zoom."""
    out = {}
    for name, code, param in (
        ("pan", "map.panBy([200, 0], {animate: false}); null", "lon"),
        ("zoom", "map.setZoom(map.getZoom() + 1); null", "z"),
    ):
        before, index = await query(session.page), len(session.frames)
        await session.page.evaluate(b.IN_MAP, code)

        async def moved() -> bool:
            return (await query(session.page)).get(param) != before.get(param)

        followed = await b.wait_until(moved, 10)
        await asyncio.sleep(b.QUIET_S)
        traffic = session.traffic(index)
        out[name] = {"url_followed": followed, "reruns": traffic["reruns"], "frames_sent": traffic["frames_sent"]}
    return out


async def concurrent_loads(
    browser: Any, server: b.Server, url: str, expected: list[str], count: int, timeout: float
) -> dict[str, Any]:
    """Open count sessions at once; RSS once all have drawn the map (or the timeout passed)."""
    start = time.monotonic()
    with b.RssSampler(server) as sampler:
        sessions = await asyncio.gather(*(b.open_session(browser, url, expected) for _ in range(count)))
        states = await asyncio.gather(*(b.wait_drawn(s, timeout) for s in sessions))
        await asyncio.gather(*(b.wait_script_finished(s, 0, 30, quiet=0) for s in sessions))
        await asyncio.sleep(1.0)
        rss = server.rss()
    elapsed = time.monotonic() - start
    for s in sessions:
        await s.close()
    loaded = [s["done"] for s in states if s["ok"]]
    return {
        "sessions": count,
        "loaded": len(loaded),
        "all_loaded_s": round(elapsed, 1),
        "load_ms": b.summary(loaded),
        "rss_bytes": rss,
        "rss_peak_bytes": sampler.peak,
    }


async def dashboard_phase(browser: Any, scale: Scale, args: argparse.Namespace) -> dict[str, Any]:
    """Memory with 1 and N sessions, cold loads, section and filter changes, pan and zoom.

    Where the app cannot load the scale's data, only the loads run: the rest would measure other data.
    """
    timeout = args.load_timeout if scale.extra else 60.0
    expected, full = scale.expected(), not scale.errors
    out: dict[str, Any] = {"skipped": None if full else "the app refused the data: " + "; ".join(scale.errors)}
    changes: dict[str, list[dict[str, Any]]] = {"section": [], "filter": []}
    with b.Server(APP, scale.data_root) as server:
        await asyncio.sleep(1.0)
        out["loadavg_at_start"] = os.getloadavg()
        out["rss_idle_bytes"] = server.rss()
        url = server.url + START_URL
        # Session 1 fills the server's caches: its time is the first load after a server start.
        out["server_first_load"], session = await first_load(browser, server, url, expected, timeout, keep=True)
        out["rss_1_session_bytes"] = server.rss()
        await session.close()
        print(f"  [{scale.name}] dashboard first load {fmt_s(out['server_first_load'])}", flush=True)
        if full:
            out["concurrent"] = await concurrent_loads(
                browser, server, url, expected, args.concurrent, args.concurrent_timeout if scale.extra else 120.0
            )
            out["rss_n_sessions_bytes"] = out["concurrent"]["rss_bytes"]
            print(
                f"  [{scale.name}] {args.concurrent} concurrent sessions: {out['concurrent']['loaded']} loaded "
                f"in {out['concurrent']['all_loaded_s']:g} s",
                flush=True,
            )
        loads = []
        for rep in range(args.reps):
            result, session = await first_load(browser, server, url, expected, timeout, keep=rep == args.reps - 1)
            loads.append(result)
        out["cold_loads"] = loads
        out["cold_ms"] = b.summary([r["ms"] for r in loads if r["ok"]])
        print(f"  [{scale.name}] dashboard cold load median {fmt_ms(out['cold_ms']['median'])} ms", flush=True)
        page = session.page
        if full and loads[-1]["ok"]:
            titles = {s.id: s.title for s in scale.bundle.article.sections}
            for section in SECTIONS:
                changes["section"].append(
                    {
                        "to": section,
                        **await change(
                            session,
                            server,
                            scale.expected(section=section),
                            section_click(page, titles[section]),
                            timeout,
                        ),
                    }
                )
            level, off = "low", ()
            for new_level, new_off in FILTERS:
                click = (
                    confidence_click(page, new_level)
                    if new_level != level
                    else layer_click(page, scale, (set(off) ^ set(new_off)).pop())
                )
                level, off = new_level, new_off
                changes["filter"].append(
                    {
                        "in": section,
                        "confidence": level,
                        "layers_off": off,
                        **await change(session, server, scale.expected(section, level, off), click, timeout),
                    }
                )
            out["pan_zoom"] = await pan_and_zoom(session)
        out["changes"] = changes
        out["session_errors"] = session.errors[:20]
        await session.close()
        log = server.log_text().splitlines()
        out["server_errors"] = [line for line in log if "Traceback" in line or "Error" in line][:20]
        out["loadavg_at_end"] = os.getloadavg()
    for kind, rows in changes.items():
        out[f"{kind}_change_ms"] = b.summary([r["ms"] for r in rows if r["ms"] is not None])
        for label, cached in (("first", False), ("cached", True)):
            part = [r for r in rows if r["cached_map"] is cached]
            out[f"{kind}_change_{label}_ms"] = b.summary([r["ms"] for r in part if r["ms"] is not None])
            out[f"{kind}_change_{label}_bytes"] = b.summary([r["bytes_received"] for r in part])
        out[f"{kind}_change_remounts"] = sum(r["remounted"] for r in rows)
        out[f"{kind}_change_bytes"] = b.summary([r["bytes_received"] for r in rows])
        out[f"{kind}_change_failures"] = sum(not r["ok"] for r in rows)
    return out


async def bare_phase(
    browser: Any, scale: Scale, args: argparse.Namespace, workdir: Path, floor: str = "plain"
) -> dict[str, Any]:
    """The floor: first load after start, then cold loads of the bare page (plain folium, or on the lean base map)."""
    folder = workdir / "bare"
    if not folder.exists():
        shutil.copytree(STATIC_DIR, folder / "static", ignore=shutil.ignore_patterns("data"))
        shutil.copy2(HERE / "bare_page.py", folder / "bare_page.py")
    timeout = args.load_timeout if scale.extra else 60.0
    out: dict[str, Any] = {"floor": floor}
    with b.Server(folder / "bare_page.py", scale.data_root, env={"BRIEFING_MAP_FLOOR": floor}) as server:
        out["loadavg_at_start"] = os.getloadavg()
        out["server_first_load"], _ = await first_load(browser, server, server.url + "/", scale.expected(), timeout)
        out["rss_1_session_bytes"] = server.rss()
        out["cold_loads"] = [
            (await first_load(browser, server, server.url + "/", scale.expected(), timeout))[0]
            for _ in range(args.reps)
        ]
    out["cold_ms"] = b.summary([r["ms"] for r in out["cold_loads"] if r["ok"]])
    return out


def server_pipeline(scale: Scale) -> dict[str, Any]:
    """Server-side cost of the map, without Streamlit or a browser: once per server, then once per rerun."""
    from streamlit_folium import _get_feature_group_string, _get_map_string  # what st_folium sends

    out: dict[str, Any] = {}
    t = time.perf_counter()
    layers, _ = load_layers(scale.bundle)
    out["validate_s"] = round(time.perf_counter() - t, 2)
    out["strikes_file_bytes"] = (scale.bundle.layers_dir / "strikes.geojson").stat().st_size
    t = time.perf_counter()
    doc, index = mapdata.browser_document(mapdata.all_items(layers))
    payload = mapdata.encode(doc)
    out["document_s"] = round(time.perf_counter() - t, 2)
    out["document_bytes"] = len(payload)
    # Per rerun: filter, state, base map and state group as st_folium renders them.
    t = time.perf_counter()
    shown = filters.shown_features(layers, ViewState(section="strikes"))
    out["filter_s"] = round(time.perf_counter() - t, 3)
    t = time.perf_counter()
    group = mapview.state_group(index, shown, None)
    out["state_s"] = round(time.perf_counter() - t, 3)
    t = time.perf_counter()
    m = mapview.base_map(
        "offline",
        load_basemap_layers()[0],
        scale.bundle.manifest.views.world,
        True,
        ASSET_PREFIX,
        ASSET_PREFIX + "data/x.json",
    )
    m.get_root().render()
    script = _get_map_string(m)
    m.get_bounds()
    out["base_map_render_s"] = round(time.perf_counter() - t, 3)
    out["base_map_js_bytes"] = len(script.encode())
    t = time.perf_counter()
    state_js = _get_feature_group_string(group, m, 0)
    out["render_state_s"] = round(time.perf_counter() - t, 3)
    out["state_js_bytes"] = len(state_js.encode())
    # The chronology under the map, per rerun: its marks and its Vega-Lite spec (what st.altair_chart sends).
    t = time.perf_counter()
    section = scale.bundle.article.section("strikes")
    marks = chronology_marks(shown, section.period[1])
    kept, bins = binned(marks, c.CHRONOLOGY_MAX_MARKS)
    spec = json.dumps(chronology_spec(kept, chronology_extent(marks, section.period), section.period, bins))
    out["chronology_s"] = round(time.perf_counter() - t, 3)
    out["chronology_marks"] = len(marks)
    out["chronology_drawn"] = len(kept) + len(bins)
    out["chronology_spec_bytes"] = len(spec.encode())
    return out


def fmt_ms(v: float | None) -> str:
    """Milliseconds for the table."""
    return "—" if v is None else f"{v:,.0f}"


def fmt_s(r: dict[str, Any]) -> str:
    """A load result in seconds for progress lines."""
    return f"{r['ms'] / 1000:.1f} s" if r["ok"] else f"timeout ({r['drawn']} of {r['expected']} drawn)"


def targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target of the issue, its measured value and whether it is met."""
    art = results["scales"]["article"]
    dash, ratio = art["dashboard"], art["cold_ratio"]
    rows = [
        {
            "target": "cold load ≤ 1.3 × the floor (article data)",
            "measured": f"{ratio:.2f} ×" if ratio else "—",
            "met": ratio is not None and ratio <= 1.3,
        }
    ]
    sec = dash["section_change_ms"]
    rows.append(
        {
            "target": "section change < 500 ms, no remount (article data)",
            "measured": f"median {fmt_ms(sec['median'])} ms (max {fmt_ms(sec['max'])}), "
            f"{dash['section_change_remounts']} remounts",
            "met": sec["median"] is not None
            and sec["median"] < 500
            and dash["section_change_remounts"] == 0
            and dash["section_change_failures"] == 0,
        }
    )
    pz = [dash.get("pan_zoom", {}).get(k, {}).get("reruns") for k in ("pan", "zoom")]
    rows.append(
        {"target": "no rerun on pan or zoom", "measured": f"pan {pz[0]}, zoom {pz[1]} reruns", "met": pz == [0, 0]}
    )
    worst = max((dash[f"{k}_change_bytes"]["max"] or 0) for k in ("section", "filter"))
    rows.append(
        {
            "target": "≤ 60 KB received per rerun (article data)",
            "measured": f"max {worst / KB:,.1f} KB",
            "met": worst <= 60 * KB,
        }
    )
    big = results["scales"].get("+50,000")
    if big:
        load = big["dashboard"]["cold_ms"]["median"]
        complete = big["complete"]
        base = dash["cold_ms"]["median"]
        rows.append(
            {
                "target": "50,000 points load < 3 × the article's data",
                "measured": (f"{load / base:.2f} ×" if load and base else "—")
                + (
                    ""
                    if complete
                    else f" but only {big['dashboard']['cold_loads'][-1]['drawn']:,} of "
                    f"{big['file_features']:,} features drawn: " + "; ".join(big["app_errors"])[:200]
                ),
                "met": bool(complete and load and base and load < 3 * base),
            }
        )
    lt = results.get("load_test")
    if lt:
        rows.append(
            {
                "target": f"load test: {lt['sessions']} sessions × {lt['duration_s']:g} s, no errors, memory bounded",
                "measured": f"{lt['error_count']} errors, {lt['changes_total']} changes, "
                f"RSS {b.mb(lt['rss_before_bytes'])}"
                f" → peak {b.mb(lt['rss_peak_bytes'])} → {b.mb(lt['rss_after_bytes'])} MiB",
                "met": lt["error_count"] == 0 and lt["memory_bounded"],
            }
        )
    return rows


def both(d: dict[str, Any], kind: str, measure: str) -> str:
    """'median / max · median' of a change measure ('ms' or 'bytes'): new maps, then maps the browser had cached."""
    if not d["changes"]["section"]:
        return "—"
    unit = fmt_ms if measure == "ms" else (lambda v: "—" if v is None else f"{v / KB:,.1f}")
    first, again = d[f"{kind}_first_{measure}"], d[f"{kind}_cached_{measure}"]
    return f"{unit(first['median'])} / {unit(first['max'])} · {unit(again['median'])}"


def table(results: dict[str, Any]) -> str:
    """The results as Markdown tables."""
    kb = lambda v: "—" if v is None else f"{v / KB:,.1f}"  # noqa: E731
    med = lambda rows, key: fmt_ms(b.summary([r[key] for r in rows if r.get(key) is not None])["median"])  # noqa: E731
    n = results["config"]["concurrent"]
    lines = [
        "| data | features drawn | dashboard cold ms (median / min) | floor cold ms (median / min) | ratio |"
        " section change ms: new map (median / max) · cached map |"
        " filter change ms: new map (median / max) · cached map |"
        " remounts | pan / zoom reruns |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, s in results["scales"].items():
        d, f = s["dashboard"], s["bare"] or {"cold_ms": b.summary([])}
        pz = d.get("pan_zoom", {})
        cells = [
            name,
            f"{d['cold_loads'][-1]['drawn']:,} of {s['file_features']:,}",
            f"{fmt_ms(d['cold_ms']['median'])} / {fmt_ms(d['cold_ms']['min'])}",
            f"{fmt_ms(f['cold_ms']['median'])} / {fmt_ms(f['cold_ms']['min'])}",
            f"{s['cold_ratio']:.2f}" if s["cold_ratio"] else "—",
            both(d, "section_change", "ms"),
            both(d, "filter_change", "ms"),
            str(d["section_change_remounts"] + d["filter_change_remounts"]) if d["changes"]["section"] else "—",
            f"{pz.get('pan', {}).get('reruns', '—')} / {pz.get('zoom', {}).get('reruns', '—')}",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lean = [f"{name} {s['cold_ratio_lean']:.2f}" for name, s in results["scales"].items() if s.get("cold_ratio_lean")]
    if lean:
        lines += [
            "",
            "Ratio of the dashboard's cold load to the same features drawn plainly on the dashboard's own"
            " base map (Leaflet only, basemap fetched without blocking): " + "; ".join(lean) + ".",
        ]
    lines += [
        "",
        "| data | KB per rerun, section: new map (median / max) · cached map |"
        " filter: new map (median / max) · cached map | first page load KB"
        f" (HTTP + websocket) | server first load s | server RSS MiB idle / 1 / {n} sessions (peak) |",
        "|---|---|---|---|---|---|",
    ]
    for name, s in results["scales"].items():
        d = s["dashboard"]
        load, first, conc = d["cold_loads"][-1], d["server_first_load"], d.get("concurrent")
        rss = f"{b.mb(d['rss_idle_bytes'])} / {b.mb(d['rss_1_session_bytes'])} / "
        rss += (
            f"{b.mb(conc['rss_bytes'])} ({b.mb(conc['rss_peak_bytes'])}); {conc['loaded']} of {n} loaded"
            f" in {conc['all_loaded_s']:g} s"
            if conc
            else "—"
        )
        cells = [
            name,
            both(d, "section_change", "bytes"),
            both(d, "filter_change", "bytes"),
            f"{kb(load['first_load_bytes'])} ({kb(load['http_transfer_bytes'])} + {kb(load['ws_received_bytes'])})",
            f"{first['ms'] / 1000:.1f}" if first["ok"] else "timeout",
            rss,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines += [
        "",
        "| where the time goes (medians, ms) | websocket open | map message in | map iframe starts |"
        " all drawn | section: click → map message → drawn (server CPU s) |",
        "|---|---|---|---|---|---|",
    ]
    for name, s in results["scales"].items():
        for label, part in (
            ("dashboard", s["dashboard"]),
            ("floor", s["bare"]),
            ("floor on the dashboard's base map", s.get("bare_lean")),
        ):
            if not part:
                continue
            loads = [r for r in part["cold_loads"] if r["ok"]]
            rows = part.get("changes", {}).get("section", [])
            cpu = b.summary([r["server_cpu_s"] for r in rows])["median"]
            step = (
                f"{med(rows, 'click_to_map_message_ms')} → {med(rows, 'map_message_to_drawn_ms')} ({cpu:.2f})"
                if rows
                else "—"
            )
            lines.append(
                f"| {name}, {label} | {med(loads, 'ws_open_ms')} | {med(loads, 'map_message_ms')} |"
                f" {med(loads, 'iframe_start_ms')} | {med(loads, 'ms')} | {step} |"
            )
    lt = results.get("load_test")
    if lt:
        per = lt["changes_per_session"]
        lines += [
            "",
            "| load test | sessions loaded | changes (per session min / median / max) |"
            " update ms p50 / p95 / max |"
            " errors | server RSS MiB before / loaded / peak / end of churn / after close |",
            "|---|---|---|---|---|---|",
            f"| {lt['duration_s']:g} s of section changes | {lt['sessions_loaded']} of {lt['sessions']} |"
            f" {lt['changes_total']} ({per['min']} / {per['median']} / {per['max']}) |"
            f" {fmt_ms(lt['update_ms']['median'])} / {fmt_ms(lt['update_ms']['p95'])} /"
            f" {fmt_ms(lt['update_ms']['max'])} |"
            f" {lt['error_count']} | {b.mb(lt['rss_before_bytes'])} / {b.mb(lt['rss_loaded_bytes'])} /"
            f" {b.mb(lt['rss_peak_bytes'])} / {b.mb(lt['rss_end_bytes'])} / {b.mb(lt['rss_after_bytes'])} |",
        ]
    lines += [
        "",
        "CPU cores used by other processes on the machine (mean), dashboard / floor phases: "
        + "; ".join(
            f"{name} {s['cpu_cores']['dashboard']['other_cores']} / {s['cpu_cores']['floor']['other_cores']}"
            for name, s in results["scales"].items()
        )
        + (f"; load test {lt['cpu_cores']['other_cores']}" if lt else ""),
    ]
    lines += ["", "| target | measured | met |", "|---|---|---|"]
    lines += [f"| {t['target']} | {t['measured']} | {'yes' if t['met'] else '**no**'} |" for t in results["targets"]]
    return "\n".join(lines)


async def main_async(args: argparse.Namespace) -> dict[str, Any]:
    """Every phase in order, one server at a time."""
    started = time.monotonic()
    results: dict[str, Any] = {
        "started": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": b.machine(),
        "config": {k: (v if k != "out" else Path(v).name) for k, v in vars(args).items()},
        "scales": {},
        "pipeline": {},
        "code_at_start": b.code_state(),
    }
    workdir = Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    monitor = b.CpuMonitor().start()
    try:
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=b.CHROMIUM, args=b.CHROMIUM_ARGS)
            for extra in (0, *args.scales):
                scale = make_scale(extra, workdir)
                print(
                    f"[{scale.name}] {scale.file_ids:,} features in the files; the app loads "
                    f"{sum(len(v.features) for v in scale.layers.values()):,}; {len(scale.errors)} data errors",
                    flush=True,
                )
                t0 = time.monotonic()
                dash = await dashboard_phase(browser, scale, args)
                t1 = time.monotonic()
                # The floor is only worth measuring on data the app can load; folium takes minutes to render
                # 50,000 features, and no target compares that scale with the floor.
                bare = (
                    await bare_phase(browser, scale, args, workdir)
                    if not scale.errors and scale.extra <= FLOOR_UP_TO
                    else None
                )
                cpu = {"dashboard": monitor.between(t0, t1), "floor": monitor.between(t1, time.monotonic())}
                # The same features on the dashboard's own (lean) base map: how much of the gain is the base map.
                lean = await bare_phase(browser, scale, args, workdir, "lean") if bare and not extra else None

                def ratio_to(floor: dict[str, Any] | None) -> float | None:
                    if floor and dash["cold_ms"]["median"] and floor["cold_ms"]["median"]:
                        return dash["cold_ms"]["median"] / floor["cold_ms"]["median"]
                    return None

                ratio = ratio_to(bare)
                results["scales"][scale.name] = {
                    "extra_points": extra,
                    "file_features": scale.file_ids,
                    "app_errors": scale.errors,
                    "complete": not scale.errors and all(r["ok"] for r in dash["cold_loads"]),
                    "dashboard": dash,
                    "bare": bare,
                    "cold_ratio": ratio,
                    "cpu_cores": cpu,
                    "bare_lean": lean,
                    "cold_ratio_lean": ratio_to(lean),
                }
                if bare:
                    print(
                        f"  [{scale.name}] floor cold load median {fmt_ms(bare['cold_ms']['median'])} ms; "
                        f"ratio {ratio and round(ratio, 2)}",
                        flush=True,
                    )
                results["pipeline"][scale.name] = await asyncio.to_thread(server_pipeline, scale)
                print(f"  [{scale.name}] server pipeline {results['pipeline'][scale.name]}", flush=True)
                if scale.data_root:
                    shutil.rmtree(scale.data_root, ignore_errors=True)
            if not args.no_load_test:
                print(f"[load test] {args.load_sessions} sessions × {args.load_duration:g} s ...", flush=True)
                t0 = time.monotonic()
                results["load_test"] = await load_test.load_test(browser, args.load_sessions, args.load_duration)
                results["load_test"]["cpu_cores"] = monitor.between(t0)
            await browser.close()
    finally:
        monitor.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    results["cpu_cores"] = monitor.between(started)
    results["machine"]["loadavg_at_end"] = os.getloadavg()
    results["code_at_end"] = b.code_state()
    # The repository is shared: say so if the measured code changed while the benchmark ran.
    measured = ("commit", "dashboard_sha256")
    results["code_changed_during_run"] = any(results["code_at_end"][k] != results["code_at_start"][k] for k in measured)
    results["duration_s"] = round(time.monotonic() - started, 1)
    results["targets"] = targets(results)
    return results


def main() -> None:
    """Parse the options, run, print the table, write the JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--quick",
        action="store_true",
        help="one repetition, 3 concurrent sessions, 5 sessions for 15 s in the load test",
    )
    parser.add_argument(
        "--scales",
        type=int,
        nargs="*",
        default=[5000, 50000],
        help="synthetic strike counts to add to the article's data (default: 5000 50000)",
    )
    parser.add_argument("--no-load-test", action="store_true", help="skip the load test")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    args.reps, args.concurrent = (1, 3) if args.quick else (3, 10)
    args.load_sessions, args.load_duration = (5, 15.0) if args.quick else (20, 60.0)
    args.load_timeout, args.concurrent_timeout = 180.0, 240.0
    results = asyncio.run(main_async(args))
    args.out.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    print()
    print(table(results))
    if results["code_changed_during_run"]:
        print(
            "\nWARNING: the code under dashboard/ or the commit changed during the run; the phases may measure"
            " different code."
        )
    print(f"\n{results['duration_s']:.0f} s in all; written to {args.out}")


if __name__ == "__main__":
    main()
