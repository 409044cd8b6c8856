"""On PostgreSQL, keep each note's place as PostGIS geometry (SRID 4326) with a spatial index; SQLite keeps text.

Revision ID: 0002
Revises: 0001
Create Date: 2026-02-03
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def on_postgresql() -> bool:
    """Whether the migration runs against PostgreSQL (online or writing SQL offline)."""
    return op.get_context().dialect.name == "postgresql"


def upgrade() -> None:
    """Enable PostGIS, turn the notes' GeoJSON text into geometry in place, and index it."""
    if not on_postgresql():
        return
    # A no-op where a database administrator already enabled it; else it needs the right to create it.
    op.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    op.execute(
        "ALTER TABLE notes ALTER COLUMN geometry TYPE geometry(Geometry,4326) "
        "USING ST_SetSRID(ST_GeomFromGeoJSON(geometry), 4326)"
    )
    op.create_index("ix_notes_geometry", "notes", ["geometry"], postgresql_using="gist")


def downgrade() -> None:
    """Back to GeoJSON text (the extension stays: other schemas may use it)."""
    if not on_postgresql():
        return
    op.drop_index("ix_notes_geometry", table_name="notes")
    op.execute("ALTER TABLE notes ALTER COLUMN geometry TYPE text USING ST_AsGeoJSON(geometry)")
