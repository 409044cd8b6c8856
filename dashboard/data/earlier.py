"""Read an earlier GeoJSON export of this dashboard back, strictly, to compare it with today's data."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from dashboard.core.features import Feature, LayerFeature
from dashboard.data.errors import DataError, pydantic_errors

MAX_EXPORT_BYTES = 20 * 1024 * 1024
# The flat fields geojson_file.py adds beside the model's properties for GIS readers (view/grades.py's grade_fields):
# derived from the sources, so they are dropped before the properties are checked against the model.
FLAT_GRADE_FIELDS = ("best_reliability", "source_grades", "disputed", "dispute_summary")
DATA_VERSION = re.compile(r"^[0-9a-f]{16}$")


class ExportError(ValueError):
    """An earlier export that cannot be compared: one message naming the file, and the feature and field."""

    def __init__(self, error: DataError) -> None:
        super().__init__(str(error))
        self.error = error


@dataclass(frozen=True)
class EarlierExport:
    """An earlier export: where it came from (its briefing_map block) and its features, checked."""

    name: str
    article: str
    data_version: str
    exported_at: dt.datetime
    section: str | None
    features: tuple[Feature, ...]


def _fail(name: str, message: str, feature: str | None = None, field: str | None = None) -> ExportError:
    return ExportError(DataError(name, feature, field, message))


def _about(doc: dict[str, Any], name: str, article: str) -> tuple[str, dt.datetime, str | None]:
    """The export's data version, UTC export time and section, once it is known to be this article's."""
    about = doc.get("briefing_map")
    if not isinstance(about, dict):
        raise _fail(name, "not an export of this dashboard: it has no 'briefing_map' block", field="briefing_map")
    if about.get("article") != article:
        message = f"an export of article {about.get('article')!r}, not of {article!r}"
        raise _fail(name, message, field="briefing_map.article")
    version = about.get("data_version")
    if not isinstance(version, str) or not DATA_VERSION.match(version):
        raise _fail(name, f"{version!r} is not a 16-hex-digit data version", field="briefing_map.data_version")
    stamp = about.get("exported_at")
    try:
        when = dt.datetime.fromisoformat(str(stamp))
    except ValueError:
        raise _fail(name, f"{stamp!r} is not an ISO time", field="briefing_map.exported_at") from None
    if when.tzinfo is None:
        raise _fail(name, "the export time has no time zone", field="briefing_map.exported_at")
    section = about.get("section")
    return version, when.astimezone(dt.UTC), section if isinstance(section, str) else None


def _feature(raw: Any, index: int, name: str) -> Feature:
    """One exported feature, checked against the feature model like a layer file's."""
    props = raw.get("properties") if isinstance(raw, dict) else None
    if not isinstance(props, dict):
        raise _fail(name, "a feature needs a properties object", f"#{index}", "properties")
    fid = props.get("id")
    if not isinstance(fid, str) or not fid:
        raise _fail(name, "missing: every exported feature has an id", f"#{index}", "properties.id")
    raw = raw | {"properties": {k: v for k, v in props.items() if k not in FLAT_GRADE_FIELDS}}
    try:
        feature = LayerFeature.model_validate(raw)
    except ValidationError as exc:
        raise ExportError(pydantic_errors(name, fid, exc)[0]) from None
    if feature.id is not None and str(feature.id) != fid:
        raise _fail(name, f"top-level id {feature.id!r} differs from properties.id {fid!r}", fid, "id")
    return Feature.of(feature)


def parse_export(data: bytes, name: str, article: str) -> EarlierExport:
    """An earlier GeoJSON export of `article`, or an ExportError with the first thing wrong with it."""
    if len(data) > MAX_EXPORT_BYTES:
        raise _fail(name, f"file is larger than {MAX_EXPORT_BYTES // 2**20} MB")
    try:
        doc = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise _fail(name, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise _fail(name, f"not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" or not isinstance(doc.get("features"), list):
        raise _fail(name, "not a GeoJSON FeatureCollection with a features list", field="type")
    version, when, section = _about(doc, name, article)
    features: dict[str, Feature] = {}
    for index, raw in enumerate(doc["features"]):
        feature = _feature(raw, index, name)
        if feature.id in features:
            raise _fail(name, "duplicate id: the export lists this feature twice", feature.id, "properties.id")
        features[feature.id] = feature
    return EarlierExport(name, article, version, when, section, tuple(features.values()))


def read_export(path: Path, article: str) -> EarlierExport:
    """An earlier export read from a file, its size checked before it is read."""
    try:
        if path.stat().st_size > MAX_EXPORT_BYTES:
            raise _fail(path.name, f"file is larger than {MAX_EXPORT_BYTES // 2**20} MB")
        data = path.read_bytes()
    except FileNotFoundError:
        raise _fail(path.name, "file is missing") from None
    except IsADirectoryError:
        raise _fail(path.name, "is a folder, not a file") from None
    return parse_export(data, path.name, article)
