"""The article as data: its blocks of text, its metadata and its narrative sections."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from dashboard.config import ARTICLE_ID, SEEDS_DIR
from dashboard.schema import ArticleMeta, Section, SectionsFile

BLOCK_BREAK = re.compile(r"\n[ \t\xa0]*\n")


def split_blocks(text: str) -> list[str]:
    """Split the article into its blocks (paragraphs and header lines), text left untouched."""
    return [block.strip() for block in BLOCK_BREAK.split(text) if block.strip()]


@dataclass(frozen=True)
class Article:
    """A seed article: its verbatim text, metadata and sections."""

    meta: ArticleMeta
    text: str
    front_matter: tuple[int, ...]
    back_matter: tuple[int, ...]
    sections: tuple[Section, ...]

    @cached_property
    def blocks(self) -> list[str]:
        """The article's blocks in order."""
        return split_blocks(self.text)

    def section(self, section_id: str) -> Section:
        """The section with this id."""
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(section_id)

    @property
    def section_ids(self) -> tuple[str, ...]:
        """Every section id, in article order."""
        return tuple(section.id for section in self.sections)

    def paragraphs(self, section_id: str) -> list[str]:
        """The verbatim paragraphs of one section."""
        return [self.blocks[i] for i in self.section(section_id).paragraphs]

    def sections_quoting(self, quote: str) -> list[str]:
        """The ids of the sections whose text holds this quote."""
        return [s.id for s in self.sections if any(quote in p for p in self.paragraphs(s.id))]


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


def load_article(article_id: str = ARTICLE_ID, seeds_dir: Path = SEEDS_DIR) -> Article:
    """Read a seed article, check its checksum and read its sections."""
    meta_path = seeds_dir / f"{article_id}.meta.json"
    meta = ArticleMeta.model_validate(json.loads(meta_path.read_text(encoding="utf-8")))
    raw = (seeds_dir / meta.file).read_bytes()
    if hashlib.sha256(raw).hexdigest() != meta.sha256:
        raise ValueError(f"{meta.file}: text changed; its sha256 no longer matches {meta_path.name}")
    sections_path = seeds_dir / meta.sections_file
    parsed = SectionsFile.model_validate(json.loads(sections_path.read_text(encoding="utf-8")))
    return Article(
        meta=meta,
        text=raw.decode("utf-8"),
        front_matter=tuple(parsed.front_matter),
        back_matter=tuple(parsed.back_matter),
        sections=tuple(parsed.sections),
    )
