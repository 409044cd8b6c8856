"""Exports of a selection: GeoJSON and KML read back through GDAL, CSV round-trips, HTML offline."""

from __future__ import annotations

import copy
import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import folium
import folium.elements
import pyogrio
import pytest
import shapely
from shapely.geometry import shape

from dashboard.basemap import load_basemap_layers
from dashboard.config import CHROMIUM, CHROMIUM_ARGS
from dashboard.exports import kml_colour, source_text, to_csv, to_geojson, to_html, to_kml
from dashboard.filters import Shown, shown_features
from dashboard.mapview import build_map
from dashboard.offline import localize_folium
from dashboard.popups import LAYER_TITLES
from dashboard.styles import style_for
from dashboard.urlstate import ViewState

SECTIONS = ("strikes", "deconfliction")
EVIL = "<script>alert(1)</script>"
TRICKY = 'Arida, the "northern" crossing'
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
K = {"k": "http://www.opengis.net/kml/2.2"}
DRAWN_IDS = """() => { const key = Object.keys(window).find(k => k.startsWith("map_"));
  if (!key || !window[key]) return null; const ids = new Set();
  Object.values(window[key]._layers).forEach(l => {
    const p = l.feature && l.feature.properties; if (p && p.id) ids.add(p.id); });
  return [...ids].sort(); }"""
OPEN_POPUP = """(id) => { const map = window[Object.keys(window).find(k => k.startsWith("map_"))];
  const layer = Object.values(map._layers).find(l => l.feature && l.feature.properties.id === id);
  const at = layer.getLatLng ? layer.getLatLng() : layer.getBounds().getCenter();
  layer.fire("click", {latlng: at}, true);  // bubbles to the GeoJson group that holds the popup
  const box = document.querySelector(".leaflet-popup-content");
  return box && {title: box.querySelector("h4").textContent,
                 scripts: box.querySelectorAll("script").length}; }"""


def selection(layers, section: str) -> list[Shown]:
    """The features shown for a section with the rest hidden."""
    return shown_features(layers, ViewState(section=section, others="hide"))


def renamed(item: Shown, name: str, feature_id: str, **props) -> Shown:
    """A copy of a shown feature under a new id and name (the original is never touched)."""
    feature = copy.deepcopy(item.feature)
    feature["id"] = feature["properties"]["id"] = feature_id
    feature["properties"].update(name=name, **props)
    return Shown(item.layer, feature, item.dimmed)


def same_shape(a, b) -> bool:
    """Whether two geometries are the same shape, whatever their winding and starting vertex."""
    return shapely.normalize(shapely.force_2d(a)).equals_exact(shapely.normalize(b), tolerance=1e-6)


def geometries(shown: list[Shown]) -> dict:
    """The shapely geometry of every shown feature, by id."""
    return {s.feature["id"]: shape(s.feature["geometry"]) for s in shown}


@pytest.fixture(scope="module")
def basemap():
    """The embedded basemap layers."""
    return load_basemap_layers()[0]


@pytest.mark.parametrize("section", SECTIONS)
def test_geojson_reads_back_through_gdal(layers, section, tmp_path) -> None:
    shown = selection(layers, section)
    data = to_geojson(shown)
    doc = json.loads(data)
    assert doc["type"] == "FeatureCollection" and "crs" not in doc
    assert [f["id"] for f in doc["features"]] == [s.feature["id"] for s in shown]
    for item, feature in zip(shown, doc["features"]):
        assert feature["properties"] == {**item.feature["properties"], "layer": item.layer}
        geom = shape(feature["geometry"])
        assert same_shape(geom, shape(item.feature["geometry"]))
        polygons = [p for p in shapely.get_parts(geom) if p.geom_type == "Polygon"]
        assert all(p.exterior.is_ccw for p in polygons), "RFC 7946: outer rings anticlockwise"
    path = tmp_path / "selection.geojson"
    path.write_bytes(data)
    frame = pyogrio.read_dataframe(path)
    expected = geometries(shown)
    assert sorted(frame["id"]) == sorted(expected)
    for fid, geom in zip(frame["id"], frame.geometry):
        assert same_shape(geom, expected[fid]), fid


