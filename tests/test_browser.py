"""The dashboard in headless Chromium: what is drawn, what the URL keeps, what a click shows."""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

from dashboard.config import CHROMIUM, CONFIDENCE_LABELS, DATA_ROOT, ENV_DATA_ROOT
from dashboard.devserver import running_dashboard

SHIPPED = "iran-russia-too-close-for-comfort"
STRIKES_LABEL = "Israeli strikes on the crossings"
QUIET_S = 1.5  # how long a pan must stay without a rerun: longer than any debounce on moveend

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"needs Chromium at {CHROMIUM}"),
]

FRAME = "document.querySelector('iframe[title=\"streamlit_folium.st_folium\"]')"
DRAWN_IDS = f"""() => {{ const f = {FRAME}; const map = f && f.contentWindow && f.contentWindow.map;
  if (!map) return null; const ids = new Set();
  Object.values(map._layers).forEach(l => {{
    const p = l.feature && l.feature.properties; if (p && p.id) ids.add(p.id);
    if (l._bmCluster) l._bmCluster.members.forEach(i => ids.add(map._briefing.doc.features[i].id)); }});
  return [...ids].sort(); }}"""
# A point (page coordinates) where the feature's own SVG path is topmost, nearest its centre:
# areas of other layers may cover part of a point marker.
CLICK_POINT = f"""(id) => {{ const f = {FRAME}, w = f.contentWindow, b = f.getBoundingClientRect();
  const l = Object.values(w.map._layers)
    .find(l => l.feature && l.feature.properties.id === id && l._path);
  const r = l._path.getBoundingClientRect(), cx = r.left + r.width / 2, cy = r.top + r.height / 2;
  for (let d = 0; d <= r.width / 2; d++)
    for (const [x, y] of [[cx - d, cy], [cx + d, cy], [cx, cy - d], [cx, cy + d]])
      if (w.document.elementFromPoint(x, y) === l._path) return {{x: b.left + x, y: b.top + y}};
  return null; }}"""
POPUP = f"""(id) => {{ const doc = {FRAME}.contentWindow.document;
  const d = doc.querySelector(`div.feature-popup[data-feature-id="${{id}}"]`);
  return d && {{quote: d.querySelector('blockquote')?.innerText,
                hrefs: [...d.querySelectorAll('a')].map(a => a.href)}}; }}"""


def wait_for(fn, what: str, timeout: float = 45.0):
    """Poll fn until it returns something truthy; fail with the last value after the timeout."""
    end, value = time.monotonic() + timeout, None
    while time.monotonic() < end:
        value = fn()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout:g} s waiting for {what}; last value: {value!r}")


def strike_ids(features: list[dict]) -> set[str]:
    """The ids of the features the strikes section names."""
    return {f.id for f in features if "strikes" in f.properties.sections}


def drawn_ids(page: Page) -> set[str] | None:
    """The distinct feature ids on the Leaflet map, or None before the map exists."""
    ids = page.evaluate(DRAWN_IDS)
    return None if ids is None else set(ids)


def wait_drawn(page: Page, expected: set[str]) -> None:
    """Wait until the map draws exactly these feature ids."""
    wait_for(lambda: drawn_ids(page) == expected, f"exactly {len(expected)} drawn features")


def query(page: Page) -> dict[str, str]:
    """The page URL's query parameters, read live (page.url misses history.replaceState)."""
    return {k: v[-1] for k, v in parse_qs(urlsplit(page.evaluate("location.href")).query).items()}


def set_marker(page: Page) -> None:
    """Tag the map iframe's window: a remounted or reloaded map loses the tag."""
    page.evaluate(f"{FRAME}.contentWindow.__noRemount = 'kept'")


def marker(page: Page) -> str | None:
    """The tag set by set_marker, if the map window still has it."""
    return page.evaluate(f"{FRAME}.contentWindow.__noRemount || null")


@dataclass
class Tab:
    """A page and what it sent: request URLs (page and iframes), failures, websocket frames."""

    page: Page
    requests: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    frames_sent: list[str | bytes] = field(default_factory=list)


def open_map(browser, url: str) -> Tab:
    """A fresh session on url, recorded from the start; returns once the map and URL are set."""
    tab = Tab(browser.new_page(viewport={"width": 1400, "height": 1000}))
    tab.page.on("request", lambda r: tab.requests.append(r.url))
    tab.page.on("requestfailed", lambda r: tab.failures.append(f"{r.url}: {r.failure}"))
    tab.page.on("response", lambda r: r.ok or tab.failures.append(f"{r.url}: HTTP {r.status}"))
    tab.page.on("websocket", lambda ws: ws.on("framesent", lambda f: tab.frames_sent.append(f)))
    tab.page.goto(url)
    wait_for(lambda: drawn_ids(tab.page), "the map to draw features")
    wait_for(lambda: "lat" in query(tab.page), "Streamlit to write the view into the URL")
    return tab


