"""Leaflet elements that folium lacks: attribution lines, the feature layer and its state, a URL-synced view."""

from __future__ import annotations

from typing import Any

from branca.element import MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template

# The script that draws the features, in dashboard/static.
RUNTIME = "briefing-map.js"


class Attribution(MacroElement):
    """Add a line to the map's attribution control."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.text|tojson }});
        {% endmacro %}
    """)

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Attribution"
        self.text = text


class FeatureLayer(JSCSSMixin, MacroElement):
    """The map's features, drawn by briefing-map.js from a document fetched once (url) or given inline (data)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        BriefingMap.init({{ this._parent.get_name() }}, {{ this.source|tojson }});
        {% endmacro %}
    """)

    def __init__(self, asset_prefix: str, url: str | None = None, data: dict[str, Any] | None = None) -> None:
        super().__init__()
        self._name = "FeatureLayer"
        self.source = {"url": url} if data is None else {"data": data}
        self.default_js = [("briefing_map", f"{asset_prefix}{RUNTIME}")]


class Basemap(JSCSSMixin, MacroElement):
    """The offline basemap, fetched by briefing-map.js from static files, all at once and without blocking."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        BriefingMap.basemap({{ this._parent.get_name() }}, {{ this.layers|tojson }});
        {% endmacro %}
    """)

    def __init__(self, asset_prefix: str, layers: list[dict[str, Any]]) -> None:
        super().__init__()
        self._name = "Basemap"
        self.layers = layers
        self.default_js = [("briefing_map", f"{asset_prefix}{RUNTIME}")]


class MapState(MacroElement):
    """One rerun's view of the features (drawn, dimmed, selected, legend, frame): applied when its group is added."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.layerGroup().on("add", function (e) {
            BriefingMap.apply(e.target._map, {{ this.state|tojson }});
        });
        {{ this._parent.get_name() }}.addLayer({{ this.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, state: dict[str, Any]) -> None:
        super().__init__()
        self._name = "MapState"
        self.state = state


class ViewSync(MacroElement):
    """Keep the page URL's lat, lon and z in step with the map view, without a Streamlit rerun."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (map) {
            var page = window.parent;
            function withView(url) {
                var view = page.__briefingView;
                if (!view || url === undefined || url === null) { return url; }
                var u = new URL(url, page.location.href);
                u.searchParams.set("lat", view.lat);
                u.searchParams.set("lon", view.lon);
                u.searchParams.set("z", view.z);
                return u.toString();
            }
            try {
                if (!page.__briefingViewSync) {
                    // Streamlit rewrites the page URL from the query string it last wrote, which knows
                    // nothing of a pan; keep the live view in every URL it writes.
                    page.__briefingViewSync = true;
                    ["pushState", "replaceState"].forEach(function (fn) {
                        var original = page.history[fn].bind(page.history);
                        page.history[fn] = function (state, title, url) {
                            try { url = withView(url); } catch (err) { /* leave the URL as given */ }
                            return original(state, title, url);
                        };
                    });
                }
                map.on("moveend", function () {
                    var c = map.getCenter();
                    page.__briefingView = {lat: c.lat.toFixed(4), lon: c.lng.toFixed(4), z: String(map.getZoom())};
                    page.history.replaceState(page.history.state, "", page.location.href);
                });
            } catch (err) { /* a page that is not ours: leave its URL alone */ }
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self) -> None:
        super().__init__()
        self._name = "ViewSync"
