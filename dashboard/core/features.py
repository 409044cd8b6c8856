"""The typed feature model: what every feature of every layer carries, checked strictly at the boundary."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Annotated, Any, Literal, Union

import shapely.geometry
from geojson_pydantic import Feature, LineString, MultiLineString, MultiPolygon, Point, Polygon
from pydantic import BaseModel, ConfigDict, Field, HttpUrl, StringConstraints, model_validator
from shapely.geometry.base import BaseGeometry

from dashboard.core.manifest import Slug, Text

# The ICD 203 words for how sure the analyst is of a claim.
CONFIDENCE_LEVELS = ("high", "moderate", "low")
# A drafted feature is 'unverified' until an analyst reviews it; only a draft bundle may hold one.
UNVERIFIED = "unverified"
LOCATION_KINDS = ("sourced", "approximate", "area", "schematic")
# A point with a worse accuracy than this is drawn with its uncertainty circle.
PRECISE_POINT_KM = 1.0

# Where a coordinate comes from: a gazetteer row, a GeoNames id, a basemap key, or a derivation in words.
LOCATION_REF = re.compile(r"^(gazetteer:[a-z0-9_]+|geonames:\d+|basemap:[a-z0-9_]+:[A-Za-z0-9-]+|derived: .+)$")
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}(/[A-Z]{3})?$")]


# Source reliability (Admiralty/NATO code) and information credibility, as analysts grade them.
RELIABILITY_GRADES = ("A", "B", "C", "D", "E", "F")
CREDIBILITY_GRADES = (1, 2, 3, 4, 5, 6)
DISPUTED_FIELDS = ("date", "place", "status", "count")


class Source(BaseModel):
    """An outside source behind a feature, with how reliable its publisher is and why."""

    model_config = ConfigDict(extra="forbid")

    title: Text
    # The title as published, when the title above is a translation.
    original_title: Text | None = None
    publisher: Text
    date: dt.date | None = None
    url: HttpUrl | None = None
    no_url_reason: Text | None = None
    reliability: Literal["A", "B", "C", "D", "E", "F"] | None = None  # a final bundle needs one (data/trust.py)
    reliability_reason: Text | None = None


class Version(BaseModel):
    """One version of a disputed fact, and the sources (indices into the feature's sources) that give it."""

    model_config = ConfigDict(extra="forbid")

    value: Text
    sources: list[int] = Field(min_length=1)


class Dispute(BaseModel):
    """Where the sources disagree on one field of a claim: every version, none silently chosen."""

    model_config = ConfigDict(extra="forbid")

    field: Literal["date", "place", "status", "count"]
    versions: list[Version] = Field(min_length=2)


class Properties(BaseModel):
    """The properties every feature of every layer carries."""

    model_config = ConfigDict(extra="forbid")

    id: Slug
    name: Text
    alt_names: list[Text] = []
    layer: Text
    kind: Text
    sections: list[Slug] = Field(min_length=1)
    actors: list[Text] = []  # a final bundle needs at least one (data/checks.py); a draft may not know them yet
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    status: Text
    confidence: Literal["high", "moderate", "low", "unverified"]
    confidence_reason: Text | None = None
    credibility: int | None = Field(None, ge=1, le=6)  # a final bundle needs one (data/trust.py)
    credibility_reason: Text | None = None
    disputes: list[Dispute] = []
    accuracy_km: float = Field(ge=0, le=5000)
    location: Literal["sourced", "approximate", "area", "schematic"]
    location_refs: list[Text] = Field(min_length=1)
    country: CountryCode | None = None
    border_note: Text | None = None
    # The id of the labelled feature (a crossing, a town) this one happened at: the map labels the site
    # once and counts what happened there, instead of one label per strike.
    site: Slug | None = None
    provenance: Literal["article", "context"]
    quote: Text | None = None
    sources: list[Source] = []  # a final bundle needs at least one (data/checks.py); a draft has none yet
    description: Text

    @model_validator(mode="after")
    def _consistent(self) -> Properties:
        if self.provenance == "article" and not self.quote:
            raise ValueError("quote: a feature named in the article needs the article's sentence")
        if self.provenance == "context" and self.quote:
            raise ValueError("quote: a context feature must not carry an article quote")
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError(f"date_to: {self.date_to} is before date_from {self.date_from}")
        for dispute in self.disputes:
            for version in dispute.versions:
                if any(not 0 <= i < len(self.sources) for i in version.sources):
                    raise ValueError(f"disputes: a {dispute.field} version cites a source the feature does not list")
        for ref in self.location_refs:
            if not LOCATION_REF.match(ref):
                raise ValueError(f"location_refs: {ref!r} is not gazetteer:, geonames:, basemap: or derived:")
        return self


Geometry = Annotated[Union[Point, LineString, MultiLineString, Polygon, MultiPolygon], Field(discriminator="type")]


class LayerFeature(Feature[Geometry, Properties]):
    """A GeoJSON feature of a layer: a geometry and the declared properties."""

    model_config = ConfigDict(extra="forbid")


@dataclass(frozen=True, eq=False)  # hashed by identity: a feature is one object for the life of the server
class Feature:
    """A validated feature: its typed properties and its GeoJSON geometry (lon/lat, RFC 7946)."""

    properties: Properties
    geometry: dict[str, Any]

    @property
    def id(self) -> str:
        """The feature's slug id."""
        return self.properties.id

    @property
    def layer(self) -> str:
        """The id of the layer it belongs to."""
        return self.properties.layer

    @property
    def is_point(self) -> bool:
        """Whether it is drawn as a marker."""
        return self.geometry["type"] == "Point"

    @cached_property
    def shape(self) -> BaseGeometry:
        """The geometry as a shapely object."""
        return shapely.geometry.shape(self.geometry)

    def to_geojson(self) -> dict[str, Any]:
        """The feature as a plain GeoJSON dict, with its id at the top and dates as ISO text."""
        return {
            "type": "Feature",
            "id": self.id,
            "geometry": self.geometry,
            "properties": self.properties.model_dump(mode="json"),
        }

    @classmethod
    def of(cls, validated: LayerFeature) -> Feature:
        """The feature a validated GeoJSON feature describes."""
        return cls(validated.properties, validated.geometry.model_dump(mode="json", exclude_none=True))
