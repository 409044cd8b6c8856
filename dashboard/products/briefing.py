"""What a slide of a selection says: its title, subtitle, as-of date and source line."""

from __future__ import annotations

import datetime as dt

from dashboard.core.bundle import Bundle
from dashboard.core.viewstate import WHOLE_ARTICLE
from dashboard.data.layers import Layer, dated_span
from dashboard.products.selection import Selection
from dashboard.products.slides import Slide
from dashboard.view.wording import day_text

BASEMAP_CREDIT = "Basemap: Natural Earth; borders © OpenStreetMap contributors (ODbL). Sources: see each feature."


def data_span(layers: dict[str, Layer], fallback: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The span the date widgets offer: the data's, else the fallback day, else today."""
    day = fallback or dt.date.today()
    return dated_span(layers) or (day, day)


def as_of_text(layers: dict[str, Layer], published: dt.date | None = None) -> str:
    """The data's as-of date written out: its last date, else the article's date, else 'undated data'."""
    span = dated_span(layers)
    day = span[1] if span else published
    return day_text(day) if day else "undated data"


def source_line(bundle: Bundle) -> str:
    """The slide's source line: the article's outlet and date, then the basemap's credit."""
    meta = bundle.article.meta
    where = ", ".join(p for p in (meta.outlet, day_text(meta.published) if meta.published else None) if p)
    return f"Article: {where or meta.title}. {BASEMAP_CREDIT}"


def subtitle(selection: Selection) -> str:
    """The section's summary (or 'The whole article'), then the article's title."""
    state, article = selection.state, selection.bundle.article
    summary = article.section(state.section).summary if state.section != WHOLE_ARTICLE else "The whole article"
    return f"{summary} — {article.meta.title}"


def slide_for(selection: Selection) -> Slide:
    """The slide of a selection: its heading, summary, features, bounds, date, sources and banner."""
    return Slide(
        title=selection.heading,
        subtitle=subtitle(selection),
        shown=selection.shown,
        bounds=selection.view,
        as_of=as_of_text(selection.layers, selection.bundle.article.meta.published),
        caveat=selection.caveat or None,
        source_line=source_line(selection.bundle),
        banner=selection.bundle.banner,
        about=selection.about(),
        overlays=selection.overlays,
        labels=tuple(selection.labels),
    )
