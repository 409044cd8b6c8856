"""Bring an overlay's features to WGS84, repair or refuse bad geometries, and write them as GeoJSON features."""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj.exceptions import CRSError

from dashboard.data.overlay_files import OverlayError

WGS84 = "EPSG:4326"
MAX_LISTED = 5  # repaired features named in the warning before 'and N more'


def to_wgs84(frame: gpd.GeoDataFrame, name: str) -> tuple[gpd.GeoDataFrame, list[str]]:
    """The frame in WGS84 longitude/latitude, and a warning saying what was assumed or reprojected."""
    if frame.crs is None:
        warning = f"{name}: no coordinate system stated (no .prj?): coordinates taken as WGS84 longitude/latitude"
        return frame.set_crs(WGS84), [warning]
    if frame.crs.to_epsg() == 4326:
        return frame, []
    try:
        label = frame.crs.to_string()
        return frame.to_crs(WGS84), [f"{name}: reprojected from {label} to WGS84 (EPSG:4326)"]
    except (CRSError, ValueError) as exc:
        raise OverlayError(name, f"cannot reproject from its coordinate system to WGS84 ({exc})") from None


def repair(frame: gpd.GeoDataFrame, labels: list[str], name: str) -> tuple[gpd.GeoDataFrame, list[str]]:
    """Refuse missing or empty geometries; repair invalid ones with make_valid and say which."""
    shapes = frame.geometry.array
    for index, shape in enumerate(shapes):
        if shape is None or shape.is_empty:
            raise OverlayError(name, "the feature has no geometry", feature=labels[index], field="geometry")
    invalid = np.flatnonzero(~shapely.is_valid(np.asarray(shapes)))
    if not len(invalid):
        return frame, []
    repaired = []
    fixed = list(shapes)
    for index in invalid:
        reason = shapely.is_valid_reason(shapes[index])
        fixed[index] = shapely.make_valid(shapes[index])
        if fixed[index].is_empty:
            raise OverlayError(
                name, f"invalid geometry that cannot be repaired ({reason})", feature=labels[index], field="geometry"
            )
        repaired.append(f"feature '{labels[index]}' ({reason})")
    more = f" and {len(repaired) - MAX_LISTED} more" if len(repaired) > MAX_LISTED else ""
    listed = ", ".join(repaired[:MAX_LISTED]) + more
    warning = f"{name}: field 'geometry': repaired {len(repaired)} invalid geometry(ies) with make_valid: {listed}"
    return frame.set_geometry(fixed, crs=frame.crs), [warning]


def check_range(frame: gpd.GeoDataFrame, labels: list[str], name: str, fields: str = "geometry") -> None:
    """Refuse a coordinate beyond ±180° longitude or ±90° latitude, saying so when the axes look swapped."""
    bounds = shapely.bounds(np.asarray(frame.geometry.array))
    xs, ys = bounds[:, [0, 2]], bounds[:, [1, 3]]
    bad = ~np.isfinite(bounds).all(axis=1) | (np.abs(xs) > 180).any(axis=1) | (np.abs(ys) > 90).any(axis=1)
    if not bad.any():
        return
    index = int(np.flatnonzero(bad)[0])
    x, y = bounds[index, 0], bounds[index, 1]
    if (np.abs(xs) <= 90).all() and (np.abs(ys) <= 180).all():
        message = (
            f"coordinates look swapped: latitude {y:g} is beyond ±90° while every longitude is within ±90°; "
            "longitude comes first (x) and latitude second (y)"
        )
    else:
        message = (
            f"coordinate out of range (longitude {x:g}, latitude {y:g}): longitude must be within ±180° and "
            "latitude within ±90° (a projected file without its coordinate system?)"
        )
    raise OverlayError(name, message, feature=labels[index], field=fields)


def json_value(value: Any) -> Any:
    """A property value as JSON: missing as null, numpy scalars as numbers, dates as ISO text, the rest as text."""
    if isinstance(value, (list, tuple, dict)):
        return json.loads(json.dumps(value, default=str))
    if value is None or pd.isna(value):
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, (str, bool, int, float)):
        return value
    return str(value)


def own_ids(frame: gpd.GeoDataFrame) -> list[str] | None:
    """The file's own feature ids, when every feature has a distinct one."""
    if "id" not in frame.columns:
        return None
    ids = [json_value(v) for v in frame["id"]]
    return [str(i) for i in ids] if None not in ids and len({str(i) for i in ids}) == len(ids) else None


def feature_ids(frame: gpd.GeoDataFrame) -> list[str]:
    """Each feature's id: the file's own, else f1, f2, …"""
    return own_ids(frame) or [f"f{n}" for n in range(1, len(frame) + 1)]


def feature_collection(frame: gpd.GeoDataFrame) -> dict[str, Any]:
    """The frame as a GeoJSON FeatureCollection with explicit ids; columns empty in every feature dropped."""
    columns = [c for c in frame.columns if c != frame.geometry.name and not frame[c].isna().all()]
    shapes = [json.loads(g) for g in shapely.to_geojson(np.asarray(frame.geometry.array))]
    records = frame[columns].to_dict(orient="records")
    features = [
        {"type": "Feature", "id": fid, "properties": {k: json_value(v) for k, v in props.items()}, "geometry": shape}
        for fid, props, shape in zip(feature_ids(frame), records, shapes, strict=True)
    ]
    return {"type": "FeatureCollection", "features": features}


def labels_for(frame: gpd.GeoDataFrame) -> list[str]:
    """How messages name each feature: its own id, else its place in the file (#1, #2, …)."""
    return own_ids(frame) or [f"#{n}" for n in range(1, len(frame) + 1)]
