"""Two dashboard replicas behind nginx sharing PostgreSQL/PostGIS, as deploy/run-replicas.sh starts them on loopback.

Checks what a team's setup relies on: both replicas answer under the base path, the map draws through nginx
(websocket included), the feature documents are the same bytes whichever replica serves them, and a row one
replica's configuration writes is read back through another's.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from test_browser_team import KEY, MAP_READY, NOTE_COUNT, _unlock, draw_note

from dashboard.config import CHROMIUM, DATA_ROOT, ENV_DATABASE_URL, ENV_WORKSPACE_KEY, ROOT
from dashboard.data.bundles import load_bundle
from dashboard.data.layers import load_layers
from dashboard.store.db import open_store
from dashboard.store.views import list_views, save_view
from dashboard.web.mapdata import browser_data

RUN_REPLICAS = ROOT / "deploy" / "run-replicas.sh"
SHIPPED = "iran-russia-too-close-for-comfort"
FRAME = "document.querySelector('iframe[title=\"streamlit_folium.st_folium\"]')"
DRAWN = f"""() => {{ const f = {FRAME}; const map = f && f.contentWindow && f.contentWindow.map;
  return map ? Object.values(map._layers).filter(l => l.feature).length : 0; }}"""
MISSING = [
    what
    for what, found in (
        ("nginx", shutil.which("nginx") or Path("/usr/sbin/nginx").exists()),
        ("PostgreSQL", any(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))),
        ("PostGIS", any(Path("/usr/share/postgresql").glob("*/extension/postgis.control"))),
        ("Chromium", CHROMIUM.exists()),
    )
    if not found
]
IN_CI = os.environ.get("CI", "").lower() == "true"

pytestmark = [
    pytest.mark.deploy,
    pytest.mark.browser,
    pytest.mark.skipif(
        bool(MISSING) and not IN_CI, reason=f"needs {', '.join(MISSING)} (scripts/run-tests.sh installs them)"
    ),
]


def get(url: str, cookie: str | None = None) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and body of one GET (a redirect is not followed)."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object) -> None:
            return None

    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def process_env(pid: int) -> dict[str, str]:
    """The environment a running process was started with."""
    raw = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return dict(item.decode().split("=", 1) for item in raw if b"=" in item)


@pytest.fixture(scope="module")
def replicas():
    """Two replicas, nginx and a throwaway PostgreSQL/PostGIS, started by the deploy script; stopped after."""
    run = Path(tempfile.mkdtemp(prefix="briefing-replicas-"))
    env = {k: v for k, v in os.environ.items() if k != ENV_DATABASE_URL} | {
        "PYTHON": sys.executable,
        ENV_WORKSPACE_KEY: KEY,
    }
    started = subprocess.run(["bash", str(RUN_REPLICAS), "start", str(run)], env=env, capture_output=True, text=True)
    try:
        if started.returncode != 0:
            logs = "\n".join(f"--- {p.name}\n{p.read_text()[-3000:]}" for p in sorted(run.glob("*.log")))
            pytest.fail(f"run-replicas.sh failed:\n{started.stdout}{started.stderr}\n{logs}")
        pids = {int(p.stem.split("-")[1]): int(p.read_text()) for p in run.glob("replica-*.pid")}
        yield {"url": (run / "url").read_text().strip(), "pids": pids}
    finally:
        subprocess.run(["bash", str(RUN_REPLICAS), "stop", str(run)], env=env, check=False)
        shutil.rmtree(run, ignore_errors=True)


def test_both_replicas_answer_through_nginx_under_the_base_path(replicas):
    base = replicas["url"]
    seen = set()
    for _ in range(40):  # a new browser each time: nginx spreads them by a cookie it sets
        status, headers, body = get(base + "_stcore/health")
        assert (status, body) == (200, b"ok")
        seen.add(headers["X-Briefing-Replica"])
        if len(seen) == 2:
            break
    assert seen == {f"127.0.0.1:{port}" for port in replicas["pids"]}
    status, headers, page = get(base)
    assert status == 200 and b"<noscript>" in page and "briefing_replica=" in headers["Set-Cookie"]
    cookie = headers["Set-Cookie"].split(";")[0]
    again = {get(base + "_stcore/health", cookie)[1]["X-Briefing-Replica"] for _ in range(5)}
    assert again == {headers["X-Briefing-Replica"]}, "a browser's requests must stay on one replica"
    assert get(base.rstrip("/"))[0] == 301


def test_the_map_draws_through_nginx_and_every_replica_serves_the_same_documents(browser, replicas):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    requests, failures, sockets = [], [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("response", lambda r: r.ok or failures.append(f"{r.url}: HTTP {r.status}"))
    page.on("websocket", lambda ws: sockets.append(ws.url))
    page.goto(replicas["url"])
    page.wait_for_function(DRAWN, timeout=120_000)
    page.wait_for_load_state("networkidle")
    page.close()
    port = urlsplit(replicas["url"]).port
    assert any(u.startswith(f"ws://127.0.0.1:{port}/briefing/_stcore/stream") for u in sockets), sockets
    assert failures == []
    documents = sorted({u for u in requests if "/app/static/data/features-" in u})
    assert documents, "the map fetched no feature document"
    expected = browser_data(load_layers(load_bundle(DATA_ROOT, SHIPPED))[0], Path(tempfile.mkdtemp())).name
    for url in documents:
        path = urlsplit(url).path
        bodies = {get(f"http://127.0.0.1:{p}{path}")[2] for p in replicas["pids"]}  # each replica, directly
        assert len(bodies) == 1, f"replicas serve different bytes for {path}"
        digest = hashlib.sha256(bodies.pop()).hexdigest()[:16]
        assert path.endswith(f"-{digest}.json"), "the name is not the content's hash"
    assert any(u.endswith(expected) for u in documents), "a fresh process names the document differently"


def test_a_row_written_through_one_replica_is_read_through_the_other(replicas, monkeypatch):
    (port_a, pid_a), (port_b, pid_b) = sorted(replicas["pids"].items())
    url_a, url_b = (process_env(pid)[ENV_DATABASE_URL] for pid in (pid_a, pid_b))
    assert url_a.startswith("postgresql+psycopg://") and url_a == url_b
    monkeypatch.setenv(ENV_DATABASE_URL, url_a)  # as replica A's app opens its store
    saved = save_view(open_store(), name=f"Seen from {port_a}", state={"section": "strikes"}, author="ana")
    monkeypatch.setenv(ENV_DATABASE_URL, url_b)  # as replica B's app opens its store
    assert saved in list_views(open_store())


def test_a_note_saved_in_a_browser_on_one_replica_is_seen_in_a_browser_on_the_other(browser, replicas):
    (port_a, _), (port_b, _) = sorted(replicas["pids"].items())
    base = urlsplit(replicas["url"]).path  # the base path every replica serves under
    writer = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = writer.new_page()
    page.goto(f"http://127.0.0.1:{port_a}{base}")
    page.wait_for_function(MAP_READY, timeout=120_000)
    _unlock(page, "Dana")
    draw_note(page, f"Written on replica {port_a}")
    reader = browser.new_context(viewport={"width": 1920, "height": 1080})
    other = reader.new_page()
    other.goto(f"http://127.0.0.1:{port_b}{base}")
    other.wait_for_function(MAP_READY, timeout=120_000)
    other.wait_for_function(f"() => ({NOTE_COUNT})() === 1", timeout=60_000)
    other.get_by_text("Team notes on the map").click()
    other.get_by_text(f"Written on replica {port_a}").wait_for(timeout=30_000)
    reader.close()
    writer.close()
