"""The shipped article's bundle: verbatim, fully sectioned, every layer valid, sourced and true to the map."""

from __future__ import annotations

import hashlib

from dashboard.config import DATA_ROOT
from dashboard.core.article import coverage_errors, split_blocks
from dashboard.core.features import PRECISE_POINT_KM
from dashboard.data.checks import quote_errors, reference_errors, section_errors, validate_bundle
from dashboard.data.gazetteer import read_gazetteers
from dashboard.data.geocheck import distance_km, load_basemap


def test_the_shipped_bundle_passes_every_check(bundle):
    errors, lacks = validate_bundle(bundle)
    assert [str(e) for e in errors] == [] and lacks == []


def test_the_text_is_verbatim_and_checksummed(bundle, article):
    raw = (DATA_ROOT / "seeds" / bundle.id / "article.txt").read_bytes()
    assert hashlib.sha256(raw).hexdigest() == article.meta.sha256
    assert article.text.startswith("Monday, 5 January 2026")
    assert "https://www.jpost.com/opinion/article-882233" in article.text
    assert article.meta.outlet == "The Jerusalem Post" and str(article.meta.published_print) == "2026-01-06"


def test_every_block_belongs_to_exactly_one_section(article):
    assert coverage_errors(article) == []
    assert 7 <= len(article.sections) <= 10
    assert "Arida" in " ".join(article.paragraphs("strikes"))


def test_a_paragraph_in_two_sections_is_reported(article):
    doubled = article.sections[0].model_copy(update={"paragraphs": (3, 8)})
    broken = type(article)(
        article.meta, article.text, article.front_matter, article.back_matter, (doubled, *article.sections[1:])
    )
    assert any("block 8" in e and "roots" in e for e in coverage_errors(broken))


def test_split_blocks_keeps_text_untouched():
    assert split_blocks("a b\n\n\xa0 \nc\u2011d\n") == ["a b", "c\u2011d"]


def test_every_layer_of_the_manifest_loads_without_error(loaded, bundle):
    layers, errors = loaded
    assert [str(e) for e in errors] == []
    assert tuple(layers) == bundle.manifest.layer_ids and all(layer.features for layer in layers.values())


def test_quotes_references_and_sections(layers, bundle, all_features):
    assert quote_errors(layers, bundle) == [] and section_errors(layers, bundle) == []
    assert reference_errors(layers, read_gazetteers(), bundle) == []
    assert sum(f.properties.provenance == "article" for f in all_features) >= 10


def test_every_feature_has_sources_and_a_confidence(all_features):
    for f in all_features:
        assert f.properties.sources and f.properties.confidence in ("high", "moderate", "low"), f.id
    sources = [s for f in all_features for s in f.properties.sources]
    assert sum(1 for s in sources if s.url) / len(sources) > 0.9


def test_a_place_without_a_sourced_coordinate_is_never_a_precise_point(all_features):
    unlocated = {r for r, c in read_gazetteers().items() if c is None}
    for f in all_features:
        p = f.properties
        if set(p.location_refs) & unlocated or any(r.startswith("derived:") for r in p.location_refs):
            assert not f.is_point or p.accuracy_km >= PRECISE_POINT_KM, f.id


def test_unlocated_crossings_are_areas(layers):
    crossings = {f.id: f for f in layers["crossings"].features}
    for fid in ("matraba-crossing", "aboudiyeh-dabousieh-crossing", "jisr-qmar-crossing", "janta-crossing"):
        assert not crossings[fid].is_point and crossings[fid].properties.location == "area"


def test_corridors_say_they_are_directions_not_roads(layers):
    for f in layers["corridors"].features:
        assert f.properties.accuracy_km >= 10 and "not a surveyed road" in f.properties.description


def test_strikes_are_dated(layers):
    for f in layers["strikes"].features:
        p = f.properties
        assert p.date_from and p.date_to and p.date_from <= p.date_to, f.id


def test_saudi_arabia_is_flagged_not_counted(layers):
    brics = {f.id: f.properties for f in layers["brics"].features}
    assert sum(p.kind == "brics_member" for p in brics.values()) == 10
    saudi = brics["brics-saudi-arabia"]
    assert saudi.kind == "brics_unconfirmed" and "unconfirmed" in saudi.status


def test_crossings_stand_on_the_border_unless_they_say_why(layers, bundle):
    basemap, tolerance = load_basemap(), bundle.manifest.border_tolerance_km
    far = {f.id for f in layers["crossings"].features if distance_km(f.shape, basemap.border("LBN", "SYR")) > tolerance}
    assert far == {"masnaa-crossing"}  # the Lebanese post, about 4 km inside Lebanon, says so
    masnaa = next(f for f in layers["crossings"].features if f.id == "masnaa-crossing")
    assert "4 km" in masnaa.properties.border_note
