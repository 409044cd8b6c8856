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
