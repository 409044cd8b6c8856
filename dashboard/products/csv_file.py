"""The selection as CSV: one row per feature, text that a spreadsheet could run as a formula neutralised."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import shapely
from shapely.geometry import shape

from dashboard.core.features import Source
from dashboard.products.selection import Selection
from dashboard.products.team_layers import OverlayFeature, overlay_features
from dashboard.view.filters import Shown
from dashboard.view.grades import grade_fields, reliability_text

CSV_COLUMNS = (
    "id",
    "layer",
    "name",
    "kind",
    "date_from",
    "date_to",
    "status",
    "confidence",
    "confidence_reason",
    "credibility",
    "credibility_reason",
    "best_reliability",
    "source_grades",
    "disputed",
    "dispute_summary",
    "accuracy_km",
    "location",
    "country",
    "provenance",
    "sections",
    "actors",
    "quote",
    "sources",
    "description",
    "lon",
    "lat",
    "wkt",
    "article",
    "bundle_status",
    "data_version",
    "exported_at",
    "origin",
    "overlay",
)
# A text cell starting with one of these is read as a formula by spreadsheets (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def source_text(source: Source) -> str:
    """A source as '[grade] title — publisher, date, url', leaving out what is missing."""
    parts = (source.publisher, source.date, source.url)
    return f"{reliability_text(source)} {source.title} — " + ", ".join(str(p) for p in parts if p)


def csv_safe(value: Any) -> Any:
    """A text cell that a spreadsheet shows as text: a leading formula character gets a quote before it."""
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_START) else value


def csv_row(item: Shown, selection: Selection, about: dict[str, Any] | None = None) -> dict[str, Any]:
    """One CSV row for a shown feature, with where the export came from (`about`, Selection.about())."""
    about = about or selection.about()
    props, geometry = item.props.model_dump(mode="json"), item.feature.geometry
    row = {key: props[key] for key in CSV_COLUMNS if key in props} | grade_fields(item.props)
    row.update(
        sections=";".join(props["sections"]),
        actors=";".join(props["actors"]),
        sources=" | ".join(source_text(s) for s in item.props.sources),
        wkt=shapely.to_wkt(item.feature.shape, rounding_precision=-1),
        article=selection.bundle.id,
        bundle_status=selection.bundle.banner or selection.bundle.manifest.status,
        data_version=about["data_version"],
        exported_at=about["exported_at"],
    )
    if geometry["type"] == "Point":
        row["lon"], row["lat"] = geometry["coordinates"][:2]
    return {key: csv_safe(value) for key, value in row.items()}


def overlay_row(feature: OverlayFeature, about: dict[str, Any]) -> dict[str, Any]:
    """One CSV row for a team overlay's feature: its origin and overlay, name, attributes as JSON text, geometry."""
    row = feature.origin | {
        "id": feature.id,
        "name": feature.name,
        "description": json.dumps(feature.attributes, ensure_ascii=False),
        "wkt": shapely.to_wkt(shape(feature.geometry), rounding_precision=-1),
        "article": about["article"],
        "data_version": about["data_version"],
        "exported_at": about["exported_at"],
    }
    if feature.geometry["type"] == "Point":
        row["lon"], row["lat"] = feature.geometry["coordinates"][:2]
    return {key: csv_safe(value) for key, value in row.items()}


def to_csv(selection: Selection) -> bytes:
    """One row per shown feature, then per team overlay feature, under a header row, in plain UTF-8."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    about = selection.about()
    writer.writerows(csv_row(s, selection, about) for s in selection.shown)
    writer.writerows(overlay_row(f, about) for f in overlay_features(selection))
    return out.getvalue().encode("utf-8")
