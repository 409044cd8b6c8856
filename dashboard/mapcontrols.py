"""Leaflet controls that folium lacks: attribution lines, foldable controls, popups and a URL-synced view."""

from __future__ import annotations

from branca.element import MacroElement
from jinja2 import Template


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


class MapControl(MacroElement):
    """A control (legend, title, north arrow) that lives in a feature group: it comes and goes with the group."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function () {
            var control = L.control({position: {{ this.position|tojson }}});
            var fold = function (open) {
                return function () {
                    var details = control.getContainer() && control.getContainer().querySelector("details");
                    if (details) { details.open = open; }
                };
            };
            var onOpen = fold(false), onClose = fold(true);
            control.onAdd = function (map) {
                var div = L.DomUtil.create("div", {{ this.css_class|tojson }});
                div.innerHTML = {{ this.html|tojson }};
                L.DomEvent.disableClickPropagation(div);
                // A folding control (the legend) steps aside while a popup is open.
                map.on("popupopen", onOpen).on("popupclose", onClose);
                return div;
            };
            control.onRemove = function (map) { map.off("popupopen", onOpen).off("popupclose", onClose); };
            var holder = L.layerGroup();
            holder.on("add", function (e) { control.addTo(e.target._map); });
            holder.on("remove", function () { control.remove(); });
            return holder;
        })();
        {{ this._parent.get_name() }}.addLayer({{ this.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, html: str, position: str = "bottomright", css_class: str = "briefing-legend") -> None:
        super().__init__()
        self._name = "MapControl"
        self.html, self.position, self.css_class = html, position, css_class


class OpenPopup(MacroElement):
    """Open the selected feature's popup once its group is on the map (it survives a layer swap)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.layerGroup().on("add", function (e) {
            var map = e.target._map, wanted = {{ this.feature_id|tojson }};
            // Wait for streamlit-folium to set the view, so the popup pans into sight of the final view.
            setTimeout(function () { Object.values(map._layers).forEach(function (parent) {
                if (!parent.getPopup || !parent.getPopup() || !parent.eachLayer) { return; }
                parent.eachLayer(function (child) {
                    var p = child.feature && child.feature.properties;
                    if (p && p.id === wanted) {
                        // The popup is bound to the layer's GeoJson: aim it at this feature, then open it.
                        parent.getPopup()._source = child;
                        parent.openPopup(child.getLatLng ? child.getLatLng() : child.getBounds().getCenter());
                    }
                });
            }); }, 0);
        });
        {{ this._parent.get_name() }}.addLayer({{ this.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, feature_id: str) -> None:
        super().__init__()
        self._name = "OpenPopup"
        self.feature_id = feature_id


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
