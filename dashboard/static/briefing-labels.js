/* Names on the briefing map: the features' site labels, the basemap's countries, governorates and towns,
 * markers at the map's edge for named places out of view, and the legend moved to the emptiest corner.
 *
 * BriefingLabels.place(candidates, obstacles, rects, size) is the placement itself, pure: candidates in
 * priority order, each tried on eight sides of its anchor, a site's also further out on a leader line
 * (a basemap name only centred on it or beside it); one is kept only if its box stays inside the map,
 * clear of every kept box, of every marker and of the controls.
 * What does not fit is not drawn: the marker's tooltip still names it on hover.
 *
 * Every text is set with textContent; nothing here writes HTML.
 */
(function () {
  "use strict";

  var FONT_SIZE = 13, LINE = 17, PAD = 2, GAP = 3;
  var FONTS = {
    site: "600 13px system-ui, 'Segoe UI', Roboto, Arial, sans-serif",
    edge: "600 12px system-ui, 'Segoe UI', Roboto, Arial, sans-serif",
    country: "600 12px system-ui, 'Segoe UI', Roboto, Arial, sans-serif",
    region: "italic 12px system-ui, 'Segoe UI', Roboto, Arial, sans-serif",
    town: "12px system-ui, 'Segoe UI', Roboto, Arial, sans-serif"
  };
  // Which towns a zoom shows: capitals first, then the larger and the article's towns, then the rest.
  var TOWN_RANK_AT_ZOOM = [[9, 3], [7, 2], [6, 1], [0, 0]];
  var REGION_MIN_ZOOM = 7;

  var measurer = null;
  function textWidth(text, font) {
    if (!measurer) { measurer = document.createElement("canvas").getContext("2d"); }
    measurer.font = font;
    return Math.ceil(measurer.measureText(text).width);
  }

  function overlaps(a, b) {
    return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
  }

  function hitsCircle(box, c) {
    var dx = Math.max(box.x0 - c.x, 0, c.x - box.x1), dy = Math.max(box.y0 - c.y, 0, c.y - box.y1);
    return dx * dx + dy * dy < c.r * c.r;
  }

  // A grid of what is already taken, so a candidate is checked against its neighbours only.
  function Grid(cell) { this.cell = cell; this.cells = {}; }
  Grid.prototype.keys = function (box) {
    var out = [], c = this.cell;
    for (var gx = Math.floor(box.x0 / c); gx <= Math.floor(box.x1 / c); gx++) {
      for (var gy = Math.floor(box.y0 / c); gy <= Math.floor(box.y1 / c); gy++) { out.push(gx + ":" + gy); }
    }
    return out;
  };
  Grid.prototype.add = function (box, item) {
    var keys = this.keys(box);
    for (var i = 0; i < keys.length; i++) { (this.cells[keys[i]] = this.cells[keys[i]] || []).push(item); }
  };
  Grid.prototype.near = function (box) {
    var keys = this.keys(box), out = [];
    for (var i = 0; i < keys.length; i++) { var items = this.cells[keys[i]]; if (items) { out.push.apply(out, items); } }
    return out;
  };

  // Where a site's label may go, nearest first: beside its marker on each of eight sides, then the
  // same sides further out on a short leader line, so a crowded crossing still gets its name.
  var RINGS = [0, 14, 30, 52];
  function boxes(c) {
    var w = c.w + 2 * PAD, h = c.h, r = c.r || 0;
    if (c.centred) { return [{x0: c.x - w / 2, y0: c.y - h / 2, x1: c.x + w / 2, y1: c.y + h / 2, side: "centre"}]; }
    if (c.fixed) { return [{x0: c.x, y0: c.y, x1: c.x + w, y1: c.y + h, side: "fixed"}]; }
    var out = [], rings = c.kind === "site" ? RINGS : [0];
    for (var k = 0; k < rings.length; k++) {
      var d = r + GAP + rings[k], e = Math.round(d * 0.7), leader = k > 0;
      out.push(
        {x0: c.x + d, y0: c.y - h / 2, x1: c.x + d + w, y1: c.y + h / 2, side: "right", leader: leader},
        {x0: c.x - d - w, y0: c.y - h / 2, x1: c.x - d, y1: c.y + h / 2, side: "left", leader: leader},
        {x0: c.x - w / 2, y0: c.y - d - h, x1: c.x + w / 2, y1: c.y - d, side: "above", leader: leader},
        {x0: c.x - w / 2, y0: c.y + d, x1: c.x + w / 2, y1: c.y + d + h, side: "below", leader: leader},
        {x0: c.x + e, y0: c.y - e - h, x1: c.x + e + w, y1: c.y - e, side: "above-right", leader: leader},
        {x0: c.x + e, y0: c.y + e, x1: c.x + e + w, y1: c.y + e + h, side: "below-right", leader: leader},
        {x0: c.x - e - w, y0: c.y - e - h, x1: c.x - e, y1: c.y - e, side: "above-left", leader: leader},
        {x0: c.x - e - w, y0: c.y + e, x1: c.x - e, y1: c.y + e + h, side: "below-left", leader: leader}
      );
    }
    return out;
  }

  // The point of a box nearest to (x, y): where a leader line meets its label.
  function nearestOnBox(box, x, y) {
    return {x: Math.min(Math.max(x, box.x0), box.x1), y: Math.min(Math.max(y, box.y0), box.y1)};
  }

  /* candidates: [{x, y, r, w, h, centred?, fixed?}] in priority order (first wins); obstacles: markers
   * [{x, y, r}]; rects: boxes no label may enter (the map's controls); size: {x, y} of the map.
   * Returns, per candidate, its box or null when it does not fit. */
  function place(candidates, obstacles, rects, size) {
    var markers = new Grid(48), taken = new Grid(48), out = [];
    for (var m = 0; m < obstacles.length; m++) {
      var o = obstacles[m];
      markers.add({x0: o.x - o.r, y0: o.y - o.r, x1: o.x + o.r, y1: o.y + o.r}, o);
    }
    for (var i = 0; i < candidates.length; i++) {
      var options = boxes(candidates[i]), chosen = null;
      for (var k = 0; k < options.length && !chosen; k++) {
        var box = options[k], ok = box.x0 >= 0 && box.y0 >= 0 && box.x1 <= size.x && box.y1 <= size.y;
        for (var q = 0; ok && q < rects.length; q++) { ok = !overlaps(box, rects[q]); }
        var near = ok ? taken.near(box) : [];
        for (var t = 0; ok && t < near.length; t++) { ok = !overlaps(box, near[t]); }
        var around = ok ? markers.near(box) : [];
        for (var s = 0; ok && s < around.length; s++) { ok = !hitsCircle(box, around[s]); }
        if (ok) { chosen = box; }
      }
      if (chosen) { taken.add(chosen, chosen); }
      out.push(chosen);
    }
    return out;
  }

  // The arrow that points from the map's centre towards a place out of view.
  var ARROWS = ["→", "↘", "↓", "↙", "←", "↖", "↑", "↗"];
  function arrowFor(dx, dy) {
    var octant = Math.round(Math.atan2(dy, dx) / (Math.PI / 4));
    return ARROWS[(octant + 8) % 8];
  }

  // Where the line from the centre to an out-of-view point leaves the map, kept `inset` inside its edge.
  function edgePoint(size, p, inset) {
    var cx = size.x / 2, cy = size.y / 2, dx = p.x - cx, dy = p.y - cy;
    var sx = dx ? (cx - inset) / Math.abs(dx) : Infinity, sy = dy ? (cy - inset) / Math.abs(dy) : Infinity;
    var s = Math.min(sx, sy);
    return {x: cx + dx * s, y: cy + dy * s};
  }

  function controlRects(map) {
    var origin = map.getContainer().getBoundingClientRect(), out = [];
    var controls = map.getContainer().querySelectorAll(".leaflet-control");
    for (var i = 0; i < controls.length; i++) {
      var r = controls[i].getBoundingClientRect();
      if (r.width && r.height) {
        out.push({x0: r.left - origin.left - 2, y0: r.top - origin.top - 2, x1: r.right - origin.left + 2, y1: r.bottom - origin.top + 2});
      }
    }
    return out;
  }

  function townRankAt(zoom) {
    for (var i = 0; i < TOWN_RANK_AT_ZOOM.length; i++) {
      if (zoom >= TOWN_RANK_AT_ZOOM[i][0]) { return TOWN_RANK_AT_ZOOM[i][1]; }
    }
    return 0;
  }

  // The labels of one map: a pane of positioned text, redrawn after every view change and state.
  function Labels(map) {
    if (!map.getPane("briefing-labels")) { map.createPane("briefing-labels").style.zIndex = 450; }
    this.map = map;
    this.pane = map.getPane("briefing-labels");
    this.sites = [];      // [lat, lon, text, rank, doc index of the site] from the state
    this.obstacles = function () { return []; };
    this.basemap = {countries: [], regions: [], towns: []};
    this.placed = [];
    var labels = this, queued = false;
    this.schedule = function () {
      if (queued) { return; }
      queued = true;
      L.Util.requestAnimFrame(function () { queued = false; labels.draw(); });
    };
    map.on("zoomend moveend resize", this.schedule);
  }

  Labels.prototype.setSites = function (sites) { this.sites = sites || []; this.schedule(); };

  Labels.prototype.addBasemap = function (kind, geojson) {
    var list = this.basemap[kind];
    (geojson.features || []).forEach(function (f) {
      var p = f.properties || {}, c = f.geometry && f.geometry.coordinates;
      if (!c || !p.name) { return; }
      list.push({lat: c[1], lon: c[0], text: p.name, second: p.name_ar || null, rank: p.rank || 0,
        minZoom: p.min_zoom || 0});
    });
    this.schedule();
  };

  Labels.prototype.candidates = function () {
    var map = this.map, size = map.getSize(), zoom = map.getZoom(), bounds = map.getBounds().pad(0.02), out = [];
    var self = this;
    function add(kind, lat, lon, text, extra) {
      var p = map.latLngToContainerPoint([lat, lon]), font = FONTS[kind];
      var c = {x: p.x, y: p.y, w: textWidth(text, font), h: LINE, kind: kind, text: text, lat: lat, lon: lon};
      for (var k in extra) { c[k] = extra[k]; }
      out.push(c);
    }
    // The features' sites first, in the server's priority order; out of view, an edge marker.
    var edges = [];
    this.sites.forEach(function (s) {
      var ll = L.latLng(s[0], s[1]);
      if (bounds.contains(ll)) {
        add("site", s[0], s[1], s[2], {r: s[5] || 8, site: s[4]});
      } else {
        edges.push(s);
      }
    });
    edges.forEach(function (s) {
      var p = map.latLngToContainerPoint([s[0], s[1]]), e = edgePoint(size, p, 4);
      var text = s[2].replace(/ \(.*\)$/, ""), arrow = arrowFor(p.x - size.x / 2, p.y - size.y / 2);
      var label = arrow === "←" || arrow === "↖" || arrow === "↙" ? arrow + " " + text : text + " " + arrow;
      var w = textWidth(label, FONTS.edge) + 2 * PAD;
      var x = Math.min(Math.max(e.x - w / 2, 2), size.x - w - 2), y = Math.min(Math.max(e.y - LINE / 2, 2), size.y - LINE - 2);
      out.push({x: x, y: y, w: w - 2 * PAD, h: LINE, kind: "edge", text: label, fixed: true, lat: s[0], lon: s[1], site: s[4]});
    });
    this.basemap.countries.forEach(function (t) {
      if (zoom >= t.minZoom && bounds.contains([t.lat, t.lon])) { add("country", t.lat, t.lon, t.text, {centred: true}); }
    });
    if (zoom >= REGION_MIN_ZOOM) {
      this.basemap.regions.forEach(function (t) {
        if (bounds.contains([t.lat, t.lon])) { add("region", t.lat, t.lon, t.text, {centred: true}); }
      });
    }
    var maxRank = townRankAt(zoom);
    this.basemap.towns.forEach(function (t) {
      if (t.rank <= maxRank && bounds.contains([t.lat, t.lon])) {
        add("town", t.lat, t.lon, t.text, {r: 2, second: t.second});
      }
    });
    self.lastCount = out.length;
    return out;
  };

  Labels.prototype.draw = function () {
    var map = this.map, candidates = this.candidates(), size = map.getSize();
    var boxesPlaced = place(candidates, this.obstacles(), controlRects(map), size);
    var pane = this.pane, placed = [];
    while (pane.firstChild) { pane.removeChild(pane.firstChild); }
    var origin = map.containerPointToLayerPoint([0, 0]);
    for (var i = 0; i < candidates.length; i++) {
      var c = candidates[i], box = boxesPlaced[i];
      if (!box) { continue; }
      var el = document.createElement("div");
      el.className = "briefing-label briefing-label-" + c.kind;
      el.textContent = c.text;
      if (c.second) { el.title = c.second; el.lang = "en"; }
      el.style.left = Math.round(box.x0 + origin.x) + "px";
      el.style.top = Math.round(box.y0 + origin.y) + "px";
      el.style.width = Math.ceil(box.x1 - box.x0) + "px";
      el.style.height = LINE + "px";
      if (box.leader) { this.leader(c, box, origin); }
      if (c.kind === "edge") { this.edgeClick(el, c); }
      if (c.kind === "town") { this.townDot(c, origin); }
      pane.appendChild(el);
      placed.push({kind: c.kind, text: c.text, site: c.site, box: box, el: el});
    }
    this.placed = placed;
    if (this.afterDraw) { this.afterDraw(); }
  };

  // A thin line from a marker's edge to its label when the label had to stand off.
  Labels.prototype.leader = function (c, box, origin) {
    var end = nearestOnBox(box, c.x, c.y), dx = end.x - c.x, dy = end.y - c.y, len = Math.sqrt(dx * dx + dy * dy);
    var start = (c.r || 0) + 1;
    if (len <= start) { return; }
    var line = document.createElement("div");
    line.className = "briefing-leader";
    line.style.left = Math.round(c.x + origin.x + dx / len * start) + "px";
    line.style.top = Math.round(c.y + origin.y + dy / len * start) + "px";
    line.style.width = Math.round(len - start) + "px";
    line.style.transform = "rotate(" + Math.atan2(dy, dx) + "rad)";
    this.pane.appendChild(line);
  };

  Labels.prototype.townDot = function (c, origin) {
    var dot = document.createElement("div");
    dot.className = "briefing-town-dot";
    dot.style.left = Math.round(c.x + origin.x - 2) + "px";
    dot.style.top = Math.round(c.y + origin.y - 2) + "px";
    this.pane.appendChild(dot);
  };

  Labels.prototype.edgeClick = function (el, c) {
    var map = this.map;
    el.setAttribute("role", "button");
    el.title = "Show " + c.text.replace(/^[^A-Za-z]+ | [^A-Za-z]+$/g, "") + " on the map";
    L.DomEvent.disableClickPropagation(el);
    L.DomEvent.on(el, "click", function () {
      map.fitBounds(L.latLngBounds([map.getCenter(), L.latLng(c.lat, c.lon)]).pad(0.15));
    });
  };

  /* A legend that would scroll on a small map first spreads into more columns (up to the map's width less
   * its controls); `true` if it still scrolls, or if spread out it would cover more than a quarter of the map,
   * so a folding legend folds rather than hide entries or the map. */
  function stillScrolls(map, container) {
    var body = container.querySelector(".legend-body"), groups = container.querySelector(".legend-groups");
    if (!body || !groups || !body.open) { return false; }
    groups.style.maxWidth = "";
    if (body.scrollHeight <= body.clientHeight + 1) { return false; }
    groups.style.maxWidth = "calc(100vw - 90px)";
    var size = map.getSize(), r = body.getBoundingClientRect();
    return body.scrollHeight > body.clientHeight + 1 || r.width * r.height > size.x * size.y / 4;
  }

  /* The legend goes to the corner where it covers the fewest markers in focus (none, if it can); if even
   * the best corner covers one, or it would need a scrollbar or a quarter of the map, a folding legend folds. `centres` are the
   * focus markers' container points. */
  function placeLegend(map, container, centres, folds) {
    if (!container || !container.parentNode) { return; }
    var corners = ["bottomright", "topright", "bottomleft"], origin = map.getContainer().getBoundingClientRect();
    function cost() {
      var r = container.getBoundingClientRect(), n = 0;
      for (var i = 0; i < centres.length; i++) {
        var x = centres[i].x + origin.left, y = centres[i].y + origin.top;
        if (x >= r.left && x <= r.right && y >= r.top && y <= r.bottom) { n++; }
      }
      return n;
    }
    function best() {
      var chosen = null, least = Infinity;
      for (var i = 0; i < corners.length; i++) {
        var corner = map._controlCorners[corners[i]];
        corner.insertBefore(container, corners[i].indexOf("bottom") === 0 ? corner.firstChild : null);
        var n = cost();
        if (n < least) { least = n; chosen = corners[i]; }
        if (n === 0) { break; }
      }
      var target = map._controlCorners[chosen];
      target.insertBefore(container, chosen.indexOf("bottom") === 0 ? target.firstChild : null);
      return least;
    }
    var details = container.querySelector("details");
    var popupOpen = map._popup && map.hasLayer(map._popup);  // a popup keeps a folding legend folded
    if (details && folds && !popupOpen && !details.open && details.getAttribute("data-auto-folded")) {
      details.open = true;
    }
    var scrolls = folds && stillScrolls(map, container);
    if ((best() > 0 || scrolls) && details && folds) {
      details.open = false;
      details.setAttribute("data-auto-folded", "1");
      best();
    } else if (details) {
      details.removeAttribute("data-auto-folded");
    }
  }

  window.BriefingLabels = {
    place: place,
    textWidth: textWidth,
    edgePoint: edgePoint,
    Labels: Labels,
    placeLegend: placeLegend,
    FONT_SIZE: FONT_SIZE
  };
})();
