"""HTML for tooltips, popups and the legend: every string from data is escaped here."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape as _html_escape
from typing import Any

from dashboard.config import LAYERS
from dashboard.filters import Shown
from dashboard.styles import Symbol, symbol_for

LAYER_TITLES = {spec.id: spec.title for spec in LAYERS}


def escape(text: str, quote: bool = True) -> str:
    """Escape text for HTML that folium places inside JavaScript template strings (so also ` and $)."""
    return _html_escape(text, quote=quote).replace("`", "&#96;").replace("$", "&#36;")


KIND_LABELS = {
    "air_base": "Air base",
    "naval_facility": "Naval facility",
    "official_crossing": "Official crossing",
    "informal_crossing": "Informal crossing",
    "assad_era_route": "Assad-era smuggling route",
    "covert_route": "Covert smuggling route",
    "airstrike": "Airstrike",
    "capital": "Capital",
    "city": "City",
    "town": "Town",
    "port": "Port",
    "industrial_site": "Industrial site",
    "border_crossing": "Border crossing",
    "alignment": "Alignment",
    "supply_route": "Supply route",
    "channel": "Channel",
    "governorate": "Governorate",
    "brics_member": "BRICS member",
}
LOCATION_LABELS = {
    "sourced": "sourced point",
    "approximate": "approximate",
    "area": "area (no precise point)",
    "schematic": "schematic link between sourced places",
}


def kind_label(kind: str) -> str:
    """A readable name for a feature kind."""
    return KIND_LABELS.get(kind, kind.replace("_", " ").capitalize())


def date_text(props: dict[str, Any]) -> str:
    """The feature's dates as text: a day, a range, an open period or 'undated'."""
    start, end = props.get("date_from"), props.get("date_to")
    if start and end:
        return start if start == end else f"{start} – {end}"
    if start:
        return f"since {start}"
    if end:
        return f"until {end}"
    return "undated"


def accuracy_text(props: dict[str, Any]) -> str:
    """How precisely the feature is located."""
    label = LOCATION_LABELS[props["location"]]
    if props["location"] == "schematic":
        return label
    return f"±{props['accuracy_km']:g} km, {label}"


def source_line(source: dict[str, Any]) -> str:
    """A plain-text citation."""
    parts = [source["title"], source["publisher"]]
    if source.get("date"):
        parts.append(source["date"])
    line = ", ".join(parts)
    return f"{line}. {source['url']}" if source.get("url") else f"{line}."


def tooltip_html(layer: str, props: dict[str, Any]) -> str:
    """A one-line hover label."""
    return f"<b>{escape(props['name'])}</b> · {escape(kind_label(props['kind']))} · {escape(date_text(props))}"


# One stylesheet for every popup, sent once with the base map instead of inside each popup.
POPUP_CSS = (
    "<style>.feature-popup{font-size:13px;line-height:1.35}.feature-popup h4{margin:0 0 4px}"
    ".feature-popup th{text-align:left;padding-right:6px;vertical-align:top}.feature-popup p{margin:6px 0}"
    ".feature-popup blockquote{margin:6px 0;padding-left:8px;border-left:3px solid #E69F00;font-style:italic}"
    ".feature-popup ul{margin:2px 0 0 16px;padding:0}.feature-popup .fp-meta{font-style:normal;color:#555}</style>"
)


def _source_html(source: dict[str, Any]) -> str:
    """One source as an HTML list item with a safe link."""
    title = escape(source["title"])
    if source.get("url"):
        title = f'<a href="{escape(source["url"], quote=True)}" target="_blank" rel="noopener noreferrer">{title}</a>'
    meta = escape(", ".join(p for p in (source["publisher"], source.get("date") or "") if p))
    return f'<li>{title} <span class="fp-meta">({meta})</span></li>'


def popup_html(layer: str, props: dict[str, Any]) -> str:
    """The popup: what it is, when, how sure, the article's sentence and the outside sources."""
    rows = [
        ("Kind", f"{kind_label(props['kind'])} ({LAYER_TITLES.get(layer, layer)})"),
        ("Dates", date_text(props)),
        ("Status", props["status"]),
        ("Confidence", props["confidence"]),
        ("Location", accuracy_text(props)),
    ]
    table = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in rows)
    quote = ""
    if props.get("quote"):
        quote = f'<blockquote>“{escape(props["quote"])}”<br><span class="fp-meta">— the article</span></blockquote>'
    sources = "".join(_source_html(s) for s in props["sources"])
    return (
        f'<div class="feature-popup" data-feature-id="{escape(props["id"], quote=True)}" '
        ">"
        f"<h4>{escape(props['name'])}</h4><table>{table}</table>{quote}"
        f"<p>{escape(props['description'])}</p>"
        f"<b>Sources</b><ul>{sources}</ul></div>"
    )


