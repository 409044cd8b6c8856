"""The dashboard page: read the view from the URL and the sidebar, then draw the map, text and panels."""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from dashboard import config as c
from dashboard.core.bundle import Bundle, default_bundle_id
from dashboard.core.viewstate import ViewState
from dashboard.products.briefing import data_span, slide_for
from dashboard.products.change_report import ChangeReport
from dashboard.products.selection import Selection
from dashboard.ui import changes, chronology, data, notes, panels, sidebar, team, team_sidebar
from dashboard.view import urlstate
from dashboard.view.filters import Shown, shown_features
from dashboard.web import mapview
from dashboard.web.html import SlideFrame
from dashboard.web.mapdata import BrowserData, Changes, ensure_written
from dashboard.web.offline import ASSET_PREFIX

PAGE_CSS = "<style>.block-container{padding-top:2.2rem;padding-bottom:0.5rem}</style>"
# Outside briefing mode, the map and the text beside it fill the window under the header, never below
# MAP_MIN_HEIGHT; below Streamlit's column breakpoint the text stacks under the map. On a tall window the map
# leaves room for the chronology under it; on a short one (a 1366×768 laptop) the map keeps the window's height
# and the chronology follows just below it.
_MAP = "iframe[title='streamlit_folium.st_folium']"
_FILL = f"height:max({c.MAP_MIN_HEIGHT}px,calc(100vh - {c.HEADER_PX}px)) !important"
_ABOVE_CHRONOLOGY = f"height:calc(100vh - {c.HEADER_PX + c.CHRONOLOGY_PX}px) !important"
STRETCH_CSS = (
    f"<style>{_MAP},.st-key-text-panel{{{_FILL}}}"
    f"@media (min-height:{c.CHRONOLOGY_BESIDE_FROM_PX}px){{{_MAP}{{{_ABOVE_CHRONOLOGY}}}}}</style>"
)


def _clicked(state: ViewState, index: dict[str, int]) -> ViewState:
    """The view with the feature clicked on the map selected (once per click)."""
    clicked = (st.session_state.get(c.KEY_MAP) or {}).get("last_active_drawing") or {}
    clicked_id = (clicked.get("properties") or {}).get("id")
    if clicked_id in index and clicked_id != st.session_state.get("_last_click"):
        st.session_state["_last_click"] = clicked_id
        return state.model_copy(update={"selected": clicked_id})
    return state


def _fitted(state: ViewState, selection: Selection) -> ViewState:
    """The view with a centre and zoom: the link's, else those that fit the section."""
    if state.lat is not None and state.zoom is not None:
        return state
    view = selection.live_view
    (lat, lon), zoom = mapview.centre_of(view), mapview.zoom_for_bounds(view)
    return state.model_copy(update={"lat": round(lat, 4), "lon": round(lon, 4), "zoom": zoom})


def _map(
    bundle: Bundle,
    features: BrowserData,
    basemap: dict,
    selection: Selection,
    frame: SlideFrame,
    marks: Changes | None = None,
) -> None:
    """The map: built once per article, then only its small state changes from rerun to rerun."""
    state = selection.state
    width, height = c.BRIEFING_SIZE_PX if state.briefing else (None, c.MAP_HEIGHT)
    ensure_written(features, c.STATIC_DIR)
    st_folium(
        team.on_map(
            mapview.base_map(
                state.basemap,
                basemap,
                bundle.manifest.views.world,
                sync_url=True,
                static_prefix=ASSET_PREFIX,
                features_url=ASSET_PREFIX + features.name,
                bundle_dir=c.STATIC_DIR,
            )
        ),
        key=c.KEY_MAP,
        height=height,
        width=width,
        use_container_width=not state.briefing,
        feature_group_to_add=team.on_state(
            mapview.state_group(
                features.index,
                selection.shown,
                state.selected,
                frame if state.briefing else None,
                bundle.banner,
                selection.labels,
                selection.timeline,
                marks,
            ),
            selection.shown,
        ),
        center=(state.lat, state.lon),
        zoom=state.zoom,
        returned_objects=["last_active_drawing"],
    )


