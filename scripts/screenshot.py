"""Refresh the README screenshot: start the dashboard, open a view in headless Chromium, save a PNG.

Usage: python scripts/screenshot.py [--query "section=strikes"] [--size 1600x900] [--out docs/screenshot.png]
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

from dashboard.config import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parent.parent
DRAWN = (
    "(() => { const f = document.querySelector('iframe[title=\"streamlit_folium.st_folium\"]');"
    " return f && f.contentWindow.map"
    " ? f.contentWindow.document.querySelectorAll('path.leaflet-interactive').length : 0; })()"
)


def free_port() -> int:
    """A free loopback port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(port: int, timeout: float = 90) -> None:
    """Poll Streamlit's health endpoint until it answers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError("the dashboard did not start")


def main() -> None:
    """Take the screenshot."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--query", default="section=strikes")
    parser.add_argument("--size", default="1600x900")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshot.png")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "dashboard/app.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_healthy(port)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(f"http://127.0.0.1:{port}/?{args.query}")
            page.wait_for_function(f"{DRAWN} > 0", timeout=60_000)
            page.wait_for_timeout(1500)  # let tiles and fonts settle before the picture
            args.out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(args.out))
            browser.close()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
