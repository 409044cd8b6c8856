"""The embedded offline basemap: read its GeoJSON layers, and say which could not be read."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from dashboard.config import BASEMAP_DIR

# Drawn in this order, bottom first; each is optional, but a missing one is reported.
BASEMAP_LAYERS = ("world_countries", "levant_countries", "lakes", "admin1", "rivers", "syria_lebanon_border")
# Shipped to the browser with them but not drawn yet: label points, and the hillshade sidecar naming its images.
LABEL_LAYERS = ("towns", "admin1_labels")
HILLSHADE_SIDECAR = "hillshade.json"


def load_basemap_layers(basemap_dir: Path = BASEMAP_DIR) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """Every readable basemap layer by name, and one message per layer that could not be read."""
    layers: dict[str, dict[str, Any]] = {}
    problems: list[str] = []
    for name in BASEMAP_LAYERS:
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
    return layers, problems
