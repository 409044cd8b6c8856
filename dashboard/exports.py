"""Pure exports of the current selection: GeoJSON, KML, CSV and a standalone offline HTML map."""

from __future__ import annotations

import base64
import copy
import csv
import io
import json
import posixpath
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import folium
import shapely
from branca.element import Element
from shapely.geometry import mapping, shape

from dashboard.filters import Shown
from dashboard.mapcontrols import RUNTIME
from dashboard.offline import DROPPED_URLS, STATIC_DIR, load_manifest
from dashboard.popups import LAYER_TITLES, popup_html
from dashboard.styles import style_for

KML_NS = "http://www.opengis.net/kml/2.2"
# Google Earth's plain white circle, so the IconStyle colour tints it exactly.
KML_POINT_ICON = "https://maps.google.com/mapfiles/kml/shapes/placemark_circle.png"
CSV_COLUMNS = (
    "id",
    "layer",
    "name",
    "kind",
    "date_from",
    "date_to",
    "status",
    "confidence",
    "accuracy_km",
    "location",
    "country",
    "provenance",
    "sections",
    "actors",
    "quote",
    "sources",
    "description",
    "lon",
    "lat",
    "wkt",
)
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


def rfc7946_geometry(geometry: dict[str, Any]) -> dict[str, Any]:
    """The geometry with polygon rings wound by RFC 7946's right-hand rule (outer anticlockwise)."""
    return mapping(shapely.orient_polygons(shape(geometry)))


def to_geojson(shown: list[Shown]) -> bytes:
    """An RFC 7946 FeatureCollection of the shown features with all their properties."""
    features = [
        {
            "type": "Feature",
            "id": s.feature["id"],
            "geometry": rfc7946_geometry(s.feature["geometry"]),
            "properties": {**s.feature["properties"], "layer": s.layer},
        }
        for s in shown
    ]
    doc = {"type": "FeatureCollection", "features": features}
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")


def source_text(source: dict[str, Any]) -> str:
    """A source as 'title — publisher, date, url', leaving out what is missing."""
    parts = (source["publisher"], source.get("date"), source.get("url"))
    return f"{source['title']} — " + ", ".join(str(p) for p in parts if p)


# A text cell starting with one of these is read as a formula by spreadsheets (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> Any:
    """A text cell that a spreadsheet shows as text: a leading formula character gets a quote before it."""
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_START) else value


def csv_row(item: Shown) -> dict[str, Any]:
    """One CSV row for a shown feature; text that could run as a spreadsheet formula is neutralised."""
    props, geometry = item.feature["properties"], item.feature["geometry"]
    row = {key: props[key] for key in CSV_COLUMNS if key in props}
    row.update(
        id=item.feature["id"],
        layer=item.layer,
        sections=";".join(props["sections"]),
        actors=";".join(props["actors"]),
        sources=" | ".join(source_text(s) for s in props["sources"]),
        wkt=shapely.to_wkt(shape(geometry), rounding_precision=-1),
    )
    if geometry["type"] == "Point":
        row["lon"], row["lat"] = geometry["coordinates"][:2]
    return {key: csv_safe(value) for key, value in row.items()}


def to_csv(shown: list[Shown]) -> bytes:
    """One row per shown feature under a header row, in plain UTF-8."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    writer.writerows(csv_row(s) for s in shown)
    return out.getvalue().encode("utf-8")


def kml_colour(hex_colour: str, opacity: float) -> str:
    """A '#rrggbb' colour and an opacity as KML's aabbggrr."""
    rr, gg, bb = hex_colour[1:3], hex_colour[3:5], hex_colour[5:7]
    return f"{round(max(0.0, min(1.0, opacity)) * 255):02x}{bb}{gg}{rr}".lower()


def _sub(parent: ET.Element, tag: str, text: Any = None, **attrib: str) -> ET.Element:
    """Add a child element, with its text if given (ElementTree escapes it)."""
    child = ET.SubElement(parent, tag, attrib)
    if text is not None:
        child.text = str(text)
    return child


def kml_style(style_id: str, style: dict[str, Any], is_point: bool) -> ET.Element:
    """A KML Style from Leaflet path options; the balloon shows only the escaped description."""
    el = ET.Element("Style", id=style_id)
    if is_point:
        icon = _sub(el, "IconStyle")
        colour = style["fillColor"] if style.get("fill", True) else style["color"]
        _sub(icon, "color", kml_colour(colour, style["opacity"]))
        _sub(icon, "scale", f"{style.get('radius', 6) / 8:.2f}")
        _sub(_sub(icon, "Icon"), "href", KML_POINT_ICON)
    line = _sub(el, "LineStyle")
    _sub(line, "color", kml_colour(style["color"], style["opacity"]))
    _sub(line, "width", style.get("weight", 2))
    poly, fill = _sub(el, "PolyStyle"), style.get("fillOpacity", 0.0)
    _sub(poly, "color", kml_colour(style.get("fillColor", style["color"]), fill))
    _sub(poly, "fill", int(fill > 0))
    _sub(poly, "outline", 1)
    _sub(_sub(el, "BalloonStyle"), "text", "$[description]")
    return el


