"""Exports of a selection: GeoJSON and KML read back through GDAL, CSV round-trips, HTML offline."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET

import folium
import folium.plugins
import pyogrio
import pytest
import shapely
from shapely.geometry import shape

from dashboard.config import CHROMIUM, CHROMIUM_ARGS
from dashboard.core.features import Feature
from dashboard.core.viewstate import ViewState
from dashboard.data.basemap import load_basemap_layers
from dashboard.data.bundles import data_version
from dashboard.products.csv_file import source_text, to_csv
from dashboard.products.geojson_file import to_geojson
from dashboard.products.html_map import map_html, to_html
from dashboard.products.kml_file import kml_colour, to_kml
from dashboard.products.selection import Selection
from dashboard.view.filters import Shown
from dashboard.view.grades import grade_fields
from dashboard.view.styles import style_for
from dashboard.web.mapview import build_map
from dashboard.web.offline import localize

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


def selection(bundle, layers, basemap, section: str, extra: list[Shown] = ()) -> Selection:
    """The export of a section with the rest hidden, with extra features appended."""
    plain = Selection(bundle, layers, basemap, ViewState(section=section, others="hide"))
    return Selection(bundle, layers, basemap, plain.state, shown=[*plain.shown, *extra]) if extra else plain


def renamed(item: Shown, name: str, feature_id: str, **props) -> Shown:
    """A copy of a shown feature under a new id and name (the original is never touched)."""
    properties = item.props.model_copy(update={"id": feature_id, "name": name, **props})
    return Shown(item.spec, Feature(properties, copy.deepcopy(item.feature.geometry)), item.dimmed)


def same_shape(a, b) -> bool:
    """Whether two geometries are the same shape, whatever their winding and starting vertex."""
    return shapely.normalize(shapely.force_2d(a)).equals_exact(shapely.normalize(b), tolerance=1e-6)


def geometries(shown: list[Shown]) -> dict:
    """The shapely geometry of every shown feature, by id."""
    return {s.feature.id: s.feature.shape for s in shown}


@pytest.fixture(scope="module")
def basemap():
    """The embedded basemap layers."""
    return load_basemap_layers()[0]


@pytest.fixture(scope="module")
def export(bundle, layers, basemap):
    """The export of a section, optionally with extra features."""
    return lambda section, extra=(): selection(bundle, layers, basemap, section, list(extra))


@pytest.mark.parametrize("section", SECTIONS)
def test_geojson_reads_back_through_gdal(export, section, tmp_path) -> None:
    chosen = export(section)
    data = to_geojson(chosen)
    doc = json.loads(data)
    assert doc["type"] == "FeatureCollection" and "crs" not in doc
    assert doc["briefing_map"]["article"] == chosen.bundle.id and doc["briefing_map"]["section"] == section
    assert [f["id"] for f in doc["features"]] == [s.feature.id for s in chosen.shown]
    for item, feature in zip(chosen.shown, doc["features"]):
        assert feature["properties"] == item.props.model_dump(mode="json") | grade_fields(item.props)
        geom = shape(feature["geometry"])
        assert same_shape(geom, item.feature.shape)
        polygons = [p for p in shapely.get_parts(geom) if p.geom_type == "Polygon"]
        assert all(p.exterior.is_ccw for p in polygons), "RFC 7946: outer rings anticlockwise"
    path = tmp_path / "selection.geojson"
    path.write_bytes(data)
    frame = pyogrio.read_dataframe(path)
    expected = geometries(chosen.shown)
    assert sorted(frame["id"]) == sorted(expected)
    for fid, geom in zip(frame["id"], frame.geometry):
        assert same_shape(geom, expected[fid]), fid


@pytest.mark.parametrize("section", SECTIONS)
def test_kml_reads_back_through_gdal_one_layer_per_folder(export, section, tmp_path) -> None:
    chosen = export(section)
    path = tmp_path / "selection.kml"
    path.write_bytes(to_kml(chosen))
    names = [name for name, _ in pyogrio.list_layers(path)]
    assert names == list(dict.fromkeys(s.spec.title for s in chosen.shown))
    expected, seen = geometries(chosen.shown), []
    for name in names:
        frame = pyogrio.read_dataframe(path, layer=name)
        for fid, geom in zip(frame["id"], frame.geometry):
            assert same_shape(geom, expected[fid]), fid
            seen.append(fid)
    assert sorted(seen) == sorted(expected)


def test_kml_placemarks_carry_style_time_and_data(export) -> None:
    chosen = export("strikes")
    doc = ET.fromstring(to_kml(chosen))
    assert doc.findtext("k:Document/k:name", namespaces=K) == "Israeli strikes on the crossings"
    styles = {s.get("id"): s for s in doc.iterfind(".//k:Style", K)}
    marks = {m.findtext(".//k:Data[@name='id']/k:value", namespaces=K): m for m in doc.iterfind(".//k:Placemark", K)}
    assert sorted(marks) == sorted(s.feature.id for s in chosen.shown)
    for item in chosen.shown:
        props, mark = item.props, marks[item.feature.id]
        data = {d.get("name"): d.findtext("k:value", namespaces=K) for d in mark.iterfind(".//k:Data", K)}
        assert data == {
            "id": props.id,
            "layer": item.layer,
            "confidence": props.confidence,
            "credibility": str(props.credibility),
            **{k: "" if v is None else str(v) for k, v in grade_fields(props).items()},
            "accuracy_km": str(props.accuracy_km),
            "sources": str(len(props.sources)),
        }
        assert mark.findtext("k:name", namespaces=K) == props.name
        assert mark.findtext("k:TimeSpan/k:begin", namespaces=K) == (props.date_from and props.date_from.isoformat())
        assert mark.findtext("k:TimeSpan/k:end", namespaces=K) == (props.date_to and props.date_to.isoformat())
        style = styles[mark.findtext("k:styleUrl", namespaces=K).removeprefix("#")]
        expected = style_for(item.spec, props)
        assert style.findtext("k:LineStyle/k:color", namespaces=K) == kml_colour(expected["color"], expected["opacity"])
        assert style.findtext("k:LineStyle/k:width", namespaces=K) == str(expected["weight"])


@pytest.mark.parametrize(
    ("colour", "opacity", "kml"),
    [("#0072B2", 1.0, "ffb27200"), ("#E69F00", 0.5, "80009fe6"), ("#000000", 0.0, "00000000")],
)
def test_kml_colour_is_aabbggrr(colour: str, opacity: float, kml: str) -> None:
    assert kml_colour(colour, opacity) == kml


@pytest.mark.parametrize("section", SECTIONS)
def test_csv_round_trips(export, section) -> None:
    first = export(section).shown[0]
    chosen = export(section, [renamed(first, TRICKY, "tricky-name", description="Two lines,\none cell.")])
    data = to_csv(chosen)
    assert not data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))
    assert [r["id"] for r in rows] == [s.feature.id for s in chosen.shown]
    for item, row in zip(chosen.shown, rows):
        props, geometry = item.props, item.feature.geometry
        assert (row["name"], row["layer"], row["article"]) == (props.name, item.layer, chosen.bundle.id)
        assert row["description"] == props.description and row["quote"] == (props.quote or "")
        assert row["sections"].split(";") == props.sections
        assert row["sources"].split(" | ") == [source_text(s) for s in props.sources]
        assert same_shape(shapely.from_wkt(row["wkt"]), item.feature.shape)
        if geometry["type"] == "Point":
            assert [float(row["lon"]), float(row["lat"])] == geometry["coordinates"]
        else:
            assert row["lon"] == row["lat"] == ""
    assert rows[-1]["name"] == TRICKY


def test_csv_cells_cannot_run_as_spreadsheet_formulas(export) -> None:
    formula = '=HYPERLINK("https://example.org/x","click")'
    item = renamed(export("strikes").shown[0], formula, "formula-name", description="+1 and more", status="@x")
    chosen = Selection(export("strikes").bundle, {}, {}, ViewState(), shown=[item])
    row = next(csv.DictReader(io.StringIO(to_csv(chosen).decode("utf-8"), newline="")))
    assert (row["name"], row["description"], row["status"]) == ("'" + formula, "'+1 and more", "'@x")
    assert float(row["lon"]) == item.feature.geometry["coordinates"][0]  # numbers stay numbers


def test_csv_source_text_names_title_publisher_date_and_url() -> None:
    from dashboard.core.features import Source

    source = Source(title="T", publisher="P", date="2024-10-05", url="https://example.org/a")
    assert source_text(source) == "[?] T — P, 2024-10-05, https://example.org/a"
    assert source_text(Source(title="T", publisher="P", reliability="C")) == "[C] T — P"


def test_evil_name_is_escaped_in_kml_and_html(export) -> None:
    chosen = export("strikes")
    chosen = Selection(chosen.bundle, chosen.layers, chosen.basemap, chosen.state, EVIL,
                       shown=[renamed(chosen.shown[0], EVIL, "evil-feature")])  # fmt: skip
    kml = to_kml(chosen)
    html = to_html(chosen).decode("utf-8")
    assert b"<script" not in kml
    mark = ET.fromstring(kml).find(".//k:Placemark", K)
    assert mark.findtext("k:name", namespaces=K) == EVIL
    description = mark.findtext("k:description", namespaces=K)
    assert EVIL not in description and "&lt;script&gt;alert(1)&lt;/script&gt;" in description
    # In the HTML the name travels as JSON text (drawn with textContent) and, in the popup, escaped.
    assert EVIL not in html and "\\u0026lt;script\\u0026gt;alert(1)\\u0026lt;/script\\u0026gt;" in html


def assert_self_contained(html: str) -> None:
    """Fail if the page would load a script, stylesheet or CSS asset from anywhere."""
    assert not re.search(r"<script[^>]*\ssrc=|<link[^>]*stylesheet", html, re.I)
    assert "sourceMappingURL" not in html
    css = "".join(re.findall(r"<style>(.*?)</style>", html, re.S))
    refs = {ref.split(",")[0] for _, ref in CSS_URL.findall(css)}
    assert {"data:image/png;base64", "data:image/svg+xml;base64"} <= refs
    assert all(ref.startswith(("data:", "#")) for ref in refs), refs


def test_html_inlines_every_asset(export) -> None:
    html = to_html(export("strikes")).decode()
    assert_self_contained(html)
    assert ".feature-popup" in html and "BriefingMap" in html, "the map's own script and stylesheet are inlined too"


def test_html_inlines_assets_whatever_their_prefix() -> None:
    m = folium.Map(tiles=None)
    folium.plugins.Fullscreen().add_to(m)
    localize(m, "assets/")
    assert 'src="assets/vendor/leaflet@1.9.3/dist/leaflet.js"' in m.get_root().render()
    assert_self_contained(map_html(m).decode())


def test_html_leaves_the_map_as_it_was(export) -> None:
    chosen = export("deconfliction")
    m = build_map(chosen.shown, "offline", chosen.basemap, chosen.view)
    assert map_html(m) == map_html(m)


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason=f"needs Chromium at {CHROMIUM}")
def test_standalone_html_draws_offline_in_chromium(export, tmp_path) -> None:
    from playwright.sync_api import sync_playwright

    chosen = export("strikes")
    chosen = export("strikes", [renamed(chosen.shown[0], EVIL, "evil-feature")])
    path = tmp_path / "map.html"
    path.write_bytes(to_html(chosen))
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
            page.wait_for_function(f"() => ({DRAWN_IDS})()?.length >= {len(chosen.shown)}", timeout=30_000)
            drawn = page.evaluate(DRAWN_IDS)
            popup = page.evaluate(OPEN_POPUP, "evil-feature")
            page.evaluate("document.fonts.ready")
            page.wait_for_function("() => document.querySelectorAll('.briefing-label-site').length > 3")
            # the legend fills once the map has settled into its frame (its rows are those in view)
            page.wait_for_function("() => document.querySelector('.briefing-legend')?.innerText.trim()", timeout=15_000)
            briefing = page.evaluate(
                """() => ({
                  title: document.querySelector('.briefing-title')?.innerText,
                  footer: document.querySelector('.briefing-footer')?.innerText,
                  legend: document.querySelector('.briefing-legend')?.innerText,
                  north: !!document.querySelector('.briefing-north'),
                  scale: !!document.querySelector('.leaflet-control-scale'),
                  sites: [...document.querySelectorAll('.briefing-label-site')].map(e => e.textContent),
                  sea: getComputedStyle(document.querySelector('.leaflet-container')).backgroundColor,
                  hillshade: document.querySelectorAll('img.briefing-hillshade').length,
                })"""
            )
        finally:
            browser.close()
    # a briefing product: title, as-of date and sources, legend, scale, north arrow, names, the app's colours
    assert "Israeli strikes on the crossings" in briefing["title"]
    assert "As of" in briefing["footer"] and "Sources" in briefing["footer"]
    assert "Israeli strike" in briefing["legend"] and briefing["north"] and briefing["scale"]
    assert any("Arida" in t for t in briefing["sites"]), briefing["sites"]
    assert briefing["sea"] == "rgb(219, 231, 240)", "the sea is the app's blue, not Leaflet's grey"
    assert briefing["hillshade"] == 1
    assert drawn == sorted(s.feature.id for s in chosen.shown)
    assert popup == {"title": EVIL, "scripts": 0}
    assert (aborted, failed, dialogs, errors) == ([], [], [], [])


def _grades(item: Shown) -> dict:
    """The grade fields a GIS should read back for a feature, as text."""
    fields = {"credibility": item.props.credibility, "confidence": item.props.confidence, **grade_fields(item.props)}
    return {k: ("" if v is None else str(v)) for k, v in fields.items()}


def _read_back(frame, fid: str, names) -> dict:
    """A feature's grade fields as GDAL read them, as text (GDAL types a column as it likes)."""
    row = frame.loc[frame["id"] == fid].iloc[0]
    return {k: "" if row[k] is None or row[k] != row[k] else str(row[k]) for k in names}


