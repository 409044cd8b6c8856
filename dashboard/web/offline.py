"""Point folium at the Leaflet and plugin assets the app serves itself."""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from typing import Any

import branca.colormap
import folium
from branca.element import Element

from dashboard.config import STATIC_DIR

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
