"""Geographic sense checks of validated layers against the offline basemap."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pyproj
import shapely
from shapely import ops
from shapely.geometry import Point, box, shape
from shapely.geometry.base import BaseGeometry

from dashboard.config import BASEMAP_DIR, COUNTRY_TOLERANCE_KM, CROSSING_BORDER_TOLERANCE_KM
from dashboard.data import DataError, Layer

LEVANT_FILE = "levant_countries.geojson"
WORLD_FILE = "world_countries.geojson"
BORDER_FILE = "syria_lebanon_border.geojson"


@dataclass(frozen=True)
class Basemap:
    """The basemap geometries the checks need."""

    levant: dict[str, BaseGeometry]
    levant_extent: BaseGeometry
    world: dict[str, BaseGeometry]
    border: BaseGeometry


def _by_iso(path: Path) -> dict[str, BaseGeometry]:
    """Country geometries keyed by ISO alpha-3 code."""
    frame = gpd.read_file(path)
    return {iso: geom for iso, geom in zip(frame["iso_a3"], frame.geometry)}


@lru_cache(maxsize=2)
def load_basemap(basemap_dir: Path = BASEMAP_DIR) -> Basemap:
    """Read the countries and the Syria–Lebanon border line from the basemap folder."""
    levant = _by_iso(basemap_dir / LEVANT_FILE)
    extent = box(*gpd.GeoSeries(list(levant.values())).total_bounds)
    border = ops.unary_union(list(gpd.read_file(basemap_dir / BORDER_FILE).geometry))
    return Basemap(levant, extent, _by_iso(basemap_dir / WORLD_FILE), border)


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


def _country_error(file: str, feat: dict[str, Any], basemap: Basemap) -> DataError | None:
    """Say whether a feature lies outside (beyond tolerance) every country it claims."""
    country = feat["properties"].get("country")
    if not country:
        return None
    isos = country.split("/")
    geom = shape(feat["geometry"])
    polygons = _countries(basemap, geom, isos)
    if not polygons:
        return DataError(file, feat["id"], "properties.country", f"{country} is not in the basemap")
    if geom.geom_type != "Point":
        if any(geom.intersects(p) for p in polygons):
            return None
        return DataError(file, feat["id"], "properties.country", f"the area does not touch {country}")
    best = min(distance_km(geom, p) for p in polygons)
    if best <= COUNTRY_TOLERANCE_KM:
        return None
    swapped = Point(geom.y, geom.x)
    if any(distance_km(swapped, p) <= COUNTRY_TOLERANCE_KM for p in _countries(basemap, swapped, isos)):
        return DataError(
            file,
            feat["id"],
            "geometry.coordinates",
            f"lat/lon look swapped: [{geom.x}, {geom.y}] lies {best:.0f} km outside {country}, "
            f"[{geom.y}, {geom.x}] inside; GeoJSON wants [lon, lat]",
        )
    return DataError(
        file,
        feat["id"],
        "geometry.coordinates",
        f"lies {best:.1f} km outside {country} (tolerance {COUNTRY_TOLERANCE_KM} km)",
    )


def country_errors(layers: dict[str, Layer], basemap: Basemap) -> list[DataError]:
    """Every feature that lies outside the country it claims."""
    errors = []
    for layer in layers.values():
        for feat in layer.features:
            error = _country_error(layer.spec.file, feat, basemap)
            if error:
                errors.append(error)
    return errors


def border_errors(crossings: Layer, basemap: Basemap) -> list[DataError]:
    """Every crossing farther from the Syria–Lebanon line than allowed, unless it says why."""
    errors = []
    for feat in crossings.features:
        if feat["properties"].get("border_note"):
            continue
        km = distance_km(shape(feat["geometry"]), basemap.border)
        if km > CROSSING_BORDER_TOLERANCE_KM:
            errors.append(
                DataError(
                    crossings.spec.file,
                    feat["id"],
                    "geometry.coordinates",
                    f"{km:.1f} km from the Syria–Lebanon border "
                    f"(over {CROSSING_BORDER_TOLERANCE_KM} km and no border_note says why)",
                )
            )
    return errors


def geo_errors(layers: dict[str, Layer], basemap_dir: Path = BASEMAP_DIR) -> list[DataError]:
    """All geographic checks, or one error naming the basemap file that cannot be read."""
    try:
        basemap = load_basemap(basemap_dir)
    except Exception as exc:  # noqa: BLE001 - a broken basemap is reported, never a crash
        return [DataError(f"basemap/{basemap_dir.name}", None, None, f"cannot read the basemap: {exc}")]
    errors = country_errors(layers, basemap)
    if "crossings" in layers:
        errors += border_errors(layers["crossings"], basemap)
    return errors