@pytest.fixture(scope="module")
def strikes_view(browser, server):
    """A page where the sidebar chose the strikes section, then 'Hide the rest'."""
    tab = open_map(browser, server + "/")
    page = tab.page
    set_marker(page)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text(STRIKES_LABEL, exact=True).click()
    wait_for(lambda: query(page).get("section") == "strikes", "section=strikes in the URL")
    expect(sidebar.get_by_role("radio", name="Hide the rest")).to_be_enabled(timeout=30_000)
    sidebar.get_by_text("Hide the rest", exact=True).click()
    wait_for(lambda: query(page).get("others") == "hide", "others=hide in the URL")
    yield page
    page.close()


def test_default_page_draws_every_feature_from_the_server_alone(browser, server, all_features):
    tab = open_map(browser, server + "/")
    tab.page.wait_for_load_state("networkidle")
    wait_drawn(tab.page, {f.id for f in all_features})
    assert any("/app/static/vendor/leaflet" in u for u in tab.requests), "no iframe request seen"
    assert [u for u in tab.requests if urlsplit(u).hostname not in ("127.0.0.1", "localhost")] == []
    assert tab.failures == []
    tab.page.close()


def test_section_choice_is_in_the_url_and_redraws_without_remount(strikes_view, all_features):
    wait_drawn(strikes_view, strike_ids(all_features))
    assert query(strikes_view)["section"] == "strikes"
    assert marker(strikes_view) == "kept", "the map iframe was remounted"


def test_reopening_the_link_restores_the_view(browser, strikes_view, all_features):
    strikes = strike_ids(all_features)
    wait_drawn(strikes_view, strikes)
    page = open_map(browser, strikes_view.evaluate("location.href")).page
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_role("radio", name=STRIKES_LABEL)).to_be_checked()
    wait_drawn(page, strikes)
    assert drawn_ids(page) == drawn_ids(strikes_view)
    page.close()


def test_clicking_a_crossing_shows_its_quote_sources_and_details(browser, server):
    page = open_map(browser, server + "/?section=strikes").page
    point = wait_for(lambda: page.evaluate(CLICK_POINT, "arida-crossing"), "a spot to click Arida")
    page.mouse.click(point["x"], point["y"])
    # Read the popup at once: the rerun the click causes redraws the features and closes it.
    popup = wait_for(lambda: page.evaluate(POPUP, "arida-crossing"), "Arida's popup")
    assert "Arida and other crossings" in popup["quote"]
    assert any(href.startswith("http") for href in popup["hrefs"]), popup
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text("Selected feature", exact=True)).to_be_visible(timeout=30_000)
    expect(main).to_contain_text("Arida crossing")
    assert query(page).get("sel") == "arida-crossing"
    # After the rerun redraws the layers, the selected feature's popup opens again.
    wait_for(lambda: page.evaluate(POPUP, "arida-crossing"), "Arida's popup after the rerun")
    page.close()


def test_panning_keeps_the_view_in_the_url_without_a_rerun(browser, server):
    tab = open_map(browser, server + "/")
    time.sleep(QUIET_S)  # let the first reruns and the map's stretch to the window settle before the move
    before, sent = query(tab.page), len(tab.frames_sent)
    assert sent >= 1, "no websocket frames seen: counting reruns would prove nothing"
    tab.page.evaluate(
        f"(() => {{ const m = {FRAME}.contentWindow.map;"
        " m.panBy([200, 0], {animate: false}); m.setZoom(m.getZoom() + 1); })()"
    )

    def moved() -> bool:
        now = query(tab.page)
        return now["z"] != before["z"] and now["lon"] != before["lon"]

    wait_for(moved, "the URL's lon and z to follow the map")
    time.sleep(QUIET_S)  # a negative check: give a would-be rerun time to be sent
    assert len(tab.frames_sent) == sent, "panning sent a message to the server (a rerun)"
    tab.page.close()


