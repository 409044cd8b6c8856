"""The panels beside and below the map: text, sources in view, exports, briefing chrome (Streamlit shell)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from dashboard import briefing, citations, filters, textpanel
from dashboard import config as c
from dashboard.data import Layer
from dashboard.filters import Shown
from dashboard.narrative import Article
from dashboard.urlstate import WHOLE_ARTICLE, ViewState

HIDE_CHROME = (
    "<style>[data-testid='stSidebar'],[data-testid='stSidebarCollapsedControl'],"
    "header[data-testid='stHeader'],[data-testid='stToolbar'],[data-testid='stDecoration']"
    "{display:none !important} .block-container{padding:1rem 1rem !important;max-width:1330px}</style>"
)


def hide_chrome() -> None:
    """Hide Streamlit's chrome and the sidebar for briefing mode."""
    st.html(HIDE_CHROME)


def _leave_briefing() -> None:
    """Switch briefing mode off (a button callback)."""
    st.session_state[c.KEY_BRIEFING] = False


def leave_briefing_button() -> None:
    """The way back from briefing mode, below the slide."""
    st.button("Leave briefing mode", on_click=_leave_briefing, type="tertiary")


def text_panel(article: Article, layers: dict[str, Layer], state: ViewState, shown: list[Shown]) -> None:
    """The selected feature's details, then the chosen section's text with its places marked."""
    found = filters.find_feature(layers, state.selected) if state.selected else None
    if found:
        st.subheader("Selected feature")
        st.markdown(textpanel.feature_markdown(found[0], found[1]["properties"], article))
        st.divider()
    sections = article.sections if state.section == WHOLE_ARTICLE else [article.section(state.section)]
    text = " ".join(p for section in sections for p in article.paragraphs(section.id))
    names = textpanel.names_in(text, textpanel.place_names([s.feature for s in shown if not s.dimmed]))
    for section in sections:
        st.subheader(section.title)
        st.markdown(textpanel.section_markdown(article, section.id, names))


def sources_panel(shown: list[Shown]) -> None:
    """Sources in view: the citations of exactly the features shown, ready to copy."""
    lines = citations.citation_lines(shown)
    with st.expander(f"Sources in view ({len(lines)})"):
        st.caption(
            "The deduplicated sources of the features drawn now. Use the copy button to paste them under a slide."
        )
        st.code("\n".join(lines) or "No features drawn.", language=None, wrap_lines=True)


def export_panel(
    article: Article, layers: dict[str, Layer], basemap: dict[str, dict[str, Any]], state: ViewState
) -> None:
    """One-click downloads of the current selection, and a deck of every section."""
    with st.expander("Export this view"):
        size_label = st.radio("Slide size", ("1920x1080", "3840x2160"), horizontal=True, key=c.KEY_SIZE)
        size = tuple(int(v) for v in size_label.split("x"))
        stem = f"briefing-{state.section}"
        cols = st.columns(3)
        for i, fmt in enumerate(briefing.FORMATS):
            cols[i % 3].download_button(
                c.EXPORT_LABELS[fmt],
                data=_renderer(fmt, article, layers, basemap, state, size),
                file_name=f"{stem}.{fmt}",
                mime=briefing.MIME[fmt],
                key=f"dl_{fmt}",
                on_click="ignore",
            )
        if st.button("Prepare a deck of every section (PDF)", key="deck"):
            bar = st.progress(0.0, text="Rendering slides…")
            pdf = briefing.render_deck(
                article,
                layers,
                basemap,
                state,
                size,
                state.caveat,
                lambda done, total, what: bar.progress(done / total, text=f"Rendered {what}"),
            )
            st.download_button(
                "Download the deck",
                data=pdf,
                file_name="briefing-deck.pdf",
                mime="application/pdf",
                key="dl_deck",
                on_click="ignore",
            )


def _renderer(
    fmt: str,
    article: Article,
    layers: dict[str, Layer],
    basemap: dict[str, dict[str, Any]],
    state: ViewState,
    size: tuple[int, int],
):
    """A callable that renders one export when its button is clicked, not before."""

    def render() -> bytes:
        return briefing.render(fmt, article, layers, basemap, state, size, state.title, state.caveat)

    return render
