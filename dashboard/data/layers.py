"""Read and validate a bundle's layer files; keep every valid feature and report each invalid one precisely."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
from pydantic import ValidationError

from dashboard.core.bundle import Bundle
from dashboard.core.features import PRECISE_POINT_KM, Feature, LayerFeature
from dashboard.core.manifest import LayerSpec
from dashboard.data.errors import DataError, pydantic_errors

MAX_FILE_BYTES = 64 * 1024 * 1024
POLYGONS = ("Polygon", "MultiPolygon")


@dataclass(frozen=True)
class Layer:
    """A validated layer: its spec and its typed features, in file order."""

    spec: LayerSpec
    features: tuple[Feature, ...]

    @property
    def ids(self) -> list[str]:
        """The feature ids in file order."""
        return [f.id for f in self.features]

    def frame(self) -> gpd.GeoDataFrame:
        """The layer as a GeoDataFrame indexed by feature id (EPSG:4326)."""
        frame = gpd.GeoDataFrame.from_features([f.to_geojson() for f in self.features], crs="EPSG:4326")
        return frame.set_index(frame["id"].rename("feature_id"))


def layer_file_name(layers_dir: Path, spec: LayerSpec) -> str:
    """A layer file as messages name it: geodata/<bundle>/<file>."""
    return f"{layers_dir.parent.name}/{layers_dir.name}/{spec.file}"


def _feature_label(raw: Any, index: int) -> str:
    """Name a raw feature by its id when it has one, else by its position."""
    if isinstance(raw, dict):
        props = raw.get("properties")
        fid = props.get("id") if isinstance(props, dict) else None
        fid = fid if isinstance(fid, str) and fid else raw.get("id")
        if isinstance(fid, str) and fid:
            return fid
    return f"#{index}"


def _coordinates(geometry: dict[str, Any]) -> list[tuple[float, float]]:
    """Every (lon, lat) pair of a GeoJSON geometry."""

    def walk(c: Any) -> list[tuple[float, float]]:
        if c and isinstance(c[0], (int, float)):
            return [(float(c[0]), float(c[1]))]
        return [p for part in c for p in walk(part)]

    return walk(geometry["coordinates"])


def _membership_errors(spec: LayerSpec, feat: LayerFeature, bundle: Bundle) -> list[tuple[str, str]]:
    """What the manifest and the article allow: the layer, kind, sections and actors a feature names."""
    p, errors = feat.properties, []
    if p.layer != spec.id:
        errors.append(("properties.layer", f"is {p.layer!r} but the file belongs to layer {spec.id!r}"))
    if p.kind not in spec.kinds:
        errors.append(("properties.kind", f"{p.kind!r} is not a kind of layer {spec.id!r} ({', '.join(spec.kinds)})"))
    known = bundle.article.section_ids
    for section in p.sections:
        if section not in known:
            errors.append(("properties.sections", f"unknown section {section!r} (known: {', '.join(sorted(known))})"))
    for actor in p.actors:
        if actor not in bundle.manifest.actors:
            errors.append(
                (
                    "properties.actors",
                    f"unknown actor {actor!r} (the manifest knows {', '.join(bundle.manifest.actors)})",
                )
            )
    if feat.id is not None and str(feat.id) != p.id:
        errors.append(("id", f"top-level id {feat.id!r} differs from properties.id {p.id!r}"))
    return errors


def _geometry_errors(spec: LayerSpec, feat: LayerFeature) -> list[tuple[str, str]]:
    """Geometry sense: the layer's allowed types, areas as polygons, honest accuracy, coordinates in range."""
    p, geometry, errors = feat.properties, feat.geometry, []
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
    return errors


def read_collection(path: Path, name: str) -> tuple[list[Any], list[DataError]]:
    """Read a FeatureCollection's raw features, or say why the file cannot be read."""
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


def load_layer(spec: LayerSpec, bundle: Bundle, layers_dir: Path | None = None) -> tuple[Layer, list[DataError]]:
    """Load one layer file: every valid feature, and one error per invalid field."""
    folder = layers_dir or bundle.layers_dir
    name = layer_file_name(folder, spec)
    raws, errors = read_collection(folder / spec.file, name)
    kept: list[Feature] = []
    for index, raw in enumerate(raws):
        label = _feature_label(raw, index)
        try:
            feat = LayerFeature.model_validate(raw)
        except ValidationError as exc:
            errors += pydantic_errors(name, label, exc)
            continue
        problems = _membership_errors(spec, feat, bundle) + _geometry_errors(spec, feat)
        errors += [DataError(name, feat.properties.id, field, msg) for field, msg in problems]
        if not problems:
            kept.append(Feature.of(feat))
    return Layer(spec, tuple(kept)), errors


def load_layers(bundle: Bundle, layers_dir: Path | None = None) -> tuple[dict[str, Layer], list[DataError]]:
    """Load every layer of the manifest; drop (and report) ids already used by an earlier feature."""
    layers: dict[str, Layer] = {}
    errors: list[DataError] = []
    seen: dict[str, str] = {}
    for spec in bundle.manifest.layers:
        layer, layer_errors = load_layer(spec, bundle, layers_dir)
        errors += layer_errors
        unique = []
        for feat in layer.features:
            if feat.id in seen:
                name = layer_file_name(layers_dir or bundle.layers_dir, spec)
                errors.append(
                    DataError(name, feat.id, "properties.id", f"duplicate id, already used in {seen[feat.id]}")
                )
                continue
            seen[feat.id] = spec.file
            unique.append(feat)
        layers[spec.id] = Layer(spec, tuple(unique))
    return layers, errors


def dated_span(layers: dict[str, Layer]) -> tuple[dt.date, dt.date] | None:
    """The first and last dates in the data, None when nothing is dated."""
    days = [
        d
        for layer in layers.values()
        for f in layer.features
        for d in (f.properties.date_from, f.properties.date_to)
        if d
    ]
    return (min(days), max(days)) if days else None
