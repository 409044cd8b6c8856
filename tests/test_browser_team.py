"""The team's workspace in headless Chromium: an uploaded KML drawn and listed, a note drawn with the Draw control
and seen from a second browser, a saved view opened. The server gets its own empty store and a workspace key."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from dashboard.config import CHROMIUM, ENV_DATABASE_URL, ENV_STATE_DIR, ENV_WORKSPACE_KEY
from dashboard.devserver import running_dashboard

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"needs Chromium at {CHROMIUM}"),
]

KEY = "browser-test-key"
FRAME_CSS = 'iframe[title="streamlit_folium.st_folium"]'
FRAME = f"document.querySelector('{FRAME_CSS}')"
MAP_READY = f"""() => {{ const f = {FRAME}; const m = f && f.contentWindow && f.contentWindow.map;
  return !!(m && m._briefing && m._briefing.applied > 0 && m._briefingTeam); }}"""
OVERLAY_FEATURES = f"""() => {{ const t = {FRAME}.contentWindow.map._briefingTeam; let n = 0;
  Object.values(t.overlays).forEach(o => {{
    if (o.layer && t.map.hasLayer(o.layer)) n += o.layer.getLayers().length; }});
  return n; }}"""
NOTE_COUNT = f"""() => {{ const f = {FRAME}; const m = f && f.contentWindow.map;
  return m && m._briefingTeam ? m._briefingTeam.notes.getLayers().length : -1; }}"""
KML = b"""<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
<Placemark><name>Checkpoint north</name><Point><coordinates>36.25,34.35</coordinates></Point></Placemark>
<Placemark><name>Checkpoint south</name><Point><coordinates>36.05,33.95</coordinates></Point></Placemark>
</Document></kml>"""


@pytest.fixture(scope="module")
def team_server(tmp_path_factory):
    """The dashboard on an empty store of its own, with a workspace key set in its environment."""
    state = tmp_path_factory.mktemp("state")
    env = {ENV_STATE_DIR: str(state), ENV_WORKSPACE_KEY: KEY, ENV_DATABASE_URL: ""}
    with running_dashboard(env=env) as base:
        yield base


def _open(browser, base: str, query: str = "") -> Page:
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.goto(f"{base}/{query}")
    page.wait_for_function(MAP_READY, timeout=90_000)
    return page


def _unlock(page: Page, name: str) -> None:
    """Enter the workspace key and a name in the sidebar, as a user would."""
    for key, value in (("w_workspace_key", KEY), ("w_author", name)):
        box = page.locator(f".st-key-{key} input")
        expect(box).to_be_enabled(timeout=90_000)  # Streamlit disables inputs until its first run is done
        box.fill(value)
        box.press("Enter")
    page.get_by_text("You can add and change").wait_for(timeout=30_000)


def test_an_uploaded_kml_is_drawn_on_the_map_and_listed(browser, team_server, tmp_path: Path):
    page = _open(browser, team_server)
    _unlock(page, "Ana")
    (tmp_path / "checkpoints.kml").write_bytes(KML)
    page.get_by_test_id("stSidebar").get_by_text("Add an overlay", exact=True).click()
    page.locator(".st-key-w_overlay_file input[type=file]").set_input_files(str(tmp_path / "checkpoints.kml"))
    page.get_by_role("button", name="Add overlay").click()
    page.get_by_text("checkpoints (2)").wait_for(timeout=60_000)
    page.wait_for_function(f"() => ({OVERLAY_FEATURES})() === 2", timeout=30_000)
    legend = page.frame_locator(FRAME_CSS).locator(".briefing-legend")
    assert "Team overlays" in legend.inner_text() and "checkpoints" in legend.inner_text()
    page.close()


def draw_note(page: Page, words: str) -> None:
    """Put a point on the map with the Draw control, write its note and save it; wait until the map shows it."""
    page.frame_locator(FRAME_CSS).locator(".leaflet-draw-draw-marker").click()
    box = page.locator(FRAME_CSS).bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.6, box["y"] + box["height"] * 0.45)
    text = page.locator(".st-key-w_note_text textarea")
    text.wait_for(timeout=60_000)
    text.fill(words)
    page.get_by_role("button", name="Save note").click()
    page.wait_for_function(f"() => ({NOTE_COUNT})() === 1", timeout=60_000)


def test_a_note_drawn_on_the_map_is_seen_from_a_second_browser(browser, team_server):
    page = _open(browser, team_server)
    _unlock(page, "Ben")
    draw_note(page, "Convoy seen here at dawn")
    other = browser.new_context(viewport={"width": 1920, "height": 1080})
    second = other.new_page()
    second.goto(team_server)
    second.wait_for_function(MAP_READY, timeout=90_000)
    second.wait_for_function(f"() => ({NOTE_COUNT})() === 1", timeout=30_000)
    second.get_by_text("Team notes on the map").click()
    second.get_by_text("Convoy seen here at dawn").wait_for(timeout=30_000)
    other.close()
    page.close()


def test_a_saved_view_opens_from_its_link(browser, team_server):
    page = _open(browser, team_server)
    _unlock(page, "Cy")
    page.locator(".st-key-w_section label").filter(has_text="Israeli strikes on the crossings").click()
    page.wait_for_url("**section=strikes**", timeout=30_000)
    page.get_by_test_id("stSidebar").get_by_text("Saved views", exact=True).click()
    name = page.locator(".st-key-w_view_name input")
    name.fill("Strikes for the Monday brief")
    name.press("Enter")
    page.get_by_role("button", name="Save view").click()
    link = page.get_by_role("link", name="Strikes for the Monday brief")
    link.wait_for(timeout=30_000)
    fresh = _open(browser, team_server)
    fresh.get_by_test_id("stSidebar").get_by_text("Saved views", exact=True).click()
    fresh.get_by_role("link", name="Strikes for the Monday brief").click()
    fresh.wait_for_url("**section=strikes**", timeout=30_000)
    fresh.wait_for_function(MAP_READY, timeout=90_000)
    fresh.get_by_role("heading", name="Israeli strikes on the crossings").wait_for(timeout=30_000)
    fresh.close()
    page.close()