def _swatch(sym: Symbol) -> str:
    """A small inline SVG of a legend symbol."""
    dash = f" stroke-dasharray='{escape(sym.dash, quote=True)}'" if sym.dash else ""
    fill = "none" if sym.hollow else sym.color
    if sym.shape == "line":
        shape = f"<line x1='1' y1='8' x2='23' y2='8' stroke='{sym.color}' stroke-width='3'{dash}/>"
    elif sym.shape == "area":
        shape = (
            f"<rect x='2' y='3' width='20' height='10' fill='{fill}' fill-opacity='0.35' "
            f"stroke='{sym.color}' stroke-width='1.5'{dash}/>"
        )
    else:
        stroke = sym.color if sym.hollow else "#222"
        shape = f"<circle cx='12' cy='8' r='5.5' fill='{fill}' stroke='{stroke}' stroke-width='1.5'{dash}/>"
    return f"<svg width='24' height='16' aria-hidden='true'>{shape}</svg>"


def legend_entries(shown: list[Shown]) -> list[tuple[str, list[Symbol]]]:
    """The symbols of exactly the visible features, grouped by layer, in first-seen order."""
    out: dict[str, list[Symbol]] = {}
    for item in shown:
        sym = symbol_for(item.layer, item.feature["properties"])
        title = LAYER_TITLES[item.layer]
        if sym not in out.setdefault(title, []):
            out[title].append(sym)
    return list(out.items())


def legend_html(shown: list[Shown]) -> str:
    """The legend control's HTML."""
    if not shown:
        return "<div class='legend-body'><b>Legend</b><br>No features match the filters.</div>"
    blocks = []
    for title, symbols in legend_entries(shown):
        rows = "".join(f"<div class='legend-row'>{_swatch(s)} {escape(s.label)}</div>" for s in symbols)
        blocks.append(f"<div class='legend-layer'><div class='legend-title'>{escape(title)}</div>{rows}</div>")
    notes = ["Dashed outline or faint circle: approximate location", "Fainter: lower confidence"]
    if any(s.dimmed for s in shown):
        notes.append("Greyed: outside the chosen section")
    foot = "".join(f"<div class='legend-note'>{escape(n)}</div>" for n in notes)
    return (
        "<details open class='legend-body' style='background:rgba(255,255,255,0.92);padding:4px 8px;border-radius:4px;"
        "font:11px/1.25 sans-serif;max-height:42vh;overflow:auto;box-shadow:0 1px 4px rgba(0,0,0,0.3)'>"
        f"<summary style='cursor:pointer;font-weight:bold'>Legend</summary>{''.join(blocks)}"
        f"<div style='margin-top:4px;color:#444'>{foot}</div></details>"
    )


@dataclass(frozen=True)
class SlideFrame:
    """What briefing mode prints on the map itself."""

    title: str
    subtitle: str
    as_of: str
    source_line: str
    caveat: str | None = None


NORTH_ARROW = (
    "<div title='North' style='background:rgba(255,255,255,0.9);padding:2px 6px;border-radius:4px;"
    "text-align:center;font:bold 13px sans-serif'><svg width='18' height='26' aria-label='North arrow'>"
    "<polygon points='9,1 17,25 9,19 1,25' fill='#222'/></svg><br>N</div>"
)


def title_html(frame: SlideFrame) -> str:
    """The slide's title block."""
    caveat = (
        f"<div style='color:#b00;font-weight:bold;letter-spacing:0.05em'>{escape(frame.caveat)}</div>"
        if frame.caveat
        else ""
    )
    return (
        "<div style='background:rgba(255,255,255,0.93);padding:6px 10px;border-radius:4px;max-width:520px;"
        f"box-shadow:0 1px 4px rgba(0,0,0,0.3);font-family:sans-serif'>{caveat}"
        f"<div style='font-size:18px;font-weight:bold'>{escape(frame.title)}</div>"
        f"<div style='font-size:12px;color:#333'>{escape(frame.subtitle)}</div></div>"
    )


def footer_html(frame: SlideFrame) -> str:
    """The slide's as-of date and source line."""
    return (
        "<div style='background:rgba(255,255,255,0.9);padding:3px 8px;border-radius:4px;font:11px sans-serif;"
        f"max-width:560px'><b>As of {escape(frame.as_of)}</b> · {escape(frame.source_line)}</div>"
    )
