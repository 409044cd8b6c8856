"""AppTest: an earlier export dropped on "What changed since…" shows its counts and changes; junk gets one error."""

from __future__ import annotations

import pytest
from earlier import COUNTS, HEADING, earlier_export
from streamlit.testing.v1 import AppTest

from dashboard import config as c

APP = str(c.ROOT / "dashboard" / "app.py")


@pytest.fixture(scope="module")
def app():
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state[c.KEY_CHANGES_OPEN] = True  # the user opens "What changed"
    at.run()
    assert not at.exception, at.exception
    return at


def test_an_earlier_export_shows_the_counts_and_every_change(app, bundle, layers):
    data, touched = earlier_export(bundle, layers)
    app.file_uploader(key=c.KEY_CHANGES_FILE).set_value(("briefing-old.geojson", data, "application/geo+json")).run()
    assert not app.exception and not app.error
    assert any(HEADING in m.value for m in app.markdown)
    counts = {m.label: m.value for m in app.metric}
    assert counts == {c.CHANGES_COUNT_LABELS[k]: str(n) for k, n in COUNTS.items()}
    (table,) = app.dataframe
    frame = table.value
    assert list(frame.columns) == list(c.CHANGES_TABLE_COLUMNS.values())
    before = dict(zip(frame["Field"], frame["Before"]))
    assert before["date_from"] == "2019-05-01" and len(frame) == 4
    assert set(frame["Feature"]) >= {"A place since removed"}
    downloads = [e for e in app.main if getattr(e, "type", "") == "download_button"]
    assert {c.KEY_CHANGES_DOWNLOAD_PREFIX + f for f in ("pdf", "geojson", "csv")} <= {
        d.key for d in downloads
    } or downloads


def test_a_junk_file_gives_one_message_and_the_page_still_works(app):
    app.file_uploader(key=c.KEY_CHANGES_FILE).set_value(("notes.geojson", b"<b>not json</b>", "text/plain")).run()
    assert not app.exception
    (error,) = app.error
    assert error.value.replace("\\", "") == "notes.geojson: not JSON (line 1, column 1: Expecting value)"
    assert not app.metric and not app.dataframe
    app.sidebar.radio(key=c.KEY_SECTION).set_value("strikes").run()  # the rest of the page still answers
    assert not app.exception and app.query_params["section"] == "strikes"


def test_the_map_marks_each_changed_feature_with_its_kind(app, bundle, layers):
    import json

    from dashboard.web.mapview import _call_argument

    data, touched = earlier_export(bundle, layers)
    app.file_uploader(key=c.KEY_CHANGES_FILE).set_value(("briefing-old.geojson", data, "application/geo+json")).run()
    comp = next(e for e in app.main if getattr(e, "type", "") == "component_instance")
    state = _call_argument(json.loads(comp.proto.json_args)["feature_group"], "BriefingMap.state(")
    marks = state["changes"]["marks"]
    assert state["changes"]["heading"] == HEADING
    assert sorted(kind for _, _, kind, _ in marks) == sorted(k for k, n in COUNTS.items() for _ in range(n))
    assert ("removed", "A place since removed") in {(kind, name) for _, _, kind, name in marks}
