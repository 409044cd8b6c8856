"""Shared pieces of the benchmarks: a Streamlit server, the in-page poller, websocket accounting, stats."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import platform
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import psutil
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from dashboard.config import ENV_DATA_ROOT, ROOT
from dashboard.devserver import DevServer

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-renderer-backgrounding",
    "--disable-background-timer-throttling",
    "--disable-backgrounding-occluded-windows",
]
VIEWPORT = {"width": 1400, "height": 1000}
QUIET_S = 1.5  # a negative check waits this long: longer than streamlit-folium's 250 ms moveend debounce
PARSE_LIMIT = 256 * 2**20  # every frame is decoded to name its element (protobuf's C parser is fast)
# A script run that ended (not one cut short by a newer rerun).
FINISHED = ("script_finished:FINISHED_SUCCESSFULLY", "script_finished:FINISHED_WITH_COMPILE_ERROR")

# Runs in the parent page before Streamlit: watches the map inside the component iframe on every
# animation frame (and every 50 ms) and stamps, on the parent page's clock, the moment the map holds
# exactly the expected feature ids, redrawn since the change began. The dashboard keeps its Leaflet
# layers and counts each state it applies (map._briefing.applied); a map without that count (the
# floor) must hold none of the layers tagged before the change.
POLLER = """
(() => {
  if (window.top !== window) return;
  const FRAME = 'iframe[title="streamlit_folium.st_folium"]';
  const bm = window.__bm = {expected: null, done: null, firstMap: null, iframeStart: null,
                            count: -1, countAt: null, downAt: null, armedAt: null, armedApplied: null,
                            wsOpen: null, bigAt: null, bigSize: 0};
  // Stamp when Streamlit's websocket opens and when its largest message (the map's) arrives.
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(...args) {
      super(...args);
      this.addEventListener('open', () => { if (bm.wsOpen === null) bm.wsOpen = performance.now(); });
      this.addEventListener('message', (e) => {
        const size = e.data.byteLength ?? e.data.size ?? e.data.length ?? 0;
        if (size > bm.bigSize) { bm.bigSize = size; bm.bigAt = performance.now(); } });
    } };
  const mapWindow = () => { const f = document.querySelector(FRAME);
    return f && f.contentWindow && f.contentWindow.map ? f.contentWindow : null; };
  const check = () => {
    if (!bm.expected || bm.done !== null) return;
    const w = mapWindow(); if (!w) return;
    const now = performance.now();
    if (bm.firstMap === null) { bm.firstMap = now; bm.iframeStart = w.performance.timeOrigin - performance.timeOrigin; }
    const ids = new Set(); let old = 0;
    for (const l of Object.values(w.map._layers)) {
      const p = l.feature && l.feature.properties;
      if (p && p.id) { ids.add(p.id); if (l.__bmOld) old++; }
      // a cluster mark draws its members: they count as drawn (their ids from the feature document)
      if (l._bmCluster) {
        const doc = w.map._briefing.doc; l._bmCluster.members.forEach(i => ids.add(doc.features[i].id)); } }
    if (ids.size !== bm.count) { bm.count = ids.size; bm.countAt = now; }
    const applied = w.map._briefing ? w.map._briefing.applied : null;
    const redrawn = applied === null ? old === 0 : bm.armedApplied === null || applied > bm.armedApplied;
    if (!redrawn || ids.size !== bm.expected.size) return;
    for (const id of bm.expected) if (!ids.has(id)) return;
    bm.done = now;
  };
  bm.arm = (ids) => { const w = mapWindow();
    if (w) { Object.values(w.map._layers).forEach(l => { l.__bmOld = 1; }); w.__noRemount = 'kept'; }
    bm.armedApplied = w && w.map._briefing ? w.map._briefing.applied : null;
    bm.expected = new Set(ids); bm.done = null; bm.count = -1; bm.countAt = null; bm.downAt = null;
    bm.bigAt = null; bm.bigSize = 0; bm.armedAt = performance.now(); };
  bm.kept = () => { const w = mapWindow(); return !!(w && w.__noRemount === 'kept'); };
  bm.state = () => ({done: bm.done, firstMap: bm.firstMap, iframeStart: bm.iframeStart, count: bm.count,
                     countAt: bm.countAt, downAt: bm.downAt, armedAt: bm.armedAt, wsOpen: bm.wsOpen,
                     bigAt: bm.bigAt, bigSize: bm.bigSize});
  document.addEventListener('pointerdown', e => { bm.downAt = e.timeStamp; }, true);
  const loop = () => { check(); requestAnimationFrame(loop); };
  requestAnimationFrame(loop); setInterval(check, 50);
  if (window.__bmInitial) bm.expected = new Set(window.__bmInitial);
})();
"""
# Bytes of every document and resource the page loaded (parent page and map iframe).
PAGE_BYTES = """() => {
  const sum = (perf) => { const e = [...perf.getEntriesByType('navigation'), ...perf.getEntriesByType('resource')];
    return {requests: e.length, transfer: e.reduce((a, x) => a + (x.transferSize || 0), 0),
            decoded: e.reduce((a, x) => a + (x.decodedBodySize || 0), 0)}; };
  const f = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
  return {page: sum(performance), iframe: f ? sum(f.contentWindow.performance) : null}; }"""
# Run code in the map iframe, where `map` is the Leaflet map.
IN_MAP = """(code) => document.querySelector('iframe[title="streamlit_folium.st_folium"]').contentWindow.eval(code)"""


class Server(DevServer):
    """One `streamlit run` on loopback (the shared helper), serving a data root, with its memory and CPU."""

    def __init__(self, script: Path, data_root: Path | None = None, env: dict[str, str] | None = None) -> None:
        env = {**(env or {}), **({ENV_DATA_ROOT: str(data_root)} if data_root is not None else {})}
        super().__init__("--server.enableStaticServing", "true", script=script, env=env)

    def processes(self) -> list[psutil.Process]:
        """The server process and its children."""
        root = psutil.Process(self.proc.pid)
        return [root, *root.children(recursive=True)]

    def rss(self) -> int:
        """Resident memory of the server's process tree, in bytes."""
        total = 0
        for p in self.processes():
            try:
                total += p.memory_info().rss
            except psutil.NoSuchProcess:
                pass
        return total

    def cpu(self) -> float:
        """CPU seconds (user + system) used so far by the server's process tree."""
        total = 0.0
        for p in self.processes():
            try:
                t = p.cpu_times()
                total += t.user + t.system
            except psutil.NoSuchProcess:
                pass
        return total


