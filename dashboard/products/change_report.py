"""What changed since an earlier export, as a product: its heading, provenance, and one GeoJSON feature or CSV row
per change."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass
from typing import Any

from dashboard.core.bundle import Bundle
from dashboard.core.features import Feature
from dashboard.data.bundles import data_version
from dashboard.data.earlier import EarlierExport
from dashboard.data.layers import Layer
from dashboard.products.briefing import as_of_text
from dashboard.products.csv_file import csv_safe
from dashboard.products.geojson_file import rfc7946_geometry
from dashboard.view.changes import REMOVED, Change, Difference, compare, today_features
from dashboard.view.wording import day_text

CHANGE_COLUMNS = ("change", "id", "name", "layer", "field", "before", "after")
PROVENANCE_COLUMNS = ("article", "since", "since_data_version", "data_version", "exported_at")


@dataclass(frozen=True)
class ChangeReport:
    """The difference between an earlier export and today's data of one bundle, ready to export."""

    bundle: Bundle
    difference: Difference
    basemap: dict[str, dict[str, Any]]
    as_of: str  # today's data, as the app's header and slides say it
    size: tuple[int, int] = (1920, 1080)
    caveat: str | None = None

    @property
    def heading(self) -> str:
        """'What changed since 03 January 2026': the day of the earlier export (UTC)."""
        return f"What changed since {day_text(self.difference.since.date())}"

    @property
    def summary(self) -> str:
        """The counts in words: '1 new, 1 removed, 2 changed'."""
        return ", ".join(f"{n} {kind}" for kind, n in self.difference.counts.items())

    def feature(self, change: Change) -> Feature:
        """The feature a change is drawn with: today's, or the earlier one when it was removed."""
        side = self.difference.before if change.kind == REMOVED else self.difference.after
        return side[change.feature_id]

    def about(self) -> dict[str, Any]:
        """Where the comparison came from: the article, the earlier export and today's data, and when (UTC)."""
        return {
            "article": self.bundle.id,
            "title": self.bundle.title,
            "since": self.difference.since.isoformat(timespec="seconds"),
            "since_data_version": self.difference.before_version,
            "data_version": data_version(self.bundle),
            "exported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }


def change_report(
    bundle: Bundle, layers: dict[str, Layer], earlier: EarlierExport, basemap: dict[str, dict[str, Any]]
) -> ChangeReport:
    """The changes from an earlier export of a bundle to its layers today (the export's section of them)."""
    difference = compare(earlier, today_features(layers, earlier).values())
    return ChangeReport(bundle, difference, basemap, as_of_text(layers, bundle.article.meta.published))


def change_row(change: Change) -> dict[str, str]:
    """A change's own columns."""
    values = (change.kind, change.feature_id, change.name, change.layer, change.field, change.before, change.after)
    return dict(zip(CHANGE_COLUMNS, values))


def to_change_geojson(report: ChangeReport) -> bytes:
    """A FeatureCollection with one feature per change (drawn where the feature is now, or was when removed)."""
    features = [
        {"type": "Feature", "geometry": rfc7946_geometry(report.feature(c).geometry), "properties": change_row(c)}
        for c in report.difference.changes
    ]
    about = report.about() | {"changes": report.summary}
    doc = {"type": "FeatureCollection", "briefing_map": about, "features": features}
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")


def to_change_csv(report: ChangeReport) -> bytes:
    """One row per change under a header row, with where the comparison came from on every row."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CHANGE_COLUMNS + PROVENANCE_COLUMNS)
    writer.writeheader()
    about = {k: report.about()[k] for k in PROVENANCE_COLUMNS}
    writer.writerows({k: csv_safe(v) for k, v in (change_row(c) | about).items()} for c in report.difference.changes)
    return out.getvalue().encode("utf-8")
