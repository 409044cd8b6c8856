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
from dashboard.core.team import TeamOverlay
from dashboard.products.slide_legend import BOTTOM, GREY, INK, MARGIN, draw_legend
from dashboard.products.slide_map import HALO, draw_map, scale_bar, view_extent
from dashboard.products.slide_text import LEADING, MIN_SOURCE_SIZE, SOURCE_SIZES, fitting_prefix, layout_sources, wrap
from dashboard.view.citations import numbered_lines
from dashboard.view.filters import Shown
from dashboard.view.labels import Label
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
    # Where it came from (article, section, data version, export time): written into the file's metadata.
    about: dict[str, Any] | None = None
    overlays: tuple[TeamOverlay, ...] = ()  # the team's overlays shown with it
    labels: tuple[Label, ...] = ()  # the sites in focus to name, most important first, as the live map names them


def provenance(slide: Slide) -> str:
    """The slide's origin as one line of text for a file's metadata, or '' when it has none."""
    about = slide.about or {}
    keys = ("article", "section", "data_version", "exported_at")
    return "; ".join(f"{key}={about[key]}" for key in keys if about.get(key))


def _band(fig: Figure, top: float, text: str, face: str, ink: str) -> float:
    """A full-width band of bold centred text under `top` (the caveat, a draft's banner); returns its bottom."""
    fig.patches.append(Rectangle((0, top - BAND), 1, BAND, transform=fig.transFigure, facecolor=face))
    fig.text(
        0.5, top - BAND / 2, text, ha="center", va="center", fontsize=12, fontweight="bold", color=ink, parse_math=False
    )
    return top - BAND


def draw_header(fig: Figure, slide: Slide) -> float:
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


def _sources(fig: Figure, shown: list[Shown], top: float) -> tuple[float, bool]:
    """'Sources in view', numbered as the map's labels cite them, at 9 pt or more in the narrowest panel where
    all fit; when they do not, the first ones and a note that the list continues. Returns the panel's width
    and whether the list continues on the next page."""
    w_in, h_in = fig.get_size_inches()
    lines, height = numbered_lines(shown), (top - BOTTOM) * h_in * 72 - 22
    fits = ((w, layout_sources(lines, w * w_in * 72, height, SOURCE_SIZES)) for w in PANEL_WIDTHS)
    width, layout = next(((w, lay) for w, lay in fits if lay), (PANEL_WIDTHS[-1], None))
    continued = layout is None
    if continued:  # the count in the note is filled in once known; the template is as long as it can be
        note = "… {} more: all {} sources, numbered as here, continue on the next page of the PDF deck."
        kept, layout = fitting_prefix(lines, note.format(len(lines), len(lines)), width * w_in * 72, height)
        layout = (
            layout_sources(
                [*lines[:kept], note.format(len(lines) - kept, len(lines))],
                width * w_in * 72,
                height,
                (MIN_SOURCE_SIZE,),
            )
            or layout
        )
    left, (size, columns) = 1 - MARGIN - width, layout
    fig.text(left, top, f"Sources in view ({len(lines)})", fontsize=12, fontweight="bold", va="top")
    draw_columns(fig, columns, left, top - 22 / (h_in * 72), width, size)
    return width, continued


def draw_columns(fig: Figure, columns: list[list[str]], left: float, top: float, width: float, size: float) -> None:
    """Text columns side by side in a panel (figure fractions)."""
    w_in = fig.get_size_inches()[0]
    for i, column in enumerate(columns):
        fig.text(
            left + i * (width + 10 / (w_in * 72)) / len(columns),
            top,
            "\n".join(column),
            fontsize=size,
            va="top",
            linespacing=LEADING,
            color=INK,
            parse_math=False,
        )


