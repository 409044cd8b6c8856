"""Point folium at the Leaflet and plugin assets the app serves itself."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import branca.colormap
import folium
import folium.elements
import folium.plugins  # noqa: F401  (defines the plugin classes localize_folium rewrites)
from branca.element import Element

# Resolves against the st_folium iframe (<base>/component/streamlit_folium.st_folium/index.html),
# so it also works behind --server.baseUrlPath; an absolute /app/static/ would not.
ASSET_PREFIX = "../../app/static/"
STATIC_DIR = Path(__file__).parent / "static"
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

# folium's own (CDN) asset lists, captured before the first rewrite so reruns start from them.
_ORIGINALS: dict[tuple[type, str], list[tuple[str, str]]] = {}


def load_manifest() -> list[dict[str, Any]]:
    """Read the vendored-asset manifest written by scripts/vendor_assets.py."""
    return json.loads(MANIFEST_PATH.read_text(encoding="utf-8"))


def is_external(url: str) -> bool:
    """Tell whether a URL points off the app's own server."""
    return url.startswith(("http://", "https://", "//"))


def _subclasses(cls: type) -> Iterator[type]:
    """Yield every subclass of cls, recursively."""
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def localize_folium(prefix: str = ASSET_PREFIX) -> list[str]:
    """Rewrite folium's CDN asset URLs to vendored copies; return the URLs left external."""
    local = {e["cdn_url"]: prefix + e["path"] for e in load_manifest() if e["cdn_url"]}
    external: set[str] = set()
    for cls in {folium.Map, *_subclasses(folium.elements.JSCSSMixin)}:
        for attr in ASSET_ATTRS:
            if attr not in cls.__dict__:
                continue
            original = _ORIGINALS.setdefault((cls, attr), list(cls.__dict__[attr]))
            kept = [(name, url) for name, url in original if url not in DROPPED_URLS]
            links = [(name, local.get(url, url)) for name, url in kept]
            external.update(url for _, url in links if is_external(url))
            setattr(cls, attr, links)
    return sorted(external)


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
