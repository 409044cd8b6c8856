/* Draws the briefing map's features in the browser.
 *
 * BriefingMap.init(map, source) fetches the feature document once (source.url) or takes it inline
 * (source.data). BriefingMap.apply(map, state) then shows the features a state names, without
 * rebuilding the map: the server sends only bitmaps of the drawn and dimmed features, the selected
 * feature's popup, the legend and, in briefing mode, the slide's frame. The document carries every
 * popup unless it is large; then a click shows the tooltip at once and the popup with the rerun.
 *
 * Every HTML string here (popups, legend, frame, banner) was rendered by the server from templates
 * that escape every value; tooltips and any other text made here are set with textContent.
 */
(function () {
  "use strict";

  function bitmap(b64, size) {
    var raw = atob(b64), out = new Uint8Array(size);
    for (var i = 0; i < size; i++) { out[i] = (raw.charCodeAt(i >> 3) >> (i & 7)) & 1; }
    return out;
  }

  // Markers of other shapes than a circle: the same hit area and radius, another outline (SVG or canvas).
  var SHAPES = {
    square: [[-1, -1], [1, -1], [1, 1], [-1, 1]],
    diamond: [[0, -1.25], [1.25, 0], [0, 1.25], [-1.25, 0]],
    triangle: [[0, -1.25], [1.2, 0.95], [-1.2, 0.95]]
  };
  var ShapeMarker = L.CircleMarker.extend({
    _updatePath: function () {
      var corners = SHAPES[this.options.shape], p = this._point, r = this._radius;
      this._parts = [corners.map(function (c) { return L.point(p.x + c[0] * r, p.y + c[1] * r); })];
      this._renderer._updatePoly(this, true);
    }
  });

  function marker(latlng, options) {
    return SHAPES[options.shape] ? new ShapeMarker(latlng, options) : L.circleMarker(latlng, options);
  }

  // A tooltip built from the feature's words as text: name in bold, then kind and dates.
  function tooltipFor(f) {
    var box = document.createElement("span"), name = document.createElement("b");
    name.textContent = f.n;
    box.appendChild(name);
    box.appendChild(document.createTextNode(" · " + f.k + " · " + f.t));
    return box;
  }

  function centreOf(layer) {
    return layer.getLatLng ? layer.getLatLng() : layer.getBounds().getCenter();
  }

  // A control whose HTML is replaced on each state; a folding one steps aside while a popup is open.
  function Slot(position, cssClass, folds) {
    this.control = null;
    this.position = position;
    this.cssClass = cssClass;
    this.folds = folds;
  }
  Slot.prototype.set = function (map, html) {
    if (!html) { if (this.control) { this.control.remove(); this.control = null; } return; }
    if (!this.control) {
      var slot = this, control = L.control({position: this.position});
      control.onAdd = function () {
        var div = L.DomUtil.create("div", slot.cssClass);
        L.DomEvent.disableClickPropagation(div);
        L.DomEvent.disableScrollPropagation(div);
        return div;
      };
      this.control = control.addTo(map);
      if (this.folds) {
        var fold = function (open) {
          return function () {
            var details = control.getContainer().querySelector("details");
            if (details) { details.open = open; }
          };
        };
        map.on("popupopen", fold(false)).on("popupclose", fold(true));
      }
    }
    var box = this.control.getContainer();
    if (box.getAttribute("data-html") !== html) {
      box.innerHTML = html;
      box.setAttribute("data-html", html);
    }
  };

  // The features' own panes, above the basemap whatever the order in which layers are added.
  var PANES = {under: 410, features: 420};

  function Store(map) {
    for (var name in PANES) {
      if (!map.getPane("briefing-" + name)) { map.createPane("briefing-" + name).style.zIndex = PANES[name]; }
    }
    this.map = map;
    this.doc = null;
    this.state = null;
    this.applied = 0;  // states drawn so far
    this.layers = [];
    this.circles = [];
    this.popups = {};
    this.group = L.featureGroup().addTo(map);
    this.under = L.layerGroup().addTo(map);
    this.slots = {
      legend: new Slot("bottomright", "briefing-legend", true),
      title: new Slot("topright", "briefing-title", false),
      footer: new Slot("bottomleft", "briefing-footer", false),
      north: new Slot("topleft", "briefing-north", false),
      banner: new Slot("topright", "briefing-banner", false)
    };
    var store = this;
    this.group.bindTooltip(function (layer) { return tooltipFor(store.doc.features[layer._bmIndex]); }, {sticky: true});
    this.group.on("click", function (e) { store.openPopup(e.layer._bmIndex, e.latlng); });
    map.on("zoomend", function () { if (store.doc) { store.drawCircles(); } });
  }

  Store.prototype.options = function (styleIndex, pane) {
    var style = this.doc.styles[styleIndex], out = {pane: pane || "briefing-features"};
    for (var k in style) { out[k] = style[k]; }
    if (this.renderers) { out.renderer = this.renderers[out.pane]; }
    return out;
  };

  Store.prototype.layer = function (i) {
    if (!this.layers[i]) {
      var f = this.doc.features[i], g = f.g, layer;
      if (g.type === "Point") {
        layer = marker([g.coordinates[1], g.coordinates[0]], this.options(f.s));
      } else {
        layer = L.GeoJSON.geometryToLayer({type: "Feature", geometry: g}, this.options(f.s));
      }
      layer.feature = {type: "Feature", geometry: g, properties: {id: f.id, layer: f.l}};
      layer._bmIndex = i;
      this.layers[i] = layer;
    }
    return this.layers[i];
  };

  Store.prototype.circle = function (i) {
    if (!this.circles[i]) {
      var f = this.doc.features[i], g = f.g, opts = this.options(f.c[1], "briefing-under");
      opts.radius = f.c[0];
      opts.interactive = false;
      this.circles[i] = L.circle([g.coordinates[1], g.coordinates[0]], opts);
    }
    return this.circles[i];
  };

  // An uncertainty circle no wider than its marker would be hidden by it: it is drawn once the zoom shows it.
  Store.prototype.drawCircles = function () {
    var doc = this.doc, shown = this.shown, dimmed = this.dimmed, zoom = this.map.getZoom();
    this.under.clearLayers();
    if (!shown) { return; }
    for (var i = 0; i < shown.length; i++) {
      var f = doc.features[i];
      if (!shown[i] || !f.c) { continue; }
      var metresPerPixel = 40075016.686 * Math.cos(f.g.coordinates[1] * Math.PI / 180) / Math.pow(2, zoom + 8);
      if (f.c[0] / metresPerPixel <= (doc.styles[f.s].radius || 0)) { continue; }
      this.circle(i).setStyle(this.options(f.c[dimmed[i] ? 2 : 1], "briefing-under"));
      this.under.addLayer(this.circle(i));
    }
  };

  Store.prototype.popupHtml = function (i) {
    var f = this.doc.features[i];
    if (f.p) { return f.p; }
    if (this.popups[f.id]) { return this.popups[f.id]; }
    // Shown at once; the full popup follows with the rerun the click starts.
    var box = document.createElement("div"), note = document.createElement("p");
    box.className = "feature-popup feature-popup-pending";
    box.appendChild(tooltipFor(f));
    note.className = "fp-meta";
    note.textContent = "Loading details…";
    box.appendChild(note);
    return box;
  };

  Store.prototype.openPopup = function (i, latlng) {
    var id = this.doc.features[i].id, popup = this.popup;
    if (popup && popup._bmId === id && this.map.hasLayer(popup)) {
      popup.setContent(this.popupHtml(i));
      return;
    }
    this.popup = L.popup({maxWidth: 420, autoPanPaddingTopLeft: [60, 10]})
      .setLatLng(latlng || centreOf(this.layer(i)))
      .setContent(this.popupHtml(i));
    this.popup._bmId = id;
    this.popup.openOn(this.map);
  };

  Store.prototype.fail = function (message) { notice(this.map, message); };

  Store.prototype.apply = function (state) {
    var slots = this.slots, frame = state.frame || {};
    this.state = state;
    slots.legend.set(this.map, state.legend);
    slots.title.set(this.map, frame.title);
    slots.footer.set(this.map, frame.footer);
    slots.north.set(this.map, frame.north);
    slots.banner.set(this.map, state.banner);
    if (state.selected && state.popup) { this.popups[state.selected] = state.popup; }
    if (!this.doc) { return; }  // drawn when the document arrives
    var doc = this.doc, size = doc.features.length;
    if (state.size !== size) {
      this.fail("The map's data changed on the server: reload the page.");
      return;
    }
    var shown = bitmap(state.shown, size), dimmed = bitmap(state.dimmed, size), selected = -1;
    this.group.clearLayers();
    this.shown = shown;
    this.dimmed = dimmed;
    this.drawCircles();
    for (var r = 0; r < doc.runs.length; r++) {
      for (var pass = 1; pass >= 0; pass--) {
        for (var j = doc.runs[r][0]; j < doc.runs[r][1]; j++) {
          if (!shown[j] || dimmed[j] !== pass) { continue; }
          var f = doc.features[j], layer = this.layer(j);
          layer.setStyle(this.options(dimmed[j] ? f.d : f.s));
          this.group.addLayer(layer);
          if (f.id === state.selected) { selected = j; }
        }
      }
    }
    this.applied += 1;
    if (selected >= 0) {
      var chosen = this.layer(selected);
      chosen.setStyle(state.selected_style);
      if (chosen.bringToFront) { chosen.bringToFront(); }
      var store = this, popup = this.popup;
      var at = popup && popup._bmId === state.selected && this.map.hasLayer(popup) ? popup.getLatLng() : null;
      // After streamlit-folium sets the view, so the popup pans into sight of the final view.
      setTimeout(function () { store.openPopup(selected, at); }, 0);
    }
  };

  // A message on the map itself, for what could not be loaded.
  function notice(map, message) {
    var control = L.control({position: "topright"});
    control.onAdd = function () {
      var div = L.DomUtil.create("div", "briefing-notice");
      div.style.cssText = "background:#fff3f3;border:1px solid #c00;padding:4px 8px;font:12px sans-serif;max-width:320px";
      div.textContent = message;
      return div;
    };
    control.addTo(map);
  }

  function fetchJson(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) { throw new Error("HTTP " + r.status); }
      return r.json();
    });
  }

  // Keep the page URL's lat, lon and z in step with the map view, without a Streamlit rerun.
  function syncView(map) {
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
        // Streamlit rewrites the page URL from the query string it last wrote, which knows nothing
        // of a pan: keep the live view in every URL it writes.
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
  }

  window.BriefingMap = {
    // Every basemap layer is requested at once; each is drawn in its own pane, so the order holds
    // whichever arrives first (above online tiles at 200, below the overlays at 400).
    basemap: function (map, layers) {
      layers.forEach(function (spec, i) {
        var pane = "briefing-basemap-" + i;
        if (!map.getPane(pane)) { map.createPane(pane).style.zIndex = 210 + i; }
        fetchJson(spec.url)
          .then(function (data) {
            L.geoJSON(data, {style: function () { return spec.style; }, interactive: false, pane: pane}).addTo(map);
          })
          .catch(function (err) { notice(map, "Basemap layer not loaded (" + spec.url + "): " + err.message); });
      });
    },
    init: function (map, source) {
      var store = map._briefing = new Store(map);
      var ready = function (doc) {
        store.doc = doc;
        store.renderers = doc.canvas ? {
          "briefing-under": L.canvas({padding: 0.5, pane: "briefing-under"}),
          "briefing-features": L.canvas({padding: 0.5, pane: "briefing-features"})
        } : null;
        if (store.state) { store.apply(store.state); }
      };
      if (source.data) { ready(source.data); return; }
      fetchJson(source.url)
        .then(ready)
        .catch(function (err) { store.fail("The map's features could not be loaded (" + source.url + "): " + err.message); });
    },
    apply: function (map, state) { map._briefing.apply(state); },
    // A rerun's state arrives in the feature group streamlit-folium swaps in: applied once it is on the map.
    state: function (group, state) {
      var holder = L.layerGroup().on("add", function (e) { e.target._map._briefing.apply(state); });
      group.addLayer(holder);
    },
    attribution: function (map, text) { map.attributionControl.addAttribution(text); },
    syncView: syncView
  };
})();
