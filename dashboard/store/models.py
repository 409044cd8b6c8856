"""The tables: overlays, notes and saved views; state as JSON text, a note's place as PostGIS geometry or text."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Integer, String, Text, TypeDecorator, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from dashboard.store.geometry import GeoJSONGeometry

DEFAULT_WORKSPACE = "default"
NAME_LENGTH = 200
# What the migrations keep on PostgreSQL only, beside the models: PostGIS's own table and the notes' spatial index.
DATABASE_ONLY = {("table", "spatial_ref_sys"), ("index", "ix_notes_geometry")}


def in_models(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """Whether Alembic's comparison should look at this object (its `include_object` hook)."""
    return (type_, name) not in DATABASE_ONLY


class UtcDateTime(TypeDecorator):
    """A UTC moment, stored without a zone (SQLite keeps none) and read back as aware UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: object) -> dt.datetime | None:
        """Store the moment as naive UTC."""
        return value.astimezone(dt.UTC).replace(tzinfo=None) if value is not None else None

    def process_result_value(self, value: dt.datetime | None, dialect: object) -> dt.datetime | None:
        """Read it back as aware UTC."""
        return value.replace(tzinfo=dt.UTC) if value is not None else None


class Base(DeclarativeBase):
    """The store's tables."""


class OverlayRow(Base):
    """A team overlay: one uploaded file's features, named and coloured."""

    __tablename__ = "overlays"
    __table_args__ = (UniqueConstraint("workspace", "name", name="uq_overlays_workspace_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace: Mapped[str] = mapped_column(String(64), default=DEFAULT_WORKSPACE)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    colour: Mapped[str] = mapped_column(String(7))
    uploader: Mapped[str] = mapped_column(String(NAME_LENGTH))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    source_filename: Mapped[str] = mapped_column(String(255))
    format: Mapped[str] = mapped_column(String(16))
    feature_count: Mapped[int] = mapped_column(Integer)
    geojson: Mapped[str] = mapped_column(Text)  # a FeatureCollection in WGS84


class NoteRow(Base):
    """A note pinned to a place on the map; its version guards against two people overwriting each other."""

    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace: Mapped[str] = mapped_column(String(64), default=DEFAULT_WORKSPACE, index=True)
    geometry: Mapped[str] = mapped_column(GeoJSONGeometry())  # a GeoJSON geometry in WGS84
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(NAME_LENGTH))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    version: Mapped[int] = mapped_column(Integer, default=1)


class SavedViewRow(Base):
    """A named view: the URL's query parameters that reopen it."""

    __tablename__ = "saved_views"
    __table_args__ = (UniqueConstraint("workspace", "name", name="uq_saved_views_workspace_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace: Mapped[str] = mapped_column(String(64), default=DEFAULT_WORKSPACE)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    state: Mapped[str] = mapped_column(Text)  # a JSON object of query parameters
    author: Mapped[str] = mapped_column(String(NAME_LENGTH))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
