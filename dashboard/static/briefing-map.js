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
      // New HTML comes open: a folding control stays folded while a popup is open (a click's rerun sends one).
      var details = box.querySelector("details");
      if (this.folds && details && map._popup && map.hasLayer(map._popup)) { details.open = false; }
    }
  };

  // The features' own panes, above the basemap whatever the order in which layers are added.
  var PANES = {under: 410, features: 420, clusters: 430};

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
    // The point markers (or their clusters): a group of their own on the map, re-added after the areas and
    // lines so they lie on top (nested in `group`, Leaflet 1.9.3's tooltip code would call getElement on it).
    // On the map from the start, so streamlit-folium's click listener, set on the map's layers, reaches it.
    this.points = L.featureGroup().addTo(map);
    this.pointItems = [];
    this.under = L.layerGroup().addTo(map);
    this.changeMarks = L.layerGroup().addTo(map);
    this.changeKey = null;
    this.playback = window.BriefingPlayback ? new BriefingPlayback.Control(this) : null;
    this.labels = new BriefingLabels.Labels(map);
    this.labels.obstacles = this.markerCircles.bind(this);
    this.labels.afterDraw = this.placeLegend.bind(this);
    this.slots = {
      legend: new Slot("bottomright", "briefing-legend", true),
      title: new Slot("topright", "briefing-title", false),
      footer: new Slot("bottomleft", "briefing-footer", false),
      north: new Slot("topleft", "briefing-north", false),
      banner: new Slot("topright", "briefing-banner", false)
    };
    var store = this;
    var tip = function (layer) {
      return layer._bmCluster ? clusterTip(layer._bmCluster, store.doc) : tooltipFor(store.doc.features[layer._bmIndex]);
    };
    var click = function (e) {
      if (e.layer._bmCluster) {
        var b = e.layer._bmCluster.bounds;
        map.fitBounds(b, {padding: [40, 40], maxZoom: Math.max(map.getZoom() + 2, map.getBoundsZoom(b))});
        return;
      }
      store.openPopup(e.layer._bmIndex, e.latlng);
    };
    [this.group, this.points].forEach(function (g) { g.bindTooltip(tip, {sticky: true}).on("click", click); });
    map.on("zoomend", function () { if (store.doc) { store.drawCircles(); store.drawPoints(); } });
  }

  function clusterTip(cluster, doc) {
    var box = document.createElement("span"), count = document.createElement("b");
    count.textContent = cluster.members.length.toLocaleString("en") + " × " + doc.features[cluster.members[0]].k;
    box.appendChild(count);
    box.appendChild(document.createTextNode(" · click to zoom in"));
    return box;
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

  // The point markers at this zoom: each one, or counted clusters where a dense layer piles up.
  Store.prototype.drawPoints = function () {
    var map = this.map, zoom = map.getZoom(), doc = this.doc, items = this.pointItems;
    var grouped = BriefingCluster.group(items, function (lat, lon) { return map.project([lat, lon], zoom); });
    var dimmed = {};
    for (var d = 0; d < items.length; d++) { dimmed[items[d].i] = items[d].dim; }
    this.points.clearLayers();
    this.clusters = grouped.clusters;
    for (var c = 0; c < grouped.clusters.length; c++) {
      var cluster = grouped.clusters[c], first = doc.features[cluster.members[0]];
      this.points.addLayer(BriefingCluster.marker(cluster, doc.styles[dimmed[cluster.members[0]] ? first.d : first.s]));
    }
    for (var k = 0; k < grouped.singles.length; k++) {
      var i = grouped.singles[k], f = doc.features[i], layer = this.layer(i);
      layer.setStyle(this.options(dimmed[i] ? f.d : f.s));
      this.points.addLayer(layer);
    }
    this.singles = grouped.singles.length;
    this.labels.schedule();
  };

  // The markers on screen as circles {x, y, r} in container pixels: what no label may cover.
  Store.prototype.markerCircles = function () {
    var map = this.map, size = map.getSize(), out = [];
    this.points.eachLayer(function (layer) {
      var p = map.latLngToContainerPoint(layer.getLatLng());
      if (p.x < -40 || p.y < -40 || p.x > size.x + 40 || p.y > size.y + 40) { return; }
      var r = layer._bmCluster ? layer._bmRadius : (layer.options.radius || 6) * (layer.options.shape ? 1.3 : 1) + (layer.options.weight || 1) / 2;
      out.push({x: p.x, y: p.y, r: r + 1});
    });
    return out;
  };

  // A feature's bounds [south, west, north, east], worked out once.
  Store.prototype.bbox = function (i) {
    var cache = this.bboxes || (this.bboxes = {});
    if (cache[i]) { return cache[i]; }
    var b = [90, 180, -90, -180];
    (function walk(c) {
      if (typeof c[0] === "number") {
        b[0] = Math.min(b[0], c[1]); b[1] = Math.min(b[1], c[0]); b[2] = Math.max(b[2], c[1]); b[3] = Math.max(b[3], c[0]);
      } else { for (var k = 0; k < c.length; k++) { walk(c[k]); } }
    })(this.doc.features[i].g.coordinates);
    return (cache[i] = b);
  };

  // The legend lists only the symbols drawn in the current view: the rest of its rows and layers hide.
  Store.prototype.legendInView = function (container) {
    var doc = this.doc, view = this.map.getBounds(), present = {};
    var s = view.getSouth(), w = view.getWest(), n = view.getNorth(), e = view.getEast();
    for (var i = 0; i < doc.features.length; i++) {
      var y = doc.features[i].y;
      if (!this.shown[i] || present[y]) { continue; }
      var b = this.bbox(i);
      if (b[0] <= n && b[2] >= s && b[1] <= e && b[3] >= w) { present[y] = true; }
    }
    var keys = {};
    for (var k in present) { keys[doc.symbols[k]] = true; }
    var layers = container.querySelectorAll(".legend-layer"), any = false;
    for (var l = 0; l < layers.length; l++) {
      var rows = layers[l].querySelectorAll(".legend-row"), some = false;
      for (var r = 0; r < rows.length; r++) {
        var on = !rows[r].hasAttribute("data-sym") || keys[rows[r].getAttribute("data-sym")] === true;
        rows[r].hidden = !on;
        some = some || on;
      }
      layers[l].hidden = !some;
      any = any || some;
    }
    var empty = container.querySelector(".legend-empty-view");
    if (empty) { empty.hidden = any || !layers.length; }
  };

  /* In briefing mode the legend is a strip under the map, inside the slide: every entry shows, none covers
   * a mark. The map gives up the strip's height (an inline !important height beats the page's stretch). */
  Store.prototype.legendStrip = function (container) {
    var map = this.map, box = map.getContainer(), doc = box.ownerDocument;
    var strip = doc.getElementById("briefing-legend-strip");
    if (!strip) {
      strip = doc.createElement("div");
      strip.id = "briefing-legend-strip";
      box.parentNode.insertBefore(strip, box.nextSibling);
    }
    if (container.parentNode !== strip) { strip.appendChild(container); }
    // The slide's footer (date, sources) joins the strip: in a map corner it would cover marks.
    var footer = this.slots.footer.control && this.slots.footer.control.getContainer();
    if (footer && footer.parentNode !== strip) { strip.appendChild(footer); }
    var details = container.querySelector("details");
    if (details && !details.open) { details.open = true; }
    var height = "calc(100vh - " + strip.offsetHeight + "px)";
    if (box.style.getPropertyValue("height") !== height) {
      box.style.setProperty("height", height, "important");
      map.invalidateSize({animate: false});
    }
  };

  // The legend, out of the way of the markers in focus; in briefing mode a strip under the map.
  Store.prototype.placeLegend = function () {
    var control = this.slots.legend.control;
    if (!control || !this.doc || !this.shown) { return; }
    if (this.doc.symbols) { this.legendInView(control.getContainer()); }
    if (this.state.frame) { this.legendStrip(control.getContainer()); return; }
    var map = this.map, size = map.getSize(), centres = [], doc = this.doc;
    for (var i = 0; i < doc.features.length; i++) {
      if (!this.shown[i] || this.dimmed[i] || doc.features[i].g.type !== "Point") { continue; }
      var c = doc.features[i].g.coordinates, p = map.latLngToContainerPoint([c[1], c[0]]);
      if (p.x >= 0 && p.y >= 0 && p.x <= size.x && p.y <= size.y) { centres.push(p); }
      if (centres.length > 5000) { break; }
    }
    var box = control.getContainer(), before = rectKey(box);
    BriefingLabels.placeLegend(map, box, centres, !this.state.frame);
    // The labels kept clear of the legend where it was: if it moved or folded, place them again (once).
    if (rectKey(box) !== before && !this.replacing) {
      this.replacing = true;
      try { this.labels.draw(); } finally { this.replacing = false; }
    }
  };

  function rectKey(el) {
    var r = el.getBoundingClientRect();
    return [Math.round(r.left), Math.round(r.top), Math.round(r.width), Math.round(r.height)].join(",");
  }

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
    L.DomUtil[state.frame ? "addClass" : "removeClass"](this.map.getContainer(), "briefing-mode");
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
    this.base = {shown: bitmap(state.shown, size), dimmed: bitmap(state.dimmed, size)};
    this.drawChanges(state.changes);
    if (this.playback) { this.playback.sync(state.time); }
    var selected = this.draw();
    this.applied += 1;
    if (selected >= 0) {
      var store = this, popup = this.popup;
      var at = popup && popup._bmId === state.selected && this.map.hasLayer(popup) ? popup.getLatLng() : null;
      // After streamlit-folium sets the view, so the popup pans into sight of the final view.
      setTimeout(function () { store.openPopup(selected, at); }, 0);
    }
  };

  // Draw again from the last state, as the playback's day changed: no message to or from the server.
  Store.prototype.redraw = function () {
    if (this.doc && this.base) { this.draw(); }
  };

  // Draw the state's features (less those the playback's day hides or fades); the selected one's position.
  Store.prototype.draw = function () {
    var state = this.state, doc = this.doc, selected = -1;
    var drawn = this.playback ? this.playback.mask(doc, this.base.shown, this.base.dimmed) : this.base;
    var shown = drawn.shown, dimmed = drawn.dimmed;
    this.group.clearLayers();
    this.points.clearLayers();
    this.pointItems = [];
    this.shown = shown;
    this.dimmed = dimmed;
    this.drawCircles();
    for (var r = 0; r < doc.runs.length; r++) {
      for (var pass = 1; pass >= 0; pass--) {
        for (var j = doc.runs[r][0]; j < doc.runs[r][1]; j++) {
          if (!shown[j] || dimmed[j] !== pass) { continue; }
          var f = doc.features[j];
          if (f.id === state.selected) { selected = j; }
          if (f.g.type === "Point") {
            this.pointItems.push({i: j, lat: f.g.coordinates[1], lon: f.g.coordinates[0],
              key: (dimmed[j] ? f.d : f.s) + ":" + f.l, keep: f.id === state.selected, dim: dimmed[j]});
            continue;
          }
          var layer = this.layer(j);
          layer.setStyle(this.options(dimmed[j] ? f.d : f.s));
          this.group.addLayer(layer);
        }
      }
    }
    this.points.remove();
    this.points.addTo(this.map);
    this.drawPoints();
    this.labels.setSites(state.labels);
    if (selected >= 0) {
      var chosen = this.layer(selected);
      chosen.setStyle(state.selected_style);
      if (chosen.bringToFront) { chosen.bringToFront(); }
    }
    return selected;
  };

  // What changed since an earlier export: a ring per feature (one look per kind, a removed one where it was)
  // above the features, and a key naming the export's date. Every text is set with textContent.
  var CHANGE_LOOK = {
    "new": {color: "#1a9850", dashArray: null},
    "removed": {color: "#d73027", dashArray: "4 3"},
    "changed": {color: "#7b3294", dashArray: null}
  };
  Store.prototype.drawChanges = function (changes) {
    var map = this.map, marks = this.changeMarks, key = changes ? JSON.stringify(changes) : null;
    if (key === this.changeKey) { return; }
    this.changeKey = key;
    marks.clearLayers();
    if (this.changeControl) { this.changeControl.remove(); this.changeControl = null; }
    if (!changes) { return; }
    changes.marks.forEach(function (m) {
      var look = CHANGE_LOOK[m[2]] || CHANGE_LOOK.changed;
      var tip = document.createElement("span");
      tip.textContent = (changes.labels[m[2]] || m[2]) + ": " + m[3];
      L.circleMarker([m[0], m[1]], {pane: "briefing-clusters", radius: 14, color: look.color, weight: 3,
        dashArray: look.dashArray, fill: false, interactive: true, className: "briefing-change briefing-change-" + m[2]})
        .bindTooltip(tip).addTo(marks);
    });
    var control = L.control({position: "topright"});
    control.onAdd = function () {
      var box = L.DomUtil.create("div", "briefing-changes-key"), head = document.createElement("b");
      head.textContent = changes.heading;
      box.appendChild(head);
      Object.keys(CHANGE_LOOK).forEach(function (kind) {
        var count = changes.marks.filter(function (m) { return m[2] === kind; }).length;
        if (!count) { return; }
        var row = document.createElement("div"), ring = document.createElement("span");
        ring.className = "briefing-change-ring";
        ring.style.borderColor = CHANGE_LOOK[kind].color;
        ring.style.borderStyle = CHANGE_LOOK[kind].dashArray ? "dashed" : "solid";
        row.appendChild(ring);
        row.appendChild(document.createTextNode((changes.labels[kind] || kind) + " (" + count + ")"));
        box.appendChild(row);
      });
      return box;
    };
    this.changeControl = control.addTo(map);
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
      // The playback's day, once it has set one (before that, the link's t is left as the server wrote it).
      if (page.__briefingMoment) { u.searchParams.set("t", page.__briefingMoment); }
      else if (page.__briefingMoment === null) { u.searchParams.delete("t"); }
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
      page.__briefingSyncedMap = map;
      map.on("moveend", function () {
        var c = map.getCenter();
        page.__briefingView = {lat: c.lat.toFixed(4), lon: c.lng.toFixed(4), z: String(map.getZoom())};
        page.history.replaceState(page.history.state, "", page.location.href);
      });
    } catch (err) { /* a page that is not ours: leave its URL alone */ }
  }

  // Basemap names wait for the feature store (created by init, which the page calls first or soon after).
  function basemapLabels(map, kind, data) {
    if (map._briefing) { map._briefing.labels.addBasemap(kind, data); return; }
    map.once("briefing-ready", function () { map._briefing.labels.addBasemap(kind, data); });
  }

  window.BriefingMap = {
    // Every basemap layer is requested at once; each is drawn in its own pane, so the order holds
    // whichever arrives first (above online tiles at 200, below the overlays at 400).
    basemap: function (map, layers) {
      layers.forEach(function (spec, i) {
        var pane = "briefing-basemap-" + i;
        if (!map.getPane(pane)) { map.createPane(pane).style.zIndex = 210 + 2 * i; }
        fetchJson(spec.url)
          .then(function (data) {
            if (spec.labels) {
              basemapLabels(map, spec.labels, data);
              return;
            }
            L.geoJSON(data, {style: function () { return spec.style; }, interactive: false, pane: pane}).addTo(map);
          })
          .catch(function (err) { notice(map, "Basemap layer not loaded (" + spec.url + "): " + err.message); });
      });
    },
    init: function (map, source) {
      var store = map._briefing = new Store(map);
      map.fire("briefing-ready");
      // The page stretches the map's frame to the window after Leaflet has measured it: follow its size, keeping the centre.
      if (window.ResizeObserver) {
        new ResizeObserver(function () { map.invalidateSize({animate: false}); }).observe(map.getContainer());
      }
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
    // Names of countries, governorates and towns carried inline (the standalone map has no server).
    basemapLabels: function (map, layers) {
      for (var kind in layers) { basemapLabels(map, kind, layers[kind]); }
    },
    // The terrain: pre-rendered hillshade images stretched over their Web-Mercator bounds, under the lines.
    hillshade: function (map, images) {
      // Just above the land fills (basemap panes are 210, 212, ...: the world's and the Levant's countries).
      if (!map.getPane("briefing-hillshade")) { map.createPane("briefing-hillshade").style.zIndex = 213; }
      // Each image shows only within its zooms ([min, max]): one shading at a time, never two on top.
      var overlays = images.map(function (image) {
        return {zooms: image.zooms || [0, 30], layer: L.imageOverlay(image.url, image.bounds, {pane: "briefing-hillshade",
          opacity: image.opacity, interactive: false, className: "briefing-hillshade"})};
      });
      function show() {
        var z = map.getZoom();
        overlays.forEach(function (o) {
          var on = z >= o.zooms[0] && z <= o.zooms[1];
          if (on && !map.hasLayer(o.layer)) { o.layer.addTo(map); }
          if (!on && map.hasLayer(o.layer)) { map.removeLayer(o.layer); }
        });
      }
      map.on("zoomend", show);
      show();
    },
    syncView: syncView,
    // The playback's paused day (or null) into the page URL, beside the view; only on a page that syncs its URL.
    setMoment: function (iso) {
      try {
        var page = window.parent;
        if (!page.__briefingViewSync || (!iso && !page.__briefingMoment)) { return; }
        page.__briefingMoment = iso;
        if (!page.__briefingView) {
          var c = page.__briefingSyncedMap.getCenter();
          page.__briefingView = {lat: c.lat.toFixed(4), lon: c.lng.toFixed(4), z: String(page.__briefingSyncedMap.getZoom())};
        }
        page.history.replaceState(page.history.state, "", page.location.href);
      } catch (err) { /* a page that is not ours: leave its URL alone */ }
    }
  };
})();
