"""The article is the verbatim seed, and its sections cover it exactly."""

from __future__ import annotations

import hashlib
import json

from dashboard.config import SEEDS_DIR
from dashboard.narrative import coverage_errors, split_blocks


def test_seed_is_verbatim_and_checksummed(article):
    raw = (SEEDS_DIR / article.meta.file).read_bytes()
    assert hashlib.sha256(raw).hexdigest() == article.meta.sha256
    assert article.text.startswith("Monday, 5 January 2026")
    assert "https://www.jpost.com/opinion/article-882233" in article.text


def test_metadata_names_the_article(article):
    assert article.meta.title == "Iran and Russia – too close for comfort"
    assert article.meta.outlet == "The Jerusalem Post"
    assert str(article.meta.published_print) == "2026-01-06"


def test_every_block_belongs_to_exactly_one_section(article):
    assert coverage_errors(article) == []
    assert 7 <= len(article.sections) <= 10


def test_a_paragraph_in_two_sections_is_reported(article):
    doubled = article.sections[0].model_copy(update={"paragraphs": [3, 8]})
    broken = type(article)(
        article.meta, article.text, article.front_matter, article.back_matter, (doubled, *article.sections[1:])
    )
    errors = coverage_errors(broken)
    assert any("block 8" in e and "roots" in e for e in errors)


def test_section_ids_are_stable_and_unique(article):
    ids = list(article.section_ids)
    assert len(ids) == len(set(ids))
    on_disk = json.loads((SEEDS_DIR / article.meta.sections_file).read_text(encoding="utf-8"))
    assert [s["id"] for s in on_disk["sections"]] == ids
    for section in article.sections:
        (south, west), (north, east) = section.bounds
        assert south < north and west < east
        assert section.period[0] <= section.period[1]


def test_strike_section_holds_the_arida_sentence(article):
    text = " ".join(article.paragraphs("strikes"))
    assert "Arida" in text and "al‑Qusayr" in text


def test_split_blocks_keeps_text_untouched():
    assert split_blocks("a b\n\n\xa0 \nc\u2011d\n") == ["a b", "c\u2011d"]
