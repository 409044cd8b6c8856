"""Notes on the map: add, list, and change or delete one only if nobody changed it since it was read."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import shapely
from shapely.geometry import shape
from sqlalchemy import Engine, delete, select, update
from sqlalchemy.orm import Session

from dashboard.store.errors import NotFound, StoreError, clean_name
from dashboard.store.models import DEFAULT_WORKSPACE, NoteRow

MAX_NOTE_CHARS = 10_000


@dataclass(frozen=True)
class Note:
    """A note as read: its place, its text and the version an edit must name."""

    id: int
    workspace: str
    geometry: dict[str, Any]
    text: str
    author: str
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int


class Conflict(StoreError):
    """Someone changed the note since it was read: both texts, so the user can merge them."""

    def __init__(self, note: Note, expected_version: int, your_text: str) -> None:
        super().__init__(
            f"note {note.id} was changed by someone else (version {note.version}, you read version "
            f"{expected_version}): compare the two texts and save again"
        )
        self.current = note
        self.expected_version = expected_version
        self.your_text = your_text
        self.their_text = note.text


def note_of(row: NoteRow) -> Note:
    """The note of a row."""
    fields = {name: getattr(row, name) for name in Note.__dataclass_fields__}
    return Note(**fields | {"geometry": json.loads(row.geometry)})


def clean_geometry(geometry: dict[str, Any]) -> str:
    """A GeoJSON geometry in WGS84 range as text, or a message."""
    try:
        shp = shape(geometry)
    except (AttributeError, KeyError, TypeError, ValueError, shapely.errors.ShapelyError):
        raise StoreError("note: the place is not a GeoJSON geometry") from None
    minx, miny, maxx, maxy = shp.bounds
    if shp.is_empty or not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise StoreError("note: the place is empty or outside ±180° longitude, ±90° latitude")
    return shapely.to_geojson(shp)


def clean_text(text: str) -> str:
    """A note's text trimmed, or a message if it is empty or too long."""
    text = text.strip()
    if not text or len(text) > MAX_NOTE_CHARS:
        raise StoreError(f"note: write between 1 and {MAX_NOTE_CHARS:,} characters")
    return text


def add_note(
    engine: Engine, *, geometry: dict[str, Any], text: str, author: str, workspace: str = DEFAULT_WORKSPACE
) -> Note:
    """Pin a new note (version 1) to a place."""
    now = dt.datetime.now(dt.UTC)
    row = NoteRow(
        workspace=workspace,
        geometry=clean_geometry(geometry),
        text=clean_text(text),
        author=clean_name(author, "author"),
        created_at=now,
        updated_at=now,
        version=1,
    )
    with Session(engine, expire_on_commit=False) as session, session.begin():
        session.add(row)
    return note_of(row)


def get_note(engine: Engine, note_id: int, workspace: str = DEFAULT_WORKSPACE) -> Note:
    """One note as it is now."""
    with Session(engine) as session:
        row = session.get(NoteRow, note_id)
        if row is None or row.workspace != workspace:
            raise NotFound(f"no note {note_id}")
        return note_of(row)


def list_notes(engine: Engine, workspace: str = DEFAULT_WORKSPACE) -> list[Note]:
    """The workspace's notes, oldest first."""
    query = select(NoteRow).where(NoteRow.workspace == workspace).order_by(NoteRow.created_at, NoteRow.id)
    with Session(engine) as session:
        return [note_of(row) for row in session.scalars(query)]


def update_note(
    engine: Engine,
    note_id: int,
    *,
    text: str,
    expected_version: int,
    geometry: dict[str, Any] | None = None,
    workspace: str = DEFAULT_WORKSPACE,
) -> Note:
    """Change a note's text (and place) if it is still at the version read; else raise Conflict with both texts."""
    values: dict[str, Any] = {"text": clean_text(text), "updated_at": dt.datetime.now(dt.UTC)}
    if geometry is not None:
        values["geometry"] = clean_geometry(geometry)
    where = (NoteRow.id == note_id, NoteRow.workspace == workspace, NoteRow.version == expected_version)
    query = update(NoteRow).where(*where).values(**values, version=NoteRow.version + 1)
    with engine.begin() as connection:
        changed = connection.execute(query).rowcount
    if changed != 1:
        raise Conflict(get_note(engine, note_id, workspace), expected_version, values["text"])
    return get_note(engine, note_id, workspace)


def delete_note(engine: Engine, note_id: int, *, expected_version: int, workspace: str = DEFAULT_WORKSPACE) -> None:
    """Delete a note if it is still at the version read; else raise Conflict (or NotFound)."""
    where = (NoteRow.id == note_id, NoteRow.workspace == workspace, NoteRow.version == expected_version)
    with engine.begin() as connection:
        deleted = connection.execute(delete(NoteRow).where(*where)).rowcount
    if deleted != 1:
        raise Conflict(get_note(engine, note_id, workspace), expected_version, "")
