"""The team's overlays and notes on the live map (pure, no Streamlit): each overlay a file the browser fetches
once, and per rerun a small state of which overlays to draw and the notes; the Draw control that places notes."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import folium
import folium.plugins
from branca.element import MacroElement
from jinja2 import Template

from dashboard.core.team import NOTE_COLOUR, MapNote, TeamOverlay
from dashboard.view.filters import Shown
from dashboard.view.legend import team_symbols
from dashboard.web import html
from dashboard.web.controls import MapState
from dashboard.web.offline import localize
from dashboard.web.static_files import write_hashed

# A few KB per rerun whatever the team writes: the map carries the newest notes, each cut to a tooltip's length
# (the panel under the map has them whole).
MAX_NOTES_ON_MAP = 200
NOTE_CHARS_ON_MAP = 280
# Points, lines and areas; no circles (GeoJSON has none) and no editing of a shape once drawn.
DRAW_OPTIONS = {
    "polyline": {"shapeOptions": {"color": "#333333"}},
    "polygon": {"allowIntersection": False, "showArea": False, "shapeOptions": {"color": "#333333"}},
    "marker": {},
    "rectangle": False,
    "circle": False,
    "circlemarker": False,
}
EDIT_OPTIONS = {"edit": False, "remove": False}


def overlay_file(overlay: TeamOverlay, static_dir: Path) -> str:
    """Write an overlay's features under static_dir/data, named by their content; return its path there."""
    payload = json.dumps(overlay.features, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return write_hashed(payload, f"overlay-{overlay.id}", ".geojson", static_dir)


def note_on_map(note: MapNote) -> dict[str, Any]:
    """One note as the browser draws it: its shape and, as plain text, author, time and the start of its text."""
    text = note.text if len(note.text) <= NOTE_CHARS_ON_MAP else note.text[: NOTE_CHARS_ON_MAP - 1] + "…"
    return {
        "id": note.id,
        "g": note.geometry,
        "text": text,
        "by": note.author,
        "at": f"{note.updated_at:%d %b %Y %H:%M} UTC",
    }


def team_state(overlays: list[tuple[TeamOverlay, str]], notes: list[MapNote], keep_drawing: bool) -> dict[str, Any]:
    """What the browser needs on a rerun: the overlays to draw ({id, name, colour, url}), the notes, and whether
    the shape just drawn stays (its note is being written) or goes (saved or discarded)."""
    return {
        "overlays": [{"id": o.id, "name": o.name, "colour": o.colour, "url": url} for o, url in overlays],
        "notes": [note_on_map(n) for n in notes[-MAX_NOTES_ON_MAP:]],
        "keepDrawing": keep_drawing,
        "noteColour": NOTE_COLOUR,
    }


class TeamState(MacroElement):
    """The team's state for one rerun, applied when streamlit-folium swaps its group in (briefing-overlays.js)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        BriefingOverlays.state({{ this._parent.get_name() }}, {{ this.state|tojson }});
        {% endmacro %}
    """)

    def __init__(self, state: dict[str, Any]) -> None:
        super().__init__()
        self._name = "TeamState"
        self.state = state


def with_team(
    group: folium.FeatureGroup, shown: list[Shown], state: dict[str, Any], overlays: list[TeamOverlay]
) -> folium.FeatureGroup:
    """The rerun's feature group with the team's state added and its overlays and notes in the legend (drawn
    again only when the team has something to list in it)."""
    symbols = team_symbols(overlays, bool(state["notes"]))
    for child in group._children.values():
        if symbols and isinstance(child, MapState):
            child.state["legend"] = html.legend_html(shown, symbols)
    TeamState(state).add_to(group)
    return group


def add_draw(m: folium.Map, prefix: str) -> folium.Map:
    """Add the Draw control (points, lines, areas) whose shapes streamlit-folium returns, its assets served locally."""
    folium.plugins.Draw(
        position="topleft", show_geometry_on_click=False, draw_options=DRAW_OPTIONS, edit_options=EDIT_OPTIONS
    ).add_to(m)
    localize(m, prefix)
    return m


def drawn_overlays(feature_group: str, static_dir: Path, prefix: str) -> dict[str, dict[str, Any]]:
    """The overlays a rerun's feature group draws, by name, with the features of their files: what the browser shows."""
    found = re.search(r"BriefingOverlays\.state\(\s*[\w.$]+\s*,\s*(?=\{)", feature_group)
    if found is None:
        return {}
    state = json.JSONDecoder().raw_decode(feature_group, found.end())[0]
    return {o["name"]: json.loads((static_dir / o["url"].removeprefix(prefix)).read_bytes()) for o in state["overlays"]}
