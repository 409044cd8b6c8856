"""Read and validate layer files; keep every valid feature and report each invalid one precisely."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
from pydantic import ValidationError

from dashboard.config import LAYERS, LAYERS_DIR, PRECISE_POINT_KM, LayerSpec
from dashboard.schema import LayerFeature

MAX_FILE_BYTES = 64 * 1024 * 1024
POLYGONS = ("Polygon", "MultiPolygon")


@dataclass(frozen=True)
class DataError:
    """One problem in one file, feature and field."""

    file: str
    feature: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.feature is not None:
            where.append(f"feature '{self.feature}'")
        if self.field is not None:
            where.append(f"field '{self.field}'")
        return ": ".join(where) + f": {self.message}"


@dataclass(frozen=True)
class Layer:
    """A validated layer: its spec and its features as plain GeoJSON dicts, in file order."""

    spec: LayerSpec
    features: tuple[dict[str, Any], ...]

    @property
    def ids(self) -> list[str]:
        """The feature ids in file order."""
        return [f["id"] for f in self.features]

    def frame(self) -> gpd.GeoDataFrame:
        """The layer as a GeoDataFrame indexed by feature id (EPSG:4326)."""
        frame = gpd.GeoDataFrame.from_features(list(self.features), crs="EPSG:4326")
        return frame.set_index(frame["id"].rename("feature_id"))


def _feature_label(raw: Any, index: int) -> str:
    """Name a raw feature by its id when it has one, else by its position."""
    if isinstance(raw, dict):
        props = raw.get("properties")
        fid = props.get("id") if isinstance(props, dict) else None
        fid = fid if isinstance(fid, str) and fid else raw.get("id")
        if isinstance(fid, str) and fid:
            return fid
    return f"#{index}"


def _field_path(loc: tuple[Any, ...]) -> str:
    """A readable field path: validator wrappers and coordinate positions dropped."""
    parts = [str(p) for p in loc]
    parts = [
        p
        for p in parts
        if "[" not in p
        and not p.startswith(("function-", "tagged-union"))
        and p not in ("Point", "LineString", "MultiLineString", "Polygon", "MultiPolygon")
    ]
    if parts[:2] == ["geometry", "coordinates"]:
        parts = parts[:2]
    return ".".join(parts)


def _pydantic_errors(file: str, label: str, err: ValidationError) -> list[DataError]:
    """Turn a pydantic error into one DataError per failing field."""
    by_field: dict[str, list[str]] = {}
    for item in err.errors():
        field = _field_path(item["loc"])
        message = item["msg"].removeprefix("Value error, ")
        if ": " in message and field == "properties":
            field, message = "properties." + message.split(": ", 1)[0], message.split(": ", 1)[1]
        by_field.setdefault(field, []).append(message)
    return [
        DataError(file, label, field or None, msgs[0] + (f" (and {len(msgs) - 1} more)" if len(msgs) > 1 else ""))
        for field, msgs in by_field.items()
    ]


def _coordinates(geometry: dict[str, Any]) -> list[tuple[float, float]]:
    """Every (lon, lat) pair of a GeoJSON geometry."""

    def walk(c: Any) -> list[tuple[float, float]]:
        if c and isinstance(c[0], (int, float)):
            return [(float(c[0]), float(c[1]))]
        return [p for part in c for p in walk(part)]

    return walk(geometry["coordinates"])


def _rule_errors(file: str, spec: LayerSpec, feat: LayerFeature, sections: set[str]) -> list[DataError]:
    """Check what the schema alone cannot: layer membership, sections and geometry sense."""
    p, geometry = feat.properties, feat.geometry
    errors: list[tuple[str, str]] = []
    if p.layer != spec.id:
        errors.append(("properties.layer", f"is {p.layer!r} but the file belongs to layer {spec.id!r}"))
    if p.kind not in spec.kinds:
        errors.append(("properties.kind", f"{p.kind!r} is not one of {', '.join(spec.kinds)}"))
    for section in p.sections:
        if section not in sections:
            errors.append(
                ("properties.sections", f"unknown section {section!r} (known: {', '.join(sorted(sections))})")
            )
    if feat.id is not None and str(feat.id) != p.id:
        errors.append(("id", f"top-level id {feat.id!r} differs from properties.id {p.id!r}"))
    if geometry.type not in spec.geometries:
        errors.append(("geometry.type", f"{geometry.type} is not allowed in this layer ({', '.join(spec.geometries)})"))
    if p.location == "area" and geometry.type not in POLYGONS:
        errors.append(("properties.location", "an 'area' must be drawn as a polygon"))
    if geometry.type == "Point" and p.location != "sourced" and p.accuracy_km < PRECISE_POINT_KM:
        errors.append(
            ("properties.accuracy_km", f"a {p.location} point needs an accuracy of at least {PRECISE_POINT_KM} km")
        )
    for lon, lat in _coordinates(geometry.model_dump()):
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            errors.append(("geometry.coordinates", f"({lon}, {lat}) is out of range: GeoJSON wants [lon, lat]"))
            break
    return [DataError(file, p.id, field, msg) for field, msg in errors]


def _as_dict(feat: LayerFeature) -> dict[str, Any]:
    """A validated feature as a plain GeoJSON dict with its id at the top."""
    props = feat.properties.model_dump(mode="json")
    return {
        "type": "Feature",
        "id": props["id"],
        "geometry": feat.geometry.model_dump(mode="json", exclude_none=True),
        "properties": props,
    }


def read_collection(path: Path) -> tuple[list[Any], list[DataError]]:
    """Read a FeatureCollection's raw features, or say why the file cannot be read."""
    name = path.name
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return [], [DataError(name, None, None, f"file is larger than {MAX_FILE_BYTES // 2**20} MB")]
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return [], [DataError(name, None, None, "file is missing")]
    except UnicodeDecodeError as exc:
        return [], [DataError(name, None, None, f"not UTF-8 text ({exc.reason} at byte {exc.start})")]
    except json.JSONDecodeError as exc:
        return [], [DataError(name, None, None, f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}")]
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" or not isinstance(doc.get("features"), list):
        return [], [DataError(name, None, "type", "not a GeoJSON FeatureCollection with a features list")]
    if "crs" in doc:
        return [], [DataError(name, None, "crs", "RFC 7946 GeoJSON has no crs member: use WGS84 lon/lat")]
    return doc["features"], []


def load_layer(spec: LayerSpec, sections: set[str], layers_dir: Path = LAYERS_DIR) -> tuple[Layer, list[DataError]]:
    """Load one layer file: every valid feature, and one error per invalid field."""
    raws, errors = read_collection(layers_dir / spec.file)
    kept: list[dict[str, Any]] = []
    for index, raw in enumerate(raws):
        label = _feature_label(raw, index)
        try:
            feat = LayerFeature.model_validate(raw)
        except ValidationError as exc:
            errors += _pydantic_errors(spec.file, label, exc)
            continue
        problems = _rule_errors(spec.file, spec, feat, sections)
        errors += problems
        if not problems:
            kept.append(_as_dict(feat))
    return Layer(spec, tuple(kept)), errors


def load_layers(
    sections: set[str], layers_dir: Path = LAYERS_DIR, specs: tuple[LayerSpec, ...] = LAYERS
) -> tuple[dict[str, Layer], list[DataError]]:
    """Load every registered layer; drop (and report) ids already used by an earlier feature."""
    layers: dict[str, Layer] = {}
    errors: list[DataError] = []
    seen: dict[str, str] = {}
    for spec in specs:
        layer, layer_errors = load_layer(spec, sections, layers_dir)
        errors += layer_errors
        unique = []
        for feat in layer.features:
            if feat["id"] in seen:
                errors.append(
                    DataError(
                        spec.file, feat["id"], "properties.id", f"duplicate id, already used in {seen[feat['id']]}"
                    )
                )
                continue
            seen[feat["id"]] = spec.file
            unique.append(feat)
        layers[spec.id] = Layer(spec, tuple(unique))
    return layers, errors
