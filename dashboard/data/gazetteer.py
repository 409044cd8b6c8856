"""The shared gazetteers that features cite for their coordinates."""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from dashboard.config import GAZETTEER_FILE, GEONAMES_FILE

Coordinate = tuple[float, float]


@lru_cache(maxsize=4)
def read_gazetteers(gazetteer: Path = GAZETTEER_FILE, geonames: Path = GEONAMES_FILE) -> dict[str, Coordinate | None]:
    """Sourced coordinates by reference ('gazetteer:id', 'geonames:id') as (lon, lat), None if unlocated."""
    refs: dict[str, Coordinate | None] = {}
    with gazetteer.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            located = row["lat"] and row["lon"]
            refs[f"gazetteer:{row['id']}"] = (float(row["lon"]), float(row["lat"])) if located else None
    with geonames.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            refs[f"geonames:{row['geonameid']}"] = (float(row["lon"]), float(row["lat"]))
    return refs
