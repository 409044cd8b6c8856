"""A slide's map: the offline basemap and the shown features in the web map's style, labels, scale bar."""

from __future__ import annotations

import math
import textwrap
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
from matplotlib.colors import to_rgba
from matplotlib.patheffects import withStroke
from matplotlib.transforms import Bbox
from matplotlib_scalebar.scalebar import ScaleBar
from pyproj import Geod, Transformer

from dashboard.core.manifest import Bounds
from dashboard.core.team import TeamOverlay
from dashboard.view.citations import number_ranges, source_numbers
from dashboard.view.filters import Shown
from dashboard.view.labels import Label
from dashboard.view.styles import accuracy_style, style_for
from dashboard.web.mapdata import has_uncertainty_circle
from dashboard.web.mapview import BASEMAP_STYLES

PX = 0.9  # points per Leaflet pixel: the web map's weights and radii on the slide
REFS_PER_LINE = 34  # characters of source numbers on a line under a label
INK = "#1a1a1a"
MARKERS = {"circle": "o", "square": "s", "diamond": "D", "triangle": "^"}  # matplotlib's names for the map's shapes
HALO = [withStroke(linewidth=2.6, foreground="white")]


def to_merc() -> Transformer:
    """A fresh WGS 84 -> Web Mercator transformer (one per render: nothing shared between server threads)."""
    return Transformer.from_crs(4326, 3857, always_xy=True)


def project(geom: Any, tr: Transformer) -> Any:
    """A shapely geometry (or GeoJSON geometry) in Web Mercator."""
    geom = shapely.geometry.shape(geom) if isinstance(geom, dict) else geom
    return shapely.transform(geom, lambda xy: np.column_stack(tr.transform(xy[:, 0], xy[:, 1])))


def view_extent(bounds: Bounds, aspect: float, pad: float = 0.04) -> tuple[float, float, float, float]:
    """The Web-Mercator (x0, x1, y0, y1) holding the bounds, padded and widened to the map's width/height."""
    (south, west), (north, east) = bounds
    (x0, x1), (y0, y1) = to_merc().transform([west, east], [max(south, -85.0), min(north, 85.0)])
    cx, cy, w, h = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) * (1 + 2 * pad), (y1 - y0) * (1 + 2 * pad)
    w = max(w, h * aspect, 2000.0)  # a single point still gets a few kilometres around it
    h = max(h, w / aspect)
    return cx - w / 2, cx + w / 2, cy - h / 2, cy + h / 2


def ground_metres_per_unit(y: float) -> float:
    """Metres on the ground per Web-Mercator metre at this northing: cos(latitude), not its inverse."""
    return math.cos(2 * math.atan(math.exp(y / 6378137.0)) - math.pi / 2)


def scale_bar(extent: tuple[float, float, float, float]) -> ScaleBar:
    """A scale bar of a round length near a fifth of the map, true at the map's centre latitude."""
    y = (extent[2] + extent[3]) / 2
    dx, lat = ground_metres_per_unit(y), to_merc().transform(0, y, direction="INVERSE")[1]
    target = (extent[1] - extent[0]) * dx / 1000 / 5
    step = 10 ** math.floor(math.log10(target))
    km = max(m * step for m in (1, 2, 5) if m * step <= target)
    wide = extent[3] - extent[2] > 2.5e6  # a continent: Mercator's scale changes a lot from south to north
    return ScaleBar(
        dx,
        units="m",
        fixed_value=km,
        fixed_units="km",
        location="lower left",
        box_alpha=0.85,
        font_properties={"size": 11},
        border_pad=0.8,
        scale_loc="bottom",
        label=f"true at {abs(lat):.0f}° {'N' if lat >= 0 else 'S'}" if wide else None,
    )


def dash(dash: str | None, width: float) -> Any:
    """A Leaflet dashArray ("6 5", in px) as a matplotlib line style for a line this wide in points."""
    if not dash:
        return "solid"
    return (0, tuple(float(v) * PX / max(width, 0.1) for v in dash.split()))


def draw_basemap(ax: Any, basemap: dict[str, dict[str, Any]], extent: tuple[float, ...]) -> None:
    """The offline basemap in the web map's colours, clipped to the view before it is projected."""
    lons, lats = to_merc().transform(extent[:2], extent[2:], direction="INVERSE")
    span = max(lons[1] - lons[0], lats[1] - lats[0]) * 0.1
    box = (lons[0] - span, max(lats[0] - span, -85.0), lons[1] + span, min(lats[1] + span, 85.0))
    for z, (name, style) in enumerate(BASEMAP_STYLES.items()):
        if not basemap.get(name, {}).get("features"):
            continue
        geoms = gpd.GeoDataFrame.from_features(basemap[name]["features"], crs=4326).geometry.clip_by_rect(*box)
        geoms = geoms[~geoms.is_empty].to_crs(3857)
        if geoms.empty:
            continue
        stroked = style.get("stroke", True)
        width = style["weight"] * PX if stroked else 0.0
        filled = style.get("fill", True) and "fillColor" in style
        geoms.plot(
            ax=ax,
            facecolor=to_rgba(style["fillColor"], style["fillOpacity"]) if filled else "none",
            edgecolor=style["color"] if stroked else "none",
            linewidth=width,
            linestyle=dash(style.get("dashArray"), width),
            zorder=1 + z * 0.1,
        )


