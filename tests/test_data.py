"""The shipped layers are valid, sourced and truthful about where they are."""

from __future__ import annotations

from dashboard.config import LAYERS, PRECISE_POINT_KM, SECTIONS_WITHOUT_FEATURES
from dashboard.validate import quote_errors, read_gazetteers, reference_errors, section_errors


def test_every_layer_file_validates(loaded):
    layers, errors = loaded
    assert [str(e) for e in errors] == []
    assert set(layers) == {spec.id for spec in LAYERS}
    assert all(layer.features for layer in layers.values())


def test_ids_are_unique_across_layers(all_features):
    ids = [f["id"] for f in all_features]
    assert len(ids) == len(set(ids))


def test_every_referenced_section_exists_and_every_section_is_mapped(layers, article, all_features):
    known = set(article.section_ids)
    assert {s for f in all_features for s in f["properties"]["sections"]} <= known
    assert section_errors(layers, article) == []
    mapped = {s for f in all_features for s in f["properties"]["sections"]}
    assert known - mapped <= set(SECTIONS_WITHOUT_FEATURES)


def test_every_quote_is_verbatim_in_the_seed(layers, article, all_features):
    assert quote_errors(layers, article) == []
    quoted = [f for f in all_features if f["properties"]["provenance"] == "article"]
    assert len(quoted) >= 10
    for f in quoted:
        assert article.sections_quoting(f["properties"]["quote"]), f["id"]


def test_every_feature_has_sources_and_a_confidence(all_features):
    for f in all_features:
        p = f["properties"]
        assert p["sources"] and all(s["title"] and s["publisher"] for s in p["sources"]), f["id"]
        assert p["confidence"] in ("high", "medium", "low")
    with_url = sum(1 for f in all_features for s in f["properties"]["sources"] if s.get("url"))
    assert with_url / sum(len(f["properties"]["sources"]) for f in all_features) > 0.9


def test_points_stand_on_their_cited_coordinates(layers):
    assert reference_errors(layers, read_gazetteers()) == []


def test_a_place_without_a_sourced_coordinate_is_never_a_precise_point(all_features):
    refs = read_gazetteers()
    unlocated = {r for r, c in refs.items() if c is None}
    for f in all_features:
        p, kind = f["properties"], f["geometry"]["type"]
        if set(p["location_refs"]) & unlocated or any(r.startswith("derived:") for r in p["location_refs"]):
            assert kind in ("Polygon", "MultiPolygon") or p["accuracy_km"] >= PRECISE_POINT_KM, f["id"]
        if kind == "Point" and p["location"] != "sourced":
            assert p["accuracy_km"] >= PRECISE_POINT_KM, f["id"]


def test_unlocated_crossings_are_areas(layers):
    crossings = {f["id"]: f for f in layers["crossings"].features}
    for fid in ("matraba-crossing", "aboudiyeh-dabousieh-crossing", "jisr-qmar-crossing", "janta-crossing"):
        assert crossings[fid]["geometry"]["type"] == "Polygon"
        assert crossings[fid]["properties"]["location"] == "area"


def test_corridors_say_they_are_directions_not_roads(layers):
    for f in layers["corridors"].features:
        p = f["properties"]
        assert p["accuracy_km"] >= 10
        assert "not a surveyed road" in p["description"]


def test_strikes_are_dated(layers):
    for f in layers["strikes"].features:
        p = f["properties"]
        assert p["date_from"] and p["date_to"] and p["date_from"] <= p["date_to"], f["id"]


def test_saudi_arabia_is_flagged_not_counted(layers):
    brics = {f["id"]: f["properties"] for f in layers["brics"].features}
    members = [p for p in brics.values() if p["status"] == "member"]
    assert len(members) == 10
    saudi = brics["brics-saudi-arabia"]
    assert saudi["status"] != "member" and "unconfirmed" in saudi["status"]


def test_every_feature_lies_in_the_country_it_claims(layers):
    from dashboard.geocheck import country_errors, load_basemap

    assert [str(e) for e in country_errors(layers, load_basemap())] == []


def test_crossings_stand_on_the_border_unless_they_say_why(layers):
    from shapely.geometry import shape

    from dashboard.config import CROSSING_BORDER_TOLERANCE_KM
    from dashboard.geocheck import border_errors, distance_km, load_basemap

    basemap = load_basemap()
    assert border_errors(layers["crossings"], basemap) == []
    far = {
        f["id"]
        for f in layers["crossings"].features
        if distance_km(shape(f["geometry"]), basemap.border) > CROSSING_BORDER_TOLERANCE_KM
    }
    assert far == {"masnaa-crossing"}  # the Lebanese post, about 4 km inside Lebanon, says so
    masnaa = next(f for f in layers["crossings"].features if f["id"] == "masnaa-crossing")
    assert "4 km" in masnaa["properties"]["border_note"]
