/* The team's overlays and notes on the briefing map.
 *
 * BriefingOverlays.state(group, state) arrives with each rerun, in the feature group streamlit-folium swaps
 * in: it names the overlays to draw ({id, name, colour, url}) and carries the notes. Each overlay's GeoJSON
 * is fetched once per URL (the URL changes with the content) and kept. Every text here (names, attributes,
 * notes) is the team's own and is set with textContent, never as HTML.
 */
(function () {
  "use strict";

  var PANES = {overlays: 425, notes: 445};
  // What GDAL adds to every KML placemark: how Google Earth draws it, not what it is.
  var HOUSEKEEPING = {tessellate: true, extrude: true, visibility: true, drawOrder: true, icon: true,
    altitudeMode: true, begin: true, end: true, timestamp: true};
  var fetched = {};  // url -> promise of the GeoJSON

  function fetchOnce(url) {
    if (!fetched[url]) {
      fetched[url] = fetch(url).then(function (r) {
        if (!r.ok) { throw new Error("HTTP " + r.status); }
        return r.json();
      });
      fetched[url].catch(function () { delete fetched[url]; });
    }
    return fetched[url];
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function featureName(props) {
    var keys = ["name", "Name", "NAME", "title", "label"];
    for (var k = 0; k < keys.length; k++) {
      if (props && typeof props[keys[k]] === "string" && props[keys[k]]) { return props[keys[k]]; }
    }
    return "";
  }

  function overlayTip(overlay, props) {
    var box = el("span"), name = featureName(props);
    box.appendChild(el("b", null, overlay.name));
    if (name) { box.appendChild(document.createTextNode(" · " + name)); }
    return box;
  }

  // The popup: the overlay's name, then every attribute of the feature as a row of a table.
  function overlayPopup(overlay, props) {
    var box = el("div", "feature-popup team-popup");
    box.appendChild(el("h4", null, featureName(props) || overlay.name));
    box.appendChild(el("div", "fp-meta", "Team overlay: " + overlay.name));
    var keys = Object.keys(props || {}).filter(function (key) {
      var value = props[key];
      return !HOUSEKEEPING[key] && value !== null && value !== undefined && value !== "";
    });
    if (!keys.length) { box.appendChild(el("div", "fp-meta", "No attributes.")); return box; }
    var table = el("table", "fp-table");
    keys.forEach(function (key) {
      var row = el("tr"), value = props[key];
      row.appendChild(el("th", null, key));
      row.appendChild(el("td", null, typeof value === "object" ? JSON.stringify(value) : String(value)));
      table.appendChild(row);
    });
    box.appendChild(table);
    return box;
  }

  function notePopup(note) {
    var box = el("div", "feature-popup team-popup");
    box.appendChild(el("h4", null, "Note by " + note.by));
    box.appendChild(el("div", "fp-meta", note.at));
    box.appendChild(el("p", "team-note-text", note.text));
    return box;
  }

  function Team(map) {
    for (var name in PANES) {
      if (!map.getPane("briefing-" + name)) { map.createPane("briefing-" + name).style.zIndex = PANES[name]; }
    }
    this.map = map;
    this.overlays = {};  // id -> {url, colour, layer}
    this.notes = L.featureGroup().addTo(map);
  }

  Team.prototype.overlayLayer = function (overlay, data) {
    var style = {color: overlay.colour, weight: 2.5, opacity: 0.95, fillColor: overlay.colour, fillOpacity: 0.18,
      pane: "briefing-overlays"};
    return L.geoJSON(data, {
      style: function () { return style; },
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, {radius: 6, color: "#222", weight: 1.5, fillColor: overlay.colour,
          fillOpacity: 0.95, pane: "briefing-overlays"});
      },
      onEachFeature: function (feature, layer) {
        var props = feature.properties || {};
        layer.bindTooltip(overlayTip(overlay, props), {sticky: true});
        layer.bindPopup(overlayPopup(overlay, props), {maxWidth: 420});
        // What a click returns to the app: this is a team overlay's feature, not a shape just drawn.
        layer.feature = {type: "Feature", geometry: feature.geometry, properties: {overlay: overlay.id}};
      }
    });
  };

  Team.prototype.drawOverlays = function (wanted) {
    var team = this, keep = {};
    wanted.forEach(function (overlay) {
      keep[overlay.id] = true;
      var held = team.overlays[overlay.id];
      if (held && held.url === overlay.url && held.colour === overlay.colour && held.name === overlay.name) {
        if (held.layer && !team.map.hasLayer(held.layer)) { held.layer.addTo(team.map); }
        return;
      }
      if (held && held.layer) { held.layer.remove(); }
      held = team.overlays[overlay.id] = {url: overlay.url, colour: overlay.colour, name: overlay.name, layer: null};
      fetchOnce(overlay.url).then(function (data) {
        if (team.overlays[overlay.id] !== held) { return; }  // changed or removed meanwhile
        held.layer = team.overlayLayer(overlay, data);
        if (team.wanted[overlay.id]) { held.layer.addTo(team.map); }
      }).catch(function (err) {
        if (window.console) { console.error("Team overlay " + overlay.name + " not loaded: " + err.message); }
      });
    });
    this.wanted = keep;
    for (var id in this.overlays) {
      if (!keep[id] && this.overlays[id].layer) { this.overlays[id].layer.remove(); }
    }
  };

  Team.prototype.drawNotes = function (notes, colour) {
    this.notes.clearLayers();
    var group = this.notes;
    notes.forEach(function (note) {
      var layer = L.geoJSON({type: "Feature", geometry: note.g, properties: {}}, {
        style: function () {
          return {color: "#222", weight: 2.5, dashArray: "6 4", fillColor: colour, fillOpacity: 0.25, pane: "briefing-notes"};
        },
        pointToLayer: function (feature, latlng) {
          return L.circleMarker(latlng, {radius: 7, color: "#222", weight: 2, fillColor: colour, fillOpacity: 1,
            pane: "briefing-notes"});
        }
      });
      layer.eachLayer(function (part) {
        var tip = el("span");
        tip.appendChild(el("b", null, "Note by " + note.by));
        tip.appendChild(document.createTextNode(" · " + (note.text.length > 80 ? note.text.slice(0, 79) + "…" : note.text)));
        part.bindTooltip(tip, {sticky: true});
        part.bindPopup(notePopup(note), {maxWidth: 360});
        part.feature = {type: "Feature", geometry: note.g, properties: {note: note.id}};
      });
      group.addLayer(layer);
    });
  };

  Team.prototype.apply = function (state) {
    this.drawOverlays(state.overlays || []);
    this.drawNotes(state.notes || [], state.noteColour);
    // The shape just drawn stays while its note is written, and goes once it is saved (then drawn as a note).
    if (!state.keepDrawing && window.drawnItems && window.drawnItems.clearLayers) { window.drawnItems.clearLayers(); }
  };

  window.BriefingOverlays = {
    state: function (group, state) {
      var holder = L.layerGroup().on("add", function (e) {
        var map = e.target._map;
        (map._briefingTeam || (map._briefingTeam = new Team(map))).apply(state);
      });
      group.addLayer(holder);
    }
  };
})();
