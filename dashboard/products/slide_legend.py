"""A slide's legend: exactly the symbols shown, in columns under the map, drawn as the map draws them."""

from __future__ import annotations

from typing import Any

from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from dashboard.core.team import TeamOverlay
from dashboard.products.slide_map import MARKERS, dash
from dashboard.view.filters import Shown
from dashboard.view.legend import DIM_NOTE, EMPTY, NOTES, TEAM_TITLE, legend_entries
from dashboard.view.styles import Symbol

MARGIN, BOTTOM = 0.012, 0.045  # figure fractions
INK, GREY = "#1a1a1a", "#555555"


def _handle(sym: Symbol) -> Any:
    """A legend handle drawn like the symbol on the map."""
    if sym.shape == "line":
        return Line2D([], [], color=sym.color, linewidth=3.2, linestyle=dash(sym.dash, 3.2))
    if sym.shape == "area":
        return Patch(
            facecolor=to_rgba(sym.color, 0.0 if sym.hollow else 0.35),
            edgecolor=sym.color,
            linewidth=1.5,
            linestyle=dash(sym.dash, 1.5),
        )
    return Line2D(
        [],
        [],
        linestyle="none",
        marker=MARKERS.get(sym.shape, "o"),
        markersize=9,
        markeredgewidth=1.5 if sym.hollow else 1,
        markerfacecolor="none" if sym.hollow else sym.color,
        markeredgecolor=sym.color if sym.hollow else "#222",
    )


def _columns(blocks: list[list[Any]], ncols: int) -> list[list[Any]]:
    """Blocks packed into at most ncols columns of equal length, no block split across two."""
    for rows in range(max(len(b) for b in blocks), sum(len(b) for b in blocks) + 1):
        cols: list[list[Any]] = [[]]
        for block in blocks:
            if cols[-1] and len(cols[-1]) + len(block) > rows:
                cols.append([])
            cols[-1] += block
        if len(cols) <= ncols:
            return [col + [(None, "", "pad")] * (rows - len(col)) for col in cols]
    return [sum(blocks, [])]


def draw_legend(
    fig: Figure, shown: list[Shown], width_pt: float, renderer: Any, overlays: tuple[TeamOverlay, ...] = ()
) -> float:
    """The legend of exactly the visible symbols (and the team's overlays), a strip under the map; returns its
    height in points."""
    blank = Line2D([], [], linestyle="none")
    blocks = [
        [(blank, title, "title"), *((_handle(s), s.label, "entry") for s in symbols)]
        for title, symbols in legend_entries(shown)
    ]
    if overlays:
        team = [Symbol(o.name, o.colour, o.shape) for o in overlays]
        blocks.append([(blank, TEAM_TITLE, "title"), *((_handle(s), s.label, "entry") for s in team)])
    notes = [*NOTES, DIM_NOTE] if any(s.dimmed for s in shown) else list(NOTES)
    blocks.append([(blank, n, "note") for n in (notes if shown else [EMPTY])])
    for ncols in range(min(len(blocks), 5), 0, -1):
        entries = sum(_columns(blocks, ncols), [])
        legend = fig.legend(
            [e[0] or blank for e in entries],
            [e[1] for e in entries],
            loc="lower left",
            bbox_to_anchor=(MARGIN, BOTTOM),
            ncols=ncols,
            frameon=False,
            fontsize=9.5,
            handlelength=2.2,
            borderaxespad=0,
            borderpad=0,
            labelspacing=0.32,
            columnspacing=1.4,
            title="Legend",
            alignment="left",
            title_fontproperties={"weight": "bold", "size": 12},
        )
        for text, (_, _, kind) in zip(legend.get_texts(), entries):
            text.set_parse_math(False)
            text.set(
                fontweight="bold" if kind == "title" else "normal",
                color=GREY if kind == "note" else INK,
                fontstyle="italic" if kind == "note" else "normal",
            )
        box = legend.get_window_extent(renderer)
        if box.width * 72 / renderer.dpi <= width_pt or ncols == 1:
            return box.height * 72 / renderer.dpi
        legend.remove()
    return 0.0
