"""Broken data never breaks the app: it serves every valid feature and names each problem once."""

from __future__ import annotations

import json
import shutil

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import config as c
from dashboard.web.mapview import drawn_ids

APP = str(c.ROOT / "dashboard" / "app.py")
SHIPPED = "iran-russia-too-close-for-comfort"


def _copy_root(tmp_path):
    for part in ("seeds", "geodata"):
        shutil.copytree(c.DATA_ROOT / part / SHIPPED, tmp_path / part / SHIPPED)
    return tmp_path


def _run(monkeypatch, root=None, basemap_dir=None) -> AppTest:
    if root:
        monkeypatch.setenv(c.ENV_DATA_ROOT, str(root))
    if basemap_dir:
        monkeypatch.setenv(c.ENV_BASEMAP_DIR, str(basemap_dir))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception, at.exception
    return at


def _drawn(at) -> set[str]:
    comp = next(e for e in at.main if getattr(e, "type", "") == "component_instance")
    args = json.loads(comp.proto.json_args)
    return set(drawn_ids(args["script"], args["feature_group"], c.STATIC_DIR)[0])


def _problems(at) -> str:
    boxes = [e for e in at.main.expander if e.label.startswith("⚠️")]
    return "\n".join(code.value for box in boxes for code in box.code)


BREAKAGES = {
    "invalid JSON": ("strikes.geojson", lambda text: text[: len(text) // 2]),
    "not a FeatureCollection": ("strikes.geojson", lambda text: json.dumps({"type": "Feature"})),
    "missing file": ("strikes.geojson", None),
    "bad date": ("facilities.geojson", lambda t: t.replace('"date_from": "2015-09-30"', '"date_from": "30/09/2015"')),
    "unknown section": ("facilities.geojson", lambda t: t.replace('"deconfliction"', '"atlantis"', 1)),
    "unknown kind": ("facilities.geojson", lambda t: t.replace('"kind": "air_base"', '"kind": "castle"', 1)),
    "bad confidence": ("crossings.geojson", lambda t: t.replace('"confidence": "moderate"', '"confidence": "sure"', 1)),
    "wrong geometry": ("corridors.geojson", lambda t: t.replace('"type": "LineString"', '"type": "Point"', 1)),
    "html in a name": (
        "places.geojson",
        lambda t: t.replace('"name": "Tehran"', '"name": "<script>alert(1)</script>"'),
    ),
}


@pytest.mark.parametrize("kind", list(BREAKAGES))
def test_the_app_survives_broken_geodata(kind, tmp_path, monkeypatch, all_features):
    root = _copy_root(tmp_path)
    file, breaker = BREAKAGES[kind]
    path = root / "geodata" / SHIPPED / file
    if breaker is None:
        path.unlink()
    else:
        broken = breaker(path.read_text(encoding="utf-8"))
        assert broken != path.read_text(encoding="utf-8"), f"the {kind} breakage changed nothing"
        path.write_text(broken, encoding="utf-8")
    at = _run(monkeypatch, root)
    drawn, problems = _drawn(at), _problems(at)
    untouched = {f.id for f in all_features if f.layer + ".geojson" != file}
    assert untouched <= drawn, "a valid layer went missing"
    if kind == "html in a name":
        assert problems == "" and "tehran" in drawn
        return
    assert problems.count(file) == 1 and len(problems.splitlines()) == 1, problems
    assert any(e.label.startswith("⚠️ 1 data problem") for e in at.main.expander)


def test_a_broken_bundle_is_named_and_the_others_still_served(tmp_path, monkeypatch, all_features):
    root = _copy_root(tmp_path)
    (root / "seeds" / "half-written").mkdir()
    (root / "seeds" / "half-written" / "meta.json").write_text('{"id": "half-written"', encoding="utf-8")
    at = _run(monkeypatch, root)
    assert "seeds/half-written/meta.json: invalid JSON" in _problems(at)
    assert _drawn(at) == {f.id for f in all_features}


def test_no_bundle_at_all_says_so(tmp_path, monkeypatch):
    at = _run(monkeypatch, tmp_path)
    assert any("No article bundle can be served" in e.value for e in at.main.error)


def test_a_missing_basemap_file_is_reported_not_a_crash(tmp_path, monkeypatch, all_features):
    basemap_dir = tmp_path / "basemap"
    shutil.copytree(c.BASEMAP_DIR, basemap_dir)
    (basemap_dir / "rivers.geojson").unlink()
    at = _run(monkeypatch, basemap_dir=basemap_dir)
    assert "basemap/rivers.geojson: file is missing" in _problems(at)
    assert _drawn(at) == {f.id for f in all_features}
