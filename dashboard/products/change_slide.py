"""What changed, as a slide: a map marking new, removed and changed features, and every change, before → after."""

from __future__ import annotations

import io
from typing import Any

import geopandas as gpd
import shapely
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from dashboard.core.features import Feature
from dashboard.core.manifest import Bounds
from dashboard.products.briefing import source_line
from dashboard.products.change_report import ChangeReport
from dashboard.products.slide_legend import BOTTOM, GREY, INK, MARGIN
from dashboard.products.slide_map import HALO, draw_basemap, project, scale_bar, to_merc, view_extent
from dashboard.products.slide_text import MIN_SOURCE_SIZE, SOURCE_SIZES, fitting_prefix, layout_sources
from dashboard.products.slides import GUTTER, SLIDE_WIDTH_IN, Slide, draw_columns, draw_header
from dashboard.view.changes import CHANGED, NEW, REMOVED
from dashboard.web.mapview import SEA_COLOUR

# One look per kind of change: colour, marker, and whether the mark is hollow; the legend reads this.
LOOKS = {
    NEW: ("#1a9850", "P", False, "New since"),
    REMOVED: ("#d73027", "X", False, "Removed since (where it was)"),
    CHANGED: ("#7b3294", "o", True, "Changed (see the list)"),
}
MOVED = ("#555555", "Moved: where it was before")
WORLD_X, WORLD_Y = 20037508.34, 19971868.88  # Web Mercator's half-width, and its northing at 85°
PANEL = 0.42  # the change list's width, a figure fraction
NOTE = "… {} more: all {} changes continue on the next page of the PDF and are in the CSV."


def change_lines(report: ChangeReport) -> tuple[list[str], dict[str, int]]:
    """The list beside the map, one line per change under its feature's number, and each feature's number."""
    numbers: dict[str, int] = {}
    lines = []
    for c in report.difference.changes:
        n = numbers.setdefault(c.feature_id, len(numbers) + 1)
        what = f"{c.field}: {c.before} → {c.after}" if c.kind == CHANGED else c.kind
        lines.append(f"{n}. {c.name} — {what}")
    return lines, numbers


def _bounds(report: ChangeReport) -> Bounds:
    """The view holding every change (both places of a moved feature), else the article's world view."""
    shapes = [report.feature(c).shape for c in report.difference.changes]
    shapes += [report.difference.before[c.feature_id].shape for c in report.difference.changes if c.field == "geometry"]
    if not shapes:
        return report.bundle.manifest.views.world
    west, south, east, north = shapely.union_all(shapes).bounds
    dx, dy = max((east - west) * 0.08, 0.1), max((north - south) * 0.08, 0.1)  # room for the marks and numbers
    return (max(south - dy, -85.0), max(west - dx, -180.0)), (min(north + dy, 85.0), min(east + dx, 180.0))


