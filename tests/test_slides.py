"""Briefing slides: exact pixel sizes, real map content, a searchable PDF deck, every source in full, true scale."""

from __future__ import annotations

import io
import math
import re
import threading

import numpy as np
import pytest
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.text import Text
from PIL import Image
from pypdf import PdfReader
from pyproj import Geod, Transformer

from dashboard.core.viewstate import WHOLE_ARTICLE, ViewState
from dashboard.data.basemap import load_basemap_layers
from dashboard.products import slide_map, slide_text, slides
from dashboard.view.citations import citation_lines, number_ranges, numbered_lines, source_numbers, sources_in_view
from dashboard.view.filters import shown_features
from dashboard.view.labels import site_labels, sites_of
from dashboard.view.legend import legend_entries
from dashboard.view.wording import source_line

AS_OF = "21 January 2026"
CAVEAT = "UNCLASSIFIED // FOR TRAINING"
SOURCE = "Article: The Jerusalem Post, 6 January 2026 · Basemap: Natural Earth; © OpenStreetMap contributors (ODbL)"


def squash(text: str) -> str:
    """Text with all whitespace removed: wrapped lines, indents and split URLs compare equal to the original."""
    return re.sub(r"\s+", "", text)


def flat(text: str) -> str:
    """Text with every run of whitespace made one space."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def basemap():
    """The embedded offline basemap."""
    layers, problems = load_basemap_layers()
    assert problems == []
    return layers


@pytest.fixture(scope="module")
def deck(layers, article, bundle):
    """Slides for two sections (only their features) and the whole article."""

    def make(section: str, caveat: str | None = None) -> slides.Slide:
        shown = shown_features(layers, ViewState(section=section, others="hide"))
        if section == WHOLE_ARTICLE:
            return slides.Slide(
                article.meta.title,
                "Every place the article argues about",
                shown,
                bundle.manifest.views.world,
                AS_OF,
                SOURCE,
                caveat,
            )
        sec = article.section(section)
        labels = tuple(site_labels(shown, sites_of(layers)))
        return slides.Slide(sec.title, sec.summary, shown, sec.bounds, AS_OF, SOURCE, caveat, labels=labels)

    return {"strikes": make("strikes", CAVEAT), "deconfliction": make("deconfliction"), "all": make(WHOLE_ARTICLE)}


@pytest.fixture(scope="module")
def pngs(deck, basemap):
    """Rendered PNGs as RGB arrays, by (section, size)."""
    wanted = [("strikes", "1920x1080"), ("all", "1920x1080"), ("deconfliction", "3840x2160")]
    out = {}
    for section, size in wanted:
        data = slides.render_png(deck[section], basemap, slides.SLIDE_SIZES[size])
        out[section, size] = (data, Image.open(io.BytesIO(data)))
    return out


@pytest.fixture(scope="module")
def pdf_pages(deck, basemap):
    """The text of each page of a two-slide PDF deck."""
    reader = PdfReader(io.BytesIO(slides.render_pdf([deck["strikes"], deck["deconfliction"]], basemap)))
    return [page.extract_text() for page in reader.pages]


@pytest.mark.parametrize("key", [("strikes", "1920x1080"), ("all", "1920x1080"), ("deconfliction", "3840x2160")])
def test_png_has_exactly_the_asked_size(pngs, key):
    data, image = pngs[key]
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert image.size == slides.SLIDE_SIZES[key[1]]


def palette(image: Image.Image) -> tuple[np.ndarray, np.ndarray]:
    """The distinct RGB colours of an image and how many pixels have each."""
    rgb = np.asarray(image.convert("RGB")).astype(np.int32)
    packed, counts = np.unique(rgb[..., 0] << 16 | rgb[..., 1] << 8 | rgb[..., 2], return_counts=True)
    return np.stack([packed >> 16, packed >> 8 & 255, packed & 255], axis=-1), counts


def near(colours: tuple[np.ndarray, np.ndarray], colour: str, tolerance: int) -> int:
    """How many pixels lie within a tolerance of a hex colour, channel by channel."""
    rgb, counts = colours
    target = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)])
    return int(counts[np.abs(rgb - target).max(axis=-1) <= tolerance].sum())


@pytest.mark.parametrize("section", ["strikes", "all"])
def test_png_has_a_legend_key_in_each_shown_symbol_colour(pngs, deck, section):
    colours = palette(pngs[section, "1920x1080"][1])
    assert len(colours[1]) > 500  # a map, not a blank page
    for title, symbols in legend_entries(deck[section].shown):
        for sym in symbols:
            assert near(colours, sym.color, 6) >= 8, (title, sym.label)


def test_png_draws_each_shown_layer_on_the_map_in_its_colour(pngs, deck):
    image = pngs["strikes", "1920x1080"][1]
    width, height = image.size
    inside_map = palette(image.crop((int(width * 0.02), int(height * 0.16), int(width * 0.55), int(height * 0.8))))
    for title, symbols in legend_entries(deck["strikes"].shown):
        assert any(near(inside_map, s.color, 40) >= 20 for s in symbols), title


def test_a_slide_renders_the_same_from_several_threads(deck, basemap):
    expected = slides.render_png(deck["deconfliction"], basemap)
    results: list[bytes] = []
    threads = [
        threading.Thread(target=lambda: results.append(slides.render_png(deck["deconfliction"], basemap)))
        for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [expected] * 3


CONTINUED = "sources in view (continued)"


def slide_pages(pdf_pages: list[str], title: str) -> str:
    """The text of a slide's page and of the pages that continue its source list."""
    out, inside = [], False
    for text in pdf_pages:
        if CONTINUED in text:
            if inside:
                out.append(text)
            continue
        inside = flat(title) in flat(text)
        if inside:
            out.append(text)
    return "\n".join(out)


