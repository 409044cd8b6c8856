"""The changes since an earlier export of the shipped article: GeoJSON, CSV, slide, and `python -m dashboard diff`."""

from __future__ import annotations

import csv
import io
import json

import pytest
import tiny
from earlier import COUNTS, HEADING, earlier_export

from dashboard.cli import main
from dashboard.data.earlier import parse_export
from dashboard.products import registry
from dashboard.products.change_report import CHANGE_COLUMNS, change_report


@pytest.fixture(scope="module")
def old(bundle, layers):
    return earlier_export(bundle, layers)


@pytest.fixture(scope="module")
def report(old, bundle, layers):
    return change_report(bundle, layers, parse_export(old[0], "old.geojson", bundle.id), {})


def test_the_edited_export_gives_the_expected_changes(report, old):
    touched = old[1]
    assert report.difference.counts == COUNTS and report.heading == HEADING
    assert report.difference.ids("new") == [touched["dropped"]]
    assert report.difference.ids("removed") == [touched["added"]]
    fields = {(c.feature_id, c.field) for c in report.difference.changes if c.kind == "changed"}
    assert fields == {(touched["dated"], "date_from"), (touched["moved"], "geometry")}


def test_geojson_and_csv_have_one_feature_or_row_per_change(report, bundle):
    doc = json.loads(registry.render_changes("geojson", report))
    assert doc["briefing_map"]["article"] == bundle.id and doc["briefing_map"]["since"] == "2026-01-03T09:15:00+00:00"
    assert [f["properties"]["change"] for f in doc["features"]] == [c.kind for c in report.difference.changes]
    assert all(f["geometry"]["type"] for f in doc["features"])
    rows = list(csv.DictReader(io.StringIO(registry.render_changes("csv", report).decode("utf-8"))))
    assert len(rows) == len(report.difference.changes) and set(CHANGE_COLUMNS) <= set(rows[0])
    (dated,) = [r for r in rows if r["field"] == "date_from"]
    assert dated["before"] == "2019-05-01" and dated["after"] != "2019-05-01"


def test_the_slide_names_the_day_and_lists_each_change(report):
    from pypdf import PdfReader

    text = PdfReader(io.BytesIO(registry.render_changes("pdf", report))).pages[0].extract_text()
    assert HEADING in text and "1 new, 1 removed, 2 changed" in text
    assert "date_from: 2019-05-01 →" in text and "A place since removed — removed" in text
    for label in ("New since", "Removed since", "Changed", "Moved"):
        assert label in text
    png = registry.render_changes("png", report)
    assert png.startswith(b"\x89PNG") and png[16:24] == (1920).to_bytes(4, "big") + (1080).to_bytes(4, "big")


def test_cli_writes_the_changes_in_each_format(old, tmp_path, capsys):
    path = tmp_path / "old.geojson"
    path.write_bytes(old[0])
    out = tmp_path / "changes.csv"
    assert main(["diff", str(path), "--format", "csv", "--out", str(out)]) == 0
    assert "1 new, 1 removed, 2 changed" in capsys.readouterr().out
    assert len(list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))) == 4
    assert main(["diff", str(path), "--format", "pdf", "--out", str(tmp_path / "changes.pdf")]) == 0
    assert (tmp_path / "changes.pdf").read_bytes().startswith(b"%PDF")


def test_cli_refuses_bad_input_with_one_message(old, tmp_path, tiny_root, capsys):
    junk = tmp_path / "junk.geojson"
    junk.write_text("{not json", encoding="utf-8")
    assert main(["diff", str(junk), "--format", "csv", "--out", str(tmp_path / "x.csv")]) == 2
    assert (
        capsys.readouterr().err.strip()
        == "junk.geojson: not JSON (line 1, column 2: Expecting property name enclosed in double quotes)"
    )
    path = tmp_path / "old.geojson"
    path.write_bytes(old[0])
    args = ["--data", str(tiny_root), "diff", str(path), "--article", tiny.ID, "--format", "pdf", "--out", "x.pdf"]
    assert main(args) == 2
    err = capsys.readouterr().err.strip()
    shipped = "iran-russia-too-close-for-comfort"
    assert err == f"old.geojson: field 'briefing_map.article': an export of article '{shipped}', not of 'tiny'"
    assert main(["diff", str(path), "--article", "atlantis", "--format", "csv", "--out", "x.csv"]) == 2
    assert "unknown article 'atlantis'" in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()
