"""Grades and disputes reach every view: filters, style, popup, text panel, legend and citation lines."""

from __future__ import annotations

import datetime as dt

import pytest
from test_filters import EVERY, _ids

from dashboard.core.features import Feature, Source
from dashboard.core.viewstate import DEFAULT
from dashboard.view import grades, text, wording
from dashboard.view.filters import Shown, find_feature, shown_features
from dashboard.view.legend import DISPUTED_NOTE, legend_notes
from dashboard.view.styles import style_for
from dashboard.web.html import popup_html


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"max_credibility": 6}, EVERY),
        ({"max_credibility": 2}, EVERY - {"strike-qusayr"}),
        ({"min_reliability": "B"}, EVERY),
        ({"min_reliability": "A"}, set()),
        ({"disputed_only": True}, {"strike-qusayr"}),
    ],
)
def test_grade_filters_change_what_is_drawn(tiny_layers, filters, expected):
    assert _ids(tiny_layers, **filters) == expected


def test_a_disputed_claim_carries_the_outline_class(tiny_layers):
    disputed, plain = find_feature(tiny_layers, "strike-qusayr"), find_feature(tiny_layers, "strike-masnaa")
    assert style_for(disputed.spec, disputed.props)["className"] == grades.DISPUTED_CLASS
    assert "className" not in style_for(plain.spec, plain.props)


def test_the_popup_shows_both_versions_with_their_graded_sources(tiny_layers):
    item = find_feature(tiny_layers, "strike-qusayr")
    html = popup_html(item.spec, item.props)
    assert grades.DISPUTED in html and "on the date:" in html
    assert '7 November 2024 <span class="fp-meta">(A wire [B])</span>' in html
    assert '8 November 2024 <span class="fp-meta">(A paper [C])</span>' in html
    assert "low confidence" in html and "3 – possibly true" in html


def test_the_text_panel_shows_the_grades_and_the_versions(tiny_layers, tiny_bundle):
    md = text.feature_markdown(find_feature(tiny_layers, "strike-qusayr"), tiny_bundle.article)
    assert "Credibility: **3 – possibly true**" in md and "Sources disagree" in md
    assert "7 November 2024" in md and "8 November 2024" in md and "\\[B\\]" in md


def test_the_legend_explains_the_outline_only_when_it_is_drawn(tiny_layers):
    every = shown_features(tiny_layers, DEFAULT)
    assert DISPUTED_NOTE in legend_notes(every)
    assert DISPUTED_NOTE not in legend_notes([s for s in every if not s.props.disputes])


def test_a_citation_line_leads_with_its_grade():
    source = Source(title="T", publisher="P", reliability="B", reliability_reason="r")
    assert wording.source_line(source) == "[B] T, P."


def test_a_data_string_in_a_dispute_is_escaped(tiny_layers):
    item = find_feature(tiny_layers, "strike-qusayr")
    props = item.props.model_copy(deep=True)
    props.disputes[0].versions[0].value = "<script>alert(1)</script>"
    assert "<script>" not in popup_html(item.spec, props)


def test_the_text_panel_marks_an_event_after_the_article(tiny_layers, tiny_bundle):
    item = find_feature(tiny_layers, "strike-qusayr")
    later = item.props.model_copy(update={"date_from": dt.date(2099, 1, 1), "date_to": dt.date(2099, 1, 1)})
    shown = Shown(item.spec, Feature(later, item.feature.geometry), False)
    assert "After the article" in text.feature_markdown(shown, tiny_bundle.article)
    assert "After the article" not in text.feature_markdown(item, tiny_bundle.article)
