"""Each kind of broken layer data gives one clear message naming file, feature and field; valid features stay."""

from __future__ import annotations

import copy
import json

import pytest
import tiny

from dashboard.data.bundles import load_bundle
from dashboard.data.geocheck import geo_errors
from dashboard.data.layers import load_layers

SITES = "geodata/tiny/sites.geojson"


def _load(root, change=None, raw: str | None = None):
    layers = copy.deepcopy(tiny.LAYERS)
    if change:
        change(layers)
    tiny.write(root, layers)
    if raw is not None:
        (root / "geodata" / tiny.ID / "sites.geojson").write_text(raw, encoding="utf-8")
    return load_layers(load_bundle(root, tiny.ID))


def _one(errors):
    assert len(errors) == 1, [str(e) for e in errors]
    return errors[0]


def _props(layers, layer, index):
    return layers[layer][index]["properties"]


@pytest.mark.parametrize(
    ("change", "feature", "field", "words"),
    [
        (lambda ls: _props(ls, "sites", 1).pop("confidence"), "zabadani", "properties.confidence", "Field required"),
        (lambda ls: _props(ls, "sites", 1).update(date_from="2015-13-45"), "zabadani", "properties.date_from", "month"),
        (lambda ls: _props(ls, "sites", 1).update(date_from="2020-01-02", date_to="2020-01-01"), "zabadani",
         "properties.date_to", "before"),
        (lambda ls: _props(ls, "sites", 1).update(sections=["places", "atlantis"]), "zabadani", "properties.sections",
         "'atlantis'"),
        (lambda ls: _props(ls, "sites", 1).update(kind="castle"), "zabadani", "properties.kind",
         "'castle' is not a kind of layer 'sites'"),
        (lambda ls: _props(ls, "sites", 1).update(layer="routes"), "zabadani", "properties.layer", "'sites'"),
        (lambda ls: _props(ls, "sites", 1).update(actors=["Martians"]), "zabadani", "properties.actors", "'Martians'"),
        (lambda ls: _props(ls, "sites", 1).update(confidence="sure"), "zabadani", "properties.confidence", "'high'"),
        (lambda ls: _props(ls, "sites", 1).update(provenance="article"), "zabadani", "properties.quote",
         "article's sentence"),
        (lambda ls: _props(ls, "sites", 1).update(location="approximate", accuracy_km=0.2), "zabadani",
         "properties.accuracy_km", "at least"),
        (lambda ls: _props(ls, "sites", 1).update(location_refs=["somewhere"]), "zabadani",
         "properties.location_refs", "'somewhere'"),
        (lambda ls: ls["sites"][1].update(geometry={"type": "LineString", "coordinates": [[36, 33], [36, 34]]}),
         "zabadani", "geometry.type", "not allowed"),
        (lambda ls: ls["sites"][1].update(geometry=tiny.point(200.0, 33.7)), "zabadani", "geometry.coordinates",
         "out of range"),
    ],
)  # fmt: skip
def test_one_broken_field_gives_one_message(tmp_path, change, feature, field, words):
    layers, errors = _load(tmp_path, change)
    error = _one(errors)
    assert (error.file, error.feature, error.field) == (SITES, feature, field)
    assert words in error.message, error.message
    assert str(error).startswith(f"{SITES}: feature '{feature}': field '{field}': ")
    assert [f.id for f in layers["sites"].features] == ["masnaa", "baalbek"]
    assert len(layers["strikes"].features) == 2, "the other layers are served whole"


def test_invalid_json(tmp_path):
    layers, errors = _load(tmp_path, raw='{"type": "FeatureCollection", "features": [')
    error = _one(errors)
    assert error.file == SITES and "invalid JSON at line 1" in error.message and layers["sites"].features == ()


def test_not_utf8(tmp_path):
    tiny.write(tmp_path)
    (tmp_path / "geodata" / tiny.ID / "sites.geojson").write_bytes(b'{"a": "\xff"}')
    error = _one(load_layers(load_bundle(tmp_path, tiny.ID))[1])
    assert error.file == SITES and "not UTF-8" in error.message


def test_a_crs_member_is_refused(tmp_path):
    doc = {"type": "FeatureCollection", "crs": {"type": "name"}, "features": tiny.LAYERS["sites"]}
    assert _one(_load(tmp_path, raw=json.dumps(doc))[1]).field == "crs"


def test_a_missing_file_is_named(tmp_path):
    tiny.write(tmp_path)
    (tmp_path / "geodata" / tiny.ID / "routes.geojson").unlink()
    layers, errors = load_layers(load_bundle(tmp_path, tiny.ID))
    assert [str(e) for e in errors] == ["geodata/tiny/routes.geojson: file is missing"]
    assert layers["routes"].features == () and len(layers["sites"].features) == 3


def test_a_duplicate_id_across_layers_is_reported_once(tmp_path):
    def clone(ls):
        twin = copy.deepcopy(ls["strikes"][0])
        twin["id"] = twin["properties"]["id"] = "masnaa"
        ls["strikes"].append(twin)

    layers, errors = _load(tmp_path, clone)
    error = _one(errors)
    assert (error.file, error.feature, error.field) == ("geodata/tiny/strikes.geojson", "masnaa", "properties.id")
    assert "masnaa" in layers["sites"].ids


def test_html_in_text_is_kept_as_text(tmp_path):
    layers, errors = _load(tmp_path, lambda ls: _props(ls, "sites", 1).update(name="<script>alert(1)</script>"))
    assert errors == [] and layers["sites"].features[1].properties.name == "<script>alert(1)</script>"


def test_features_stay_typed(tiny_layers):
    strike = tiny_layers["strikes"].features[0]
    assert strike.properties.date_from.isoformat() == "2024-10-04" and strike.is_point
    assert strike.to_geojson()["properties"]["date_from"] == "2024-10-04"
    assert strike.shape.x == pytest.approx(tiny.MASNAA[0])


def test_swapped_lat_lon_is_named(tmp_path, tiny_bundle):
    layers, errors = _load(tmp_path, lambda ls: ls["sites"][1].update(geometry=tiny.point(33.725, 36.09722)))
    assert errors == []
    bundle = load_bundle(tmp_path, tiny.ID)
    error = _one(geo_errors(layers, 2.0, bundle.layers_dir))
    assert (error.file, error.feature, error.field) == (SITES, "zabadani", "geometry.coordinates")
    assert "swapped" in error.message
