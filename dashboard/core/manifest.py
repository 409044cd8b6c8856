"""A bundle's layer manifest: its layers, how each kind of feature looks, its views and actors (pure models)."""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)]
KindId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(_[a-z0-9]+)*$", max_length=60)]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
HexColour = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]
Dash = Annotated[str, StringConstraints(pattern=r"^\d+( \d+)+$")]
GeometryType = Literal["Point", "LineString", "MultiLineString", "Polygon", "MultiPolygon"]
Shape = Literal["circle", "square", "diamond", "triangle", "line", "area"]
MARKER_SHAPES = ("circle", "square", "diamond", "triangle")
Bounds = tuple[tuple[float, float], tuple[float, float]]


class Strict(BaseModel):
    """A model that refuses unknown fields and never changes once made."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Period(Strict):
    """A colour a kind takes from a date on: strikes darken with time."""

    since: dt.date
    color: HexColour
    label: Text


class KindSpec(Strict):
    """How one kind of feature is named and drawn."""

    label: Text
    legend: Text | None = None
    color: HexColour
    shape: Shape
    dash: Dash | None = None
    hollow: bool = False
    radius: int = Field(6, ge=2, le=24)
    weight: float | None = Field(None, gt=0, le=12)
    periods: tuple[Period, ...] = ()

    @model_validator(mode="after")
    def _periods_in_order(self) -> KindSpec:
        days = [p.since for p in self.periods]
        if days != sorted(days):
            raise ValueError("periods: must be in date order")
        return self


class LayerSpec(Strict):
    """One map layer: its file, its group in the sidebar, what its features may be and how they look."""

    id: Slug
    title: Text
    group: Text
    file: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.-]+\.geojson$")]
    geometries: tuple[GeometryType, ...] = Field(min_length=1)
    description: Text
    # What the layer covers and what it leaves out, said plainly (e.g. "not exhaustive").
    coverage: Text | None = None
    draw_rank: int
    event: bool = False
    labelled: bool = False
    label_rank: int | None = None
    # How a site's label counts this layer's features that happened there: ("strike", "strikes").
    count_words: tuple[Text, Text] | None = None
    border_check: bool = False
    kinds: dict[KindId, KindSpec] = Field(min_length=1)

    @model_validator(mode="after")
    def _label_rank_when_labelled(self) -> LayerSpec:
        if self.labelled and self.label_rank is None:
            raise ValueError("label_rank: a labelled layer needs a label rank")
        return self


class Views(Strict):
    """The bundle's default views: the whole article, and the region most of it is about.

    `whole`, when given, is where the live map opens on the whole article instead of `world`: the
    region at a readable size, the far places named by markers at the map's edge. Exports keep `world`.
    """

    world: Bounds
    region: Bounds
    whole: Bounds | None = None


class Manifest(Strict):
    """Everything the dashboard knows about a bundle's layers, read from its manifest.toml."""

    status: Literal["final", "draft"] = "final"
    groups: tuple[Text, ...] = Field(min_length=1)
    actors: tuple[Text, ...] = ()
    border_tolerance_km: float = Field(2.0, gt=0, le=50)
    views: Views
    layers: tuple[LayerSpec, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Manifest:
        ids = [layer.id for layer in self.layers]
        if len(set(ids)) != len(ids):
            raise ValueError(f"layers: duplicate layer id in {ids}")
        for layer in self.layers:
            if layer.group not in self.groups:
                raise ValueError(f"layers: layer {layer.id!r} is in group {layer.group!r}, not one of the groups")
        return self

    @cached_property
    def by_id(self) -> dict[str, LayerSpec]:
        """The layers by id."""
        return {layer.id: layer for layer in self.layers}

    @property
    def layer_ids(self) -> tuple[str, ...]:
        """Every layer id, in manifest order."""
        return tuple(layer.id for layer in self.layers)

    def layer(self, layer_id: str) -> LayerSpec:
        """The layer with this id."""
        return self.by_id[layer_id]
