"""What changed since an earlier export: the reader's checks and the difference, on small hand-written collections."""

from __future__ import annotations

import copy
import json

import pytest
import tiny

from dashboard.core.features import Feature, LayerFeature
from dashboard.data.earlier import MAX_EXPORT_BYTES, ExportError, parse_export, read_export
from dashboard.view.changes import CHANGED, NEW, NONE, REMOVED, compare, today_features

ABOUT = {
    "article": tiny.ID,
    "title": "A tiny article",
    "status": "final",
    "notice": None,
    "section": "all",
    "data_version": "0123456789abcdef",
    "exported_at": "2026-01-03T09:15:00+00:00",
}


def export_bytes(features: list[dict], **about) -> bytes:
    """An export as geojson_file.py writes it: the flat grade fields beside the properties, and its about block."""
    flat = {"best_reliability": "B", "source_grades": "B;C", "disputed": False, "dispute_summary": ""}
    features = [f | {"properties": f["properties"] | flat} for f in copy.deepcopy(features)]
    doc = {"type": "FeatureCollection", "briefing_map": ABOUT | about, "features": features}
    return json.dumps(doc).encode("utf-8")


def typed(raw: dict) -> Feature:
    return Feature.of(LayerFeature.model_validate(raw))


def earlier_and_today() -> tuple[list[dict], list[dict]]:
    """Today's tiny features, and by hand what an earlier export held of them."""
    today = [f for layer in tiny.LAYERS.values() for f in copy.deepcopy(layer)]
    before = {f["id"]: copy.deepcopy(f) for f in today if f["id"] != "baalbek"}  # baalbek is new since
    gone = tiny.feature("old-site", "sites", "town", tiny.point(36.3, 33.9), name="Old site")
    strike = before["strike-masnaa"]["properties"]
    strike.update(date_from="2024-10-03", status="unconfirmed", confidence="low", credibility=4)
    strike["sources"] = [tiny.SOURCE | {"reliability": "C"}, {**tiny.OTHER_SOURCE, "title": "A retracted report"}]
    before["masnaa"]["geometry"] = tiny.point(35.95, 33.70287)  # about 2.4 km east of today's: beyond its 0.5 km
    before["strike-qusayr"]["geometry"] = tiny.point(36.62, 34.51194)  # about 4 km: within its 10 km accuracy
    return [*before.values(), gone], today


@pytest.fixture()
def difference():
    before, today = earlier_and_today()
    earlier = parse_export(export_bytes(before), "old.geojson", tiny.ID)
    return compare(earlier, [typed(f) for f in today])


def test_new_removed_and_changed_are_counted(difference):
    assert difference.counts == {NEW: 1, REMOVED: 1, CHANGED: 2}
    assert difference.ids(NEW) == ["baalbek"] and difference.ids(REMOVED) == ["old-site"]
    assert set(difference.ids(CHANGED)) == {"strike-masnaa", "masnaa"}


def test_each_changed_field_has_its_before_and_after(difference):
    rows = {(c.field, c.before, c.after) for c in difference.changes if c.feature_id == "strike-masnaa"}
    assert rows == {
        ("date_from", "2024-10-03", "2024-10-04"),
        ("status", "unconfirmed", "open"),
        ("confidence", "low", "moderate"),
        ("credibility", "4 – doubtful", "2 – probably true"),
        ("reliability", "C: A report", "B: A report"),
        ("sources", NONE, "Another report"),
        ("sources", "A retracted report", NONE),
    }


def test_a_move_beyond_the_accuracy_is_a_change_and_one_within_it_is_not(difference):
    (moved,) = [c for c in difference.changes if c.field == "geometry"]
    assert moved.feature_id == "masnaa"
    assert moved.before.startswith("33.7029° N, 35.9500° E ±0.5 km")
    assert moved.after.startswith("33.7029° N, 35.9241° E ±0.5 km, moved 2.")
    assert not [c for c in difference.changes if c.feature_id == "strike-qusayr"]


def test_nothing_changed_is_an_empty_difference():
    _, today = earlier_and_today()
    earlier = parse_export(export_bytes(today), "same.geojson", tiny.ID)
    assert compare(earlier, [typed(f) for f in today]).changes == ()


def test_a_section_export_is_compared_with_that_section_only(tiny_layers):
    strikes = [f for f in tiny.LAYERS["strikes"]]
    earlier = parse_export(export_bytes(strikes, section="strikes"), "strikes.geojson", tiny.ID)
    assert set(today_features(tiny_layers, earlier)) == {"strike-masnaa", "strike-qusayr"}
    assert compare(earlier, today_features(tiny_layers, earlier).values()).changes == ()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n", "old.geojson: not UTF-8 text"),
        (b"{not json", "old.geojson: not JSON (line 1, column 2"),
        (b'{"type": "Feature"}', "old.geojson: field 'type': not a GeoJSON FeatureCollection"),
        (
            json.dumps({"type": "FeatureCollection", "features": []}).encode(),
            "old.geojson: field 'briefing_map': not an export of this dashboard",
        ),
        (
            export_bytes([], article="red-sea-ports"),
            "old.geojson: field 'briefing_map.article': an export of article 'red-sea-ports'",
        ),
        (
            export_bytes([], exported_at="yesterday"),
            "old.geojson: field 'briefing_map.exported_at': 'yesterday' is not an ISO time",
        ),
        (
            export_bytes([tiny.LAYERS["sites"][0] | {"properties": {"name": "No id"}}]),
            "old.geojson: feature '#0': field 'properties.id': missing",
        ),
        (
            export_bytes([tiny.feature("x", "sites", "town", tiny.point(36, 34), confidence="certain")]),
            "old.geojson: feature 'x': field 'properties.confidence'",
        ),
        (
            export_bytes([tiny.LAYERS["sites"][0], tiny.LAYERS["sites"][0]]),
            "old.geojson: feature 'masnaa': field 'properties.id': duplicate id",
        ),
    ],
    ids=["png", "not-json", "not-collection", "not-ours", "other-article", "bad-time", "no-id", "bad-field", "twice"],
)
def test_bad_input_gets_one_message_naming_file_feature_and_field(data, message):
    with pytest.raises(ExportError) as caught:
        parse_export(data, "old.geojson", tiny.ID)
    assert str(caught.value).startswith(message), str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_file_over_the_cap_is_refused_before_it_is_read(tmp_path):
    big = tmp_path / "huge.geojson"
    with big.open("wb") as out:
        out.truncate(MAX_EXPORT_BYTES + 1)
    with pytest.raises(ExportError, match=r"^huge.geojson: file is larger than 20 MB$"):
        read_export(big, tiny.ID)
    with pytest.raises(ExportError, match="larger than 20 MB"):
        parse_export(b" " * (MAX_EXPORT_BYTES + 1), "huge.geojson", tiny.ID)
    with pytest.raises(ExportError, match=r"^gone.geojson: file is missing$"):
        read_export(tmp_path / "gone.geojson", tiny.ID)


def test_the_live_map_marks_each_feature_once_a_removed_one_where_it_was(difference):
    from dashboard.view.changes import change_marks

    marks = {(kind, name): (lat, lon) for lat, lon, kind, name in change_marks(difference)}
    assert set(marks) == {
        (NEW, "Baalbek"),
        (REMOVED, "Old site"),
        (CHANGED, "Masnaa crossing"),
        (CHANGED, "Strike Masnaa"),
    }
    assert marks[(REMOVED, "Old site")] == (33.9, 36.3)  # gone today: marked where the export had it
    assert marks[(CHANGED, "Masnaa crossing")] == (33.70287, 35.92405)  # moved: marked where it is now
