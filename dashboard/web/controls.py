"""Leaflet elements folium lacks, each one call into dashboard/static/briefing-map.js with JSON arguments."""

from __future__ import annotations

from typing import Any

from branca.element import MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template

# The script that draws the features and its stylesheet, in dashboard/static.
RUNTIME = "briefing-map.js"
# Loaded before the runtime: label placement, the clustering of dense layers and the playback (which it uses),
# and the team's overlays.
HELPERS = ("briefing-labels.js", "briefing-cluster.js", "briefing-playback.js", "briefing-overlays.js")
STYLESHEET = "briefing-map.css"


class Call(JSCSSMixin, MacroElement):
    """`BriefingMap.<function>(map, <argument as JSON>)`, with the runtime script and stylesheet it needs."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        BriefingMap.{{ this.function }}({{ this._parent.get_name() }}, {{ this.argument|tojson }});
        {% endmacro %}
    """)

    def __init__(self, function: str, argument: Any, asset_prefix: str) -> None:
        super().__init__()
        self._name = f"BriefingMap_{function}"
        self.function = function
        self.argument = argument
        self.default_js = [
            *((name.removesuffix(".js").replace("-", "_"), f"{asset_prefix}{name}") for name in HELPERS),
            ("briefing_map", f"{asset_prefix}{RUNTIME}"),
        ]
        self.default_css = [("briefing_map_css", f"{asset_prefix}{STYLESHEET}")]


def attribution(text: str, asset_prefix: str) -> Call:
    """Add a line to the map's attribution control."""
    return Call("attribution", text, asset_prefix)


def feature_layer(asset_prefix: str, url: str | None = None, data: dict[str, Any] | None = None) -> Call:
    """The map's features, drawn from a document fetched once (url) or given inline (data)."""
    return Call("init", {"url": url} if data is None else {"data": data}, asset_prefix)


def basemap(asset_prefix: str, layers: list[dict[str, Any]]) -> Call:
    """The offline basemap, fetched from static files all at once and without blocking."""
    return Call("basemap", layers, asset_prefix)


def basemap_labels(asset_prefix: str, layers: dict[str, Any]) -> Call:
    """The basemap's names carried in the map (kind -> GeoJSON of label points), for a map with no server."""
    return Call("basemapLabels", layers, asset_prefix)


def hillshade(asset_prefix: str, images: list[dict[str, Any]]) -> Call:
    """The terrain images ({url, bounds, opacity}) under the basemap's lines."""
    return Call("hillshade", images, asset_prefix)


def view_sync(asset_prefix: str) -> Call:
    """Keep the page URL's lat, lon and z in step with the map view, without a Streamlit rerun."""
    return Call("syncView", None, asset_prefix)


class MapState(MacroElement):
    """One rerun's view of the features (drawn, dimmed, selected, legend, frame): applied when its group is added.

    streamlit-folium swaps this group in on every rerun without rebuilding the map.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        BriefingMap.state({{ this._parent.get_name() }}, {{ this.state|tojson }});
        {% endmacro %}
    """)

    def __init__(self, state: dict[str, Any]) -> None:
        super().__init__()
        self._name = "MapState"
        self.state = state
