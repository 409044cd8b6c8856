"""Briefing products of a selection: slide metadata and every export format, shared by the app and the CLI."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

from dashboard import exports, mapview, slides
from dashboard.data import Layer
from dashboard.filters import Shown, shown_features
from dashboard.narrative import Article
from dashboard.urlstate import WHOLE_ARTICLE, ViewState

FORMATS = ("png", "pdf", "geojson", "kml", "csv", "html")
MIME = {
    "png": "image/png",
    "pdf": "application/pdf",
    "geojson": "application/geo+json",
    "kml": "application/vnd.google-earth.kml+xml",
    "csv": "text/csv",
    "html": "text/html",
}
SOURCE_LINE = "Basemap: Natural Earth; borders © OpenStreetMap contributors (ODbL). Sources: see each feature."


def data_span(layers: dict[str, Layer]) -> tuple[dt.date, dt.date]:
    """The first and last dates in the data."""
    days = [
        dt.date.fromisoformat(d)
        for layer in layers.values()
        for f in layer.features
        for d in (f["properties"]["date_from"], f["properties"]["date_to"])
        if d
    ]
    return min(days), max(days)


def as_of_text(layers: dict[str, Layer]) -> str:
    """The data's as-of date, written out."""
    return f"{data_span(layers)[1]:%d %B %Y}"


def view_bounds(article: Article, state: ViewState) -> tuple[tuple[float, float], tuple[float, float]]:
    """The bounds a slide of this view shows: the section's default view."""
    return article.section(state.section).bounds if state.section != WHOLE_ARTICLE else mapview.WORLD_VIEW


def slide_for(
    article: Article,
    layers: dict[str, Layer],
    state: ViewState,
    title: str | None = None,
    caveat: str | None = None,
    shown: list[Shown] | None = None,
) -> slides.Slide:
    """The slide of a view: the section's title (or the user's), its summary, its features and sources."""
    section = article.section(state.section) if state.section != WHOLE_ARTICLE else None
    return slides.Slide(
        title=title or (section.title if section else article.meta.title),
        subtitle=(section.summary if section else "The whole article") + f" — {article.meta.title}",
        shown=shown if shown is not None else shown_features(layers, state),
        bounds=view_bounds(article, state),
        as_of=as_of_text(layers),
        caveat=caveat or None,
        source_line=f"Article: {article.meta.outlet}, {article.meta.published_print:%d %B %Y}. {SOURCE_LINE}",
    )


def render(
    fmt: str,
    article: Article,
    layers: dict[str, Layer],
    basemap: dict[str, dict[str, Any]],
    state: ViewState,
    size: tuple[int, int] = (1920, 1080),
    title: str | None = None,
    caveat: str | None = None,
) -> bytes:
    """One export of the current selection in the given format."""
    shown: list[Shown] = shown_features(layers, state)
    if fmt == "png":
        return slides.render_png(slide_for(article, layers, state, title, caveat, shown), basemap, size)
    if fmt == "pdf":
        return slides.render_pdf([slide_for(article, layers, state, title, caveat, shown)], basemap, size)
    if fmt == "geojson":
        return exports.to_geojson(shown)
    if fmt == "kml":
        return exports.to_kml(shown, title or article.meta.title)
    if fmt == "csv":
        return exports.to_csv(shown)
    if fmt == "html":
        return exports.to_html(mapview.build_map(shown, "offline", basemap, view_bounds(article, state)))
    raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")


def deck_states(article: Article, state: ViewState) -> list[ViewState]:
    """One view per section, keeping the other filters: the views of a ready deck."""
    return [replace(state, section=s) for s in article.section_ids]


def render_deck(
    article: Article,
    layers: dict[str, Layer],
    basemap: dict[str, dict[str, Any]],
    state: ViewState,
    size: tuple[int, int] = (1920, 1080),
    caveat: str | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> bytes:
    """Every section as one multi-page PDF, reporting progress per slide."""
    states = deck_states(article, state)
    deck = []
    for i, view in enumerate(states):
        deck.append(slide_for(article, layers, view, caveat=caveat))
        if progress:
            progress(i + 1, len(states) + 1, view.section)
    pdf = slides.render_pdf(deck, basemap, size)
    if progress:
        progress(len(states) + 1, len(states) + 1, "pdf")
    return pdf


def deck_pngs(
    article: Article,
    layers: dict[str, Layer],
    basemap: dict[str, dict[str, Any]],
    state: ViewState,
    size: tuple[int, int] = (1920, 1080),
    caveat: str | None = None,
) -> Iterator[tuple[str, bytes]]:
    """Every section as a PNG slide, one at a time: (section id, PNG bytes)."""
    for view in deck_states(article, state):
        yield view.section, slides.render_png(slide_for(article, layers, view, caveat=caveat), basemap, size)
