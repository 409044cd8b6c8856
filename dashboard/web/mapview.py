"""Pure map building: a constant base map that holds the features, and a small state per rerun; no Streamlit."""

from __future__ import annotations

import functools
import json
import math
import re
from pathlib import Path
from typing import Any

import folium
import folium.plugins
import xyzservices.providers as xyz

from dashboard.core.manifest import Bounds
from dashboard.data.basemap import HILLSHADE
from dashboard.view.filters import Shown
from dashboard.view.labels import Label
from dashboard.web import controls, html, mapdata
from dashboard.web.offline import ASSET_PREFIX, bundle_scripts, localize

MAP_SIZE_PX = (620, 600)
ONLINE_TILES = {
    "osm": ("OpenStreetMap", xyz.OpenStreetMap.Mapnik),
    "carto-light": ("CARTO light", xyz.CartoDB.Positron),
    "esri-imagery": ("Esri World Imagery", xyz.Esri.WorldImagery),
    "opentopomap": ("OpenTopoMap", xyz.OpenTopoMap),
}
BASEMAP_STYLES = {
    "world_countries": {"color": "#9a9a9a", "weight": 0.6, "fillColor": "#f2efe9", "fillOpacity": 1.0},
    # Filled only: the Levant's polygons are cut to a box, whose edges must not be drawn (levant_borders are).
    "levant_countries": {"stroke": False, "fillColor": "#f2efe9", "fillOpacity": 1.0},
    "levant_borders": {"color": "#7a7a7a", "weight": 0.8},
    # Governorate lines without the Levant box they were cut to (admin1.geojson holds the polygons).
    "admin1_lines": {"color": "#b8b0a0", "weight": 0.6, "dashArray": "3 3", "fill": False},
    "rivers": {"color": "#8cb4d9", "weight": 1.0},
    "lakes": {"color": "#8cb4d9", "weight": 0.5, "fillColor": "#c6dcef", "fillOpacity": 1.0},
    "syria_lebanon_border": {"color": "#555555", "weight": 1.6},
}
# The basemap's names: each label layer and the kind of name the browser writes from it.
BASEMAP_LABELS = {"country_labels": "countries", "admin1_labels": "regions", "towns": "towns"}
HILLSHADE_OPACITY = {"hillshade_world": 0.35, "hillshade_levant": 0.45}
# One terrain image at a time, so the finer Levant image never doubles the world's shading at its edge:
# [min, max] zoom of each (the Levant image covers any view from zoom 7 on the region).
HILLSHADE_ZOOMS = {"hillshade_world": [0, 6], "hillshade_levant": [7, 20]}
BASEMAP_ATTRIBUTION = "Natural Earth · © OpenStreetMap contributors (ODbL) · GeoNames (CC BY 4.0) · geoBoundaries"
SEA_COLOUR = "#dbe7f0"


def zoom_for_bounds(bounds: Bounds, size_px: tuple[int, int] = MAP_SIZE_PX) -> int:
    """The largest Web-Mercator zoom at which the bounds fit in a map of this size."""
    (south, west), (north, east) = bounds

    def merc(lat: float) -> float:
        lat = max(min(lat, 85.0), -85.0)
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    width_frac = (east - west) / 360.0
    height_frac = (merc(north) - merc(south)) / (2 * math.pi)
    zx = math.log2(size_px[0] / 256 / max(width_frac, 1e-9))
    zy = math.log2(size_px[1] / 256 / max(height_frac, 1e-9))
    return max(2, min(12, int(math.floor(min(zx, zy)))))


def centre_of(bounds: Bounds) -> tuple[float, float]:
    """The centre (lat, lon) of a bounds box."""
    (south, west), (north, east) = bounds
    return ((south + north) / 2, (west + east) / 2)


def _fixed(style: dict[str, Any], _feature: dict[str, Any]) -> dict[str, Any]:
    """Return a precomputed style (folium wants a callable)."""
    return style


def add_offline_basemap(m: folium.Map, basemap: dict[str, dict[str, Any]], static_prefix: str | None = None) -> None:
    """Draw the embedded basemap under everything else: fetched from the app's static files when a prefix is
    given (once, cached by the browser, never in a Streamlit message), else carried in the map."""
    # Doubled class: the rule must win over leaflet.css wherever the page inlines it (the standalone map).
    m.get_root().header.add_child(
        folium.Element(f"<style>.leaflet-container.leaflet-container {{ background: {SEA_COLOUR}; }}</style>")
    )
    names = [name for name in BASEMAP_STYLES if name in basemap]
    labels = [name for name in BASEMAP_LABELS if name in basemap]
    _add_hillshade(m, basemap.get(HILLSHADE, {}).get("images", []), static_prefix)
    if static_prefix is not None:
        layers = [{"url": f"{static_prefix}basemap/{name}.geojson", "style": BASEMAP_STYLES[name]} for name in names]
        layers += [{"url": f"{static_prefix}basemap/{name}.geojson", "labels": BASEMAP_LABELS[name]} for name in labels]
        controls.basemap(static_prefix, layers).add_to(m)
    else:
        controls.basemap_labels(ASSET_PREFIX, {BASEMAP_LABELS[name]: basemap[name] for name in labels}).add_to(m)
        # The same panes as the app's (briefing-map.js), so the hillshade lies on the land, under the lines.
        for i, name in enumerate(names):
            pane = f"briefing-basemap-{i}"
            folium.map.CustomPane(pane, z_index=210 + 2 * i, pointer_events=False).add_to(m)
            folium.GeoJson(
                basemap[name],
                name=name,
                style_function=functools.partial(_fixed, BASEMAP_STYLES[name]),
                control=False,
                interactive=False,
                smooth_factor=1.0,
                pane=pane,
            ).add_to(m)
    controls.attribution(BASEMAP_ATTRIBUTION, static_prefix or ASSET_PREFIX).add_to(m)