@pytest.mark.parametrize("section", SECTIONS)
def test_kml_reads_back_through_gdal_one_layer_per_folder(layers, section, tmp_path) -> None:
    shown = selection(layers, section)
    path = tmp_path / "selection.kml"
    path.write_bytes(to_kml(shown, f"Briefing map: {section}"))
    names = [name for name, _ in pyogrio.list_layers(path)]
    assert names == list(dict.fromkeys(LAYER_TITLES[s.layer] for s in shown))
    expected, seen = geometries(shown), []
    for name in names:
        frame = pyogrio.read_dataframe(path, layer=name)
        for fid, geom in zip(frame["id"], frame.geometry):
            assert same_shape(geom, expected[fid]), fid
            seen.append(fid)
    assert sorted(seen) == sorted(expected)


def test_kml_placemarks_carry_style_time_and_data(layers) -> None:
    shown = selection(layers, "strikes")
    doc = ET.fromstring(to_kml(shown, "Strikes"))
    styles = {s.get("id"): s for s in doc.iterfind(".//k:Style", K)}
    marks = {m.findtext(".//k:Data[@name='id']/k:value", namespaces=K): m for m in doc.iterfind(".//k:Placemark", K)}
    assert sorted(marks) == sorted(s.feature["id"] for s in shown)
    for item in shown:
        props, mark = item.feature["properties"], marks[item.feature["id"]]
        data = {d.get("name"): d.findtext("k:value", namespaces=K) for d in mark.iterfind(".//k:Data", K)}
        assert data == {
            "id": props["id"],
            "layer": item.layer,
            "confidence": props["confidence"],
            "accuracy_km": str(props["accuracy_km"]),
            "sources": str(len(props["sources"])),
        }
        assert mark.findtext("k:name", namespaces=K) == props["name"]
        assert mark.findtext("k:TimeSpan/k:begin", namespaces=K) == props["date_from"]
        assert mark.findtext("k:TimeSpan/k:end", namespaces=K) == props["date_to"]
        style = styles[mark.findtext("k:styleUrl", namespaces=K).removeprefix("#")]
        expected = style_for(item.layer, props)
        line = kml_colour(expected["color"], expected["opacity"])
        assert style.findtext("k:LineStyle/k:color", namespaces=K) == line
        assert style.findtext("k:LineStyle/k:width", namespaces=K) == str(expected["weight"])


@pytest.mark.parametrize(
    ("colour", "opacity", "kml"),
    [
        ("#0072B2", 1.0, "ffb27200"),
        ("#E69F00", 0.5, "80009fe6"),
        ("#000000", 0.0, "00000000"),
    ],
)
def test_kml_colour_is_aabbggrr(colour: str, opacity: float, kml: str) -> None:
    assert kml_colour(colour, opacity) == kml


@pytest.mark.parametrize("section", SECTIONS)
def test_csv_round_trips(layers, section) -> None:
    shown = selection(layers, section)
    shown = [renamed(shown[0], TRICKY, "tricky-name", description="Two lines,\none cell.")] + shown
    data = to_csv(shown)
    assert not data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))
    assert [r["id"] for r in rows] == [s.feature["id"] for s in shown]
    for item, row in zip(shown, rows):
        props, geometry = item.feature["properties"], item.feature["geometry"]
        assert (row["name"], row["layer"]) == (props["name"], item.layer)
        assert row["description"] == props["description"]
        assert row["quote"] == (props.get("quote") or "")
        assert row["sections"].split(";") == props["sections"]
        assert row["sources"].split(" | ") == [source_text(s) for s in props["sources"]]
        assert same_shape(shapely.from_wkt(row["wkt"]), shape(geometry))
        if geometry["type"] == "Point":
            assert [float(row["lon"]), float(row["lat"])] == geometry["coordinates"]
        else:
            assert row["lon"] == row["lat"] == ""
    assert rows[0]["name"] == TRICKY


def test_csv_cells_cannot_run_as_spreadsheet_formulas(layers) -> None:
    formula = '=HYPERLINK("https://example.org/x","click")'
    item = renamed(selection(layers, "strikes")[0], formula, "formula-name", description="+1 and more", status="@x")
    row = next(csv.DictReader(io.StringIO(to_csv([item]).decode("utf-8"), newline="")))
    assert (row["name"], row["description"], row["status"]) == ("'" + formula, "'+1 and more", "'@x")
    assert float(row["lon"]) == item.feature["geometry"]["coordinates"][0]  # numbers stay numbers


