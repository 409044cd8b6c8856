"""AppTest drives the sidebar and checks which feature ids reach the map payload."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import config as c
from dashboard.web.mapview import drawn_ids

APP = str(c.ROOT / "dashboard" / "app.py")


def _run(query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def _args(at: AppTest) -> dict:
    comps = [
        e
        for e in at.main
        if getattr(e, "type", "") == "component_instance" and e.proto.component_name == "streamlit_folium.st_folium"
    ]
    assert len(comps) == 1
    return json.loads(comps[0].proto.json_args)


def _drawn(at: AppTest) -> set[str]:
    args = _args(at)
    return set(drawn_ids(args["script"], args["feature_group"], c.STATIC_DIR)[0])


@pytest.fixture(scope="module")
def default_app():
    return _run()


def test_default_draws_every_feature_with_local_assets(default_app, all_features):
    assert _drawn(default_app) == {f.id for f in all_features}
    args = _args(default_app)
    assert all(u.startswith("../../app/static/") for u in args["js_links"] + args["css_links"])
    assert args["returned_objects"] == ["last_active_drawing"]
    assert len(args["script"]) < 50_000  # the basemap is fetched from static files, not sent each rerun


def test_each_section_changes_the_focus_and_hide_removes_the_rest(all_features):
    at = _run()
    for section in ("treaty", "strikes", "deconfliction"):
        at.sidebar.radio(key=c.KEY_SECTION).set_value(section).run()
        at.sidebar.radio(key=c.KEY_OTHERS).set_value("hide").run()
        assert not at.exception
        expected = {f.id for f in all_features if section in f.properties.sections}
        assert _drawn(at) == expected
        assert at.query_params["section"] == section


def test_layer_toggle_removes_a_layer(layers, bundle):
    at = _run()
    at.sidebar.checkbox(key=c.KEY_LAYER_PREFIX + "strikes").uncheck().run()
    assert not _drawn(at) & set(layers["strikes"].ids)
    assert at.query_params["layers"] == ",".join(i for i in bundle.manifest.layer_ids if i != "strikes")
    at.sidebar.checkbox(key=c.KEY_LAYER_PREFIX + "strikes").check().run()
    assert "layers" not in at.query_params, "every layer on again: the link is short again"


def test_actor_confidence_and_date_filters_change_the_payload(all_features):
    at = _run()
    at.sidebar.multiselect(key=c.KEY_ACTORS).set_value(["China"]).run()
    assert _drawn(at) == {f.id for f in all_features if "China" in f.properties.actors}
    at.sidebar.multiselect(key=c.KEY_ACTORS).set_value([])
    at.sidebar.selectbox(key=c.KEY_CONFIDENCE).set_value("high").run()
    assert _drawn(at) == {f.id for f in all_features if f.properties.confidence == "high"}
    at.sidebar.selectbox(key=c.KEY_CONFIDENCE).set_value("low")
    at.sidebar.radio(key=c.KEY_DATE_MODE).set_value("range").run()
    at.sidebar.slider(key=c.KEY_RANGE).set_value((dt.date(2024, 11, 26), dt.date(2024, 11, 27))).run()
    strikes = {i for i in _drawn(at) if i.startswith("strike-")}
    assert strikes == {"strike-20241126-arida", "strike-20241126-aboudiyeh", "strike-20241126-jisr-qmar"}


def test_query_parameters_seed_the_view(all_features):
    at = _run(
        {
            "section": "deconfliction",
            "others": "hide",
            "conf": "high",
            "lat": "34.5",
            "lon": "36.0",
            "z": "8",
            "sel": "khmeimim-air-base",
        }
    )
    assert at.sidebar.radio(key=c.KEY_SECTION).value == "deconfliction"
    assert at.sidebar.selectbox(key=c.KEY_CONFIDENCE).value == "high"
    assert _drawn(at) == {
        f.id for f in all_features if "deconfliction" in f.properties.sections and f.properties.confidence == "high"
    }
    args = _args(at)
    assert args["center"] == [34.5, 36.0] and args["zoom"] == 8
    assert any("Khmeimim air base" in m.value for m in at.main.markdown)


def test_junk_parameters_give_a_notice_not_an_exception(all_features):
    at = _run({"section": "<script>alert(1)</script>", "conf": "sure", "z": "banana", "layers": "dragons,strikes"})
    notices = [w.value for w in at.main.warning]
    assert notices and any("section" in n for n in notices)
    assert at.sidebar.radio(key=c.KEY_SECTION).value == "all"
    assert _drawn(at) == {f.id for f in all_features if f.layer == "strikes"}


def test_section_text_is_shown_with_places_marked():
    at = _run({"section": "strikes"})
    text = " ".join(m.value for m in at.main.markdown)
    assert ":orange-background[Arida]" in text


def test_the_default_view_keeps_a_short_link(default_app):
    assert "section" not in default_app.query_params
    assert set(default_app.query_params) <= {"lat", "lon", "z"}


def test_briefing_mode_comes_from_the_link_and_frames_the_map(all_features):
    at = _run(
        {
            "section": "strikes",
            "others": "hide",
            "brief": "1",
            "title": "Crossings <b>struck</b>",
            "caveat": "UNCLASSIFIED",
        }
    )
    assert at.sidebar.toggle(key=c.KEY_BRIEFING).value is True
    args = _args(at)
    assert (args["width"], args["height"]) == c.BRIEFING_SIZE_PX
    group = args["feature_group"]
    # The title is escaped to &lt;b&gt; before it reaches HTML (and then JSON-encoded into the script).
    assert "Crossings \\u0026lt;b\\u0026gt;struck" in group and "<b>struck</b>" not in group
    assert "UNCLASSIFIED" in group and "As of 21 January 2026" in group and "North arrow" in group
    assert at.query_params["brief"] == "1"


def test_sources_in_view_lists_exactly_the_shown_features_sources(layers):
    from dashboard.core.viewstate import ViewState
    from dashboard.view.citations import citation_lines
    from dashboard.view.filters import shown_features

    at = _run({"section": "deconfliction", "others": "hide"})
    expected = citation_lines(shown_features(layers, ViewState(section="deconfliction", others="hide")))
    assert not any("Wikipedia" in code.value for code in at.main.code), "sent before the expander was opened"
    at.session_state[c.KEY_SOURCES_OPEN] = True  # the user opens "Sources in view"
    at.run()
    block = next(code.value for code in at.main.code if "Wikipedia" in code.value)
    assert block.splitlines() == expected
    assert any(e.label.startswith(f"Sources in view ({len(expected)})") for e in at.main.expander)


@pytest.fixture()
def two_bundles(tmp_path, monkeypatch, bundle):
    """A data root with the shipped bundle and the tiny one, served by the app."""
    import shutil

    import tiny

    for part in ("seeds", "geodata"):
        shutil.copytree(c.DATA_ROOT / part / bundle.id, tmp_path / part / bundle.id)
    tiny.write(tmp_path)
    monkeypatch.setenv(c.ENV_DATA_ROOT, str(tmp_path))
    return tmp_path


def test_the_chooser_lists_every_bundle_and_switches_the_whole_view(two_bundles, all_features):
    at = _run()
    chooser = at.sidebar.selectbox(key=c.KEY_ARTICLE)
    assert chooser.options == ["Iran and Russia – too close for comfort", "A tiny article"]
    assert chooser.value == "iran-russia-too-close-for-comfort", "links without article= keep their article"
    at.sidebar.radio(key=c.KEY_SECTION).set_value("strikes").run()
    chooser.set_value("tiny").run()
    assert not at.exception
    assert _drawn(at) == {"masnaa", "zabadani", "baalbek", "strike-masnaa", "strike-qusayr", "route"}
    assert at.query_params["article"] == "tiny" and "section" not in at.query_params
    assert at.sidebar.radio(key=c.KEY_SECTION).options == ["Whole article", "Places", "Strikes"]
    layer_boxes = [cb.label for cb in at.sidebar.checkbox if cb.key.startswith(c.KEY_LAYER_PREFIX)]
    assert layer_boxes == ["Sites (3)", "Strikes (2)", "Routes (1)"]
    assert not at.main.warning, "switching article is not an error"


def test_a_link_opens_its_article(two_bundles):
    at = _run({"article": "tiny", "section": "strikes", "others": "hide"})
    assert _drawn(at) == {"strike-masnaa", "strike-qusayr"}
    assert at.sidebar.selectbox(key=c.KEY_ARTICLE).value == "tiny"
    junk = _run({"article": "atlantis"})
    assert any("article='atlantis'" in w.value for w in junk.main.warning)
    assert junk.sidebar.selectbox(key=c.KEY_ARTICLE).value == "iran-russia-too-close-for-comfort"


RED_SEA = """Ports of the Red Sea

