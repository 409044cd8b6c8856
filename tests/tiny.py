"""A tiny, hand-written article bundle for unit tests: editing the shipped article's data never breaks them.

Its places stand on rows of the shared gazetteer (Masnaa, Zabadani, Baalbek, Homs, al-Qusayr), so the
reference checks pass; everything else about it is small and fixed here.
"""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path
from typing import Any

import tomli_w

ID = "tiny"
TEXT = (
    "A tiny article\n\n"
    "The Masnaa crossing joins Lebanon and Syria on the Beirut–Damascus road.\n\n"
    "A strike hit Masnaa in October 2024, and another one hit near al-Qusayr.\n"
)
SECTIONS = {
    "front_matter": [0],
    "back_matter": [],
    "sections": [
        {
            "id": "places",
            "title": "Places",
            "summary": "Where things are.",
            "period": ["2024-01-01", "2024-12-31"],
            "bounds": [[33.5, 35.8], [34.8, 36.8]],
            "paragraphs": [1],
        },
        {
            "id": "strikes",
            "title": "Strikes",
            "summary": "What was hit.",
            "period": ["2024-10-01", "2024-11-30"],
            "bounds": [[33.5, 35.8], [34.8, 36.8]],
            "paragraphs": [2],
        },
    ],
}
MANIFEST: dict[str, Any] = {
    "status": "final",
    "groups": ["Sites", "Events", "Areas"],
    "actors": ["Israel", "Lebanon", "Syria"],
    "border_tolerance_km": 2.0,
    "views": {"world": [[30.0, 30.0], [40.0, 45.0]], "region": [[33.0, 35.5], [35.0, 37.0]]},
    "layers": [
        {
            "id": "sites",
            "title": "Sites",
            "group": "Sites",
            "file": "sites.geojson",
            "geometries": ["Point"],
            "description": "Crossings and towns.",
            "draw_rank": 30,
            "labelled": True,
            "label_rank": 1,
            "border_check": False,
            "kinds": {
                "crossing": {"label": "Crossing", "color": "#E69F00", "shape": "diamond", "radius": 8},
                "town": {"label": "Town", "color": "#000000", "shape": "circle", "radius": 5},
            },
        },
        {
            "id": "strikes",
            "title": "Strikes",
            "group": "Events",
            "file": "strikes.geojson",
            "geometries": ["Point"],
            "description": "Dated strikes.",
            "count_words": ["strike", "strikes"],
            "draw_rank": 20,
            "event": True,
            "kinds": {
                "strike": {
                    "label": "Strike",
                    "color": "#fdbb84",
                    "shape": "circle",
                    "periods": [
                        {"since": "2024-09-01", "color": "#fdbb84", "label": "Sep–Oct 2024"},
                        {"since": "2024-11-01", "color": "#b30000", "label": "since Nov 2024"},
                    ],
                }
            },
        },
        {
            "id": "routes",
            "title": "Routes",
            "group": "Areas",
            "file": "routes.geojson",
            "geometries": ["LineString"],
            "description": "A schematic route.",
            "draw_rank": 10,
            "kinds": {"route": {"label": "Route", "color": "#CC79A7", "shape": "line", "dash": "10 6"}},
        },
    ],
}
SOURCE = {
    "title": "A report",
    "publisher": "A wire",
    "date": "2024-10-05",
    "url": "https://example.org/report",
    "reliability": "B",
    "reliability_reason": "A wire agency with its own reporters.",
}
OTHER_SOURCE = {
    "title": "Another report",
    "publisher": "A paper",
    "url": "https://example.org/other",
    "reliability": "C",
    "reliability_reason": "A regional paper.",
}


