"""Pure map building: a static base map and dynamic feature groups; no Streamlit here."""

from __future__ import annotations

import functools
import math
import re
from typing import Any

import folium
import folium.plugins
import xyzservices.providers as xyz

from dashboard import popups
from dashboard.config import LAYERS, PRECISE_POINT_KM
from dashboard.filters import Shown
from dashboard.mapcontrols import Attribution, MapControl, OpenPopup, ViewSync
from dashboard.styles import accuracy_style, style_for

WORLD_VIEW = ((20.0, 25.0), (58.0, 62.0))
MAP_SIZE_PX = (620, 600)
ONLINE_TILES = {
    "osm": ("OpenStreetMap", xyz.OpenStreetMap.Mapnik),
    "carto-light": ("CARTO light", xyz.CartoDB.Positron),
    "esri-imagery": ("Esri World Imagery", xyz.Esri.WorldImagery),
    "opentopomap": ("OpenTopoMap", xyz.OpenTopoMap),
}
# Areas underneath, points on top: the draw order of the dynamic groups.
DRAW_ORDER = ("brics", "governorates", "corridors", "links", "crossings", "strikes", "places", "facilities")
LAYER_TITLES = {spec.id: spec.title for spec in LAYERS}
BASEMAP_STYLES = {
    "world_countries": {"color": "#9a9a9a", "weight": 0.6, "fillColor": "#f2efe9", "fillOpacity": 1.0},
    "levant_countries": {"color": "#7a7a7a", "weight": 0.8, "fillColor": "#f2efe9", "fillOpacity": 1.0},
    "admin1": {"color": "#b8b0a0", "weight": 0.6, "dashArray": "3 3", "fill": False},
    "rivers": {"color": "#8cb4d9", "weight": 1.0},
    "lakes": {"color": "#8cb4d9", "weight": 0.5, "fillColor": "#c6dcef", "fillOpacity": 1.0},
    "syria_lebanon_border": {"color": "#555555", "weight": 1.6},
}
BASEMAP_ATTRIBUTION = "Natural Earth · © OpenStreetMap contributors (ODbL)"
SEA_COLOUR = "#dbe7f0"


def zoom_for_bounds(
    bounds: tuple[tuple[float, float], tuple[float, float]], size_px: tuple[int, int] = MAP_SIZE_PX
) -> int:
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


def centre_of(bounds: tuple[tuple[float, float], tuple[float, float]]) -> tuple[float, float]:
    """The centre (lat, lon) of a bounds box."""
    (south, west), (north, east) = bounds
    return ((south + north) / 2, (west + east) / 2)


def _fixed(style: dict[str, Any], _feature: dict[str, Any]) -> dict[str, Any]:
    """Return a precomputed style (folium wants a callable)."""
    return style


def add_offline_basemap(m: folium.Map, basemap: dict[str, dict[str, Any]], static_prefix: str | None = None) -> None:
    """Draw the embedded basemap under everything else; from the app's static files when a prefix is given."""
    m.get_root().header.add_child(
        folium.Element(
            f"<style>.leaflet-container {{ background: {SEA_COLOUR}; }}"
            " .leaflet-control-attribution { font-size: 11px; }</style>"
        )
    )
    for name, style in BASEMAP_STYLES.items():
        if name in basemap:
            # Served from static files, the layer's features need not pass through folium: one feature is
            # enough for its (uniform) style, and spares every rerun the per-feature styling and bounds scan.
            data = (
                basemap[name] if static_prefix is None else {**basemap[name], "features": basemap[name]["features"][:1]}
            )
            layer = folium.GeoJson(
                data,
                name=name,
                style_function=functools.partial(_fixed, style),
                control=False,
                interactive=False,
                smooth_factor=1.0,
            )
            if static_prefix is not None:
                # Fetched once by the browser and cached, instead of riding in every Streamlit message.
                layer.embed, layer.embed_link = False, f"{static_prefix}basemap/{name}.geojson"
            layer.add_to(m)
    Attribution(BASEMAP_ATTRIBUTION).add_to(m)


def base_map(
    basemap_choice: str, basemap: dict[str, dict[str, Any]], sync_url: bool = False, static_prefix: str | None = None
) -> folium.Map:
    """The static part of the map: background, controls and plugins; it does not change with filters."""
    lat, lon = centre_of(WORLD_VIEW)
    m = folium.Map(
        location=(lat, lon),
        zoom_start=zoom_for_bounds(WORLD_VIEW),
        tiles=None,
        control_scale=True,
        min_zoom=2,
        max_zoom=16,
        world_copy_jump=True,
    )
    m.get_root().header.add_child(folium.Element(popups.POPUP_CSS))
    if basemap_choice in ONLINE_TILES:
        name, provider = ONLINE_TILES[basemap_choice]
        folium.TileLayer(provider, name=name, control=False).add_to(m)
    else:
        add_offline_basemap(m, basemap, static_prefix)
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
    if sync_url:
        ViewSync().add_to(m)
    return m


def feature_style(shown: Shown, selected: bool = False) -> dict[str, Any]:
    """The Leaflet style of one drawn feature, outlined in black when it is the selected one."""
    style = dict(style_for(shown.layer, shown.feature["properties"], shown.dimmed))
    if selected:
        style.update(weight=style.get("weight", 2) + 3, color="#000000", opacity=1.0)
    return style


