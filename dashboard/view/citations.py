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


def numbered_lines(shown: list[Shown]) -> list[str]:
    """The citation lines numbered from 1, as a slide lists them and its map labels refer to them."""
    return [f"{i}. {line}" for i, line in enumerate(citation_lines(shown), 1)]


def source_numbers(shown: list[Shown]) -> dict[str, list[int]]:
    """The numbers of numbered_lines each shown feature cites, by feature id."""
    out: dict[str, list[int]] = {}
    for i, citation in enumerate(sources_in_view(shown), 1):
        for fid in citation.cited_by:
            out.setdefault(fid, []).append(i)
    return out


def number_ranges(numbers: list[int]) -> str:
    """'1–3, 7' for [1, 2, 3, 7]: a label's reference to the numbered sources."""
    parts, run = [], []
    for n in sorted(set(numbers)):
        if run and n == run[-1] + 1:
            run.append(n)
            continue
        if run:
            parts.append(f"{run[0]}–{run[-1]}" if len(run) > 2 else ", ".join(map(str, run)))
        run = [n]
    if run:
        parts.append(f"{run[0]}–{run[-1]}" if len(run) > 2 else ", ".join(map(str, run)))
    return ", ".join(parts)
