"""The chronology's marks: every dated feature in view on a time axis (pure, no Streamlit, no charting)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from dashboard.view import wording
from dashboard.view.filters import Shown
from dashboard.view.styles import symbol_for


@dataclass(frozen=True)
class Mark:
    """One dated feature as the chronology draws it: a point for a day, a bar for a period."""

    id: str
    name: str
    layer: str  # the layer's title: one row of the chart per layer
    kind: str
    dates: str  # the dates as the popup writes them
    start: dt.date
    end: dt.date
    colour: str
    dimmed: bool
    open_ended: bool = False  # a period with no end yet, drawn up to the chart's last day

    @property
    def is_period(self) -> bool:
        """Whether the mark spans more than a day."""
        return self.end > self.start


def marks(shown: list[Shown], last_day: dt.date) -> list[Mark]:
    """The dated features shown, oldest first; an open period runs to last_day, an event is its first day."""
    out = []
    for item in shown:
        props = item.props
        start = props.date_from or props.date_to
        if start is None:
            continue
        open_ended = props.date_to is None and not item.spec.event
        end = props.date_to or (max(start, last_day) if open_ended else start)
        out.append(
            Mark(
                id=item.feature.id,
                name=props.name,
                layer=item.spec.title,
                kind=wording.kind_label(item.spec, props),
                dates=wording.date_text(props),
                start=start,
                end=end,
                colour=symbol_for(item.spec, props).color,
                dimmed=item.dimmed,
                open_ended=open_ended,
            )
        )
    return sorted(out, key=lambda m: (m.start, m.end, m.id))


def extent(items: list[Mark], period: tuple[dt.date, dt.date] | None) -> tuple[dt.date, dt.date] | None:
    """The days the chart spans: the marks in focus and the section's period, else every mark; None if nothing."""
    days = [d for m in items if not m.dimmed for d in (m.start, m.end)] + list(period or ())
    days = days or [d for m in items for d in (m.start, m.end)]
    return (min(days), max(days)) if days else None


@dataclass(frozen=True)
class Bin:
    """The days of one layer's features in one week, counted: how the chronology draws a dense layer."""

    layer: str
    start: dt.date  # the week's Monday
    count: int
    colour: str  # the colour most of them have
    dimmed: bool


def binned(items: list[Mark], limit: int) -> tuple[list[Mark], list[Bin]]:
    """Every mark while there are at most limit; past that, days and periods of a week or less are counted per
    layer and week (whether dimmed or not), and only the longer periods stay marks of their own."""
    if len(items) <= limit:
        return items, []
    week = dt.timedelta(days=7)
    kept = [m for m in items if m.end - m.start > week]
    groups: dict[tuple[str, dt.date, bool], list[Mark]] = {}
    for m in items:
        if m.end - m.start <= week:
            monday = m.start - dt.timedelta(days=m.start.weekday())
            groups.setdefault((m.layer, monday, m.dimmed), []).append(m)
    bins = [
        Bin(layer, monday, len(group), Counter(m.colour for m in group).most_common(1)[0][0], dimmed)
        for (layer, monday, dimmed), group in sorted(groups.items())
    ]
    return kept, bins
