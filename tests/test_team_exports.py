"""The team's overlays in the GeoJSON, CSV and KML exports: every feature, marked with its origin, text kept safe."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest

from dashboard.core.team import OVERLAY_ORIGIN, TeamOverlay
from dashboard.core.viewstate import ViewState
from dashboard.products.csv_file import to_csv
from dashboard.products.geojson_file import to_geojson
from dashboard.products.kml_file import to_kml
from dashboard.products.selection import Selection

OVERLAY = TeamOverlay(
    7,
    "Checkpoints",
    "#0072b2",
    {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"name": "CP <1>", "note": "=HYPERLINK()"},
                "geometry": {"type": "Point", "coordinates": [36.1, 34.2]},
            },
            {
                "type": "Feature",
                "properties": {},
                "geometry": {"type": "LineString", "coordinates": [[36.0, 34.0], [36.2, 34.3]]},
            },
        ],
    },
)


@pytest.fixture()
def chosen(tiny_bundle, tiny_layers):
    return Selection(tiny_bundle, tiny_layers, {}, ViewState(), overlays=(OVERLAY,))


def test_geojson_carries_the_overlay_features_marked_with_their_origin(chosen):
    doc = json.loads(to_geojson(chosen))
    team = [f for f in doc["features"] if f["properties"].get("origin") == OVERLAY_ORIGIN]
    assert [f["id"] for f in team] == ["team-overlay-7-1", "team-overlay-7-2"]
    assert team[0]["properties"] == {
        "origin": OVERLAY_ORIGIN,
        "overlay": "Checkpoints",
        "name": "CP <1>",
        "attributes": {"name": "CP <1>", "note": "=HYPERLINK()"},
    }
    assert team[1]["properties"]["name"] == "Checkpoints 2"
    assert len(doc["features"]) == len(chosen.shown) + 2


def test_csv_rows_name_the_overlay_and_neutralise_formulas(chosen):
    rows = list(csv.DictReader(io.StringIO(to_csv(chosen).decode("utf-8"))))
    team = [r for r in rows if r["origin"] == OVERLAY_ORIGIN]
    assert [(r["overlay"], r["name"], r["lon"], r["lat"]) for r in team][0] == ("Checkpoints", "CP <1>", "36.1", "34.2")
    assert team[1]["wkt"].startswith("LINESTRING")
    assert all(not r["description"].startswith("=") for r in team)


def test_kml_has_a_folder_per_overlay_with_its_style(chosen):
    root = ET.fromstring(to_kml(chosen))
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    folder = root.find(".//k:Folder[@id='team-overlay-7']", ns)
    assert folder.find("k:name", ns).text == "Team overlay: Checkpoints"
    marks = folder.findall("k:Placemark", ns)
    assert [m.find("k:name", ns).text for m in marks] == ["CP <1>", "Checkpoints 2"]
    origin = marks[0].find("k:ExtendedData/k:Data[@name='origin']/k:value", ns).text
    assert origin == OVERLAY_ORIGIN
    assert root.find(".//k:Style[@id='team-overlay-7-point']", ns) is not None


def _pixels_near(png: bytes, colour: tuple[int, int, int]) -> int:
    """How many pixels of a PNG are within a few levels of a colour."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    return sum(n for n, rgb in image.getcolors(maxcolors=1 << 20) if max(abs(a - b) for a, b in zip(rgb, colour)) <= 6)


def test_slides_draw_the_overlays_in_their_colour_and_name_them_in_the_legend(chosen):
    import dataclasses

    from pypdf import PdfReader

    from dashboard.products import registry

    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(registry.render("pdf", chosen))).pages)
    assert "Team overlays" in text and "Checkpoints" in text
    blue = (0x00, 0x72, 0xB2)  # the overlay's colour, which nothing else on the tiny slide uses
    plain = dataclasses.replace(chosen, overlays=())
    assert _pixels_near(registry.render("png", plain), blue) == 0
    assert _pixels_near(registry.render("png", chosen), blue) > 100, "the overlay's line and point, in its colour"


@pytest.mark.browser
def test_the_standalone_map_draws_the_overlays_from_the_file_itself(chosen, tmp_path):
    from playwright.sync_api import sync_playwright

    from dashboard.config import CHROMIUM, CHROMIUM_ARGS
    from dashboard.products.html_map import to_html

    if not CHROMIUM.exists():
        pytest.skip(f"needs Chromium at {CHROMIUM}")
    path = tmp_path / "map.html"
    path.write_bytes(to_html(chosen))
    drawn = """() => { const m = Object.values(window).find(v => v instanceof L.Map), t = m && m._briefingTeam;
      return t ? Object.values(t.overlays).reduce((n, o) => n + (o.layer ? o.layer.getLayers().length : 0), 0) : 0; }"""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))
        try:
            page = browser.new_page()
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
            page.goto(path.as_uri(), wait_until="load")
            page.wait_for_function(f"() => ({drawn})() === 2", timeout=30_000)
            legend = page.evaluate("() => document.querySelector('.briefing-legend')?.innerText || ''")
        finally:
            browser.close()
    assert "Team overlays" in legend and "Checkpoints" in legend