def test_csv_source_text_names_title_publisher_date_and_url() -> None:
    source = {"title": "T", "publisher": "P", "date": "2024-10-05", "url": "https://example.org/a"}
    assert source_text(source) == "T — P, 2024-10-05, https://example.org/a"
    assert source_text({"title": "T", "publisher": "P", "date": None, "url": None}) == "T — P"


def test_evil_name_is_escaped_in_kml_and_html(layers, basemap) -> None:
    shown = [renamed(selection(layers, "strikes")[0], EVIL, "evil-feature")]
    kml = to_kml(shown, EVIL)
    html = to_html(build_map(shown, "offline", basemap)).decode("utf-8")
    assert b"<script" not in kml
    mark = ET.fromstring(kml).find(".//k:Placemark", K)
    assert mark.findtext("k:name", namespaces=K) == EVIL
    description = mark.findtext("k:description", namespaces=K)
    assert EVIL not in description and "&lt;script&gt;alert(1)&lt;/script&gt;" in description
    # In the HTML the escaped name travels inside the map's JSON data, so its "&" is JSON-encoded too.
    assert EVIL not in html and "\\u0026lt;script\\u0026gt;alert(1)\\u0026lt;/script\\u0026gt;" in html


def asset_classes(cls: type = folium.elements.JSCSSMixin) -> list[type]:
    """List cls and all its subclasses, recursively."""
    return [cls, *(sub for child in cls.__subclasses__() for sub in asset_classes(child))]


@pytest.fixture
def localized_folium():
    """Point folium at local asset URLs for one test, then put back whatever was there."""
    classes = {folium.Map, *asset_classes()}
    saved = {(c, a): c.__dict__[a] for c in classes for a in ("default_js", "default_css") if a in c.__dict__}
    localize_folium("assets/")
    yield
    for (cls, attr), value in saved.items():
        setattr(cls, attr, value)


def assert_self_contained(html: str) -> None:
    """Fail if the page would load a script, stylesheet or CSS asset from anywhere."""
    assert not re.search(r"<script[^>]*\ssrc=|<link[^>]*stylesheet", html, re.I)
    assert "sourceMappingURL" not in html
    css = "".join(re.findall(r"<style>(.*?)</style>", html, re.S))
    refs = {ref.split(",")[0] for _, ref in CSS_URL.findall(css)}
    assert {"data:image/png;base64", "data:image/svg+xml;base64"} <= refs
    assert all(ref.startswith(("data:", "#")) for ref in refs), refs


def test_html_inlines_cdn_assets(layers, basemap) -> None:
    m = build_map(selection(layers, "strikes"), "offline", basemap)
    assert_self_contained(to_html(m).decode())


def test_html_inlines_localized_assets(layers, basemap, localized_folium) -> None:
    m = build_map(selection(layers, "deconfliction"), "offline", basemap)
    assert 'src="assets/vendor/leaflet@1.9.3/dist/leaflet.js"' in m.get_root().render()
    assert_self_contained(to_html(m).decode())


def test_html_leaves_the_map_as_it_was(layers, basemap) -> None:
    m = build_map(selection(layers, "deconfliction"), "offline", basemap)
    assert to_html(m) == to_html(m)


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason=f"needs Chromium at {CHROMIUM}")
def test_standalone_html_draws_offline_in_chromium(layers, basemap, tmp_path) -> None:
    from playwright.sync_api import sync_playwright

    shown = selection(layers, "strikes")
    shown.append(renamed(shown[0], EVIL, "evil-feature"))
    path = tmp_path / "map.html"
    path.write_bytes(to_html(build_map(shown, "offline", basemap)))
    aborted, failed, dialogs, errors = [], [], [], []

    def route(r) -> None:
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            aborted.append(r.request.url)
            r.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))
        try:
            page = browser.new_page()
            page.route("**/*", route)
            page.on("requestfailed", lambda req: failed.append(req.url))
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(path.as_uri(), wait_until="load")
            page.wait_for_function(f"() => ({DRAWN_IDS})()?.length >= {len(shown)}", timeout=30_000)
            drawn = page.evaluate(DRAWN_IDS)
            popup = page.evaluate(OPEN_POPUP, "evil-feature")
            page.evaluate("document.fonts.ready")
        finally:
            browser.close()
    assert drawn == sorted(s.feature["id"] for s in shown)
    assert popup == {"title": EVIL, "scripts": 0}
    assert (aborted, failed, dialogs, errors) == ([], [], [], [])
