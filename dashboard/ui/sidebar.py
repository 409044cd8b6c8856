"""The sidebar: the article chooser and the view's widgets, seeded from the URL once, then read into a ViewState."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard import config as c
from dashboard.core.bundle import Bundle
from dashboard.core.features import CONFIDENCE_LEVELS
from dashboard.core.viewstate import BASEMAPS, DATE_MODES, OTHERS_MODES, WHOLE_ARTICLE, ViewState
from dashboard.view import grades

SEEDED = "_seeded_from_url"
LAST_SECTION = "_last_section"
SWITCHED = "_article_switched"


def url_params() -> dict[str, str]:
    """The page's URL parameters; none right after the chooser switched article (they were the old one's)."""
    if st.session_state.pop(SWITCHED, False):
        return {}
    return st.query_params.to_dict()


def choose_article(params: dict[str, str], bundles: dict[str, Bundle], default: str) -> str:
    """The article to show: the chooser's, seeded once from the link's article= (or the default)."""
    if c.KEY_ARTICLE not in st.session_state or st.session_state[c.KEY_ARTICLE] not in bundles:
        wanted = params.get("article")
        st.session_state[c.KEY_ARTICLE] = wanted if wanted in bundles else default
    return st.session_state[c.KEY_ARTICLE]


def article_notices(params: dict[str, str], bundles: dict[str, Bundle]) -> tuple[str, ...]:
    """A notice when the link names an article that is not served."""
    wanted = params.get("article")
    if wanted is None or wanted in bundles:
        return ()
    return (f"Ignored article={wanted!r}: not one of {', '.join(bundles)}.",)


def _switched() -> None:
    """The chooser changed article: seed every widget again, from the new article's defaults."""
    st.session_state[SEEDED] = False
    st.session_state[SWITCHED] = True


def seed_widgets(url_state: ViewState, date_span: tuple[dt.date, dt.date], bundle: Bundle) -> None:
    """Give every widget its value from the URL, once per session and article."""
    ss = st.session_state
    if ss.get(SEEDED):
        return
    first, last = date_span
    ss[c.KEY_SECTION] = url_state.section
    for layer_id in bundle.manifest.layer_ids:
        ss[c.KEY_LAYER_PREFIX + layer_id] = url_state.layers is None or layer_id in url_state.layers
    ss[c.KEY_ACTORS] = list(url_state.actors)
    ss[c.KEY_CONFIDENCE] = url_state.min_confidence
    ss[c.KEY_CREDIBILITY] = url_state.max_credibility
    ss[c.KEY_RELIABILITY] = url_state.min_reliability
    ss[c.KEY_DISPUTED] = url_state.disputed_only
    ss[c.KEY_DATE_MODE] = url_state.date_mode
    clamp = lambda d, default: min(max(d or default, first), last)  # noqa: E731
    ss[c.KEY_AS_OF] = clamp(url_state.date_to, last)
    ss[c.KEY_RANGE] = (clamp(url_state.date_from, first), clamp(url_state.date_to, last))
    ss[c.KEY_OTHERS] = url_state.others
    ss[c.KEY_BASEMAP] = url_state.basemap
    ss[c.KEY_BRIEFING] = url_state.briefing
    ss[c.KEY_TITLE] = url_state.title or ""
    ss[c.KEY_CAVEAT] = url_state.caveat or ""
    ss[LAST_SECTION] = url_state.section
    ss[SEEDED] = True


def _dates(date_span: tuple[dt.date, dt.date]) -> tuple[dt.date | None, dt.date | None]:
    """The date filter the widgets hold: (from, to), either None when open."""
    ss = st.session_state
    # Streamlit forgets the value of a slider it did not draw on the last run: start it at the whole span.
    ss.setdefault(c.KEY_AS_OF, date_span[1])
    ss.setdefault(c.KEY_RANGE, date_span)
    if ss[c.KEY_DATE_MODE] == "asof":
        return None, ss[c.KEY_AS_OF]
    if ss[c.KEY_DATE_MODE] == "range":
        return ss[c.KEY_RANGE]
    return None, None


