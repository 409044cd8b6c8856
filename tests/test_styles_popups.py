"""Style is a pure function of properties; every string reaching HTML is escaped."""

from __future__ import annotations

import re

from dashboard import popups, textpanel
from dashboard.filters import Shown
from dashboard.styles import CONFIDENCE_OPACITY, style_for, symbol_for

HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


def test_every_shipped_feature_has_a_style(layers):
    for layer_id, layer in layers.items():
        for f in layer.features:
            style = style_for(layer_id, f["properties"])
            assert HEX.match(style["color"]) and 0 < style["opacity"] <= 1, f["id"]
            assert style_for(layer_id, f["properties"], dimmed=True)["opacity"] < style["opacity"]


def test_confidence_is_shown_by_opacity(layers):
    f = dict(layers["crossings"].features[0]["properties"])
    opacities = [style_for("crossings", {**f, "confidence": c})["opacity"] for c in ("high", "medium", "low")]
    assert opacities == sorted(opacities, reverse=True) == list(CONFIDENCE_OPACITY.values())


def test_official_and_informal_crossings_differ(layers):
    by_kind = {f["properties"]["kind"]: symbol_for("crossings", f["properties"]) for f in layers["crossings"].features}
    assert by_kind["official_crossing"] != by_kind["informal_crossing"]


def test_strikes_are_coloured_by_date(layers):
    colours = {symbol_for("strikes", f["properties"]).color for f in layers["strikes"].features}
    assert len(colours) >= 3


EVIL = {
    "id": "x",
    "name": "<img src=x onerror=alert(1)>",
    "alt_names": [],
    "kind": "air_base",
    "status": "<b>",
    "confidence": "high",
    "accuracy_km": 1.0,
    "location": "sourced",
    "date_from": None,
    "date_to": None,
    "quote": "</blockquote><script>alert(2)</script>",
    "description": "*bold* [link](javascript:alert(3))",
    "sections": ["deconfliction"],
    "actors": ["Russia"],
    "location_refs": ["gazetteer:x"],
    "provenance": "article",
    "sources": [{"title": "<script>t</script>", "publisher": "P", "url": 'https://example.org/a?b=<c>"', "date": None}],
}


def test_template_string_syntax_cannot_break_out():
    props = {**EVIL, "name": "x${alert(4)}`y", "quote": None, "provenance": "context"}
    for html in (popups.popup_html("facilities", props), popups.tooltip_html("facilities", props)):
        assert "${" not in html and "`" not in html


def test_popup_and_tooltip_escape_data():
    for html in (popups.popup_html("facilities", EVIL), popups.tooltip_html("facilities", EVIL)):
        assert "<script" not in html and "<img" not in html
    popup = popups.popup_html("facilities", EVIL)
    assert "&lt;img src=x onerror=alert(1)&gt;" in popup and 'href="https://example.org/a?b=&lt;c&gt;&quot;"' in popup


def test_legend_lists_exactly_the_visible_layers(layers):
    shown = [Shown("facilities", f, False) for f in layers["facilities"].features]
    html = popups.legend_html(shown)
    assert "Russian military facilities" in html and "Syria" not in html


def test_text_panel_escapes_markdown_and_marks_places(article, all_features):
    text = textpanel.feature_markdown("facilities", EVIL, article)
    assert "[link](javascript" not in text and "<script>" in text.replace("\\", "")
    marked = textpanel.section_markdown(article, "strikes", textpanel.place_names(all_features))
    assert ":orange-background[Arida]" in marked
    assert "al\u2011Qusayr" in marked.replace("\\", "")
