"""A team's own layers as the map and the exports see them: overlays (WGS84 features, a name, a colour) and notes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

# What marks a team's feature in an export, beside the article's own.
OVERLAY_ORIGIN = "team overlay"
NOTE_COLOUR = "#f5c400"


@dataclass(frozen=True)
class TeamOverlay:
    """One overlay: its id in the store, name, colour ('#rrggbb') and features (a WGS84 FeatureCollection)."""

    id: int
    name: str
    colour: str
    features: dict[str, Any]

    @property
    def shape(self) -> str:
        """How its legend entry is drawn: 'line' or 'area' when every feature is one, else a point's 'circle'."""
        kinds = {(f.get("geometry") or {}).get("type", "").removeprefix("Multi") for f in self.features["features"]}
        if kinds == {"LineString"}:
            return "line"
        if kinds == {"Polygon"}:
            return "area"
        return "circle"


@dataclass(frozen=True)
class MapNote:
    """A note as the map shows it: where, what, who and when."""

    id: int
    geometry: dict[str, Any]
    text: str
    author: str
    updated_at: dt.datetime