def _add_hillshade(m: folium.Map, images: list[dict[str, Any]], static_prefix: str | None) -> None:
    """The terrain under the lines: fetched from the static files, or carried as data URIs in a standalone map."""
    if not images:
        return
    calls = [
        {
            "url": f"{static_prefix}basemap/{image['file']}"
            if static_prefix is not None
            else f"data:image/jpeg;base64,{image['data']}",
            "bounds": image["bounds"],
            "opacity": HILLSHADE_OPACITY.get(image["name"], 0.35),
            "zooms": HILLSHADE_ZOOMS.get(image["name"], [0, 20]),
        }
        for image in images
    ]
    controls.hillshade(static_prefix or ASSET_PREFIX, calls).add_to(m)


def _plugins(m: folium.Map) -> None:
    """Full screen, measuring and the pointer's coordinates."""
    folium.plugins.Fullscreen(position="topleft").add_to(m)
    folium.plugins.MeasureControl(
        position="topleft",
        primary_length_unit="kilometers",
        secondary_length_unit="miles",
        primary_area_unit="sqkilometers",
    ).add_to(m)
    folium.plugins.MousePosition(
        position="bottomleft", separator=" , ", num_digits=4, prefix="lat , lon:", empty_string=""
    ).add_to(m)


def base_map(
    basemap_choice: str,
    basemap: dict[str, dict[str, Any]],
    view: Bounds,
    sync_url: bool = False,
    static_prefix: str | None = None,
    features_url: str | None = None,
    bundle_dir: Path | None = None,
) -> folium.Map:
    """The constant part of the map: background, controls, plugins and, given its URL, the feature document.
    Given the static folder (bundle_dir), its scripts load as one file written there."""
    lat, lon = centre_of(view)
    m = folium.Map(
        location=(lat, lon),
        zoom_start=zoom_for_bounds(view),
        tiles=None,
        control_scale=True,
        min_zoom=2,
        max_zoom=16,
        world_copy_jump=True,
    )
    # Leaflet alone: nothing here uses folium's jQuery, Bootstrap or Awesome Markers, which the browser
    # would otherwise load one after another before drawing.
    m.default_js = [(name, url) for name, url in m.default_js if name == "leaflet"]
    m.default_css = [(name, url) for name, url in m.default_css if name == "leaflet_css"]
    prefix = static_prefix or ASSET_PREFIX
    if features_url is not None:
        # First, so the browser fetches the features while it loads the basemap.
        controls.feature_layer(prefix, url=features_url).add_to(m)
    if basemap_choice in ONLINE_TILES:
        name, provider = ONLINE_TILES[basemap_choice]
        folium.TileLayer(provider, name=name, control=False).add_to(m)
    else:
        add_offline_basemap(m, basemap, static_prefix)
    _plugins(m)
    if sync_url:
        controls.view_sync(prefix).add_to(m)
    localize(m, prefix)
    if bundle_dir is not None:
        bundle_scripts(m, prefix, bundle_dir)
    return m


def state_group(
    index: dict[str, int],
    shown: list[Shown],
    selected: str | None = None,
    frame: html.SlideFrame | None = None,
    banner: str | None = None,
    labels: list[Label] | None = None,
    time: mapdata.Timeline | None = None,
    changes: mapdata.Changes | None = None,
) -> folium.FeatureGroup:
    """The rerun's state as the one feature group streamlit-folium swaps in: a few KB, whatever the data."""
    group = folium.FeatureGroup(name="View")
    state = mapdata.map_state(index, shown, selected, frame, banner, labels, time, changes)
    controls.MapState(state).add_to(group)
    return group


def build_map(
    shown: list[Shown],
    basemap_choice: str,
    basemap: dict[str, dict[str, Any]],
    bounds: Bounds,
    selected: str | None = None,
    banner: str | None = None,
    frame: html.SlideFrame | None = None,
    labels: list[Label] | None = None,
    time: mapdata.Timeline | None = None,
) -> folium.Map:
    """A complete standalone map: the base map with the shown features inline and their state, framed
    (title, date, source line, legend, north arrow) when given a frame."""
    doc, index = mapdata.browser_document(shown, with_popups=True)
    m = base_map(basemap_choice, basemap, bounds)
    controls.feature_layer(ASSET_PREFIX, data=doc).add_to(m)
    state_group(index, shown, selected, frame, banner, labels, time).add_to(m)
    m.fit_bounds([list(bounds[0]), list(bounds[1])])
    localize(m)
    return m


def _call_argument(script: str, call: str) -> dict[str, Any]:
    """The JSON argument of the first `call(<map>, {...})` in a generated script."""
    found = re.search(re.escape(call) + r"\s*[\w.$]+\s*,\s*(?=\{)", script)
    if found is None:
        raise ValueError(f"no {call}...) in the script")
    return json.JSONDecoder().raw_decode(script, found.end())[0]


def drawn_ids(script: str, feature_group: str, static_dir: Path) -> tuple[list[str], list[str]]:
    """The ids the browser draws from streamlit-folium's script and feature group, and those dimmed."""
    source = _call_argument(script, "BriefingMap.init(")
    doc = source.get("data") or json.loads((static_dir / source["url"].removeprefix(ASSET_PREFIX)).read_bytes())
    return mapdata.drawn(_call_argument(feature_group, "BriefingMap.state("), doc)
