"""Each kind of broken input gives one clear message naming file, feature and field."""

from __future__ import annotations

import copy
import json

import pytest

from dashboard.config import LAYERS, LAYERS_DIR
from dashboard.data import load_layer, load_layers
from dashboard.geocheck import geo_errors

FACILITIES = next(spec for spec in LAYERS if spec.id == "facilities")


@pytest.fixture()
def facilities_doc():
    """A fresh copy of the shipped facilities layer."""
    return json.loads((LAYERS_DIR / FACILITIES.file).read_text(encoding="utf-8"))


def _load(tmp_path, doc, sections):
    path = tmp_path / FACILITIES.file
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")
    return load_layer(FACILITIES, sections, tmp_path)


def _one(errors):
    assert len(errors) == 1, [str(e) for e in errors]
    return errors[0]


def test_missing_field(tmp_path, facilities_doc, article):
    del facilities_doc["features"][1]["properties"]["confidence"]
    layer, errors = _load(tmp_path, facilities_doc, set(article.section_ids))
    error = _one(errors)
    assert (error.file, error.feature, error.field) == (
        "facilities.geojson",
        "tartus-naval-facility",
        "properties.confidence",
    )
    assert str(error).startswith("facilities.geojson: feature 'tartus-naval-facility': field 'properties.confidence'")
    assert layer.ids == ["khmeimim-air-base"]


def test_bad_date(tmp_path, facilities_doc, article):
    facilities_doc["features"][0]["properties"]["date_from"] = "2015-13-45"
    layer, errors = _load(tmp_path, facilities_doc, set(article.section_ids))
    error = _one(errors)
    assert (error.feature, error.field) == ("khmeimim-air-base", "properties.date_from")
    assert layer.ids == ["tartus-naval-facility"]


def test_dates_in_the_wrong_order(tmp_path, facilities_doc, article):
    facilities_doc["features"][0]["properties"].update(date_from="2020-01-02", date_to="2020-01-01")
    error = _one(_load(tmp_path, facilities_doc, set(article.section_ids))[1])
    assert (error.feature, error.field) == ("khmeimim-air-base", "properties.date_to")


def test_unknown_section(tmp_path, facilities_doc, article):
    facilities_doc["features"][0]["properties"]["sections"] = ["deconfliction", "atlantis"]
    error = _one(_load(tmp_path, facilities_doc, set(article.section_ids))[1])
    assert (error.feature, error.field) == ("khmeimim-air-base", "properties.sections")
    assert "'atlantis'" in error.message


def test_invalid_json(tmp_path, article):
    layer, errors = _load(tmp_path, '{"type": "FeatureCollection", "features": [', set(article.section_ids))
    error = _one(errors)
    assert error.file == "facilities.geojson" and "invalid JSON at line 1" in error.message
    assert layer.features == ()


def test_crs_member_is_refused(tmp_path, facilities_doc, article):
    facilities_doc["crs"] = {"type": "name", "properties": {"name": "EPSG:3857"}}
    error = _one(_load(tmp_path, facilities_doc, set(article.section_ids))[1])
    assert error.field == "crs"


def test_swapped_lat_lon(tmp_path, article):
    layers, errors = load_layers(set(article.section_ids))
    assert errors == []
    doc = json.loads((LAYERS_DIR / FACILITIES.file).read_text(encoding="utf-8"))
    lon, lat = doc["features"][1]["geometry"]["coordinates"]
    doc["features"][1]["geometry"]["coordinates"] = [lat, lon]
    (tmp_path / FACILITIES.file).write_text(json.dumps(doc), encoding="utf-8")
    broken, load_errors = load_layer(FACILITIES, set(article.section_ids), tmp_path)
    assert load_errors == []
    error = _one(geo_errors({"facilities": broken}))
    assert (error.file, error.feature, error.field) == (
        "facilities.geojson",
        "tartus-naval-facility",
        "geometry.coordinates",
    )
    assert "swapped" in error.message


def test_duplicate_id_across_layers_is_reported_once(tmp_path, article):
    for spec in LAYERS:
        (tmp_path / spec.file).write_text((LAYERS_DIR / spec.file).read_text(encoding="utf-8"), encoding="utf-8")
    places = json.loads((tmp_path / "places.geojson").read_text(encoding="utf-8"))
    clone = copy.deepcopy(places["features"][0])
    clone["id"] = clone["properties"]["id"] = "khmeimim-air-base"
    places["features"].append(clone)
    (tmp_path / "places.geojson").write_text(json.dumps(places), encoding="utf-8")
    layers, errors = load_layers(set(article.section_ids), tmp_path)
    error = _one(errors)
    assert (error.file, error.feature, error.field) == ("places.geojson", "khmeimim-air-base", "properties.id")
    assert "khmeimim-air-base" in layers["facilities"].ids


def test_html_in_text_is_kept_as_text(tmp_path, facilities_doc, article):
    facilities_doc["features"][0]["properties"]["name"] = "<script>alert(1)</script>"
    layer, errors = _load(tmp_path, facilities_doc, set(article.section_ids))
    assert errors == [] and layer.features[0]["properties"]["name"] == "<script>alert(1)</script>"
