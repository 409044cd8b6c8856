"""Geographic sense checks of validated layers against the offline basemap."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyproj
import shapely
from shapely import ops
from shapely.geometry import Point, box
from shapely.geometry.base import BaseGeometry

from dashboard.config import BASEMAP_DIR
from dashboard.core.features import Feature
from dashboard.data.errors import DataError
from dashboard.data.layers import Layer, layer_file_name

LEVANT_FILE = "levant_countries.geojson"
WORLD_FILE = "world_countries.geojson"
# A point may lie this far outside the country it claims (coastline and border generalisation).
COUNTRY_TOLERANCE_KM = 1.0
# Two countries' outlines closer than this (in degrees, about 500 m) share a border there.
SHARED_EDGE_DEG = 0.005


@dataclass(frozen=True, eq=False)  # hashed by identity: one per basemap folder, cached
class Basemap:
    """The basemap geometries the checks need: detailed countries where the basemap has them, and the world."""

    levant: dict[str, BaseGeometry]
    levant_extent: BaseGeometry
    world: dict[str, BaseGeometry]

    def border(self, a: str, b: str | None = None) -> BaseGeometry | None:
        """The border two countries share (or all of one country's land borders), from the most detailed
        outlines that hold them; None if there is none."""
        return _shared_edge(self, *sorted((a, b))) if b else _land_border(self, a)


def _by_iso(path: Path) -> dict[str, BaseGeometry]:
    """Country geometries keyed by ISO alpha-3 code."""
    frame = gpd.read_file(path)
    return {iso: geom for iso, geom in zip(frame["iso_a3"], frame.geometry)}


@lru_cache(maxsize=2)
def load_basemap(basemap_dir: Path = BASEMAP_DIR) -> Basemap:
    """Read the detailed (Levant) and world country outlines from the basemap folder."""
    levant = _by_iso(basemap_dir / LEVANT_FILE)
    extent = box(*gpd.GeoSeries(list(levant.values())).total_bounds)
    return Basemap(levant, extent, _by_iso(basemap_dir / WORLD_FILE))


@lru_cache(maxsize=64)
def _shared_edge(basemap: Basemap, a: str, b: str) -> BaseGeometry | None:
    """The part of a's outline that runs along b's: their common border."""
    for source in (basemap.levant, basemap.world):
        if a in source and b in source:
            edge = source[a].boundary.intersection(source[b].buffer(SHARED_EDGE_DEG))
            return None if edge.is_empty else ops.linemerge(edge) if edge.geom_type == "MultiLineString" else edge
    return None


@lru_cache(maxsize=64)
def _land_border(basemap: Basemap, a: str) -> BaseGeometry | None:
    """Every border a country shares with its neighbours (its outline less its coasts)."""
    source = basemap.levant if a in basemap.levant else basemap.world
    if a not in source:
        return None
    others = [g for iso, g in source.items() if iso != a and g.intersects(source[a].buffer(SHARED_EDGE_DEG))]
    edge = source[a].boundary.intersection(ops.unary_union(others).buffer(SHARED_EDGE_DEG)) if others else None
    return None if edge is None or edge.is_empty else edge


def distance_km(geom: BaseGeometry, other: BaseGeometry) -> float:
    """Distance in km between two lon/lat geometries, in a projection centred on the first."""
    centre = geom.representative_point()
    aeqd = pyproj.CRS.from_proj4(f"+proj=aeqd +lat_0={centre.y} +lon_0={centre.x} +datum=WGS84 +units=km")
    transformer = pyproj.Transformer.from_crs("EPSG:4326", aeqd, always_xy=True)

    def project(coords: np.ndarray) -> np.ndarray:
        return np.column_stack(transformer.transform(coords[:, 0], coords[:, 1]))

    near = other.intersection(centre.buffer(3.0))
    if near.is_empty:
        near = other
    return shapely.transform(geom, project).distance(shapely.transform(near, project))


def _countries(basemap: Basemap, geom: BaseGeometry, isos: list[str]) -> list[BaseGeometry]:
    """The claimed countries' polygons, the detailed Levant ones where the geometry lies there."""
    source = basemap.levant if basemap.levant_extent.contains(geom) else basemap.world
    return [source.get(iso) or basemap.world.get(iso) for iso in isos if (source.get(iso) or basemap.world.get(iso))]


def _country_error(file: str, feat: Feature, basemap: Basemap) -> DataError | None:
    """Say whether a feature lies outside (beyond tolerance) every country it claims."""
    country = feat.properties.country
    if not country:
        return None
    isos = country.split("/")
    geom = feat.shape
    polygons = _countries(basemap, geom, isos)
    if not polygons:
        return DataError(file, feat.id, "properties.country", f"{country} is not in the basemap")
    if geom.geom_type != "Point":
        if any(geom.intersects(p) for p in polygons):
            return None
        return DataError(file, feat.id, "properties.country", f"the area does not touch {country}")
    best = min(distance_km(geom, p) for p in polygons)
    if best <= COUNTRY_TOLERANCE_KM:
        return None
    swapped = Point(geom.y, geom.x)
    if any(distance_km(swapped, p) <= COUNTRY_TOLERANCE_KM for p in _countries(basemap, swapped, isos)):
        return DataError(
            file,
            feat.id,
            "geometry.coordinates",
            f"lat/lon look swapped: [{geom.x}, {geom.y}] lies {best:.0f} km outside {country}, "
            f"[{geom.y}, {geom.x}] inside; GeoJSON wants [lon, lat]",
        )
    return DataError(
        file,
        feat.id,
        "geometry.coordinates",
        f"lies {best:.1f} km outside {country} (tolerance {COUNTRY_TOLERANCE_KM} km)",
    )


def country_errors(layers: dict[str, Layer], basemap: Basemap, layers_dir: Path) -> list[DataError]:
    """Every feature that lies outside the country it claims."""
    errors = []
    for layer in layers.values():
        for feat in layer.features:
            error = _country_error(layer_file_name(layers_dir, layer.spec), feat, basemap)
            if error:
                errors.append(error)
    return errors


def border_errors(layer: Layer, basemap: Basemap, tolerance_km: float, layers_dir: Path) -> list[DataError]:
    """Every feature of a border layer farther than allowed from the border of the two countries it joins.

    A feature names its border by its country field: two countries ("LBN/SYR") for their common border, one
    for any of its land borders. A border_note excuses a distance.
    """
    errors, name = [], layer_file_name(layers_dir, layer.spec)
    for feat in layer.features:
        props = feat.properties
        countries = (props.country or "").split("/")
        if props.border_note:
            continue
        border = basemap.border(*countries[:2]) if countries[0] else None
        what = f"the {'–'.join(countries)} border" if len(countries) == 2 else f"any land border of {countries[0]}"
        if border is None:
            errors.append(
                DataError(name, feat.id, "properties.country", f"the basemap has no {what.removeprefix('any ')}")
            )
            continue
        km = distance_km(feat.shape, border)
        if km > tolerance_km:
            message = f"{km:.1f} km from {what} (over {tolerance_km:g} km and no border_note says why)"
            errors.append(DataError(name, feat.id, "geometry.coordinates", message))
    return errors


def geo_errors(
    layers: dict[str, Layer], tolerance_km: float, layers_dir: Path, basemap_dir: Path = BASEMAP_DIR
) -> list[DataError]:
    """All geographic checks, or one error naming the basemap file that cannot be read."""
    try:
        basemap = load_basemap(basemap_dir)
    except Exception as exc:  # noqa: BLE001 - a broken basemap is reported, never a crash
        return [DataError(f"basemap/{basemap_dir.name}", None, None, f"cannot read the basemap: {exc}")]
    errors = country_errors(layers, basemap, layers_dir)
    for layer in layers.values():
        if layer.spec.border_check:
            errors += border_errors(layer, basemap, tolerance_km, layers_dir)
    return errors
