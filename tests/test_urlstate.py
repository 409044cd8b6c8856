"""The URL contract: parse and serialize round-trip, junk falls back to defaults with a notice."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.core.viewstate import DEFAULT, PARAMS, ViewState
from dashboard.view.urlstate import UrlContext, parse, to_query

CONTEXT = UrlContext(("treaty", "strikes", "outlook"), ("crossings", "strikes"), ("Israel", "Hezbollah"), ["arida"])


def test_defaults_give_an_empty_query():
    assert to_query(DEFAULT) == {}
    assert parse({}, CONTEXT) == DEFAULT


def test_every_field_has_a_short_public_name():
    assert PARAMS == (
        "article", "section", "layers", "actors", "conf", "cred", "rel", "disputed", "dates", "from", "to",
        "others", "base", "lat", "lon", "z", "sel", "brief", "title", "caveat", "t",
    )  # fmt: skip


def test_round_trip_of_a_full_state():
    state = ViewState(
        article="other-article",
        section="strikes",
        layers=("crossings", "strikes"),
        actors=("Israel", "Hezbollah"),
        min_confidence="moderate",
        date_mode="range",
        date_from=dt.date(2024, 10, 1),
        date_to=dt.date(2024, 12, 31),
        others="hide",
        basemap="osm",
        lat=34.175,
        lon=36.325,
        zoom=9,
        selected="arida",
        briefing=True,
        title="Crossings",
        caveat="UNCLASSIFIED",
        moment=dt.date(2024, 11, 3),
    )
    query = to_query(state)
    assert query["t"] == "2024-11-03"
    assert query["section"] == "strikes" and query["layers"] == "crossings,strikes" and query["brief"] == "1"
    back = parse(query, CONTEXT)
    assert back == state and back.notices == ()


def test_links_from_before_bundles_still_parse():
    old = {
        "section": "strikes",
        "others": "hide",
        "conf": "high",
        "lat": "34.5",
        "lon": "36.0",
        "z": "8",
        "sel": "arida",
    }
    state = parse(old, CONTEXT)
    assert state.notices == () and (state.section, state.zoom, state.selected) == ("strikes", 8, "arida")
    assert to_query(state) == {**old, "lat": "34.5000", "lon": "36.0000"}


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
        ({"z": "banana"}, "zoom", None),
        ({"others": "<script>"}, "others", "dim"),
        ({"sel": "no-such-feature"}, "selected", None),
        ({"brief": "maybe"}, "briefing", False),
        ({"t": "tomorrow"}, "moment", None),
        ({"t": "0001-01-01"}, "moment", None),
    ],
)
def test_junk_falls_back_with_a_notice(params, field, default):
    state = parse(params, CONTEXT)
    assert getattr(state, field) == default
    assert state.notices and all(isinstance(n, str) for n in state.notices)
    assert any(next(iter(params)) in n or "centre" in n for n in state.notices), state.notices


def test_unknown_layers_and_actors_are_dropped_and_named():
    state = parse({"layers": "strikes,dragons", "actors": "Israel,Martians"}, CONTEXT)
    assert state.layers == ("strikes",) and state.actors == ("Israel",)
    assert any("dragons" in n for n in state.notices) and any("Martians" in n for n in state.notices)


def test_unknown_parameters_are_named():
    assert any("utm_source" in n for n in parse({"utm_source": "mail"}, CONTEXT).notices)


def test_reversed_range_is_dropped():
    state = parse({"dates": "range", "from": "2025-01-01", "to": "2024-01-01"}, CONTEXT)
    assert state.date_from is None and state.date_to is None and state.notices


def test_free_text_is_printable_and_short():
    state = parse({"title": "A\x00B\u202e" + "x" * 200, "caveat": "  "}, CONTEXT)
    assert state.title == "AB" + "x" * 118 and state.caveat is None
    assert any("Shortened title" in n for n in state.notices)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(PARAMS + ("junk", "")), st.text(max_size=40), max_size=8))
def test_any_query_gives_a_valid_state(params):
    state = parse(params, CONTEXT)
    assert state.section in ("all", *CONTEXT.sections)
    assert parse(to_query(state), CONTEXT) == state


def test_an_old_link_with_medium_confidence_reads_as_moderate():
    assert parse({"conf": "medium"}, CONTEXT).min_confidence == "moderate"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"cred": "2"}, {"max_credibility": 2}),
        ({"rel": "B"}, {"min_reliability": "B"}),
        ({"disputed": "1"}, {"disputed_only": True}),
    ],
)
def test_the_grade_filters_travel_in_the_link(params, expected):
    state = parse(params, CONTEXT)
    assert state.model_dump(include=set(expected)) == expected and not state.notices
    assert to_query(state) == params


@pytest.mark.parametrize("params", [{"cred": "9"}, {"cred": "x"}, {"rel": "G"}, {"disputed": "maybe"}])
def test_junk_grade_filters_fall_back_with_a_notice(params):
    state = parse(params, CONTEXT)
    assert state == DEFAULT
    assert len(state.notices) == 1 and state.notices[0].startswith(f"Ignored {next(iter(params))}=")
