"""Overlay files: each format read into WGS84 GeoJSON, and each kind of bad or hostile input refused clearly."""

from __future__ import annotations

import json
import sys
import time
import zipfile

import geopandas as gpd
import pytest
import shapely

from dashboard.data import overlays
from dashboard.data.overlay_csv import CsvColumns, detect_csv_columns
from dashboard.data.overlays import OverlayError, read_overlay

KML = b"""<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>Team</name>
<Placemark><name>Checkpoint</name><Point><coordinates>35.5,33.9</coordinates></Point></Placemark>
<Folder><name>Routes</name>
<Placemark><name>Road</name><LineString><coordinates>35.1,33.2 36.2,34.3</coordinates></LineString></Placemark>
</Folder></Document></kml>"""

GPX = b"""<?xml version="1.0"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">
<wpt lat="33.9" lon="35.5"><name>Camp</name></wpt>
<trk><name>Patrol</name><trkseg><trkpt lat="33.0" lon="35.0"/><trkpt lat="34.0" lon="36.0"/></trkseg></trk>
</gpx>"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE kml [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><name>&lol9;</name>
<Point><coordinates>35.5,33.9</coordinates></Point></Placemark></kml>"""


def feature_collection(*features: dict) -> bytes:
    """A GeoJSON FeatureCollection as bytes."""
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


def point(fid: str | None, x: float, y: float, **props) -> dict:
    """A GeoJSON point feature."""
    feature = {"type": "Feature", "properties": props, "geometry": {"type": "Point", "coordinates": [x, y]}}
    return feature | ({"id": fid} if fid else {})


def shapefile_zip(tmp_path, frame: gpd.GeoDataFrame, members: dict[str, str] | None = None) -> bytes:
    """A zipped shapefile of a frame; `members` renames parts inside the zip (suffix -> member name)."""
    folder = tmp_path / "shp"
    folder.mkdir()
    frame.to_file(folder / "sites.shp")
    out = tmp_path / "sites.zip"
    with zipfile.ZipFile(out, "w") as archive:
        for part in sorted(folder.iterdir()):  # writestr keeps a member's name as given, '/' and '..' included
            archive.writestr(zipfile.ZipInfo((members or {}).get(part.suffix, part.name)), part.read_bytes())
    return out.read_bytes()


@pytest.fixture()
def gdal_never_called(monkeypatch):
    """Fail the test if GDAL is asked to open anything."""

    def refuse(*args, **kwargs):
        raise AssertionError("GDAL was called on a file that should have been refused first")

    for name in ("list_layers", "read_info", "read_dataframe"):
        monkeypatch.setattr(overlays.pyogrio, name, refuse)


def test_geojson_keeps_ids_and_properties():
    read = read_overlay(feature_collection(point("a", 35.5, 33.9, name="A"), point("b", 36, 34)), "sites.geojson")
    assert read.format == "geojson" and read.feature_count == 2 and read.warnings == ()
    assert [f["id"] for f in read.features["features"]] == ["a", "b"]
    assert read.features["features"][0]["geometry"] == {"type": "Point", "coordinates": [35.5, 33.9]}


def test_kml_reads_every_folder():
    read = read_overlay(KML, "team.kml")
    names = [f["properties"]["Name"] for f in read.features["features"]]
    assert read.format == "kml" and names == ["Checkpoint", "Road"]
    assert [f["id"] for f in read.features["features"]] == ["f1", "f2"]


def test_gpx_reads_waypoints_and_tracks_not_their_vertices():
    read = read_overlay(GPX, "patrol.gpx")
    kinds = sorted(f["geometry"]["type"] for f in read.features["features"])
    assert kinds == ["MultiLineString", "Point"]


def test_csv_with_lat_lon_columns_keeps_every_cell_as_text():
    raw = b"name,Latitude,Lng,code\nA,33.9,35.5,007\nB,34.0,36.0,1e3\n"
    headers = ["name", "Latitude", "Lng", "code"]
    assert detect_csv_columns(raw, "a.csv") == (CsvColumns(lat="Latitude", lon="Lng"), headers)
    read = read_overlay(raw, "a.csv")
    assert read.csv_columns == CsvColumns(lat="Latitude", lon="Lng")
    first = read.features["features"][0]
    assert first["properties"] == {"name": "A", "code": "007"} and first["geometry"]["coordinates"] == [35.5, 33.9]


def test_csv_with_semicolons_and_decimal_commas():
    read = read_overlay("nom;y;x\nBeyrouth;33,89;35,50\n".encode(), "b.csv")
    assert read.features["features"][0]["geometry"]["coordinates"] == [35.5, 33.89]


def test_csv_with_a_wkt_column_is_detected_by_its_values():
    raw = b'label,shape_text\nroad,"LINESTRING (35 33, 36 34)"\n'
    columns, headers = detect_csv_columns(raw, "w.csv")
    assert columns == CsvColumns(wkt="shape_text") and headers == ["label", "shape_text"]
    assert read_overlay(raw, "w.csv").features["features"][0]["geometry"]["type"] == "LineString"