def test_the_pdf_deck_has_one_page_per_slide_then_its_sources_when_they_overflow(pdf_pages, deck):
    slide_pages_ = [t for t in pdf_pages if CONTINUED not in t]
    assert len(slide_pages_) == 2
    assert flat(deck["strikes"].title) in flat(slide_pages_[0])
    continued = [t for t in pdf_pages if CONTINUED in t]
    # the strikes section cites more sources than fit beside its map at 9 pt: they continue on the next page
    assert continued and all(flat(deck["strikes"].title) in flat(t) for t in continued)
    assert "more: all" in pdf_pages[0] and "continue on the next page" in flat(pdf_pages[0])


@pytest.mark.parametrize("section", ["strikes", "deconfliction"])
def test_each_slide_holds_its_title_date_and_every_source_in_full_numbered(pdf_pages, deck, section):
    slide = deck[section]
    text = slide_pages(pdf_pages, slide.title)
    assert flat(slide.title) in flat(text) and f"As of {AS_OF}" in flat(text)
    for citation in sources_in_view(slide.shown):
        source = citation.source
        assert flat(source.title) in flat(text) and flat(source.publisher) in flat(text), source.title
    for line in numbered_lines(slide.shown):  # number, grade, title, publisher, date and URL, however wrapped
        assert squash(line) in squash(text), line
    assert f"Sources in view ({len(citation_lines(slide.shown))})" in text


def test_source_numbers_on_the_labels_match_the_list(deck):
    shown = deck["strikes"].shown
    lines, numbers = numbered_lines(shown), source_numbers(shown)
    masnaa = next(s for s in shown if s.feature.id == "masnaa-crossing")
    cited = {n for s in shown if s.props.site == "masnaa-crossing" for n in numbers.get(s.feature.id, [])}
    assert cited, "the strikes on Masnaa cite sources"
    for n in cited:  # each number names a source of a strike on the site
        assert any(
            source_line(src) in lines[n - 1]
            for s in shown
            if s.props.site == masnaa.feature.id
            for src in s.props.sources
        )
    assert number_ranges([1, 2, 3, 5, 7, 8]) == "1–3, 5, 7, 8"


def test_every_site_in_focus_is_named_once_on_the_slide_and_no_two_names_overlap(deck, basemap):
    """As on the live map: one label per site with its strikes counted, areas too (Janta, Matraba), none
    covering another, all inside the map."""
    slide = deck["strikes"]
    assert {"Janta crossing (3 strikes)", "Matraba crossing (3 strikes)"} <= {label.text for label in slide.labels}
    fig, _ = slides._figure(slide, basemap, slides.SLIDE_SIZES["1920x1080"])
    renderer = RendererAgg(8, 8, fig.dpi)
    ax = fig.axes[0]
    written = [t for t in ax.texts if t.get_zorder() == 40]
    names = [t.get_text().split("\n")[0] for t in written]
    assert sorted(names) == sorted(label.text for label in slide.labels), names
    frame = ax.get_window_extent(renderer)
    for t in written:
        t.update_positions(renderer)
    boxes = [Text.get_window_extent(t, renderer) for t in written]  # the words, not the leaders
    for i, box in enumerate(boxes):
        assert frame.contains(box.x0, box.y0) and frame.contains(box.x1, box.y1), names[i]
        assert min(t.get_fontsize() for t in written) >= 9
        for j in range(i):
            assert not box.overlaps(boxes[j]), (names[i], names[j])