def _draw_feature(ax: Any, item: Shown, tr: Transformer, z: float) -> None:
    """One shown feature in the web map's style: colour, opacity, dash, and radius for points."""
    style = style_for(item.spec, item.props, item.dimmed)
    geom = project(item.feature.geometry, tr)
    width, edge = style["weight"] * PX, to_rgba(style["color"], style["opacity"])
    line = dash(style.get("dashArray"), width)
    if geom.geom_type == "Point":
        face = to_rgba(style["fillColor"], style["fillOpacity"]) if style.get("fill", True) else "none"
        ax.scatter(
            [geom.x],
            [geom.y],
            s=(2 * style["radius"] * PX) ** 2,
            marker=MARKERS[style["shape"]],
            facecolors=[face],
            edgecolors=[edge],
            linewidths=width,
            linestyles=[line],
            zorder=z + 0.05,
        )
        return
    face = "none" if "Line" in geom.geom_type else to_rgba(style["fillColor"], style["fillOpacity"])
    gpd.GeoSeries([geom]).plot(ax=ax, facecolor=face, edgecolor=edge, linewidth=width, linestyle=line, zorder=z)


def _draw_accuracy(ax: Any, item: Shown, tr: Transformer, z: float) -> None:
    """An approximate point's uncertainty: a dashed geodesic circle of radius accuracy_km, as on the web map."""
    if not has_uncertainty_circle(item.feature):
        return
    (lon, lat), n = item.feature.geometry["coordinates"], 73
    radius = item.props.accuracy_km * 1000
    lons, lats, _ = Geod(ellps="WGS84").fwd([lon] * n, [lat] * n, np.linspace(0, 360, n), [radius] * n)
    style = accuracy_style(item.spec, item.props, item.dimmed)
    gpd.GeoSeries([project(shapely.Polygon(zip(lons, lats)), tr)]).plot(
        ax=ax,
        facecolor=to_rgba(style["fillColor"], style["fillOpacity"]),
        zorder=z,
        linewidth=1.2,
        edgecolor=to_rgba(style["color"], style["opacity"]),
        linestyle=dash(style["dashArray"], 1.2),
    )


# Where a label may stand, in points from its mark: beside it first, then further out on a leader line.
NEAR = ((1, 0, "left", "center"), (-1, 0, "right", "center"), (0, 1, "center", "bottom"), (0, -1, "center", "top"))
DIAGONALS = ((1, 1, "left", "bottom"), (-1, 1, "right", "bottom"), (1, -1, "left", "top"), (-1, -1, "right", "top"))
FAR = tuple(
    (dx * k * sx, dy * k * sy, ha, va)
    for k in (1, 2, 3, 4)
    for (dx, dy, ha, va), sx, sy in [(n, 26, 20) for n in NEAR] + [(d, 20, 16) for d in DIAGONALS]
)


def _obstacles(shown: list[Shown], tr: Transformer, ax: Any, renderer: Any) -> list[Bbox]:
    """The display boxes of the focused point markers, which no label may cover."""
    boxes = []
    for s in shown:
        if s.feature.is_point and not s.dimmed:
            geom = project(s.feature.geometry, tr)
            (x, y) = ax.transData.transform((geom.x, geom.y))
            r = style_for(s.spec, s.props)["radius"] * PX * renderer.dpi / 72
            boxes.append(Bbox.from_bounds(x - r, y - r, 2 * r, 2 * r))
    return boxes


def _label_sites(ax: Any, shown: list[Shown], labels: tuple[Label, ...], tr: Transformer, renderer: Any) -> None:
    """Name each site in focus once, as the live map does ('Janta crossing (3 strikes)'), most important first,
    with the numbers of its sources and its strikes' in the list beside the map. A label stands beside its mark
    (inside an area), else further out on a leader line; one that would still cover a mark or a label, or leave
    the map, is left out."""
    taken, frame = _obstacles(shown, tr, ax, renderer), ax.get_window_extent(renderer)
    words: list[Bbox] = []  # the labels placed so far, which no leader may cross
    numbers = source_numbers(shown)
    for label in labels:
        x, y = tr.transform(label.lon, label.lat)
        cited = [n for fid in (label.site, *label.members) for n in numbers.get(fid, [])]
        gap = label.radius * PX + 3
        spots = [(dx * gap, dy * gap, ha, va, False) for dx, dy, ha, va in NEAR]
        if not label.radius:  # an area: its name inside it first
            spots.insert(0, (0, 0, "center", "center", False))
        spots += [(dx + np.sign(dx) * gap, dy + np.sign(dy) * gap, ha, va, True) for dx, dy, ha, va in FAR]
        # A crowded site tries again a point smaller, its source numbers in fewer, longer lines, then with its
        # name alone: a name without its numbers beats no name.
        for size, per_line in ((10, REFS_PER_LINE), (9, 2 * REFS_PER_LINE), (9, 0)):
            name = label.text
            if cited and per_line:  # the source numbers under the name
                name += "\n" + "\n".join(textwrap.wrap(f"[{number_ranges(cited)}]", per_line))
            if _place(ax, name, (x, y), size, gap, spots, (taken, words), frame, renderer):
                break


