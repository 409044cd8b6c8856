"""Sources in view: the deduplicated citations of exactly the features shown."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.core.features import Source
from dashboard.view.filters import Shown
from dashboard.view.wording import source_line


@dataclass(frozen=True)
class Citation:
    """One distinct source and the ids of the shown features that cite it."""

    source: Source
    cited_by: tuple[str, ...]


def _key(source: Source) -> tuple[str, ...]:
    """What makes two citations the same: the URL if there is one, else title and publisher."""
    if source.url:
        return ("url", str(source.url).rstrip("/"))
    return ("text", source.title.casefold(), source.publisher.casefold())


def sources_in_view(shown: list[Shown]) -> list[Citation]:
    """Every distinct source of the shown features, with the ids that cite it, ordered by publisher and title."""
    merged: dict[tuple[str, ...], tuple[Source, dict[str, None]]] = {}
    for item in shown:
        for source in item.props.sources:
            # cited_by as dict keys: ordered and deduplicated in constant time, for layers of any size.
            merged.setdefault(_key(source), (source, {}))[1][item.feature.id] = None
    entries = [Citation(source, tuple(ids)) for source, ids in merged.values()]
    return sorted(entries, key=lambda c: (c.source.publisher.casefold(), c.source.title.casefold()))


def citation_lines(shown: list[Shown]) -> list[str]:
    """The sources in view as plain-text citation lines, ready to paste under a slide."""
    return [source_line(c.source) for c in sources_in_view(shown)]
