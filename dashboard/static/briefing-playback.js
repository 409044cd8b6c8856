/* Playback: step the map through the section's period in the browser, with no Streamlit rerun.
 *
 * BriefingPlayback.Control(store) adds a play control to the store's map. Each step sets the day the map
 * shows: dated features appear once their first day has come, stay bright while they are recent (they
 * ended within the last RECENT_STEPS steps) and fade after; undated features stay as they are. Steps are
 * days, weeks or months, at 1 to 8 steps a second. Pausing writes the day into the page URL (t=) through
 * BriefingMap.setMoment, so a link reopens that moment; the server sends it back in each state.
 *
 * Every text here is set with textContent.
 */
(function () {
  "use strict";

  var DAY_MS = 86400000, RECENT_STEPS = 3;
  var STEPS = {day: "Day", week: "Week", month: "Month"};
  var SPEEDS = [1, 2, 4, 8];

  function parseDay(iso) { return Date.parse(iso + "T00:00:00Z"); }
  function isoDay(ms) { return new Date(ms).toISOString().slice(0, 10); }

  function addSteps(startMs, unit, k) {
    if (unit === "month") {
      var d = new Date(startMs);
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + k, Math.min(d.getUTCDate(), 28));
    }
    return startMs + k * (unit === "week" ? 7 : 1) * DAY_MS;
  }

  // The unit that gives a period a few dozen steps at most.
  function unitFor(days) { return days <= 62 ? "day" : days <= 550 ? "week" : "month"; }

  function el(tag, cls, text, parent) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined) { node.textContent = text; }
    if (parent) { parent.appendChild(node); }
    return node;
  }

  function Control(store) {
    this.store = store;
    this.map = store.map;
    this.period = null;       // [start ms, end ms]
    this.unit = "week";
    this.speed = 2;           // steps a second
    this.k = null;            // the step shown, or null when playback is off
    this.timer = null;
    this.serverMoment = undefined;
    this.starts = null;       // per feature: first day (ms) or NaN when undated
    this.ends = null;         // per feature: last day (ms), Infinity when it runs on
    this.control = null;
  }

  Control.prototype.active = function () { return this.k !== null; };
  Control.prototype.playing = function () { return this.timer !== null; };

  Control.prototype.steps = function () {
    var n = 0;
    while (n < 5000 && addSteps(this.period[0], this.unit, n + 1) <= this.period[1]) { n++; }
    return n;
  };

  Control.prototype.day = function () {
    return Math.min(addSteps(this.period[0], this.unit, this.k), this.period[1]);
  };

  // Which features the day hides or fades: copies of the state's bitmaps, changed.
  Control.prototype.mask = function (doc, shown, dimmed) {
    if (!this.active()) { return {shown: shown, dimmed: dimmed}; }
    if (!this.starts || this.starts.length !== doc.features.length) {
      var n = doc.features.length;
      this.starts = new Float64Array(n);
      this.ends = new Float64Array(n);
      for (var i = 0; i < n; i++) {
        var f = doc.features[i];
        this.starts[i] = f.a ? parseDay(f.a) : NaN;
        this.ends[i] = f.b ? parseDay(f.b) : Infinity;
      }
    }
    var day = this.day(), recent = day - (addSteps(this.period[0], this.unit, RECENT_STEPS) - this.period[0]);
    var s = new Uint8Array(shown), d = new Uint8Array(dimmed);
    for (var j = 0; j < s.length; j++) {
      if (!s[j] || isNaN(this.starts[j])) { continue; }
      if (this.starts[j] > day) { s[j] = 0; } else if (this.ends[j] < recent) { d[j] = 1; }
    }
    return {shown: s, dimmed: d};
  };

  Control.prototype.build = function () {
    var self = this, control = L.control({position: "bottomleft"});
    control.onAdd = function () {
      var box = L.DomUtil.create("div", "briefing-playback");
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      var top = el("div", "pb-top", undefined, box);
      self.playButton = el("button", "pb-play", "", top);
      self.playButton.type = "button";
      self.dateText = el("span", "pb-date", "", top);
      self.stopButton = el("button", "pb-stop", "×", top);
      self.stopButton.type = "button";
      self.stopButton.title = "Stop playback: show every date";
      var row = el("div", "pb-row", undefined, box);
      self.scrub = el("input", "pb-scrub", undefined, row);
      self.scrub.type = "range";
      self.scrub.min = "0";
      self.scrub.setAttribute("aria-label", "Day shown");
      self.unitSelect = el("select", "pb-unit", undefined, row);
      self.unitSelect.setAttribute("aria-label", "Step");
      for (var u in STEPS) { el("option", "", "by " + STEPS[u].toLowerCase(), self.unitSelect).value = u; }
      self.speedSelect = el("select", "pb-speed", undefined, row);
      self.speedSelect.setAttribute("aria-label", "Speed");
      SPEEDS.forEach(function (v) { el("option", "", v + "×", self.speedSelect).value = String(v); });
      self.playButton.addEventListener("click", function () { self.toggle(); });
      self.stopButton.addEventListener("click", function () { self.stop(true); });
      self.scrub.addEventListener("input", function () { self.pause(); self.show(Number(self.scrub.value)); self.remember(); });
      self.unitSelect.addEventListener("change", function () {
        var day = self.active() ? self.day() : null;
        self.unit = self.unitSelect.value;
        self.scrub.max = String(self.steps());
        if (day !== null) { self.show(self.stepOf(day)); if (!self.playing()) { self.remember(); } }
      });
      self.speedSelect.addEventListener("change", function () {
        self.speed = Number(self.speedSelect.value);
        if (self.playing()) { self.pause(); self.play(); }
      });
      return box;
    };
    this.control = control.addTo(this.map);
    this.render();
  };

  Control.prototype.stepOf = function (ms) {
    var n = this.steps(), k = 0;
    while (k < n && addSteps(this.period[0], this.unit, k + 1) <= ms) { k++; }
    return k;
  };

  Control.prototype.render = function () {
    if (!this.control) { return; }
    var box = this.control.getContainer(), on = this.active();
    L.DomUtil[on ? "addClass" : "removeClass"](box, "pb-on");
    this.playButton.textContent = this.playing() ? "❚❚" : on ? "▶" : "▶ Play";
    this.playButton.title = this.playing() ? "Pause" : "Play the period, " + isoDay(this.period[0]) + " to " + isoDay(this.period[1]);
    this.unitSelect.value = this.unit;
    this.speedSelect.value = String(this.speed);
    this.scrub.max = String(this.steps());
    if (on) {
      this.scrub.value = String(this.k);
      var opts = {year: "numeric", month: "long", timeZone: "UTC"};
      if (this.unit !== "month") { opts.day = "numeric"; }
      this.dateText.textContent = new Date(this.day()).toLocaleDateString("en-GB", opts);
    } else {
      this.dateText.textContent = "";
    }
  };

  Control.prototype.show = function (k) {
    this.k = Math.max(0, Math.min(k, this.steps()));
    this.render();
    this.store.redraw();
  };

  Control.prototype.remember = function () {
    if (window.BriefingMap && BriefingMap.setMoment) { BriefingMap.setMoment(this.active() ? isoDay(this.day()) : null); }
  };

  Control.prototype.play = function () {
    var self = this;
    if (!this.active() || this.k >= this.steps()) { this.show(0); }
    this.timer = setInterval(function () {
      if (self.k >= self.steps()) { self.pause(); self.remember(); return; }
      self.show(self.k + 1);
    }, 1000 / this.speed);
    this.render();
  };

  Control.prototype.pause = function () {
    if (this.timer !== null) { clearInterval(this.timer); this.timer = null; }
    this.render();
  };

  Control.prototype.toggle = function () {
    if (this.playing()) { this.pause(); this.remember(); } else { this.play(); }
  };

  Control.prototype.stop = function (byUser) {
    this.pause();
    var was = this.active();
    this.k = null;
    this.render();
    if (was) { this.store.redraw(); }
    if (byUser) { this.remember(); }
  };

  // A state from the server: the period to step through, and the day a link asked for.
  Control.prototype.sync = function (time) {
    if (!time) {
      this.stop(false);
      if (this.control) { this.control.remove(); this.control = null; }
      return;
    }
    var period = [parseDay(time.period[0]), parseDay(time.period[1])];
    var changed = !this.period || period[0] !== this.period[0] || period[1] !== this.period[1];
    if (changed) {
      var day = this.active() ? this.day() : null;
      this.period = period;
      this.unit = unitFor((period[1] - period[0]) / DAY_MS);
      if (day !== null) { this.k = this.stepOf(Math.min(Math.max(day, period[0]), period[1])); }
    }
    if (!this.control) { this.build(); }
    if (time.moment !== this.serverMoment) {
      this.serverMoment = time.moment;
      if (!this.playing()) {
        if (time.moment) {
          var asked = Math.min(Math.max(parseDay(time.moment), period[0]), period[1]);
          this.k = this.stepOf(asked);
          // A day between this unit's steps (the link was made stepping by day): step by day, to show it.
          if (this.day() !== asked) { this.unit = "day"; this.k = this.stepOf(asked); }
        } else {
          this.k = null;
        }
        this.remember();  // the URL follows the server's day (a new section has none)
      }
    }
    this.render();
  };

  window.BriefingPlayback = {Control: Control, unitFor: unitFor, addSteps: addSteps};
})();
