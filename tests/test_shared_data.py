"""The app shares one loaded copy of each bundle's layers and of the basemap between sessions
(st.cache_resource): no rerun and no export may change them."""

from __future__ import annotations

import copy
import json

from dashboard.core.viewstate import ViewState
from dashboard.data.basemap import load_basemap_layers
from dashboard.products import registry
from dashboard.products.briefing import slide_for
from dashboard.products.selection import Selection
from dashboard.view import text
from dashboard.view.citations import citation_lines
from dashboard.view.filters import shown_features
from dashboard.web import mapdata


def _snapshot(layers) -> str:
    return json.dumps({k: [f.to_geojson() for f in v.features] for k, v in layers.items()}, sort_keys=True)


def test_a_run_and_every_export_leave_the_shared_layers_as_they_were(bundle, layers):
    basemap = load_basemap_layers()[0]
    before, basemap_before = _snapshot(layers), copy.deepcopy(basemap)
    _, index = mapdata.browser_document(mapdata.all_items(layers))
    for section in ("all", "strikes", "deconfliction"):
        state = ViewState(section=section, selected="arida-crossing")
        shown = shown_features(layers, state)
        mapdata.map_state(index, shown, state.selected)
        selection = Selection(bundle, layers, basemap, state, "Title", shown=shown)
        slide_for(selection)
        citation_lines(shown)
        text.section_markdown(
            bundle.article, bundle.article.section_ids[0], text.place_names([s.feature for s in shown])
        )
        for item in shown:
            text.feature_markdown(item, bundle.article)
        for fmt in ("geojson", "kml", "csv", "html") + (("png",) if section == "strikes" else ()):
            registry.render(fmt, selection)
    assert _snapshot(layers) == before and basemap == basemap_before


def test_after_a_run_the_collector_no_longer_walks_the_shared_data():
    """Streamlit collects every generation after each run; the loaded article and modules are frozen out of it,
    so that collection walks only what the runs make, and what they make is still collected."""
    import gc

    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from dashboard import config as c

    gc.unfreeze()
    st.cache_resource.clear()  # loaded afresh, as in a new server process, whatever ran before in this one
    at = AppTest.from_file(str(c.ROOT / "dashboard" / "app.py"), default_timeout=60)
    try:
        at.run()
        assert not at.exception, at.exception
        frozen, walked = gc.get_freeze_count(), len(gc.get_objects())
        assert frozen > 100_000  # the modules, the bundle, its layers and the basemap
        for section in ("strikes", "smuggling", "deconfliction", "strikes", "smuggling"):
            at.sidebar.radio(key=c.KEY_SECTION).set_value(section).run()
            assert not at.exception, at.exception
        gc.collect()
        # Reruns add their garbage to what the collector walks, and it is collected: no growth run after run.
        assert len(gc.get_objects()) < walked + 20_000, (walked, len(gc.get_objects()))
        assert len(gc.get_objects()) < frozen / 4
    finally:
        gc.unfreeze()
