"""Take screenshots of the dashboard: start it on a free port, open views in headless Chromium, save PNGs.

Usage:
  python scripts/screenshot.py [--query "section=strikes"] [--size 1600x900] [--out docs/screenshot.png]
  python scripts/screenshot.py --query "section=strikes" --query "brief=1" --size 1920x1080 --out /tmp/shots/
  python scripts/screenshot.py --docs     # refresh every picture in docs/, the example slide too (needs git)
With several queries (or sizes), --out is a folder and each picture is named after its query and size.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from dashboard.config import CHANGES_EXPANDER, CHROMIUM, CHROMIUM_ARGS, ROOT
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
    ("screens/chronology-playback-strikes-1920x1080.png", "section=strikes&others=hide&t=2024-11-15", "1920x1080"),
)
# "What changed since…": the article's data as it stood at this commit (before the sources were audited),
# exported as it would have been then, compared with today's.
EARLIER_DATA_COMMIT = "ce4b651"
CHANGES_VIEW = ("screens/what-changed-1920x1080.png", "section=strikes", "1920x1080")


def earlier_export(folder: Path) -> Path:
    """Export the bundle as it was at EARLIER_DATA_COMMIT, dated with that commit's time; return the file."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", EARLIER_DATA_COMMIT, "seeds", "geodata"], check=True, capture_output=True
    ).stdout
    data = folder / "data"
    data.mkdir()
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(data, filter="data")
    out = folder / "earlier.geojson"
    command = [
        sys.executable,
        "-m",
        "dashboard",
        "--data",
        str(data),
        "export",
        "--format",
        "geojson",
        "--out",
        str(out),
    ]
    subprocess.run(command, check=True, capture_output=True)
    when = subprocess.run(
        ["git", "-C", str(ROOT), "show", "-s", "--format=%cI", EARLIER_DATA_COMMIT],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    doc = json.loads(out.read_text(encoding="utf-8"))
    doc["briefing_map"]["exported_at"] = when
    out.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return out


def shoot_changes(browser, base: str) -> None:
    """The strikes section with an earlier export loaded: the map's rings and key, the list under the map."""
    file, query, size = CHANGES_VIEW
    width, height = (int(v) for v in size.split("x"))
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(f"{base}/?{query}")
    page.wait_for_function(READY, timeout=90_000)
    with tempfile.TemporaryDirectory() as tmp:
        page.get_by_text(CHANGES_EXPANDER, exact=True).click()
        main = page.get_by_test_id("stMainBlockContainer")
        main.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(earlier_export(Path(tmp))))
        frame = "document.querySelector('iframe[title=\"streamlit_folium.st_folium\"]').contentWindow.document"
        page.wait_for_function(f"{frame}.querySelector('.briefing-changes-key') !== null", timeout=90_000)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(1500)
        # The map with its rings and key, then the list of changes under it.
        page.evaluate("document.querySelectorAll('*').forEach(e => { if (e.scrollTop) e.scrollTop = 0; })")
        page.wait_for_timeout(800)
        for out in (ROOT / "docs" / file, ROOT / "docs" / file.replace("what-changed", "what-changed-list")):
            page.screenshot(path=str(out))
            print(f"wrote {out}")
            page.get_by_test_id("stMainBlockContainer").get_by_test_id("stDataFrame").scroll_into_view_if_needed()
            page.wait_for_timeout(800)
    page.close()


def export_slide(section: str, out: Path) -> None:
    """An exported slide, as a briefer makes it from the command line."""
    cli = [sys.executable, "-m", "dashboard", "export", "--section", section, "--format", "png", "--out", str(out)]
    subprocess.run(cli, check=True, cwd=ROOT)
    print(f"wrote {out}")


def shoot_docs(browser, base: str) -> None:
    """Refresh every picture in docs/."""
    for file, query, size in DOC_VIEWS:
        width, height = (int(v) for v in size.split("x"))
        page = browser.new_page(viewport={"width": width, "height": height})
        shoot(page, base, query, ROOT / "docs" / file)
        page.close()
    shoot_changes(browser, base)
    export_slide("strikes", ROOT / "docs" / "example-slide.png")


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
