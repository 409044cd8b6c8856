"""Briefing slides drawn on the server: geopandas + matplotlib on the offline basemap, as PNG or a PDF deck."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import matplotlib
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from dashboard.core.manifest import Bounds
from dashboard.products.slide_legend import BOTTOM, GREY, INK, MARGIN, draw_legend
from dashboard.products.slide_map import HALO, draw_map, scale_bar, view_extent
from dashboard.products.slide_text import LAST_RESORT_SIZES, LEADING, SOURCE_SIZES, layout_sources, wrap
from dashboard.view.citations import citation_lines
from dashboard.view.filters import Shown
from dashboard.web.mapview import SEA_COLOUR

matplotlib.use("Agg")
matplotlib.rcParams["pdf.fonttype"] = 42  # TrueType in the PDF: its text stays text, searchable and copyable

SLIDE_SIZES = {"1920x1080": (1920, 1080), "3840x2160": (3840, 2160)}
SLIDE_WIDTH_IN = 19.2  # one layout for every size: 1920 px at 100 dpi, 3840 px at 200 dpi
GUTTER = 0.02  # between the map and the sources, a figure fraction
PANEL_WIDTHS = (0.36, 0.40, 0.44)  # the sources panel widens only when its citations would not fit
BAND = 0.028  # a caveat or banner band's height, as a figure fraction
DRAFT_FACE, DRAFT_INK = "#fff4d6", "#5a3600"


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
    bottom = BOTTOM + (draw_legend(fig, slide.shown, width * w_in * 72, renderer) + 10) / (h_in * 72)
    ax = fig.add_axes((MARGIN, bottom, width, top - bottom))
    extent = view_extent(slide.bounds, width * w_in / ((top - bottom) * h_in))
    ax.set_facecolor(SEA_COLOUR)
    draw_map(ax, slide.shown, basemap, extent, renderer)
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