def current_state(url_state: ViewState, date_span: tuple[dt.date, dt.date], bundle: Bundle) -> ViewState:
    """The view the widgets hold now (seeded from the URL, then changed by the user); read before they are drawn.

    Reading first lets the app send the map before the sidebar, which the browser then draws second.
    A new section drops the link's view, so the map fits the section.
    """
    ss = st.session_state
    date_from, date_to = _dates(date_span)
    layers = tuple(i for i in bundle.manifest.layer_ids if ss.get(c.KEY_LAYER_PREFIX + i, True))
    state = url_state.model_copy(
        update={
            "section": ss[c.KEY_SECTION],
            "others": ss[c.KEY_OTHERS],
            "layers": None if layers == bundle.manifest.layer_ids else layers,
            "actors": tuple(ss[c.KEY_ACTORS]),
            "min_confidence": ss[c.KEY_CONFIDENCE],
            "max_credibility": ss[c.KEY_CREDIBILITY],
            "min_reliability": ss[c.KEY_RELIABILITY],
            "disputed_only": ss[c.KEY_DISPUTED],
            "date_mode": ss[c.KEY_DATE_MODE],
            "date_from": date_from,
            "date_to": date_to,
            "basemap": ss[c.KEY_BASEMAP],
            "briefing": ss[c.KEY_BRIEFING],
            "title": ss[c.KEY_TITLE].strip() or None,
            "caveat": ss[c.KEY_CAVEAT].strip() or None,
        }
    )
    if ss[c.KEY_SECTION] != ss.get(LAST_SECTION):
        ss[LAST_SECTION] = ss[c.KEY_SECTION]
        state = state.model_copy(update={"lat": None, "lon": None, "zoom": None, "moment": None})
    return state


def _article_chooser(bundles: dict[str, Bundle]) -> None:
    """Which article the map shows; drafts say so."""
    names = {i: b.title + (c.DRAFT_SUFFIX if b.is_draft else "") for i, b in bundles.items()}
    st.selectbox(c.ARTICLE_LABEL, list(names), format_func=names.__getitem__, key=c.KEY_ARTICLE, on_change=_switched)


def _layer_toggles(bundle: Bundle, counts: dict[str, int]) -> None:
    """Grouped layer checkboxes, as the manifest groups them."""
    for group in bundle.manifest.groups:
        specs = [s for s in bundle.manifest.layers if s.group == group]
        if specs:
            st.caption(group)
        for spec in specs:
            label = f"{spec.title} ({counts.get(spec.id, 0)})"
            about = f"{spec.description} {spec.coverage}" if spec.coverage else spec.description
            st.checkbox(label, key=c.KEY_LAYER_PREFIX + spec.id, help=about)


def _filters(bundle: Bundle, state: ViewState, date_span: tuple[dt.date, dt.date]) -> None:
    """Actor, confidence, date and basemap widgets."""
    first, last = date_span
    st.subheader("Filters")
    st.multiselect("Actors (any of)", bundle.manifest.actors, key=c.KEY_ACTORS, placeholder="All actors")
    st.selectbox("Confidence", CONFIDENCE_LEVELS, format_func=c.CONFIDENCE_LABELS.__getitem__, key=c.KEY_CONFIDENCE)
    _grade_filters()
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


def _grade_filters() -> None:
    """Credibility, source-reliability and disputed-only filters, with what the grades mean."""
    st.selectbox(
        "Claims graded",
        c.CREDIBILITY_CHOICES,
        format_func=c.CREDIBILITY_FILTER_LABELS.__getitem__,
        key=c.KEY_CREDIBILITY,
    )
    st.selectbox(
        "Best source graded",
        tuple(c.RELIABILITY_FILTER_LABELS),
        format_func=c.RELIABILITY_FILTER_LABELS.__getitem__,
        key=c.KEY_RELIABILITY,
    )
    st.checkbox(c.DISPUTED_LABEL, key=c.KEY_DISPUTED)
    with st.popover(c.GRADES_HELP_LABEL):
        st.markdown(grades.HELP)


def render(
    bundles: dict[str, Bundle],
    bundle: Bundle,
    counts: dict[str, int],
    state: ViewState,
    date_span: tuple[dt.date, dt.date],
) -> None:
    """Draw the sidebar's widgets; their values are the session's, read by current_state."""
    article = bundle.article
    titles = {WHOLE_ARTICLE: c.WHOLE_ARTICLE_LABEL, **{s.id: s.title for s in article.sections}}
    with st.sidebar:
        _article_chooser(bundles)
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
            _layer_toggles(bundle, counts)
        _filters(bundle, state, date_span)
        st.subheader("Briefing")
        st.toggle("Briefing mode (16:9, no sidebar)", key=c.KEY_BRIEFING)
        st.text_input("Slide title", key=c.KEY_TITLE, max_chars=120, placeholder="The section's title")
        st.text_input("Handling caveat", key=c.KEY_CAVEAT, max_chars=120, placeholder="e.g. UNCLASSIFIED")
