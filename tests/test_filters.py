"""Filters decide what is drawn and what is in focus; each one changes the set of feature ids."""

from __future__ import annotations

import datetime as dt

from dashboard.core.viewstate import DEFAULT, ViewState
from dashboard.view.filters import find_feature, focus_ids, shown_features, shown_ids

EVERY = {"masnaa", "zabadani", "baalbek", "strike-masnaa", "strike-qusayr", "route"}


def _ids(data, **kw) -> set[str]:
    return set(shown_ids(data, ViewState(**kw)))


def test_default_shows_everything_in_focus(tiny_layers):
    assert set(shown_ids(tiny_layers, DEFAULT)) == EVERY
    assert focus_ids(tiny_layers, DEFAULT) == shown_ids(tiny_layers, DEFAULT)


def test_a_section_focuses_its_features_and_dims_or_hides_the_rest(tiny_layers):
    assert set(focus_ids(tiny_layers, ViewState(section="strikes"))) == {"strike-masnaa", "strike-qusayr"}
    assert _ids(tiny_layers, section="strikes") == EVERY
    assert _ids(tiny_layers, section="strikes", others="hide") == {"strike-masnaa", "strike-qusayr"}
    dimmed = {s.feature.id for s in shown_features(tiny_layers, ViewState(section="strikes")) if s.dimmed}
    assert dimmed == EVERY - {"strike-masnaa", "strike-qusayr"}


def test_layers_filter(tiny_layers):
    assert _ids(tiny_layers, layers=("routes",)) == {"route"}
    assert _ids(tiny_layers, layers=()) == set()


def test_actor_filter(tiny_layers):
    assert _ids(tiny_layers, actors=("Israel",)) == {"strike-masnaa", "strike-qusayr"}


def test_confidence_filter(tiny_layers):
    assert _ids(tiny_layers, min_confidence="moderate") == EVERY - {"strike-qusayr"}
    assert _ids(tiny_layers, min_confidence="high") == EVERY - {"strike-qusayr", "strike-masnaa"}


def test_as_of_keeps_past_events_and_drops_what_has_ended(tiny_layers):
    before = _ids(tiny_layers, date_mode="asof", date_to=dt.date(2024, 10, 31))
    assert "strike-masnaa" in before and "strike-qusayr" not in before and "route" in before
    after = _ids(tiny_layers, date_mode="asof", date_to=dt.date(2025, 6, 1))
    assert {"strike-masnaa", "strike-qusayr"} <= after, "events stay once they happened"
    assert "route" not in after, "a route that ended is gone"
    assert {"masnaa", "zabadani", "baalbek"} <= after, "undated features pass any date filter"


def test_range_keeps_overlapping_features(tiny_layers):
    ids = _ids(tiny_layers, date_mode="range", date_from=dt.date(2024, 11, 1), date_to=dt.date(2024, 11, 30))
    assert ids == EVERY - {"strike-masnaa"}
    assert _ids(tiny_layers, date_mode="range", date_to=dt.date(2024, 10, 31)) == EVERY - {"strike-qusayr"}


def test_a_feature_is_found_by_id(tiny_layers):
    found = find_feature(tiny_layers, "route")
    assert found.layer == "routes" and found.props.kind == "route"
    assert find_feature(tiny_layers, "nowhere") is None