def _style_by_id(styles: dict[str, dict[str, Any]], feature: dict[str, Any]) -> dict[str, Any]:
    """Look up a feature's precomputed style (folium wants a callable)."""
    return styles[feature["properties"]["id"]]


def _browser_feature(shown: Shown) -> dict[str, Any]:
    """The feature as the browser needs it: geometry, identity and its escaped tooltip and popup HTML."""
    props = shown.feature["properties"]
    return {
        "type": "Feature",
        "id": props["id"],
        "geometry": shown.feature["geometry"],
        "properties": {
            "id": props["id"],
            "layer": shown.layer,
            "tooltip": popups.tooltip_html(shown.layer, props),
            "popup": popups.popup_html(shown.layer, props),
        },
    }


def layer_geojson(name: str, members: list[Shown], selected: str | None = None) -> folium.GeoJson:
    """Features of one layer as one clickable GeoJson: per-feature style, tooltip and popup."""
    styles = {s.feature["id"]: feature_style(s, s.feature["id"] == selected) for s in members}
    points = members[0].feature["geometry"]["type"] == "Point"
    layer = folium.GeoJson(
        {"type": "FeatureCollection", "features": [_browser_feature(s) for s in members]},
        name=name,
        marker=folium.CircleMarker(radius=6) if points else None,
        style_function=functools.partial(_style_by_id, styles),
        control=False,
    )
    folium.GeoJsonTooltip(fields=["tooltip"], labels=False, sticky=True, localize=False).add_to(layer)
    folium.GeoJsonPopup(
        fields=["popup"], labels=False, localize=False, max_width=420, auto_pan_padding_top_left=(60, 10)
    ).add_to(layer)
    return layer


def accuracy_circle(shown: Shown) -> folium.Circle | None:
    """The uncertainty circle of an approximate point, or None for a precise one."""
    props, geometry = shown.feature["properties"], shown.feature["geometry"]
    if geometry["type"] != "Point" or props["accuracy_km"] < PRECISE_POINT_KM or props["location"] == "sourced":
        return None
    lon, lat = geometry["coordinates"]
    return folium.Circle(
        (lat, lon), radius=props["accuracy_km"] * 1000, **accuracy_style(shown.layer, props, shown.dimmed)
    )


def feature_groups(
    shown: list[Shown], selected: str | None = None, frame: popups.SlideFrame | None = None
) -> list[folium.FeatureGroup]:
    """Feature groups in draw order: every layer's areas and lines, then every layer's points, then the legend."""
    groups = []
    for points in (False, True):
        for layer_id in DRAW_ORDER:
            members = [s for s in shown if s.layer == layer_id and (s.feature["geometry"]["type"] == "Point") == points]
            if not members:
                continue
            name = LAYER_TITLES[layer_id] + (" · points" if points else "")
            group = folium.FeatureGroup(name=name)
            # Dimmed features first, so the ones in focus are drawn over them.
            layer_geojson(name, sorted(members, key=lambda s: not s.dimmed), selected).add_to(group)
            groups.append(group)
    circles = [c for c in map(accuracy_circle, shown) if c is not None]
    if circles:
        # Uncertainty circles go under everything that can be clicked.
        under = folium.FeatureGroup(name="Location uncertainty")
        for circle in circles:
            circle.add_to(under)
        groups.insert(0, under)
    legend = folium.FeatureGroup(name="Legend")
    MapControl(popups.legend_html(shown)).add_to(legend)
    if frame is not None:
        MapControl(popups.title_html(frame), "topright", "briefing-title").add_to(legend)
        MapControl(popups.footer_html(frame), "bottomleft", "briefing-footer").add_to(legend)
        MapControl(popups.NORTH_ARROW, "topleft", "briefing-north").add_to(legend)
    if selected and any(s.feature["id"] == selected for s in shown):
        OpenPopup(selected).add_to(legend)
    groups.append(legend)
    return groups


def build_map(
    shown: list[Shown],
    basemap_choice: str,
    basemap: dict[str, dict[str, Any]],
    bounds: tuple[tuple[float, float], tuple[float, float]] | None = None,
    selected: str | None = None,
) -> folium.Map:
    """A complete standalone map: the base map with every feature group added."""
    m = base_map(basemap_choice, basemap)
    for group in feature_groups(shown, selected):
        group.add_to(m)
    if bounds is not None:
        m.fit_bounds([list(bounds[0]), list(bounds[1])])
    return m


PAYLOAD_ID = re.compile(r'"properties":\s*\{"id":\s*"([^"]+)",\s*"layer":\s*"([^"]+)"')


def payload_ids(script: str) -> list[str]:
    """The feature ids drawn by a generated Leaflet script, in order."""
    return [m.group(1) for m in PAYLOAD_ID.finditer(script)]


def payload_layers(script: str) -> dict[str, list[str]]:
    """The feature ids drawn by a generated Leaflet script, by layer."""
    out: dict[str, list[str]] = {}
    for m in PAYLOAD_ID.finditer(script):
        out.setdefault(m.group(2), []).append(m.group(1))
    return out
