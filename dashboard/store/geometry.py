"""A place as GeoJSON text to Python, kept as PostGIS geometry on PostgreSQL and as the text itself elsewhere."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Text, func
from sqlalchemy.dialects.postgresql.base import ischema_names
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine, UserDefinedType

SRID = 4326  # WGS84 longitude, latitude: what GeoJSON means


class PostGISGeometry(UserDefinedType):
    """PostGIS `geometry(Geometry, 4326)`, written from and read back as GeoJSON text by the database itself."""

    cache_ok = True

    def __init__(self, geometry_type: str = "Geometry", srid: int | str = SRID) -> None:
        # Reflection passes what `geometry(Point,4326)` names, so a comparison can see a different SRID.
        self.geometry_type = geometry_type
        self.srid = int(srid)

    def get_col_spec(self, **kw: Any) -> str:
        """The column's type in DDL."""
        return f"geometry({self.geometry_type},{self.srid})"

    def bind_expression(self, bindvalue: Any) -> Any:
        """Parse the GeoJSON text in the database, so PostGIS stores a real geometry."""
        return func.ST_SetSRID(func.ST_GeomFromGeoJSON(bindvalue), self.srid)

    def column_expression(self, column: Any) -> Any:
        """Read the geometry back as GeoJSON text (PostGIS keeps 9 decimals: well under a millimetre)."""
        return func.ST_AsGeoJSON(column)


class GeoJSONGeometry(TypeDecorator):
    """A GeoJSON geometry as text in Python; a PostGIS geometry on PostgreSQL, so spatial queries and indexes work."""

    impl = Text
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        """PostGIS geometry on PostgreSQL, text on every other database."""
        return dialect.type_descriptor(PostGISGeometry() if dialect.name == "postgresql" else Text())


# Let reflection (and so Alembic's comparison) know PostGIS's type, as GeoAlchemy2 does.
ischema_names.setdefault("geometry", PostGISGeometry)
