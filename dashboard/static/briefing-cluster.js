/* Dense point layers drawn as counted clusters that break apart as the reader zooms in.
 *
 * BriefingCluster.group(points, zoom, project) bins the points shown at a zoom into a pixel grid, per
 * layer style (so a cluster keeps its layer's colour), and returns the singles and the clusters. It runs
 * in the browser on every zoom, from the features the map already holds: no rerun, no server. Maps with
 * fewer points than AGGREGATE_ABOVE draw every point as it is.
 */
(function () {
  "use strict";

  var AGGREGATE_ABOVE = 1500, CELL_PX = 60, MIN_MEMBERS = 4;

  /* points: [{i, lat, lon, key, keep}] (keep: never aggregated, e.g. the selected feature);
   * project(lat, lon) -> {x, y} in pixels at the zoom. Returns {singles: [i], clusters: [{members, lat, lon,
   * key, bounds: [[s, w], [n, e]]}]}. */
  function group(points, project) {
    if (points.length <= AGGREGATE_ABOVE) {
      return {singles: points.map(function (p) { return p.i; }), clusters: []};
    }
    var cells = {}, order = [], singles = [];
    for (var k = 0; k < points.length; k++) {
      var p = points[k];
      if (p.keep) { singles.push(p.i); continue; }
      var xy = project(p.lat, p.lon), id = p.key + "|" + Math.floor(xy.x / CELL_PX) + ":" + Math.floor(xy.y / CELL_PX);
      if (!cells[id]) { cells[id] = []; order.push(id); }
      cells[id].push(p);
    }
    var clusters = [];
    for (var c = 0; c < order.length; c++) {
      var members = cells[order[c]];
      if (members.length < MIN_MEMBERS) {
        for (var m = 0; m < members.length; m++) { singles.push(members[m].i); }
        continue;
      }
      var lat = 0, lon = 0, s = 90, w = 180, n = -90, e = -180;
      for (var j = 0; j < members.length; j++) {
        var q = members[j];
        lat += q.lat; lon += q.lon;
        s = Math.min(s, q.lat); n = Math.max(n, q.lat); w = Math.min(w, q.lon); e = Math.max(e, q.lon);
      }
      clusters.push({
        members: members.map(function (q) { return q.i; }),
        lat: lat / members.length,
        lon: lon / members.length,
        key: members[0].key,
        bounds: [[s, w], [n, e]]
      });
    }
    return {singles: singles, clusters: clusters};
  }

  // The radius of a cluster's disc: grows with the count, readable from 4 to 50,000.
  function radiusFor(count) { return Math.round(11 + 4 * Math.log(count) / Math.LN10); }

  // A cluster's mark: a disc in its layer's colour with the count on it (text set with textContent).
  function marker(cluster, style) {
    var r = radiusFor(cluster.members.length), box = document.createElement("div");
    box.className = "briefing-cluster";
    box.textContent = cluster.members.length.toLocaleString("en");
    box.style.background = style.fillColor || style.color || "#555";
    box.style.opacity = style.fillOpacity !== undefined ? Math.max(style.fillOpacity, 0.55) : 0.85;
    box.style.width = box.style.height = box.style.lineHeight = 2 * r + "px";
    var icon = L.divIcon({html: box, className: "briefing-cluster-icon", iconSize: [2 * r, 2 * r]});
    var layer = L.marker([cluster.lat, cluster.lon], {icon: icon, pane: "briefing-clusters", keyboard: false});
    layer._bmCluster = cluster;
    layer._bmRadius = r;
    return layer;
  }

  window.BriefingCluster = {group: group, marker: marker, radiusFor: radiusFor, AGGREGATE_ABOVE: AGGREGATE_ABOVE};
})();
