"""The sidebar widgets: seeded from the URL once, then read into a ViewState on every run, then drawn."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import streamlit as st

from dashboard import config as c
from dashboard.narrative import Article
from dashboard.urlstate import BASEMAPS, DATE_MODES, OTHERS_MODES, WHOLE_ARTICLE, ViewState

SEEDED = "_seeded_from_url"
LAST_SECTION = "_last_section"


def seed_widgets(url_state: ViewState, date_span: tuple[dt.date, dt.date]) -> None:
    """Give every widget its value from the URL, once per session."""
    if st.session_state.get(SEEDED):
        return
    first, last = date_span
    st.session_state[c.KEY_SECTION] = url_state.section
    for layer_id in c.LAYER_IDS:
        st.session_state[c.KEY_LAYER_PREFIX + layer_id] = layer_id in url_state.layers
    st.session_state[c.KEY_ACTORS] = list(url_state.actors)
    st.session_state[c.KEY_CONFIDENCE] = url_state.min_confidence
    st.session_state[c.KEY_DATE_MODE] = url_state.date_mode
    clamp = lambda d, default: min(max(d or default, first), last)  # noqa: E731
    st.session_state[c.KEY_AS_OF] = clamp(url_state.date_to, last)
    st.session_state[c.KEY_RANGE] = (clamp(url_state.date_from, first), clamp(url_state.date_to, last))
    st.session_state[c.KEY_OTHERS] = url_state.others
    st.session_state[c.KEY_BASEMAP] = url_state.basemap
    st.session_state[c.KEY_BRIEFING] = url_state.briefing
    st.session_state[c.KEY_TITLE] = url_state.title or ""
    st.session_state[c.KEY_CAVEAT] = url_state.caveat or ""
    st.session_state[LAST_SECTION] = url_state.section
    st.session_state[SEEDED] = True


def current_state(url_state: ViewState, date_span: tuple[dt.date, dt.date]) -> ViewState:
    """The view the widgets hold now (seeded from the URL, then changed by the user); read before they are drawn.

    Reading first lets the app send the map before the sidebar, which the browser then draws second.
    A new section drops the link's view, so the map fits the section.
    """
    ss = st.session_state
    section, mode = ss[c.KEY_SECTION], ss[c.KEY_DATE_MODE]
    # Streamlit forgets the value of a slider it did not draw on the last run: start it at the whole span.
    ss.setdefault(c.KEY_AS_OF, date_span[1])
    ss.setdefault(c.KEY_RANGE, date_span)
    date_from = date_to = None
    if mode == "asof":
        date_to = ss[c.KEY_AS_OF]
    elif mode == "range":
        date_from, date_to = ss[c.KEY_RANGE]
    state = replace(
        url_state,
        section=section,
        others=ss[c.KEY_OTHERS],
        layers=tuple(layer_id for layer_id in c.LAYER_IDS if ss[c.KEY_LAYER_PREFIX + layer_id]),
        actors=tuple(ss[c.KEY_ACTORS]),
        min_confidence=ss[c.KEY_CONFIDENCE],
        date_mode=mode,
        date_from=date_from,
        date_to=date_to,
        basemap=ss[c.KEY_BASEMAP],
        briefing=ss[c.KEY_BRIEFING],
        title=ss[c.KEY_TITLE].strip() or None,
        caveat=ss[c.KEY_CAVEAT].strip() or None,
    )
    if section != ss.get(LAST_SECTION):
        ss[LAST_SECTION] = section
        state = replace(state, lat=None, lon=None, zoom=None)
    return state


def _layer_toggles(counts: dict[str, int]) -> None:
    """Grouped layer checkboxes."""
    for group in c.GROUPS:
        st.caption(group)
        for spec in (s for s in c.LAYERS if s.group == group):
            st.checkbox(
                f"{spec.title} ({counts.get(spec.id, 0)})", key=c.KEY_LAYER_PREFIX + spec.id, help=spec.description
            )


def render(article: Article, counts: dict[str, int], state: ViewState, date_span: tuple[dt.date, dt.date]) -> None:
    """Draw the sidebar's widgets; their values are the session's, read by current_state."""
    first, last = date_span
    titles = {WHOLE_ARTICLE: c.WHOLE_ARTICLE_LABEL, **{s.id: s.title for s in article.sections}}
    with st.sidebar:
        st.header("The article, section by section")
        st.radio("Section", list(titles), format_func=titles.__getitem__, key=c.KEY_SECTION)
        if state.section != WHOLE_ARTICLE:
            st.caption(article.section(state.section).summary)
        st.radio(
            "Features outside the section",
            OTHERS_MODES,
            format_func=c.OTHERS_LABELS.__getitem__,
            key=c.KEY_OTHERS,
            horizontal=True,
            disabled=state.section == WHOLE_ARTICLE,
        )
        with st.expander("Layers", expanded=True):
            _layer_toggles(counts)
        st.subheader("Filters")
        st.multiselect("Actors (any of)", c.ACTORS, key=c.KEY_ACTORS, placeholder="All actors")
        st.selectbox(
            "Confidence", c.CONFIDENCE_LEVELS, format_func=c.CONFIDENCE_LABELS.__getitem__, key=c.KEY_CONFIDENCE
        )
        st.radio("Date", DATE_MODES, format_func=c.DATE_MODE_LABELS.__getitem__, key=c.KEY_DATE_MODE)
        if state.date_mode == "asof":
            st.slider("As of", first, last, key=c.KEY_AS_OF, format="YYYY-MM-DD")
        elif state.date_mode == "range":
            st.slider("Between", first, last, key=c.KEY_RANGE, format="YYYY-MM-DD")
        st.selectbox(
            "Basemap",
            BASEMAPS,
            format_func=c.BASEMAP_LABELS.__getitem__,
            key=c.KEY_BASEMAP,
            help="Online basemaps need a browser that can reach the tile servers.",
        )
        st.subheader("Briefing")
        st.toggle("Briefing mode (16:9, no sidebar)", key=c.KEY_BRIEFING)
        st.text_input("Slide title", key=c.KEY_TITLE, max_chars=120, placeholder="The section's title")
        st.text_input("Handling caveat", key=c.KEY_CAVEAT, max_chars=120, placeholder="e.g. UNCLASSIFIED")