def test_filter_change_redraws_in_place(browser, server, all_features):
    page = open_map(browser, server + "/").page
    set_marker(page)
    sidebar = page.get_by_test_id("stSidebar")
    select = sidebar.get_by_test_id("stSelectbox").filter(has_text="Confidence")
    select.scroll_into_view_if_needed()  # scrolling while the list is open would close it
    select.get_by_role("button", name="Open").click()
    page.get_by_role("option", name="High only").click()
    wait_drawn(page, {f.id for f in all_features if f.properties.confidence == "high"})
    assert query(page)["conf"] == "high"
    assert marker(page) == "kept", "the map iframe was remounted"
    page.close()


def test_the_link_keeps_a_panned_view_after_a_filter_change(browser, server):
    page = open_map(browser, server + "/?section=strikes").page
    page.evaluate(f"(() => {{ const m = {FRAME}.contentWindow.map; m.panBy([150, 80], {{animate: false}}); }})()")
    centre = (
        f"(() => {{ const c = {FRAME}.contentWindow.map.getCenter(); return [c.lat.toFixed(4), c.lng.toFixed(4)]; }})()"
    )
    wait_for(lambda: [query(page)["lat"], query(page)["lon"]] == page.evaluate(centre), "the URL to follow the pan")
    select = page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").filter(has_text="Confidence")
    select.scroll_into_view_if_needed()
    select.get_by_role("button", name="Open").click()
    page.get_by_role("option", name=CONFIDENCE_LABELS["moderate"]).click()
    wait_for(lambda: query(page).get("conf") == "moderate", "conf=moderate in the URL")
    time.sleep(QUIET_S)  # let Streamlit finish rewriting the URL after the rerun
    assert [query(page)["lat"], query(page)["lon"]] == page.evaluate(centre), "the link lost the panned view"
    page.close()


def test_briefing_mode_is_a_clean_framed_slide(browser, server):
    page = open_map(browser, server + "/?section=strikes&others=hide&brief=1&caveat=UNCLASSIFIED").page
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()
    controls = f"""(() => {{ const d = {FRAME}.contentWindow.document;
      const seen = s => {{ const e = d.querySelector(s); if (!e) return null;
        const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 ? e.innerText : null; }};
      return {{legend: seen('.briefing-legend'), scale: seen('.leaflet-control-scale'), north: seen('.briefing-north'),
               title: seen('.briefing-title'), footer: seen('.briefing-footer')}}; }})()"""
    shown = wait_for(lambda: (c := page.evaluate(controls)) and all(c.values()) and c, "the slide's frame")
    assert "Israeli strike" in shown["legend"] and "km" in shown["scale"] and "N" in shown["north"]
    assert STRIKES_LABEL in shown["title"] and "UNCLASSIFIED" in shown["title"]
    assert "As of" in shown["footer"]
    # the slide is 16:9: the map, with the legend and date in a strip under it
    box = page.evaluate(
        f"(() => {{ const w = {FRAME}.contentWindow, m = w.map.getContainer().getBoundingClientRect();"
        " return [m.width, w.innerHeight]; })()"
    )
    assert abs(box[0] / box[1] - 16 / 9) < 0.02, box
    strip = page.evaluate(
        f"(() => {{ const d = {FRAME}.contentWindow.document, s = d.getElementById('briefing-legend-strip');"
        " return s && [s.getBoundingClientRect().bottom, !!s.querySelector('.briefing-legend'),"
        " !!s.querySelector('.briefing-footer')]; })()"
    )
    assert strip and strip[0] <= box[1] + 1 and strip[1] and strip[2], strip
    page.close()


def test_exporting_the_view_downloads_its_features(browser, server, all_features):
    page = open_map(browser, server + "/?section=deconfliction&others=hide").page
    main = page.get_by_test_id("stMain")
    main.get_by_text("Export this view").click()
    with page.expect_download(timeout=60_000) as download:
        main.get_by_role("button", name="GeoJSON").click()
    path = download.value.path()
    ids = {f["id"] for f in json.loads(Path(path).read_text(encoding="utf-8"))["features"]}
    assert ids == {f.id for f in all_features if "deconfliction" in f.properties.sections}
    assert download.value.suggested_filename == "briefing-iran-russia-too-close-for-comfort-deconfliction.geojson"
    page.close()


@pytest.fixture(scope="module")
def server_under_base_path():
    """The dashboard behind --server.baseUrlPath, as a reverse proxy would serve it."""
    with running_dashboard("--server.baseUrlPath", "briefing", path="/briefing") as base:
        yield base


def test_it_works_behind_a_base_url_path(browser, server_under_base_path, all_features):
    tab = open_map(browser, server_under_base_path + "/")
    wait_drawn(tab.page, {f.id for f in all_features})
    tab.page.wait_for_load_state("networkidle")
    assert any("/briefing/app/static/basemap/" in u for u in tab.requests), "the basemap was not fetched"
    assert [u for u in tab.requests if urlsplit(u).hostname not in ("127.0.0.1", "localhost")] == []
    assert tab.failures == []
    tab.page.close()


