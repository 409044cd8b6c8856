"""The selection as RFC 7946 GeoJSON, every property kept, and the grades also as flat fields for GIS readers."""

from __future__ import annotations

import json
from typing import Any

import shapely
from shapely.geometry import mapping, shape

from dashboard.products.selection import Selection
from dashboard.products.team_layers import overlay_features
from dashboard.view.grades import grade_fields


def rfc7946_geometry(geometry: dict[str, Any]) -> dict[str, Any]:
    """The geometry with polygon rings wound by RFC 7946's right-hand rule (outer anticlockwise)."""
    return mapping(shapely.orient_polygons(shape(geometry)))


def to_geojson(selection: Selection) -> bytes:
    """A FeatureCollection of the shown features with all their properties, then the team overlays' features
    (marked with their origin), and what the export shows."""
    features = [
        {
            "type": "Feature",
            "id": s.feature.id,
            "geometry": rfc7946_geometry(s.feature.geometry),
            "properties": s.props.model_dump(mode="json") | grade_fields(s.props),
        }
        for s in selection.shown
    ]
    features += [
        {
            "type": "Feature",
            "id": f.id,
            "geometry": rfc7946_geometry(f.geometry),
            "properties": f.origin | {"name": f.name, "attributes": f.attributes},
        }
        for f in overlay_features(selection)
    ]
    doc = {"type": "FeatureCollection", "briefing_map": selection.about(), "features": features}
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")
