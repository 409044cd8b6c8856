"""The label layers of geodata/basemap/ (towns, governorates and their label points) are valid, complete and small."""

from __future__ import annotations

import json
import math
import re
import sys
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from pyproj import Geod
from shapely.geometry import shape

ROOT = Path(__file__).resolve().parents[1]
BASEMAP = ROOT / "geodata" / "basemap"
sys.path.insert(0, str(ROOT / "scripts"))

from town_merge import Town, merge, name_key, rank  # noqa: E402

# The ~300 KB asked for, plus room for the 1,314 points' seven required properties (measured: 330 KB).
TOWNS_MAX_BYTES = 350_000
TOWN_PROPERTIES = {"name", "name_ar", "iso_a3", "population", "capital", "rank", "source"}
SOURCES = {"GeoNames cities500 (CC BY 4.0)", "Natural Earth"}
ARABIC = re.compile(r"[\u0600-\u06FF]")
AEQD = "+proj=aeqd +lat_0=34.4 +lon_0=36.2 +datum=WGS84 +units=m +no_defs"
LEBANON = {
    "LB-AK": "Akkar",
    "LB-BH": "Baalbek-Hermel",
    "LB-BA": "Beirut",
    "LB-BI": "Beqaa",
    "LB-JA": "South Lebanon",
    "LB-JL": "Mount Lebanon",
    "LB-AS": "North Lebanon",
    "LB-NA": "Nabatieh",
}
SYRIA = {"SY-DI", "SY-DR", "SY-DY", "SY-HA", "SY-HI", "SY-HL", "SY-HM", "SY-ID", "SY-LA", "SY-QU", "SY-RA", "SY-RD"}
SYRIA |= {"SY-SU", "SY-TA"}
LABEL_PROPERTIES = {"name", "name_ar", "iso_3166_2", "area_km2"}
# Towns the article's places sit near: GeoNames id, and lat/lon from Wikipedia infoboxes (not from GeoNames).
ARTICLE_TOWNS = {
    "Homs": (169577, 34.73, 36.71),
    "Hama": (170017, 35.133, 36.75),
    "Tartus": (163345, 34.883, 35.883),
    "Latakia": (173576, 35.517, 35.783),
    "Baalbek": (277130, 34.0063, 36.2073),
    "Hermel": (279997, 34.3914, 36.3958),
    "Zahle": (266045, 33.85, 35.9),
    "Tripoli": (266826, 34.433, 35.833),
    "al-Qusayr": (173322, 34.5119, 36.5764),
    "Zabadani": (172059, 33.725, 36.0972),
    "Damascus": (170654, 33.513, 36.292),
    "Beirut": (276781, 33.887, 35.513),
    "Jableh": (169304, 35.367, 35.933),
    "Yabroud": (162627, 33.967, 36.667),
    "Tal Kalakh": (163533, 34.667, 36.25),
    "Serghaya": (164083, 33.8114, 36.1575),
}


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    c = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)
    return 6371.0 * math.acos(max(-1.0, min(1.0, c)))


def features(name: str) -> list[dict]:
    """Read one basemap layer's features."""
    return json.loads((BASEMAP / f"{name}.geojson").read_text(encoding="utf-8"))["features"]


@pytest.fixture(scope="module")
def towns() -> dict[str, dict]:
    """The towns layer, by id."""
    return {f["id"]: f for f in features("towns")}


def test_towns_carry_their_label_properties(towns):
    for fid, feat in towns.items():
        p = feat["properties"]
        assert set(p) == TOWN_PROPERTIES, fid
        assert feat["geometry"]["type"] == "Point" and p["name"], fid
        assert re.fullmatch(r"(geonames:\d+|ne:[a-z]{3}-[a-z0-9-]+)", fid), fid
        assert p["source"] == ("Natural Earth" if fid.startswith("ne:") else "GeoNames cities500 (CC BY 4.0)"), fid
        assert re.fullmatch(r"[A-Z]{3}", p["iso_a3"]), fid
        assert isinstance(p["population"], int) and p["population"] >= 0, fid
        assert p["capital"] in ("country", "admin1", None), fid
        assert p["rank"] == rank(p["capital"], p["population"]), fid
        assert p["name_ar"] is None or ARABIC.search(p["name_ar"]), fid
        if fid.startswith("ne:"):
            assert p["name_ar"] is None, fid  # NE 4.0.0 has no Arabic names


@pytest.mark.parametrize("town", sorted(ARTICLE_TOWNS))
def test_article_towns_are_present_where_expected(towns, town):
    geonameid, lat, lon = ARTICLE_TOWNS[town]
    feat = towns[f"geonames:{geonameid}"]
    got_lon, got_lat = feat["geometry"]["coordinates"]
    assert km(lat, lon, got_lat, got_lon) < 3.0, town
    assert feat["properties"]["iso_a3"] in ("SYR", "LBN")
    assert feat["properties"]["name_ar"], town


def test_capitals_and_seats_rank_first(towns):
    by_name = {f["properties"]["name"]: f["properties"] for f in towns.values()}
    for capital in ("Damascus", "Beirut", "Amman", "Moscow", "Beijing", "Tehran"):
        assert by_name[capital]["capital"] == "country" and by_name[capital]["rank"] == 0, capital
    for seat in ("Homs", "Aleppo", "Tripoli", "Halba", "Baalbek", "Zahlé", "Latakia"):
        assert by_name[seat]["capital"] == "admin1" and by_name[seat]["rank"] == 1, seat
    assert by_name["Sirghāyā"]["population"] == 0 and by_name["Sirghāyā"]["rank"] == 3


