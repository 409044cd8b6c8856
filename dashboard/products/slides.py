"""Briefing slides drawn on the server: geopandas + matplotlib on the offline basemap, as PNG or a PDF deck."""

from __future__ import annotations

import functools
import io
import math
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import matplotlib
import numpy as np
import shapely
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, findfont, get_font
from matplotlib.ft2font import LoadFlags
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.patheffects import withStroke
from matplotlib.transforms import Bbox
from matplotlib_scalebar.scalebar import ScaleBar
from pyproj import Geod, Transformer

from dashboard.view.citations import citation_lines
from dashboard.view.filters import Shown
from dashboard.view.legend import DIM_NOTE, EMPTY, NOTES, legend_entries
from dashboard.view.styles import Symbol, accuracy_style, style_for
from dashboard.web.mapdata import draw_order, has_uncertainty_circle
from dashboard.web.mapview import BASEMAP_STYLES, SEA_COLOUR

matplotlib.use("Agg")
matplotlib.rcParams["pdf.fonttype"] = 42  # TrueType in the PDF: its text stays text, searchable and copyable

Bounds = tuple[tuple[float, float], tuple[float, float]]
SLIDE_SIZES = {"1920x1080": (1920, 1080), "3840x2160": (3840, 2160)}
SLIDE_WIDTH_IN = 19.2  # one layout for every size: 1920 px at 100 dpi, 3840 px at 200 dpi
PX = 0.9  # points per Leaflet pixel: the web map's weights and radii on the slide
MARGIN, BOTTOM, GUTTER = 0.012, 0.045, 0.02  # figure fractions
PANEL_WIDTHS = (0.36, 0.40, 0.44)  # the sources panel widens only when its citations would not fit
SOURCE_SIZES = tuple(np.arange(10.0, 4.49, -0.25))  # the largest size that fits wins; 4.5 pt is the floor
LAST_RESORT_SIZES = (4.25, 4.0, 3.75, 3.5, 3.0, 2.5)  # smaller still rather than leave a source out
LEADING = 1.18
INK, GREY = "#1a1a1a", "#555555"
BAND = 0.028  # a caveat or banner band's height, as a figure fraction
DRAFT_FACE, DRAFT_INK = "#fff4d6", "#5a3600"
MARKERS = {"circle": "o", "square": "s", "diamond": "D", "triangle": "^"}  # matplotlib's names for the map's shapes
HALO = [withStroke(linewidth=2.6, foreground="white")]


@dataclass(frozen=True)
class Slide:
    """One briefing slide: what to show, where, and the lines a briefer must see on it."""

    title: str
    subtitle: str
    shown: list[Shown]
    bounds: Bounds
    as_of: str
    source_line: str
    caveat: str | None = None
    banner: str | None = None


def _to_merc() -> Transformer:
    """A fresh WGS 84 -> Web Mercator transformer (one per render: nothing shared between server threads)."""
    return Transformer.from_crs(4326, 3857, always_xy=True)


def _project(geom: Any, tr: Transformer) -> Any:
    """A shapely geometry (or GeoJSON geometry) in Web Mercator."""
    geom = shapely.geometry.shape(geom) if isinstance(geom, dict) else geom
    return shapely.transform(geom, lambda xy: np.column_stack(tr.transform(xy[:, 0], xy[:, 1])))


def view_extent(bounds: Bounds, aspect: float, pad: float = 0.04) -> tuple[float, float, float, float]:
    """The Web-Mercator (x0, x1, y0, y1) holding the bounds, padded and widened to the map's width/height."""
    (south, west), (north, east) = bounds
    (x0, x1), (y0, y1) = _to_merc().transform([west, east], [max(south, -85.0), min(north, 85.0)])
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
    dx, lat = ground_metres_per_unit(y), _to_merc().transform(0, y, direction="INVERSE")[1]
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


def _dash(dash: str | None, width: float) -> Any:
    """A Leaflet dashArray ("6 5", in px) as a matplotlib line style for a line this wide in points."""
    if not dash:
        return "solid"
    return (0, tuple(float(v) * PX / max(width, 0.1) for v in dash.split()))


