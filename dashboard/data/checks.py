"""Check a bundle: its sections, every layer, quotes, coordinates and geography; and every bundle at once."""

from __future__ import annotations

from pathlib import Path

from dashboard.config import BASEMAP_DIR
from dashboard.core.article import coverage_errors
from dashboard.core.bundle import Bundle
from dashboard.core.features import UNVERIFIED, Feature
from dashboard.data.bundles import MANIFEST, META, SECTIONS, load_bundles
from dashboard.data.errors import DataError
from dashboard.data.gazetteer import References, read_gazetteers
from dashboard.data.geocheck import geo_errors
from dashboard.data.layers import Layer, layer_file_name, load_layers
from dashboard.data.trust import trust_errors

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


def _ref_errors(name: str, feature: Feature, refs: References) -> list[DataError]:
    """The cited references of one feature that are unknown, or unlocated for a 'sourced' place."""
    p, errors = feature.properties, []
    for ref in p.location_refs:
        if ref.startswith(("derived:", "basemap:")):
            continue
        if not refs.knows(ref):
            errors.append(DataError(name, feature.id, "properties.location_refs", f"{ref} is not in the gazetteers"))
        elif refs[ref] is None and p.location == "sourced":
            message = f"{ref} has no sourced coordinate, so the place cannot be 'sourced'"
            errors.append(DataError(name, feature.id, "properties.location", message))
    return errors


def _stands_on(geometry: dict, cited: list[str], refs: References) -> bool:
    """Whether a point or line's vertices are exactly the cited coordinates, in order."""
    wanted, have = [refs[r] if refs.knows(r) else None for r in cited], _vertices(geometry)
    return len(wanted) == len(have) and all(
        w is not None and abs(w[0] - h[0]) <= COORD_TOLERANCE_DEG and abs(w[1] - h[1]) <= COORD_TOLERANCE_DEG
        for w, h in zip(wanted, have)
    )


def reference_errors(layers: dict[str, Layer], refs: References, bundle: Bundle) -> list[DataError]:
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


def site_errors(layers: dict[str, Layer], bundle: Bundle) -> list[DataError]:
    """Every site reference that names no feature of a labelled layer (the map labels a feature at its site)."""
    labelled = {f.id for layer in layers.values() if layer.spec.labelled for f in layer.features}
    return [
        DataError(layer_file_name(bundle.layers_dir, layer.spec), f.id, "properties.site", message)
        for layer in layers.values()
        for f in layer.features
        if f.properties.site is not None and (message := _site_problem(f, labelled))
    ]


def _site_problem(feature: Feature, labelled: set[str]) -> str:
    site = feature.properties.site
    if site == feature.id:
        return "a feature is not its own site"
    if site not in labelled:
        return f"{site!r} is no feature of a labelled layer"
    return ""


def section_errors(layers: dict[str, Layer], bundle: Bundle) -> list[DataError]:
    """Every section (but those that only argue) with no feature on the map."""
    used = {s for layer in layers.values() for f in layer.features for s in f.properties.sections}
    return [
        DataError(f"seeds/{bundle.id}/{SECTIONS}", None, "sections", f"section {s.id!r} has no feature on the map")
        for s in bundle.article.sections
        if s.id not in used and not s.without_features
    ]


def _meta_lacks(bundle: Bundle) -> list[DataError]:
    """What the article's metadata must say before it is final: outlet, date and address."""
    meta, name = bundle.article.meta, f"seeds/{bundle.id}/{META}"
    wanted = {"outlet": meta.outlet, "published_print": meta.published, "url": meta.url}
    return [DataError(name, None, field, "not given yet") for field, value in wanted.items() if value is None]


def _section_lacks(bundle: Bundle) -> list[DataError]:
    """Every section without a period."""
    name = f"seeds/{bundle.id}/{SECTIONS}"
    return [
        DataError(name, None, f"sections.{s.id}.period", "no period yet")
        for s in bundle.article.sections
        if s.period is None
    ]


def _feature_lacks(layers: dict[str, Layer], bundle: Bundle) -> list[DataError]:
    """Every feature that is unverified, unsourced or tied to no actor, and a manifest that knows no actor."""
    lacks = []
    for layer in layers.values():
        name = layer_file_name(bundle.layers_dir, layer.spec)
        for f in layer.features:
            p = f.properties
            if p.confidence == UNVERIFIED:
                lacks.append(DataError(name, f.id, "properties.confidence", "unverified: review it and grade it"))
            if not p.sources:
                lacks.append(DataError(name, f.id, "properties.sources", "no outside source yet"))
            if not p.actors:
                lacks.append(DataError(name, f.id, "properties.actors", "no actor yet"))
    if not bundle.manifest.actors:
        lacks.append(DataError(f"geodata/{bundle.id}/{MANIFEST}", None, "actors", "the manifest names no actor yet"))
    return lacks


def final_lacks(bundle: Bundle, layers: dict[str, Layer]) -> list[DataError]:
    """Everything a bundle lacks to be final: a draft lists these; in a final bundle each is an error."""
    return (
        _meta_lacks(bundle) + _section_lacks(bundle) + _feature_lacks(layers, bundle) + section_errors(layers, bundle)
    )


def validate_bundle(bundle: Bundle, basemap_dir: Path = BASEMAP_DIR) -> tuple[list[DataError], list[DataError]]:
    """Run every check over one bundle: what is wrong, and (for a draft) what it still lacks to be final."""
    sections_file = f"seeds/{bundle.id}/{SECTIONS}"
    errors = [DataError(sections_file, None, "paragraphs", e) for e in coverage_errors(bundle.article)]
    layers, layer_errors = load_layers(bundle)
    errors += layer_errors
    errors += quote_errors(layers, bundle)
    errors += site_errors(layers, bundle)
    errors += reference_errors(layers, read_gazetteers(), bundle)
    errors += geo_errors(layers, bundle.manifest.border_tolerance_km, bundle.layers_dir, basemap_dir)
    lacks = final_lacks(bundle, layers) + trust_errors(layers, bundle.layers_dir, basemap_dir)
    return (errors, lacks) if bundle.is_draft else (errors + lacks, [])


def validate_all(root: Path, basemap_dir: Path = BASEMAP_DIR) -> tuple[list[str], list[DataError], list[DataError]]:
    """Check every bundle under the data root: the ids checked, every error (unreadable bundles included), and
    what the drafts still lack."""
    bundles, errors = load_bundles(root)
    lacks: list[DataError] = []
    for bundle in bundles.values():
        more, missing = validate_bundle(bundle, basemap_dir)
        errors += more
        lacks += missing
    return list(bundles), errors, lacks
