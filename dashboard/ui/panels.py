"""The panels around the map: header, notices, text, sources in view, exports, briefing chrome."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from dashboard import config as c
from dashboard.core.bundle import Bundle
from dashboard.core.viewstate import WHOLE_ARTICLE, ViewState
from dashboard.data.layers import Layer
from dashboard.products import registry
from dashboard.products.selection import Selection
from dashboard.ui.lazy import lazy_expander
from dashboard.view import text
from dashboard.view.citations import citation_lines
from dashboard.view.filters import Shown, find_feature

HIDE_CHROME = (
    "<style>[data-testid='stSidebar'],[data-testid='stSidebarCollapsedControl'],"
    "header[data-testid='stHeader'],[data-testid='stToolbar'],[data-testid='stDecoration']"
    "{display:none !important} .block-container{padding:1rem 1rem !important;max-width:1330px}</style>"
)


def header(bundle: Bundle, as_of: str) -> None:
    """The page title, what the map is, and a draft's warning."""
    meta = bundle.article.meta
    st.markdown(f"#### {text.escape_md(c.APP_NAME + ': ' + bundle.title)}")
    published = f"{meta.outlet or 'outlet unknown'}, {meta.published:%d %B %Y}" if meta.published else meta.outlet
    st.caption(
        text.escape_md(
            f"{c.APP_SUBTITLE} Data as of {as_of}. Article: {published or 'not yet described'}. "
            "Basemap: Natural Earth; borders © OpenStreetMap contributors (ODbL)."
        )
    )
    if bundle.banner:
        st.warning(f"**{text.escape_md(bundle.banner.capitalize())}.** {c.DRAFT_HELP}", icon="⚠️")


def warning(note: str) -> None:
    """A notice about the link, with what is shown instead."""
    st.warning(text.escape_md(note) + " Showing the default instead.", icon="⚠️")


def problems(lines: list[str]) -> None:
    """The data problems found, folded, under one line that says the valid data are shown."""
    with st.expander(f"⚠️ {len(lines)} data problem(s): the map shows everything that is valid"):
        st.code("\n".join(lines), language=None)


def no_bundles(lines: list[str]) -> None:
    """Nothing to serve: say why."""
    st.error("No article bundle can be served: add one (see the README, 'Add an article') or fix the errors below.")
    if lines:
        st.code("\n".join(lines), language=None)


def hide_chrome() -> None:
    """Hide Streamlit's chrome and the sidebar for briefing mode."""
    st.html(HIDE_CHROME)


def _leave_briefing() -> None:
    """Switch briefing mode off (a button callback)."""
    st.session_state[c.KEY_BRIEFING] = False


def leave_briefing_button() -> None:
    """The way back from briefing mode, below the slide."""
    st.button("Leave briefing mode", on_click=_leave_briefing, type="tertiary")


def text_panel(bundle: Bundle, layers: dict[str, Layer], state: ViewState, shown: list[Shown]) -> None:
    """The selected feature's details, then the chosen section's text with its places marked."""
    article = bundle.article
    found = find_feature(layers, state.selected) if state.selected else None
    if found:
        st.subheader("Selected feature")
        st.markdown(text.feature_markdown(found, article))
        st.divider()
    sections = article.sections if state.section == WHOLE_ARTICLE else [article.section(state.section)]
    body = " ".join(p for section in sections for p in article.paragraphs(section.id))
    names = text.names_in(body, text.place_names([s.feature for s in shown if not s.dimmed]))
    for section in sections:
        st.subheader(section.title)
        st.markdown(text.section_markdown(article, section.id, names))


def sources_panel(shown: list[Shown]) -> None:
    """Sources in view: the citations of exactly the features shown, ready to copy."""
    lines = citation_lines(shown)
    # Lazy: the list is sent and drawn only while the expander is open (highlighting a long code block
    # cost the first page load about half a second of the browser's main thread, before the map).
    box = lazy_expander(f"Sources in view ({len(lines)})", c.KEY_SOURCES_OPEN)
    if box is None:
        return
    with box:
        st.caption(
            "The deduplicated sources of the features drawn now. Use the copy button to paste them under a slide."
        )
        st.code("\n".join(lines) or "No features drawn.", language=None, wrap_lines=True)


def _renderer(fmt: str, selection: Selection):
    """A callable that renders one export when its button is clicked, not before."""

    def render() -> bytes:
        return registry.render(fmt, selection)

    return render


def export_panel(selection: Selection) -> None:
    """One-click downloads of the current selection, and a deck of every section."""
    # Lazy, like the sources: its buttons are sent and drawn only while it is open, so neither the first page
    # nor a section change carries them.
    box = lazy_expander("Export this view", c.KEY_EXPORTS_OPEN)
    if box is None:
        return
    with box:
        size_label = st.radio("Slide size", tuple(registry.SLIDE_SIZES), horizontal=True, key=c.KEY_SIZE)
        sized = replace(selection, size=registry.SLIDE_SIZES[size_label])
        stem = f"briefing-{selection.bundle.id}-{selection.state.section}"
        cols = st.columns(3)
        for i, exporter in enumerate(registry.EXPORTERS.values()):
            cols[i % 3].download_button(
                exporter.label,
                data=_renderer(exporter.format, sized),
                file_name=f"{stem}.{exporter.format}",
                mime=exporter.mime,
                key=f"dl_{exporter.format}",
                on_click="ignore",
            )
        if st.button("Prepare a deck of every section (PDF)", key="deck"):
            bar = st.progress(0.0, text="Rendering slides…")
            pdf = registry.render_deck(
                sized, lambda done, total, what: bar.progress(done / total, text=f"Rendered {what}")
            )
            st.download_button(
                "Download the deck",
                data=pdf,
                file_name=f"briefing-{selection.bundle.id}-deck.pdf",
                mime="application/pdf",
                key="dl_deck",
                on_click="ignore",
            )
