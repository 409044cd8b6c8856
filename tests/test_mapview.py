"""build_map is pure: its structure says which features are drawn, where, and with what; nothing loads off-server."""

from __future__ import annotations

import json
import re

import folium

from dashboard.config import BASEMAP_DIR, STATIC_DIR
from dashboard.core.viewstate import ViewState
from dashboard.data.basemap import BASEMAP_LAYERS, HILLSHADE_SIDECAR, LABEL_LAYERS, load_basemap_layers
from dashboard.view.filters import shown_features
from dashboard.web import mapview
from dashboard.web.offline import external_urls

WORLD = ((20.0, 25.0), (58.0, 62.0))


def test_each_section_builds_a_map_with_its_features(layers, article, tmp_path):
    basemap, problems = load_basemap_layers()
    assert problems == []
    for section in (*article.section_ids, "all"):
        state = ViewState(section=section, others="dim")
        shown = shown_features(layers, state)
        m = mapview.build_map(shown, "offline", basemap, WORLD)
        html = m.get_root().render()
        drawn, dimmed = mapview.drawn_ids(html, html, tmp_path)
        assert sorted(drawn) == sorted(s.feature.id for s in shown)
        assert sorted(dimmed) == sorted(s.feature.id for s in shown if s.dimmed)
        assert external_urls(m) == set()
        assert 'src="http' not in html and 'stylesheet" href="http' not in html


def test_folium_itself_is_left_alone():
    mapview.base_map("offline", {}, WORLD)
    assert any(url.startswith("https://") for _, url in folium.Map.default_js), "folium's classes were patched"


def test_online_basemap_carries_its_attribution():
    html = mapview.base_map("osm", {}, WORLD).get_root().render()
    assert "tile.openstreetmap.org" in html and "OpenStreetMap" in html


def test_zoom_fits_the_section_bounds(article):
    zooms = {s.id: mapview.zoom_for_bounds(s.bounds) for s in article.sections}
    assert zooms["strikes"] > zooms["treaty"] > zooms["triangle-brics"]


def test_the_browser_basemap_is_a_light_copy_of_the_derived_one():
    for name in (*BASEMAP_LAYERS, *LABEL_LAYERS):
        web = json.loads((STATIC_DIR / "basemap" / f"{name}.geojson").read_text(encoding="utf-8"))
        full = json.loads((BASEMAP_DIR / f"{name}.geojson").read_text(encoding="utf-8"))
        assert [f["id"] for f in web["features"]] == [f["id"] for f in full["features"]], name
        assert (STATIC_DIR / "basemap" / f"{name}.geojson").stat().st_size <= (
            BASEMAP_DIR / f"{name}.geojson"
        ).stat().st_size
    for name in LABEL_LAYERS:  # points are not simplified: their properties and places are the derived ones
        web = json.loads((STATIC_DIR / "basemap" / f"{name}.geojson").read_text(encoding="utf-8"))
        full = json.loads((BASEMAP_DIR / f"{name}.geojson").read_text(encoding="utf-8"))
        assert [(f["properties"], f["geometry"]) for f in web["features"]] == [
            (f["properties"], f["geometry"]) for f in full["features"]
        ], name


def test_the_browser_gets_the_hillshade_unchanged():
    sidecar = json.loads((BASEMAP_DIR / HILLSHADE_SIDECAR).read_text(encoding="utf-8"))
    for file in (HILLSHADE_SIDECAR, *(image["file"] for image in sidecar["images"].values())):
        assert (STATIC_DIR / "basemap" / file).read_bytes() == (BASEMAP_DIR / file).read_bytes(), file


def test_the_app_map_fetches_its_basemap_and_script_instead_of_carrying_them():
    basemap, _ = load_basemap_layers()
    html = mapview.base_map("offline", basemap, WORLD, static_prefix="../../app/static/").get_root().render()
    assert len(html) < 60_000
    assert '"../../app/static/basemap/levant_countries.geojson"' in html
    assert '"fillColor": "#f2efe9"' in html and "BriefingMap.basemap(" in html
    assert "../../app/static/briefing-map.js" in html and "../../app/static/briefing-map.css" in html
    assert not re.search(r"jquery|bootstrap|fontawesome|awesome-markers", html, re.I)
