"""An article is a bundle of data: found by folder, read strictly, every problem named by file and field."""

from __future__ import annotations

import json

import pytest
import tiny
import tomli_w

from dashboard.core.bundle import Bundle, default_bundle_id
from dashboard.data.bundles import bundle_ids, load_bundle, load_bundles
from dashboard.data.errors import BundleError


def _errors(root, bundle_id=tiny.ID) -> list[str]:
    with pytest.raises(BundleError) as info:
        load_bundle(root, bundle_id)
    return [str(e) for e in info.value.errors]


def test_a_bundle_is_found_by_its_folders_and_read(tiny_root):
    assert bundle_ids(tiny_root) == [tiny.ID]
    bundle = load_bundle(tiny_root, tiny.ID)
    assert bundle.title == "A tiny article" and not bundle.is_draft and bundle.banner is None
    assert bundle.article.section_ids == ("places", "strikes")
    assert bundle.manifest.layer_ids == ("sites", "strikes", "routes")
    assert bundle.manifest.layer("strikes").event and bundle.layers_dir == tiny_root / "geodata" / tiny.ID


def test_a_changed_text_no_longer_matches_its_checksum(tiny_root):
    (tiny_root / "seeds" / tiny.ID / "article.txt").write_text(tiny.TEXT + "x", encoding="utf-8")
    assert _errors(tiny_root) == ["seeds/tiny/article.txt: text changed: its sha256 no longer matches meta.json"]


def test_a_missing_manifest_is_named(tiny_root):
    (tiny_root / "geodata" / tiny.ID / "manifest.toml").unlink()
    assert _errors(tiny_root) == ["geodata/tiny/manifest.toml: file is missing"]


def test_invalid_toml_is_named(tiny_root):
    (tiny_root / "geodata" / tiny.ID / "manifest.toml").write_text("status = ", encoding="utf-8")
    (error,) = _errors(tiny_root)
    assert error.startswith("geodata/tiny/manifest.toml: invalid TOML")


def _manifest(tiny_root, change) -> list[str]:
    manifest = json.loads(json.dumps(tiny.MANIFEST))
    change(manifest)
    (tiny_root / "geodata" / tiny.ID / "manifest.toml").write_text(tomli_w.dumps(manifest), encoding="utf-8")
    return _errors(tiny_root)


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (lambda m: m["layers"][0]["kinds"]["town"].update(color="black"), "layers.0.kinds.town.color", "pattern"),
        (lambda m: m["layers"][0]["kinds"]["town"].update(shape="star"), "layers.0.kinds.town.shape", "circle"),
        (lambda m: m["layers"][0].update(label_rank=None) or m["layers"][0].pop("label_rank"), "layers.0.label_rank",
         "label rank"),
        (lambda m: m["layers"][1].update(group="Nowhere"), "layers", "not one of the groups"),
        (lambda m: m["layers"].append(m["layers"][0]), "layers", "duplicate layer id"),
        (lambda m: m["layers"][0].update(colour="#000000"), "layers.0.colour", "Extra inputs"),
        (lambda m: m["layers"][1]["kinds"]["strike"]["periods"].reverse(), "layers.1.kinds.strike.periods",
         "date order"),
    ],
)  # fmt: skip
def test_a_bad_manifest_names_its_field(tiny_root, change, field, words):
    errors = _manifest(tiny_root, change)
    assert any(e.startswith(f"geodata/tiny/manifest.toml: field '{field}'") and words in e for e in errors), errors


def test_metadata_must_name_its_own_folder(tiny_root):
    path = tiny_root / "seeds" / tiny.ID / "meta.json"
    meta = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**meta, "id": "other"}), encoding="utf-8")
    assert _errors(tiny_root) == ["seeds/tiny/meta.json: field 'id': 'other' differs from the folder name"]


def test_a_broken_bundle_is_skipped_and_the_others_served(tiny_root):
    other = tiny_root / "seeds" / "broken"
    other.mkdir()
    (other / "meta.json").write_text("{", encoding="utf-8")
    bundles, errors = load_bundles(tiny_root)
    assert list(bundles) == [tiny.ID]
    assert [str(e) for e in errors][0].startswith("seeds/broken/meta.json: invalid JSON")


def test_the_default_bundle_is_a_final_one(tiny_bundle):
    draft = Bundle("a-draft", tiny_bundle.article, tiny_bundle.manifest.model_copy(update={"status": "draft"}), None)
    bundles = {"a-draft": draft, tiny.ID: tiny_bundle}
    assert default_bundle_id(bundles) == tiny.ID
    assert default_bundle_id(bundles, preferred="a-draft") == "a-draft"
    assert default_bundle_id({"a-draft": draft}) == "a-draft" and default_bundle_id({}) is None
