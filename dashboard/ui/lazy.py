"""Expanders whose contents are built, sent and drawn only while they are open (the first page and every rerun
stay light: the sources list, exports, what changed, notes, saved views, the overlay upload)."""

from __future__ import annotations

from typing import Any

import streamlit as st


def lazy_expander(label: str, key: str, open_now: bool = False) -> Any | None:
    """The expander, or None while it is closed; opening or closing it reruns the script. Its open state is
    `st.session_state[key]`; `open_now` opens it for something the user must see (a comparison just made,
    a shape waiting for its note)."""
    if open_now:
        st.session_state[key] = True
    box = st.expander(label, key=key, on_change="rerun")
    return box if box.open else None
