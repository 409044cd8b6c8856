"""The floor: the dashboard's map with the same data and assets, and nothing else on the page.

Run by benchmarks/run.py from a temp folder that also holds a copy of dashboard/static, because
Streamlit serves /app/static from the entry script's own folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st
from streamlit_folium import st_folium

from dashboard import briefing, filters, mapview
from dashboard import config as c
from dashboard.basemap import load_basemap_layers
from dashboard.data import load_layers
from dashboard.narrative import load_article
from dashboard.offline import ASSET_PREFIX, localize_folium
from dashboard.urlstate import ViewState

st.set_page_config(page_title="Bare map", layout="wide", initial_sidebar_state="collapsed")
localize_folium()
LAYERS_DIR = Path(os.environ.get("BRIEFING_MAP_LAYERS_DIR", c.LAYERS_DIR))


@st.cache_data
def layer_data(layers_dir: str):
    """Every valid feature, loaded exactly as the dashboard loads it."""
    return load_layers(set(load_article().section_ids), Path(layers_dir))[0]


@st.cache_data
def basemap_data():
    """The embedded basemap layers."""
    return load_basemap_layers(c.BASEMAP_DIR)[0]


state = ViewState()
bounds = briefing.view_bounds(load_article(), state)
st_folium(mapview.base_map(state.basemap, basemap_data(), static_prefix=ASSET_PREFIX), key=c.KEY_MAP,
          height=c.MAP_HEIGHT, use_container_width=True,
          feature_group_to_add=mapview.feature_groups(filters.shown_features(layer_data(str(LAYERS_DIR)), state)),
          center=mapview.centre_of(bounds), zoom=mapview.zoom_for_bounds(bounds),
          returned_objects=["last_active_drawing"])