def test_csv_columns_chosen_by_the_user_win():
    raw = b"a,b,lat,lon\n33.9,35.5,0,0\n"
    read = read_overlay(raw, "c.csv", CsvColumns(lat="a", lon="b"))
    assert read.features["features"][0]["geometry"]["coordinates"] == [35.5, 33.9]
    assert read.features["features"][0]["properties"] == {"lat": "0", "lon": "0"}


def test_csv_formula_cells_stay_text_and_are_reported():
    raw = b'name,lat,lon,note\nA,33.9,35.5,"=HYPERLINK(""http://x"",""y"")"\nB,34,36,-12\nC,34,36,@SUM(A1)\n'
    read = read_overlay(raw, "f.csv")
    notes = [f["properties"]["note"] for f in read.features["features"]]
    assert notes == ['=HYPERLINK("http://x","y")', "-12", "@SUM(A1)"]
    assert read.warnings == (
        "f.csv: 2 cell(s) look like spreadsheet formulas (starting with = + - @), first at line 2, field 'note': "
        "kept as text, and neutralised in CSV exports",
    )


def test_zipped_shapefile_is_reprojected_to_wgs84(tmp_path):
    frame = gpd.GeoDataFrame({"name": ["Beirut"]}, geometry=[shapely.Point(35.5, 33.9)], crs="EPSG:4326")
    read = read_overlay(shapefile_zip(tmp_path, frame.to_crs("EPSG:3857")), "sites.zip")
    x, y = read.features["features"][0]["geometry"]["coordinates"]
    assert (round(x, 6), round(y, 6)) == (35.5, 33.9) and read.features["features"][0]["properties"]["name"] == "Beirut"
    assert read.warnings == ("sites.zip: reprojected from EPSG:3857 to WGS84 (EPSG:4326)",)


def test_shapefile_without_prj_is_taken_as_wgs84_and_said_so(tmp_path):
    frame = gpd.GeoDataFrame({"n": [1]}, geometry=[shapely.Point(35.5, 33.9)], crs="EPSG:4326")
    raw = shapefile_zip(tmp_path, frame, {".prj": "ignored/readme.txt"})
    assert "no coordinate system stated" in read_overlay(raw, "sites.zip").warnings[0]


@pytest.mark.parametrize(
    ("raw", "name", "message"),
    [
        (b"PK\x03\x04", "sheet.xlsx", "sheet.xlsx: unsupported format '.xlsx'; upload GeoJSON (.geojson, .json)"),
        (b"{}", "places.kmz", "places.kmz: KMZ is not supported: unzip it and upload the .kml inside"),
        (KML, "sites.geojson", "sites.geojson: the content is KML but the name says GeoJSON: rename the file"),
        (b'{"type": "FeatureCollection"}', "sites.csv", "the content is GeoJSON but the name says CSV"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "image.geojson", "image.geojson: the content is not GeoJSON (.geojson, .json)"),
        (b"<html><body/></html>", "page.kml", "page.kml: an XML file whose root is <html>, neither KML"),
        (b"", "empty.csv", "empty.csv: the file is empty"),
    ],
)
def test_unsupported_or_mislabelled_files_are_refused_by_name(raw, name, message):
    with pytest.raises(OverlayError) as caught:
        read_overlay(raw, name)
    assert message in str(caught.value)


def test_size_cap(monkeypatch):
    monkeypatch.setattr(overlays, "MAX_OVERLAY_BYTES", 100)
    with pytest.raises(OverlayError, match=r"big.geojson: 1,\d{3} bytes is over the cap of 100 bytes per overlay"):
        read_overlay(feature_collection(*[point(None, 35, 33)] * 20), "big.geojson")


@pytest.mark.parametrize(
    ("raw", "name"), [(feature_collection(point(None, 35, 33), point(None, 36, 34)), "two.geojson"), (GPX, "p.gpx")]
)
def test_feature_cap_before_reading(monkeypatch, raw, name):
    monkeypatch.setattr(overlays, "MAX_OVERLAY_FEATURES", 1)
    with pytest.raises(OverlayError, match=f"{name}: 2 features is over the cap of 1 per overlay"):
        read_overlay(raw, name)


def test_feature_cap_on_csv_rows(monkeypatch):
    monkeypatch.setattr(overlays, "MAX_OVERLAY_FEATURES", 1)
    with pytest.raises(OverlayError, match="rows.csv: 2 rows is over the cap of 1 features per overlay"):
        read_overlay(b"lat,lon\n1,2\n3,4\n", "rows.csv")