def feature(fid: str, layer: str, kind: str, geometry: dict, **props: Any) -> dict[str, Any]:
    """One valid feature of the tiny bundle; keyword arguments replace its properties."""
    base = {
        "id": fid,
        "name": fid.replace("-", " ").title(),
        "alt_names": [],
        "layer": layer,
        "kind": kind,
        "sections": ["places"],
        "actors": ["Lebanon", "Syria"],
        "date_from": None,
        "date_to": None,
        "status": "open",
        "confidence": "high",
        "credibility": 2,
        "credibility_reason": "Two independent reports agree.",
        "accuracy_km": 0.5,
        "location": "sourced",
        "location_refs": ["gazetteer:masnaa_crossing"],
        "country": None,
        "border_note": None,
        "provenance": "context",
        "quote": None,
        "sources": [SOURCE, OTHER_SOURCE],
        "description": "A place.",
    }
    return {"type": "Feature", "id": fid, "geometry": geometry, "properties": {**base, **props}}


def point(lon: float, lat: float) -> dict[str, Any]:
    """A GeoJSON point."""
    return {"type": "Point", "coordinates": [lon, lat]}


MASNAA, ZABADANI, BAALBEK, QUSAYR = (35.92405, 33.70287), (36.09722, 33.725), (36.20732, 34.00634), (36.57639, 34.51194)
LAYERS: dict[str, list[dict[str, Any]]] = {
    "sites": [
        feature(
            "masnaa",
            "sites",
            "crossing",
            point(*MASNAA),
            name="Masnaa crossing",
            alt_names=["al-Masnaa"],
            country="LBN",
            provenance="article",
            quote="The Masnaa crossing joins Lebanon and Syria on the Beirut–Damascus road.",
        ),
        feature("zabadani", "sites", "town", point(*ZABADANI), location_refs=["gazetteer:zabadani"], country="SYR"),
        feature("baalbek", "sites", "town", point(*BAALBEK), location_refs=["gazetteer:baalbek"], country="LBN"),
    ],
    "strikes": [
        feature(
            "strike-masnaa",
            "strikes",
            "strike",
            point(*MASNAA),
            sections=["strikes"],
            actors=["Israel"],
            date_from="2024-10-04",
            date_to="2024-10-04",
            confidence="moderate",
            site="masnaa",
        ),
        feature(
            "strike-qusayr",
            "strikes",
            "strike",
            point(*QUSAYR),
            sections=["strikes"],
            actors=["Israel"],
            date_from="2024-11-07",
            date_to="2024-11-07",
            confidence="low",
            credibility=3,
            disputes=[
                {
                    "field": "date",
                    "versions": [
                        {"value": "7 November 2024", "sources": [0]},
                        {"value": "8 November 2024", "sources": [1]},
                    ],
                }
            ],
            accuracy_km=10.0,
            location="approximate",
            location_refs=["gazetteer:al_qusayr"],
        ),
    ],
    "routes": [
        feature(
            "route",
            "routes",
            "route",
            {"type": "LineString", "coordinates": [list(QUSAYR), list(BAALBEK)]},
            location="schematic",
            location_refs=["gazetteer:al_qusayr", "gazetteer:baalbek"],
            date_from="2024-01-01",
            date_to="2024-12-08",
        )
    ],
}


def write(root: Path, layers: dict[str, list[dict]] | None = None, manifest: dict | None = None) -> Path:
    """Write the tiny bundle under a data root (its layers and manifest can be replaced); return the root."""
    seeds, geodata = root / "seeds" / ID, root / "geodata" / ID
    seeds.mkdir(parents=True, exist_ok=True)
    geodata.mkdir(parents=True, exist_ok=True)
    raw = TEXT.encode("utf-8")
    (seeds / "article.txt").write_bytes(raw)
    meta = {
        "id": ID,
        "title": "A tiny article",
        "outlet": "Test Outlet",
        "published_print": "2025-01-02",
        "url": "https://example.org/tiny",
        "sha256": hashlib.sha256(raw).hexdigest(),
        "licence": "test text",
    }
    (seeds / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    (seeds / "sections.json").write_text(json.dumps(SECTIONS), encoding="utf-8")
    (geodata / "manifest.toml").write_text(tomli_w.dumps(manifest or MANIFEST), encoding="utf-8")
    for name, features in (layers or LAYERS).items():
        doc = {"type": "FeatureCollection", "features": copy.deepcopy(features)}
        (geodata / f"{name}.geojson").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return root
