"""Filters decide what is drawn; each one changes the set of feature ids."""

from __future__ import annotations

import datetime as dt

from dashboard.filters import focus_ids, passes_dates, shown_features, shown_ids
from dashboard.urlstate import DEFAULT, ViewState


def _ids(data, **kw):
    return set(shown_ids(data, ViewState(**kw)))


def test_default_shows_everything(layers, all_features):
    assert set(shown_ids(layers, DEFAULT)) == {f["id"] for f in all_features}
    assert focus_ids(layers, DEFAULT) == shown_ids(layers, DEFAULT)


def test_each_section_focuses_its_own_features(layers, article, all_features):
    for section in article.section_ids:
        expected = {f["id"] for f in all_features if section in f["properties"]["sections"]}
        assert set(focus_ids(layers, ViewState(section=section))) == expected
        assert _ids(layers, section=section, others="hide") == expected
        assert _ids(layers, section=section) == {f["id"] for f in all_features}


def test_layers_filter(layers):
    ids = _ids(layers, layers=("facilities",))
    assert ids == {"khmeimim-air-base", "tartus-naval-facility"}
    assert _ids(layers, layers=()) == set()


def test_actor_filter(layers, all_features):
    ids = _ids(layers, actors=("China",))
    assert ids == {f["id"] for f in all_features if "China" in f["properties"]["actors"]}
    assert "beijing" in ids and "arida-crossing" not in ids


def test_confidence_filter_hides_low(layers, all_features):
    ids = _ids(layers, min_confidence="medium")
    assert ids == {f["id"] for f in all_features if f["properties"]["confidence"] != "low"}
    assert "matraba-crossing" not in ids
    assert _ids(layers, min_confidence="high") < ids


def test_as_of_keeps_past_strikes_and_drops_ended_routes(layers):
    before = _ids(layers, date_mode="asof", date_to=dt.date(2024, 10, 31))
    assert "strike-20240926-matraba" in before and "strike-20241206-arida" not in before
    assert "assad-era-land-route" in before
    after = _ids(layers, date_mode="asof", date_to=dt.date(2025, 6, 1))
    assert "assad-era-land-route" not in after and "homs-qusayr-hermel-route" in after
    assert "strike-20241206-arida" in after


def test_range_keeps_overlapping_features(layers):
    ids = _ids(layers, date_mode="range", date_from=dt.date(2024, 11, 26), date_to=dt.date(2024, 11, 26))
    strikes = {i for i in ids if i.startswith("strike-")}
    assert strikes == {"strike-20241126-arida", "strike-20241126-aboudiyeh", "strike-20241126-jisr-qmar"}


def test_undated_features_pass_any_date_filter():
    props = {"date_from": None, "date_to": None}
    assert passes_dates("places", props, ViewState(date_mode="asof", date_to=dt.date(2001, 1, 1)))


def test_dimmed_features_are_the_ones_outside_the_section(layers):
    shown = shown_features(layers, ViewState(section="deconfliction"))
    dimmed = {s.feature["id"] for s in shown if s.dimmed}
    assert "khmeimim-air-base" not in dimmed and "strike-20241206-arida" in dimmed
