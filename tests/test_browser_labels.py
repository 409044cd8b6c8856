"""The live map read as a briefer reads it, in headless Chromium: every site named, nothing covering a
mark, a legend that hides nothing, dense layers clustered, and the label placement itself."""

from __future__ import annotations

import sys
import time

import pytest

from dashboard.config import CHROMIUM, ENV_DATA_ROOT, ROOT, STATIC_DIR
from dashboard.devserver import running_dashboard

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"needs Chromium at {CHROMIUM}"),
]

FRAME = "document.querySelector('iframe[title=\"streamlit_folium.st_folium\"]')"
SIZES = [(1920, 1080), (1366, 768)]
# Everything in container pixels of the map: the site labels the server asked for and those placed,
# every visible label box, the legend's box and rows, and the centres of the markers in focus.
READ_MAP = f"""() => {{
  const f = {FRAME}, w = f && f.contentWindow, m = w && w.map, s = m && m._briefing;
  if (!s || !s.doc || !s.shown || !s.labels.placed) return null;
  const o = m.getContainer().getBoundingClientRect(), size = m.getSize();
  const rel = r => ({{x0: r.left - o.left, y0: r.top - o.top, x1: r.right - o.left, y1: r.bottom - o.top}});
  const labels = [...w.document.querySelectorAll('.briefing-label')]
    .map(el => ({{text: el.textContent, kind: el.className, box: rel(el.getBoundingClientRect())}}));
  const centres = [];
  s.points.eachLayer(l => {{
    if (l._bmCluster || s.dimmed[l._bmIndex]) return;
    const p = m.latLngToContainerPoint(l.getLatLng());
    if (p.x >= 0 && p.y >= 0 && p.x <= size.x && p.y <= size.y)
      centres.push({{x: p.x, y: p.y, id: s.doc.features[l._bmIndex].id}});
  }});
  const legend = w.document.querySelector('.leaflet-control .legend-body');
  const rows = legend ? [...legend.querySelectorAll('.legend-row, .legend-title')].filter(r => r.offsetParent)
    .map(r => rel(r.getBoundingClientRect())) : [];
  return {{
    wanted: s.labels.sites.filter(t => m.getBounds().contains([t[0], t[1]])).map(t => t[2]),
    labels, centres, rows, size: {{x: size.x, y: size.y}},
    legend: legend && legend.closest('details').open ? rel(legend.getBoundingClientRect()) : null,
    scroll: legend ? [legend.scrollHeight, legend.clientHeight, legend.scrollWidth, legend.clientWidth] : null,
  }};
}}"""


def wait_for(fn, what: str, timeout: float = 60.0):
    end, value = time.monotonic() + timeout, None
    while time.monotonic() < end:
        value = fn()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout:g} s waiting for {what}; last value: {value!r}")


def overlaps(a: dict, b: dict) -> bool:
    return a["x0"] < b["x1"] - 0.5 and b["x0"] < a["x1"] - 0.5 and a["y0"] < b["y1"] - 0.5 and b["y0"] < a["y1"] - 0.5


def inside(p: dict, box: dict) -> bool:
    return box["x0"] <= p["x"] <= box["x1"] and box["y0"] <= p["y"] <= box["y1"]


def settled_map(page, url: str) -> dict:
    """The map once drawn and its labels placed, read twice a moment apart so nothing is mid-move."""
    page.goto(url)
    wait_for(lambda: page.evaluate(READ_MAP), "the map to draw and place its labels")
    time.sleep(2.0)  # the frame stretches to the window and the map follows: let the last redraw land
    return wait_for(lambda: page.evaluate(READ_MAP), "the settled map")


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_every_strike_site_is_named_and_nothing_covers_a_mark(browser, server, width, height):
    page = browser.new_page(viewport={"width": width, "height": height})
    seen = settled_map(page, server + "/?section=strikes")
    texts = [label["text"] for label in seen["labels"]]
    for name in ("Arida", "Jousieh", "Masnaa", "Qusayr"):
        assert any(name in t for t in texts), f"no label names {name}: {texts}"
    missing = [t for t in seen["wanted"] if t not in texts]
    assert not missing, f"sites in view without a label: {missing}"
    boxes = [label["box"] for label in seen["labels"]]
    for i, a in enumerate(boxes):
        for j in range(i):
            assert not overlaps(a, boxes[j]), f"labels overlap: {texts[i]!r} and {texts[j]!r}"
    for c in seen["centres"]:
        for label in seen["labels"]:
            assert not inside(c, label["box"]), f"label {label['text']!r} covers the marker of {c['id']}"
        if seen["legend"]:
            assert not inside(c, seen["legend"]), f"the legend covers the marker of {c['id']}"
    if seen["legend"]:
        sh, ch, sw, cw = seen["scroll"]
        assert sh <= ch + 1 and sw <= cw + 1, f"the open legend scrolls: {seen['scroll']}"
    # the map takes most of the window and all of it is on screen
    frame = page.evaluate(
        f"() => {{ const r = {FRAME}.getBoundingClientRect(); return [r.bottom, r.width, r.height]; }}"
    )
    assert frame[0] <= height + 1, "the map runs below the window"
    assert frame[1] * frame[2] > 0.35 * width * height, f"the map is only {frame[1]:.0f}x{frame[2]:.0f}"
    page.close()