def _draw_basemap(ax: Any, basemap: dict[str, dict[str, Any]], extent: tuple[float, ...]) -> None:
    """The offline basemap in the web map's colours, clipped to the view before it is projected."""
    lons, lats = _to_merc().transform(extent[:2], extent[2:], direction="INVERSE")
    span = max(lons[1] - lons[0], lats[1] - lats[0]) * 0.1
    box = (lons[0] - span, max(lats[0] - span, -85.0), lons[1] + span, min(lats[1] + span, 85.0))
    for z, (name, style) in enumerate(BASEMAP_STYLES.items()):
        if not basemap.get(name, {}).get("features"):
            continue
        geoms = gpd.GeoDataFrame.from_features(basemap[name]["features"], crs=4326).geometry.clip_by_rect(*box)
        geoms = geoms[~geoms.is_empty].to_crs(3857)
        if geoms.empty:
            continue
        width = style["weight"] * PX
        filled = style.get("fill", True) and "fillColor" in style
        geoms.plot(
            ax=ax,
            facecolor=to_rgba(style["fillColor"], style["fillOpacity"]) if filled else "none",
            edgecolor=style["color"],
            linewidth=width,
            linestyle=_dash(style.get("dashArray"), width),
            zorder=1 + z * 0.1,
        )


def _draw_feature(ax: Any, item: Shown, tr: Transformer, z: float) -> None:
    """One shown feature in the web map's style: colour, opacity, dash, and radius for points."""
    style = style_for(item.spec, item.props, item.dimmed)
    geom = _project(item.feature.geometry, tr)
    width, edge = style["weight"] * PX, to_rgba(style["color"], style["opacity"])
    line = _dash(style.get("dashArray"), width)
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
    gpd.GeoSeries([_project(shapely.Polygon(zip(lons, lats)), tr)]).plot(
        ax=ax,
        facecolor=to_rgba(style["fillColor"], style["fillOpacity"]),
        zorder=z,
        linewidth=1.2,
        edgecolor=to_rgba(style["color"], style["opacity"]),
        linestyle=_dash(style["dashArray"], 1.2),
    )


def _label_points(ax: Any, shown: list[Shown], tr: Transformer, renderer: Any) -> None:
    """Name the focused facilities, places and crossings; a label that would cover a point or a label is left out."""
    points = [(s, _project(s.feature.geometry, tr)) for s in shown if s.feature.is_point and not s.dimmed]
    taken, frame = [], ax.get_window_extent(renderer)
    for item, geom in points:  # every focused point marker is an obstacle
        (x, y) = ax.transData.transform((geom.x, geom.y))
        r = style_for(item.spec, item.props)["radius"] * PX * renderer.dpi / 72
        taken.append(Bbox.from_bounds(x - r, y - r, 2 * r, 2 * r))
    labelled = sorted((p for p in points if p[0].spec.labelled), key=lambda p: p[0].spec.label_rank)
    for item, geom in labelled:
        gap = style_for(item.spec, item.props)["radius"] * PX + 3
        for dx, dy, ha, va in (
            (gap, 0, "left", "center"),
            (-gap, 0, "right", "center"),
            (0, gap, "center", "bottom"),
            (0, -gap, "center", "top"),
        ):
            text = ax.annotate(
                item.props.name,
                (geom.x, geom.y),
                xytext=(dx, dy),
                textcoords="offset points",
                ha=ha,
                va=va,
                fontsize=10,
                color=INK,
                path_effects=HALO,
                zorder=40,
                parse_math=False,
            )
            box = text.get_window_extent(renderer)
            if (
                frame.contains(box.x0, box.y0)
                and frame.contains(box.x1, box.y1)
                and not any(box.overlaps(other) for other in taken)
            ):
                taken.append(box)
                break
            text.remove()


