"""Pure filtering: (layers, ViewState) -> which features are shown, and which are in focus."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from dashboard.config import CONFIDENCE_LEVELS
from dashboard.data import Layer
from dashboard.urlstate import WHOLE_ARTICLE, ViewState

# Layers whose features are events: once they happened, they stay on an as-of map.
EVENT_LAYERS = ("strikes",)


@dataclass(frozen=True)
class Shown:
    """A feature that is drawn, and whether it is dimmed (outside the chosen section)."""

    layer: str
    feature: dict[str, Any]
    dimmed: bool


def _day(value: str | None) -> dt.date | None:
    """An ISO date string as a date."""
    return dt.date.fromisoformat(value) if value else None


def passes_dates(layer: str, props: dict[str, Any], state: ViewState) -> bool:
    """Whether a feature's date_from/date_to fit the chosen as-of date or range; undated features always do."""
    start, end = _day(props.get("date_from")), _day(props.get("date_to"))
    if state.date_mode == "asof" and state.date_to:
        began = start is None or start <= state.date_to
        lasting = layer in EVENT_LAYERS or end is None or end >= state.date_to
        return began and lasting
    if state.date_mode == "range" and (state.date_from or state.date_to):
        low, high = state.date_from or dt.date.min, state.date_to or dt.date.max
        return (start is None or start <= high) and (end is None or end >= low)
    return True


def passes_filters(layer: str, props: dict[str, Any], state: ViewState) -> bool:
    """Whether a feature passes the actor, confidence and date filters."""
    if state.actors and not set(props["actors"]) & set(state.actors):
        return False
    if CONFIDENCE_LEVELS.index(props["confidence"]) > CONFIDENCE_LEVELS.index(state.min_confidence):
        return False
    return passes_dates(layer, props, state)


def shown_features(layers: dict[str, Layer], state: ViewState) -> list[Shown]:
    """Every feature to draw, in registry order, with its focus for the chosen section."""
    out = []
    for layer_id, layer in layers.items():
        if layer_id not in state.layers:
            continue
        for feature in layer.features:
            props = feature["properties"]
            if not passes_filters(layer_id, props, state):
                continue
            in_section = state.section == WHOLE_ARTICLE or state.section in props["sections"]
            if not in_section and state.others == "hide":
                continue
            out.append(Shown(layer_id, feature, dimmed=not in_section))
    return out


def shown_ids(layers: dict[str, Layer], state: ViewState) -> list[str]:
    """The ids of every feature drawn."""
    return [s.feature["id"] for s in shown_features(layers, state)]


def focus_ids(layers: dict[str, Layer], state: ViewState) -> list[str]:
    """The ids of the features drawn in focus (not dimmed)."""
    return [s.feature["id"] for s in shown_features(layers, state) if not s.dimmed]


def find_feature(layers: dict[str, Layer], feature_id: str) -> tuple[str, dict[str, Any]] | None:
    """The layer id and feature with this id, if any."""
    for layer_id, layer in layers.items():
        for feature in layer.features:
            if feature["id"] == feature_id:
                return layer_id, feature
    return None
