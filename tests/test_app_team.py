"""AppTest of the team's workspace: read-only without the key, overlays uploaded and drawn, a CSV's columns
confirmed, a hostile file refused, saved views, notes and a conflicting edit."""

from __future__ import annotations

import html
import json
from urllib.parse import parse_qsl

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import config as c
from dashboard.store.db import open_store
from dashboard.store.notes import list_notes, update_note
from dashboard.store.overlays import count_overlays
from dashboard.web.offline import ASSET_PREFIX
from dashboard.web.team import drawn_overlays

APP = str(c.ROOT / "dashboard" / "app.py")
KEY = "test-workspace-key"
POINTS = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"name": "CP <b>1</b>"},
            "geometry": {"type": "Point", "coordinates": [36.0, 34.0]},
        },
        {"type": "Feature", "properties": {"name": "CP 2"}, "geometry": {"type": "Point", "coordinates": [36.2, 34.1]}},
    ],
}
HOSTILE_KML = b"""<?xml version="1.0"?>
<!DOCTYPE kml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><name>&xxe;</name><Point><coordinates>36,34</coordinates></Point>
</Placemark></kml>"""
DRAWN_POINT = {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [36.1, 34.2]}}


@pytest.fixture()
def workspace(tmp_path, monkeypatch):
    """A fresh store in a temporary folder, and a configured workspace key."""
    monkeypatch.setenv(c.ENV_STATE_DIR, str(tmp_path))
    monkeypatch.delenv(c.ENV_DATABASE_URL, raising=False)
    monkeypatch.setenv(c.ENV_WORKSPACE_KEY, KEY)
    return tmp_path


def _engine(folder):
    return open_store(f"sqlite:///{folder / c.DATABASE_FILE}")


