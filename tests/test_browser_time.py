"""Time in headless Chromium: the playback runs in the browser, the chronology picks and brushes."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from playwright.sync_api import expect
from test_browser import FRAME, POPUP, QUIET_S, drawn_ids, open_map, query, wait_for

from dashboard.config import CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"needs Chromium at {CHROMIUM}"),
]

IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
DATE_SHOWN = f"() => {FRAME}.contentWindow.document.querySelector('.briefing-playback .pb-date')?.textContent || ''"
STRIKES = "/?section=strikes&others=hide"


def shown_day(text: str) -> dt.date:
    """The day the playback writes ('20 October 2024', or 'October 2024' when it steps by month)."""
    for fmt in ("%d %B %Y", "%B %Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    raise AssertionError(f"not a day: {text!r}")


def test_playback_steps_through_the_period_in_the_browser_and_a_link_reopens_the_paused_day(browser, server):
    tab = open_map(browser, server + STRIKES)
    page, frame = tab.page, tab.page.frame_locator(IFRAME)
    time.sleep(QUIET_S)  # let the first reruns settle
    everything = drawn_ids(page)
    sent = len(tab.frames_sent)
    assert sent >= 1, "no websocket frames seen: counting them would prove nothing"
    frame.locator(".pb-play").click()
    frame.locator(".pb-speed").select_option("8")
    seen: dict[str, frozenset[str]] = {}

    def stepped() -> bool:
        text = page.evaluate(DATE_SHOWN)
        if text:
            seen.setdefault(text, frozenset(drawn_ids(page) or ()))
        return len(seen) >= 6 and len(set(seen.values())) >= 3

    wait_for(stepped, "the playback to show six days and three different sets of features", timeout=30)
    days = [shown_day(text) for text in seen]
    assert days == sorted(days), "the days shown go forward"
    assert all(ids < everything for ids in seen.values()), "each day shows only what had happened by then"
    frame.locator(".pb-play").click()  # pause
    paused = page.evaluate(DATE_SHOWN)
    wait_for(lambda: query(page).get("t"), "the paused day in the URL")
    assert len(tab.frames_sent) == sent, "playing sent messages to the server (reruns)"
    assert dt.date.fromisoformat(query(page)["t"]) == shown_day(paused)
    held = drawn_ids(page)
    again = open_map(browser, page.evaluate("location.href")).page
    wait_for(lambda: again.evaluate(DATE_SHOWN) == paused, f"the reopened link to show {paused}")
    wait_for(lambda: drawn_ids(again) == held, "the reopened link to draw what the paused map drew")
    again.close()
    page.close()


# The centre of a chronology mark that lies on top there (early strikes crowd each other), and its name.
TOPMOST_MARK = """() => {
  for (const m of document.querySelectorAll('.st-key-chronology svg path[aria-roledescription="circle"]')) {
    const r = m.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
    if (r.width && document.elementFromPoint(x, y) === m) return {x, y, name: m.getAttribute('aria-label')};
  }
  return null; }"""


def test_clicking_a_chronology_mark_selects_its_feature_and_opens_its_popup(browser, server, all_features):
    page = open_map(browser, server + STRIKES).page
    mark = wait_for(lambda: page.evaluate(TOPMOST_MARK), "a chronology mark to click")
    strike = next(f for f in all_features if f.properties.name == mark["name"] and "strikes" in f.properties.sections)
    page.mouse.click(mark["x"], mark["y"])
    wait_for(lambda: query(page).get("sel") == strike.id, "the mark's feature selected in the URL")
    wait_for(lambda: page.evaluate(POPUP, strike.id), "the feature's popup on the map")
    expect(page.get_by_test_id("stMain")).to_contain_text("Selected feature")
    page.close()


def test_brushing_the_chronology_sets_the_date_filter_and_the_url(browser, server):
    page = open_map(browser, server + STRIKES).page
    shade = page.locator('.st-key-chronology svg path[aria-roledescription="rect mark"]').first
    expect(shade).to_be_visible(timeout=30_000)  # the section's period, shaded across the plot
    box = shade.bounding_box()
    plot_y = box["y"] + box["height"] / 2
    before = drawn_ids(page)
    page.mouse.move(box["x"] + box["width"] * 0.05, plot_y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.25, plot_y, steps=8)
    page.mouse.up()
    wait_for(lambda: query(page).get("dates") == "range", "dates=range in the URL")
    start, end = dt.date.fromisoformat(query(page)["from"]), dt.date.fromisoformat(query(page)["to"])
    assert start < end
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_role("radio", name="Within a range")).to_be_checked(timeout=30_000)
    wait_for(lambda: (drawn_ids(page) or before) < before, "fewer features drawn once the range applies")
    page.close()