def _handle(sym: Symbol) -> Any:
    """A legend handle drawn like the symbol on the map."""
    if sym.shape == "line":
        return Line2D([], [], color=sym.color, linewidth=3.2, linestyle=_dash(sym.dash, 3.2))
    if sym.shape == "area":
        return Patch(
            facecolor=to_rgba(sym.color, 0.0 if sym.hollow else 0.35),
            edgecolor=sym.color,
            linewidth=1.5,
            linestyle=_dash(sym.dash, 1.5),
        )
    return Line2D(
        [],
        [],
        linestyle="none",
        marker=MARKERS.get(sym.shape, "o"),
        markersize=9,
        markeredgewidth=1.5 if sym.hollow else 1,
        markerfacecolor="none" if sym.hollow else sym.color,
        markeredgecolor=sym.color if sym.hollow else "#222",
    )


def _columns(blocks: list[list[Any]], ncols: int) -> list[list[Any]]:
    """Blocks packed into at most ncols columns of equal length, no block split across two."""
    for rows in range(max(len(b) for b in blocks), sum(len(b) for b in blocks) + 1):
        cols: list[list[Any]] = [[]]
        for block in blocks:
            if cols[-1] and len(cols[-1]) + len(block) > rows:
                cols.append([])
            cols[-1] += block
        if len(cols) <= ncols:
            return [col + [(None, "", "pad")] * (rows - len(col)) for col in cols]
    return [sum(blocks, [])]


def _legend(fig: Figure, shown: list[Shown], width_pt: float, renderer: Any) -> float:
    """The legend of exactly the visible symbols, a strip under the map; returns its height in points."""
    blank = Line2D([], [], linestyle="none")
    blocks = [
        [(blank, title, "title"), *((_handle(s), s.label, "entry") for s in symbols)]
        for title, symbols in legend_entries(shown)
    ]
    notes = [*NOTES, DIM_NOTE] if any(s.dimmed for s in shown) else list(NOTES)
    blocks.append([(blank, n, "note") for n in (notes if shown else [EMPTY])])
    for ncols in range(min(len(blocks), 5), 0, -1):
        entries = sum(_columns(blocks, ncols), [])
        legend = fig.legend(
            [e[0] or blank for e in entries],
            [e[1] for e in entries],
            loc="lower left",
            bbox_to_anchor=(MARGIN, BOTTOM),
            ncols=ncols,
            frameon=False,
            fontsize=9.5,
            handlelength=2.2,
            borderaxespad=0,
            borderpad=0,
            labelspacing=0.32,
            columnspacing=1.4,
            title="Legend",
            alignment="left",
            title_fontproperties={"weight": "bold", "size": 12},
        )
        for text, (_, _, kind) in zip(legend.get_texts(), entries):
            text.set_parse_math(False)
            text.set(
                fontweight="bold" if kind == "title" else "normal",
                color=GREY if kind == "note" else INK,
                fontstyle="italic" if kind == "note" else "normal",
            )
        box = legend.get_window_extent(renderer)
        if box.width * 72 / renderer.dpi <= width_pt or ncols == 1:
            return box.height * 72 / renderer.dpi
        legend.remove()
    return 0.0


@functools.lru_cache(maxsize=None)
def _advance(char: str, bold: bool = False) -> float:
    """A character's advance in points at 1 pt in the slide font."""
    font = get_font(findfont(FontProperties(weight="bold" if bold else "normal")))
    font.set_size(100, 72)
    return font.load_char(ord(char), flags=LoadFlags.NO_HINTING).linearHoriAdvance / 65536 / 100


@functools.lru_cache(maxsize=8192)
def text_width(text: str, bold: bool = False) -> float:
    """A word's width in points at 1 pt (kerning ignored: wrap() keeps a margin for it)."""
    return sum(_advance(c, bold) for c in text)


