"""Point folium at the Leaflet and plugin assets the app serves itself."""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import branca.colormap
import folium
from branca.element import Element
from folium.elements import JSCSSMixin

from dashboard.config import STATIC_DIR
from dashboard.web.static_files import write_hashed

# Resolves against the st_folium iframe (<base>/component/streamlit_folium.st_folium/index.html),
# so it also works behind --server.baseUrlPath; an absolute /app/static/ would not.
ASSET_PREFIX = "../../app/static/"
MANIFEST_PATH = STATIC_DIR / "vendor" / "MANIFEST.json"

# Bootstrap 3 glyphicons are not on npm; only glyphicon-prefixed icons need them.
DROPPED_URLS = frozenset({"https://netdna.bootstrapcdn.com/bootstrap/3.0.0/css/bootstrap-glyphicons.css"})

# streamlit-folium adds these d3 builds to the iframe for every branca ColorMap on the map.
COLORMAP_JS = frozenset(
    {
        "https://d3js.org/d3.v4.min.js",
        "https://cdnjs.cloudflare.com/ajax/libs/d3/3.5.5/d3.min.js",
    }
)

ASSET_ATTRS = ("default_js", "default_css")
URL_ATTRS = ("tiles", "url", "embed_link")


@cache
def load_manifest() -> list[dict[str, Any]]:
    """Read the vendored-asset manifest written by scripts/vendor_assets.py."""
    return json.loads(MANIFEST_PATH.read_text(encoding="utf-8"))


def is_external(url: str) -> bool:
    """Tell whether a URL points off the app's own server."""
    return url.startswith(("http://", "https://", "//"))


def _walk(element: Element) -> Iterator[Element]:
    """Yield an element and all its descendants."""
    yield element
    for child in element._children.values():
        yield from _walk(child)


def external_urls(m: folium.Map) -> set[str]:
    """List every off-server URL the rendered map would load: scripts, stylesheets, tiles."""
    urls: set[str] = set()
    for element in _walk(m.get_root()):
        for attr in ASSET_ATTRS:
            urls.update(url for _, url in getattr(element, attr, []))
        for attr in URL_ATTRS:
            value = getattr(element, attr, None)
            if isinstance(value, str):
                urls.add(value)
        if isinstance(element, branca.colormap.ColorMap):
            urls.update(COLORMAP_JS)
    return {url for url in urls if is_external(url)}


def localize(m: folium.Map, prefix: str = ASSET_PREFIX) -> list[str]:
    """Point this map's scripts and stylesheets at the vendored copies; return the URLs left external.

    Each element gets its own lists: folium's classes keep their CDN defaults, so nothing else that
    imports folium is changed.
    """
    local = {e["cdn_url"]: prefix + e["path"] for e in load_manifest() if e["cdn_url"]}
    external: set[str] = set()
    for element in _walk(m.get_root()):
        for attr in ASSET_ATTRS:
            links = getattr(element, attr, None)
            if not links:
                continue
            rewritten = [(name, local.get(url, url)) for name, url in links if url not in DROPPED_URLS]
            setattr(element, attr, rewritten)
            external.update(url for _, url in rewritten if is_external(url))
    return sorted(external)


def _scripts(m: folium.Map) -> list[tuple[Element, list[str]]]:
    """Each element's scripts, in the order streamlit-folium loads them (the map, then its descendants)."""
    return [(e, [url for _, url in e.default_js]) for e in _walk(m) if isinstance(e, JSCSSMixin)]


@cache
def _bundle(files: tuple[tuple[Path, int], ...], static_dir: Path) -> str:
    """Concatenate the script files (path, mtime) into one content-named file; its path under static_dir."""
    payload = b"".join(path.read_bytes() + b"\n;\n" for path, _ in files)
    return write_hashed(payload, "scripts", ".js", static_dir)


def bundle_scripts(m: folium.Map, prefix: str, static_dir: Path) -> str | None:
    """Load all of the map's scripts as one file, written beside the static assets; return its URL.

    streamlit-folium loads a map's scripts one after another, each waiting for the last, so seven
    small files cost seven round trips before the map can start fetching its data. Left as they are
    (and None returned) if any script is not one of the app's own files.
    """
    elements = _scripts(m)
    urls = list(dict.fromkeys(url for _, urls in elements for url in urls))
    paths = [static_dir / url.removeprefix(prefix) for url in urls]
    if not urls or not all(url.startswith(prefix) and path.is_file() for url, path in zip(urls, paths, strict=True)):
        return None
    name = _bundle(tuple((path, path.stat().st_mtime_ns) for path in paths), static_dir)
    if not (static_dir / name).exists():  # removed since by another server's clean-up
        _bundle.cache_clear()
        name = _bundle(tuple((path, path.stat().st_mtime_ns) for path in paths), static_dir)
    for element, _ in elements:
        element.default_js = []
    m.default_js = [("briefing_bundle", prefix + name)]
    return prefix + name
