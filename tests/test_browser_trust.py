"""In a real browser: a disputed claim is marked on the map and its popup shows every version; the grade filter
changes what is drawn."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from test_browser import CLICK_POINT, FRAME, open_map, query, wait_drawn, wait_for

from dashboard.config import CHROMIUM, CREDIBILITY_FILTER_LABELS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"needs Chromium at {CHROMIUM}"),
]

DISPUTED_PATHS = f"""() => {{ const d = {FRAME}.contentWindow.document;
  return [...d.querySelectorAll('path.briefing-disputed')].map(p => getComputedStyle(p).stroke); }}"""
VERSIONS = f"""(id) => {{ const doc = {FRAME}.contentWindow.document;
  const d = doc.querySelector(`div.feature-popup[data-feature-id="${{id}}"] .fp-disputed`);
  return d && [...d.querySelectorAll('li.fp-version')].map(li => li.innerText); }}"""
MAGENTA = "rgb(208, 28, 139)"
JANTA = "strike-20250113-janta"


def test_a_disputed_claim_is_marked_and_its_popup_shows_both_versions(browser, server, all_features):
    disputed = {f.id for f in all_features if f.properties.disputes and "strikes" in f.properties.sections}
    page = open_map(browser, server + "/?section=strikes&others=hide&disputed=1").page
    wait_drawn(page, disputed)
    strokes = wait_for(lambda: page.evaluate(DISPUTED_PATHS), "the disputed outlines")
    assert len(strokes) == len(disputed) and set(strokes) == {MAGENTA}, strokes
    point = wait_for(lambda: page.evaluate(CLICK_POINT, JANTA), "a spot to click the Janta strike")
    page.mouse.click(point["x"], point["y"])
    versions = wait_for(lambda: page.evaluate(VERSIONS, JANTA), "the Janta popup's versions")
    assert len(versions) == 2, versions
    assert "12 January 2025" in versions[0] and "[B]" in versions[0]
    assert "13 January 2025" in versions[1] and "Jowhar" in versions[1]
    page.close()


def test_the_credibility_filter_changes_what_is_drawn(browser, server, all_features):
    page = open_map(browser, server + "/").page
    wait_drawn(page, {f.id for f in all_features})
    select = page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").filter(has_text="Claims graded")
    select.scroll_into_view_if_needed()
    select.get_by_role("button", name="Open").click()
    page.get_by_role("option", name=CREDIBILITY_FILTER_LABELS[2]).click()
    expected = {f.id for f in all_features if f.properties.credibility <= 2}
    assert expected and expected != {f.id for f in all_features}
    wait_drawn(page, expected)
    assert query(page)["cred"] == "2"
    expect(page.get_by_test_id("stSidebar")).to_contain_text("Claims graded")
    page.close()
