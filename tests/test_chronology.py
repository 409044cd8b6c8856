"""The chronology: which features it marks and how, the chart's selections, and what a click or a drag does."""

from __future__ import annotations

import dataclasses
import datetime as dt

from dashboard.core.viewstate import ViewState
from dashboard.view.chronology import extent, marks
from dashboard.view.filters import Shown, shown_features
from dashboard.web import chronology

LAST = dt.date(2025, 1, 21)


def _marks(layers, **state):
    return marks(shown_features(layers, ViewState(**state)), LAST)


def test_every_dated_feature_is_marked_days_as_points_and_periods_as_bars(tiny_layers):
    by_id = {m.id: m for m in _marks(tiny_layers)}
    assert set(by_id) == {"strike-masnaa", "strike-qusayr", "route"}  # the undated sites are not on a time axis
    assert not by_id["strike-masnaa"].is_period and by_id["strike-masnaa"].start == dt.date(2024, 10, 4)
    assert by_id["route"].is_period and (by_id["route"].start, by_id["route"].end) == (
        dt.date(2024, 1, 1),
        dt.date(2024, 12, 8),
    )
    # In the map's colours: the strikes' colour follows the manifest's period of their date.
    assert (by_id["strike-masnaa"].colour, by_id["strike-qusayr"].colour) == ("#fdbb84", "#b30000")
    assert [m.id for m in _marks(tiny_layers)] == ["route", "strike-masnaa", "strike-qusayr"]  # oldest first


def test_a_section_dims_the_rest_and_the_chart_spans_its_focus_and_period(tiny_layers):
    items = _marks(tiny_layers, section="strikes")
    assert {m.id for m in items if m.dimmed} == {"route"}
    assert extent(items, (dt.date(2024, 10, 1), dt.date(2024, 11, 30))) == (dt.date(2024, 10, 1), dt.date(2024, 11, 30))
    assert extent([], None) is None


def test_an_open_period_runs_to_the_last_day_and_an_open_event_is_its_day(tiny_layers):
    route = next(f for f in tiny_layers["routes"].features)
    strike = tiny_layers["strikes"].features[0]
    open_route = route.properties.model_copy(update={"date_to": None})
    open_strike = strike.properties.model_copy(update={"date_to": None})
    items = marks(
        [
            Shown(tiny_layers["routes"].spec, dataclasses.replace(route, properties=open_route), False),
            Shown(tiny_layers["strikes"].spec, dataclasses.replace(strike, properties=open_strike), False),
        ],
        LAST,
    )
    by_id = {m.id: m for m in items}
    assert by_id["route"].end == LAST and by_id["route"].open_ended
    assert by_id["strike-masnaa"].end == by_id["strike-masnaa"].start and not by_id["strike-masnaa"].open_ended


def test_overlapping_periods_of_one_layer_get_their_own_lanes():
    from dashboard.view.chronology import Mark

    def bar(fid, start, end, layer="Routes"):
        return Mark(fid, fid, layer, "Route", "", start, end, "#000", False)

    d = dt.date
    lanes = chronology.lanes(
        [
            bar("a", d(2024, 1, 1), d(2024, 6, 1)),
            bar("b", d(2024, 3, 1), d(2024, 9, 1)),  # overlaps a: a lane of its own
            bar("x", d(2024, 1, 1), d(2024, 12, 1), layer="Other"),  # another row starts its own lanes
            bar("day", d(2024, 5, 1), d(2024, 5, 1)),
            bar("late-may", d(2024, 5, 25), d(2024, 5, 31)),  # a short period stays with the days
            bar("d", d(2024, 4, 1), d(2024, 10, 1)),  # a third lane
            bar("e", d(2024, 5, 1), d(2024, 11, 1)),  # no fourth: the lane that frees first (a's)
            bar("c", d(2024, 11, 5), d(2024, 12, 1)),  # after e ends: in e's lane
        ]
    )
    assert lanes == {"a": 1, "b": 2, "c": 1, "x": 1, "day": 0, "late-may": 0, "d": 3, "e": 1}


