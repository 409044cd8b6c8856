"""The derived offline basemap in geodata/basemap/ is valid, complete, small and as recorded."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest
import shapely
from shapely.geometry import Point, box

ROOT = Path(__file__).resolve().parents[1]
BASEMAP = ROOT / "geodata" / "basemap"
LAYER_FILES = (
    "world_countries",
    "levant_countries",
    "syria_lebanon_border",
    "coastline",
    "admin1",
    "populated_places",
    "rivers",
    "lakes",
    "towns",
    "admin1_labels",
    "country_labels",
    "levant_borders",
    "admin1_lines",
)
SIZE_LIMIT_BYTES = 3_500_000
AEQD = "+proj=aeqd +lat_0=34.4 +lon_0=36.2 +datum=WGS84 +units=m +no_defs"
# (lat, lon, km to the OSM Syria-Lebanon line, measured before the basemap was built)
BORDER_CHECKS = (
    (34.42167, 36.54333, 0.79),
    (34.455, 36.490, 0.00),
    (34.63389, 35.97556, 0.01),
    (33.70287, 35.92405, 4.19),
    (33.65389, 35.97167, 1.30),
)
WORLD_CODES = {"BRA", "RUS", "IND", "CHN", "ZAF", "EGY", "ETH", "IRN", "ARE", "IDN", "SAU"}
LEVANT_CODES = {"ISR", "LBN", "SYR", "IRQ", "TUR", "JOR"}
RIVERS = {"Orontes", "Nahr al-Kabir", "Litani", "Euphrates", "Jordan"}


def read(name: str) -> gpd.GeoDataFrame:
    """Read one basemap layer."""
    return gpd.read_file(BASEMAP / f"{name}.geojson")


def _reject(token: str):
    """Refuse NaN and Infinity, which are not JSON."""
    raise ValueError(f"not JSON: {token}")


@pytest.fixture(scope="module")
def manifest() -> dict:
    """The basemap manifest."""
    return json.loads((BASEMAP / "MANIFEST.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", LAYER_FILES)
def test_layer_parses_as_wgs84_rfc7946(name):
    path = BASEMAP / f"{name}.geojson"
    doc = json.loads(path.read_text(encoding="utf-8"), parse_constant=_reject)
    assert doc["type"] == "FeatureCollection" and "crs" not in doc
    assert pyogrio.read_info(path)["crs"] == "EPSG:4326"
    gdf = read(name)
    assert len(gdf) > 0 and gdf.crs.to_epsg() == 4326
    assert gdf.is_valid.all() and not gdf.geometry.is_empty.any()
    ids = [f["id"] for f in doc["features"]]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("name", LAYER_FILES)
def test_coordinates_are_rounded_as_recorded(name, manifest):
    text = (BASEMAP / f"{name}.geojson").read_text(encoding="utf-8")
    coords = text.split('"coordinates":', 1)[1]
    longest = max((len(m) for m in re.findall(r"\.(\d+)", coords)), default=0)
    assert longest <= manifest["files"][f"{name}.geojson"]["decimals"]


def test_world_has_brics_and_levant_countries():
    codes = set(read("world_countries").iso_a3)
    assert WORLD_CODES | LEVANT_CODES <= codes


def test_levant_countries_are_osm_and_cover_syria_whole(manifest):
    gdf = read("levant_countries").set_index("iso_a3")
    assert LEVANT_CODES <= set(gdf.index)
    assert set(gdf.source) == {"OpenStreetMap contributors (ODbL)"}
    syria = gdf.geometry["SYR"]
    west, south, east, north = manifest["levant_box"]
    assert west < syria.bounds[0] and syria.bounds[2] < east and south < syria.bounds[1]
    assert syria.contains(Point(40.92, 34.45))  # Albukamal


def test_admin1_has_syrian_governorates_and_lebanons_eight():
    gdf = read("admin1")
    codes = set(gdf.iso_3166_2)
    assert {"SY-HI", "SY-RD", "SY-DI", "SY-LA", "SY-TA", "SY-HL"} <= codes
    lebanon = {c for c in codes if c.startswith("LB-")}
    assert lebanon == {"LB-AK", "LB-AS", "LB-BA", "LB-BH", "LB-BI", "LB-JA", "LB-JL", "LB-NA"}  # since 2014
    assert set(gdf[gdf.iso_3166_2.str.startswith("SY-")].iso_a3) == {"SYR"}


def test_populated_places_cover_the_middle_east_plus_moscow_and_beijing():
    gdf = read("populated_places")
    assert {"Moscow", "Beijing", "Damascus", "Beirut", "Tehran"} <= set(gdf.name_en)
    assert {"name", "name_en", "iso_a3", "pop_max", "scalerank", "featurecla"} <= set(gdf.columns)


def test_rivers_are_the_five_named_levant_rivers():
    assert set(read("rivers").name) == RIVERS


def test_border_matches_the_measured_osm_line():
    gdf = read("syria_lebanon_border")
    assert set(gdf.geom_type) <= {"LineString", "MultiLineString"}
    line = gdf.to_crs(AEQD).geometry.union_all()
    pts = gpd.GeoSeries([Point(lon, lat) for lat, lon, _ in BORDER_CHECKS], crs=4326).to_crs(AEQD)
    for (lat, lon, expected_km), pt in zip(BORDER_CHECKS, pts):
        km = pt.distance(line) / 1000
        assert km == pytest.approx(expected_km, abs=0.05), (lat, lon)
        if expected_km <= 1.5:
            assert km < 2.0, (lat, lon)


def test_size_budget():
    total = sum(p.stat().st_size for p in BASEMAP.iterdir() if p.is_file())
    assert total < SIZE_LIMIT_BYTES


def test_manifest_matches_files(manifest):
    listed = manifest["files"]
    on_disk = {p.name for p in BASEMAP.iterdir() if p.is_file() and p.name != "MANIFEST.json"}
    assert set(listed) == on_disk
    assert {n for n in listed if n.endswith(".geojson")} == {f"{n}.geojson" for n in LAYER_FILES}
    for name, entry in listed.items():
        data = (BASEMAP / name).read_bytes()
        assert entry["bytes"] == len(data), name
        assert entry["sha256"] == hashlib.sha256(data).hexdigest(), name
        if name.endswith(".geojson"):
            assert entry["features"] == len(json.loads(data)["features"]), name
        assert entry["source"] and entry["licence"] and entry["attribution"], name
        assert not entry["source"].startswith("/"), name


def test_manifest_names_every_input_of_the_other_generators(manifest):
    for name, entry in manifest["files"].items():
        if entry.get("generator", "scripts/build_basemap.py") == "scripts/build_basemap.py":
            continue
        assert (ROOT / entry["generator"]).is_file(), name
        for src in entry["sources"]:
            assert src["root"] in ("raw", "repo") and not src["path"].startswith(("/", "..")), name
            assert re.fullmatch(r"[0-9a-f]{64}", src["sha256"]), name
            assert src["version"] and src["licence"] and src["attribution"], name


def test_every_country_is_named_once_inside_itself():
    from shapely.geometry import shape

    labels = json.loads((BASEMAP / "country_labels.geojson").read_text(encoding="utf-8"))["features"]
    levant = json.loads((BASEMAP / "levant_countries.geojson").read_text(encoding="utf-8"))["features"]
    by_code = {f["id"]: f for f in labels}
    assert len(by_code) == len(labels)
    for country in levant:
        label = by_code[country["properties"]["iso_a3"]]
        assert label["properties"]["name"] == country["properties"]["name"]
        assert shape(country["geometry"]).contains(Point(label["geometry"]["coordinates"]))
    assert by_code["SYR"]["properties"]["min_zoom"] <= 4 and by_code["LBN"]["properties"]["min_zoom"] <= 6


def test_levant_borders_leave_out_the_clip_box():
    """The Levant's outlines are drawn as lines that never run along the box the polygons were cut to."""
    levant_box = json.loads((BASEMAP / "MANIFEST.json").read_text(encoding="utf-8"))["levant_box"]
    edge = box(*levant_box).exterior
    lines = read("levant_borders")
    assert {"LBN", "SYR"} <= set(lines["iso_a3"])
    for name in ("levant_borders", "admin1_lines"):
        along = shapely.length(read(name).geometry.intersection(edge.buffer(0.0005)).values).sum()
        assert along < 0.01, f"{name}: {along:.3f} degrees of line run along the clip box"
    # and the polygons themselves do reach the box: without this file their edges would show
    countries = read("levant_countries")
    assert shapely.length(countries.geometry.boundary.intersection(edge.buffer(0.0005)).values).sum() > 1.0
