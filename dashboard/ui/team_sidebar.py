"""The sidebar's team section: the workspace key and the user's name, the team overlays (toggle, add, rename,
delete) and the saved views."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard import config as c
from dashboard.core.viewstate import ViewState
from dashboard.data.overlay_csv import CsvColumns, detect_csv_columns
from dashboard.data.overlay_files import OverlayError, detect_format
from dashboard.data.overlays import MAX_OVERLAY_BYTES, MAX_OVERLAY_FEATURES, read_overlay
from dashboard.store.access import Access
from dashboard.store.errors import StoreError
from dashboard.store.overlays import add_overlay, delete_overlay, next_colour, rename_overlay
from dashboard.ui import saved_views, team
from dashboard.ui.lazy import lazy_expander
from dashboard.view.text import escape_md

FLASH = "_team_flash"
SEEN_FILE = "_team_seen_file"
ADDED_FILE = "_team_added_file"
CAP = f"up to {MAX_OVERLAY_BYTES // 1_000_000} MB and {MAX_OVERLAY_FEATURES:,} features"


def flash(kind: str, message: str) -> None:
    """A message to show once, on the next run (after st.rerun)."""
    st.session_state.setdefault(FLASH, []).append((kind, message))


def _show_flash() -> None:
    """The messages left by the last action, shown once."""
    for kind, message in st.session_state.pop(FLASH, []):
        getattr(st, kind)(escape_md(message))


def _overlay_rows(can_write: bool) -> None:
    """One toggle per overlay; with the key, a rename box and a delete button each."""
    overlays = team.listed_overlays()
    if not overlays:
        st.caption(c.OVERLAY_NONE)
    for o in overlays:
        label = f"{o.name} ({o.feature_count:,})"
        about = f"{o.source_filename}, added by {o.uploader} on {o.created_at:%d %b %Y}"
        st.checkbox(label, value=True, key=c.KEY_OVERLAY_SHOW_PREFIX + str(o.id), help=about)
    if not (overlays and can_write):
        return
    with st.expander("Rename or delete an overlay"):
        for o in overlays:
            new = st.text_input(f"Name of overlay {o.id}", value=o.name, key=c.KEY_OVERLAY_RENAME_PREFIX + str(o.id))
            left, right = st.columns(2)
            try:
                if left.button("Rename", key=f"{c.KEY_OVERLAY_RENAME_PREFIX}{o.id}_go", disabled=new == o.name):
                    flash("success", f"Renamed '{o.name}' to '{rename_overlay(team.engine(), o.id, new).name}'.")
                    st.rerun()
                if right.button("Delete", key=c.KEY_OVERLAY_DELETE_PREFIX + str(o.id)):
                    delete_overlay(team.engine(), o.id)
                    flash("success", f"Deleted the overlay '{o.name}'.")
                    st.rerun()
            except StoreError as exc:
                st.error(escape_md(str(exc)))


def _seed(file_id: str, name: str, columns: CsvColumns | None) -> None:
    """A new file: its name, the next free colour and the detected columns become the form's starting values."""
    ss = st.session_state
    if ss.get(SEEN_FILE) == file_id:
        return
    ss[SEEN_FILE] = file_id
    ss[c.KEY_OVERLAY_NAME] = Path(name).stem.replace("_", " ")[:200]
    ss[c.KEY_OVERLAY_COLOUR] = next_colour(team.engine())
    if columns is not None:
        ss[c.KEY_CSV_MODE] = "wkt" if columns.wkt and not columns.lat else "latlon"
        ss[c.KEY_CSV_LAT], ss[c.KEY_CSV_LON], ss[c.KEY_CSV_WKT] = columns.lat, columns.lon, columns.wkt


