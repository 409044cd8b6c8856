"""Sources in view: the deduplicated citations of exactly the features shown."""

from __future__ import annotations

from typing import Any

from dashboard.filters import Shown
from dashboard.popups import source_line


def _key(source: dict[str, Any]) -> tuple[str, ...]:
    """What makes two citations the same: the URL if there is one, else title and publisher."""
    if source.get("url"):
        return ("url", source["url"].rstrip("/"))
    return ("text", source["title"].casefold(), source["publisher"].casefold())


def sources_in_view(shown: list[Shown]) -> list[dict[str, Any]]:
    """Every distinct source of the shown features, with the ids that cite it, ordered by publisher and title."""
    merged: dict[tuple[str, ...], dict[str, Any]] = {}
    for item in shown:
        for source in item.feature["properties"]["sources"]:
            # cited_by as dict keys: ordered and deduplicated in constant time, for layers of any size.
            merged.setdefault(_key(source), {**source, "cited_by": {}})["cited_by"][item.feature["id"]] = None
    entries = [{**entry, "cited_by": list(entry["cited_by"])} for entry in merged.values()]
    return sorted(entries, key=lambda s: (s["publisher"].casefold(), s["title"].casefold()))


def citation_lines(shown: list[Shown]) -> list[str]:
    """The sources in view as plain-text citation lines, ready to paste under a slide."""
    return [source_line(s) for s in sources_in_view(shown)]
