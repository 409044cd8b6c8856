"""The view state: everything that defines a view of the map, and nothing else (a typed URL contract)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

WHOLE_ARTICLE = "all"
OFFLINE_BASEMAP = "offline"
ONLINE_BASEMAPS = ("osm", "carto-light", "esri-imagery", "opentopomap")
BASEMAPS = (OFFLINE_BASEMAP, *ONLINE_BASEMAPS)
OTHERS_MODES = ("dim", "hide")
DATE_MODES = ("all", "asof", "range")
CONFIDENCE_CHOICES = ("high", "moderate", "low")
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2100, 12, 31)
MAX_TEXT = 120


class ViewState(BaseModel):
    """One view of one article's map; each field's alias is its public URL parameter name."""

    model_config = ConfigDict(frozen=True, populate_by_name=True, extra="forbid")

    article: str | None = Field(None, alias="article")  # None: the default bundle
    section: str = Field(WHOLE_ARTICLE, alias="section")
    layers: tuple[str, ...] | None = Field(None, alias="layers")  # None: every layer of the bundle
    actors: tuple[str, ...] = Field((), alias="actors")
    min_confidence: Literal["high", "moderate", "low"] = Field("low", alias="conf")
    # The worst information-credibility grade shown (6 shows all) and the worst source grade a claim's best
    # source may have ("F" shows all); and whether only claims whose sources disagree are shown.
    max_credibility: int = Field(6, alias="cred", ge=1, le=6)
    min_reliability: Literal["A", "B", "C", "D", "E", "F"] = Field("F", alias="rel")
    disputed_only: bool = Field(False, alias="disputed")
    date_mode: Literal["all", "asof", "range"] = Field("all", alias="dates")
    date_from: dt.date | None = Field(None, alias="from", ge=EARLIEST, le=LATEST)
    date_to: dt.date | None = Field(None, alias="to", ge=EARLIEST, le=LATEST)
    others: Literal["dim", "hide"] = Field("dim", alias="others")
    basemap: Literal["offline", "osm", "carto-light", "esri-imagery", "opentopomap"] = Field("offline", alias="base")
    lat: float | None = Field(None, alias="lat", ge=-85, le=85)
    lon: float | None = Field(None, alias="lon", ge=-180, le=180)
    zoom: int | None = Field(None, alias="z", ge=1, le=18)
    selected: str | None = Field(None, alias="sel")
    briefing: bool = Field(False, alias="brief")
    title: str | None = Field(None, alias="title", max_length=MAX_TEXT)
    caveat: str | None = Field(None, alias="caveat", max_length=MAX_TEXT)
    # The day the map's playback is paused on (None: no playback): set in the browser, kept in links.
    moment: dt.date | None = Field(None, alias="t", ge=EARLIEST, le=LATEST)
    notices: tuple[str, ...] = Field((), exclude=True)

    def __eq__(self, other: object) -> bool:
        """Two states are equal when they show the same view, whatever notices came with them."""
        if not isinstance(other, ViewState):
            return NotImplemented
        return self.model_dump(exclude={"notices"}) == other.model_dump(exclude={"notices"})

    __hash__ = None  # type: ignore[assignment]  # equal states may differ in their notices

    @field_validator("article", "selected", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        """An empty id is no id."""
        return None if value == "" else value

    @field_validator("min_confidence", mode="before")
    @classmethod
    def _icd_word(cls, value: object) -> object:
        """Links made before the ICD 203 words said 'medium' for 'moderate'."""
        return "moderate" if value == "medium" else value

    @field_validator("layers", "actors", mode="before")
    @classmethod
    def _comma_list(cls, value: object) -> object:
        """A comma-separated URL value as a tuple of its items."""
        if isinstance(value, str):
            return tuple(item.strip() for item in value.split(",") if item.strip())
        return value

    @field_validator("title", "caveat", mode="before")
    @classmethod
    def _printable(cls, value: object) -> object:
        """Short free text: printable characters only, blank as none."""
        return printable(value) or None if isinstance(value, str) else value


def printable(text: str) -> str:
    """Text with every unprintable character (controls, direction overrides) left out, stripped."""
    return "".join(ch for ch in text if ch.isprintable()).strip()


DEFAULT = ViewState()
# Every URL parameter the view state reads, in field order.
PARAMS = tuple(f.alias for name, f in ViewState.model_fields.items() if name != "notices")