def message_kind(payload: bytes | str, sent: bool) -> str:
    """The type of a Streamlit websocket message (ForwardMsg received, BackMsg sent)."""
    if isinstance(payload, str):
        return "text"
    if len(payload) > PARSE_LIMIT:
        return "large"
    msg = BackMsg() if sent else ForwardMsg()
    try:
        msg.ParseFromString(payload)
    except Exception:  # noqa: BLE001 - an unparsable frame is still counted
        return "unknown"
    kind = msg.WhichOneof("type") or "none"
    if kind == "script_finished":
        kind += ":" + ForwardMsg.ScriptFinishedStatus.Name(msg.script_finished)
    elif kind == "delta":
        delta = msg.delta.WhichOneof("type")
        element = msg.delta.new_element.WhichOneof("type") if delta == "new_element" else delta
        kind += ":" + (element or "none")
    return kind


@dataclass
class Frame:
    """One websocket frame: when, which way, how big, what."""

    t: float
    sent: bool
    size: int
    kind: str


@dataclass
class Session:
    """A browser context and page with everything it sent and received."""

    context: Any
    page: Any
    frames: list[Frame] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    ws_closed: int = 0

    def record(self, payload: bytes | str, sent: bool) -> None:
        """Keep one websocket frame."""
        size = len(payload.encode() if isinstance(payload, str) else payload)
        self.frames.append(Frame(time.monotonic(), sent, size, message_kind(payload, sent)))

    def finished_after(self, index: int) -> bool:
        """Whether a script run finished (not cut short by a newer rerun) after frame index."""
        return any(f.kind in FINISHED for f in self.frames[index:] if not f.sent)

    def traffic(self, index: int) -> dict[str, int]:
        """Bytes and messages each way, and reruns asked for, since frame index."""
        new = self.frames[index:]
        return {
            "bytes_received": sum(f.size for f in new if not f.sent),
            "bytes_sent": sum(f.size for f in new if f.sent),
            "frames_received": sum(not f.sent for f in new),
            "frames_sent": sum(f.sent for f in new),
            "reruns": sum(f.kind == "rerun_script" for f in new if f.sent),
            "bytes_by_kind": by_kind([f for f in new if not f.sent]),
            "scripts_finished": sum(f.kind.startswith("script_finished") for f in new if not f.sent),
        }

    async def close(self) -> None:
        """Close the context (and so the Streamlit session)."""
        await self.context.close()


