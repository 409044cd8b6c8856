"""Take screenshots of the dashboard: start it on a free port, open views in headless Chromium, save PNGs.

Usage:
  python scripts/screenshot.py [--query "section=strikes"] [--size 1600x900] [--out docs/screenshot.png]
  python scripts/screenshot.py --query "section=strikes" --query "brief=1" --size 1920x1080 --out /tmp/shots/
  python scripts/screenshot.py --docs     # refresh every picture in docs/
With several queries (or sizes), --out is a folder and each picture is named after its query and size.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from dashboard.config import CHROMIUM, CHROMIUM_ARGS, ROOT
from dashboard.devserver import DevServer

# Ready when the map holds drawn features and every basemap pane has its layer.
READY = (
    "(() => { const f = document.querySelector('iframe[title=\"streamlit_folium.st_folium\"]');"
    " const d = f && f.contentWindow.document, m = f && f.contentWindow.map;"
    " return !!(m && m._briefing && m._briefing.applied > 0"
    " && d.querySelectorAll('path.leaflet-interactive, canvas').length > 0); })()"
)


def shoot(page: Page, base: str, query: str, out: Path) -> None:
    """Open one view, wait until its map is drawn and quiet, and save the picture."""
    page.goto(f"{base}/?{query}")
    page.wait_for_function(READY, timeout=90_000)
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready")
    page.wait_for_timeout(1500)  # the frame stretches to the window and the map redraws its labels
    out.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(out))
    print(f"wrote {out}")


def name_for(query: str, size: str) -> str:
    """A file name for a query at a size."""
    slug = re.sub(r"[^A-Za-z0-9]+", "-", query).strip("-") or "default"
    return f"{slug}-{size}.png"


# The pictures the README and docs/ show: (file, query, size). The default page is the whole article.
DOC_VIEWS = (
    ("screenshot.png", "section=strikes", "1920x1080"),
    ("screens/whole-article-1920x1080.png", "", "1920x1080"),
    ("screens/strikes-1920x1080.png", "section=strikes", "1920x1080"),
    ("screens/strikes-1366x768.png", "section=strikes", "1366x768"),
    ("screens/smuggling-1920x1080.png", "section=smuggling", "1920x1080"),
    ("screens/briefing-strikes-1920x1080.png", "section=strikes&brief=1", "1920x1080"),
)


def shoot_docs(browser, base: str) -> None:
    """Refresh every picture in docs/."""
    for file, query, size in DOC_VIEWS:
        width, height = (int(v) for v in size.split("x"))
        page = browser.new_page(viewport={"width": width, "height": height})
        shoot(page, base, query, ROOT / "docs" / file)
        page.close()


def main() -> None:
    """Take the screenshots."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--query", action="append", help="URL query of a view (repeatable)")
    parser.add_argument("--size", action="append", help="viewport as WIDTHxHEIGHT (repeatable)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshot.png")
    parser.add_argument("--docs", action="store_true", help="refresh every picture in docs/ (DOC_VIEWS)")
    args = parser.parse_args()
    queries, sizes = args.query or ["section=strikes"], args.size or ["1600x900"]
    several = len(queries) * len(sizes) > 1
    with DevServer() as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))
        if args.docs:
            shoot_docs(browser, server.url)
            browser.close()
            return
        for size in sizes:
            width, height = (int(v) for v in size.split("x"))
            page = browser.new_page(viewport={"width": width, "height": height})
            for query in queries:
                shoot(page, server.url, query, args.out / name_for(query, size) if several else args.out)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
