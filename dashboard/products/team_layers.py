"""The team's overlays in the exports: each feature marked with its origin and overlay, its attributes kept as text."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from dashboard.core.team import OVERLAY_ORIGIN, TeamOverlay
from dashboard.products.selection import Selection

NAME_KEYS = ("name", "Name", "NAME", "title", "label")


@dataclass(frozen=True)
class OverlayFeature:
    """One feature of a team overlay as an export writes it."""

    overlay: TeamOverlay
    id: str
    name: str
    geometry: dict[str, Any]
    attributes: dict[str, Any]

    @property
    def origin(self) -> dict[str, str]:
        """Where the feature comes from: a team overlay (not the article), and which."""
        return {"origin": OVERLAY_ORIGIN, "overlay": self.overlay.name}

    @property
    def style(self) -> dict[str, Any]:
        """How the live map draws it, as Leaflet path options."""
        return {"color": self.overlay.colour, "fillColor": self.overlay.colour, "opacity": 0.95, "fillOpacity": 0.18}


def overlay_features(selection: Selection) -> Iterator[OverlayFeature]:
    """Every feature of the overlays drawn with the selection, in overlay then file order."""
    for overlay in selection.overlays:
        for i, feature in enumerate(overlay.features["features"], start=1):
            props = feature.get("properties") or {}
            name = next((str(props[k]) for k in NAME_KEYS if props.get(k)), f"{overlay.name} {i}")
            yield OverlayFeature(overlay, f"team-overlay-{overlay.id}-{i}", name, feature["geometry"], props)
