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
        "facilities", "Russian military facilities", "Facilities", "facilities.geojson",
        ("Point",), ("air_base", "naval_facility"),
        "Russia's air base at Khmeimim and its naval facility at Tartus.",
    ),
    LayerSpec(
        "crossings", "Syria–Lebanon border crossings", "Crossings", "crossings.geojson",
        ("Point", "Polygon"), ("official_crossing", "informal_crossing"),
        "Official posts and informal crossing areas on the Syria–Lebanon border.",
    ),
    LayerSpec(
        "corridors", "Smuggling corridors", "Corridors", "corridors.geojson",
        ("LineString", "MultiLineString"), ("assad_era_route", "covert_route"),
        "Reported directions of weapons movement towards Lebanon; not surveyed roads.",
    ),
    LayerSpec(
        "strikes", "Israeli strikes on crossings and routes", "Strikes", "strikes.geojson",
        ("Point", "Polygon"), ("airstrike",),
        "Dated strikes on Syria–Lebanon crossings and smuggling routes.",
    ),
    LayerSpec(
        "places", "Places", "Axis and links", "places.geojson",
        ("Point",), ("capital", "city", "town", "port", "industrial_site", "border_crossing"),
        "Capitals, cities, ports and sites the article and its context refer to.",
    ),
    LayerSpec(
        "links", "Axis and links", "Axis and links", "links.geojson",
        ("LineString", "MultiLineString"), ("alignment", "supply_route", "channel"),
        "Schematic links between places: alignments, supply routes and channels.",
    ),
    LayerSpec(
        "governorates", "Rural Damascus and Homs governorates", "Areas", "governorates.geojson",
        ("Polygon", "MultiPolygon"), ("governorate",),
        "Syrian governorates from which covert smuggling into Lebanon is reported.",
    ),
    LayerSpec(
        "brics", "BRICS members", "Areas", "brics.geojson",
        ("Polygon", "MultiPolygon"), ("brics_member",),
        "BRICS member countries with their join dates.",
    ),
)

LAYER_IDS = tuple(spec.id for spec in LAYERS)

ACTORS = (
    "Russia", "Iran", "Israel", "Hezbollah", "Syria", "Lebanon", "China", "Iraq", "BRICS",
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