def by_kind(frames: list[Frame]) -> dict[str, int]:
    """Bytes received per message kind (deltas by element type), largest first."""
    sizes: dict[str, int] = {}
    for f in frames:
        sizes[f.kind] = sizes.get(f.kind, 0) + f.size
    return dict(sorted(sizes.items(), key=lambda kv: -kv[1]))


async def open_session(browser: Any, url: str, expected: list[str] | None, timeout_s: float = 30.0) -> Session:
    """A fresh context (empty cache) navigating to url, the poller armed with the expected ids."""
    context = await browser.new_context(viewport=VIEWPORT)
    await context.add_init_script(f"window.__bmInitial = {json.dumps(expected)};" + POLLER)
    page = await context.new_page()
    session = Session(context, page)

    def on_ws(ws: Any) -> None:
        ws.on("framereceived", lambda payload: session.record(payload, False))
        ws.on("framesent", lambda payload: session.record(payload, True))
        ws.on("close", lambda _ws: setattr(session, "ws_closed", session.ws_closed + 1))

    page.on("websocket", on_ws)
    page.on("pageerror", lambda exc: session.errors.append(f"pageerror: {exc}"))
    page.on("response", lambda r: r.ok or session.errors.append(f"HTTP {r.status}: {r.url}"))
    page.on("requestfailed", lambda r: session.errors.append(f"failed: {r.url}: {r.failure}"))
    await page.goto(url, wait_until="commit", timeout=timeout_s * 1000)
    return session


async def wait_until(predicate: Any, timeout: float, interval: float = 0.05) -> bool:
    """Poll an async predicate until it is truthy or the timeout passes."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if await predicate():
            return True
        await asyncio.sleep(interval)
    return False


async def poller_state(page: Any) -> dict[str, Any]:
    """The poller's timestamps (ms on the parent page's clock) and the drawn count."""
    return await page.evaluate("() => window.__bm ? window.__bm.state() : {}")


async def wait_drawn(session: Session, timeout: float) -> dict[str, Any]:
    """Wait for the expected set to be drawn; the poller's state, with ok False on a timeout."""

    async def drawn() -> bool:
        return (await poller_state(session.page)).get("done") is not None

    ok = await wait_until(drawn, timeout, interval=0.1)
    return {"ok": ok, **await poller_state(session.page)}


async def wait_script_finished(session: Session, index: int, timeout: float, quiet: float = 0.5) -> bool:
    """Wait until a script run has finished after frame index, then for the socket to stay quiet a while."""

    async def finished() -> bool:
        return session.finished_after(index)

    ok = await wait_until(finished, timeout)
    await asyncio.sleep(quiet)
    return ok


class RssSampler:
    """Sample a server's RSS in the background; keeps the peak."""

    def __init__(self, server: Server, every: float = 0.25) -> None:
        self.server, self.every, self.peak, self.samples = server, every, 0, 0
        self.task: asyncio.Task | None = None

    async def _run(self) -> None:
        while True:
            self.peak = max(self.peak, self.server.rss())
            self.samples += 1
            await asyncio.sleep(self.every)

    def __enter__(self) -> RssSampler:
        self.peak = self.server.rss()
        self.task = asyncio.get_running_loop().create_task(self._run())
        return self

    def __exit__(self, *exc: object) -> None:
        if self.task is not None:
            self.task.cancel()
        self.peak = max(self.peak, self.server.rss())


