"""The embedded offline basemap: read its GeoJSON layers, and say which could not be read."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

from dashboard.config import BASEMAP_DIR

# Drawn in this order, bottom first; each is optional, but a missing one is reported.
BASEMAP_LAYERS = (
    "world_countries",
    "levant_countries",
    "levant_borders",
    "lakes",
    "admin1_lines",
    "rivers",
    "syria_lebanon_border",
)
# The names the browser writes on the basemap (label points), and the hillshade sidecar naming its images.
LABEL_LAYERS = ("country_labels", "admin1_labels", "towns")
HILLSHADE_SIDECAR = "hillshade.json"
# The key under which load_basemap_layers returns the hillshade images ({"images": [...]}).
HILLSHADE = "hillshade"


def load_basemap_layers(basemap_dir: Path = BASEMAP_DIR) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """Every readable basemap layer by name, and one message per layer that could not be read."""
    layers: dict[str, dict[str, Any]] = {}
    problems: list[str] = []
    for name in (*BASEMAP_LAYERS, *LABEL_LAYERS):
        path = basemap_dir / f"{name}.geojson"
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            problems.append(f"basemap/{path.name}: file is missing; the map is drawn without it")
            continue
        except (OSError, ValueError) as exc:
            problems.append(f"basemap/{path.name}: cannot be read ({exc}); the map is drawn without it")
            continue
        if doc.get("type") != "FeatureCollection":
            problems.append(f"basemap/{path.name}: not a FeatureCollection; the map is drawn without it")
            continue
        layers[name] = doc
    images, more = load_hillshade(basemap_dir)
    if images:
        layers[HILLSHADE] = {"images": images}
    return layers, problems + more


def load_hillshade(basemap_dir: Path = BASEMAP_DIR) -> tuple[list[dict[str, Any]], list[str]]:
    """The hillshade images as the sidecar lists them ({name, file, bounds, data: base64 JPEG}), and problems."""
    try:
        sidecar = json.loads((basemap_dir / HILLSHADE_SIDECAR).read_text(encoding="utf-8"))
        images = [
            {
                "name": name,
                "file": image["file"],
                "bounds": image["bounds"],
                "data": base64.b64encode((basemap_dir / image["file"]).read_bytes()).decode("ascii"),
            }
            for name, image in sidecar["images"].items()
        ]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return [], [f"basemap/{HILLSHADE_SIDECAR}: the hillshade cannot be read ({exc}); the map is drawn without it"]
    return images, []