@pytest.mark.parametrize("fmt", ["geojson", "kml"])
def test_grades_read_back_through_gdal(export, fmt, tmp_path) -> None:
    chosen = export("strikes")
    path = tmp_path / f"selection.{fmt}"
    path.write_bytes(to_geojson(chosen) if fmt == "geojson" else to_kml(chosen))
    layer_names = [None] if fmt == "geojson" else [name for name, _ in pyogrio.list_layers(path)]
    frames = [pyogrio.read_dataframe(path, layer=name) for name in layer_names]
    disputed = [s for s in chosen.shown if s.props.disputes]
    assert disputed, "the strikes section holds disputed claims"
    for item in chosen.shown:
        frame = next(f for f in frames if item.feature.id in set(f["id"]))
        got = _read_back(frame, item.feature.id, _grades(item))
        want = _grades(item)
        if fmt == "geojson":  # GDAL reads JSON booleans and integers as such
            got["disputed"] = str(got["disputed"] in ("True", "1"))
            got["credibility"] = str(int(float(got["credibility"])))
        assert got == want, item.feature.id


def test_csv_carries_the_grades(export) -> None:
    chosen = export("strikes")
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(to_csv(chosen).decode("utf-8"), newline=""))}
    for item in chosen.shown:
        row = rows[item.feature.id]
        assert {k: row[k] for k in _grades(item)} == _grades(item)
        assert row["credibility_reason"] == item.props.credibility_reason
        assert [s.split(" ", 1)[0] for s in row["sources"].split(" | ")] == [
            f"[{s.reliability}]" for s in item.props.sources
        ]
    assert any(row["disputed"] == "True" and "date:" in row["dispute_summary"] for row in rows.values())


