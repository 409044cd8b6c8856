"""Plain words for a feature's facts: its kind, dates, accuracy and citations (shared by every product)."""

from __future__ import annotations

import datetime as dt

from dashboard.core.features import Properties, Source
from dashboard.core.manifest import LayerSpec

LOCATION_LABELS = {
    "sourced": "sourced point",
    "approximate": "approximate",
    "area": "area (no precise point)",
    "schematic": "schematic link between sourced places",
}


def kind_label(spec: LayerSpec, props: Properties) -> str:
    """The manifest's name for a feature's kind."""
    return spec.kinds[props.kind].label


def day_text(day: dt.date) -> str:
    """A day as the app writes it in prose and on slides: '06 January 2026'."""
    return f"{day:%d %B %Y}"


def date_text(props: Properties) -> str:
    """The feature's dates as text: a day, a range, an open period or 'undated'."""
    start, end = props.date_from, props.date_to
    if start and end:
        return start.isoformat() if start == end else f"{start} – {end}"
    if start:
        return f"since {start}"
    if end:
        return f"until {end}"
    return "undated"


def accuracy_text(props: Properties) -> str:
    """How precisely the feature is located."""
    label = LOCATION_LABELS[props.location]
    if props.location == "schematic":
        return label
    return f"±{props.accuracy_km:g} km, {label}"


def source_meta(source: Source) -> str:
    """A source's publisher and date, as 'publisher, date'."""
    return ", ".join(p for p in (source.publisher, source.date.isoformat() if source.date else "") if p)


def source_line(source: Source) -> str:
    """A plain-text citation, led by the source's reliability grade, e.g. '[B]'."""
    parts = [f"[{source.reliability or '?'}] {source.title}", source.publisher]
    if source.date:
        parts.append(source.date.isoformat())
    line = ", ".join(parts)
    return f"{line}. {source.url}" if source.url else f"{line}."
