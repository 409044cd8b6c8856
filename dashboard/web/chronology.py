"""The chronology as a Vega-Lite chart (Altair): dated features on a time axis, in the map's colours.

Days are points, periods are bars, one row per layer; the section's period is shaded. A click on a mark
picks its feature (the PICK_* selections, by id) and a drag along the axis brushes a range of days (BRUSH).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from typing import Any

import altair as alt

from dashboard.view.chronology import Bin, Mark

PICK_DAY, PICK_PERIOD, BRUSH = "pick_day", "pick_period", "brush"
SELECTIONS = (PICK_DAY, PICK_PERIOD, BRUSH)
ROW_PX, LANE_PX, AXIS_PX = 24, 7, 34
# Streamlit's Vega-Lite collapses a plot much shorter than MIN_PLOT_PX; MAX_PLOT_PX keeps it in its room.
MIN_PLOT_PX, MAX_PLOT_PX = 84, 120
MAX_LANES, SHORT_FRACTION = 3, 40  # a period shorter than 1/40 of the span is drawn with the days
PERIOD_SHADE = "#e8c547"
DIMMED_OPACITY = 0.25
TOOLTIP = [
    alt.Tooltip("name:N", title="Feature"),
    alt.Tooltip("kind:N", title="Kind"),
    alt.Tooltip("dates:N", title="Dates"),
    alt.Tooltip("layer:N", title="Layer"),
]


def lanes(marks: list[Mark]) -> dict[str, int]:
    """Each mark's lane within its layer's row: days and short periods share lane 0; longer periods are
    packed into at most MAX_LANES lanes so that few hide another (past that, the lane that frees first)."""
    days = [d for m in marks for d in (m.start, m.end)]
    short = (max(days) - min(days)) / SHORT_FRACTION if days else dt.timedelta(0)
    out: dict[str, int] = {}
    ends: dict[str, list[dt.date]] = {}  # per layer, the last day taken in each period lane
    for mark in sorted(marks, key=lambda m: (m.start, m.end)):
        if mark.end - mark.start <= short:
            out[mark.id] = 0
            continue
        taken = ends.setdefault(mark.layer, [])
        free = [i for i, end in enumerate(taken) if end < mark.start]
        if free:
            lane = free[0]
        elif len(taken) < MAX_LANES:
            lane = len(taken)
            taken.append(mark.end)
        else:
            lane = min(range(len(taken)), key=taken.__getitem__)
        taken[lane] = max(taken[lane], mark.end)
        out[mark.id] = lane + 1
    return out


def _row(mark: Mark, lane: int) -> dict[str, Any]:
    return {
        "lane": lane,
        "id": mark.id,
        "name": mark.name,
        "layer": mark.layer,
        "kind": mark.kind,
        "dates": mark.dates + (" (still under way)" if mark.open_ended else ""),
        "start": mark.start.isoformat(),
        # A period's bar covers its last day too.
        "end": (mark.end + dt.timedelta(days=1)).isoformat(),
        "colour": mark.colour,
        "opacity": DIMMED_OPACITY if mark.dimmed else 1.0,
        "period": mark.is_period,
    }


def height(marks: list[Mark], bins: list[Bin] = ()) -> int:  # type: ignore[assignment]
    """The chart's height in pixels: one row per layer with marks, each as tall as its lanes need, and the axis."""
    rows = len({m.layer for m in marks} | {b.layer for b in bins}) or 1
    plot = max(MIN_PLOT_PX, rows * ROW_PX, rows * LANE_PX * (max(lanes(marks).values(), default=0) + 1))
    return min(MAX_PLOT_PX, plot) + AXIS_PX


def _bin_row(item: Bin) -> dict[str, Any]:
    return {
        "layer": item.layer,
        "start": item.start.isoformat(),
        "count": item.count,
        "week": f"week of {item.start:%d %B %Y}",
        "colour": item.colour,
        "opacity": DIMMED_OPACITY if item.dimmed else 1.0,
    }