def _crosses(start: tuple[float, float], end: tuple[float, float], words: list[Bbox]) -> bool:
    """Whether a leader from a label's centre to its site runs through a label already placed (its last stretch,
    in the crowd around its own site, may touch one)."""
    (x0, y0), (x1, y1) = start, end
    points = [(x0 + (x1 - x0) * t, y0 + (y1 - y0) * t) for t in np.linspace(0, 0.85, 24)]
    return any(box.contains(x, y) for box in words for x, y in points)


def _extent(ax: Any, name: str, size: float, renderer: Any) -> tuple[float, float]:
    """The width and height of `name` at `size`, in display pixels (measured once, not at every spot tried)."""
    text = ax.text(0, 0, name, fontsize=size, linespacing=1.0, parse_math=False)
    box = text.get_window_extent(renderer)
    text.remove()
    return box.width, box.height


def _place(
    ax: Any,
    name: str,
    xy: tuple[float, float],
    size: float,
    gap: float,
    spots: list[tuple],
    boxes: tuple[list[Bbox], list[Bbox]],
    frame: Bbox,
    renderer: Any,
) -> bool:
    """Write `name` at the first spot where it stays on the map, covers no mark or label (`boxes`) and its leader
    crosses no label; False if none. Each spot's box is worked out from the text's size; only the chosen one is
    drawn."""
    taken, words = boxes
    w, h = _extent(ax, name, size, renderer)
    px = renderer.dpi / 72
    X, Y = ax.transData.transform(xy)
    for dx, dy, ha, va, leader in spots:
        x0 = X + dx * px - {"left": 0, "center": w / 2, "right": w}[ha]
        y0 = Y + dy * px - {"bottom": 0, "center": h / 2, "top": h}[va]
        box = Bbox.from_bounds(x0, y0, w, h)
        on_map = frame.contains(box.x0, box.y0) and frame.contains(box.x1, box.y1)
        if not on_map or any(box.overlaps(other) for other in taken):
            continue
        if leader and _crosses((x0 + w / 2, y0 + h / 2), (X, Y), words):
            continue
        ax.annotate(
            name,
            xy,
            xytext=(dx, dy),
            textcoords="offset points",
            ha=ha,
            va=va,
            fontsize=size,
            linespacing=1.0,
            color=INK,
            path_effects=HALO,
            zorder=40,
            parse_math=False,
            arrowprops={"arrowstyle": "-", "color": INK, "lw": 0.7, "shrinkA": 1, "shrinkB": gap} if leader else None,
        )
        taken.append(box)
        words.append(box)
        return True
    return False


def draw_overlay(ax: Any, overlay: TeamOverlay, tr: Transformer, z: float) -> None:
    """A team overlay in its colour, as the live map draws it: points as circles, lines, areas lightly filled."""
    for feature in overlay.features["features"]:
        if not feature.get("geometry"):
            continue
        geom = project(feature["geometry"], tr)
        if geom.geom_type in ("Point", "MultiPoint"):
            points = list(getattr(geom, "geoms", [geom]))
            ax.scatter(
                [p.x for p in points],
                [p.y for p in points],
                s=(12 * PX) ** 2,
                marker="o",
                facecolors=[to_rgba(overlay.colour, 0.85)],
                edgecolors=["#222222"],
                linewidths=PX,
                zorder=z,
            )
            continue
        face = "none" if "Line" in geom.geom_type else to_rgba(overlay.colour, 0.25)
        gpd.GeoSeries([geom]).plot(ax=ax, facecolor=face, edgecolor=overlay.colour, linewidth=3 * PX, zorder=z)


def draw_map(
    ax: Any,
    shown: list[Shown],
    basemap: dict[str, dict[str, Any]],
    extent: tuple,
    renderer: Any,
    overlays: tuple[TeamOverlay, ...] = (),
    labels: tuple[Label, ...] = (),
) -> None:
    """The basemap, then areas and lines, then points, each by the manifest's draw rank, dimmed ones first,
    the team's overlays above them, then the names of the sites in focus."""
    draw_basemap(ax, basemap, extent)
    tr = to_merc()
    ranks = sorted({(s.feature.is_point, s.spec.draw_rank) for s in shown})
    for item in sorted(shown, key=lambda s: (s.feature.is_point, s.spec.draw_rank, not s.dimmed)):
        z = ranks.index((item.feature.is_point, item.spec.draw_rank))
        _draw_accuracy(ax, item, tr, 10 + z)
        _draw_feature(ax, item, tr, 10.5 + z)
    for i, overlay in enumerate(overlays):
        draw_overlay(ax, overlay, tr, 40 + i)
    ax.set(xlim=extent[:2], ylim=extent[2:], xticks=[], yticks=[], xlabel="", ylabel="", aspect="equal")
    _label_sites(ax, shown, labels, tr, renderer)