BIG_LAYER = 2500  # strikes added to the article's: more than mapdata.CANVAS_ABOVE features in all
HOSTILE = '<img src=x onerror="window.__pwned=1">${window.__pwned=2}`*bold*`'


@pytest.fixture(scope="module")
def big_server(tmp_path_factory):
    """The dashboard serving the article's layers plus BIG_LAYER dated test strikes on a grid."""
    root = tmp_path_factory.mktemp("data")
    for part in ("seeds", "geodata"):
        shutil.copytree(DATA_ROOT / part / SHIPPED, root / part / SHIPPED)
    folder = root / "geodata" / SHIPPED
    doc = json.loads((folder / "strikes.geojson").read_text(encoding="utf-8"))
    for i in range(BIG_LAYER):
        fid = f"test-strike-{i:05d}"
        lon, lat = 36.0 + (i % 50) * 0.02, 33.4 + (i // 50) * 0.02
        doc["features"].append(
            {
                "type": "Feature",
                "id": fid,
                "geometry": {"type": "Point", "coordinates": [round(lon, 4), round(lat, 4)]},
                "properties": {
                    "id": fid,
                    "name": f"Test strike {i}",
                    "layer": "strikes",
                    "kind": "airstrike",
                    "sections": ["strikes"],
                    "actors": ["Israel"],
                    "date_from": "2025-01-0{}".format(1 + i % 9),
                    "date_to": "2025-01-0{}".format(1 + i % 9),
                    "status": "test",
                    "confidence": "moderate",
                    "accuracy_km": 2.0,
                    "location": "approximate",
                    "location_refs": ["derived: test grid point"],
                    "provenance": "context",
                    "sources": [{"title": "Test event", "publisher": "test suite"}],
                    "description": "A test event on a grid.",
                },
            }
        )
    # The last one's name and description are hostile markup: they must show as text everywhere.
    doc["features"][-1]["properties"].update(name=HOSTILE, description=HOSTILE)
    (folder / "strikes.geojson").write_text(json.dumps(doc), encoding="utf-8")
    with running_dashboard(env={ENV_DATA_ROOT: str(root)}) as base:
        yield base


def test_a_large_layer_draws_on_canvas_and_a_click_brings_the_full_popup(browser, big_server, all_features):
    page = open_map(browser, big_server + "/?section=strikes&others=hide").page
    expected = strike_ids(all_features) | {f"test-strike-{i:05d}" for i in range(BIG_LAYER)}
    wait_drawn(page, expected)
    on_canvas = f"!!{FRAME}.contentWindow.document.querySelector('.leaflet-briefing-features-pane canvas')"
    assert page.evaluate(on_canvas), "a large layer should draw on one canvas"
    # Zoom onto one test strike, so that it alone is under the pointer, and click it.
    point = page.evaluate(
        f"""(() => {{ const f = {FRAME}, m = f.contentWindow.map, b = f.getBoundingClientRect();
        m.setView([33.4 + 10 * 0.02, 36.0 + 7 * 0.02], 14, {{animate: false}});
        const p = m.latLngToContainerPoint([33.4 + 10 * 0.02, 36.0 + 7 * 0.02]);
        return {{x: b.left + p.x, y: b.top + p.y}}; }})()"""
    )
    page.mouse.click(point["x"], point["y"])
    popup = f"""(() => {{ const d = {FRAME}.contentWindow.document.querySelector('.leaflet-popup-content');
      return d && d.innerText; }})()"""
    wait_for(lambda: "Test strike 507" in (page.evaluate(popup) or ""), "the popup of the clicked strike")
    # Large documents carry no popups: the full one comes with the rerun the click starts.
    full = wait_for(lambda: page.evaluate(POPUP, "test-strike-00507"), "the full popup after the rerun")
    assert full["quote"] is None and query(page).get("sel") == "test-strike-00507"
    assert "Test event" in page.evaluate(popup)
    page.close()


def test_hostile_text_shows_as_text_in_the_tooltip_popup_and_text_panel(browser, big_server):
    fid, i = f"test-strike-{BIG_LAYER - 1:05d}", BIG_LAYER - 1
    lat, lon = 33.4 + (i // 50) * 0.02, 36.0 + (i % 50) * 0.02
    tab = open_map(browser, big_server + f"/?section=strikes&others=hide&lat={lat}&lon={lon}&z=14")
    page, dialogs = tab.page, []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    wait_for(lambda: len(drawn_ids(page) or ()) > BIG_LAYER, "the large layer")
    point = page.evaluate(
        f"""(() => {{ const f = {FRAME}, m = f.contentWindow.map, b = f.getBoundingClientRect();
        const p = m.latLngToContainerPoint([{lat}, {lon}]); return {{x: b.left + p.x, y: b.top + p.y}}; }})()"""
    )
    page.mouse.move(point["x"], point["y"])
    tooltip = f"(() => {{ const t = {FRAME}.contentWindow.document.querySelector('.leaflet-tooltip');"
    tooltip += " return t && t.innerText; })()"
    assert HOSTILE in wait_for(lambda: page.evaluate(tooltip), "the tooltip")
    page.mouse.click(point["x"], point["y"])
    wait_for(lambda: page.evaluate(POPUP, fid), "the full popup")
    heading = f"{FRAME}.contentWindow.document.querySelector('div.feature-popup h4').innerText"
    assert page.evaluate(heading) == HOSTILE
    expect(page.get_by_test_id("stMain")).to_contain_text(HOSTILE, timeout=30_000)  # the selected feature's panel
    pwned = f"[window.__pwned, {FRAME}.contentWindow.__pwned]"
    assert page.evaluate(pwned) == [None, None] and dialogs == []
    page.close()


RED_SEA = """Ports of the Red Sea

Attacks on shipping

The Houthis hold Hodeidah and Sanaa.

Egypt and the canal

Egypt loses revenue as traffic through Port Said and Ismailia falls.
"""
RED_SEA_IDS = {"al-hudaydah", "sanaa", "egypt", "port-said", "ismailia"}
LEGEND = (
    f"(() => {{ const l = {FRAME}.contentWindow.document.querySelector('.briefing-legend'); "
    "return l && l.textContent; })()"
)
BANNER = (
    f"(() => {{ const b = {FRAME}.contentWindow.document.querySelector('.draft-banner'); return b && b.innerText; }})()"
)


@pytest.fixture(scope="module")
def two_articles(tmp_path_factory):
    """The dashboard serving the shipped article and a bundle drafted from a text about the Red Sea."""
    from dashboard.cli import main

    root = tmp_path_factory.mktemp("data")
    for part in ("seeds", "geodata"):
        shutil.copytree(DATA_ROOT / part / SHIPPED, root / part / SHIPPED)
    (root / "red-sea.txt").write_text(RED_SEA, encoding="utf-8")
    assert main(["--data", str(root), "draft-article", str(root / "red-sea.txt"), "--id", "red-sea"]) == 0
    with running_dashboard(env={ENV_DATA_ROOT: str(root)}) as base:
        yield base


def test_articles_switch_through_the_chooser_and_the_url(browser, two_articles, all_features):
    page = open_map(browser, two_articles + "/?section=strikes").page
    sidebar = page.get_by_test_id("stSidebar")
    wait_for(lambda: "Israeli strikes" in (page.evaluate(LEGEND) or ""), "the shipped article's legend")
    assert page.evaluate(BANNER) is None, "a final article has no draft banner"
    chooser = sidebar.get_by_test_id("stSelectbox").filter(has_text="Article")
    chooser.get_by_role("button", name="Open").click()
    page.get_by_role("option", name="Ports of the Red Sea (draft)").click()
    wait_drawn(page, RED_SEA_IDS)
    wait_for(lambda: query(page).get("article") == "red-sea", "article=red-sea in the URL")
    assert "section" not in query(page), "the other article's section is not carried over"
    expect(sidebar.get_by_text("Attacks on shipping", exact=True)).to_be_visible(timeout=30_000)
    assert "Places named" in wait_for(lambda: page.evaluate(LEGEND), "the draft's legend")
    assert "Israeli strikes" not in page.evaluate(LEGEND)
    assert "draft: unverified, sources missing" in wait_for(lambda: page.evaluate(BANNER), "the draft banner").lower()
    again = open_map(browser, two_articles + "/?article=red-sea&section=egypt-and-the-canal&others=hide").page
    wait_drawn(again, {"egypt", "port-said", "ismailia"})
    expect(again.get_by_test_id("stSidebar").get_by_role("radio", name="Egypt and the canal")).to_be_checked()
    back = open_map(browser, two_articles + "/?section=strikes&others=hide").page
    wait_drawn(back, strike_ids(all_features))
    for p in (page, again, back):
        p.close()
