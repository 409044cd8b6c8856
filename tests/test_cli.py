"""The command line: validate, and export a section or a whole deck."""

from __future__ import annotations

import json
import subprocess
import sys

from dashboard.__main__ import main


def test_validate_passes_on_the_shipped_data(capsys):
    assert main(["validate"]) == 0
    assert "all data valid" in capsys.readouterr().out


def test_validate_fails_on_broken_data(tmp_path, capsys):
    from dashboard.config import LAYERS, LAYERS_DIR

    for spec in LAYERS:
        (tmp_path / spec.file).write_text((LAYERS_DIR / spec.file).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "strikes.geojson").write_text("{not json", encoding="utf-8")
    assert main(["validate", "--layers", str(tmp_path)]) == 1
    assert "strikes.geojson: invalid JSON" in capsys.readouterr().err


def test_export_geojson_of_a_section(tmp_path, layers):
    out = tmp_path / "strikes.geojson"
    assert main(["export", "--section", "strikes", "--format", "geojson", "--out", str(out)]) == 0
    ids = {f["id"] for f in json.loads(out.read_text(encoding="utf-8"))["features"]}
    expected = {
        f["id"] for layer in layers.values() for f in layer.features if "strikes" in f["properties"]["sections"]
    }
    assert ids == expected


def test_export_rejects_an_unknown_section(tmp_path, capsys):
    assert main(["export", "--section", "atlantis", "--format", "csv", "--out", str(tmp_path / "x.csv")]) == 2
    assert "unknown section 'atlantis'" in capsys.readouterr().err


def test_all_sections_deck_is_one_pdf_page_per_section(tmp_path, article):
    from pypdf import PdfReader

    out = tmp_path / "deck.pdf"
    done = subprocess.run(
        [sys.executable, "-m", "dashboard", "export", "--all-sections", "--format", "pdf", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert len(PdfReader(out).pages) == len(article.sections)
    assert f"[{len(article.sections) + 1}/{len(article.sections) + 1}] pdf" in done.stderr