def _csv_columns(raw: bytes, name: str, file_id: str) -> CsvColumns:
    """The CSV's geometry columns, as detected and then confirmed or chosen by the user."""
    detected, columns = detect_csv_columns(raw, name)
    _seed(file_id, name, detected)
    found = ", ".join(f"{k} = '{v}'" for k, v in vars(detected).items() if v) or "none"
    st.caption(f"{c.CSV_COLUMNS_HELP} Detected: {escape_md(found)}.")
    mode = st.radio("Place rows by", tuple(c.CSV_MODES), format_func=c.CSV_MODES.__getitem__, key=c.KEY_CSV_MODE)
    if mode == "wkt":
        return CsvColumns(wkt=st.selectbox("WKT column", columns, key=c.KEY_CSV_WKT))
    lat = st.selectbox("Latitude column", columns, key=c.KEY_CSV_LAT)
    return CsvColumns(lat=lat, lon=st.selectbox("Longitude column", columns, key=c.KEY_CSV_LON))


def _add_form(raw: bytes, name: str, file_id: str, allowed: Access) -> None:
    """Check the file's format, confirm a CSV's columns, name and colour it, and add it (all of it or nothing)."""
    try:
        fmt = detect_format(raw, name)
        columns = _csv_columns(raw, name, file_id) if fmt == "csv" else None
    except OverlayError as exc:
        st.error(escape_md(str(exc)))
        return
    _seed(file_id, name, None)
    st.text_input(c.OVERLAY_NAME_LABEL, key=c.KEY_OVERLAY_NAME, max_chars=200)
    st.color_picker(c.OVERLAY_COLOUR_LABEL, key=c.KEY_OVERLAY_COLOUR)
    author = team.author()
    if allowed.can_write and not author:
        st.caption(c.NEED_AUTHOR)
    if not st.button(c.OVERLAY_ADD, key=c.KEY_OVERLAY_ADD, disabled=not (allowed.can_write and author)):
        return
    try:
        read = read_overlay(raw, name, columns)
        ss = st.session_state
        added = add_overlay(
            team.engine(), read, name=ss[c.KEY_OVERLAY_NAME], colour=ss[c.KEY_OVERLAY_COLOUR], uploader=author
        )
    except (OverlayError, StoreError) as exc:
        st.error(escape_md(str(exc)))
        return
    st.session_state[ADDED_FILE] = file_id
    count = f"{added.feature_count:,} feature{'' if added.feature_count == 1 else 's'}"
    flash("success", f"Added '{added.name}': {count} from {name}.")
    for warning in read.warnings:
        flash("warning", warning)
    st.rerun()


def _upload(allowed: Access) -> None:
    """The file uploader and, for a new file, the form that adds it; drawn only while its expander is open."""
    box = lazy_expander(c.OVERLAY_UPLOAD_EXPANDER, c.KEY_UPLOAD_OPEN)
    if box is None:
        return
    with box:
        _uploader(allowed)


def _uploader(allowed: Access) -> None:
    """The file uploader and, for a new file, the form that adds it."""
    upload = st.file_uploader(
        f"{c.OVERLAY_UPLOAD_LABEL} ({CAP})",
        type=list(c.OVERLAY_TYPES),
        key=c.KEY_OVERLAY_FILE,
        max_upload_size=-(-MAX_OVERLAY_BYTES // 2**20),
        disabled=not allowed.can_write,
    )
    if upload is not None and upload.file_id != st.session_state.get(ADDED_FILE):
        _add_form(upload.getvalue(), upload.name, upload.file_id, allowed)


def render(state: ViewState) -> None:
    """The team section at the foot of the sidebar."""
    with st.sidebar:
        st.header(c.TEAM_HEADER)
        st.text_input(c.WORKSPACE_KEY_LABEL, type="password", key=c.KEY_WORKSPACE_KEY, help=c.WORKSPACE_KEY_HELP)
        name = team.signed_in()
        if name:
            st.caption(c.SIGNED_IN_AS.format(name=escape_md(name)))
        else:
            st.text_input(c.AUTHOR_LABEL, key=c.KEY_AUTHOR, max_chars=80, help=c.AUTHOR_HELP)
        allowed = team.access()
        (st.success if allowed.can_write else st.info)(allowed.message)
        _show_flash()
        st.subheader(c.TEAM_OVERLAYS)
        _overlay_rows(allowed.can_write)
        _upload(allowed)
        saved_views.render(state, allowed)
