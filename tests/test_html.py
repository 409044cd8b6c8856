"""Every string from data reaches HTML through a template that escapes it; Markdown is escaped too."""

from __future__ import annotations

from dashboard.core.features import Properties
from dashboard.core.viewstate import ViewState
from dashboard.view import text
from dashboard.view.filters import Shown, shown_features
from dashboard.web import html

EVIL = {
    "id": "x",
    "name": "<img src=x onerror=alert(1)>",
    "layer": "sites",
    "kind": "town",
    "status": "<b>",
    "confidence": "high",
    "accuracy_km": 1.0,
    "location": "sourced",
    "quote": "</blockquote><script>alert(2)</script>",
    "description": "*bold* [link](javascript:alert(3))",
    "sections": ["places"],
    "actors": ["Syria"],
    "location_refs": ["gazetteer:x"],
    "provenance": "article",
    "sources": [{"title": "<script>t</script>", "publisher": "P", "url": 'https://example.org/a?b=<c>"'}],
}


def _evil(tiny_layers) -> Shown:
    feature = tiny_layers["sites"].features[1]
    return Shown(tiny_layers["sites"].spec, type(feature)(Properties.model_validate(EVIL), feature.geometry), False)


def test_the_popup_escapes_every_value(tiny_layers):
    item = _evil(tiny_layers)
    popup = html.popup_html(item.spec, item.props)
    assert "<script" not in popup and "<img" not in popup
    assert "&lt;img src=x onerror=alert(1)&gt;" in popup and "<td>&lt;b&gt;</td>" in popup
    assert 'href="https://example.org/a?b=%3Cc%3E%22"' in popup, "the URL is normalised and quoted"


def test_the_popup_says_what_when_how_sure_and_who_says_so(tiny_layers):
    strike = tiny_layers["strikes"].features[0]
    popup = html.popup_html(tiny_layers["strikes"].spec, strike.properties)
    for words in (
        "Strike (Strikes)",
        "2024-10-04",
        "moderate",
        "±0.5 km, sourced point",
        "A report",
        "A wire, 2024-10-05",
    ):
        assert words in popup, words
    assert 'data-feature-id="strike-masnaa"' in popup and 'rel="noopener noreferrer"' in popup


def test_the_legend_lists_exactly_the_visible_layers_and_symbols(tiny_layers):
    shown = shown_features(tiny_layers, ViewState(section="strikes", others="hide"))
    legend = html.legend_html(shown)
    assert "Strikes" in legend and "Sites" not in legend and "Routes" not in legend
    assert "Strike, Sep–Oct 2024" in legend and "Strike, since Nov 2024" in legend
    assert "Greyed" not in legend
    assert "No features match" in html.legend_html([])


def test_the_frame_and_banner_escape_their_text():
    frame = html.frame_html(html.SlideFrame("T <b>", "sub", "1 May 2026", "src", "<i>C</i>", "draft"))
    assert "T &lt;b&gt;" in frame["title"] and "&lt;i&gt;C&lt;/i&gt;" in frame["title"] and "draft" in frame["title"]
    assert "As of 1 May 2026" in frame["footer"] and "North arrow" in frame["north"]
    assert html.banner_html("<x>") == '<div class="draft-banner" role="status">&lt;x&gt;</div>'


def test_the_text_panel_escapes_markdown_and_marks_places(tiny_layers, tiny_bundle, bundle, all_features):
    md = text.feature_markdown(_evil(tiny_layers), tiny_bundle.article)
    assert "[link](javascript" not in md and "<script>" in md.replace("\\", "")
    marked = text.section_markdown(bundle.article, "strikes", text.place_names(all_features))
    assert ":orange-background[Arida]" in marked and "al\u2011Qusayr" in marked.replace("\\", "")