def test_towns_have_no_same_name_twins_within_5_km(towns):
    points = sorted((name_key(f["properties"]["name"]), *f["geometry"]["coordinates"], i) for i, f in towns.items())
    for (key_a, lon_a, lat_a, id_a), (key_b, lon_b, lat_b, id_b) in zip(points, points[1:]):
        if key_a == key_b:
            assert km(lat_a, lon_a, lat_b, lon_b) > 5.0, (id_a, id_b)


def test_towns_file_is_small_and_rounded():
    text = (BASEMAP / "towns.geojson").read_text(encoding="utf-8")
    assert len(text.encode()) < TOWNS_MAX_BYTES
    assert max(len(d) for d in re.findall(r"\.(\d+)", text.split('"coordinates":', 1)[1])) <= 5


def town(fid: str, name: str, pop: int, lon: float, lat: float, capital: str | None = None, gid: int | None = None):
    """A hand-made Town for the merge tests."""
    src = "Natural Earth" if fid.startswith("ne:") else "GeoNames"
    return Town(fid, name, None, "SYR", pop, capital, lon, lat, src, (name_key(name),), gid)


def test_merge_keeps_geonames_and_takes_capital_status_from_its_ne_twin():
    geonames = [town("geonames:1", "Ḩamāh", 460602, 36.758, 35.132, gid=1), town("geonames:2", "Tiny", 10, 36.0, 35.0)]
    ne = [town("ne:syr-hamah", "Hama", 460602, 36.73, 35.15, "admin1"), town("ne:syr-far", "Far", 5000, 40.0, 35.0)]
    kept = {t.id: t for t in merge(geonames, ne, set(), 1000)}
    assert set(kept) == {"geonames:1", "ne:syr-far"}
    assert kept["geonames:1"].capital == "admin1"


def test_merge_matches_on_the_geonames_id_when_names_differ():
    geonames = [town("geonames:172374", "Al-Tabqa", 87880, 38.548, 35.838, gid=172374)]
    ne = [town("ne:syr-madinat-ath-thawrah", "Al-Thawrah", 87880, 38.548, 35.837, gid=172374)]
    assert [t.id for t in merge(geonames, ne, set(), 1000)] == ["geonames:172374"]


def test_merge_keeps_required_towns_whatever_their_population():
    geonames = [town("geonames:164083", "Sirghāyā", 0, 36.158, 33.810), town("geonames:9", "Other", 0, 36.0, 33.0)]
    assert [t.id for t in merge(geonames, [], {"geonames:164083"}, 1000)] == ["geonames:164083"]


def test_merge_folds_geonames_twins_but_never_a_required_town():
    twins = [
        town("geonames:1", "Binyamina", 15847, 34.945, 32.523),
        town("geonames:2", "Binyamina", 15847, 34.954, 32.518),
    ]
    assert [t.id for t in merge(twins, [], set(), 1000)] == ["geonames:1"]
    assert [t.id for t in merge(twins, [], {"geonames:2"}, 1000)] == ["geonames:2"]


@pytest.fixture(scope="module")
def admin1() -> dict[str, dict]:
    """The admin1 layer, by ISO 3166-2 code."""
    return {f["properties"]["iso_3166_2"]: f for f in features("admin1")}


def test_lebanon_has_its_eight_governorates_with_clean_names(admin1):
    lebanon = {code: f["properties"] for code, f in admin1.items() if f["properties"]["iso_a3"] == "LBN"}
    assert {code: p["name"] for code, p in lebanon.items()} == LEBANON
    assert [c for c, p in sorted(lebanon.items()) if p["name_ar"] is None] == ["LB-AK", "LB-BH"]  # no source has them
    assert all(ARABIC.search(p["name_ar"]) for p in lebanon.values() if p["name_ar"])


def test_lebanese_governorates_tile_the_osm_lebanon_polygon(admin1):
    levant = {f["properties"]["iso_a3"]: shape(f["geometry"]) for f in features("levant_countries")}
    tiles = gpd.GeoSeries([shape(admin1[c]["geometry"]) for c in sorted(LEBANON)], crs=4326).to_crs(AEQD)
    outline = gpd.GeoSeries([levant["LBN"]], crs=4326).to_crs(AEQD).iloc[0]
    union = shapely.union_all(tiles.values)
    assert union.symmetric_difference(outline).area / 1e6 < 2.0  # 4-decimal rounding only
    assert sum(tiles.area) - union.area < 1e5  # no overlaps beyond rounding (0.1 km2)


def test_syrian_governorates_have_ne_arabic_names(admin1):
    assert all(ARABIC.search(admin1[code]["properties"]["name_ar"]) for code in SYRIA)


def test_every_governorate_has_one_label_point_inside_it(admin1):
    labels = {f["properties"]["iso_3166_2"]: f for f in features("admin1_labels")}
    assert set(labels) == SYRIA | set(LEBANON)
    for code, label in labels.items():
        props, polygon = label["properties"], shape(admin1[code]["geometry"])
        assert set(props) == LABEL_PROPERTIES and label["geometry"]["type"] == "Point", code
        assert polygon.contains(shape(label["geometry"])), code
        assert props["name_ar"] == admin1[code]["properties"]["name_ar"], code
        area = abs(Geod(ellps="WGS84").geometry_area_perimeter(polygon)[0]) / 1e6
        assert props["area_km2"] == pytest.approx(area, rel=0.01), code
    assert labels["LB-BH"]["properties"]["name"] == "Baalbek-Hermel"
    assert labels["SY-HI"]["properties"]["name"] == "Homs"
