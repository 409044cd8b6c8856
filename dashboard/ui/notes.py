"""Notes on the map: write one on the shape just drawn, list the team's, and let an author edit or delete theirs;
an edit of a note someone changed meanwhile shows both texts instead of overwriting."""

from __future__ import annotations

import streamlit as st

from dashboard import config as c
from dashboard.store.access import Access
from dashboard.store.errors import StoreError
from dashboard.store.notes import Conflict, Note, add_note, delete_note, list_notes, update_note
from dashboard.ui import team
from dashboard.ui.lazy import lazy_expander
from dashboard.view.text import escape_md

READ_VERSION = "_note_read_version_"
TOASTED = "_note_toasted"


def _write(drawing: dict, allowed: Access) -> None:
    """The form for the shape just drawn: its note, saved with the author and time, or the shape discarded."""
    kind = {"Point": "point", "LineString": "line", "Polygon": "area"}[drawing["geometry"]["type"]]
    st.markdown(f"**New note on the {kind} just drawn**")
    text = st.text_area(c.NOTE_TEXT_LABEL, key=c.KEY_NOTE_TEXT, max_chars=10_000)
    author = team.author()
    if allowed.can_write and not author:
        st.caption(c.NEED_AUTHOR)
    left, right = st.columns(2)
    if left.button(c.NOTE_SAVE, key=c.KEY_NOTE_SAVE, type="primary", disabled=not (allowed.can_write and author)):
        try:
            add_note(team.engine(), geometry=drawing["geometry"], text=text, author=author)
        except StoreError as exc:
            st.error(escape_md(str(exc)))
            return
        team.drawing_done(drawing)
        st.session_state.pop(c.KEY_NOTE_TEXT, None)
        st.rerun()
    if right.button(c.NOTE_DISCARD, key=c.KEY_NOTE_DISCARD):
        team.drawing_done(drawing)
        st.rerun()


def _conflict(exc: Conflict) -> None:
    """Someone changed the note since it was read: say so, and show both texts to merge."""
    st.error(escape_md(str(exc)))
    theirs, yours = st.columns(2)
    theirs.markdown(f"**Now saved** (version {exc.current.version}, {exc.current.updated_at:%d %b %Y %H:%M} UTC)")
    theirs.text(exc.their_text)
    yours.markdown("**Your text** (not saved)")
    yours.text(exc.your_text or "(you asked to delete the note)")
    st.session_state[READ_VERSION + str(exc.current.id)] = exc.current.version


def _edit(note: Note) -> None:
    """The author's own note: change its text or delete it, if nobody changed it since they opened it here."""
    read = st.session_state.setdefault(READ_VERSION + str(note.id), note.version)
    text = st.text_area("Edit", value=note.text, key=f"{c.KEY_NOTE_EDIT_PREFIX}{note.id}", label_visibility="collapsed")
    left, right = st.columns(2)
    try:
        if left.button("Save changes", key=f"{c.KEY_NOTE_UPDATE_PREFIX}{note.id}"):
            update_note(team.engine(), note.id, text=text, expected_version=read)
            st.session_state.pop(READ_VERSION + str(note.id), None)
            st.rerun()
        if right.button("Delete", key=f"{c.KEY_NOTE_DELETE_PREFIX}{note.id}"):
            delete_note(team.engine(), note.id, expected_version=read)
            st.rerun()
    except Conflict as exc:
        _conflict(exc)
    except StoreError as exc:
        st.error(escape_md(str(exc)))


def _list(allowed: Access) -> None:
    """Every note, newest first; the user's own editable."""
    notes = list_notes(team.engine())
    if not notes:
        st.caption(c.NOTES_NONE)
    me = team.author()
    for note in reversed(notes):
        with st.container(border=True):
            when = f"{note.updated_at:%d %b %Y %H:%M} UTC" + (
                f" · edited (v{note.version})" if note.version > 1 else ""
            )
            st.markdown(f"**{escape_md(note.author)}** · {when} · {note.geometry['type']}")
            if allowed.can_write and me and note.author == me:
                _edit(note)
            else:
                st.text(note.text)


def panel(briefing: bool = False) -> None:
    """The notes panel under the map, open while a shape waits for its note (none in briefing mode)."""
    if briefing:
        return
    allowed = team.access()
    drawing = team.pending_drawing()
    if drawing is not None and allowed.can_write and st.session_state.get(TOASTED) != drawing:
        st.session_state[TOASTED] = drawing
        st.toast(c.NOTE_DRAWN)
    # Lazy: the list is read and sent only while the panel is open; a shape waiting for its note opens it.
    box = lazy_expander(c.NOTES_EXPANDER, c.KEY_NOTES_OPEN, open_now=drawing is not None)
    if box is None:
        return
    with box:
        st.caption(c.NOTES_HOW if allowed.can_write else allowed.message)
        if drawing is not None and allowed.can_write:
            _write(drawing, allowed)
        _list(allowed)