def _notices(url_state: ViewState, problems: list[str]) -> None:
    """What the link or the data got wrong, said once above the map."""
    for note in url_state.notices:
        panels.warning(note)
    if problems:
        panels.problems(problems)


def _below_map(selection: Selection, shown: list[Shown], report: ChangeReport | None, problem: str | None) -> None:
    """Counts, sources in view and exports under the map (or the way out of briefing mode)."""
    if selection.state.briefing:
        panels.leave_briefing_button()
        return
    st.caption(f"{len(shown):,} features drawn · {sum(not s.dimmed for s in shown):,} in focus")
    panels.sources_panel(shown)
    panels.export_panel(selection)
    changes.changes_panel(report, problem)


def main() -> None:
    """The whole page, top to bottom; the sidebar last, so the browser starts the map first."""
    st.set_page_config(page_title=c.APP_NAME, layout="wide", initial_sidebar_state="expanded")
    st.html(PAGE_CSS)
    root = data.data_root()
    found, bundle_errors = data.bundles(root)
    if not found:
        panels.no_bundles(bundle_errors)
        return
    default = default_bundle_id(found)
    params = sidebar.url_params()
    article_id = sidebar.choose_article(params, found, default)
    bundle = found[article_id]
    layers, data_errors = data.layer_data(root, article_id)
    basemap, basemap_problems = data.basemap_data(data.basemap_dir())
    features = data.browser_data(root, article_id)
    context = urlstate.UrlContext(
        bundle.article.section_ids, bundle.manifest.layer_ids, bundle.manifest.actors, features.index
    )
    url_state = urlstate.parse(params, context)
    url_state = url_state.model_copy(update={"notices": sidebar.article_notices(params, found) + url_state.notices})
    span = data_span(layers, bundle.article.meta.published)
    sidebar.seed_widgets(url_state, span, bundle)
    state = _clicked(sidebar.current_state(url_state, span, bundle), features.index)
    state = chronology.picked(state, features.index)
    state = state.model_copy(update={"article": None if article_id == default else article_id})
    shown = shown_features(layers, state)
    selection = Selection(bundle, layers, basemap, state, state.title, state.caveat, shown=shown)
    state = _fitted(state, selection)
    selection = Selection(bundle, layers, basemap, state, state.title, state.caveat, shown=shown)
    selection = team.with_overlays(selection)
    if st.query_params.to_dict() != urlstate.to_query(state):
        st.query_params.from_dict(urlstate.to_query(state))
    slide = slide_for(selection)
    report, problem = changes.current_report(bundle, layers, basemap)
    if state.briefing:
        panels.hide_chrome()
    else:
        st.html(STRETCH_CSS)
        panels.header(bundle, slide.as_of)
    notices = st.container()
    map_col, text_col = st.columns([5, 2], gap="small") if not state.briefing else (st.container(), None)
    with map_col:
        frame = SlideFrame(slide.title, slide.subtitle, slide.as_of, slide.source_line, slide.caveat, slide.banner)
        _map(bundle, features, basemap, selection, frame, changes.map_marks(report))
    with notices:
        _notices(url_state, bundle_errors + data_errors + basemap_problems)
    with map_col:
        # Its place under the map; drawn last, once the map's state and the sidebar are on their way.
        timeline = st.empty() if not state.briefing else None
        _below_map(selection, shown, report, problem)
        notes.panel(state.briefing)
    if text_col is not None:
        with text_col, st.container(height=c.MAP_HEIGHT, border=False, key="text-panel"):
            panels.text_panel(bundle, layers, state, shown)
    sidebar.render(found, bundle, {k: len(v.features) for k, v in layers.items()}, state, span)
    team_sidebar.render(state)
    if timeline is not None:
        with timeline.container():
            chronology.render(bundle, shown, state, span)
    data.settle()