def chart(
    marks: list[Mark],
    span: tuple[dt.date, dt.date],
    period: tuple[dt.date, dt.date] | None,
    bins: list[Bin] = (),  # type: ignore[assignment]
) -> alt.LayerChart:
    """Points for days and bars for periods over the span (a dense layer's days counted per week), the section's
    period shaded behind them; the brush lies on a background as wide as the span, so a drag works anywhere."""
    domain = list(_domain(span))
    x_axis = alt.Axis(labelFontSize=12, grid=True, format="%b %Y")
    x = alt.X("start:T", title=None, scale=alt.Scale(domain=domain), axis=x_axis)
    y = alt.Y("layer:N", title=None, sort=_rows(marks, bins), axis=alt.Axis(labelFontSize=12, labelLimit=230))
    colour, opacity = alt.Color("colour:N", scale=None), alt.Opacity("opacity:Q", scale=None)
    common = {
        "y": y,
        "yOffset": alt.YOffset("lane:O", scale=alt.Scale(paddingInner=0.15)),
        "color": colour,
        "opacity": opacity,
        "tooltip": TOOLTIP,
        "description": alt.Description("name:N"),
    }
    brush = alt.selection_interval(name=BRUSH, encodings=["x"], empty=False)
    background = (
        alt.Chart(alt.NamedData("axis"), name="axis_view")
        .mark_rect(opacity=0)
        .encode(x=x, x2="end:T")
        .add_params(brush)
    )
    # Every layer is always there (an empty dataset draws nothing), so the JSON has one shape: spec() fills it in.
    shade = alt.Chart(alt.NamedData("period")).mark_rect(color=PERIOD_SHADE, opacity=0.18, clip=True)
    rows = alt.NamedData("marks")
    periods = (
        alt.Chart(rows)
        .transform_filter(alt.datum.period)
        .mark_bar(cornerRadius=2, clip=True)
        .encode(x=x, x2="end:T", **common)
        .properties(name="periods_view")
        .add_params(alt.selection_point(name=PICK_PERIOD, fields=["id"], on="click", empty=False))
    )
    days = (
        alt.Chart(rows)
        .transform_filter(~alt.datum.period)
        .mark_circle(size=80, stroke="#ffffff", strokeWidth=1, clip=True)
        .encode(x=x, **common)
        .properties(name="days_view")
        .add_params(alt.selection_point(name=PICK_DAY, fields=["id"], on="click", empty=False))
    )
    counts = (
        alt.Chart(alt.NamedData("counts"))
        .mark_circle(stroke="#ffffff", strokeWidth=1, clip=True)
        .encode(
            x=x,
            y=y,
            size=alt.Size("count:Q", scale=alt.Scale(range=[25, 420]), legend=None),
            color=colour,
            opacity=opacity,
            tooltip=[alt.Tooltip("count:Q", title="Features"), alt.Tooltip("week:N", title="When"), "layer:N"],
        )
    )
    return (
        alt.layer(background, shade.encode(x=x, x2="end:T"), periods, days, counts)
        .properties(height=height(marks, bins) - AXIS_PX, usermeta={"embedOptions": {"renderer": "svg"}})
        .configure_view(stroke=None)
    )


@functools.cache
def _shape() -> str:
    """The chart's JSON with placeholder values, built once: Altair takes about 0.1 s to build it."""
    day = dt.date(2000, 1, 1)
    return json.dumps(chart([], (day, day), None).to_dict(validate=False))


def spec(
    marks: list[Mark],
    span: tuple[dt.date, dt.date],
    period: tuple[dt.date, dt.date] | None,
    bins: list[Bin] = (),  # type: ignore[assignment]
) -> dict[str, Any]:
    """The chart as the Vega-Lite JSON the page sends: chart()'s shape, built once, with this chart's axis, rows
    and height filled in; the same JSON as chart(...).to_dict() with the rows under "datasets"."""
    out = json.loads(_shape())
    domain, order = list(_domain(span)), _rows(marks, bins)
    for layer in out["layer"]:
        encoding = layer.get("encoding", {})
        if "x" in encoding:
            encoding["x"]["scale"]["domain"] = domain
        if "y" in encoding:
            encoding["y"]["sort"] = order
    out["height"] = height(marks, bins) - AXIS_PX
    out["datasets"] = datasets(marks, span, period, bins)
    return out


def _rows(marks: list[Mark], bins: list[Bin]) -> list[str]:
    """The chart's rows, one per layer, in the order their first marks come."""
    return list(dict.fromkeys([m.layer for m in marks] + [b.layer for b in bins]))


def datasets(
    marks: list[Mark],
    span: tuple[dt.date, dt.date],
    period: tuple[dt.date, dt.date] | None,
    bins: list[Bin] = (),  # type: ignore[assignment]
) -> dict[str, list[dict[str, Any]]]:
    """The chart's rows by name: the axis's span (under the brush), the section's period, the marks, the counts."""
    lane = lanes(marks)
    start, end = _domain(span)
    return {
        "axis": [{"start": start, "end": end}],
        "period": [{"start": period[0].isoformat(), "end": (period[1] + dt.timedelta(days=1)).isoformat()}]
        if period
        else [],
        "marks": [_row(m, lane[m.id]) for m in marks],
        "counts": [_bin_row(b) for b in bins],
    }


def _domain(span: tuple[dt.date, dt.date]) -> tuple[str, str]:
    """The axis's first and last day: the span and a little room either side."""
    pad = max(dt.timedelta(days=3), (span[1] - span[0]) / 40)
    return (span[0] - pad).isoformat(), (span[1] + pad).isoformat()


def picked_id(selection: dict[str, Any]) -> str | None:
    """The feature a click on the chart picked, if any."""
    for name in (PICK_DAY, PICK_PERIOD):
        for item in selection.get(name) or []:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                return item["id"]
    return None


def _day(value: Any) -> dt.date | None:
    """A brushed bound as a day: Vega-Lite gives epoch milliseconds, or an ISO string."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return dt.datetime.fromtimestamp(value / 1000, tz=dt.UTC).date()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def brushed_days(selection: dict[str, Any]) -> tuple[dt.date, dt.date] | None:
    """The range of days a drag on the axis brushed, in order, if any."""
    bounds = (selection.get(BRUSH) or {}).get("start")
    if not isinstance(bounds, list | tuple) or len(bounds) != 2:
        return None
    days = [_day(b) for b in bounds]
    if None in days:
        return None
    return (min(days), max(days))  # type: ignore[type-var]
