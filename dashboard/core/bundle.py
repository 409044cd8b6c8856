"""A bundle: one article with its sections and its layer manifest, and where its layer files lie."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dashboard.core.article import Article
from dashboard.core.manifest import Manifest

DRAFT_BANNER = "draft: unverified, sources missing"


@dataclass(frozen=True)
class Bundle:
    """An article bundle as read from seeds/<id>/ and geodata/<id>/."""

    id: str
    article: Article
    manifest: Manifest
    layers_dir: Path

    @property
    def title(self) -> str:
        """The article's title."""
        return self.article.meta.title

    @property
    def is_draft(self) -> bool:
        """Whether the bundle is a draft that an analyst has yet to review."""
        return self.manifest.status == "draft"

    @property
    def banner(self) -> str | None:
        """The line every product of a draft bundle carries, None for a final one."""
        return DRAFT_BANNER if self.is_draft else None


def default_bundle_id(bundles: dict[str, Bundle], preferred: str | None = None) -> str | None:
    """The bundle a link without article= opens: the preferred one if served, else the first final bundle
    by id, else the first draft; None when there is none."""
    if preferred in bundles:
        return preferred
    ranked = sorted(bundles.values(), key=lambda b: (b.is_draft, b.id))
    return ranked[0].id if ranked else None
