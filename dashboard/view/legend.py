"""The legend of exactly what is drawn: symbols grouped by layer, and the notes that explain the marks."""

from __future__ import annotations

from dashboard.core.team import NOTE_COLOUR, TeamOverlay
from dashboard.view.filters import Shown
from dashboard.view.styles import Symbol, symbol_for

NOTES = ("Dashed outline or faint circle: approximate location", "Fainter: lower confidence")
DIM_NOTE = "Greyed: outside the chosen section"
DISPUTED_NOTE = "Magenta outline: sources disagree (see the popup)"
EMPTY = "No features match the filters."
TEAM_TITLE = "Team overlays"
NOTE_LABEL = "Team note"


def legend_entries(shown: list[Shown]) -> list[tuple[str, list[Symbol]]]:
    """The symbols of exactly the visible features, grouped by layer title, in first-seen order."""
    out: dict[str, list[Symbol]] = {}
    for item in shown:
        sym = symbol_for(item.spec, item.props)
        symbols = out.setdefault(item.spec.title, [])
        if sym not in symbols:
            symbols.append(sym)
    return list(out.items())


def legend_notes(shown: list[Shown]) -> list[str]:
    """The notes under the legend: how uncertainty and confidence show, and dimming when any is dimmed."""
    if not shown:
        return []
    notes = [*NOTES, DIM_NOTE] if any(s.dimmed for s in shown) else list(NOTES)
    return notes + [DISPUTED_NOTE] if any(s.props.disputes for s in shown) else notes


def team_symbols(overlays: list[TeamOverlay], notes: bool) -> list[Symbol]:
    """The legend's team group: each overlay drawn, by its name and colour, and the notes' mark when any is drawn."""
    symbols = [Symbol(o.name, o.colour, o.shape) for o in overlays]
    return symbols + [Symbol(NOTE_LABEL, NOTE_COLOUR, "circle")] if notes else symbols