def test_every_export_says_which_article_data_and_time_it_comes_from(export, tmp_path) -> None:
    """A later comparison needs to know what an export was made from: article, data version, export time."""
    chosen = export("strikes")
    version = data_version(chosen.bundle)
    assert re.fullmatch(r"[0-9a-f]{16}", version)
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    about = json.loads(to_geojson(chosen))["briefing_map"]
    assert about["article"] == chosen.bundle.id and about["data_version"] == version
    stamped = dt.datetime.fromisoformat(about["exported_at"])
    assert stamped.tzinfo is not None and before <= stamped <= dt.datetime.now(dt.UTC)
    rows = list(csv.DictReader(io.StringIO(to_csv(chosen).decode("utf-8"))))
    assert {(r["article"], r["data_version"]) for r in rows} == {(chosen.bundle.id, version)}
    assert all(dt.datetime.fromisoformat(r["exported_at"]).tzinfo is not None for r in rows)
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    document = ET.fromstring(to_kml(chosen)).find("k:Document", ns)
    kml = {d.get("name"): d.findtext("k:value", namespaces=ns) for d in document.find("k:ExtendedData", ns)}
    assert kml["article"] == chosen.bundle.id and kml["data_version"] == version and kml["section"] == "strikes"


def test_slides_and_the_html_map_carry_where_they_came_from_in_their_metadata(export) -> None:
    from PIL import Image
    from pypdf import PdfReader

    from dashboard.products import registry

    chosen = export("strikes")
    version = data_version(chosen.bundle)
    expected = f"article={chosen.bundle.id}; section=strikes; data_version={version}; exported_at="
    pdf = PdfReader(io.BytesIO(registry.render("pdf", chosen))).metadata
    assert pdf.subject.startswith(expected)
    png = Image.open(io.BytesIO(registry.render("png", chosen)))
    assert png.text["Source"].startswith(expected)
    page = registry.render("html", chosen).decode("utf-8")
    assert f'<meta name="briefing-map:data_version" content="{version}">' in page
    assert f'<meta name="briefing-map:article" content="{chosen.bundle.id}">' in page


def test_the_data_version_changes_with_any_layer_file_and_only_then(tiny_bundle) -> None:
    first = data_version(tiny_bundle)
    assert data_version(tiny_bundle) == first
    layer = next(tiny_bundle.layers_dir.glob("*.geojson"))
    layer.write_bytes(layer.read_bytes().replace(b'"features"', b'"features" ', 1))
    assert data_version(tiny_bundle) != first
