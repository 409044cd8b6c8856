"""Read a team's overlay file (GeoJSON, KML, GPX, CSV, zipped shapefile) into checked WGS84 GeoJSON."""

from __future__ import annotations

import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyogrio
from pyogrio.errors import DataLayerError, DataSourceError, FieldError, GeometryError

from dashboard.data.overlay_checks import check_range, feature_collection, labels_for, repair, to_wgs84
from dashboard.data.overlay_csv import CsvColumns, read_csv_frame
from dashboard.data.overlay_files import FORMAT_NAMES, OverlayError, copy_to, detect_format, extract_shapefile

MAX_OVERLAY_BYTES = 10_000_000  # a team's overlay of a few thousand features is well under 10 MB
MAX_OVERLAY_FEATURES = 10_000  # beyond this the map is no longer a briefing
GDAL_DRIVERS = {"geojson": {"GeoJSON"}, "kml": {"KML", "LIBKML"}, "gpx": {"GPX"}, "shapefile": {"ESRI Shapefile"}}
GPX_LAYERS = ("waypoints", "routes", "tracks")  # route_points and track_points repeat the vertices of these
GDAL_ERRORS = (DataSourceError, DataLayerError, FieldError, GeometryError)


@dataclass(frozen=True)
class OverlayFile:
    """An overlay file read and checked: its WGS84 features, what was repaired or assumed, how it was read."""

    file: str
    format: str
    features: dict[str, Any]
    warnings: tuple[str, ...]
    csv_columns: CsvColumns | None = None

    @property
    def feature_count(self) -> int:
        """How many features it holds."""
        return len(self.features["features"])


def read_overlay(raw: bytes, name: str, csv_columns: CsvColumns | None = None) -> OverlayFile:
    """Read an uploaded file by its content and name, or raise OverlayError with one message naming what is wrong."""
    if len(raw) > MAX_OVERLAY_BYTES:
        raise OverlayError(name, f"{len(raw):,} bytes is over the cap of {MAX_OVERLAY_BYTES:,} bytes per overlay")
    fmt = detect_format(raw, name)
    if fmt == "csv":
        frame, labels, notes, csv_columns = read_csv_frame(raw, name, csv_columns, MAX_OVERLAY_FEATURES)
        fields = ",".join(csv_columns.names())
    else:
        frame, notes, csv_columns = read_with_gdal(raw, name, fmt), [], None
        labels, fields = labels_for(frame), "geometry"
    if frame.empty:
        raise OverlayError(name, f"the {FORMAT_NAMES[fmt]} file holds no features")
    frame, assumed = to_wgs84(frame, name)
    frame, repaired = repair(frame, labels, name)
    check_range(frame, labels, name, fields)
    return OverlayFile(name, fmt, feature_collection(frame), tuple(notes + assumed + repaired), csv_columns)


def layer_names(path: Path, fmt: str) -> list[str]:
    """The layers to read: every layer (a KML's folders), but a GPX's waypoints, routes and tracks only."""
    names = [str(layer) for layer, _ in pyogrio.list_layers(path)]
    return [n for n in names if n in GPX_LAYERS] if fmt == "gpx" else names


def read_with_gdal(raw: bytes, name: str, fmt: str) -> gpd.GeoDataFrame:
    """Every layer of a file GDAL reads, as one frame in the file's own coordinate system, the feature cap held."""
    with tempfile.TemporaryDirectory(prefix="overlay-") as tmp:
        folder = Path(tmp)
        path = extract_shapefile(raw, name, folder) if fmt == "shapefile" else copy_to(raw, fmt, folder)
        try:
            layers = layer_names(path, fmt)
            infos = [pyogrio.read_info(path, layer=layer, force_feature_count=True) for layer in layers]
            drivers = {info["driver"] for info in infos}
            if not drivers <= GDAL_DRIVERS[fmt]:
                raise OverlayError(name, f"GDAL reads it as {', '.join(sorted(drivers))}, not {FORMAT_NAMES[fmt]}")
            count = sum(max(info["features"], 0) for info in infos)
            if count > MAX_OVERLAY_FEATURES:
                raise OverlayError(name, f"{count:,} features is over the cap of {MAX_OVERLAY_FEATURES:,} per overlay")
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)  # GDAL's notes on odd fields: the checks below speak
                frames = [pyogrio.read_dataframe(path, layer=layer) for layer in layers]
        except GDAL_ERRORS as exc:
            raise OverlayError(name, f"GDAL cannot read it as {FORMAT_NAMES[fmt]} ({exc})") from None
    frames = [f for f in frames if not f.empty]
    if not frames:
        return gpd.GeoDataFrame(geometry=[], crs="EPSG:4326")
    crs = frames[0].crs
    if any(f.crs != crs for f in frames):
        frames = [f.to_crs("EPSG:4326") for f in frames]
        crs = "EPSG:4326"
    return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), geometry="geometry", crs=crs)
