"""The trust rules: each fails on a small hand-written bad example and passes on the shipped data."""

from __future__ import annotations

import copy

import pytest
import tiny

from dashboard.config import DATA_ROOT
from dashboard.core.features import Source
from dashboard.data.bundles import load_bundle
from dashboard.data.checks import validate_bundle
from dashboard.data.trust import origin

SITES = "geodata/tiny/sites.geojson"


def _box(west: float, south: float, east: float, north: float) -> dict:
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


LEBANON_AREA = _box(35.9, 33.9, 36.0, 34.0)
# Straddles the border at Masnaa, about a quarter of it in Lebanon.
SYRIA_AREA = _box(35.9, 33.7, 36.2, 33.75)


def _errors(root, change) -> list[str]:
    layers, manifest = copy.deepcopy(tiny.LAYERS), copy.deepcopy(tiny.MANIFEST)
    manifest["layers"][0]["geometries"] = ["Point", "Polygon"]
    change(layers)
    tiny.write(root, layers, manifest)
    return [str(e) for e in validate_bundle(load_bundle(root, tiny.ID))[0]]


def _as_area(feature: dict, geometry: dict, country: str) -> None:
    feature["geometry"] = geometry
    feature["properties"].update(location="area", location_refs=["derived: a test area"], country=country)


def test_high_confidence_needs_two_independent_sources_with_urls(tmp_path):
    def one_source(ls):
        ls["sites"][1]["properties"]["sources"] = [tiny.SOURCE]

    assert _errors(tmp_path, one_source) == [
        f"{SITES}: feature 'zabadani': field 'properties.confidence': high confidence needs at least 2 independent "
        "sources with URLs (different outlets, not copies of one wire report); found 1: a wire"
    ]


def test_two_reprints_of_one_wire_are_one_source(tmp_path):
    def wire_copies(ls):
        ls["sites"][1]["properties"]["sources"] = [
            {**tiny.SOURCE, "publisher": "Paper One (AFP)"},
            {**tiny.OTHER_SOURCE, "publisher": "AFP via a portal"},
        ]

    errors = _errors(tmp_path, wire_copies)
    assert len(errors) == 1 and "found 1: AFP" in errors[0]


def test_a_citation_without_url_needs_a_reason(tmp_path):
    def no_url(ls):
        ls["sites"][1]["properties"]["sources"][1] = {**tiny.OTHER_SOURCE, "url": None}
        ls["sites"][1]["properties"]["confidence"] = "moderate"

    assert _errors(tmp_path, no_url) == [
        f"{SITES}: feature 'zabadani': field 'properties.sources.1.no_url_reason': "
        "'A paper' has no URL and no stated reason"
    ]


def test_every_grade_must_be_present(tmp_path):
    def ungraded(ls):
        props = ls["sites"][1]["properties"]
        props["credibility"] = None
        props["sources"][0] = {k: v for k, v in tiny.SOURCE.items() if not k.startswith("reliability")}

    assert _errors(tmp_path, ungraded) == [
        f"{SITES}: feature 'zabadani': field 'properties.credibility': no credibility grade (1 confirmed … 6 cannot "
        "be judged)",
        f"{SITES}: feature 'zabadani': field 'properties.sources.0.reliability': 'A wire' has no reliability grade "
        "(A … F)",
    ]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("credibility", 7, "properties.credibility': Input should be less than or equal to 6"),
        ("reliability", "G", "properties.sources.0.reliability': Input should be 'A', 'B', 'C', 'D', 'E' or 'F'"),
    ],
)
def test_every_grade_must_be_valid(tmp_path, field, value, message):
    def bad_grade(ls):
        props = ls["sites"][1]["properties"]
        if field == "credibility":
            props["credibility"] = value
        else:
            props["sources"][0] = {**tiny.SOURCE, "reliability": value}

    errors = _errors(tmp_path, bad_grade)
    assert any(message in e for e in errors), errors


def test_a_dispute_cites_only_the_features_sources(tmp_path):
    def bad_dispute(ls):
        ls["strikes"][1]["properties"]["disputes"][0]["versions"][1]["sources"] = [5]

    errors = _errors(tmp_path, bad_dispute)
    assert any("'properties.disputes': a date version cites a source the feature does not list" in e for e in errors)


def test_an_area_lies_mostly_in_its_country(tmp_path):
    assert _errors(tmp_path, lambda ls: _as_area(ls["sites"][2], LEBANON_AREA, "LBN")) == []
    assert _errors(tmp_path, lambda ls: _as_area(ls["sites"][2], SYRIA_AREA, "LBN")) == [
        f"{SITES}: feature 'baalbek': field 'geometry': only 27% of the area lies in LBN (at least 50% must): "
        "draw it on its own side of the border"
    ]


def test_two_places_do_not_share_one_geometry(tmp_path):
    def same_shape(ls):
        _as_area(ls["sites"][1], LEBANON_AREA, "LBN")
        _as_area(ls["sites"][2], LEBANON_AREA, "LBN")

    assert _errors(tmp_path, same_shape) == [
        f"{SITES}: feature 'baalbek': field 'geometry': same geometry as 'zabadani' ({SITES}), a different place: "
        "draw each place its own shape, or name the shared one as the site"
    ]


def test_a_strike_may_share_the_geometry_of_its_site(tiny_root):
    assert validate_bundle(load_bundle(tiny_root, tiny.ID))[0] == []


@pytest.mark.parametrize(
    ("publisher", "expected"),
    [
        ("Business Standard (Reuters)", "Reuters"),
        ("AFP via SpaceWar.com", "AFP"),
        ("APP (Associated Press of Pakistan; CGTN)", "APP"),
        ("KESQ (Associated Press)", "AP"),
        ("The Times of Israel", "times of israel"),
        ("Arab News (Pakistan edition)", "arab news"),
    ],
)
def test_origin_names_the_wire_or_the_outlet(publisher, expected):
    assert origin(Source(title="t", publisher=publisher)) == expected


def test_the_shipped_bundle_passes_every_trust_rule():
    bundle = load_bundle(DATA_ROOT, "iran-russia-too-close-for-comfort")
    assert validate_bundle(bundle)[0] == []
