"""The map's data as the browser gets it: every feature once, then a small state per rerun (pure, no Streamlit).

The features (geometry, styles, escaped tooltip) form one document the map fetches once. Each rerun
sends only which of them are drawn and dimmed, as two bitmaps over the document's order, plus the
selected feature's popup and the legend. A filter or section change therefore costs a few kilobytes
whatever the number of features, and the map is never rebuilt.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dashboard.core.features import PRECISE_POINT_KM, Feature
from dashboard.data.layers import Layer
from dashboard.view import wording
from dashboard.view.filters import Shown
from dashboard.view.labels import Label
from dashboard.view.styles import accuracy_style, style_for, symbol_for
from dashboard.web import html
from dashboard.web.static_files import write_hashed

# Above this many features the map draws on one canvas instead of one SVG element per feature, and
# leaves each popup to the rerun its click starts instead of carrying every popup in the document.
CANVAS_ABOVE = 2000


@dataclass(frozen=True)
class Timeline:
    """What the map's playback steps through (the section's period, or the data's span) and where it is paused."""

    period: tuple[dt.date, dt.date]
    moment: dt.date | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "period": [day.isoformat() for day in self.period],
            "moment": self.moment.isoformat() if self.moment else None,
        }


@dataclass(frozen=True)
class Changes:
    """What changed since an earlier export, as the live map marks it: a heading and (lat, lon, kind, name)."""

    heading: str
    marks: list[tuple[float, float, str, str]]
    labels: dict[str, str]  # each kind's words in the map's key

    def as_json(self) -> dict[str, Any]:
        return {"heading": self.heading, "marks": [list(m) for m in self.marks], "labels": self.labels}


@dataclass(frozen=True)
class BrowserData:
    """The document the browser fetches, where each feature id sits in it, and the document's name."""

    doc: dict[str, Any]
    index: dict[str, int]
    name: str


def draw_order(items: list[Shown]) -> list[Shown]:
    """Every layer's areas and lines, then every layer's points, each by the manifest's draw rank, file order within."""
    return sorted(items, key=lambda s: (s.feature.is_point, s.spec.draw_rank))


def has_uncertainty_circle(feature: Feature) -> bool:
    """An approximate point shows a circle of its accuracy; a sourced or precise one does not."""
    props = feature.properties
    return feature.is_point and props.accuracy_km >= PRECISE_POINT_KM and props.location != "sourced"


class _Styles:
    """Distinct style dicts, each stored once and referred to by index."""

    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []
        self._seen: dict[str, int] = {}

    def ref(self, style: dict[str, Any]) -> int:
        key = json.dumps(style, sort_keys=True)
        if key not in self._seen:
            self._seen[key] = len(self.items)
            self.items.append(style)
        return self._seen[key]


def _entry(item: Shown, styles: _Styles, symbols: _Styles, with_popup: bool) -> dict[str, Any]:
    """One feature as the browser draws it: geometry, styles, legend entry, the words of its tooltip, its
    popup and circle."""
    props = item.props
    entry = {
        "id": item.feature.id,
        "l": item.layer,
        "g": item.feature.geometry,
        "s": styles.ref(style_for(item.spec, props)),
        "d": styles.ref(style_for(item.spec, props, dimmed=True)),
        "y": symbols.ref(symbol_for(item.spec, props).key),
        "n": props.name,
        "k": wording.kind_label(item.spec, props),
        "t": wording.date_text(props),
    }
    start = props.date_from or props.date_to
    if start is not None:
        # Its days, for the playback: an event is its first day; a period without an end runs on.
        entry["a"] = start.isoformat()
        end = props.date_to or (start if item.spec.event else None)
        if end is not None:
            entry["b"] = end.isoformat()
    if with_popup:
        entry["p"] = html.popup_html(item.spec, props)
    if has_uncertainty_circle(item.feature):
        entry["c"] = [
            props.accuracy_km * 1000,
            styles.ref(accuracy_style(item.spec, props)),
            styles.ref(accuracy_style(item.spec, props, dimmed=True)),
        ]
    return entry