def wrap(text: str, width_pt: float, size: float, indent: str = "   ", bold: bool = False) -> list[str]:
    """Greedy word wrap to a width in points; continuation lines are indented; an over-long word is split."""
    room, space, lead = width_pt / size / 1.03, _advance(" ", bold), text_width(indent, bold)
    lines: list[str] = []
    line, used = "", 0.0
    for word in text.split():
        w = text_width(word, bold)
        if line and used + space + w <= room:
            line, used = f"{line} {word}", used + space + w
            continue
        if line:
            lines.append(line)
        pad = indent if lines else ""
        while w > room - (lead if pad else 0):  # a URL wider than the column: split it, keep every character
            cut, acc = 0, lead if pad else 0.0
            while cut < len(word) - 1 and acc + _advance(word[cut], bold) <= room:
                acc, cut = acc + _advance(word[cut], bold), cut + 1
            breaks = [i + 1 for i, c in enumerate(word[:cut]) if c in "/-_.?&=" and i + 1 > cut * 0.6]
            cut = max(breaks or [cut, 1])  # after a slash or a dash when there is one near the end
            lines.append(pad + word[:cut])
            word, pad = word[cut:], indent
            w = text_width(word, bold)
        line, used = pad + word, (lead if pad else 0.0) + w
    return lines + ([line] if line else [])


def layout_sources(
    lines: list[str], width_pt: float, height_pt: float, sizes: tuple[float, ...] = SOURCE_SIZES
) -> tuple[float, list[list[str]]] | None:
    """The largest font size, then the fewest columns, at which every citation fits whole in the box."""
    need = sum(text_width(w) + _advance(" ") for line in lines for w in line.split()) * LEADING * 1.05
    start = (width_pt * height_pt / max(need, 1.0)) ** 0.5  # the size at which the text would just fill the box
    for size in (s for s in sizes if s <= start + 0.25):
        rows_fit = int(height_pt / (size * LEADING))
        for ncols in range(1, 7):
            columns: list[list[str]] = [[]]
            for citation in lines:
                rows = wrap(citation, (width_pt - (ncols - 1) * 10) / ncols, size)
                if columns[-1] and len(columns[-1]) + len(rows) > rows_fit:
                    columns.append([])
                columns[-1] += rows
            if len(columns) <= ncols and all(len(c) <= rows_fit for c in columns):
                return size, columns + [[]] * (ncols - len(columns))
    return None


def _band(fig: Figure, top: float, text: str, face: str, ink: str) -> float:
    """A full-width band of bold centred text under `top` (the caveat, a draft's banner); returns its bottom."""
    fig.patches.append(Rectangle((0, top - BAND), 1, BAND, transform=fig.transFigure, facecolor=face))
    fig.text(
        0.5, top - BAND / 2, text, ha="center", va="center", fontsize=12, fontweight="bold", color=ink, parse_math=False
    )
    return top - BAND


def _header(fig: Figure, slide: Slide) -> float:
    """The caveat banner, title, subtitle and as-of stamp; returns the figure fraction where the header ends."""
    w_in, h_in = fig.get_size_inches()
    top = 1.0
    if slide.caveat:
        top = _band(fig, top, slide.caveat, "#2b2b2b", "white")
    if slide.banner:
        top = _band(fig, top, slide.banner.upper(), DRAFT_FACE, DRAFT_INK)
    fig.text(
        1 - MARGIN,
        top - 0.02,
        f"As of {slide.as_of}",
        ha="right",
        va="top",
        fontsize=15,
        fontweight="bold",
        color=INK,
        parse_math=False,
    )
    y = top - 0.02
    for text, size, bold, colour, room in ((slide.title, 26, True, INK, 0.78), (slide.subtitle, 14, False, GREY, 0.97)):
        rows = [r.strip() for r in wrap(text, room * w_in * 72, size, bold=bold)]
        fig.text(
            MARGIN,
            y,
            "\n".join(rows),
            ha="left",
            va="top",
            fontsize=size,
            color=colour,
            fontweight="bold" if bold else "normal",
            linespacing=1.15,
            parse_math=False,
        )
        y -= (len(rows) * size * 1.15 * 1.2) / (h_in * 72) + 0.006
    return y - 0.012


