"""Write the browser's copy of the offline basemap: the derived layers, lighter, served as static files.

The app's map fetches these from /app/static/basemap/ instead of carrying them in every message. The label layers
(towns, admin1_labels) are copied the same way, and the hillshade sidecar with its images byte for byte.
Run after the basemap scripts (see geodata/README.md): python scripts/build_web_basemap.py
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from shapely.geometry import mapping, shape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard.config import BASEMAP_DIR, STATIC_DIR  # noqa: E402
from dashboard.data.basemap import BASEMAP_LAYERS, HILLSHADE_SIDECAR, LABEL_LAYERS  # noqa: E402

OUT = STATIC_DIR / "basemap"
# (simplification tolerance in degrees, decimals kept) per layer; the web map never zooms past ~1:250k.
LIGHTEN = {
    "world_countries": (0.02, 3),
    "levant_countries": (0.001, 4),
    "levant_borders": (0.001, 4),
    "admin1_lines": (0.002, 4),
    "rivers": (0.001, 4),
    "lakes": (0.001, 4),
    "syria_lebanon_border": (0.0, 4),
    "towns": (0.0, 4),  # points: only the per-line layout of the derived file is dropped
    "admin1_labels": (0.0, 4),
    "country_labels": (0.0, 4),
}


def _round(coords, decimals: int):
    """Round nested coordinates."""
    if isinstance(coords[0], (int, float)):
        return [round(coords[0], decimals), round(coords[1], decimals)]
    return [_round(c, decimals) for c in coords]


def lighten(doc: dict, tolerance: float, decimals: int) -> dict:
    """A lighter copy of a FeatureCollection: simplified, rounded, properties kept."""
    features = []
    for feat in doc["features"]:
        geom = shape(feat["geometry"])
        if tolerance:
            geom = geom.simplify(tolerance, preserve_topology=True)
        if geom.is_empty:
            continue
        g = mapping(geom)
        features.append(
            {
                "type": "Feature",
                "id": feat.get("id"),
                "properties": feat["properties"],
                "geometry": {
                    "type": g["type"],
                    "coordinates": _round(json.loads(json.dumps(g["coordinates"])), decimals),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def copy_hillshade() -> None:
    """Copy the hillshade sidecar and the images it names, unchanged."""
    sidecar = json.loads((BASEMAP_DIR / HILLSHADE_SIDECAR).read_text(encoding="utf-8"))
    for file in (HILLSHADE_SIDECAR, *(image["file"] for image in sidecar["images"].values())):
        shutil.copyfile(BASEMAP_DIR / file, OUT / file)
        print(f"{file}: {(OUT / file).stat().st_size / 1024:.0f} KB")


def main() -> None:
    """Rewrite every web basemap file from geodata/basemap."""
    OUT.mkdir(parents=True, exist_ok=True)
    for name in (*BASEMAP_LAYERS, *LABEL_LAYERS):
        doc = json.loads((BASEMAP_DIR / f"{name}.geojson").read_text(encoding="utf-8"))
        tolerance, decimals = LIGHTEN[name]
        text = json.dumps(lighten(doc, tolerance, decimals), ensure_ascii=False, separators=(",", ":"))
        (OUT / f"{name}.geojson").write_text(text + "\n", encoding="utf-8")
        print(f"{name}: {len(text) / 1024:.0f} KB")
    copy_hillshade()


if __name__ == "__main__":
    main()
