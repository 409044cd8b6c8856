"""Write geodata/basemap/levant_borders.geojson: the Levant's country outlines as lines, without the clip box.

levant_countries is cut to the Levant box, so stroking its polygons would draw the box's edges across
Turkey, Iraq and Jordan. The map fills those polygons without a stroke and draws these lines instead: each
country's outline less the parts that run along the box. Run after build_basemap.py:
    python scripts/build_levant_borders.py
"""

from __future__ import annotations

import json
from pathlib import Path

import shapely
from basemap_files import OSM_ATTRIBUTION, RawSource, geojson_entry, print_entries, update_manifest, write_collection
from build_basemap import LEVANT_BOX, OUT_DIR
from shapely.geometry import box, shape

NAME = "levant_borders"
# Outline within this many degrees (about 100 m) of the box's edge is the cut, not a border.
EDGE_TOLERANCE = 0.001
SOURCES = [RawSource("geodata/basemap/levant_countries.geojson", "derived", "ODbL 1.0", OSM_ATTRIBUTION, in_repo=True)]


def rows(levant: dict):
    """(id, properties, lines) per country: its outline less the box's edges."""
    edge = box(*LEVANT_BOX).exterior.buffer(EDGE_TOLERANCE)
    for feature in levant["features"]:
        props = feature["properties"]
        lines = shapely.difference(shape(feature["geometry"]).boundary, edge)
        if not lines.is_empty:
            yield props["iso_a3"], {"iso_a3": props["iso_a3"], "name": props["name"]}, lines


def main() -> None:
    """Write the lines and their MANIFEST.json entry."""
    levant = json.loads((OUT_DIR / "levant_countries.geojson").read_text(encoding="utf-8"))
    write_collection(NAME, rows(levant), 4)
    entry = geojson_entry(f"{NAME}.geojson", f"scripts/{Path(__file__).name}", OUT_DIR, SOURCES, "ODbL 1.0", 4)
    update_manifest({f"{NAME}.geojson": entry})
    print_entries({f"{NAME}.geojson": entry})


if __name__ == "__main__":
    main()