def test_the_chart_has_a_mark_per_feature_in_its_colour_the_period_shaded_and_its_selections(tiny_layers):
    items = _marks(tiny_layers, section="strikes")
    span = (dt.date(2024, 10, 1), dt.date(2024, 11, 30))
    chronology.chart(items, span, span).to_dict()  # valid by Vega-Lite's schema (the app skips the check)
    spec = chronology.spec(items, span, span)
    background, shade, bars, days, counts = spec["layer"]
    params = {p["name"]: p for part in (spec, *spec["layer"]) for p in part.get("params", [])}
    assert background["mark"]["opacity"] == 0 and set(params) == set(chronology.SELECTIONS)
    assert shade["mark"]["type"] == "rect"
    assert spec["datasets"][shade["data"]["name"]] == [{"start": "2024-10-01", "end": "2024-12-01"}]
    assert bars["data"] == days["data"]  # the marks' rows are sent once
    rows = {r["id"]: r for r in spec["datasets"][bars["data"]["name"]]}
    assert set(rows) == {m.id for m in items}
    assert (
        rows["strike-qusayr"]["colour"] == "#b30000"
        and rows["route"]["opacity"] < 1 == rows["strike-masnaa"]["opacity"]
    )


def test_a_click_picks_by_id_and_a_drag_gives_the_days_in_order():
    assert chronology.picked_id({chronology.PICK_DAY: [{"id": "strike-masnaa"}]}) == "strike-masnaa"
    assert chronology.picked_id({chronology.PICK_PERIOD: [{"id": "route"}], chronology.PICK_DAY: []}) == "route"
    assert chronology.picked_id({chronology.PICK_DAY: [{"id": 3}]}) is None
    oct1 = dt.datetime(2024, 10, 1, tzinfo=dt.UTC).timestamp() * 1000
    nov5 = dt.datetime(2024, 11, 5, tzinfo=dt.UTC).timestamp() * 1000
    assert chronology.brushed_days({chronology.BRUSH: {"start": [nov5, oct1]}}) == (
        dt.date(2024, 10, 1),
        dt.date(2024, 11, 5),
    )
    assert chronology.brushed_days({chronology.BRUSH: {"start": ["2024-10-01", "2024-11-05T00:00"]}}) == (
        dt.date(2024, 10, 1),
        dt.date(2024, 11, 5),
    )
    assert chronology.brushed_days({chronology.BRUSH: {"start": ["junk", 5]}}) is None
    assert chronology.brushed_days({}) is None


def test_a_dense_chronology_counts_days_per_layer_and_week_and_keeps_long_periods():
    from dashboard.view.chronology import Mark, binned

    d = dt.date
    days = [
        Mark(f"s{i}", "", "Strikes", "Strike", "", d(2024, 10, 1 + i % 14), d(2024, 10, 1 + i % 14), "#c00", i < 3)
        for i in range(28)
    ]
    route = Mark("route", "", "Routes", "Route", "", d(2024, 1, 1), d(2024, 12, 1), "#00c", False)
    assert binned([*days, route], 100) == ([*days, route], [])  # within the limit: every mark
    kept, bins = binned([*days, route], 10)
    assert kept == [route]
    assert sum(b.count for b in bins) == 28 and {b.start.weekday() for b in bins} == {0}  # Mondays
    assert {(b.start, b.dimmed): b.count for b in bins} == {
        (d(2024, 9, 30), True): 3,  # the week of 1-6 October: the first strikes of 1, 2 and 3 October, dimmed
        (d(2024, 9, 30), False): 9,  # and its other nine
        (d(2024, 10, 7), False): 14,  # 7-13 October, two a day
        (d(2024, 10, 14), False): 2,
    }
    chronology.chart(kept, (d(2024, 1, 1), d(2024, 12, 1)), None, bins).to_dict()  # valid by the schema
    spec = chronology.spec(kept, (d(2024, 1, 1), d(2024, 12, 1)), None, bins)
    counts = spec["layer"][-1]
    assert counts["encoding"]["size"]["field"] == "count" and len(spec["datasets"][counts["data"]["name"]]) == len(bins)


def test_the_sent_json_is_the_charts_own_with_its_rows_filled_in(tiny_layers):
    items = _marks(tiny_layers, section="strikes")
    span = (dt.date(2024, 10, 1), dt.date(2024, 11, 30))
    built = chronology.chart(items, span, span).to_dict()
    sent = chronology.spec(items, span, span)
    assert {k: v for k, v in sent.items() if k != "datasets"} == {k: v for k, v in built.items() if k != "datasets"}
    assert sent["datasets"] == chronology.datasets(items, span, span)
