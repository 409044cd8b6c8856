"""The declared shape of every layer's features, checked strictly at the boundary."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal, Union

from geojson_pydantic import Feature, LineString, MultiLineString, MultiPolygon, Point, Polygon
from pydantic import BaseModel, ConfigDict, Field, HttpUrl, StringConstraints, model_validator

from dashboard.config import ACTORS

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
Actor = Literal[ACTORS]  # type: ignore[valid-type]

# A reference to where a coordinate comes from: a gazetteer row, a GeoNames id, a basemap key,
# or a derivation described in words.
LOCATION_REF = re.compile(r"^(gazetteer:[a-z0-9_]+|geonames:\d+|basemap:[a-z0-9_]+:[A-Za-z0-9-]+|derived: .+)$")


class Source(BaseModel):
    """An outside source behind a feature."""

    model_config = ConfigDict(extra="forbid")

    title: Text
    publisher: Text
    date: dt.date | None = None
    url: HttpUrl | None = None


class Properties(BaseModel):
    """The properties every feature of every layer carries."""

    model_config = ConfigDict(extra="forbid")

    id: Slug
    name: Text
    alt_names: list[Text] = []
    layer: Text
    kind: Text
    sections: list[Slug] = Field(min_length=1)
    actors: list[Actor] = Field(min_length=1)
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    status: Text
    confidence: Literal["high", "medium", "low"]
    accuracy_km: float = Field(ge=0, le=5000)
    location: Literal["sourced", "approximate", "area", "schematic"]
    location_refs: list[Text] = Field(min_length=1)
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}(/[A-Z]{3})?$")] | None = None
    border_note: Text | None = None
    provenance: Literal["article", "context"]
    quote: Text | None = None
    sources: list[Source] = Field(min_length=1)
    description: Text

    @model_validator(mode="after")
    def _consistent(self) -> Properties:
        if self.provenance == "article" and not self.quote:
            raise ValueError("quote: a feature named in the article needs the article's sentence")
        if self.provenance == "context" and self.quote:
            raise ValueError("quote: a context feature must not carry an article quote")
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError(f"date_to: {self.date_to} is before date_from {self.date_from}")
        for ref in self.location_refs:
            if not LOCATION_REF.match(ref):
                raise ValueError(f"location_refs: {ref!r} is not gazetteer:, geonames:, basemap: or derived:")
        return self


Geometry = Annotated[Union[Point, LineString, MultiLineString, Polygon, MultiPolygon], Field(discriminator="type")]


class LayerFeature(Feature[Geometry, Properties]):
    """A GeoJSON feature of a layer: a geometry and the declared properties."""

    model_config = ConfigDict(extra="forbid")


class Section(BaseModel):
    """A narrative section of the article: paragraphs, period and default view."""

    model_config = ConfigDict(extra="forbid")

    id: Slug
    title: Text
    summary: Text
    period: tuple[dt.date, dt.date]
    bounds: tuple[tuple[float, float], tuple[float, float]]
    paragraphs: list[int]


class SectionsFile(BaseModel):
    """The sections sidecar: how the article's blocks divide into sections."""

    model_config = ConfigDict(extra="forbid")

    article: Text
    front_matter: list[int]
    back_matter: list[int]
    sections: list[Section] = Field(min_length=1)


class ArticleMeta(BaseModel):
    """Bibliographic metadata of a seed article."""

    model_config = ConfigDict(extra="forbid")

    id: Slug
    file: Text
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
    title: Text
    online_title: Text | None = None
    outlet: Text
    published_print: dt.date
    published_online: dt.date | None = None
    url: HttpUrl
    sections_file: Text