SLIDE_LEGEND = f"""() => {{
  const w = {FRAME}.contentWindow, d = w.document, legend = d.querySelector('.legend-body');
  const rows = [...legend.querySelectorAll('.legend-row, .legend-title, .legend-note')].filter(r => r.offsetParent)
    .map(r => {{ const b = r.getBoundingClientRect(); return {{x0: b.left, y0: b.top, x1: b.right, y1: b.bottom}}; }});
  const map = w.map.getContainer().getBoundingClientRect();
  return {{rows, window: [w.innerWidth, w.innerHeight], mapBottom: map.bottom,
           scroll: [legend.scrollHeight, legend.clientHeight, legend.scrollWidth, legend.clientWidth]}}; }}"""


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_after_a_section_change_every_site_in_view_is_named(browser, server, width, height):
    """From the whole article to the strikes, as a user clicks: the legend moves and folds, and the labels it
    kept clear of are placed again, not left out."""
    page = browser.new_page(viewport={"width": width, "height": height})
    settled_map(page, server + "/")
    page.get_by_test_id("stSidebar").get_by_text("Israeli strikes on the crossings", exact=True).click()
    wait_for(lambda: (page.evaluate(READ_MAP) or {}).get("labels") and "section=strikes" in page.url, "the strikes")
    time.sleep(2.0)
    seen = wait_for(lambda: page.evaluate(READ_MAP), "the settled map")
    texts = [label["text"] for label in seen["labels"]]
    missing = [t for t in seen["wanted"] if t not in texts]
    assert not missing, f"sites in view without a label after the change: {missing}"
    page.close()


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_on_the_whole_article_the_legend_shows_whole_or_folds(browser, server, width, height):
    """The busiest legend: on a laptop it spreads into columns rather than scroll, and covers no mark in focus."""
    page = browser.new_page(viewport={"width": width, "height": height})
    seen = settled_map(page, server + "/")
    if seen["legend"]:
        sh, ch, sw, cw = seen["scroll"]
        assert sh <= ch + 1 and sw <= cw + 1, f"the open legend scrolls: {seen['scroll']}"
        assert len(seen["rows"]) > 10, "the open legend hardly lists anything"
        for c in seen["centres"]:
            assert not inside(c, seen["legend"]), f"the legend covers the marker of {c['id']}"
    page.close()


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_briefing_legend_shows_every_entry_inside_the_slide(browser, server, width, height):
    page = browser.new_page(viewport={"width": width, "height": height})
    settled_map(page, server + "/?section=strikes&brief=1")
    seen = page.evaluate(SLIDE_LEGEND)
    assert len(seen["rows"]) > 5, "the briefing legend has hardly any entries"
    slide = {"x0": -0.5, "y0": -0.5, "x1": seen["window"][0] + 0.5, "y1": seen["window"][1] + 0.5}
    for row in seen["rows"]:
        corners = ({"x": row["x0"], "y": row["y0"]}, {"x": row["x1"], "y": row["y1"]})
        assert all(inside(p, slide) for p in corners), f"a legend entry is cut off: {row} in {seen['window']}"
        assert row["y0"] >= seen["mapBottom"] - 0.5, "in briefing mode the legend is a strip under the map"
    sh, ch, sw, cw = seen["scroll"]
    assert sh <= ch + 1 and sw <= cw + 1, f"the legend scrolls: {seen['scroll']}"
    page.close()