def _source_pages(slide: Slide, size: tuple[int, int]) -> list[Figure]:
    """The whole numbered source list of a slide on as many pages as it takes, at 9 pt or more."""
    dpi = size[0] / SLIDE_WIDTH_IN
    lines, pages, start = numbered_lines(slide.shown), [], 0
    while start < len(lines) or not pages:
        fig = Figure(figsize=(SLIDE_WIDTH_IN, size[1] / dpi), dpi=dpi, facecolor="white")
        w_in, h_in = fig.get_size_inches()
        fig.text(MARGIN, 0.96, f"{slide.title}: sources in view (continued)", fontsize=20, fontweight="bold", va="top")
        fig.text(1 - MARGIN, 0.96, f"As of {slide.as_of}", fontsize=15, fontweight="bold", ha="right", va="top")
        width, height = (1 - 2 * MARGIN) * w_in * 72, (0.90 - BOTTOM) * h_in * 72
        layout = layout_sources(lines[start:], width, height, SOURCE_SIZES)
        kept = len(lines) - start
        if layout is None:
            kept, layout = fitting_prefix(lines[start:], "(continued on the next page)", width, height)
            kept = max(kept, 1)
            layout = (
                layout_sources(
                    [*lines[start : start + kept], "(continued on the next page)"], width, height, (MIN_SOURCE_SIZE,)
                )
                or layout
            )
        draw_columns(fig, layout[1], MARGIN, 0.90, 1 - 2 * MARGIN, layout[0])
        fig.text(MARGIN, BOTTOM / 2, slide.source_line, fontsize=10, color=GREY, va="center", parse_math=False)
        pages.append(fig)
        start += kept
    return pages


def _figure(slide: Slide, basemap: dict[str, dict[str, Any]], size: tuple[int, int]) -> tuple[Figure, bool]:
    """The slide as a matplotlib Figure (no pyplot, nothing global, safe in a server), and whether its source
    list continues on further pages."""
    dpi = size[0] / SLIDE_WIDTH_IN
    fig = Figure(figsize=(SLIDE_WIDTH_IN, size[1] / dpi), dpi=dpi, facecolor="white")
    w_in, h_in = fig.get_size_inches()
    renderer = RendererAgg(8, 8, dpi)  # measures text; the figure keeps a no-op canvas until savefig
    top = draw_header(fig, slide)
    panel, continued = _sources(fig, slide.shown, top)
    width = 1 - 2 * MARGIN - GUTTER - panel
    legend = draw_legend(fig, slide.shown, width * w_in * 72, renderer, slide.overlays)
    bottom = BOTTOM + (legend + 10) / (h_in * 72)
    ax = fig.add_axes((MARGIN, bottom, width, top - bottom))
    extent = view_extent(slide.bounds, width * w_in / ((top - bottom) * h_in))
    ax.set_facecolor(SEA_COLOUR)
    draw_map(ax, slide.shown, basemap, extent, renderer, slide.overlays, slide.labels)
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
    return fig, continued


def render_png(slide: Slide, basemap: dict[str, dict[str, Any]], size: tuple[int, int] = (1920, 1080)) -> bytes:
    """One slide as PNG bytes of exactly this pixel size."""
    fig, _ = _figure(slide, basemap, size)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=fig.dpi, metadata={"Title": slide.title, "Source": provenance(slide)})
    return buf.getvalue()


def render_pdf(slides: list[Slide], basemap: dict[str, dict[str, Any]], size: tuple[int, int] = (1920, 1080)) -> bytes:
    """A ready deck: one PDF page per slide, followed by its full source list when that did not fit on it;
    its text is real text."""
    buf = io.BytesIO()
    metadata = {"Title": slides[0].title if slides else "Briefing", "Creator": "briefing-map"}
    if slides and provenance(slides[0]):
        metadata["Subject"] = provenance(slides[0])
    with PdfPages(buf, metadata=metadata) as pdf:
        for slide in slides:
            fig, continued = _figure(slide, basemap, size)
            pdf.savefig(fig)
            for page in _source_pages(slide, size) if continued else []:
                pdf.savefig(page)
    return buf.getvalue()
