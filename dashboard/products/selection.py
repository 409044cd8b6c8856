"""What an export shows: one view of one bundle, the features it draws, and the lines every product carries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from dashboard.core.bundle import Bundle
from dashboard.core.manifest import Bounds
from dashboard.core.team import TeamOverlay
from dashboard.core.viewstate import WHOLE_ARTICLE, ViewState
from dashboard.data.bundles import data_version
from dashboard.data.layers import Layer, dated_span
from dashboard.view.filters import Shown, shown_features
from dashboard.view.labels import Label, site_labels, sites_of
from dashboard.web.mapdata import Timeline


@dataclass(frozen=True)
class Selection:
    """A view of a bundle as an export sees it (the shown features computed once, unless given)."""

    bundle: Bundle
    layers: dict[str, Layer]
    basemap: dict[str, dict[str, Any]]
    state: ViewState
    title: str | None = None
    caveat: str | None = None
    size: tuple[int, int] = (1920, 1080)
    shown: list[Shown] = field(default=None)  # type: ignore[assignment]
    overlays: tuple[TeamOverlay, ...] = ()  # the team's overlays drawn on the map, carried by the exports too

    def __post_init__(self) -> None:
        if self.shown is None:
            object.__setattr__(self, "shown", shown_features(self.layers, self.state))

    @property
    def heading(self) -> str:
        """The export's title: the user's, else the section's, else the article's."""
        if self.title:
            return self.title
        if self.state.section != WHOLE_ARTICLE:
            return self.bundle.article.section(self.state.section).title
        return self.bundle.title

    @property
    def view(self) -> Bounds:
        """The bounds the export shows: the section's default view, or the article's world view."""
        if self.state.section != WHOLE_ARTICLE:
            return self.bundle.article.section(self.state.section).bounds
        return self.bundle.manifest.views.world

    @property
    def live_view(self) -> Bounds:
        """Where the live map opens: the section's view, or the article's readable whole-article view."""
        if self.state.section == WHOLE_ARTICLE and self.bundle.manifest.views.whole is not None:
            return self.bundle.manifest.views.whole
        return self.view

    @property
    def timeline(self) -> Timeline | None:
        """What the map's playback steps through: the section's period, else the data's span; None if undated."""
        period = None
        if self.state.section != WHOLE_ARTICLE:
            period = self.bundle.article.section(self.state.section).period
        period = period or dated_span(self.layers)
        return Timeline(period, self.state.moment) if period else None

    @property
    def labels(self) -> list[Label]:
        """The names the map writes: one per site in focus, most important first."""
        return site_labels(self.shown, sites_of(self.layers))

    def about(self) -> dict[str, Any]:
        """What the export is and where it came from: the article, its status (and a draft's banner), the
        section shown, the data version (a hash of the bundle's layer files) and when it was exported (UTC)."""
        return {
            "article": self.bundle.id,
            "title": self.bundle.title,
            "status": self.bundle.manifest.status,
            "notice": self.bundle.banner,
            "section": self.state.section,
            "data_version": data_version(self.bundle),
            "exported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }
