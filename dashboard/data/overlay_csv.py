"""Read a CSV overlay: every cell kept as text, the geometry from latitude and longitude columns or a WKT column."""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
import shapely

from dashboard.data.overlay_files import OverlayError

LAT_NAMES = ("lat", "latitude", "y")
LON_NAMES = ("lon", "lng", "long", "longitude", "x")
WKT_NAMES = ("wkt", "geometry", "geom", "the_geom", "shape")
WKT_VALUE = re.compile(r"^\s*(MULTI)?(POINT|LINESTRING|POLYGON)\b|^\s*GEOMETRYCOLLECTION\b", re.IGNORECASE)
# A cell starting with one of these is run as a formula by spreadsheets: it stays text here, and exports neutralise it.
FORMULA_START = ("=", "+", "-", "@")
DELIMITERS = ",;\t|"


@dataclass(frozen=True)
class CsvColumns:
    """Where a CSV's geometry comes from: a latitude and a longitude column, or one WKT column."""

    lat: str | None = None
    lon: str | None = None
    wkt: str | None = None

    @property
    def complete(self) -> bool:
        """Whether these columns are enough to place every row."""
        return bool(self.wkt or (self.lat and self.lon))

    def names(self) -> tuple[str, ...]:
        """The columns named, to leave out of the properties."""
        return tuple(c for c in (self.lat, self.lon, self.wkt) if c)


def read_table(raw: bytes, name: str) -> pd.DataFrame:
    """The CSV as a table of text cells (no number, date or formula is interpreted), its delimiter sniffed."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise OverlayError(name, f"not UTF-8 text ({exc.reason} at byte {exc.start}); save the CSV as UTF-8") from None
    try:
        delimiter = csv.Sniffer().sniff(text[:4096], delimiters=DELIMITERS).delimiter
    except csv.Error:
        delimiter = ","
    try:
        table = pd.read_csv(io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False, na_filter=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise OverlayError(name, f"not a readable CSV ({str(exc).strip()})") from None
    table.columns = [str(c).strip() for c in table.columns]
    return table


def detect_columns(table: pd.DataFrame) -> CsvColumns:
    """The geometry columns the header names suggest (lat/latitude/y and lon/lng/longitude/x, or WKT)."""
    by_name = {c.lower(): c for c in table.columns}
    lat = next((by_name[n] for n in LAT_NAMES if n in by_name), None)
    lon = next((by_name[n] for n in LON_NAMES if n in by_name), None)
    if lat and lon:
        return CsvColumns(lat=lat, lon=lon)
    wkt = next((by_name[n] for n in WKT_NAMES if n in by_name), None)
    if wkt is None and len(table):
        wkt = next((c for c in table.columns if WKT_VALUE.match(str(table[c].iloc[0]))), None)
    return CsvColumns(wkt=wkt)


def detect_csv_columns(raw: bytes, name: str) -> tuple[CsvColumns, list[str]]:
    """The geometry columns found (maybe incomplete) and every column, for a user to confirm or choose."""
    table = read_table(raw, name)
    return detect_columns(table), list(table.columns)


def line(index: int) -> str:
    """A row's line in the file, counting the header as line 1."""
    return f"line {index + 2}"


def coordinate(cell: str, name: str, index: int, column: str) -> float:
    """One latitude or longitude cell as a number, or a message naming its line and column."""
    text = cell.strip()
    if text.count(",") == 1 and "." not in text:  # a decimal comma, as in '33,89'
        text = text.replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise OverlayError(name, f"'{cell}' is not a number", feature=line(index), field=column)
    return value


def geometries(table: pd.DataFrame, columns: CsvColumns, name: str) -> list[shapely.Geometry]:
    """One shapely geometry per row, from the chosen columns; a bad cell is named by its line and column."""
    if columns.wkt:
        shapes = []
        for index, cell in enumerate(table[columns.wkt]):
            try:
                shapes.append(shapely.from_wkt(cell))
            except shapely.errors.GEOSException:
                raise OverlayError(name, f"'{cell[:60]}' is not WKT", feature=line(index), field=columns.wkt) from None
        return shapes
    return [
        shapely.Point(coordinate(lon, name, i, columns.lon), coordinate(lat, name, i, columns.lat))
        for i, (lat, lon) in enumerate(zip(table[columns.lat], table[columns.lon], strict=True))
    ]


def looks_like_formula(cell: str) -> bool:
    """A text cell a spreadsheet would run: it starts with = + - @ and is not simply a number."""
    if not cell.startswith(FORMULA_START):
        return False
    try:
        float(cell)
    except ValueError:
        return True
    return False


def formula_warning(table: pd.DataFrame, name: str) -> list[str]:
    """A warning that formula-looking cells were kept as text, naming the first of them."""
    found = [(i, c) for c in table.columns for i, cell in enumerate(table[c]) if looks_like_formula(cell)]
    if not found:
        return []
    index, column = min(found)
    return [
        f"{name}: {len(found)} cell(s) look like spreadsheet formulas (starting with = + - @), first at "
        f"{line(index)}, field '{column}': kept as text, and neutralised in CSV exports"
    ]


def read_csv_frame(
    raw: bytes, name: str, columns: CsvColumns | None, max_features: int
) -> tuple[gpd.GeoDataFrame, list[str], list[str], CsvColumns]:
    """The CSV's rows as a WGS84 frame, each row's label (its line), the warnings, and the columns used."""
    table = read_table(raw, name)
    if len(table) > max_features:
        raise OverlayError(name, f"{len(table):,} rows is over the cap of {max_features:,} features per overlay")
    columns = columns or detect_columns(table)
    if not columns.complete:
        raise OverlayError(
            name,
            "no coordinate columns found: name them lat and lon (or latitude/longitude, y/x), "
            "or give a WKT column, or choose the columns",
        )
    for column in columns.names():
        if column not in table.columns:
            raise OverlayError(name, "no such column in the CSV", field=column)
    shapes = geometries(table, columns, name)
    properties = table.drop(columns=list(columns.names()))
    frame = gpd.GeoDataFrame(properties, geometry=shapes, crs="EPSG:4326")
    return frame, [line(i) for i in range(len(table))], formula_warning(properties, name), columns
