"""Write a layers folder with N synthetic ACLED-like strikes appended to strikes.geojson."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import tempfile
from pathlib import Path
from typing import Any

from dashboard.config import LAYERS_DIR

FIRST_DAY, LAST_DAY = dt.date(2024, 9, 1), dt.date(2025, 12, 31)
# The Syria–Lebanon border region: uniform in this box (lon, lat).
LON_RANGE, LAT_RANGE = (35.9, 36.9), (33.3, 34.7)
SEED = 20260106


def synthetic_strike(index: int, rng: random.Random) -> dict[str, Any]:
    """One dated, approximate airstrike that passes dashboard/schema.py and the layer rules."""
    fid = f"synthetic-{index:06d}"
    day = (FIRST_DAY + dt.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))).isoformat()
    lon, lat = round(rng.uniform(*LON_RANGE), 4), round(rng.uniform(*LAT_RANGE), 4)
    return {
        "type": "Feature", "id": fid, "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": {
            "id": fid, "name": f"Synthetic strike {index}", "layer": "strikes", "kind": "airstrike",
            "sections": ["strikes"], "actors": ["Israel"], "date_from": day, "date_to": day,
            "status": "synthetic", "confidence": rng.choice(("high", "medium", "low")),
            "accuracy_km": 2.0, "location": "approximate",
            "location_refs": ["derived: synthetic benchmark point"], "provenance": "context",
            "sources": [{"title": "Synthetic benchmark event", "publisher": "benchmark"}],
            "description": "Synthetic event for load testing.",
        },
    }


def write_layers(count: int, dest: Path | None = None, seed: int = SEED) -> Path:
    """Copy the shipped layers into dest (a new temp folder by default) and append count strikes."""
    dest = Path(dest) if dest else Path(tempfile.mkdtemp(prefix=f"briefing-layers-{count}-"))
    shutil.copytree(LAYERS_DIR, dest, dirs_exist_ok=True)
    path = dest / "strikes.geojson"
    doc = json.loads(path.read_text(encoding="utf-8"))
    rng = random.Random(seed)
    doc["features"] += [synthetic_strike(i, rng) for i in range(1, count + 1)]
    # Compact: the app refuses layer files over dashboard.data.MAX_FILE_BYTES.
    path.write_text(json.dumps(doc, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return dest


def main() -> None:
    """Command line: write the folder and print its path and the strikes file size."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("count", type=int)
    parser.add_argument("dest", nargs="?", type=Path)
    args = parser.parse_args()
    dest = write_layers(args.count, args.dest)
    print(dest, (dest / "strikes.geojson").stat().st_size)


if __name__ == "__main__":
    main()
