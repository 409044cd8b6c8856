"""Which names the map writes: one label per site in focus, with what happened there counted (pure).

A feature of a labelled layer is its own site; a feature with a `site` (a strike on a crossing, say)
counts towards that site's label instead of getting one of its own. Dimmed features are not labelled.
The browser then places the labels by priority and hides those that would collide (briefing-map.js).
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.core.features import Feature
from dashboard.core.manifest import LayerSpec
from dashboard.data.layers import Layer
from dashboard.view.filters import Shown
from dashboard.view.styles import style_for

# A section with more sites than this labels the most important ones only: the rest show on hover.
MAX_LABELS = 300


@dataclass(frozen=True)
class Label:
    """One name on the map: where it stands, its text, its priority (lower first) and the ids it stands for."""

    site: str
    text: str
    lat: float
    lon: float
    rank: int
    members: tuple[str, ...]
    radius: float  # px: the largest marker at the site, which the label stands clear of (0 for an area)


def anchor(feature: Feature) -> tuple[float, float]:
    """Where a feature's label stands (lat, lon): its point, or a point inside its area or on its line."""
    if feature.is_point:
        lon, lat = feature.geometry["coordinates"][:2]
    else:
        point = feature.shape.representative_point()
        lon, lat = point.x, point.y
    return round(lat, 5), round(lon, 5)


def _marker_radius(spec: LayerSpec, feature: Feature) -> float:
    """The radius of a point's marker in pixels (a square or diamond reaches a little further); 0 for the rest."""
    if not feature.is_point:
        return 0.0
    style = style_for(spec, feature.properties)
    return float(style.get("radius") or 0) * (1.0 if style.get("shape") == "circle" else 1.3)


def _count_text(counted: dict[str, int], specs: dict[str, LayerSpec]) -> str:
    """'(5 strikes)' or '(1 strike, 2 raids)' for the counted members of a site."""
    parts = []
    for layer_id, n in counted.items():
        one, many = specs[layer_id].count_words or ("event", "events")
        parts.append(f"{n:,} {one if n == 1 else many}")
    return f" ({', '.join(parts)})" if parts else ""


def site_labels(shown: list[Shown], sites: dict[str, tuple[LayerSpec, Feature]]) -> list[Label]:
    """One label per site in focus, most important first (label rank, then more members, then name).

    `sites` holds every feature of a labelled layer by id with its layer, so a site is labelled where its
    strikes are in focus even when the site's own layer is hidden.
    """
    members: dict[str, list[Shown]] = {}
    for item in shown:
        if item.dimmed:
            continue
        key = item.props.site if item.props.site in sites else item.feature.id
        if key in sites:
            members.setdefault(key, []).append(item)
    specs = {item.spec.id: item.spec for group in members.values() for item in group}
    labels = []
    for key, group in members.items():
        spec, site = sites[key]
        counted: dict[str, int] = {}
        for item in group:
            if item.feature.id != key:
                counted[item.spec.id] = counted.get(item.spec.id, 0) + 1
        lat, lon = anchor(site)
        labels.append(
            Label(
                site=key,
                text=site.properties.name + _count_text(counted, specs),
                lat=lat,
                lon=lon,
                rank=spec.label_rank if spec.label_rank is not None else 99,
                members=tuple(item.feature.id for item in group),
                radius=max(
                    [_marker_radius(spec, site)]
                    + [_marker_radius(i.spec, i.feature) for i in group if anchor(i.feature) == (lat, lon)]
                ),
            )
        )
    labels.sort(key=lambda label: (label.rank, -len(label.members), label.text))
    return labels[:MAX_LABELS]


def sites_of(layers: dict[str, Layer]) -> dict[str, tuple[LayerSpec, Feature]]:
    """Every feature of a labelled layer, by id, with its layer."""
    return {f.id: (layer.spec, f) for layer in layers.values() if layer.spec.labelled for f in layer.features}
