"""Trust checks: graded sources, independent corroboration, stated reasons, honest areas and shapes."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import shapely

from dashboard.core.features import Feature, Properties, Source
from dashboard.data.errors import DataError
from dashboard.data.geocheck import Basemap, load_basemap
from dashboard.data.layers import Layer, layer_file_name

# Wire agencies whose copy many outlets reprint: two reprints of one wire are one source, not two.
WIRES = (
    ("AFP", r"\bAFP\b|Agence France"),
    ("Reuters", r"Reuters"),
    ("AP", r"\bAP\b|Associated Press(?! of Pakistan)"),
    ("Xinhua", r"Xinhua"),
    ("Anadolu", r"Anadolu"),
    ("IANS", r"\bIANS\b"),
    ("ANI", r"\bANI\b"),
    ("APP", r"\bAPP\b|Associated Press of Pakistan"),
    ("JNS", r"\bJNS\b"),
    ("TASS", r"\bTASS\b"),
    ("SANA", r"\bSANA\b"),
    ("Ukrinform", r"Ukrinform"),
)
# An area drawn for a place in one country must have at least this share of its surface in that country.
MIN_AREA_IN_COUNTRY = 0.5


def origin(source: Source) -> str:
    """Who a source's report comes from: the wire it reprints, else its publisher without qualifiers."""
    for wire, pattern in WIRES:
        if re.search(pattern, source.publisher):
            return wire
    name = re.sub(r"\s*\(.*\)$", "", source.publisher).strip().lower()
    return name.removeprefix("the ")


def independent_origins(props: Properties) -> set[str]:
    """The distinct origins of the sources that can be checked by address."""
    return {origin(s) for s in props.sources if s.url is not None}


def _grade_problems(props: Properties) -> list[tuple[str, str]]:
    """Every missing grade or reason, and every URL-less source without a stated reason."""
    problems = []
    if props.credibility is None:
        problems.append(("properties.credibility", "no credibility grade (1 confirmed … 6 cannot be judged)"))
    elif props.credibility_reason is None:
        problems.append(("properties.credibility_reason", "a credibility grade needs its reason in one line"))
    for i, source in enumerate(props.sources):
        where = f"properties.sources.{i}"
        if source.reliability is None:
            problems.append((f"{where}.reliability", f"{source.publisher!r} has no reliability grade (A … F)"))
        elif source.reliability_reason is None:
            problems.append((f"{where}.reliability_reason", "a reliability grade needs its reason in one line"))
        if source.url is None and source.no_url_reason is None:
            problems.append((f"{where}.no_url_reason", f"{source.publisher!r} has no URL and no stated reason"))
        if source.url is not None and source.no_url_reason is not None:
            problems.append((f"{where}.no_url_reason", "a source with a URL needs no reason for lacking one"))
    return problems


def _confidence_problems(props: Properties) -> list[tuple[str, str]]:
    """A high-confidence claim needs two independent sources with URLs."""
    if props.confidence != "high":
        return []
    origins = independent_origins(props)
    if len(origins) >= 2:
        return []
    found = ", ".join(sorted(origins)) or "none"
    return [
        (
            "properties.confidence",
            f"high confidence needs at least 2 independent sources with URLs (different outlets, not copies of "
            f"one wire report); found {len(origins)}: {found}",
        )
    ]


def grade_errors(layers: dict[str, Layer], layers_dir: Path) -> list[DataError]:
    """Every missing grade, reason or URL reason, and every high-confidence claim without corroboration."""
    return [
        DataError(layer_file_name(layers_dir, layer.spec), f.id, field, message)
        for layer in layers.values()
        for f in layer.features
        for field, message in _grade_problems(f.properties) + _confidence_problems(f.properties)
    ]


def _share_inside(feature: Feature, basemap: Basemap) -> float | None:
    """The share of an area's surface inside the one country it names (None: not an area, or no outline)."""
    country = feature.properties.country
    if feature.geometry["type"] not in ("Polygon", "MultiPolygon") or not country or "/" in country:
        return None
    detailed = basemap.levant if basemap.levant_extent.contains(feature.shape) else {}
    outline = detailed.get(country) or basemap.world.get(country)
    if outline is None or feature.shape.area == 0:
        return None
    return feature.shape.intersection(outline).area / feature.shape.area


def area_errors(layers: dict[str, Layer], layers_dir: Path, basemap: Basemap) -> list[DataError]:
    """Every area drawn for a place in one country that lies mostly outside it."""
    errors = []
    for layer in layers.values():
        for f in layer.features:
            share = _share_inside(f, basemap)
            if share is not None and share < MIN_AREA_IN_COUNTRY:
                message = (
                    f"only {share:.0%} of the area lies in {f.properties.country} "
                    f"(at least {MIN_AREA_IN_COUNTRY:.0%} must): draw it on its own side of the border"
                )
                errors.append(DataError(layer_file_name(layers_dir, layer.spec), f.id, "geometry", message))
    return errors


def place_of(feature: Feature) -> str:
    """The place a feature stands for: the site it happened at, else itself."""
    return feature.properties.site or feature.id


def shared_geometry_errors(layers: dict[str, Layer], layers_dir: Path) -> list[DataError]:
    """Every feature whose geometry is identical to that of a feature of a different place."""
    by_shape: dict[bytes, list[tuple[str, Feature]]] = defaultdict(list)
    for layer in layers.values():
        for f in layer.features:
            key = shapely.to_wkb(shapely.normalize(f.shape), hex=False)
            by_shape[key].append((layer_file_name(layers_dir, layer.spec), f))
    errors = []
    for group in by_shape.values():
        places = {place_of(f) for _, f in group}
        if len(places) < 2:
            continue
        first_file, first = group[0]
        for name, f in group[1:]:
            if place_of(f) != place_of(first):
                message = (
                    f"same geometry as {first.id!r} ({first_file}), a different place: draw each place "
                    "its own shape, or name the shared one as the site"
                )
                errors.append(DataError(name, f.id, "geometry", message))
    return errors


def trust_errors(layers: dict[str, Layer], layers_dir: Path, basemap_dir: Path) -> list[DataError]:
    """Every trust check over a final bundle's layers."""
    errors = grade_errors(layers, layers_dir) + shared_geometry_errors(layers, layers_dir)
    try:
        basemap = load_basemap(basemap_dir)
    except Exception:  # noqa: BLE001 - geo_errors already reports an unreadable basemap
        return errors
    return errors + area_errors(layers, layers_dir, basemap)
