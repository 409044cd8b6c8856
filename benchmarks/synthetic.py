"""Write a data root holding the shipped bundle with N synthetic ACLED-like strikes added to its strikes layer."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import tempfile
from pathlib import Path
from typing import Any

from dashboard.config import DATA_ROOT

ARTICLE = "iran-russia-too-close-for-comfort"

FIRST_DAY, LAST_DAY = dt.date(2024, 9, 1), dt.date(2025, 12, 31)
# The Syria–Lebanon border region: uniform in this box (lon, lat).
LON_RANGE, LAT_RANGE = (35.9, 36.9), (33.3, 34.7)
SEED = 20260106


def synthetic_strike(index: int, rng: random.Random) -> dict[str, Any]:
    """One dated, approximate airstrike that passes the feature model and the layer rules."""
    fid = f"synthetic-{index:06d}"
    day = (FIRST_DAY + dt.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))).isoformat()
    lon, lat = round(rng.uniform(*LON_RANGE), 4), round(rng.uniform(*LAT_RANGE), 4)
    return {
        "type": "Feature",
        "id": fid,
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": {
            "id": fid,
            "name": f"Synthetic strike {index}",
            "layer": "strikes",
            "kind": "airstrike",
            "sections": ["strikes"],
            "actors": ["Israel"],
            "date_from": day,
            "date_to": day,
            "status": "synthetic",
            "confidence": rng.choice(("high", "moderate", "low")),
            "accuracy_km": 2.0,
            "location": "approximate",
            "location_refs": ["derived: synthetic benchmark point"],
            "provenance": "context",
            "sources": [{"title": "Synthetic benchmark event", "publisher": "benchmark"}],
            "description": "Synthetic event for load testing.",
        },
    }


def strikes_file(root: Path) -> Path:
    """The strikes layer of the shipped bundle under a data root."""
    return root / "geodata" / ARTICLE / "strikes.geojson"


def write_data_root(count: int, dest: Path | None = None, seed: int = SEED) -> Path:
    """Copy the shipped bundle into a data root (a new temp folder by default) and append count strikes."""
    dest = Path(dest) if dest else Path(tempfile.mkdtemp(prefix=f"briefing-data-{count}-"))
    for part in ("seeds", "geodata"):
        shutil.copytree(DATA_ROOT / part / ARTICLE, dest / part / ARTICLE, dirs_exist_ok=True)
    path = strikes_file(dest)
    doc = json.loads(path.read_text(encoding="utf-8"))
    rng = random.Random(seed)
    doc["features"] += [synthetic_strike(i, rng) for i in range(1, count + 1)]
    # Compact: the app refuses layer files over dashboard.data.layers.MAX_FILE_BYTES.
    path.write_text(json.dumps(doc, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return dest


def main() -> None:
    """Command line: write the folder and print its path and the strikes file size."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("count", type=int)
    parser.add_argument("dest", nargs="?", type=Path)
    args = parser.parse_args()
    dest = write_data_root(args.count, args.dest)
    print(dest, strikes_file(dest).stat().st_size)


if __name__ == "__main__":
    main()