def test_invalid_geometry_is_repaired_and_said_so():
    bowtie = {"type": "Polygon", "coordinates": [[[35, 33], [36, 34], [36, 33], [35, 34], [35, 33]]]}
    feature = {"type": "Feature", "id": "bow", "properties": {}, "geometry": bowtie}
    read = read_overlay(feature_collection(feature), "b.json")
    assert read.features["features"][0]["geometry"]["type"] == "MultiPolygon"
    assert read.warnings == (
        "b.json: field 'geometry': repaired 1 invalid geometry(ies) with make_valid: feature 'bow' "
        "(Self-intersection[35.5 33.5])",
    )


def test_a_feature_without_geometry_is_refused_by_name():
    missing = {"type": "Feature", "id": "x9", "properties": {}, "geometry": None}
    with pytest.raises(OverlayError) as caught:
        read_overlay(feature_collection(point("a", 35, 33), missing), "n.geojson")
    assert str(caught.value) == "n.geojson: feature 'x9': field 'geometry': the feature has no geometry"


def test_out_of_range_coordinates_are_refused_naming_the_feature():
    with pytest.raises(OverlayError) as caught:
        read_overlay(feature_collection(point(None, 35, 33), point(None, 3_900_000, 4_000_000)), "m.geojson")
    assert str(caught.value).startswith(
        "m.geojson: feature '#2': field 'geometry': coordinate out of range (longitude 3.9e+06, latitude 4e+06)"
    )


def test_swapped_csv_columns_are_named():
    with pytest.raises(OverlayError) as caught:
        read_overlay(b"city,lat,lon\nParis,48.9,2.35\nBeijing,116.4,39.9\n", "s.csv")
    assert str(caught.value).startswith(
        "s.csv: feature 'line 3': field 'lat,lon': coordinates look swapped: latitude 116.4 is beyond ±90°"
    )


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"name,lat,lon\nA,33.9,35.5\nB,north,35\n", "c.csv: feature 'line 3': field 'lat': 'north' is not a number"),
        (b"name,wkt\nA,POINT (1 2)\nB,POINT (1\n", "c.csv: feature 'line 3': field 'wkt': 'POINT (1' is not WKT"),
        (b"name,place\nA,Beirut\n", "c.csv: no coordinate columns found: name them lat and lon"),
    ],
)
def test_bad_csv_cells_are_named_by_line_and_field(raw, message):
    with pytest.raises(OverlayError) as caught:
        read_overlay(raw, "c.csv")
    assert str(caught.value).startswith(message)


def test_billion_laughs_is_refused_at_once_before_gdal(gdal_never_called):
    started = time.perf_counter()
    with pytest.raises(OverlayError) as caught:
        read_overlay(BILLION_LAUGHS, "laughs.kml")
    assert time.perf_counter() - started < 1
    assert str(caught.value).startswith("laughs.kml: refused: the XML declares a DOCTYPE or ENTITY")


OPENED: list[str] = []
sys.addaudithook(lambda event, args: OPENED.append(str(args[0])) if event == "open" and args else None)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_external_entity_is_refused_and_the_file_never_read(tmp_path, gdal_never_called, encoding):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    kml = (
        f'<?xml version="1.0" encoding="{encoding}"?>\n'
        f'<!DOCTYPE kml [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
        '<kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><name>&xxe;</name>'
        "<Point><coordinates>35.5,33.9</coordinates></Point></Placemark></kml>"
    )
    OPENED.clear()
    with pytest.raises(OverlayError) as caught:
        read_overlay(kml.encode(encoding), "xxe.kml")
    assert str(caught.value).startswith("xxe.kml: refused: the XML declares a DOCTYPE or ENTITY")
    assert "TOP-SECRET" not in str(caught.value)
    assert not [path for path in OPENED if "secret" in path]  # no Python-level open; GDAL was never called at all


@pytest.mark.parametrize("member", ["../evil.shp", "/tmp/evil.shp", "a/../../evil.shp", "C:/evil.shp"])
def test_zip_paths_that_climb_out_are_refused(tmp_path, member):
    frame = gpd.GeoDataFrame({"n": [1]}, geometry=[shapely.Point(35.5, 33.9)], crs="EPSG:4326")
    raw = shapefile_zip(tmp_path, frame, {".shp": member})
    with pytest.raises(OverlayError) as caught:
        read_overlay(raw, "climb.zip")
    assert str(caught.value) == (
        f"climb.zip: refused: the zip member '{member}' climbs out of its folder (absolute path, '..' or link)"
    )
    assert not (tmp_path.parent / "evil.shp").exists()


def test_zip_without_the_shapefile_parts_says_which(tmp_path):
    frame = gpd.GeoDataFrame({"n": [1]}, geometry=[shapely.Point(35.5, 33.9)], crs="EPSG:4326")
    raw = shapefile_zip(tmp_path, frame, {".shx": "other.shx"})
    with pytest.raises(OverlayError, match="climb.zip: the shapefile 'sites.shp' lacks its .shx in the zip"):
        read_overlay(raw, "climb.zip")
