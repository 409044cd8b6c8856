"""The URL contract: parse and serialize round-trip, junk falls back to defaults with a notice."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.urlstate import DEFAULT, PARAMS, ViewState, parse, to_query

SECTIONS = ("treaty", "strikes", "outlook")


def test_defaults_give_an_empty_query():
    assert to_query(DEFAULT) == {}
    assert parse({}, SECTIONS) == DEFAULT


def test_round_trip_of_a_full_state():
    state = ViewState(
        section="strikes",
        layers=("crossings", "strikes"),
        actors=("Israel", "Hezbollah"),
        min_confidence="medium",
        date_mode="range",
        date_from=dt.date(2024, 10, 1),
        date_to=dt.date(2024, 12, 31),
        others="hide",
        basemap="osm",
        lat=34.175,
        lon=36.325,
        zoom=9,
        selected="arida-crossing",
    )
    query = to_query(state)
    assert query["section"] == "strikes" and query["layers"] == "crossings,strikes"
    back = parse(query, SECTIONS, ["arida-crossing"])
    assert back == state and back.notices == ()


@pytest.mark.parametrize(
    ("params", "field", "default"),
    [
        ({"section": "atlantis"}, "section", "all"),
        ({"conf": "certain"}, "min_confidence", "low"),
        ({"base": "http://evil.example/{z}/{x}/{y}"}, "basemap", "offline"),
        ({"dates": "yesterday"}, "date_mode", "all"),
        ({"from": "2024-13-01"}, "date_from", None),
        ({"to": "1066-10-14"}, "date_to", None),
        ({"lat": "north", "lon": "36"}, "lat", None),
        ({"z": "99"}, "zoom", None),
        ({"others": "<script>"}, "others", "dim"),
        ({"sel": "no-such-feature"}, "selected", None),
    ],
)
def test_junk_falls_back_with_a_notice(params, field, default):
    state = parse(params, SECTIONS, ["arida-crossing"])
    assert getattr(state, field) == default
    assert state.notices and all(isinstance(n, str) for n in state.notices)


def test_unknown_layers_are_dropped_and_named():
    state = parse({"layers": "strikes,dragons"}, SECTIONS)
    assert state.layers == ("strikes",)
    assert any("dragons" in n for n in state.notices)


def test_unknown_parameters_are_named():
    assert any("utm_source" in n for n in parse({"utm_source": "mail"}, SECTIONS).notices)


def test_reversed_range_is_dropped():
    state = parse({"dates": "range", "from": "2025-01-01", "to": "2024-01-01"}, SECTIONS)
    assert state.date_from is None and state.date_to is None and state.notices


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(PARAMS + ("junk", "")), st.text(max_size=40), max_size=8))
def test_any_query_gives_a_valid_state(params):
    state = parse(params, SECTIONS, ["arida-crossing"])
    assert state.section in ("all", *SECTIONS)
    assert parse(to_query(state), SECTIONS, ["arida-crossing"]) == state
