"""Constants only: paths, the layer registry, vocabularies, URL parameter names and UI copy."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = ROOT / "seeds"
GEODATA_DIR = ROOT / "geodata"
LAYERS_DIR = GEODATA_DIR / "layers"
BASEMAP_DIR = GEODATA_DIR / "basemap"
SOURCES_DIR = GEODATA_DIR / "sources"
STATIC_DIR = Path(__file__).resolve().parent / "static"

ARTICLE_ID = "iran-russia-too-close-for-comfort"


@dataclass(frozen=True)
class LayerSpec:
    """One map layer: its file, its group in the sidebar and what its features may be."""

    id: str
    title: str
    group: str
    file: str
    geometries: tuple[str, ...]
    kinds: tuple[str, ...]
    description: str


GROUPS = ("Facilities", "Crossings", "Corridors", "Strikes", "Axis and links", "Areas")

LAYERS: tuple[LayerSpec, ...] = (
    LayerSpec(
        "facilities",
        "Russian military facilities",
        "Facilities",
        "facilities.geojson",
        ("Point",),
        ("air_base", "naval_facility"),
        "Russia's air base at Khmeimim and its naval facility at Tartus.",
    ),
    LayerSpec(
        "crossings",
        "Syria–Lebanon border crossings",
        "Crossings",
        "crossings.geojson",
        ("Point", "Polygon"),
        ("official_crossing", "informal_crossing"),
        "Official posts and informal crossing areas on the Syria–Lebanon border.",
    ),
    LayerSpec(
        "corridors",
        "Smuggling corridors",
        "Corridors",
        "corridors.geojson",
        ("LineString", "MultiLineString"),
        ("assad_era_route", "covert_route"),
        "Reported directions of weapons movement towards Lebanon; not surveyed roads.",
    ),
    LayerSpec(
        "strikes",
        "Israeli strikes on crossings and routes",
        "Strikes",
        "strikes.geojson",
        ("Point", "Polygon"),
        ("airstrike",),
        "Dated strikes on Syria–Lebanon crossings and smuggling routes.",
    ),
    LayerSpec(
        "places",
        "Places",
        "Axis and links",
        "places.geojson",
        ("Point",),
        ("capital", "city", "town", "port", "industrial_site", "border_crossing"),
        "Capitals, cities, ports and sites the article and its context refer to.",
    ),
    LayerSpec(
        "links",
        "Axis and links",
        "Axis and links",
        "links.geojson",
        ("LineString", "MultiLineString"),
        ("alignment", "supply_route", "channel"),
        "Schematic links between places: alignments, supply routes and channels.",
    ),
    LayerSpec(
        "governorates",
        "Rural Damascus and Homs governorates",
        "Areas",
        "governorates.geojson",
        ("Polygon", "MultiPolygon"),
        ("governorate",),
        "Syrian governorates from which covert smuggling into Lebanon is reported.",
    ),
    LayerSpec(
        "brics",
        "BRICS members",
        "Areas",
        "brics.geojson",
        ("Polygon", "MultiPolygon"),
        ("brics_member",),
        "BRICS member countries with their join dates.",
    ),
)

LAYER_IDS = tuple(spec.id for spec in LAYERS)

ACTORS = (
    "Russia",
    "Iran",
    "Israel",
    "Hezbollah",
    "Syria",
    "Lebanon",
    "China",
    "Iraq",
    "BRICS",
)
CONFIDENCE_LEVELS = ("high", "medium", "low")
LOCATION_KINDS = ("sourced", "approximate", "area", "schematic")
PROVENANCE_KINDS = ("article", "context")

# A crossing may lie this far from the basemap's Syria–Lebanon line without saying why.
CROSSING_BORDER_TOLERANCE_KM = 2.0
# A point may lie this far outside the country it claims (coastline and border generalisation).
COUNTRY_TOLERANCE_KM = 1.0
# A point with a worse accuracy than this is drawn with its uncertainty circle.
PRECISE_POINT_KM = 1.0

# Sections that argue rather than locate: they need not have features on the map.
SECTIONS_WITHOUT_FEATURES = ("outlook",)
GAZETTEER_FILE = SOURCES_DIR / "gazetteer.csv"
GEONAMES_FILE = SOURCES_DIR / "geonames.csv"

# UI copy and widget keys: the app and its tests import these, so wording can change safely.
APP_TITLE = "Briefing map: Iran and Russia – too close for comfort"
APP_SUBTITLE = "The places the article argues about, each with its sources and how sure we are."
WHOLE_ARTICLE_LABEL = "Whole article"
KEY_SECTION = "w_section"
KEY_LAYER_PREFIX = "w_layer_"
KEY_ACTORS = "w_actors"
KEY_CONFIDENCE = "w_confidence"
KEY_DATE_MODE = "w_date_mode"
KEY_AS_OF = "w_as_of"
KEY_RANGE = "w_range"
KEY_OTHERS = "w_others"
KEY_BASEMAP = "w_basemap"
KEY_MAP = "map"
CONFIDENCE_LABELS = {"low": "All (low and up)", "medium": "Medium and high", "high": "High only"}
DATE_MODE_LABELS = {"all": "Any date", "asof": "As of a date", "range": "Within a range"}
OTHERS_LABELS = {"dim": "Dim the rest", "hide": "Hide the rest"}
BASEMAP_LABELS = {
    "offline": "Embedded (offline)",
    "osm": "OpenStreetMap (online)",
    "carto-light": "CARTO light (online)",
    "esri-imagery": "Esri World Imagery (online)",
    "opentopomap": "OpenTopoMap (online)",
}
MAP_HEIGHT = 640
KEY_BRIEFING = "w_briefing"
KEY_TITLE = "w_title"
KEY_CAVEAT = "w_caveat"
KEY_SIZE = "w_size"
BRIEFING_SIZE_PX = (1280, 720)
EXPORT_LABELS = {
    "png": "Slide (PNG)",
    "pdf": "Slide (PDF)",
    "geojson": "GeoJSON",
    "kml": "KML (Google Earth)",
    "csv": "CSV",
    "html": "Standalone HTML map",
}

# Headless Chromium as the tests, the screenshot script and the benchmarks drive it (Debian's package;
# the background-networking flags keep it from calling out on a closed network).
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
