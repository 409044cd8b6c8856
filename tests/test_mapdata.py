"""What the browser gets: every feature once, in draw order, then a few KB of state per rerun."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from dashboard.core.viewstate import DEFAULT, ViewState
from dashboard.view.filters import shown_features
from dashboard.web import mapdata
from dashboard.web.html import SlideFrame


def test_areas_and_lines_lie_below_points_each_by_the_manifests_draw_rank(tiny_layers):
    doc, index = mapdata.browser_document(mapdata.all_items(tiny_layers))
    order = [(f["g"]["type"] == "Point", f["l"]) for f in doc["features"]]
    assert order == [
        (False, "routes"),
        (True, "strikes"),
        (True, "strikes"),
        (True, "sites"),
        (True, "sites"),
        (True, "sites"),
    ]
    assert sorted(index, key=index.get) == [f["id"] for f in doc["features"]]
    assert [i for start, end in doc["runs"] for i in range(start, end)] == list(range(len(doc["features"])))


def test_a_feature_carries_its_words_as_text_and_its_popup_escaped(tiny_layers):
    doc, index = mapdata.browser_document(mapdata.all_items(tiny_layers))
    masnaa = doc["features"][index["masnaa"]]
    assert (masnaa["n"], masnaa["k"], masnaa["t"]) == ("Masnaa crossing", "Crossing", "undated")
    assert doc["styles"][masnaa["s"]]["shape"] == "diamond" and 'data-feature-id="masnaa"' in masnaa["p"]


def test_approximate_points_carry_their_uncertainty_circle(tiny_layers):
    doc, index = mapdata.browser_document(mapdata.all_items(tiny_layers))
    qusayr = doc["features"][index["strike-qusayr"]]
    assert qusayr["c"][0] == 10_000 and doc["styles"][qusayr["c"][1]]["dashArray"]
    assert "c" not in doc["features"][index["strike-masnaa"]]


@given(st.sets(st.integers(min_value=0, max_value=999)), st.integers(min_value=1000, max_value=1500))
def test_bitmaps_round_trip(chosen, size):
    assert mapdata.positions(mapdata._bits(sorted(chosen), size), size) == sorted(chosen)


def test_a_state_names_exactly_the_shown_and_dimmed_features(layers):
    doc, index = mapdata.browser_document(mapdata.all_items(layers))
    for state in (DEFAULT, ViewState(section="strikes"), ViewState(section="strikes", others="hide")):
        shown = shown_features(layers, state)
        drawn, dimmed = mapdata.drawn(mapdata.map_state(index, shown), doc)
        assert sorted(drawn) == sorted(s.feature.id for s in shown)
        assert sorted(dimmed) == sorted(s.feature.id for s in shown if s.dimmed)


def test_a_state_is_small_and_carries_the_selection_frame_and_banner(layers):
    _, index = mapdata.browser_document(mapdata.all_items(layers))
    shown = shown_features(layers, DEFAULT)
    frame = SlideFrame("T <b>", "sub", "2026-01-21", "sources")
    state = mapdata.map_state(index, shown, "arida-crossing", frame, "draft: unverified")
    assert len(json.dumps(state)) < 12_000
    assert state["selected"] == "arida-crossing" and 'data-feature-id="arida-crossing"' in state["popup"]
    assert state["selected_style"]["color"] == "#000000"
    assert "T &lt;b&gt;" in state["frame"]["title"] and "draft: unverified" in state["banner"]
    assert mapdata.map_state(index, shown, "no-such-id")["selected"] is None
    assert mapdata.map_state(index, shown)["banner"] is None


def test_the_document_is_written_once_under_its_content_hash(tiny_layers, tmp_path):
    doc, _ = mapdata.browser_document(mapdata.all_items(tiny_layers))
    name = mapdata.write_document(doc, tmp_path)
    assert mapdata.write_document(doc, tmp_path) == name and name.startswith("data/features-")
    assert json.loads((tmp_path / name).read_bytes()) == doc
    assert [p.name for p in (tmp_path / "data").iterdir()] == [name.split("/")[1]]
    assert mapdata.write_document(dict(doc, features=doc["features"][:3]), tmp_path) != name


def test_big_layers_draw_on_canvas_and_leave_popups_to_the_rerun(tiny_layers):
    items = mapdata.all_items(tiny_layers)
    small = mapdata.browser_document(items)[0]
    assert not small["canvas"] and all('class="feature-popup"' in f["p"] for f in small["features"])
    many = mapdata.browser_document(items * (mapdata.CANVAS_ABOVE // len(items) + 1))[0]
    assert many["canvas"] and not any("p" in f for f in many["features"])


def test_a_removed_document_is_written_again(tiny_layers, tmp_path):
    data = mapdata.browser_data(tiny_layers, tmp_path)
    (tmp_path / data.name).unlink()
    mapdata.ensure_written(data, tmp_path)
    assert json.loads((tmp_path / data.name).read_bytes()) == data.doc


def test_dated_features_carry_their_days_for_the_playback(tiny_layers):
    doc, index = mapdata.browser_document(mapdata.all_items(tiny_layers))
    by_id = {f["id"]: f for f in doc["features"]}
    assert (by_id["strike-masnaa"]["a"], by_id["strike-masnaa"]["b"]) == ("2024-10-04", "2024-10-04")
    assert (by_id["route"]["a"], by_id["route"]["b"]) == ("2024-01-01", "2024-12-08")
    assert "a" not in by_id["masnaa"] and "b" not in by_id["masnaa"]  # undated: always drawn


def test_the_state_carries_the_playbacks_period_and_paused_day(tiny_bundle, tiny_layers):
    import datetime as dt

    from dashboard.products.selection import Selection

    def time(**update):
        state = ViewState(**update)
        selection = Selection(tiny_bundle, tiny_layers, {}, state)
        _, index = mapdata.browser_document(mapdata.all_items(tiny_layers))
        return mapdata.map_state(index, selection.shown, time=selection.timeline)["time"]

    assert time(section="strikes") == {"period": ["2024-10-01", "2024-11-30"], "moment": None}  # the section's
    assert time() == {"period": ["2024-01-01", "2024-12-08"], "moment": None}  # the whole article: the data's
    assert time(section="strikes", moment=dt.date(2024, 10, 20))["moment"] == "2024-10-20"