def browser_document(items: list[Shown], with_popups: bool | None = None) -> tuple[dict[str, Any], dict[str, int]]:
    """The features as the map draws them, in draw order, and each id's position.

    Per feature: id, layer, geometry, normal and dimmed style (indexes into "styles"), its legend entry (an
    index into "symbols", so the legend can list only what is in view), its name, kind and
    dates as plain text (the browser builds the tooltip from them with textContent), for an approximate
    point its uncertainty circle (radius in m and two styles), and the escaped popup HTML unless there are
    too many features (with_popups=None) or it is False. "runs" are the [start, end) spans of one layer and
    geometry kind: within a run, dimmed features are drawn first so the ones in focus lie on top.
    """
    styles, symbols = _Styles(), _Styles()
    features, runs, index = [], [], {}
    if with_popups is None:
        with_popups = len(items) <= CANVAS_ABOVE
    for item in draw_order(items):
        run = (item.layer, item.feature.is_point)
        if not runs or runs[-1][0] != run:
            runs.append((run, len(features)))
        index[item.feature.id] = len(features)
        features.append(_entry(item, styles, symbols, with_popups))
    bounds = [start for _, start in runs[1:]] + [len(features)]
    doc = {
        "version": 2,
        "canvas": len(features) > CANVAS_ABOVE,
        "styles": styles.items,
        "symbols": symbols.items,
        "runs": [[start, end] for (_, start), end in zip(runs, bounds, strict=True)],
        "features": features,
    }
    return doc, index


def all_items(layers: dict[str, Layer]) -> list[Shown]:
    """Every loaded feature, undimmed."""
    return [Shown(layer.spec, f, False) for layer in layers.values() for f in layer.features]


def encode(doc: dict[str, Any]) -> bytes:
    """The document as compact UTF-8 JSON."""
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def write_document(doc: dict[str, Any], static_dir: Path) -> str:
    """Write the document under static_dir/data, named by its content hash; return its path there."""
    return write_hashed(encode(doc), "features", ".json", static_dir)


def ensure_written(data: BrowserData, static_dir: Path) -> None:
    """Write the document again if it was removed since (by another server's clean-up, say)."""
    if not (static_dir / data.name).exists():
        write_document(data.doc, static_dir)


def browser_data(layers: dict[str, Layer], static_dir: Path) -> BrowserData:
    """Build and write the document for every loaded feature."""
    doc, index = browser_document(all_items(layers))
    return BrowserData(doc, index, write_document(doc, static_dir))


def _bits(positions: list[int], size: int) -> str:
    """A set of positions as a base64 bitmap, least significant bit first."""
    out = bytearray((size + 7) // 8)
    for i in positions:
        out[i >> 3] |= 1 << (i & 7)
    return base64.b64encode(bytes(out)).decode("ascii")


def positions(bitmap: str, size: int) -> list[int]:
    """The positions set in a base64 bitmap (the inverse of the encoding)."""
    raw = base64.b64decode(bitmap)
    return [i for i in range(size) if raw[i >> 3] >> (i & 7) & 1]


def selected_style(shown: Shown) -> dict[str, Any]:
    """The selected feature's style: its own, outlined in black and thicker."""
    style = dict(style_for(shown.spec, shown.props, shown.dimmed))
    style.update(weight=style.get("weight", 2) + 3, color="#000000", opacity=1.0)
    return style


def map_state(
    index: dict[str, int],
    shown: list[Shown],
    selected: str | None = None,
    frame: html.SlideFrame | None = None,
    banner: str | None = None,
    labels: list[Label] | None = None,
    time: Timeline | None = None,
    changes: Changes | None = None,
) -> dict[str, Any]:
    """What the map needs on a rerun: drawn and dimmed bitmaps, the selection and its popup, the legend,
    the slide frame in briefing mode, a draft's banner, the sites' labels in priority order, each as
    [lat, lon, text, rank, position of the site in the document or -1, marker radius in px], and the
    playback's period and paused day, and the marks of what changed since an earlier export."""
    size = len(index)
    picked = next((s for s in shown if s.feature.id == selected), None)
    state: dict[str, Any] = {
        "size": size,
        "shown": _bits([index[s.feature.id] for s in shown], size),
        "dimmed": _bits([index[s.feature.id] for s in shown if s.dimmed], size),
        "selected": None,
        "legend": html.legend_html(shown),
        "frame": html.frame_html(frame) if frame is not None else None,
        "banner": html.banner_html(banner) if banner else None,
        "labels": [
            [label.lat, label.lon, label.text, label.rank, index.get(label.site, -1), round(label.radius, 1)]
            for label in labels or []
        ],
        "time": time.as_json() if time is not None else None,
        "changes": changes.as_json() if changes is not None else None,
    }
    if picked is not None:
        state.update(
            selected=picked.feature.id,
            popup=html.popup_html(picked.spec, picked.props),
            selected_style=selected_style(picked),
        )
    return state


def drawn(state: dict[str, Any], doc: dict[str, Any]) -> tuple[list[str], list[str]]:
    """The ids a state draws, and those of them dimmed: what the browser will show."""
    ids = [f["id"] for f in doc["features"]]
    return (
        [ids[i] for i in positions(state["shown"], len(ids))],
        [ids[i] for i in positions(state["dimmed"], len(ids))],
    )
