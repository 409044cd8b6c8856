"""Which names the map writes: one label per site, counted, by priority; dimmed features unlabelled."""

from __future__ import annotations

from dashboard.core.viewstate import ViewState
from dashboard.view.filters import shown_features
from dashboard.view.labels import site_labels, sites_of


def _labels(loaded, **state):
    return site_labels(shown_features(loaded, ViewState(**state)), sites_of(loaded))


def test_a_site_is_labelled_once_with_its_strikes_counted(tiny_layers):
    labels = {label.site: label for label in _labels(tiny_layers, section="strikes")}
    # The strike on Masnaa counts towards the crossing's label; al-Qusayr's strike has no labelled site.
    assert labels["masnaa"].text == "Masnaa crossing (1 strike)"
    assert labels["masnaa"].members == ("strike-masnaa",)
    assert "strike-masnaa" not in labels and "strike-qusayr" not in labels


def test_dimmed_features_are_not_labelled(tiny_layers):
    everything = _labels(tiny_layers)
    in_strikes = _labels(tiny_layers, section="strikes")
    assert {label.site for label in everything} == {"masnaa", "zabadani", "baalbek"}
    # In the strikes section the places are dimmed: only the struck crossing keeps a name.
    assert [label.site for label in in_strikes] == ["masnaa"]


def test_labels_come_in_priority_order(layers):
    labels = _labels(layers)
    ranks = [label.rank for label in labels]
    assert ranks == sorted(ranks)
    assert labels[0].site in {"khmeimim-air-base", "tartus-naval-facility"}


def test_the_shipped_strike_sites_are_named_and_counted(layers):
    labels = {label.site: label.text for label in _labels(layers, section="strikes")}
    assert labels["jousieh-qaa-crossing"].startswith("Jousieh – al-Qaa crossing (")
    assert labels["arida-crossing"] == "Arida crossing (2 strikes)"
    assert all(not site.startswith("strike-") for site in labels)


def test_a_shown_strike_without_its_site_in_view_still_labels_the_site(layers):
    only_strikes = _labels(layers, section="strikes", layers=("strikes",))
    assert "masnaa-crossing" in {label.site for label in only_strikes}