def test_the_legend_lists_only_what_is_in_view(browser, server):
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    settled_map(page, server + "/?section=strikes")
    legend = (
        f"() => [...{FRAME}.contentWindow.document.querySelectorAll('.legend-title')]"
        ".filter(r => r.offsetParent).map(r => r.textContent)"
    )
    near = page.evaluate(legend)
    assert any("strikes" in t.lower() for t in near), near
    assert not any("BRICS" in t for t in near), f"BRICS countries are not in the strikes view: {near}"
    page.evaluate(f"() => {FRAME}.contentWindow.map.setView([30, 60], 3, {{animate: false}})")
    wait_for(lambda: any("BRICS" in t for t in page.evaluate(legend)), "BRICS to join the legend once in view")
    page.close()


def test_label_placement_priority_collision_and_leaders(browser):
    """BriefingLabels.place on its own: first come first served, nothing on a marker, leader lines when crowded."""
    page = browser.new_page()
    page.set_content("<html><body></body></html>")
    page.add_script_tag(path=str(STATIC_DIR / "briefing-labels.js"))
    out = page.evaluate(
        """() => BriefingLabels.place([
            {x: 100, y: 100, w: 80, h: 17, r: 8, kind: 'site'},
            {x: 104, y: 100, w: 80, h: 17, r: 8, kind: 'site'},
            {x: 100, y: 100, w: 60, h: 17, r: 2, kind: 'town'},
            {x: 5, y: 5, w: 400, h: 17, r: 2, kind: 'town'}
          ], [{x: 100, y: 100, r: 9}, {x: 104, y: 100, r: 9}, {x: 140, y: 100, r: 9}], [], {x: 300, y: 200})"""
    )
    first, second, town, too_wide = out
    assert first is not None and not first["leader"]
    assert second is not None, "a crowded site still gets its name, on a leader line"
    assert not (
        first["x0"] < second["x1"]
        and second["x0"] < first["x1"]
        and first["y0"] < second["y1"]
        and second["y0"] < first["y1"]
    )
    assert too_wide is None, "a label that cannot fit inside the map is not drawn"
    for box in (first, second):
        for cx, cy in ((100, 100), (104, 100), (140, 100)):
            assert not (box["x0"] <= cx <= box["x1"] and box["y0"] <= cy <= box["y1"])
    assert town is None or not any(
        town["x0"] < b["x1"] and b["x0"] < town["x1"] and town["y0"] < b["y1"] and b["y0"] < town["y1"]
        for b in (first, second)
    )
    page.close()


@pytest.fixture(scope="module")
def dense_server(tmp_path_factory):
    """The dashboard with the benchmark's 50,000 synthetic strikes added to the article's."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import synthetic

    root = synthetic.write_data_root(50_000, tmp_path_factory.mktemp("dense"))
    with running_dashboard(env={ENV_DATA_ROOT: str(root)}) as base:
        yield base


def test_fifty_thousand_strikes_cluster_and_break_apart_on_zoom(browser, dense_server):
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    count = f"""() => {{ const s = {FRAME} && {FRAME}.contentWindow.map && {FRAME}.contentWindow.map._briefing;
      if (!s || !s.clusters) return null;
      return {{clusters: s.clusters.length, singles: s.singles,
               members: s.clusters.reduce((n, c) => n + c.members.length, 0),
               marks: {FRAME}.contentWindow.document.querySelectorAll('.briefing-cluster').length}}; }}"""
    page.goto(dense_server + "/?section=strikes")
    at_default = wait_for(lambda: (c := page.evaluate(count)) and c["members"] > 40_000 and c, "clusters", 180)
    assert at_default["clusters"] + at_default["singles"] < 2_000, at_default
    assert at_default["marks"] == at_default["clusters"]
    # Zoom onto Jousieh: its own strikes stand alone there.
    page.evaluate(f"() => {FRAME}.contentWindow.map.setView([34.42167, 36.54333], 15, {{animate: false}})")

    def jousieh_strikes_single():
        return page.evaluate(
            f"""() => {{ const s = {FRAME}.contentWindow.map._briefing; let n = 0;
              s.points.eachLayer(l => {{ if (!l._bmCluster && s.doc.features[l._bmIndex].id.startsWith('strike-')
                && s.doc.features[l._bmIndex].id.includes('jousieh')) n++; }});
              return n; }}"""
        )

    wait_for(jousieh_strikes_single, "Jousieh's own strikes as single marks at zoom 15", 60)
    page.close()
