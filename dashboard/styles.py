"""Style is a pure function of a feature's properties: a colour-blind-safe palette named for meaning."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

# Okabe–Ito palette, named by what it stands for on this map.
PALETTE = {
    "russian_facility": "#0072B2",
    "official_crossing": "#E69F00",
    "informal_crossing": "#E69F00",
    "assad_era_route": "#CC79A7",
    "covert_route": "#D55E00",
    "place": "#000000",
    "alignment": "#56B4E9",
    "supply_route": "#009E73",
    "channel": "#0072B2",
    "governorate": "#009E73",
    "brics_member": "#56B4E9",
}
# Strikes darken with time (ColorBrewer OrRd, safe for colour-blind readers): (first day, colour, label).
STRIKE_PERIODS: tuple[tuple[dt.date, str, str], ...] = (
    (dt.date(2024, 9, 1), "#fdbb84", "Sep–Oct 2024"),
    (dt.date(2024, 11, 1), "#ef6548", "Nov 2024"),
    (dt.date(2024, 12, 1), "#b30000", "Dec 2024 – Feb 2025"),
    (dt.date(2025, 3, 1), "#4a0000", "since Mar 2025"),
)
CONFIDENCE_OPACITY = {"high": 1.0, "medium": 0.75, "low": 0.5}
DIM_FACTOR = 0.2
UNCERTAIN_DASH = "6 5"


@dataclass(frozen=True)
class Symbol:
    """How one kind of feature is drawn: for the map and for its legend entry."""

    label: str
    color: str
    shape: str  # "circle", "square", "line", "area"
    dash: str | None = None
    hollow: bool = False


def strike_period(date_from: str | None) -> tuple[str, str]:
    """The colour and label of the period a strike falls in."""
    day = dt.date.fromisoformat(date_from) if date_from else STRIKE_PERIODS[0][0]
    colour, label = STRIKE_PERIODS[0][1], STRIKE_PERIODS[0][2]
    for start, c, lab in STRIKE_PERIODS:
        if day >= start:
            colour, label = c, lab
    return colour, label


def symbol_for(layer: str, props: dict[str, Any]) -> Symbol:
    """The legend symbol a feature belongs to."""
    kind = props["kind"]
    if layer == "facilities":
        return Symbol("Russian air or naval facility", PALETTE["russian_facility"], "square")
    if layer == "crossings":
        official = kind == "official_crossing"
        return Symbol(
            "Official crossing" if official else "Informal crossing",
            PALETTE[kind],
            "circle",
            None if official else UNCERTAIN_DASH,
            hollow=not official,
        )
    if layer == "corridors":
        label = "Assad-era route (to Dec 2024)" if kind == "assad_era_route" else "Covert route (since Dec 2024)"
        return Symbol(label, PALETTE[kind], "line", "10 6" if kind == "assad_era_route" else None)
    if layer == "strikes":
        colour, label = strike_period(props.get("date_from"))
        return Symbol(f"Israeli strike, {label}", colour, "circle")
    if layer == "places":
        return Symbol("Place", PALETTE["place"], "circle")
    if layer == "links":
        labels = {
            "alignment": "Alignment (schematic)",
            "supply_route": "Supply route (schematic)",
            "channel": "Channel (schematic)",
        }
        return Symbol(labels[kind], PALETTE[kind], "line", "2 6" if kind == "channel" else "8 6")
    if layer == "governorates":
        return Symbol("Governorate", PALETTE["governorate"], "area")
    confirmed = props.get("status") == "member"
    return Symbol(
        "BRICS member" if confirmed else "BRICS, membership unconfirmed",
        PALETTE["brics_member"],
        "area",
        None if confirmed else UNCERTAIN_DASH,
        hollow=not confirmed,
    )


def style_for(layer: str, props: dict[str, Any], dimmed: bool = False) -> dict[str, Any]:
    """Leaflet path options for a feature: colour by meaning, opacity by confidence, dash by uncertainty."""
    sym = symbol_for(layer, props)
    opacity = CONFIDENCE_OPACITY[props["confidence"]] * (DIM_FACTOR if dimmed else 1.0)
    uncertain = props["location"] in ("area", "approximate") and layer not in ("brics", "governorates")
    dash = sym.dash or (UNCERTAIN_DASH if uncertain and sym.shape != "circle" else None)
    if sym.shape == "line":
        return {"color": sym.color, "weight": 4, "opacity": opacity, "dashArray": dash}
    if sym.shape == "area" or props["location"] == "area":
        fill = 0.0 if sym.hollow else 0.12
        return {
            "color": sym.color,
            "weight": 1 if layer == "brics" else 2,
            "opacity": opacity,
            "fillColor": sym.color,
            "fillOpacity": fill * (DIM_FACTOR if dimmed else 1.0),
            "dashArray": sym.dash or (UNCERTAIN_DASH if uncertain else None),
        }
    radius = {"facilities": 9, "strikes": 6, "places": 5}.get(layer, 8)
    return {
        "color": "#222222" if not sym.hollow else sym.color,
        "weight": 2 if sym.hollow else 1,
        "opacity": opacity,
        "fill": not sym.hollow,
        "fillColor": sym.color,
        "fillOpacity": (0.0 if sym.hollow else 0.9) * opacity,
        "radius": radius,
        "dashArray": sym.dash,
    }


def accuracy_style(layer: str, props: dict[str, Any], dimmed: bool = False) -> dict[str, Any]:
    """Options for the circle that shows an approximate point's uncertainty."""
    sym = symbol_for(layer, props)
    opacity = 0.6 * (DIM_FACTOR if dimmed else 1.0)
    return {
        "color": sym.color,
        "weight": 1,
        "opacity": opacity,
        "fill": True,
        "fillColor": sym.color,
        "fillOpacity": 0.06 * (DIM_FACTOR if dimmed else 1.0),
        "dashArray": UNCERTAIN_DASH,
    }