def _run(key: str | None = KEY, author: str = "Ana", query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.session_state[c.KEY_UPLOAD_OPEN] = True  # the user opens "Add an overlay"
    for name, value in (query or {}).items():
        at.query_params[name] = value
    if key is not None:
        at.session_state[c.KEY_WORKSPACE_KEY] = key
        at.session_state[c.KEY_AUTHOR] = author
    at.run()
    assert not at.exception, at.exception
    return at


def _map_args(at: AppTest) -> dict:
    comps = [e for e in at.main if getattr(e, "proto", None) is not None and getattr(e.proto, "component_name", "")]
    return json.loads(next(e for e in comps if e.proto.component_name == "streamlit_folium.st_folium").proto.json_args)


def _upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.sidebar.file_uploader(key=c.KEY_OVERLAY_FILE).set_value((name, data, "application/octet-stream")).run()
    assert not at.exception, at.exception
    return at


def _html(block) -> list[str]:
    """The bodies of the st.html elements in a block."""
    return [e.proto.body for e in block if getattr(e, "type", "") == "html"]


def _texts(elements) -> str:
    return " ".join(str(e.value) for e in elements)


def test_without_a_configured_key_the_app_is_read_only(tmp_path, monkeypatch):
    monkeypatch.setenv(c.ENV_STATE_DIR, str(tmp_path))
    monkeypatch.delenv(c.ENV_WORKSPACE_KEY, raising=False)
    at = _run(key="anything")
    assert c.READ_ONLY_NO_KEY in _texts(at.sidebar.info)
    assert at.sidebar.file_uploader(key=c.KEY_OVERLAY_FILE).disabled
    at.session_state[c.KEY_VIEWS_OPEN] = True  # the user opens "Saved views"
    at.run()
    assert at.sidebar.button(key=c.KEY_VIEW_SAVE).disabled
    assert "L.Control.Draw" not in _map_args(at)["script"], "no drawing tools without the key"


def test_a_wrong_key_reads_only_and_the_key_stays_out_of_the_url(workspace):
    at = _run(key="not-the-key")
    assert c.READ_ONLY_WRONG_KEY in _texts(at.sidebar.info)
    assert at.sidebar.file_uploader(key=c.KEY_OVERLAY_FILE).disabled
    assert "not-the-key" not in json.dumps(dict(at.query_params))


def test_an_uploaded_geojson_is_listed_under_team_overlays_and_drawn(workspace):
    at = _upload(_run(), "checkpoints.geojson", json.dumps(POINTS).encode())
    assert c.WRITABLE in _texts(at.sidebar.success)
    assert "L.Control.Draw" in _map_args(at)["script"], "a writer gets the drawing tools"
    at.sidebar.text_input(key=c.KEY_OVERLAY_NAME).set_value("Checkpoints")
    at.sidebar.button(key=c.KEY_OVERLAY_ADD).click().run()
    assert not at.exception and not at.sidebar.error
    assert "Added 'Checkpoints'" in _texts(at.sidebar.success).replace("\\", "")
    assert at.sidebar.checkbox(key=c.KEY_OVERLAY_SHOW_PREFIX + "1").label == "Checkpoints (2)"
    args = _map_args(at)
    drawn = drawn_overlays(args["feature_group"], c.STATIC_DIR, ASSET_PREFIX)
    assert [f["properties"]["name"] for f in drawn["Checkpoints"]["features"]] == ["CP <b>1</b>", "CP 2"]
    assert "Team overlays" in args["feature_group"] and "Checkpoints" in args["feature_group"]
    at.sidebar.checkbox(key=c.KEY_OVERLAY_SHOW_PREFIX + "1").uncheck().run()
    assert drawn_overlays(_map_args(at)["feature_group"], c.STATIC_DIR, ASSET_PREFIX) == {}


def test_a_csv_asks_for_its_columns_before_it_is_added(workspace):
    csv = b"site,northing,easting\nA,34.1,36.1\nB,34.2,36.3\n"
    at = _upload(_run(), "sites.csv", csv)
    assert at.sidebar.selectbox(key=c.KEY_CSV_LAT).value is None, "nothing detected: the user chooses"
    at.sidebar.selectbox(key=c.KEY_CSV_LAT).set_value("northing")
    at.sidebar.selectbox(key=c.KEY_CSV_LON).set_value("easting")
    at.sidebar.button(key=c.KEY_OVERLAY_ADD).click().run()
    assert not at.exception and not at.sidebar.error
    drawn = drawn_overlays(_map_args(at)["feature_group"], c.STATIC_DIR, ASSET_PREFIX)
    assert drawn["sites"]["features"][1]["geometry"]["coordinates"] == [36.3, 34.2]


def test_detected_csv_columns_are_shown_preselected(workspace):
    at = _upload(_run(), "sites.csv", b"name,lat,lon\nA,34.1,36.1\n")
    assert at.sidebar.selectbox(key=c.KEY_CSV_LAT).value == "lat"
    assert at.sidebar.selectbox(key=c.KEY_CSV_LON).value == "lon"
    assert "Detected" in _texts(at.sidebar.caption)


def test_a_hostile_kml_is_refused_with_its_message_and_nothing_is_stored(workspace):
    at = _upload(_run(), "evil.kml", HOSTILE_KML)
    errors = _texts(at.sidebar.error)
    assert "evil" in errors and "DOCTYPE" in errors
    assert count_overlays(_engine(workspace)) == 0


def test_a_saved_view_is_listed_as_a_link_that_reopens_it(workspace):
    at = _run()
    at.sidebar.radio(key=c.KEY_SECTION).set_value("strikes").run()
    at.session_state[c.KEY_VIEWS_OPEN] = True  # the user opens "Saved views"
    at.run()
    at.sidebar.text_input(key=c.KEY_VIEW_NAME).set_value("Strikes for Monday")
    at.sidebar.button(key=c.KEY_VIEW_SAVE).click().run()
    assert not at.exception
    link = next(h for h in _html(at.sidebar) if "Strikes for Monday" in h)
    query = dict(parse_qsl(html.unescape(link.split('href="?', 1)[1].split('"', 1)[0])))
    assert query["section"] == "strikes" and KEY not in link
    opened = _run(key=None, query=query)
    assert opened.sidebar.radio(key=c.KEY_SECTION).value == "strikes"


def test_a_note_is_saved_and_a_stale_edit_shows_both_texts(workspace):
    at = _run()
    at.session_state[c.KEY_MAP] = {"last_active_drawing": DRAWN_POINT}
    at.run()
    at.text_area(key=c.KEY_NOTE_TEXT).set_value("Checkpoint moved here on Monday")
    at.button(key=c.KEY_NOTE_SAVE).click().run()
    assert not at.exception
    [note] = list_notes(_engine(workspace))
    assert (note.author, note.text, note.geometry["type"]) == ("Ana", "Checkpoint moved here on Monday", "Point")
    assert "Checkpoint moved here on Monday" in _map_args(at)["feature_group"]
    update_note(_engine(workspace), note.id, text="Moved again on Tuesday", expected_version=1)
    at.text_area(key=f"{c.KEY_NOTE_EDIT_PREFIX}{note.id}").set_value("Moved on Monday, confirmed")
    at.button(key=f"{c.KEY_NOTE_UPDATE_PREFIX}{note.id}").click().run()
    errors = _texts(at.error)
    assert "changed by someone else" in errors
    shown = " ".join(t.value for t in at.text)
    assert "Moved again on Tuesday" in shown and "Moved on Monday, confirmed" in shown
    assert list_notes(_engine(workspace))[0].text == "Moved again on Tuesday"


def test_the_signed_in_name_comes_from_the_configured_header_only():
    from dashboard.store.access import configured_user_header, signed_in_user

    assert configured_user_header({}, {}) is None
    assert configured_user_header({}, {c.ENV_USER_HEADER: " X-Remote-User "}) == "X-Remote-User"
    assert configured_user_header({c.SECRETS_USER_HEADER: "X-Auth-User"}, {c.ENV_USER_HEADER: "Other"}) == (
        "X-Auth-User"
    )
    headers = {"x-remote-user": "  Dana   Levi ", "X-Other": "mallory"}
    assert signed_in_user(headers, "X-Remote-User") == "Dana Levi"  # header names in any case
    assert signed_in_user(headers, None) is None  # not configured: no header is trusted
    assert signed_in_user(headers, "X-Missing") is None
    for bad in ("", "   ", "x" * 81, "Dana\nAdmin", "Dana\x00"):
        assert signed_in_user({"X-Remote-User": bad}, "X-Remote-User") is None, repr(bad)
