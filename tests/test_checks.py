"""The checks a bundle must pass: verbatim quotes, sourced coordinates, mapped sections, true geography."""

from __future__ import annotations

import copy

import pytest
import tiny
from shapely.geometry import Point

from dashboard.data.bundles import load_bundle
from dashboard.data.checks import validate_all, validate_bundle
from dashboard.data.geocheck import distance_km, load_basemap
from dashboard.data.layers import load_layers


def _validate(root, change) -> list[str]:
    layers = copy.deepcopy(tiny.LAYERS)
    change(layers)
    tiny.write(root, layers)
    return [str(e) for e in validate_bundle(load_bundle(root, tiny.ID))[0]]


def test_the_tiny_bundle_passes_every_check(tiny_root):
    assert validate_all(tiny_root) == ([tiny.ID], [], [])


def test_a_quote_must_be_verbatim(tmp_path):
    errors = _validate(
        tmp_path, lambda ls: ls["sites"][0]["properties"].update(quote="The Masnaa crossing joins Syria.")
    )
    assert errors == [
        "geodata/tiny/sites.geojson: feature 'masnaa': field 'properties.quote': not found verbatim in the article"
    ]


def test_a_point_must_stand_on_the_coordinate_it_cites(tmp_path):
    errors = _validate(tmp_path, lambda ls: ls["sites"][1].update(geometry=tiny.point(36.1, 33.73)))
    assert errors == [
        "geodata/tiny/sites.geojson: feature 'zabadani': field 'geometry.coordinates': "
        "vertices do not match the cited references ['gazetteer:zabadani']"
    ]


def test_an_unknown_reference_is_named(tmp_path):
    errors = _validate(tmp_path, lambda ls: ls["sites"][1]["properties"].update(location_refs=["gazetteer:atlantis"]))
    assert any("'properties.location_refs': gazetteer:atlantis is not in the gazetteers" in e for e in errors), errors


def test_a_site_must_be_a_labelled_feature(tmp_path):
    errors = _validate(tmp_path, lambda ls: ls["strikes"][0]["properties"].update(site="route"))
    assert [e for e in errors if "'properties.site'" in e] == [
        "geodata/tiny/strikes.geojson: feature 'strike-masnaa': field 'properties.site': "
        "'route' is no feature of a labelled layer"
    ]


def test_a_section_without_features_is_named_unless_it_only_argues(tmp_path):
    def drop_strikes(ls):
        ls["strikes"] = []

    assert _validate(tmp_path, drop_strikes) == [
        "seeds/tiny/sections.json: field 'sections': section 'strikes' has no feature on the map"
    ]


def test_a_feature_outside_its_country_is_named(tmp_path):
    errors = _validate(tmp_path, lambda ls: ls["sites"][1]["properties"].update(country="LBN"))
    assert len(errors) == 1 and "'geometry.coordinates': lies" in errors[0] and "outside LBN" in errors[0]


def test_border_features_are_checked_against_the_border_they_name(tmp_path):
    manifest = copy.deepcopy(tiny.MANIFEST)
    manifest["layers"][0]["border_check"] = True
    layers = copy.deepcopy(tiny.LAYERS)
    layers["sites"] = [layers["sites"][0]]  # Masnaa, the Lebanese post about 4 km from the line
    layers["sites"][0]["properties"]["country"] = "LBN/SYR"
    tiny.write(tmp_path, layers, manifest)
    errors = [str(e) for e in validate_bundle(load_bundle(tmp_path, tiny.ID))[0]]
    assert len(errors) == 1 and "km from the LBN–SYR border (over 2 km and no border_note says why)" in errors[0]
    layers["sites"][0]["properties"]["border_note"] = "The Lebanese post, about 4 km inside Lebanon."
    tiny.write(tmp_path, layers, manifest)
    assert validate_bundle(load_bundle(tmp_path, tiny.ID)) == ([], [])


@pytest.mark.parametrize(
    ("lat", "lon", "km"),
    [(34.42167, 36.54333, 0.79), (34.455, 36.490, 0.00), (34.63389, 35.97556, 0.01), (33.70287, 35.92405, 4.19)],
)
def test_any_border_the_basemap_holds_is_found(lat, lon, km):
    basemap = load_basemap()
    assert distance_km(Point(lon, lat), basemap.border("SYR", "LBN")) == pytest.approx(km, abs=0.02)
    assert basemap.border("LBN", "SYR") is basemap.border("SYR", "LBN")
    assert basemap.border("IRQ", "SYR").length > 3 and basemap.border("RUS", "CHN").length > 30
    assert basemap.border("IRN", "CHN") is None


def test_a_broken_basemap_is_one_error_not_a_crash(tiny_bundle, tmp_path):
    from dashboard.data.geocheck import geo_errors

    layers, _ = load_layers(tiny_bundle)
    (error,) = geo_errors(layers, 2.0, tiny_bundle.layers_dir, tmp_path / "nowhere")
    assert "cannot read the basemap" in error.message


def test_a_final_bundle_must_be_sourced_verified_and_tied_to_actors(tmp_path):
    def unfinished(ls):
        ls["sites"][1]["properties"].update(confidence="unverified", sources=[], actors=[])

    where = "geodata/tiny/sites.geojson: feature 'zabadani': field 'properties"
    assert _validate(tmp_path, unfinished) == [
        f"{where}.confidence': unverified: review it and grade it",
        f"{where}.sources': no outside source yet",
        f"{where}.actors': no actor yet",
    ]
