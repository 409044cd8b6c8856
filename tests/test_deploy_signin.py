"""A replica behind nginx with a sign-in (auth_basic), as deploy/run-replicas.sh starts it when given HTPASSWD:
the page asks for a password, the health probe does not, and the signed-in name, not a typed one nor one a browser
sends itself, signs a note."""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect
from test_browser_team import KEY, MAP_READY, draw_note
from test_deploy import RUN_REPLICAS, pytestmark  # noqa: F401  (the same marks and skips)

from dashboard.config import ENV_DATABASE_URL, ENV_WORKSPACE_KEY
from dashboard.devserver import free_port

USER, PASSWORD = "dana", "correct horse battery staple"


def ssha(password: str) -> str:
    """An htpasswd entry's password in RFC 2307 {SSHA} form, which nginx reads."""
    salt = os.urandom(8)
    return "{SSHA}" + base64.b64encode(hashlib.sha1(password.encode() + salt).digest() + salt).decode()


@pytest.fixture(scope="module")
def signed_replica():
    """One replica, nginx with auth_basic for one user, a throwaway PostgreSQL/PostGIS; stopped after."""
    run = Path(tempfile.mkdtemp(prefix="briefing-signin-"))
    htpasswd = run / "htpasswd"
    htpasswd.write_text(f"{USER}:{ssha(PASSWORD)}\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != ENV_DATABASE_URL} | {
        "PYTHON": sys.executable,
        ENV_WORKSPACE_KEY: KEY,
        "HTPASSWD": str(htpasswd),
        "REPLICA_PORTS": str(free_port()),
    }
    started = subprocess.run(["bash", str(RUN_REPLICAS), "start", str(run)], env=env, capture_output=True, text=True)
    try:
        if started.returncode != 0:
            logs = "\n".join(f"--- {p.name}\n{p.read_text()[-3000:]}" for p in sorted(run.glob("*.log")))
            pytest.fail(f"run-replicas.sh failed:\n{started.stdout}{started.stderr}\n{logs}")
        yield (run / "url").read_text().strip()
    finally:
        subprocess.run(["bash", str(RUN_REPLICAS), "stop", str(run)], env=env, check=False)
        shutil.rmtree(run, ignore_errors=True)


def status(url: str, auth: tuple[str, str] | None = None) -> int:
    request = urllib.request.Request(url)
    if auth:
        request.add_header("Authorization", "Basic " + base64.b64encode(":".join(auth).encode()).decode())
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_the_page_asks_for_a_sign_in_and_the_health_probe_does_not(signed_replica):
    assert status(signed_replica) == 401
    assert status(signed_replica, (USER, "wrong")) == 401
    assert status(signed_replica, (USER, PASSWORD)) == 200
    assert status(signed_replica + "_stcore/health") == 200


def test_the_signed_in_name_signs_a_note_and_a_forged_header_does_not(browser, signed_replica):
    context = browser.new_context(
        viewport={"width": 1920, "height": 1080},
        http_credentials={"username": USER, "password": PASSWORD},
        extra_http_headers={"X-Remote-User": "mallory"},  # nginx replaces it with the name it signed in
    )
    page = context.new_page()
    page.goto(signed_replica)
    page.wait_for_function(MAP_READY, timeout=120_000)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text(f"Signed in as {USER}").wait_for(timeout=60_000)
    assert page.locator(".st-key-w_author input").count() == 0, "no name to type when the proxy names the user"
    box = page.locator(".st-key-w_workspace_key input")
    expect(box).to_be_enabled(timeout=90_000)
    box.fill(KEY)
    box.press("Enter")
    page.get_by_text("You can add and change").wait_for(timeout=30_000)
    draw_note(page, "Signed by the proxy")
    notes = page.get_by_test_id("stExpander").filter(has_text="Team notes on the map")
    notes.get_by_text("Signed by the proxy").wait_for(timeout=30_000)
    text = notes.inner_text()
    assert USER in text and "mallory" not in text
    context.close()
