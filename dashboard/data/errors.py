"""One problem in the data, named by file, feature and field."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError


@dataclass(frozen=True)
class DataError:
    """One problem in one file, feature and field."""

    file: str
    feature: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.feature is not None:
            where.append(f"feature '{self.feature}'")
        if self.field is not None:
            where.append(f"field '{self.field}'")
        return ": ".join(where) + f": {self.message}"


class BundleError(Exception):
    """A bundle that cannot be served, with every reason."""

    def __init__(self, errors: list[DataError]) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


GEOMETRY_TYPES = ("Point", "LineString", "MultiLineString", "Polygon", "MultiPolygon")


def field_path(loc: tuple[Any, ...]) -> str:
    """A readable field path: validator wrappers, union tags and coordinate positions dropped."""
    parts = [str(p) for p in loc]
    parts = [
        p for p in parts if "[" not in p and not p.startswith(("function-", "tagged-union")) and p not in GEOMETRY_TYPES
    ]
    if parts[:2] == ["geometry", "coordinates"]:
        parts = parts[:2]
    return ".".join(parts)


def pydantic_errors(file: str, label: str | None, err: ValidationError, prefix: str = "") -> list[DataError]:
    """One DataError per failing field of a pydantic error ('field: message' values name their own field)."""
    by_field: dict[str, list[str]] = {}
    for item in err.errors():
        field, message = field_path(item["loc"]), item["msg"]
        if message.startswith("Value error, "):  # our validators say 'field: why'
            head, sep, rest = message.removeprefix("Value error, ").partition(": ")
            if sep and head.isidentifier():
                field, message = (f"{field}.{head}" if field else head), rest
        field = prefix + field if field else prefix.rstrip(".")
        by_field.setdefault(field, []).append(message)
    return [
        DataError(file, label, field or None, msgs[0] + (f" (and {len(msgs) - 1} more)" if len(msgs) > 1 else ""))
        for field, msgs in by_field.items()
    ]
