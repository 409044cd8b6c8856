"""The team's workspace in the app: the store opened once per process, who may write, and the team's layers on the map.

The sidebar's team section is in ui/team_sidebar.py, the notes panel in ui/notes.py, saved views in ui/saved_views.py.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
from collections.abc import Mapping
from typing import Any

import folium
import streamlit as st
from sqlalchemy import Engine

from dashboard import config as c
from dashboard.core.team import MapNote, TeamOverlay
from dashboard.products.selection import Selection
from dashboard.store import access as store_access
from dashboard.store.db import database_url, open_store
from dashboard.store.notes import list_notes
from dashboard.store.overlays import Overlay, list_overlays, overlay_features
from dashboard.view.filters import Shown
from dashboard.web import team as web_team
from dashboard.web.offline import ASSET_PREFIX

DRAWN_TYPES = ("Point", "LineString", "Polygon")
DONE_DRAWING = "_team_done_drawing"


@st.cache_resource
def _store(url: str) -> Engine:
    """The store at this URL, opened and migrated once per process."""
    return open_store(url)


def engine() -> Engine:
    """The configured store (the default SQLite file needs nothing set up)."""
    return _store(database_url())


def _secrets() -> Mapping[str, object]:
    """The app's secrets, or none when it has no secrets.toml."""
    try:
        return dict(st.secrets)
    except FileNotFoundError:
        return {}


def access() -> store_access.Access:
    """What this session may do: write only with the configured workspace key entered in the sidebar."""
    configured = store_access.configured_key(_secrets(), os.environ)
    return store_access.access(configured, st.session_state.get(c.KEY_WORKSPACE_KEY))


def signed_in() -> str | None:
    """The name the proxy in front of the server signed this session in as, when one is configured and did."""
    header = store_access.configured_user_header(_secrets(), os.environ)
    return store_access.signed_in_user(st.context.headers, header) if header else None


def author() -> str:
    """The name this session signs with: the signed-in one, else the one typed in the sidebar ('' until given)."""
    return signed_in() or " ".join(str(st.session_state.get(c.KEY_AUTHOR) or "").split())


@st.cache_resource(max_entries=64)
def _overlay_document(url: str, overlay_id: int, created: dt.datetime) -> tuple[dict[str, Any], str]:
    """An overlay's features (shared read-only by every session) and its static file, read and written once."""
    features = overlay_features(_store(url), overlay_id)
    return features, web_team.overlay_file(TeamOverlay(overlay_id, "", "", features), c.STATIC_DIR)


def _team_overlay(listed: Overlay) -> tuple[TeamOverlay, str]:
    """An overlay as the map draws it, and its file's URL (the file written again if it was removed)."""
    features, name = _overlay_document(database_url(), listed.id, listed.created_at)
    overlay = TeamOverlay(listed.id, listed.name, listed.colour, features)
    if not (c.STATIC_DIR / name).exists():
        name = web_team.overlay_file(overlay, c.STATIC_DIR)
    return overlay, ASSET_PREFIX + name


def listed_overlays() -> list[Overlay]:
    """Every overlay of the workspace, oldest first."""
    return list_overlays(engine())


def shown_overlays() -> list[tuple[TeamOverlay, str]]:
    """The overlays toggled on in the sidebar (all, until it says otherwise), with their files."""
    return [
        _team_overlay(o) for o in listed_overlays() if st.session_state.get(c.KEY_OVERLAY_SHOW_PREFIX + str(o.id), True)
    ]


def pending_drawing() -> dict[str, Any] | None:
    """The shape just drawn on the map whose note is not written yet (a click on a feature is no drawing)."""
    drawing = (st.session_state.get(c.KEY_MAP) or {}).get("last_active_drawing") or {}
    if drawing.get("properties") or (drawing.get("geometry") or {}).get("type") not in DRAWN_TYPES:
        return None
    if json.dumps(drawing, sort_keys=True) == st.session_state.get(DONE_DRAWING):
        return None
    return drawing


def drawing_done(drawing: dict[str, Any]) -> None:
    """Forget the shape just drawn: its note is saved or discarded."""
    st.session_state[DONE_DRAWING] = json.dumps(drawing, sort_keys=True)


def map_notes() -> list[MapNote]:
    """The workspace's notes as the map shows them."""
    return [MapNote(n.id, n.geometry, n.text, n.author, n.updated_at) for n in list_notes(engine())]


def on_map(m: folium.Map) -> folium.Map:
    """The base map with the Draw control, for a session that may write notes."""
    return web_team.add_draw(m, ASSET_PREFIX) if access().can_write else m


def on_state(group: folium.FeatureGroup, shown: list[Shown]) -> folium.FeatureGroup:
    """The rerun's feature group with the team's overlays and notes, and them in the legend."""
    overlays = shown_overlays()
    keep = pending_drawing() is not None and access().can_write
    state = web_team.team_state(overlays, map_notes(), keep)
    return web_team.with_team(group, shown, state, [o for o, _ in overlays])


def with_overlays(selection: Selection) -> Selection:
    """The selection with the overlays shown, so the exports carry them too."""
    return dataclasses.replace(selection, overlays=tuple(o for o, _ in shown_overlays()))
