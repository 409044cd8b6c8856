"""The URL is a typed contract: ViewState, parse() and to_query(); junk falls back to defaults with a notice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Any

from dashboard.config import ACTORS, CONFIDENCE_LEVELS, LAYER_IDS

WHOLE_ARTICLE = "all"
OFFLINE_BASEMAP = "offline"
ONLINE_BASEMAPS = ("osm", "carto-light", "esri-imagery", "opentopomap")
BASEMAPS = (OFFLINE_BASEMAP, *ONLINE_BASEMAPS)
OTHERS_MODES = ("dim", "hide")
DATE_MODES = ("all", "asof", "range")
EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2030, 12, 31)

# URL parameter names: the public, stable part of a shared link.
P_SECTION, P_LAYERS, P_ACTORS, P_CONFIDENCE = "section", "layers", "actors", "conf"
P_DATE_MODE, P_FROM, P_TO, P_OTHERS = "dates", "from", "to", "others"
P_BASEMAP, P_LAT, P_LON, P_ZOOM, P_SELECTED = "base", "lat", "lon", "z", "sel"
P_BRIEF, P_TITLE, P_CAVEAT = "brief", "title", "caveat"
PARAMS = (
    P_SECTION,
    P_LAYERS,
    P_ACTORS,
    P_CONFIDENCE,
    P_DATE_MODE,
    P_FROM,
    P_TO,
    P_OTHERS,
    P_BASEMAP,
    P_LAT,
    P_LON,
    P_ZOOM,
    P_SELECTED,
    P_BRIEF,
    P_TITLE,
    P_CAVEAT,
)
MAX_TEXT = 120


@dataclass(frozen=True)
class ViewState:
    """Everything that defines a view of the map, and nothing else."""

    section: str = WHOLE_ARTICLE
    layers: tuple[str, ...] = LAYER_IDS
    actors: tuple[str, ...] = ()
    min_confidence: str = "low"
    date_mode: str = "all"
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    others: str = "dim"
    basemap: str = OFFLINE_BASEMAP
    lat: float | None = None
    lon: float | None = None
    zoom: int | None = None
    selected: str | None = None
    briefing: bool = False
    title: str | None = None
    caveat: str | None = None
    notices: tuple[str, ...] = field(default=(), compare=False)


DEFAULT = ViewState()


def _one(value: str | Sequence[str] | None) -> str | None:
    """The last value given for a parameter, or None."""
    if value is None or isinstance(value, str):
        return value
    return value[-1] if value else None


def _choice(raw: str | None, allowed: Sequence[str], default: str, name: str, notes: list[str]) -> str:
    """A value from a closed list, or the default with a notice."""
    if raw is None or raw == default:
        return default
    if raw in allowed:
        return raw
    notes.append(f"Ignored {name}={raw!r}: not one of {', '.join(allowed)}.")
    return default


def _subset(
    raw: str | None, allowed: Sequence[str], default: tuple[str, ...], name: str, notes: list[str]
) -> tuple[str, ...]:
    """A comma-separated subset of a closed list, in canonical order; unknown items are dropped with a notice."""
    if raw is None:
        return default
    items = [item.strip() for item in raw.split(",") if item.strip()]
    unknown = [item for item in items if item not in allowed]
    if unknown:
        notes.append(f"Ignored unknown {name}: {', '.join(repr(u) for u in unknown)}.")
    return tuple(item for item in allowed if item in items)


def _number(raw: str | None, low: float, high: float, name: str, notes: list[str]) -> float | None:
    """A finite number within bounds, or None with a notice."""
    if raw is None:
        return None
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if not low <= value <= high:
        notes.append(f"Ignored {name}={raw!r}: not a number from {low:g} to {high:g}.")
        return None
    return value


def _date(raw: str | None, name: str, notes: list[str]) -> dt.date | None:
    """An ISO date within the data's era, or None with a notice."""
    if raw is None:
        return None
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        notes.append(f"Ignored {name}={raw!r}: not a date (YYYY-MM-DD).")
        return None
    if not EARLIEST <= day <= LATEST:
        notes.append(f"Ignored {name}={raw!r}: outside {EARLIEST} – {LATEST}.")
        return None
    return day


def _flag(raw: str | None, name: str, notes: list[str]) -> bool:
    """A 1/0 switch, or off with a notice."""
    if raw in (None, "0", ""):
        return False
    if raw == "1":
        return True
    notes.append(f"Ignored {name}={raw!r}: use 1 or 0.")
    return False


