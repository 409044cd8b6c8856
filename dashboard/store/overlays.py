"""Team overlays in the store: add one read from a file, list, rename, recolour, delete, and read its features."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from dashboard.data.overlays import OverlayFile
from dashboard.store.errors import NotFound, StoreError, clean_name
from dashboard.store.models import DEFAULT_WORKSPACE, OverlayRow

# Okabe–Ito: told apart by colour-blind readers, and unlike the article's own kinds' usual reds and greys.
OVERLAY_COLOURS = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000")
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True)
class Overlay:
    """An overlay as listed: everything but its features."""

    id: int
    workspace: str
    name: str
    colour: str
    uploader: str
    created_at: dt.datetime
    source_filename: str
    format: str
    feature_count: int


def overlay_of(row: OverlayRow) -> Overlay:
    """The listed overlay of a row."""
    fields = Overlay.__dataclass_fields__
    return Overlay(**{name: getattr(row, name) for name in fields})


def clean_colour(value: str) -> str:
    """A colour as '#rrggbb' in lower case, or a message."""
    if not COLOUR.match(value.strip()):
        raise StoreError(f"colour '{value}': give it as #rrggbb, as '#0072b2'")
    return value.strip().lower()


def next_colour(engine: Engine, workspace: str = DEFAULT_WORKSPACE) -> str:
    """The first palette colour no overlay of the workspace uses yet (the palette cycles when all are used)."""
    used = {o.colour for o in list_overlays(engine, workspace)}
    free = [c for c in OVERLAY_COLOURS if c not in used]
    return free[0] if free else OVERLAY_COLOURS[len(used) % len(OVERLAY_COLOURS)]


def taken(name: str) -> StoreError:
    """The message for a name another overlay has."""
    return StoreError(f"an overlay named '{name}' already exists: choose another name")


def add_overlay(
    engine: Engine,
    read: OverlayFile,
    *,
    name: str,
    colour: str,
    uploader: str,
    workspace: str = DEFAULT_WORKSPACE,
) -> Overlay:
    """Store an overlay read from a file, in one transaction: all of it or, on any error, nothing."""
    row = OverlayRow(
        workspace=workspace,
        name=clean_name(name, "overlay"),
        colour=clean_colour(colour),
        uploader=clean_name(uploader, "uploader"),
        created_at=dt.datetime.now(dt.UTC),
        source_filename=read.file[:255],
        format=read.format,
        feature_count=read.feature_count,
        geojson=json.dumps(read.features, ensure_ascii=False, separators=(",", ":")),
    )
    try:
        with Session(engine, expire_on_commit=False) as session, session.begin():
            session.add(row)
    except IntegrityError:
        raise taken(row.name) from None
    return overlay_of(row)


def list_overlays(engine: Engine, workspace: str = DEFAULT_WORKSPACE) -> list[Overlay]:
    """The workspace's overlays, oldest first, without their features."""
    fields = [getattr(OverlayRow, name) for name in Overlay.__dataclass_fields__]
    query = select(*fields).where(OverlayRow.workspace == workspace).order_by(OverlayRow.created_at, OverlayRow.id)
    with engine.connect() as connection:
        return [Overlay(**row._mapping) for row in connection.execute(query)]


def overlay_features(engine: Engine, overlay_id: int, workspace: str = DEFAULT_WORKSPACE) -> dict[str, Any]:
    """One overlay's features, a GeoJSON FeatureCollection in WGS84."""
    query = select(OverlayRow.geojson).where(OverlayRow.id == overlay_id, OverlayRow.workspace == workspace)
    with engine.connect() as connection:
        text = connection.execute(query).scalar_one_or_none()
    if text is None:
        raise NotFound(f"no overlay {overlay_id}")
    return json.loads(text)


def change_overlay(engine: Engine, overlay_id: int, workspace: str, **values: str) -> Overlay:
    """Set some of an overlay's fields in one transaction."""
    try:
        with Session(engine, expire_on_commit=False) as session, session.begin():
            row = session.get(OverlayRow, overlay_id)
            if row is None or row.workspace != workspace:
                raise NotFound(f"no overlay {overlay_id}")
            for field, value in values.items():
                setattr(row, field, value)
    except IntegrityError:
        raise taken(values.get("name", "")) from None
    return overlay_of(row)


def rename_overlay(engine: Engine, overlay_id: int, name: str, workspace: str = DEFAULT_WORKSPACE) -> Overlay:
    """Give an overlay a new name, unique in its workspace."""
    return change_overlay(engine, overlay_id, workspace, name=clean_name(name, "overlay"))


def recolour_overlay(engine: Engine, overlay_id: int, colour: str, workspace: str = DEFAULT_WORKSPACE) -> Overlay:
    """Give an overlay a new colour."""
    return change_overlay(engine, overlay_id, workspace, colour=clean_colour(colour))


def delete_overlay(engine: Engine, overlay_id: int, workspace: str = DEFAULT_WORKSPACE) -> Overlay:
    """Remove an overlay and its features; return what was removed."""
    with Session(engine, expire_on_commit=False) as session, session.begin():
        row = session.get(OverlayRow, overlay_id)
        if row is None or row.workspace != workspace:
            raise NotFound(f"no overlay {overlay_id}")
        session.delete(row)
    return overlay_of(row)


def count_overlays(engine: Engine, workspace: str | None = None) -> int:
    """How many overlays are stored (in one workspace, or in all)."""
    query = select(func.count()).select_from(OverlayRow)
    if workspace is not None:
        query = query.where(OverlayRow.workspace == workspace)
    with engine.connect() as connection:
        return connection.execute(query).scalar_one()
