"""The chronology under the map: its chart, and what a click or a drag on it does to the view."""

from __future__ import annotations

import functools
import json

import streamlit as st

from dashboard import config as c
from dashboard.core.bundle import Bundle
from dashboard.core.viewstate import WHOLE_ARTICLE, ViewState
from dashboard.view.chronology import binned, extent, marks
from dashboard.view.filters import Shown
from dashboard.web import chronology

PICKED = "_chronology_picked"  # a feature picked on the chart, for the next run to select
SEEN = "_chronology_seen"  # the chart's last selections, so that only a change acts


def _changed(name: str, value: object) -> bool:
    """Whether a selection differs from the one last acted on (and remember it)."""
    seen = st.session_state.setdefault(SEEN, {})
    text = json.dumps(value, sort_keys=True, default=str)
    if seen.get(name) == text:
        return False
    seen[name] = text
    return True


def _on_select(span: tuple) -> None:
    """A click picks a feature; a drag sets the date filter to the brushed days (within the data's span)."""
    event = st.session_state.get(c.KEY_CHRONOLOGY) or {}
    selection = dict(event.get("selection") or {})
    picked = chronology.picked_id(selection)
    if picked and _changed("pick", picked):
        st.session_state[PICKED] = picked
    days = chronology.brushed_days(selection)
    if days and _changed("brush", days):
        first, last = span
        start, end = max(days[0], first), min(days[1], last)
        if start <= end:
            st.session_state[c.KEY_DATE_MODE] = "range"
            st.session_state[c.KEY_RANGE] = (start, end)


def _clear_dates() -> None:
    st.session_state[c.KEY_DATE_MODE] = "all"


def picked(state: ViewState, index: dict[str, int]) -> ViewState:
    """The view with the feature picked on the chart selected (once per pick)."""
    chosen = st.session_state.pop(PICKED, None)
    return state.model_copy(update={"selected": chosen}) if chosen in index else state


def render(bundle: Bundle, shown: list[Shown], state: ViewState, span: tuple) -> None:
    """The chart of every dated feature in view, in the room kept for it under the map."""
    period = None if state.section == WHOLE_ARTICLE else bundle.article.section(state.section).period
    every = marks(shown, span[1])
    days = extent(every, period)
    items, bins = binned(every, c.CHRONOLOGY_MAX_MARKS)
    with st.container(height=c.CHRONOLOGY_PX, border=False, key="chronology"):
        head, clear = st.columns([5, 1], vertical_alignment="center")
        head.caption(c.CHRONOLOGY_HELP_BINNED if bins else c.CHRONOLOGY_HELP if every else c.CHRONOLOGY_EMPTY)
        if state.date_mode != "all":
            clear.button(c.CLEAR_DATES, on_click=_clear_dates, type="tertiary", key="chronology_clear")
        if days is None:
            return
        st.vega_lite_chart(
            spec=chronology.spec(items, days, period, bins),
            key=c.KEY_CHRONOLOGY,
            on_select=functools.partial(_on_select, span),
            selection_mode=list(chronology.SELECTIONS),
            width="stretch",
        )
