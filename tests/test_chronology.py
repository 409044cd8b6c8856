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
    spec = chronology.chart(
        items, (dt.date(2024, 10, 1), dt.date(2024, 11, 30)), (dt.date(2024, 10, 1), dt.date(2024, 11, 30))
    ).to_dict()
    shade, bars, days = spec["layer"]
    assert shade["mark"]["type"] == "rect" and shade["data"]["values"] == [{"start": "2024-10-01", "end": "2024-12-01"}]
    rows = {r["id"]: r for r in bars["data"]["values"]}
    assert set(rows) == {m.id for m in items}
    assert (
        rows["strike-qusayr"]["colour"] == "#b30000"
        and rows["route"]["opacity"] < 1 == rows["strike-masnaa"]["opacity"]
    )
    params = spec.get("params", []) + bars.get("params", []) + days.get("params", [])
    assert {p["name"] for p in params} == set(chronology.SELECTIONS)


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
