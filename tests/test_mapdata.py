"""What the browser gets: every feature once, in draw order, then a few KB of state per rerun."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from dashboard import mapdata
from dashboard.filters import shown_features
from dashboard.popups import SlideFrame
from dashboard.urlstate import DEFAULT, ViewState


def test_every_area_and_line_is_drawn_below_every_point(layers):
    doc, index = mapdata.browser_document(mapdata.all_items(layers))
    kinds = [f["g"]["type"] == "Point" for f in doc["features"]]
    assert kinds == sorted(kinds), "a point comes before an area"
    assert doc["features"][0]["l"] == "brics" and doc["features"][-1]["l"] == "facilities"
    assert sorted(index, key=index.get) == [f["id"] for f in doc["features"]]
    # Runs cover the document once, each one layer and one kind of geometry.
    spans = [i for start, end in doc["runs"] for i in range(start, end)]
    assert spans == list(range(len(doc["features"])))
    for start, end in doc["runs"]:
        assert len({(f["l"], f["g"]["type"] == "Point") for f in doc["features"][start:end]}) == 1


def test_approximate_points_carry_their_uncertainty_circle(layers):
    doc, index = mapdata.browser_document(mapdata.all_items(layers))
    qusayr = doc["features"][index["strike-20241107-al-qusayr"]]
    assert qusayr["c"][0] == 10_000 and doc["styles"][qusayr["c"][1]]["dashArray"]
    assert "c" not in doc["features"][index["strike-20241126-arida"]]


def test_tooltips_in_the_document_are_escaped(layers):
    items = mapdata.all_items(layers)
    evil = dict(items[0].feature, properties={**items[0].feature["properties"], "name": "<img src=x onerror=alert(1)>"})
    doc, _ = mapdata.browser_document([mapdata.Shown(items[0].layer, evil, False)])
    assert "<img" not in doc["features"][0]["t"] and "&lt;img src=x" in doc["features"][0]["t"]


@given(st.sets(st.integers(min_value=0, max_value=999)), st.integers(min_value=1000, max_value=1500))
def test_bitmaps_round_trip(chosen, size):
    assert mapdata.positions(mapdata._bits(sorted(chosen), size), size) == sorted(chosen)


def test_a_state_names_exactly_the_shown_and_dimmed_features(layers):
    doc, index = mapdata.browser_document(mapdata.all_items(layers))
    for state in (DEFAULT, ViewState(section="strikes"), ViewState(section="strikes", others="hide")):
        shown = shown_features(layers, state)
        drawn, dimmed = mapdata.drawn(mapdata.map_state(index, shown), doc)
        assert sorted(drawn) == sorted(s.feature["id"] for s in shown)
        assert sorted(dimmed) == sorted(s.feature["id"] for s in shown if s.dimmed)


def test_a_state_is_small_and_carries_the_selection_and_frame(layers):
    _, index = mapdata.browser_document(mapdata.all_items(layers))
    shown = shown_features(layers, DEFAULT)
    frame = SlideFrame("T <b>", "sub", "2026-01-21", "sources")
    state = mapdata.map_state(index, shown, "arida-crossing", frame)
    assert len(json.dumps(state)) < 12_000
    assert state["selected"] == "arida-crossing" and 'data-feature-id="arida-crossing"' in state["popup"]
    assert state["selected_style"]["color"] == "#000000"
    assert "T &lt;b&gt;" in state["frame"]["title"] and "T <b>" not in state["frame"]["title"]
    assert mapdata.map_state(index, shown, "no-such-id")["selected"] is None


def test_the_document_is_written_once_under_its_content_hash(layers, tmp_path):
    doc, _ = mapdata.browser_document(mapdata.all_items(layers))
    name = mapdata.write_document(doc, tmp_path)
    assert mapdata.write_document(doc, tmp_path) == name and name.startswith("data/features-")
    assert json.loads((tmp_path / name).read_bytes()) == doc
    assert [p.name for p in (tmp_path / "data").iterdir()] == [name.split("/")[1]]
    smaller = dict(doc, features=doc["features"][:3])
    assert mapdata.write_document(smaller, tmp_path) != name


def test_big_layers_draw_on_canvas_and_leave_popups_to_the_rerun(layers):
    items = mapdata.all_items(layers)
    small = mapdata.browser_document(items)[0]
    assert not small["canvas"] and all('class="feature-popup"' in f["p"] for f in small["features"])
    many = mapdata.browser_document(items * (mapdata.CANVAS_ABOVE // len(items) + 1))[0]
    assert many["canvas"] and not any("p" in f for f in many["features"])


def test_a_removed_document_is_written_again(layers, tmp_path):
    data = mapdata.browser_data(layers, tmp_path)
    (tmp_path / data.name).unlink()
    mapdata.ensure_written(data, tmp_path)
    assert json.loads((tmp_path / data.name).read_bytes()) == data.doc


def test_a_run_and_every_export_leave_the_shared_layers_as_they_were(article, layers):
    """The app shares one loaded copy of the layers and basemap between sessions (st.cache_resource)."""
    import copy

    from dashboard import briefing, citations, textpanel
    from dashboard.basemap import load_basemap_layers

    basemap = load_basemap_layers()[0]
    before = copy.deepcopy((layers, basemap))
    _, index = mapdata.browser_document(mapdata.all_items(layers))
    for section in ("all", "strikes", "deconfliction"):
        state = ViewState(section=section, selected="arida-crossing")
        shown = shown_features(layers, state)
        mapdata.map_state(index, shown, state.selected)
        briefing.slide_for(article, layers, state, None, None, shown)
        citations.citation_lines(shown)
        names = textpanel.place_names([s.feature for s in shown])
        textpanel.section_markdown(article, article.section_ids[0], names)
        for item in shown:
            textpanel.feature_markdown(item.layer, item.feature["properties"], article)
        for fmt in ("geojson", "kml", "csv", "html") + (("png",) if section == "strikes" else ()):
            briefing.render(fmt, article, layers, basemap, state, (1920, 1080), "Title", None)
    assert (layers, basemap) == before