def _sources(fig: Figure, shown: list[Shown], top: float) -> float:
    """'Sources in view': every citation in full, in the narrowest panel where all fit at 4.5 pt; returns its width."""
    w_in, h_in = fig.get_size_inches()
    lines, height = citation_lines(shown), (top - BOTTOM) * h_in * 72 - 22
    tries = [(w, SOURCE_SIZES) for w in PANEL_WIDTHS] + [(PANEL_WIDTHS[-1], LAST_RESORT_SIZES)]
    fits = ((w, layout_sources(lines, w * w_in * 72, height, sizes)) for w, sizes in tries)
    width, layout = next(((w, lay) for w, lay in fits if lay), (PANEL_WIDTHS[-1], (LAST_RESORT_SIZES[-1], [lines])))
    left, (size, columns) = 1 - MARGIN - width, layout
    fig.text(left, top, f"Sources in view ({len(lines)})", fontsize=12, fontweight="bold", va="top")
    for i, column in enumerate(columns):
        fig.text(
            left + i * (width + 10 / (w_in * 72)) / len(columns),
            top - 22 / (h_in * 72),
            "\n".join(column),
            fontsize=size,
            va="top",
            linespacing=LEADING,
            color=INK,
            parse_math=False,
        )
    return width


def _figure(slide: Slide, basemap: dict[str, dict[str, Any]], size: tuple[int, int]) -> Figure:
    """The slide as a matplotlib Figure: no pyplot, nothing global, safe in a server."""
    dpi = size[0] / SLIDE_WIDTH_IN
    fig = Figure(figsize=(SLIDE_WIDTH_IN, size[1] / dpi), dpi=dpi, facecolor="white")
    w_in, h_in = fig.get_size_inches()
    renderer = RendererAgg(8, 8, dpi)  # measures text; the figure keeps a no-op canvas until savefig
    top = _header(fig, slide)
    width = 1 - 2 * MARGIN - GUTTER - _sources(fig, slide.shown, top)
    bottom = BOTTOM + (_legend(fig, slide.shown, width * w_in * 72, renderer) + 10) / (h_in * 72)
    ax = fig.add_axes((MARGIN, bottom, width, top - bottom))
    extent = view_extent(slide.bounds, width * w_in / ((top - bottom) * h_in))
    ax.set_facecolor(SEA_COLOUR)
    _draw_basemap(ax, basemap, extent)
    tr = _to_merc()
    ranks = sorted({(s.feature.is_point, s.spec.draw_rank) for s in slide.shown})
    for item in sorted(draw_order(slide.shown), key=lambda s: (s.feature.is_point, s.spec.draw_rank, not s.dimmed)):
        z = ranks.index((item.feature.is_point, item.spec.draw_rank))
        _draw_accuracy(ax, item, tr, 10 + z)
        _draw_feature(ax, item, tr, 10.5 + z)
    ax.set(xlim=extent[:2], ylim=extent[2:], xticks=[], yticks=[], xlabel="", ylabel="", aspect="equal")
    _label_points(ax, slide.shown, tr, renderer)
    ax.add_artist(scale_bar(extent))
    ax.annotate(
        "N",
        xy=(0.955, 0.955),
        xytext=(0.955, 0.86),
        xycoords="axes fraction",
        ha="center",
        va="center",
        fontsize=16,
        fontweight="bold",
        path_effects=HALO,
        zorder=50,
        arrowprops={"facecolor": INK, "edgecolor": "white", "width": 5, "headwidth": 16, "headlength": 14},
    )
    fig.text(MARGIN, BOTTOM / 2, slide.source_line, fontsize=10, color=GREY, va="center", parse_math=False)
    fig.text(1 - MARGIN, BOTTOM / 2, "Web Mercator (EPSG:3857)", fontsize=10, color=GREY, va="center", ha="right")
    return fig


def render_png(slide: Slide, basemap: dict[str, dict[str, Any]], size: tuple[int, int] = (1920, 1080)) -> bytes:
    """One slide as PNG bytes of exactly this pixel size."""
    fig = _figure(slide, basemap, size)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=fig.dpi)
    return buf.getvalue()


def render_pdf(slides: list[Slide], basemap: dict[str, dict[str, Any]], size: tuple[int, int] = (1920, 1080)) -> bytes:
    """A ready deck: one PDF page per slide, its text real text."""
    buf = io.BytesIO()
    with PdfPages(buf, metadata={"Title": slides[0].title if slides else "Briefing", "Creator": "briefing-map"}) as pdf:
        for slide in slides:
            pdf.savefig(_figure(slide, basemap, size))
    return buf.getvalue()
