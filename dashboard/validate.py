"""Check all data: the article's sections, every layer, quotes, coordinates and geography."""

from __future__ import annotations

import csv
from pathlib import Path

from dashboard.config import GAZETTEER_FILE, GEONAMES_FILE, LAYERS_DIR, SECTIONS_WITHOUT_FEATURES
from dashboard.data import DataError, Layer, load_layers
from dashboard.geocheck import geo_errors
from dashboard.narrative import Article, coverage_errors, load_article

COORD_TOLERANCE_DEG = 1e-5


def read_gazetteers(
    gazetteer: Path = GAZETTEER_FILE, geonames: Path = GEONAMES_FILE
) -> dict[str, tuple[float, float] | None]:
    """Sourced coordinates by reference ('gazetteer:id', 'geonames:id') as (lon, lat), None if unlocated."""
    refs: dict[str, tuple[float, float] | None] = {}
    with gazetteer.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            located = row["lat"] and row["lon"]
            refs[f"gazetteer:{row['id']}"] = (float(row["lon"]), float(row["lat"])) if located else None
    with geonames.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            refs[f"geonames:{row['geonameid']}"] = (float(row["lon"]), float(row["lat"]))
    return refs


def quote_errors(layers: dict[str, Layer], article: Article) -> list[DataError]:
    """Every article quote that is not verbatim in the seed."""
    return [
        DataError(layer.spec.file, f["id"], "properties.quote", "not found verbatim in the article")
        for layer in layers.values()
        for f in layer.features
        if f["properties"]["quote"] and f["properties"]["quote"] not in article.text
    ]


def _vertices(geometry: dict) -> list[tuple[float, float]]:
    """The vertices of a point or line geometry, in order."""
    coords = geometry["coordinates"]
    if geometry["type"] == "Point":
        return [tuple(coords)]
    if geometry["type"] == "LineString":
        return [tuple(c) for c in coords]
    return [tuple(c) for part in coords for c in part]


def reference_errors(layers: dict[str, Layer], refs: dict[str, tuple[float, float] | None]) -> list[DataError]:
    """Every point or line vertex that does not stand on the sourced coordinate it cites."""
    errors = []
    for layer in layers.values():
        for f in layer.features:
            p, geometry = f["properties"], f["geometry"]
            cited = [r for r in p["location_refs"] if not r.startswith(("derived:", "basemap:"))]
            for ref in cited:
                if ref not in refs:
                    errors.append(
                        DataError(
                            layer.spec.file, f["id"], "properties.location_refs", f"{ref} is not in the gazetteers"
                        )
                    )
                elif refs[ref] is None and p["location"] == "sourced":
                    errors.append(
                        DataError(
                            layer.spec.file,
                            f["id"],
                            "properties.location",
                            f"{ref} has no sourced coordinate, so the place cannot be 'sourced'",
                        )
                    )
            if geometry["type"] not in ("Point", "LineString", "MultiLineString") or not cited:
                continue
            wanted = [refs.get(r) for r in cited]
            have = _vertices(geometry)
            same = len(wanted) == len(have) and all(
                w is not None and abs(w[0] - h[0]) <= COORD_TOLERANCE_DEG and abs(w[1] - h[1]) <= COORD_TOLERANCE_DEG
                for w, h in zip(wanted, have)
            )
            if not same:
                errors.append(
                    DataError(
                        layer.spec.file,
                        f["id"],
                        "geometry.coordinates",
                        f"vertices do not match the cited references {cited}",
                    )
                )
    return errors


def section_errors(layers: dict[str, Layer], article: Article) -> list[DataError]:
    """Every section (but those that only argue) with no feature on the map."""
    used = {s for layer in layers.values() for f in layer.features for s in f["properties"]["sections"]}
    return [
        DataError(article.meta.sections_file, None, "sections", f"section {s!r} has no feature on the map")
        for s in article.section_ids
        if s not in used and s not in SECTIONS_WITHOUT_FEATURES
    ]


def validate_all(layers_dir: Path = LAYERS_DIR) -> list[DataError]:
    """Run every check over the shipped data and return what is wrong."""
    article = load_article()
    errors = [DataError(article.meta.sections_file, None, "paragraphs", e) for e in coverage_errors(article)]
    layers, layer_errors = load_layers(set(article.section_ids), layers_dir)
    errors += layer_errors
    errors += quote_errors(layers, article)
    errors += reference_errors(layers, read_gazetteers())
    errors += section_errors(layers, article)
    errors += geo_errors(layers)
    return errors
