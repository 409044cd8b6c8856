"""The selection as KML 2.2 for Google Earth: one folder per layer, styles like the web map's."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

from dashboard.products.selection import Selection
from dashboard.products.team_layers import overlay_features
from dashboard.view.filters import Shown
from dashboard.view.grades import grade_fields
from dashboard.view.styles import style_for
from dashboard.web.html import popup_html

KML_NS = "http://www.opengis.net/kml/2.2"
# Google Earth's plain white circle, so the IconStyle colour tints it exactly.
KML_POINT_ICON = "https://maps.google.com/mapfiles/kml/shapes/placemark_circle.png"


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
    props = item.props
    mark = ET.Element("Placemark")
    _sub(mark, "name", props.name)
    _sub(mark, "description", popup_html(item.spec, props))
    if props.date_from or props.date_to:
        span = _sub(mark, "TimeSpan")
        for tag, day in (("begin", props.date_from), ("end", props.date_to)):
            if day:
                _sub(span, tag, day.isoformat())
    _sub(mark, "styleUrl", f"#{style_id}")
    data = _sub(mark, "ExtendedData")
    for name, value in (
        ("id", item.feature.id),
        ("layer", item.layer),
        ("confidence", props.confidence),
        ("credibility", props.credibility),
        *grade_fields(props).items(),
        ("accuracy_km", props.accuracy_km),
        ("sources", len(props.sources)),
    ):
        _sub(_sub(data, "Data", name=name), "value", value)
    kml_geometry(mark, item.feature.geometry)
    return mark


def overlay_folders(selection: Selection, doc: ET.Element) -> list[ET.Element]:
    """One Folder per team overlay, its Placemarks marked with their origin, its Styles added to the document."""
    folders: dict[int, ET.Element] = {}
    for feature in overlay_features(selection):
        overlay, is_point = feature.overlay, feature.geometry["type"] == "Point"
        style_id = f"team-overlay-{overlay.id}-{'point' if is_point else 'shape'}"
        if doc.find(f"Style[@id='{style_id}']") is None:
            doc.append(kml_style(style_id, feature.style, is_point))
        if overlay.id not in folders:
            folders[overlay.id] = ET.Element("Folder", id=f"team-overlay-{overlay.id}")
            _sub(folders[overlay.id], "name", f"Team overlay: {overlay.name}")
        mark = _sub(folders[overlay.id], "Placemark")
        _sub(mark, "name", feature.name)
        _sub(mark, "styleUrl", f"#{style_id}")
        data = _sub(mark, "ExtendedData")
        for name, value in (*feature.origin.items(), *feature.attributes.items()):
            _sub(_sub(data, "Data", name=str(name)), "value", "" if value is None else value)
        kml_geometry(mark, feature.geometry)
    return list(folders.values())


def to_kml(selection: Selection) -> bytes:
    """A KML 2.2 document: shared Styles, then one Folder per layer with one Placemark each."""
    root = ET.Element("kml", xmlns=KML_NS)
    doc = _sub(root, "Document")
    banner = selection.bundle.banner
    _sub(doc, "name", f"{banner.upper()} — {selection.heading}" if banner else selection.heading)
    if banner:
        _sub(doc, "description", f"This bundle is a {banner}: review every place before briefing from it.")
    extended, about = _sub(doc, "ExtendedData"), selection.about()  # where the export came from
    for name in ("article", "section", "data_version", "exported_at"):
        _sub(_sub(extended, "Data", name=name), "value", about[name])
    styles: dict[str, str] = {}
    folders: dict[str, ET.Element] = {}
    for item in selection.shown:
        style = style_for(item.spec, item.props, item.dimmed)
        key = json.dumps([item.feature.is_point, style], sort_keys=True)
        if key not in styles:
            styles[key] = f"style-{len(styles) + 1}"
            doc.append(kml_style(styles[key], style, item.feature.is_point))
        if item.layer not in folders:
            folders[item.layer] = ET.Element("Folder", id=f"layer-{item.layer}")
            _sub(folders[item.layer], "name", item.spec.title)
        folders[item.layer].append(kml_placemark(item, styles[key]))
    doc.extend(folders.values())
    doc.extend(overlay_folders(selection, doc))
    ET.indent(root)
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True)
