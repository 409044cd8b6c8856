"""Check a bundle: its sections, every layer, quotes, coordinates and geography; and every bundle at once."""

from __future__ import annotations

from pathlib import Path

from dashboard.config import BASEMAP_DIR
from dashboard.core.article import coverage_errors
from dashboard.core.bundle import Bundle
from dashboard.core.features import Feature
from dashboard.data.bundles import SECTIONS, load_bundles
from dashboard.data.errors import DataError
from dashboard.data.gazetteer import Coordinate, read_gazetteers
from dashboard.data.geocheck import geo_errors
from dashboard.data.layers import Layer, layer_file_name, load_layers

COORD_TOLERANCE_DEG = 1e-5


def quote_errors(layers: dict[str, Layer], bundle: Bundle) -> list[DataError]:
    """Every article quote that is not verbatim in the article."""
    return [
        DataError(
            layer_file_name(bundle.layers_dir, layer.spec),
            f.id,
            "properties.quote",
            "not found verbatim in the article",
        )
        for layer in layers.values()
        for f in layer.features
        if f.properties.quote and f.properties.quote not in bundle.article.text
    ]


def _vertices(geometry: dict) -> list[tuple[float, float]]:
    """The vertices of a point or line geometry, in order."""
    coords = geometry["coordinates"]
    if geometry["type"] == "Point":
        return [tuple(coords)]
    if geometry["type"] == "LineString":
        return [tuple(c) for c in coords]
    return [tuple(c) for part in coords for c in part]


def _ref_errors(name: str, feature: Feature, refs: dict[str, Coordinate | None]) -> list[DataError]:
    """The cited references of one feature that are unknown, or unlocated for a 'sourced' place."""
    p, errors = feature.properties, []
    for ref in p.location_refs:
        if ref.startswith(("derived:", "basemap:")):
            continue
        if ref not in refs:
            errors.append(DataError(name, feature.id, "properties.location_refs", f"{ref} is not in the gazetteers"))
        elif refs[ref] is None and p.location == "sourced":
            message = f"{ref} has no sourced coordinate, so the place cannot be 'sourced'"
            errors.append(DataError(name, feature.id, "properties.location", message))
    return errors


def _stands_on(geometry: dict, cited: list[str], refs: dict[str, Coordinate | None]) -> bool:
    """Whether a point or line's vertices are exactly the cited coordinates, in order."""
    wanted, have = [refs.get(r) for r in cited], _vertices(geometry)
    return len(wanted) == len(have) and all(
        w is not None and abs(w[0] - h[0]) <= COORD_TOLERANCE_DEG and abs(w[1] - h[1]) <= COORD_TOLERANCE_DEG
        for w, h in zip(wanted, have)
    )


def reference_errors(layers: dict[str, Layer], refs: dict[str, Coordinate | None], bundle: Bundle) -> list[DataError]:
    """Every point or line vertex that does not stand on the sourced coordinate it cites."""
    errors = []
    for layer in layers.values():
        name = layer_file_name(bundle.layers_dir, layer.spec)
        for f in layer.features:
            errors += _ref_errors(name, f, refs)
            cited = [r for r in f.properties.location_refs if not r.startswith(("derived:", "basemap:"))]
            if f.geometry["type"] in ("Point", "LineString", "MultiLineString") and cited:
                if not _stands_on(f.geometry, cited, refs):
                    message = f"vertices do not match the cited references {cited}"
                    errors.append(DataError(name, f.id, "geometry.coordinates", message))
    return errors


def section_errors(layers: dict[str, Layer], bundle: Bundle) -> list[DataError]:
    """Every section (but those that only argue) with no feature on the map."""
    used = {s for layer in layers.values() for f in layer.features for s in f.properties.sections}
    return [
        DataError(f"seeds/{bundle.id}/{SECTIONS}", None, "sections", f"section {s.id!r} has no feature on the map")
        for s in bundle.article.sections
        if s.id not in used and not s.without_features
    ]


def validate_bundle(bundle: Bundle, basemap_dir: Path = BASEMAP_DIR) -> list[DataError]:
    """Run every check over one bundle and return what is wrong."""
    sections_file = f"seeds/{bundle.id}/{SECTIONS}"
    errors = [DataError(sections_file, None, "paragraphs", e) for e in coverage_errors(bundle.article)]
    layers, layer_errors = load_layers(bundle)
    errors += layer_errors
    errors += quote_errors(layers, bundle)
    errors += reference_errors(layers, read_gazetteers(), bundle)
    errors += section_errors(layers, bundle)
    errors += geo_errors(layers, bundle.manifest.border_tolerance_km, bundle.layers_dir, basemap_dir)
    return errors


def validate_all(root: Path, basemap_dir: Path = BASEMAP_DIR) -> tuple[list[str], list[DataError]]:
    """Check every bundle under the data root: the ids checked, and every error (unreadable bundles included)."""
    bundles, errors = load_bundles(root)
    for bundle in bundles.values():
        errors += validate_bundle(bundle, basemap_dir)
    return list(bundles), errors