def _coords(points: list[list[float]]) -> str:
    """KML coordinates: 'lon,lat' tuples separated by spaces, at full precision."""
    return " ".join(",".join(repr(float(v)) for v in p[:2]) for p in points)


def kml_geometry(parent: ET.Element, geometry: dict[str, Any]) -> None:
    """Add a GeoJSON geometry as KML; Multi* become a MultiGeometry of their parts."""
    kind, coords = geometry["type"], geometry["coordinates"]
    if kind.startswith("Multi"):
        multi = _sub(parent, "MultiGeometry")
        for part in coords:
            kml_geometry(multi, {"type": kind.removeprefix("Multi"), "coordinates": part})
    elif kind == "Point":
        _sub(_sub(parent, "Point"), "coordinates", _coords([coords]))
    elif kind == "LineString":
        line = _sub(parent, "LineString")
        _sub(line, "tessellate", 1)
        _sub(line, "coordinates", _coords(coords))
    elif kind == "Polygon":
        poly = _sub(parent, "Polygon")
        for i, ring in enumerate(coords):
            boundary = _sub(poly, "innerBoundaryIs" if i else "outerBoundaryIs")
            _sub(_sub(boundary, "LinearRing"), "coordinates", _coords(ring))
    else:
        raise ValueError(f"KML export: unsupported geometry type {kind!r}")


def kml_placemark(item: Shown, style_id: str) -> ET.Element:
    """One Placemark: name, escaped HTML description, time span, style, data and geometry."""
    props = item.feature["properties"]
    mark = ET.Element("Placemark")
    _sub(mark, "name", props["name"])
    _sub(mark, "description", popup_html(item.layer, props))
    if props.get("date_from") or props.get("date_to"):
        span = _sub(mark, "TimeSpan")
        for tag, key in (("begin", "date_from"), ("end", "date_to")):
            if props.get(key):
                _sub(span, tag, props[key])
    _sub(mark, "styleUrl", f"#{style_id}")
    data = _sub(mark, "ExtendedData")
    for name, value in (
        ("id", item.feature["id"]),
        ("layer", item.layer),
        ("confidence", props["confidence"]),
        ("accuracy_km", props["accuracy_km"]),
        ("sources", len(props["sources"])),
    ):
        _sub(_sub(data, "Data", name=name), "value", value)
    kml_geometry(mark, item.feature["geometry"])
    return mark


def to_kml(shown: list[Shown], title: str) -> bytes:
    """A KML 2.2 document: shared Styles, then one Folder per layer with one Placemark each."""
    root = ET.Element("kml", xmlns=KML_NS)
    doc = _sub(root, "Document")
    _sub(doc, "name", title)
    styles: dict[str, str] = {}
    folders: dict[str, ET.Element] = {}
    for item in shown:
        style = style_for(item.layer, item.feature["properties"], item.dimmed)
        is_point = item.feature["geometry"]["type"] == "Point"
        key = json.dumps([is_point, style], sort_keys=True)
        if key not in styles:
            styles[key] = f"style-{len(styles) + 1}"
            doc.append(kml_style(styles[key], style, is_point))
        if item.layer not in folders:
            folders[item.layer] = ET.Element("Folder", id=f"layer-{item.layer}")
            _sub(folders[item.layer], "name", LAYER_TITLES.get(item.layer, item.layer))
        folders[item.layer].append(kml_placemark(item, styles[key]))
    doc.extend(folders.values())
    ET.indent(root)
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True)


def asset_path(url: str) -> str:
    """The vendored file, or the map script of our own, behind a CDN or a localized URL (any prefix, then its path)."""
    if url.rsplit("/", 1)[-1] == RUNTIME:
        return RUNTIME
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


def to_html(m: folium.Map) -> bytes:
    """The map as one HTML file that loads no script or stylesheet from anywhere."""
    # Render a copy, as folium's render adds script lines to the tree; share the read-only GeoJSON.
    data = {id(e.data): e.data for e in _elements(m.get_root()) if isinstance(e, folium.GeoJson)}
    head, sep, body = copy.deepcopy(m, data).get_root().render().partition("</head>")
    page = STYLE_LINK.sub(_inlined, SCRIPT_TAG.sub(_inlined, head)) + sep + body
    if ANY_ASSET_REF.search(page):
        raise ValueError("standalone HTML: a script or stylesheet reference is left after inlining")
    return page.encode("utf-8")
