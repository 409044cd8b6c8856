"""Every export format, declared once: the app's buttons, the command line and the tests read this registry."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from dashboard.products import slides
from dashboard.products.briefing import slide_for
from dashboard.products.change_report import ChangeReport, to_change_csv, to_change_geojson
from dashboard.products.change_slide import render_change_pdf, render_change_png
from dashboard.products.csv_file import to_csv
from dashboard.products.geojson_file import to_geojson
from dashboard.products.html_map import to_html
from dashboard.products.kml_file import to_kml
from dashboard.products.selection import Selection
from dashboard.products.slides import SLIDE_SIZES

__all__ = [
    "CHANGE_EXPORTERS",
    "CHANGE_FORMATS",
    "EXPORTERS",
    "FORMATS",
    "SLIDE_SIZES",
    "Exporter",
    "deck_pngs",
    "render",
    "render_deck",
]


@dataclass(frozen=True)
class Exporter:
    """One export format: its name, the label on its button, its MIME type and how it is made (from a Selection,
    or from a ChangeReport for the changes since an earlier export)."""

    format: str
    label: str
    mime: str
    render: Callable[[Any], bytes]
    slide: bool = False  # drawn at a slide size


def _png(selection: Selection) -> bytes:
    return slides.render_png(slide_for(selection), selection.basemap, selection.size)


def _pdf(selection: Selection) -> bytes:
    return slides.render_pdf([slide_for(selection)], selection.basemap, selection.size)


EXPORTERS = {
    e.format: e
    for e in (
        Exporter("png", "Slide (PNG)", "image/png", _png, slide=True),
        Exporter("pdf", "Slide (PDF)", "application/pdf", _pdf, slide=True),
        Exporter("geojson", "GeoJSON", "application/geo+json", to_geojson),
        Exporter("kml", "KML (Google Earth)", "application/vnd.google-earth.kml+xml", to_kml),
        Exporter("csv", "CSV", "text/csv", to_csv),
        Exporter("html", "Standalone HTML map", "text/html", to_html),
    )
}
FORMATS = tuple(EXPORTERS)
# What changed since an earlier export: the app's buttons and `python -m dashboard diff --format` read these.
CHANGE_EXPORTERS = {
    e.format: e
    for e in (
        Exporter("pdf", "Changes slide (PDF)", "application/pdf", render_change_pdf, slide=True),
        Exporter("png", "Changes slide (PNG)", "image/png", render_change_png, slide=True),
        Exporter("geojson", "Changes (GeoJSON)", "application/geo+json", to_change_geojson),
        Exporter("csv", "Changes (CSV)", "text/csv", to_change_csv),
    )
}
CHANGE_FORMATS = tuple(CHANGE_EXPORTERS)


def render(fmt: str, selection: Selection) -> bytes:
    """One export of the selection in the given format."""
    if fmt not in EXPORTERS:
        raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    return EXPORTERS[fmt].render(selection)


def render_changes(fmt: str, report: ChangeReport) -> bytes:
    """The changes since an earlier export in the given format."""
    if fmt not in CHANGE_EXPORTERS:
        raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(CHANGE_FORMATS)}")
    return CHANGE_EXPORTERS[fmt].render(report)


def deck(selection: Selection) -> list[Selection]:
    """One selection per section, keeping the other filters (and no user title): the slides of a ready deck."""
    sections = selection.bundle.article.section_ids
    return [
        replace(selection, state=selection.state.model_copy(update={"section": s}), title=None, shown=None)
        for s in sections
    ]


def render_deck(selection: Selection, progress: Callable[[int, int, str], None] | None = None) -> bytes:
    """Every section as one multi-page PDF, reporting progress per slide."""
    views = deck(selection)
    pages = []
    for i, view in enumerate(views):
        pages.append(slide_for(view))
        if progress:
            progress(i + 1, len(views) + 1, view.state.section)
    pdf = slides.render_pdf(pages, selection.basemap, selection.size)
    if progress:
        progress(len(views) + 1, len(views) + 1, "pdf")
    return pdf


def deck_pngs(selection: Selection) -> Iterator[tuple[str, bytes]]:
    """Every section as a PNG slide, one at a time: (section id, PNG bytes)."""
    for view in deck(selection):
        yield view.state.section, _png(view)