class CpuMonitor:
    """Sample, every few seconds, the CPU used by other people's processes (the machine is shared).

    Other = system-wide busy CPU minus this benchmark's own process tree (browser and servers included).
    """

    def __init__(self, every: float = 2.0) -> None:
        self.every, self.samples = every, []  # (monotonic time, other cores, own cores)
        self.me, self.stop_event = psutil.Process(), threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _own(self) -> dict[int, float]:
        out = {}
        for p in [self.me, *self.me.children(recursive=True)]:
            try:
                t = p.cpu_times()
                out[p.pid] = t.user + t.system
            except psutil.Error:
                pass
        return out

    @staticmethod
    def _busy() -> float:
        t = psutil.cpu_times()
        return sum(t) - t.idle - getattr(t, "iowait", 0.0) - getattr(t, "guest", 0.0) - getattr(t, "guest_nice", 0.0)

    def _run(self) -> None:
        busy, own, last = self._busy(), self._own(), time.monotonic()
        while not self.stop_event.wait(self.every):
            busy_now, own_now, now = self._busy(), self._own(), time.monotonic()
            mine = sum(max(0.0, v - own.get(pid, 0.0)) for pid, v in own_now.items())
            span = now - last
            self.samples.append((now, max(0.0, (busy_now - busy - mine) / span), mine / span))
            busy, own, last = busy_now, own_now, now

    def start(self) -> CpuMonitor:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stop_event.set()

    def between(self, start: float, end: float | None = None) -> dict[str, float | None]:
        """Mean cores used by others and by the benchmark between two monotonic times."""
        rows = [s for s in self.samples if s[0] >= start and (end is None or s[0] <= end)]
        if not rows:
            return {"other_cores": None, "own_cores": None}
        return {
            "other_cores": round(sum(r[1] for r in rows) / len(rows), 2),
            "own_cores": round(sum(r[2] for r in rows) / len(rows), 2),
        }


def summary(values: list[float]) -> dict[str, Any]:
    """Median, min, max, p95 and n of a list of numbers (None when empty)."""
    if not values:
        return {"n": 0, "median": None, "min": None, "max": None, "p95": None}
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]
    return {"n": len(values), "median": statistics.median(values), "min": ordered[0], "max": ordered[-1], "p95": p95}


def mb(n: float | None) -> float | None:
    """Bytes as MiB, rounded."""
    return None if n is None else round(n / 2**20, 1)


def code_state() -> dict[str, Any]:
    """Which code is measured: the commit, uncommitted changes outside benchmarks/, a hash of dashboard/'s code."""

    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=30).stdout.strip()
        except OSError:
            return ""

    digest = hashlib.sha256()
    code = [*(ROOT / "dashboard").rglob("*.py"), *(ROOT / "dashboard" / "static").glob("*.js")]
    for path in sorted(code):
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    dirty = [line for line in git("status", "--porcelain").splitlines() if not line[3:].startswith("benchmarks/")]
    return {"commit": git("rev-parse", "HEAD"), "uncommitted": dirty, "dashboard_sha256": digest.hexdigest()}


def machine() -> dict[str, Any]:
    """The machine and software the figures come from."""
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem = next(
        int(line.split()[1]) * 1024
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    try:
        chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    except OSError as exc:
        chromium = f"unknown ({exc})"
    packages = {
        name: metadata.version(name)
        for name in ("streamlit", "streamlit-folium", "folium", "branca", "playwright", "pydantic", "psutil")
    }
    return {
        "nproc": os.cpu_count(),
        "mem_total_bytes": mem,
        "cpu_model": cpu,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "chromium": chromium,
        "packages": packages,
        "loadavg_at_start": os.getloadavg(),
    }
