"""The floor: the same map drawn the plain folium way with streamlit-folium, and nothing else on the page.

A folium.Map with folium's default assets, the same basemap files loaded by folium.GeoJson from
the app's static folder, the same controls, and each layer as one folium.GeoJson with its style,
tooltip and popup, all passed to st_folium. Run by benchmarks/run.py from a temp folder that also
holds a copy of dashboard/static, because Streamlit serves /app/static from the entry script's
own folder.

BRIEFING_MAP_FLOOR=lean draws the same features on the dashboard's own base map instead (Leaflet
only, the basemap fetched without blocking): what the floor would be with the dashboard's map.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import folium
import folium.plugins
import streamlit as st
from streamlit_folium import st_folium

from dashboard import config as c
from dashboard.core.viewstate import ViewState
from dashboard.data.basemap import load_basemap_layers
from dashboard.data.bundles import load_bundle
from dashboard.data.layers import load_layers
from dashboard.view import filters
from dashboard.view.styles import style_for
from dashboard.web import html, mapview
from dashboard.web.offline import ASSET_PREFIX, localize

ARTICLE = "iran-russia-too-close-for-comfort"
st.set_page_config(page_title="Bare map", layout="wide", initial_sidebar_state="collapsed")
DATA_ROOT = Path(os.environ.get(c.ENV_DATA_ROOT) or c.DATA_ROOT)
WORLD = load_bundle(DATA_ROOT, ARTICLE).manifest.views.world


@st.cache_data
def layer_data(root: str):
    """Every valid feature, loaded exactly as the dashboard loads it."""
    return load_layers(load_bundle(Path(root), ARTICLE))[0]


@st.cache_data
def basemap_data():
    """The embedded basemap layers."""
    return load_basemap_layers(c.BASEMAP_DIR)[0]


def _style(feature: dict[str, Any]) -> dict[str, Any]:
    return feature["properties"]["style"]


def plain_base_map() -> folium.Map:
    """folium's defaults: its assets, its synchronous GeoJson loading, the same controls."""
    m = folium.Map(tiles=None, control_scale=True, min_zoom=2, max_zoom=16, world_copy_jump=True)
    m.get_root().header.add_child(
        folium.Element(f"<style>.leaflet-container{{background:{mapview.SEA_COLOUR}}}</style>")
    )
    for name, style in mapview.BASEMAP_STYLES.items():
        layer = folium.GeoJson(
            {"type": "FeatureCollection", "features": basemap_data()[name]["features"][:1]},
            style_function=lambda _f, style=style: style,
            interactive=False,
        )
        layer.embed, layer.embed_link = False, f"{ASSET_PREFIX}basemap/{name}.geojson"
        layer.add_to(m)
    folium.plugins.Fullscreen(position="topleft").add_to(m)
    folium.plugins.MeasureControl(position="topleft", primary_length_unit="kilometers").add_to(m)
    folium.plugins.MousePosition(position="bottomleft").add_to(m)
    return m


def plain_map(shown: list[filters.Shown]) -> folium.Map:
    """The base map with one GeoJson per layer: per-feature style, tooltip and popup."""
    if os.environ.get("BRIEFING_MAP_FLOOR") == "lean":
        m = mapview.base_map(state.basemap, basemap_data(), WORLD, static_prefix=ASSET_PREFIX)
    else:
        m = plain_base_map()
    for layer in dict.fromkeys(s.layer for s in shown):
        members = [s for s in shown if s.layer == layer]
        points = members[0].feature.is_point
        features = [
            {
                "type": "Feature",
                "geometry": s.feature.geometry,
                "properties": {
                    "id": s.feature.id,
                    "style": style_for(s.spec, s.props),
                    "tooltip": f"{s.props.name} · {s.props.kind}",
                    "popup": html.popup_html(s.spec, s.props),
                },
            }
            for s in members
        ]
        folium.GeoJson(
            {"type": "FeatureCollection", "features": features},
            marker=folium.CircleMarker(radius=6) if points else None,
            style_function=_style,
            tooltip=folium.GeoJsonTooltip(["tooltip"], labels=False),
            popup=folium.GeoJsonPopup(["popup"], labels=False),
        ).add_to(m)
    return m


state = ViewState()
bounds = WORLD
m = plain_map(filters.shown_features(layer_data(str(DATA_ROOT)), state))
localize(m)
st_folium(
    m,
    key=c.KEY_MAP,
    height=c.MAP_HEIGHT,
    use_container_width=True,
    center=mapview.centre_of(bounds),
    zoom=mapview.zoom_for_bounds(bounds),
    returned_objects=["last_active_drawing"],
)
