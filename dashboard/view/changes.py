"""Pure: what changed between an earlier export and today's features, field by field, as text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import shapely
from pyproj import Transformer

from dashboard.core.features import Feature, Properties
from dashboard.core.viewstate import WHOLE_ARTICLE
from dashboard.data.earlier import EarlierExport
from dashboard.data.layers import Layer
from dashboard.view.grades import credibility_text

NEW, REMOVED, CHANGED = "new", "removed", "changed"
KINDS = (NEW, REMOVED, CHANGED)
NONE = "none"  # a value that is absent on one side
# Moves smaller than this are rounding, whatever the stated accuracy (a sourced point may state 0 km).
MIN_MOVE_KM = 0.01


@dataclass(frozen=True)
class Change:
    """One change to one feature: new, removed, or one field changed, with its value before and after as text."""

    kind: str
    feature_id: str
    name: str
    layer: str
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class Difference:
    """Everything that changed since an earlier export, and the features on both sides to draw them."""

    article: str
    since: dt.datetime
    before_version: str
    changes: tuple[Change, ...]
    before: dict[str, Feature]
    after: dict[str, Feature]

    def ids(self, kind: str) -> list[str]:
        """The ids of the features with a change of this kind, in the order of the changes."""
        return list(dict.fromkeys(c.feature_id for c in self.changes if c.kind == kind))

    @property
    def counts(self) -> dict[str, int]:
        """How many features are new, removed and changed."""
        return {kind: len(self.ids(kind)) for kind in KINDS}


def _date(day: dt.date | None) -> str:
    return day.isoformat() if day else NONE


def _grade(source_grade: str | None) -> str:
    return source_grade or "not graded"


def field_changes(before: Properties, after: Properties) -> list[tuple[str, str, str]]:
    """(field, before, after) for each compared field that differs: dates, status, confidence, grades, sources."""
    out = [
        (field, old, new)
        for field, old, new in (
            ("date_from", _date(before.date_from), _date(after.date_from)),
            ("date_to", _date(before.date_to), _date(after.date_to)),
            ("status", before.status, after.status),
            ("confidence", before.confidence, after.confidence),
            ("credibility", credibility_text(before), credibility_text(after)),
        )
        if old != new
    ]
    old_sources = {s.title: s for s in before.sources}
    new_sources = {s.title: s for s in after.sources}
    for title, source in new_sources.items():
        if title in old_sources and old_sources[title].reliability != source.reliability:
            old = _grade(old_sources[title].reliability)
            out.append(("reliability", f"{old}: {title}", f"{_grade(source.reliability)}: {title}"))
    out += [("sources", NONE, title) for title in new_sources if title not in old_sources]
    out += [("sources", title, NONE) for title in old_sources if title not in new_sources]
    return out


def moved_km(before: Feature, after: Feature) -> float:
    """How far the geometry moved: the Hausdorff distance in km, measured in a projection centred on it."""
    lon, lat = before.shape.centroid.coords[0]
    local = Transformer.from_crs(4326, f"+proj=aeqd +lat_0={lat} +lon_0={lon} +units=m", always_xy=True)
    a, b = (shapely.transform(f.shape, local.transform, interleaved=False) for f in (before, after))
    return shapely.hausdorff_distance(a, b) / 1000


def place_text(feature: Feature) -> str:
    """Where a feature is, as '34.5012° N, 36.2104° E ±2 km' (its centre, for a line or an area)."""
    lon, lat = (feature.shape if feature.is_point else feature.shape.centroid).coords[0]
    where = f"{abs(lat):.4f}° {'N' if lat >= 0 else 'S'}, {abs(lon):.4f}° {'E' if lon >= 0 else 'W'}"
    return where + f" ±{feature.properties.accuracy_km:g} km" + ("" if feature.is_point else " (centre)")


def geometry_change(before: Feature, after: Feature) -> tuple[str, str, str] | None:
    """('geometry', before, after) when it moved by more than its stated accuracy (the larger of both), else None."""
    allowed = max(before.properties.accuracy_km, after.properties.accuracy_km, MIN_MOVE_KM)
    if before.geometry == after.geometry:
        return None
    distance = moved_km(before, after)
    if distance <= allowed:
        return None
    return "geometry", place_text(before), f"{place_text(after)}, moved {distance:.1f} km"


def _change(kind: str, feature: Feature, field: str = "", before: str = "", after: str = "") -> Change:
    return Change(kind, feature.id, feature.properties.name, feature.layer, field, before, after)


def today_features(layers: dict[str, Layer], earlier: EarlierExport) -> dict[str, Feature]:
    """Today's counterpart of the export: the features of its section (all, for the whole article), and any
    feature the export held (a dimmed one, outside its section)."""
    held = {f.id for f in earlier.features}
    section = earlier.section if earlier.section and earlier.section != WHOLE_ARTICLE else None
    return {
        f.id: f
        for layer in layers.values()
        for f in layer.features
        if section is None or section in f.properties.sections or f.id in held
    }


def compare(earlier: EarlierExport, today: Iterable[Feature]) -> Difference:
    """Every change from the earlier export's features to today's: new, removed, then changed, field by field."""
    before = {f.id: f for f in earlier.features}
    after = {f.id: f for f in today}
    changes = [_change(NEW, f) for fid, f in after.items() if fid not in before]
    changes += [_change(REMOVED, f) for fid, f in before.items() if fid not in after]
    for fid, new in after.items():
        if fid not in before:
            continue
        fields = field_changes(before[fid].properties, new.properties)
        moved = geometry_change(before[fid], new)
        changes += [_change(CHANGED, new, *f) for f in (*fields, *([moved] if moved else []))]
    return Difference(earlier.article, earlier.exported_at, earlier.data_version, tuple(changes), before, after)


def change_marks(difference: Difference) -> list[tuple[float, float, str, str]]:
    """Where to mark each new, removed and changed feature on the live map: (lat, lon, kind, name), one per
    feature, a removed one where it was, the others where they are now."""
    out = []
    for kind in KINDS:
        for fid in difference.ids(kind):
            feature = difference.before[fid] if kind == REMOVED else difference.after[fid]
            point = feature.shape.representative_point() if not feature.is_point else feature.shape
            out.append((round(point.y, 5), round(point.x, 5), kind, feature.properties.name))
    return out
