"""Saved views: name the view on screen (its URL query) and save it; the team's views as links; delete one."""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from dashboard import config as c
from dashboard.core.viewstate import ViewState
from dashboard.store.access import Access
from dashboard.store.errors import StoreError
from dashboard.store.views import delete_view, list_views, save_view
from dashboard.ui import team
from dashboard.ui.lazy import lazy_expander
from dashboard.view import urlstate
from dashboard.view.text import escape_md
from dashboard.web import html


def view_link(query: dict[str, str | list[str]]) -> str:
    """The page link that opens a view: its query on this page."""
    return "?" + urlencode(query, doseq=True) if query else "?"


def _save(state: ViewState, allowed: Access) -> None:
    """Name the current view and save it."""
    author = team.author()
    name = st.text_input(c.SAVED_VIEW_NAME_LABEL, key=c.KEY_VIEW_NAME, max_chars=200, disabled=not allowed.can_write)
    if not st.button(c.SAVED_VIEW_SAVE, key=c.KEY_VIEW_SAVE, disabled=not (allowed.can_write and author)):
        return
    try:
        saved = save_view(team.engine(), name=name, state=urlstate.to_query(state), author=author)
    except StoreError as exc:
        st.error(escape_md(str(exc)))
        return
    st.success(escape_md(f"Saved the view '{saved.name}'."))


def render(state: ViewState, allowed: Access) -> None:
    """The saved views: save this one, open or delete the team's."""
    # Lazy: the team's views are read and sent only while the list is open.
    box = lazy_expander(c.SAVED_VIEWS, c.KEY_VIEWS_OPEN)
    if box is None:
        return
    with box:
        _views(state, allowed)


def _views(state: ViewState, allowed: Access) -> None:
    """Save this view; the team's views, each a link, with a delete button for a writer."""
    _save(state, allowed)
    views = list_views(team.engine())
    if not views:
        st.caption(c.SAVED_VIEWS_NONE)
    for view in views:
        left, right = st.columns([4, 1], vertical_alignment="center")
        with left:
            st.html(html.saved_view_html(view.name, view_link(view.state), view.author))
        if allowed.can_write and right.button("✕", key=f"{c.KEY_VIEW_DELETE_PREFIX}{view.id}", help="Delete this view"):
            delete_view(team.engine(), view.id)
            st.rerun()
