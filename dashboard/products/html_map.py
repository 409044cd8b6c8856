"""The selection as one standalone HTML map that loads no script or stylesheet from anywhere."""

from __future__ import annotations

import base64
import copy
import json
import posixpath
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import folium
from branca.element import Element

from dashboard.config import STATIC_DIR
from dashboard.products.briefing import slide_for
from dashboard.products.selection import Selection
from dashboard.web.controls import HELPERS, RUNTIME, STYLESHEET
from dashboard.web.html import SlideFrame, provenance_html
from dashboard.web.mapview import build_map
from dashboard.web.offline import DROPPED_URLS, load_manifest
from dashboard.web.team import team_state, with_team

MIME_TYPES = {
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".gif": "image/gif",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
}
SCRIPT_TAG = re.compile(r"""<script\s+src=["']([^"']+)["']\s*>\s*</script>""", re.I)
STYLE_LINK = re.compile(r"""<link\s+rel=["']stylesheet["']\s+href=["']([^"']+)["']\s*/?>""", re.I)
ANY_ASSET_REF = re.compile(r"""<script[^>]*\ssrc=|<link[^>]*rel=["']?stylesheet""", re.I)
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
SOURCE_MAP = re.compile(r"(//[#@]\s*sourceMappingURL=\S*|/\*[#@]\s*sourceMappingURL=[^*]*\*/)")
# Every browser that runs Leaflet reads woff2: the TrueType fallbacks would only double the file.
TTF_FALLBACK = re.compile(r"""(format\(["']woff2["']\))\s*,\s*url\([^)]*\.ttf\)\s*format\(["']truetype["']\)""")
OWN_FILES = (RUNTIME, STYLESHEET, *HELPERS)


def asset_path(url: str) -> str:
    """The vendored file, or the map script of our own, behind a CDN or a localized URL (any prefix, then its path)."""
    if url.rsplit("/", 1)[-1] in OWN_FILES:
        return url.rsplit("/", 1)[-1]
    for entry in load_manifest():
        if url in (entry["cdn_url"], entry["path"]) or url.endswith("/" + entry["path"]):
            return entry["path"]
    raise ValueError(f"standalone HTML: {url} is not a vendored asset")


def data_uri(path: str) -> str:
    """A vendored file as a base64 data: URI."""
    payload = base64.b64encode((STATIC_DIR / path).read_bytes()).decode("ascii")
    return f"data:{MIME_TYPES[posixpath.splitext(path)[1].lower()]};base64,{payload}"


def inline_css(path: str) -> str:
    """A vendored stylesheet with every image and font it uses embedded as a data: URI."""
    known = {entry["path"] for entry in load_manifest()}

    def embed(match: re.Match[str]) -> str:
        ref = match.group(2).strip()
        if ref.startswith(("data:", "#")):
            return match.group(0)
        target = posixpath.normpath(posixpath.join(posixpath.dirname(path), urlsplit(ref).path))
        if target not in known:
            raise ValueError(f"standalone HTML: {path} refers to {ref}, which is not vendored")
        return f'url("{data_uri(target)}")'

    css = SOURCE_MAP.sub("", (STATIC_DIR / path).read_text(encoding="utf-8"))
    return CSS_URL.sub(embed, TTF_FALLBACK.sub(r"\1", css)).replace("</style", "<\\/style")


def _inlined(match: re.Match[str]) -> str:
    """A <script src> or stylesheet <link> replaced by the vendored file's content."""
    url = match.group(1)
    if not match.group(0).lower().startswith("<script"):
        return "" if url in DROPPED_URLS else f"<style>{inline_css(asset_path(url))}</style>"
    code = SOURCE_MAP.sub("", (STATIC_DIR / asset_path(url)).read_text(encoding="utf-8"))
    return "<script>" + re.sub(r"</(script)", r"<\\/\1", code, flags=re.I) + "</script>"


def _elements(element: Element) -> Iterator[Element]:
    """Yield an element and all its descendants."""
    yield element
    for child in element._children.values():
        yield from _elements(child)


def to_html(selection: Selection) -> bytes:
    """The selection as one HTML map file that loads nothing from anywhere, framed as briefing mode frames it:
    title, subtitle, as-of date, source line, caveat, legend, scale, north arrow, a draft's banner and labels."""
    slide = slide_for(selection)
    frame = SlideFrame(slide.title, slide.subtitle, slide.as_of, slide.source_line, slide.caveat, slide.banner)
    m = build_map(
        selection.shown,
        "offline",
        selection.basemap,
        selection.view,
        banner=selection.bundle.banner,
        frame=frame,
        labels=selection.labels,
        time=selection.timeline,
    )
    if selection.overlays:
        _add_overlays(m, selection)
    m.get_root().header.add_child(folium.Element(provenance_html(selection.about())))
    return map_html(m)


def _add_overlays(m: folium.Map, selection: Selection) -> None:
    """The team's overlays in the file itself (as data: URLs the overlay script fetches), and in the legend."""
    group = next(c for c in m._children.values() if isinstance(c, folium.FeatureGroup) and c.layer_name == "View")
    inline = [(o, _data_url(o.features)) for o in selection.overlays]
    with_team(group, selection.shown, team_state(inline, [], False), list(selection.overlays))


def _data_url(doc: dict) -> str:
    """A GeoJSON document as a data: URL."""
    payload = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return "data:application/geo+json;base64," + base64.b64encode(payload).decode("ascii")


def map_html(m: folium.Map) -> bytes:
    """A map as one HTML file that loads no script or stylesheet from anywhere."""
    # Render a copy, as folium's render adds script lines to the tree; share the read-only GeoJSON.
    data = {id(e.data): e.data for e in _elements(m.get_root()) if isinstance(e, folium.GeoJson)}
    head, sep, body = copy.deepcopy(m, data).get_root().render().partition("</head>")
    page = STYLE_LINK.sub(_inlined, SCRIPT_TAG.sub(_inlined, head)) + sep + body
    if ANY_ASSET_REF.search(page):
        raise ValueError("standalone HTML: a script or stylesheet reference is left after inlining")
    return page.encode("utf-8")
