"""An article as data: its metadata, its verbatim blocks of text and its narrative sections (pure models)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, StringConstraints, model_validator

from dashboard.core.manifest import Bounds, Slug, Text

BLOCK_BREAK = re.compile(r"\n[ \t\xa0]*\n")


class ArticleMeta(BaseModel):
    """Bibliographic metadata of an article; a draft may not know its outlet, dates or address yet."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Slug
    title: Text
    online_title: Text | None = None
    outlet: Text | None = None
    published_print: dt.date | None = None
    published_online: dt.date | None = None
    url: HttpUrl | None = None
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
    licence: Text

    @property
    def published(self) -> dt.date | None:
        """The first publication date known: in print, else online."""
        return self.published_print or self.published_online


class Section(BaseModel):
    """A narrative section: its paragraphs, period and default view."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Slug
    title: Text
    summary: Text
    period: tuple[dt.date, dt.date] | None = None  # a draft's sections have none until an analyst sets it
    bounds: Bounds
    paragraphs: tuple[int, ...]
    # A section that argues rather than locates need not have features on the map.
    without_features: bool = False

    @model_validator(mode="after")
    def _period_in_order(self) -> Section:
        if self.period and self.period[0] > self.period[1]:
            raise ValueError(f"period: {self.period[0]} is after {self.period[1]}")
        return self


class SectionsFile(BaseModel):
    """How an article's blocks divide into front matter, sections and back matter."""

    model_config = ConfigDict(extra="forbid")

    front_matter: list[int]
    back_matter: list[int]
    sections: list[Section] = Field(min_length=1)


def split_blocks(text: str) -> list[str]:
    """Split a text into its blocks (paragraphs and header lines), each left verbatim."""
    return [block.strip() for block in BLOCK_BREAK.split(text) if block.strip()]


@dataclass(frozen=True)
class Article:
    """An article: its metadata, its verbatim text and its sections."""

    meta: ArticleMeta
    text: str
    front_matter: tuple[int, ...]
    back_matter: tuple[int, ...]
    sections: tuple[Section, ...]

    @cached_property
    def blocks(self) -> list[str]:
        """The article's blocks in order."""
        return split_blocks(self.text)

    @cached_property
    def _by_id(self) -> dict[str, Section]:
        return {section.id: section for section in self.sections}

    def section(self, section_id: str) -> Section:
        """The section with this id."""
        return self._by_id[section_id]

    @property
    def section_ids(self) -> tuple[str, ...]:
        """Every section id, in article order."""
        return tuple(section.id for section in self.sections)

    def paragraphs(self, section_id: str) -> list[str]:
        """The verbatim paragraphs of one section."""
        return [self.blocks[i] for i in self.section(section_id).paragraphs]


def coverage_errors(article: Article) -> list[str]:
    """Say which blocks belong to no section or to more than one."""
    owners: dict[int, list[str]] = {}
    for i in article.front_matter:
        owners.setdefault(i, []).append("front_matter")
    for i in article.back_matter:
        owners.setdefault(i, []).append("back_matter")
    for section in article.sections:
        for i in section.paragraphs:
            owners.setdefault(i, []).append(section.id)
    errors = []
    for i, block in enumerate(article.blocks):
        where = owners.pop(i, [])
        if len(where) != 1:
            errors.append(f"block {i} ({block[:40]!r}…) belongs to {where or 'no section'}")
    errors += [f"block {i} named by {where} does not exist" for i, where in owners.items()]
    return errors