def test_the_caveat_banner_is_shown_only_when_given(pdf_pages):
    assert CAVEAT in pdf_pages[0] and CAVEAT not in pdf_pages[1]


def test_text_from_data_is_plain_text_not_mathtext(basemap):
    slide = slides.Slide(
        "Aid of $5 million and $x^2$ \\alpha",
        "A_b and 50% $",
        [],
        ((33.0, 35.0), (35.0, 37.0)),
        "1 May 2026",
        "A $ sign, not math",
    )
    text = flat(PdfReader(io.BytesIO(slides.render_pdf([slide], basemap))).pages[0].extract_text())
    assert "Aid of $5 million and $x^2$ \\alpha" in text and "A_b and 50% $" in text
    assert "No features match the filters." in text and "Sources in view (0)" in text


def test_the_scale_bar_is_true_at_the_map_centre(layers):
    facilities = {f.properties.kind: f.geometry["coordinates"] for f in layers["facilities"].features}
    (lon1, lat1), (lon2, lat2) = facilities["air_base"], facilities["naval_facility"]  # Khmeimim and Tartus
    ground_km = Geod(ellps="WGS84").inv(lon1, lat1, lon2, lat2)[2] / 1000
    (x1, x2), (y1, y2) = Transformer.from_crs(4326, 3857, always_xy=True).transform([lon1, lon2], [lat1, lat2])
    measured_km = math.hypot(x2 - x1, y2 - y1) * slide_map.ground_metres_per_unit((y1 + y2) / 2) / 1000
    assert 53 < ground_km < 57 and measured_km == pytest.approx(ground_km, rel=0.01)
    extent = slide_map.view_extent(((34.8, 35.8), (35.5, 36.1)), 1.3)
    bar = slide_map.scale_bar(extent)
    assert bar.dx == pytest.approx(slide_map.ground_metres_per_unit((extent[2] + extent[3]) / 2))
    assert bar.fixed_units == "km" and bar.fixed_value in (5, 10, 20, 50)


def test_the_view_holds_the_bounds_at_the_map_aspect():
    x0, x1, y0, y1 = slide_map.view_extent(((33.5, 35.7), (34.85, 36.95)), 1.5)
    (wx0, wx1), (wy0, wy1) = Transformer.from_crs(4326, 3857, always_xy=True).transform([35.7, 36.95], [33.5, 34.85])
    assert x0 < wx0 < wx1 < x1 and y0 < wy0 < wy1 < y1
    assert (x1 - x0) / (y1 - y0) == pytest.approx(1.5)


def test_wrap_keeps_every_character_and_fits_the_width():
    text = (
        "Alleged Israeli strike targets Lebanon-Syria border crossing, The Times of Israel, 2024-10-04. "
        "https://www.timesofisrael.com/liveblog_entry/alleged-israeli-strike-targets-lebanon-syria-border/"
    )
    rows = slide_text.wrap(text, 120, 6)
    assert len(rows) > 3 and squash("".join(rows)) == squash(text)
    assert flat(" ".join(rows)).startswith("Alleged Israeli strike targets Lebanon-Syria border crossing, The Times")
    assert all(slide_text.text_width(row) * 6 <= 120 for row in rows)


def test_sources_are_never_smaller_than_9_pt_and_the_whole_article_lists_every_one(deck, basemap):
    assert min(slide_text.SOURCE_SIZES) >= 9.0 and slide_text.MIN_SOURCE_SIZE >= 9.0
    lines = numbered_lines(deck["all"].shown)
    assert len(lines) > 100
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(slides.render_pdf([deck["all"]], basemap))).pages)
    for line in lines:
        assert squash(line) in squash(text), line
    # and every character of the text on the slide's pages is at least 9 pt (titles and labels are larger)
    sizes = set()
    for page in PdfReader(io.BytesIO(slides.render_pdf([deck["strikes"]], basemap))).pages:
        page.extract_text(visitor_text=lambda t, cm, tm, font, size: t.strip() and sizes.add(round(size * tm[0], 1)))
    assert sizes and min(sizes) >= 9.0, sorted(sizes)


def test_a_draft_slide_carries_its_banner(basemap):
    slide = slides.Slide("T", "S", [], ((33.0, 35.0), (35.0, 37.0)), "1 May 2026", "src", None, "draft: unverified")
    text = flat(PdfReader(io.BytesIO(slides.render_pdf([slide], basemap))).pages[0].extract_text())
    assert "DRAFT: UNVERIFIED" in text
