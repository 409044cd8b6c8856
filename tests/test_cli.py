"""The command line: validate every bundle, and export a section or a whole deck of any bundle."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import tiny

from dashboard.cli import main


def test_validate_passes_on_the_shipped_data(capsys):
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    assert "1 bundle(s) checked: iran-russia-too-close-for-comfort; all data valid" in out


def test_validate_checks_every_bundle_and_fails_on_broken_data(tiny_root, capsys):
    (tiny_root / "geodata" / tiny.ID / "strikes.geojson").write_text("{not json", encoding="utf-8")
    assert main(["--data", str(tiny_root), "validate"]) == 1
    captured = capsys.readouterr()
    assert "geodata/tiny/strikes.geojson: invalid JSON" in captured.err
    assert "1 bundle(s) checked: tiny; 2 error(s)" in captured.out  # the file, and the section it leaves empty


def test_export_geojson_of_a_section(tmp_path, all_features):
    out = tmp_path / "strikes.geojson"
    assert main(["export", "--section", "strikes", "--format", "geojson", "--out", str(out)]) == 0
    ids = {f["id"] for f in json.loads(out.read_text(encoding="utf-8"))["features"]}
    assert ids == {f.id for f in all_features if "strikes" in f.properties.sections}


def test_export_from_another_bundle(tiny_root, tmp_path):
    out = tmp_path / "tiny.csv"
    assert main(["--data", str(tiny_root), "export", "--article", tiny.ID, "--format", "csv", "--out", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert {r["article"] for r in rows} == {tiny.ID} and len(rows) == sum(len(v) for v in tiny.LAYERS.values())


def test_export_rejects_an_unknown_section_or_article(tmp_path, capsys):
    assert main(["export", "--section", "atlantis", "--format", "csv", "--out", str(tmp_path / "x.csv")]) == 2
    assert "unknown section 'atlantis'" in capsys.readouterr().err
    assert main(["export", "--article", "atlantis", "--format", "csv", "--out", str(tmp_path / "x.csv")]) == 2
    assert "unknown article 'atlantis'" in capsys.readouterr().err


def test_all_sections_deck_is_one_slide_per_section(tmp_path, article):
    from pypdf import PdfReader

    out = tmp_path / "deck.pdf"
    done = subprocess.run(
        [sys.executable, "-m", "dashboard", "export", "--all-sections", "--format", "pdf", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    pages = [page.extract_text() for page in PdfReader(out).pages]
    slides = [text for text in pages if "sources in view (continued)" not in text]
    assert len(slides) == len(article.sections)  # one slide per section, each followed by any sources that overflow
    assert f"[{len(article.sections) + 1}/{len(article.sections) + 1}] pdf" in done.stderr
