"""Write geodata/basemap/country_labels.geojson: one label point per country, inside its largest part.

Derived from the basemap's own country layers (the Levant's OSM outlines where they exist, Natural Earth
elsewhere); each point is the pole of inaccessibility of the country's largest polygon (shapely's
polylabel), so a name sits well inside the land. min_zoom: the zoom from which the browser writes the name,
from the area of that polygon. Run after build_basemap.py: python scripts/build_country_labels.py
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import shapely
from basemap_files import (
    NE_ATTRIBUTION,
    NE_LICENCE,
    OSM_ATTRIBUTION,
    RawSource,
    geojson_entry,
    print_entries,
    update_manifest,
    write_collection,
)
from build_basemap import OUT_DIR
from shapely.geometry import shape
from shapely.ops import polylabel

NAME = "country_labels"
# Largest-part area (km², roughly) -> the first zoom that names the country.
MIN_ZOOM_BY_AREA = ((1_000_000, 2), (150_000, 4), (8_000, 5), (0, 6))
SOURCES = [
    RawSource("geodata/basemap/world_countries.geojson", "derived", NE_LICENCE, NE_ATTRIBUTION, in_repo=True),
    RawSource("geodata/basemap/levant_countries.geojson", "derived", "ODbL 1.0", OSM_ATTRIBUTION, in_repo=True),
]


def _km2(geom) -> float:
    """A rough area in km² (degrees scaled at the polygon's latitude): enough to rank countries by size."""
    lat = geom.centroid.y
    return geom.area * 111.32 * 111.32 * math.cos(math.radians(lat))


def _largest(geom):
    parts = list(getattr(geom, "geoms", [geom]))
    return max(parts, key=_km2)


def rows(world: dict, levant: dict):
    """(id, properties, point) per country; the Levant's outlines replace Natural Earth's for its countries."""
    by_code = {f["properties"]["iso_a3"]: f for f in world["features"]}
    by_code.update({f["properties"]["iso_a3"]: f for f in levant["features"]})
    for code, feature in sorted(by_code.items()):
        part = _largest(shape(feature["geometry"]))
        # polylabel works in the plane: shrink longitudes so a degree weighs the same both ways here.
        k = math.cos(math.radians(part.centroid.y))
        squeezed = shapely.transform(part, lambda xy, k=k: xy * np.array([k, 1.0]))
        point = shapely.transform(polylabel(squeezed, 0.01), lambda xy, k=k: xy / np.array([k, 1.0]))
        area = _km2(part)
        min_zoom = next(z for floor, z in MIN_ZOOM_BY_AREA if area >= floor)
        yield code, {"name": feature["properties"]["name"], "iso_a3": code, "min_zoom": min_zoom}, point


def main() -> None:
    """Write the labels and their MANIFEST.json entry."""
    world = json.loads((OUT_DIR / "world_countries.geojson").read_text(encoding="utf-8"))
    levant = json.loads((OUT_DIR / "levant_countries.geojson").read_text(encoding="utf-8"))
    write_collection(NAME, rows(world, levant), 3)
    licence = "ODbL 1.0 (the Levant's outlines) / public domain (Natural Earth)"
    entry = geojson_entry(f"{NAME}.geojson", f"scripts/{Path(__file__).name}", OUT_DIR, SOURCES, licence, 3)
    update_manifest({f"{NAME}.geojson": entry})
    print_entries({f"{NAME}.geojson": entry})


if __name__ == "__main__":
    main()
