"""The Streamlit entry: compose the pieces, cache at the edge, no logic of its own."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import streamlit as st
from streamlit_folium import st_folium

from dashboard import briefing, filters, mapdata, mapview, panels, sidebar, textpanel, urlstate
from dashboard import config as c
from dashboard.basemap import load_basemap_layers
from dashboard.data import load_layers
from dashboard.narrative import load_article
from dashboard.offline import ASSET_PREFIX, localize_folium
from dashboard.popups import SlideFrame

st.set_page_config(page_title=c.APP_TITLE, layout="wide", initial_sidebar_state="expanded")
st.html("<style>.block-container{padding-top:2.2rem;padding-bottom:0.5rem}</style>")
localize_folium()


@st.cache_resource
def article():
    """The seed article (read once; immutable)."""
    return load_article()


# Another data folder can be served without touching the shipped one (benchmarks, robustness tests).
LAYERS_DIR = Path(os.environ.get("BRIEFING_MAP_LAYERS_DIR", c.LAYERS_DIR))
BASEMAP_DIR = Path(os.environ.get("BRIEFING_MAP_BASEMAP_DIR", c.BASEMAP_DIR))


# Layers and basemap are loaded once per process and shared, read-only, by every session: st.cache_data would
# unpickle a fresh copy on every rerun (1.1 s at 50,000 features). tests/test_mapdata.py checks that no run
# or export changes them.
@st.cache_resource
def layer_data(layers_dir: str):
    """Every layer and the problems found loading it: shared by all sessions, never changed."""
    layers, errors = load_layers(set(article().section_ids), Path(layers_dir))
    return layers, [str(e) for e in errors]


@st.cache_resource
def browser_data(layers_dir: str) -> mapdata.BrowserData:
    """Every loaded feature as the map fetches it: written once under the static folder."""
    return mapdata.browser_data(layer_data(layers_dir)[0], c.STATIC_DIR)


@st.cache_resource
def basemap_data(basemap_dir: str):
    """The embedded basemap layers and the problems reading them: shared by all sessions, never changed."""
    return load_basemap_layers(Path(basemap_dir))


art, (layers, data_errors) = article(), layer_data(str(LAYERS_DIR))
basemap, basemap_problems = basemap_data(str(BASEMAP_DIR))
all_ids = {f["id"] for layer in layers.values() for f in layer.features}
url_state = urlstate.parse(st.query_params.to_dict(), art.section_ids, all_ids)
span = briefing.data_span(layers)
sidebar.seed_widgets(url_state, span)
state = sidebar.current_state(url_state, span)

clicked = (st.session_state.get(c.KEY_MAP) or {}).get("last_active_drawing") or {}
clicked_id = (clicked.get("properties") or {}).get("id")
if clicked_id in all_ids and clicked_id != st.session_state.get("_last_click"):
    st.session_state["_last_click"] = clicked_id
    state = replace(state, selected=clicked_id)

bounds = briefing.view_bounds(art, state)
if state.lat is None or state.zoom is None:
    (lat, lon), zoom = mapview.centre_of(bounds), mapview.zoom_for_bounds(bounds)
    state = replace(state, lat=round(lat, 4), lon=round(lon, 4), zoom=zoom)
if st.query_params.to_dict() != urlstate.to_query(state):
    st.query_params.from_dict(urlstate.to_query(state))

shown = filters.shown_features(layers, state)
slide = briefing.slide_for(art, layers, state, state.title, state.caveat, shown)
frame = (
    SlideFrame(slide.title, slide.subtitle, slide.as_of, slide.source_line, slide.caveat) if state.briefing else None
)
if state.briefing:
    panels.hide_chrome()
else:
    st.markdown(f"#### {c.APP_TITLE}")
    st.caption(
        f"{c.APP_SUBTITLE} Data as of {slide.as_of}. Article: {art.meta.outlet}, "
        f"{art.meta.published_print:%d %B %Y}. Basemap: Natural Earth; borders © OpenStreetMap contributors (ODbL)."
    )
notices = st.container()
map_col, text_col = st.columns([7, 4], gap="small") if not state.briefing else (st.container(), None)
# The map goes out first: the browser starts it before it builds the sidebar and the panels.
with map_col:
    width, height = c.BRIEFING_SIZE_PX if state.briefing else (None, c.MAP_HEIGHT)
    features = browser_data(str(LAYERS_DIR))
    mapdata.ensure_written(features, c.STATIC_DIR)
    st_folium(
        mapview.base_map(
            state.basemap, basemap, sync_url=True, static_prefix=ASSET_PREFIX, features_url=ASSET_PREFIX + features.name
        ),
        key=c.KEY_MAP,
        height=height,
        width=width,
        use_container_width=not state.briefing,
        feature_group_to_add=mapview.state_group(features.index, shown, state.selected, frame),
        center=(state.lat, state.lon),
        zoom=state.zoom,
        returned_objects=["last_active_drawing"],
    )
with notices:
    for note in url_state.notices:
        st.warning(textpanel.escape_md(note) + " Showing the default instead.", icon="⚠️")
    problems = data_errors + basemap_problems
    if problems:
        with st.expander(f"⚠️ {len(problems)} data problem(s): the map shows everything that is valid"):
            st.code("\n".join(problems), language=None)
with map_col:
    if state.briefing:
        panels.leave_briefing_button()
    else:
        st.caption(f"{len(shown):,} features drawn · {sum(not s.dimmed for s in shown):,} in focus")
        panels.sources_panel(shown)
        panels.export_panel(art, layers, basemap, state)
if text_col is not None:
    with text_col, st.container(height=c.MAP_HEIGHT, border=False):
        panels.text_panel(art, layers, state, shown)
# The sidebar last: its widgets' scripts then load after the map's.
sidebar.render(art, {k: len(v.features) for k, v in layers.items()}, state, span)
