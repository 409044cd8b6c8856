"""Write the Levant's country and governorate outlines as lines, without the box they were cut to.

levant_countries and admin1 are cut to the Levant box, so stroking their polygons would draw the box's
edges across Turkey, Iraq and Jordan. The map fills the countries without a stroke and draws these lines
instead (geodata/basemap/levant_borders.geojson and admin1_lines.geojson): each outline less the parts
that run along the box. Run after build_basemap.py and build_governorates.py:
    python scripts/build_levant_borders.py
"""

from __future__ import annotations

import json
from pathlib import Path

import shapely
from basemap_files import OSM_ATTRIBUTION, RawSource, geojson_entry, print_entries, update_manifest, write_collection
from build_basemap import LEVANT_BOX, OUT_DIR
from shapely.geometry import box, shape

# (output, input, the property that names a feature's id, licence of the input)
OUTPUTS = (
    ("levant_borders", "levant_countries", "iso_a3", "ODbL 1.0"),
    ("admin1_lines", "admin1", None, None),
)
# Outline within this many degrees (about 100 m) of the box's edge is the cut, not a border.
EDGE_TOLERANCE = 0.001


def rows(doc: dict, key: str | None):
    """(id, properties, lines) per feature: its outline less the box's edges."""
    edge = box(*LEVANT_BOX).exterior.buffer(EDGE_TOLERANCE)
    for i, feature in enumerate(doc["features"]):
        props = feature["properties"]
        lines = shapely.difference(shape(feature["geometry"]).boundary, edge)
        if not lines.is_empty:
            yield str(props[key] if key else feature.get("id", i)), props, lines


def main() -> None:
    """Write the lines and their MANIFEST.json entries."""
    manifest = json.loads((OUT_DIR / "MANIFEST.json").read_text(encoding="utf-8"))
    entries = {}
    for name, source, key, licence in OUTPUTS:
        doc = json.loads((OUT_DIR / f"{source}.geojson").read_text(encoding="utf-8"))
        write_collection(name, rows(doc, key), 4)
        licence = licence or manifest["files"][f"{source}.geojson"]["licence"]
        attribution = manifest["files"][f"{source}.geojson"].get("attribution", OSM_ATTRIBUTION)
        raw = [RawSource(f"geodata/basemap/{source}.geojson", "derived", licence, attribution, in_repo=True)]
        entries[f"{name}.geojson"] = geojson_entry(
            f"{name}.geojson", f"scripts/{Path(__file__).name}", OUT_DIR, raw, licence, 4
        )
    update_manifest(entries)
    print_entries(entries)


if __name__ == "__main__":
    main()
