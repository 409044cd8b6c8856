"""Style is a pure function of a feature's kind in the manifest and its properties."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from dashboard.core.features import Properties
from dashboard.core.manifest import MARKER_SHAPES, KindSpec, LayerSpec, Period
from dashboard.view.grades import DISPUTED_CLASS

CONFIDENCE_OPACITY = {"high": 1.0, "moderate": 0.75, "low": 0.5, "unverified": 0.5}
DIM_FACTOR = 0.2
UNCERTAIN_DASH = "6 5"
LINE_WEIGHT, AREA_WEIGHT = 4, 2
AREA_FILL = 0.12


@dataclass(frozen=True)
class Symbol:
    """How one kind of feature is drawn: for the map and for its legend entry."""

    label: str
    color: str
    shape: str  # a marker shape, "line" or "area"
    dash: str | None = None
    hollow: bool = False

    @property
    def key(self) -> str:
        """What tells one legend entry from another, shared by the entry and the features it stands for."""
        return f"{self.label}|{self.color}"


def kind_of(spec: LayerSpec, props: Properties) -> KindSpec:
    """The manifest's entry for a feature's kind (validation guarantees there is one)."""
    return spec.kinds[props.kind]


def period_of(periods: tuple[Period, ...], day: dt.date | None) -> Period:
    """The last period that began on or before the day (the first one for an undated feature)."""
    current = periods[0]
    for period in periods:
        if day is not None and day >= period.since:
            current = period
    return current


def symbol_for(spec: LayerSpec, props: Properties) -> Symbol:
    """The legend symbol a feature belongs to."""
    kind = kind_of(spec, props)
    label, colour = kind.legend or kind.label, kind.color
    if kind.periods:
        period = period_of(kind.periods, props.date_from)
        label, colour = f"{label}, {period.label}", period.color
    return Symbol(label, colour, kind.shape, kind.dash, kind.hollow)


def is_uncertain(kind: KindSpec, props: Properties) -> bool:
    """Whether the outline stands for uncertainty: an approximate place, or a place drawn as an area for want
    of a point (a country or governorate is an area by nature, not for uncertainty)."""
    return props.location == "approximate" or (props.location == "area" and kind.shape != "area")


def style_for(spec: LayerSpec, props: Properties, dimmed: bool = False) -> dict[str, Any]:
    """Leaflet path options: colour by meaning, opacity by confidence, dash by uncertainty, marker shape; a
    disputed claim also carries the class that outlines it."""
    style = _base_style(spec, props, dimmed)
    if props.disputes:
        style["className"] = DISPUTED_CLASS
    return style


def _base_style(spec: LayerSpec, props: Properties, dimmed: bool) -> dict[str, Any]:
    """The path options every feature of a kind shares."""
    kind, sym = kind_of(spec, props), symbol_for(spec, props)
    dim = DIM_FACTOR if dimmed else 1.0
    opacity = CONFIDENCE_OPACITY[props.confidence] * dim
    uncertain = is_uncertain(kind, props)
    if sym.shape == "line":
        dash = sym.dash or (UNCERTAIN_DASH if uncertain else None)
        return {"color": sym.color, "weight": kind.weight or LINE_WEIGHT, "opacity": opacity, "dashArray": dash}
    if sym.shape == "area" or props.location == "area":
        return {
            "color": sym.color,
            "weight": kind.weight or AREA_WEIGHT,
            "opacity": opacity,
            "fillColor": sym.color,
            "fillOpacity": (0.0 if sym.hollow else AREA_FILL) * dim,
            "dashArray": sym.dash or (UNCERTAIN_DASH if uncertain else None),
        }
    return {
        "shape": sym.shape if sym.shape in MARKER_SHAPES else "circle",
        "color": sym.color if sym.hollow else "#222222",
        "weight": kind.weight or (2 if sym.hollow else 1),
        "opacity": opacity,
        "fill": not sym.hollow,
        "fillColor": sym.color,
        "fillOpacity": (0.0 if sym.hollow else 0.9) * opacity,
        "radius": kind.radius,
        "dashArray": sym.dash,
    }


def accuracy_style(spec: LayerSpec, props: Properties, dimmed: bool = False) -> dict[str, Any]:
    """Options for the circle that shows an approximate point's uncertainty."""
    sym = symbol_for(spec, props)
    dim = DIM_FACTOR if dimmed else 1.0
    return {
        "color": sym.color,
        "weight": 1,
        "opacity": 0.6 * dim,
        "fill": True,
        "fillColor": sym.color,
        "fillOpacity": 0.06 * dim,
        "dashArray": UNCERTAIN_DASH,
    }