def _free_text(raw: str | None, name: str, notes: list[str]) -> str | None:
    """Short free text (a slide title or caveat): printable characters only, at most MAX_TEXT."""
    if raw is None:
        return None
    text = "".join(ch for ch in raw if ch.isprintable()).strip()
    if len(text) > MAX_TEXT:
        notes.append(f"Shortened {name} to {MAX_TEXT} characters.")
        text = text[:MAX_TEXT].rstrip()
    return text or None


def parse(
    params: Mapping[str, str | Sequence[str]], section_ids: Sequence[str], feature_ids: Collection[str] = ()
) -> ViewState:
    """Read a ViewState from URL parameters; anything invalid falls back to its default, with a notice."""
    notes: list[str] = []
    get = {key: _one(params.get(key)) for key in PARAMS}
    unknown = sorted(set(params) - set(PARAMS))
    if unknown:
        notes.append(f"Ignored unknown parameter(s): {', '.join(unknown)}.")
    section = _choice(get[P_SECTION], (WHOLE_ARTICLE, *section_ids), WHOLE_ARTICLE, P_SECTION, notes)
    state = ViewState(
        section=section,
        layers=_subset(get[P_LAYERS], LAYER_IDS, LAYER_IDS, P_LAYERS, notes),
        actors=_subset(get[P_ACTORS], ACTORS, (), P_ACTORS, notes),
        min_confidence=_choice(get[P_CONFIDENCE], CONFIDENCE_LEVELS, "low", P_CONFIDENCE, notes),
        date_mode=_choice(get[P_DATE_MODE], DATE_MODES, "all", P_DATE_MODE, notes),
        date_from=_date(get[P_FROM], P_FROM, notes),
        date_to=_date(get[P_TO], P_TO, notes),
        others=_choice(get[P_OTHERS], OTHERS_MODES, "dim", P_OTHERS, notes),
        basemap=_choice(get[P_BASEMAP], BASEMAPS, OFFLINE_BASEMAP, P_BASEMAP, notes),
    )
    lat = _number(get[P_LAT], -85, 85, P_LAT, notes)
    lon = _number(get[P_LON], -180, 180, P_LON, notes)
    zoom = _number(get[P_ZOOM], 1, 18, P_ZOOM, notes)
    if (lat is None) != (lon is None):
        notes.append("Ignored the map centre: lat and lon must come together.")
        lat = lon = None
    state = replace(state, lat=lat, lon=lon, zoom=int(zoom) if zoom is not None else None)
    if state.date_from and state.date_to and state.date_from > state.date_to:
        notes.append(f"Ignored the date range: {state.date_from} is after {state.date_to}.")
        state = replace(state, date_from=None, date_to=None)
    selected = get[P_SELECTED]
    if selected is not None and selected not in feature_ids:
        notes.append(f"Ignored {P_SELECTED}={selected!r}: no such feature.")
        selected = None
    return replace(
        state,
        selected=selected,
        briefing=_flag(get[P_BRIEF], P_BRIEF, notes),
        title=_free_text(get[P_TITLE], P_TITLE, notes),
        caveat=_free_text(get[P_CAVEAT], P_CAVEAT, notes),
        notices=tuple(notes),
    )


def _text(value: Any) -> str | None:
    """A state value as URL text."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, tuple):
        return ",".join(value)
    if isinstance(value, float):
        return f"{value:.4f}"
    return str(value)


NAMES = {
    "section": P_SECTION,
    "layers": P_LAYERS,
    "actors": P_ACTORS,
    "min_confidence": P_CONFIDENCE,
    "date_mode": P_DATE_MODE,
    "date_from": P_FROM,
    "date_to": P_TO,
    "others": P_OTHERS,
    "basemap": P_BASEMAP,
    "lat": P_LAT,
    "lon": P_LON,
    "zoom": P_ZOOM,
    "selected": P_SELECTED,
    "briefing": P_BRIEF,
    "title": P_TITLE,
    "caveat": P_CAVEAT,
}


def to_query(state: ViewState) -> dict[str, str]:
    """The URL parameters that differ from the defaults."""
    query = {}
    for f in fields(ViewState):
        if f.name == "notices":
            continue
        value = getattr(state, f.name)
        if value != getattr(DEFAULT, f.name):
            text = _text(value)
            if text is not None:
                query[NAMES[f.name]] = text
    return query