def _clamped(extent: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """The extent within Web Mercator's world (a changed country as large as Russia would widen it past)."""
    x0, x1, y0, y1 = extent
    return max(x0, -WORLD_X), min(x1, WORLD_X), max(y0, -WORLD_Y), min(y1, WORLD_Y)


def _mark(ax: Any, feature: Feature, colour: str, marker: str, hollow: bool, z: float) -> Any:
    """One feature marked in a change's look: a marker at a point (or an area's centre), the outline of the rest."""
    geom = project(feature.geometry, to_merc())
    if not feature.is_point:
        face = "none" if hollow or "Line" in geom.geom_type else colour
        gpd.GeoSeries([geom]).plot(ax=ax, facecolor=face, edgecolor=colour, linewidth=2.6, alpha=0.45, zorder=z)
        geom = geom.representative_point() if "Polygon" in geom.geom_type else geom.interpolate(0.5, normalized=True)
    ax.scatter(
        [geom.x],
        [geom.y],
        s=170,
        marker=marker,
        facecolors="none" if hollow else colour,
        edgecolors=colour,
        linewidths=2.6 if hollow else 1.0,
        zorder=z + 0.5,
    )
    return geom


def _draw_changes(ax: Any, report: ChangeReport, numbers: dict[str, int]) -> None:
    """Every changed feature in its look, a dashed line from where a moved one was, and its number beside it."""
    seen: set[str] = set()
    for change in report.difference.changes:
        if change.field == "geometry":
            old = _mark(ax, report.difference.before[change.feature_id], MOVED[0], "o", True, 20)
            now = project(report.feature(change).shape.centroid, to_merc())
            ax.plot([old.x, now.x], [old.y, now.y], color=MOVED[0], linestyle=(0, (4, 3)), linewidth=1.5, zorder=20)
        if change.feature_id in seen:
            continue
        seen.add(change.feature_id)
        colour, marker, hollow, _ = LOOKS[change.kind]
        at = _mark(ax, report.feature(change), colour, marker, hollow, 22)
        ax.annotate(
            str(numbers[change.feature_id]),
            (at.x, at.y),
            xytext=(9, 6),
            textcoords="offset points",
            fontsize=11,
            fontweight="bold",
            color=INK,
            path_effects=HALO,
            zorder=40,
        )


def _legend(fig: Figure, report: ChangeReport) -> float:
    """The legend of the change marks under the map; returns its height in points."""
    kinds = {c.kind for c in report.difference.changes}
    entries = [
        (
            Line2D(
                [],
                [],
                linestyle="none",
                marker=m,
                markersize=11,
                markerfacecolor="none" if h else c,
                markeredgecolor=c,
                markeredgewidth=2 if h else 1,
            ),
            label,
        )
        for kind, (c, m, h, label) in LOOKS.items()
        if kind in kinds
    ]
    if any(c.field == "geometry" for c in report.difference.changes):
        entries.append(
            (Line2D([], [], color=MOVED[0], linestyle=(0, (4, 3)), marker="o", markerfacecolor="none"), MOVED[1])
        )
    if not entries:
        return 0.0
    legend = fig.legend(
        *zip(*entries),
        loc="lower left",
        bbox_to_anchor=(MARGIN, BOTTOM),
        ncols=len(entries),
        frameon=False,
        fontsize=11,
        title="Legend",
        alignment="left",
        title_fontproperties={"weight": "bold", "size": 12},
    )
    renderer = RendererAgg(8, 8, fig.dpi)
    return legend.get_window_extent(renderer).height * 72 / fig.dpi


def _fit(lines: list[str], width: float, height: float) -> tuple[int, tuple[float, list[list[str]]]]:
    """How many changes fit in a box at 9 pt or more, and their layout (with a closing note when not all do)."""
    layout = layout_sources(lines or ["Nothing changed since."], width, height, SOURCE_SIZES)
    if layout is not None:
        return len(lines), layout
    kept, _ = fitting_prefix(lines, NOTE.format(len(lines), len(lines)), width, height)
    note = NOTE.format(len(lines) - kept, len(lines))
    return kept, layout_sources([*lines[:kept], note], width, height, (MIN_SOURCE_SIZE,)) or (MIN_SOURCE_SIZE, [[]])


def _new_figure(size: tuple[int, int]) -> Figure:
    dpi = size[0] / SLIDE_WIDTH_IN
    return Figure(figsize=(SLIDE_WIDTH_IN, size[1] / dpi), dpi=dpi, facecolor="white")


def _figure(report: ChangeReport, lines: list[str], numbers: dict[str, int]) -> tuple[Figure, int]:
    """The slide (no pyplot, nothing global) and how many of the change lines it holds."""
    fig, slide = _new_figure(report.size), _slide(report)
    w_in, h_in = fig.get_size_inches()
    top = draw_header(fig, slide)
    fig.text(1 - MARGIN - PANEL, top, f"Changes ({len(lines)})", fontsize=12, fontweight="bold", va="top")
    kept, (size, columns) = _fit(lines, PANEL * w_in * 72, (top - BOTTOM) * h_in * 72 - 22)
    draw_columns(fig, columns, 1 - MARGIN - PANEL, top - 22 / (h_in * 72), PANEL, size)
    width = 1 - 2 * MARGIN - GUTTER - PANEL
    bottom = BOTTOM + (_legend(fig, report) + 10) / (h_in * 72)
    ax = fig.add_axes((MARGIN, bottom, width, top - bottom))
    extent = _clamped(view_extent(slide.bounds, width * w_in / ((top - bottom) * h_in)))
    ax.set_facecolor(SEA_COLOUR)
    draw_basemap(ax, report.basemap, extent)
    _draw_changes(ax, report, numbers)
    ax.set(xlim=extent[:2], ylim=extent[2:], xticks=[], yticks=[], xlabel="", ylabel="", aspect="equal")
    ax.add_artist(scale_bar(extent))
    fig.text(MARGIN, BOTTOM / 2, slide.source_line, fontsize=10, color=GREY, va="center", parse_math=False)
    return fig, kept


def _list_pages(report: ChangeReport, lines: list[str]) -> list[Figure]:
    """The changes the slide could not hold, on as many pages as they take."""
    pages = []
    while lines:
        fig = _new_figure(report.size)
        w_in, h_in = fig.get_size_inches()
        fig.text(MARGIN, 0.96, f"{report.heading}: the changes (continued)", fontsize=20, fontweight="bold", va="top")
        kept, (size, columns) = _fit(lines, (1 - 2 * MARGIN) * w_in * 72, (0.90 - BOTTOM) * h_in * 72)
        draw_columns(fig, columns, MARGIN, 0.90, 1 - 2 * MARGIN, size)
        pages.append(fig)
        lines = lines[max(kept, 1) :]
    return pages


def render_change_png(report: ChangeReport) -> bytes:
    """The change slide as PNG bytes of the report's pixel size."""
    lines, numbers = change_lines(report)
    fig, _ = _figure(report, lines, numbers)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=fig.dpi)
    return buf.getvalue()


def render_change_pdf(report: ChangeReport) -> bytes:
    """The change slide as a PDF page, then any changes it could not hold on the next pages; real text."""
    lines, numbers = change_lines(report)
    fig, kept = _figure(report, lines, numbers)
    buf = io.BytesIO()
    with PdfPages(buf, metadata={"Title": report.heading, "Creator": "briefing-map"}) as pdf:
        for page in (fig, *_list_pages(report, lines[kept:])):
            pdf.savefig(page)
    return buf.getvalue()


def _slide(report: ChangeReport) -> Slide:
    """The slide's lines: heading, counts and article, today's as-of date, source line, caveat and banner."""
    d, bundle = report.difference, report.bundle
    subtitle = f"{report.summary}, compared with the export of data version {d.before_version} — {bundle.title}"
    return Slide(
        report.heading, subtitle, [], _bounds(report), report.as_of, source_line(bundle), report.caveat, bundle.banner
    )
