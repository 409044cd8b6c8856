"""Fill the geometry of area features from the derived basemap, by the key each feature cites.

In every bundle's layers (geodata/<article-id>/*.geojson), a feature whose location_refs hold
'basemap:<file>:<key>' gets the polygon of that basemap file's feature whose ISO code (iso_3166_2 for
admin1, iso_a3 for countries) equals key. Run after scripts/build_basemap.py:
python scripts/fill_area_geometries.py [ARTICLE-ID ...]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from shapely.geometry import MultiPolygon, mapping, shape

ROOT = Path(__file__).resolve().parent.parent
BASEMAP = ROOT / "geodata" / "basemap"
GEODATA = ROOT / "geodata"
KEY_FIELDS = ("iso_3166_2", "iso_a3")
SIMPLIFY_DEG = {"admin1": 0.002, "world_countries": 0.1}
# Country-scale areas drop islands smaller than this (square degrees, about 6,000 km² near the equator).
MIN_PART_AREA = {"world_countries": 0.5}


def _round(coords):
    """Round nested coordinates to 4 decimals (about 10 m)."""
    if isinstance(coords[0], (int, float)):
        return [round(coords[0], 4), round(coords[1], 4)]
    return [_round(c) for c in coords]


def polygon_for(ref: str) -> dict:
    """The simplified polygon a 'basemap:file:key' reference names."""
    _, name, key = ref.split(":", 2)
    doc = json.loads((BASEMAP / f"{name}.geojson").read_text(encoding="utf-8"))
    for feat in doc["features"]:
        if any(feat["properties"].get(k) == key for k in KEY_FIELDS):
            geom = shape(feat["geometry"])
            if name in MIN_PART_AREA and geom.geom_type == "MultiPolygon":
                parts = [p for p in geom.geoms if p.area >= MIN_PART_AREA[name]] or [
                    max(geom.geoms, key=lambda p: p.area)
                ]
                geom = MultiPolygon(parts) if len(parts) > 1 else parts[0]
            geom = geom.simplify(SIMPLIFY_DEG.get(name, 0.01), preserve_topology=True)
            g = mapping(geom)
            return {"type": g["type"], "coordinates": _round(json.loads(json.dumps(g["coordinates"])))}
    raise KeyError(f"{ref}: no feature with that key in {name}.geojson")


def fill(path: Path) -> int:
    """Rewrite one layer file's basemap-cited geometries; return how many (a file with none is left alone)."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    filled = 0
    for feat in doc["features"]:
        refs = [r for r in feat["properties"]["location_refs"] if r.startswith("basemap:")]
        if refs:
            feat["geometry"] = polygon_for(refs[0])
            filled += 1
    if filled:
        path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return filled


def main() -> None:
    """Fill the area geometries of the named bundles (default: every bundle)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("articles", nargs="*", help="bundle ids (default: every folder with a manifest.toml)")
    args = parser.parse_args()
    folders = [GEODATA / a for a in args.articles] or sorted(p.parent for p in GEODATA.glob("*/manifest.toml"))
    for folder in folders:
        for path in sorted(folder.glob("*.geojson")):
            if filled := fill(path):
                print(f"{path.relative_to(ROOT)}: {filled} areas filled")


if __name__ == "__main__":
    main()
