"""Style is a pure function of the manifest's kinds and a feature's properties."""

from __future__ import annotations

import re

from dashboard.view.styles import CONFIDENCE_OPACITY, UNCERTAIN_DASH, style_for, symbol_for

HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


def _item(layers, layer, fid):
    return next(f for f in layers[layer].features if f.id == fid), layers[layer].spec


def test_each_kind_looks_as_its_manifest_says(tiny_layers):
    masnaa, sites = _item(tiny_layers, "sites", "masnaa")
    style = style_for(sites, masnaa.properties)
    assert (style["shape"], style["fillColor"], style["radius"]) == ("diamond", "#E69F00", 8)
    route, routes = _item(tiny_layers, "routes", "route")
    assert style_for(routes, route.properties) == {"color": "#CC79A7", "weight": 4, "opacity": 1.0, "dashArray": "10 6"}


def test_periods_colour_events_by_date_and_name_them_in_the_legend(tiny_layers):
    early, strikes = _item(tiny_layers, "strikes", "strike-masnaa")
    late, _ = _item(tiny_layers, "strikes", "strike-qusayr")
    assert symbol_for(strikes, early.properties).label == "Strike, Sep–Oct 2024"
    assert symbol_for(strikes, late.properties).color == "#b30000"


def test_confidence_is_shown_by_opacity_and_dimming_fades(tiny_layers):
    masnaa, sites = _item(tiny_layers, "sites", "masnaa")
    opacities = [
        style_for(sites, masnaa.properties.model_copy(update={"confidence": c}))["opacity"]
        for c in ("high", "moderate", "low")
    ]
    assert opacities == sorted(opacities, reverse=True) == [CONFIDENCE_OPACITY[c] for c in ("high", "moderate", "low")]
    assert style_for(sites, masnaa.properties, dimmed=True)["opacity"] < opacities[0]


def test_an_approximate_or_area_place_is_dashed_a_country_is_not(tiny_layers, layers):
    qusayr, strikes = _item(tiny_layers, "strikes", "strike-qusayr")
    assert style_for(strikes, qusayr.properties.model_copy(update={"location": "area"}))["dashArray"] == UNCERTAIN_DASH
    iran = next(f for f in layers["brics"].features if f.id == "brics-iran")
    assert style_for(layers["brics"].spec, iran.properties)["dashArray"] is None


def test_every_shipped_feature_has_a_style(layers):
    for layer in layers.values():
        for f in layer.features:
            style = style_for(layer.spec, f.properties)
            assert HEX.match(style["color"]) and 0 < style["opacity"] <= 1, f.id
            assert style_for(layer.spec, f.properties, dimmed=True)["opacity"] < style["opacity"]


def test_official_and_informal_crossings_and_confirmed_members_differ(layers):
    crossings = {
        f.properties.kind: symbol_for(layers["crossings"].spec, f.properties) for f in layers["crossings"].features
    }
    assert crossings["official_crossing"] != crossings["informal_crossing"]
    brics = {f.properties.kind: symbol_for(layers["brics"].spec, f.properties) for f in layers["brics"].features}
    assert brics["brics_member"].label == "BRICS member" and brics["brics_unconfirmed"].hollow


def test_shipped_strikes_are_coloured_by_date(layers):
    spec = layers["strikes"].spec
    assert len({symbol_for(spec, f.properties).color for f in layers["strikes"].features}) >= 3