Attacks on shipping

The Houthis hold Hodeidah and Sanaa.

Egypt and the canal

Egypt loses revenue as traffic through Port Said and Ismailia falls.
"""


@pytest.fixture(scope="module")
def with_draft(tmp_path_factory):
    """A data root with the shipped bundle and one drafted by draft-article from a text about the Red Sea."""
    import shutil

    from dashboard.cli import main

    root = tmp_path_factory.mktemp("data")
    for part in ("seeds", "geodata"):
        shutil.copytree(
            c.DATA_ROOT / part / "iran-russia-too-close-for-comfort", root / part / "iran-russia-too-close-for-comfort"
        )
    text = root / "red-sea.txt"
    text.write_text(RED_SEA, encoding="utf-8")
    assert main(["--data", str(root), "draft-article", str(text), "--id", "red-sea"]) == 0
    return root


def test_a_drafted_bundle_is_served_beside_the_first_with_its_banner(with_draft, monkeypatch):
    monkeypatch.setenv(c.ENV_DATA_ROOT, str(with_draft))
    at = _run({"article": "red-sea"})
    chooser = at.sidebar.selectbox(key=c.KEY_ARTICLE)
    assert chooser.options == ["Iran and Russia – too close for comfort", "Ports of the Red Sea (draft)"]
    assert _drawn(at) == {"al-hudaydah", "sanaa", "egypt", "port-said", "ismailia"}
    assert any("Draft: unverified, sources missing" in w.value.replace("\\", "") for w in at.main.warning)
    assert "draft: unverified, sources missing" in _args(at)["feature_group"]
    assert at.sidebar.radio(key=c.KEY_SECTION).options == [
        "Whole article",
        "Attacks on shipping",
        "Egypt and the canal",
    ]


def test_every_export_of_a_draft_carries_its_banner(with_draft):
    import io

    from pypdf import PdfReader

    from dashboard.core.viewstate import ViewState
    from dashboard.data.basemap import load_basemap_layers
    from dashboard.data.bundles import load_bundle
    from dashboard.data.layers import load_layers
    from dashboard.products import registry
    from dashboard.products.selection import Selection

    bundle = load_bundle(with_draft, "red-sea")
    selection = Selection(bundle, load_layers(bundle)[0], load_basemap_layers()[0], ViewState())
    banner = "draft: unverified, sources missing"
    out = {fmt: registry.render(fmt, selection) for fmt in registry.FORMATS}
    assert json.loads(out["geojson"])["briefing_map"]["notice"] == banner
    assert len(json.loads(out["geojson"])["features"]) == 5
    assert b"DRAFT: UNVERIFIED, SOURCES MISSING" in out["kml"] and banner.encode() in out["csv"]
    assert banner.encode() in out["html"]
    assert "DRAFT: UNVERIFIED, SOURCES MISSING" in PdfReader(io.BytesIO(out["pdf"])).pages[0].extract_text()
    assert out["png"][:8] == b"\x89PNG\r\n\x1a\n"
