"""Text on a slide: measured in the slide's font, wrapped to a width, and citations laid out in columns."""

from __future__ import annotations

import functools

import numpy as np
from matplotlib.font_manager import FontProperties, findfont, get_font
from matplotlib.ft2font import LoadFlags

# The largest size that fits wins; 9 pt is the floor, readable at 1920x1080. What does not fit at 9 pt
# continues on the next page of the PDF (slides.py), never smaller.
SOURCE_SIZES = tuple(np.arange(11.0, 8.99, -0.25))
MIN_SOURCE_SIZE = 9.0
LEADING = 1.18


@functools.lru_cache(maxsize=None)
def _advance(char: str, bold: bool = False) -> float:
    """A character's advance in points at 1 pt in the slide font."""
    font = get_font(findfont(FontProperties(weight="bold" if bold else "normal")))
    font.set_size(100, 72)
    return font.load_char(ord(char), flags=LoadFlags.NO_HINTING).linearHoriAdvance / 65536 / 100


@functools.lru_cache(maxsize=8192)
def text_width(text: str, bold: bool = False) -> float:
    """A word's width in points at 1 pt (kerning ignored: wrap() keeps a margin for it)."""
    return sum(_advance(c, bold) for c in text)


def wrap(text: str, width_pt: float, size: float, indent: str = "   ", bold: bool = False) -> list[str]:
    """Greedy word wrap to a width in points; continuation lines are indented; an over-long word is split."""
    room, space, lead = width_pt / size / 1.03, _advance(" ", bold), text_width(indent, bold)
    lines: list[str] = []
    line, used = "", 0.0
    for word in text.split():
        w = text_width(word, bold)
        if line and used + space + w <= room:
            line, used = f"{line} {word}", used + space + w
            continue
        if line:
            lines.append(line)
        pad = indent if lines else ""
        while w > room - (lead if pad else 0):  # a URL wider than the column: split it, keep every character
            cut, acc = 0, lead if pad else 0.0
            while cut < len(word) - 1 and acc + _advance(word[cut], bold) <= room:
                acc, cut = acc + _advance(word[cut], bold), cut + 1
            breaks = [i + 1 for i, c in enumerate(word[:cut]) if c in "/-_.?&=" and i + 1 > cut * 0.6]
            cut = max(breaks or [cut, 1])  # after a slash or a dash when there is one near the end
            lines.append(pad + word[:cut])
            word, pad = word[cut:], indent
            w = text_width(word, bold)
        line, used = pad + word, (lead if pad else 0.0) + w
    return lines + ([line] if line else [])


def layout_sources(
    lines: list[str], width_pt: float, height_pt: float, sizes: tuple[float, ...] = SOURCE_SIZES
) -> tuple[float, list[list[str]]] | None:
    """The largest font size, then the fewest columns, at which every citation fits whole in the box."""
    need = sum(text_width(w) + _advance(" ") for line in lines for w in line.split()) * LEADING * 1.05
    start = (width_pt * height_pt / max(need, 1.0)) ** 0.5  # the size at which the text would just fill the box
    for size in (s for s in sizes if s <= start + 0.25):
        rows_fit = int(height_pt / (size * LEADING))
        for ncols in range(1, 7):
            columns: list[list[str]] = [[]]
            for citation in lines:
                rows = wrap(citation, (width_pt - (ncols - 1) * 10) / ncols, size)
                if columns[-1] and len(columns[-1]) + len(rows) > rows_fit:
                    columns.append([])
                columns[-1] += rows
            if len(columns) <= ncols and all(len(c) <= rows_fit for c in columns):
                return size, columns + [[]] * (ncols - len(columns))
    return None


def fitting_prefix(
    lines: list[str], note: str, width_pt: float, height_pt: float
) -> tuple[int, tuple[float, list[list[str]]]]:
    """The most leading citations that fit with a closing note at the floor size, and their layout."""
    low, high, best = 0, len(lines), layout_sources([note], width_pt, height_pt, (MIN_SOURCE_SIZE,))
    if best is None:
        return 0, (MIN_SOURCE_SIZE, [[]])
    while low < high:  # the largest k whose layout fits (fitting is monotone in k)
        k = (low + high + 1) // 2
        layout = layout_sources([*lines[:k], note], width_pt, height_pt, (MIN_SOURCE_SIZE,))
        if layout:
            low, best = k, layout
        else:
            high = k - 1
    return low, best
