"""Drafting a bundle from a text: sections, every place found offline, ambiguity said, bad input refused."""

from __future__ import annotations

import json

import pytest

from dashboard.cli import main
from dashboard.data.bundles import load_bundle
from dashboard.data.checks import validate_bundle
from dashboard.data.draft_bundle import draft_bundle, write_draft
from dashboard.data.drafting import MAX_TEXT_BYTES, DraftError, draft_sections, read_text, sentence_at
from dashboard.data.place_names import find_places, resolve
from dashboard.data.places import place_index

RED_SEA = """Ports of the Red Sea

Attacks on shipping

The Houthis hold Hodeidah and Sanaa. Ships avoid the strait and sail round Africa.

Egypt and the canal

Egypt loses revenue as traffic through Port Said and Ismailia falls. Springfield worries too.
"""


def _names(text: str) -> dict[str, str | None]:
    return {r.name: r.place and r.place.ref for r in resolve(find_places(text, place_index()))}


def test_sections_come_from_headings_and_the_title_is_front_matter():
    front, sections = draft_sections(RED_SEA)
    assert front == [0]
    assert [(s["id"], s["title"], s["paragraphs"]) for s in sections] == [
        ("attacks-on-shipping", "Attacks on shipping", [1, 2]),
        ("egypt-and-the-canal", "Egypt and the canal", [3, 4]),
    ]
    assert sections[1]["summary"] == "Egypt loses revenue as traffic through Port Said and Ismailia falls."


def test_without_headings_a_section_holds_three_paragraphs():
    text = "\n\n".join(f"Paragraph number {i} says something." for i in range(1, 8))
    assert [s["title"] for s in draft_sections(text)[1]] == ["Paragraphs 1–3", "Paragraphs 4–6", "Paragraph 7"]


def test_places_are_found_by_any_spelling_and_countries_win():
    found = _names("Ships left al-Hudaydah for Hodeidah, then Lebanon; Tehran–Moscow–Beijing.")
    assert found["al-Hudaydah"] == found["Hodeidah"] == "geonames:79415"
    assert found["Lebanon"] == "basemap:world_countries:LBN"
    assert {found["Tehran"], found["Beijing"]} == {"gazetteer:tehran", "gazetteer:beijing"}


def test_titles_months_and_sentence_openers_are_not_places():
    found = _names("Published in the Jerusalem Post in March. Since then, Homs has waited.")
    assert "Jerusalem" not in found and "March" not in found and "Since" not in found
    assert found["Homs"] == "gazetteer:homs"


def test_a_name_several_places_share_is_listed_not_guessed():
    (springfield,) = [r for r in resolve(find_places("Springfield worries.", place_index()))]
    assert springfield.place is None and len(springfield.others) >= 3
    (moscow,) = resolve(find_places("In Russia, Moscow decides.", place_index()))[1:]
    assert moscow.place.iso3 == "RUS" and moscow.rule == "the only one in a country the text names"
    assert [p.iso3 for p in moscow.others] == ["USA"], "the other Moscow is named, not dropped"


def test_the_sentence_is_verbatim():
    text = "Intro line\n\nFirst sentence here. The port of Hodeidah (Yemen) is shut! Last one."
    assert sentence_at(text, text.index("Hodeidah")) == "The port of Hodeidah (Yemen) is shut!"


def test_a_draft_bundle_is_served_and_validate_lists_what_it_lacks(tmp_path):
    draft = draft_bundle(RED_SEA, "red-sea")
    assert [r.name for r in draft.ambiguous] == ["Springfield"]
    write_draft(tmp_path, draft)
    bundle = load_bundle(tmp_path, "red-sea")
    assert (
        bundle.is_draft
        and bundle.banner == "draft: unverified, sources missing"
        and bundle.title == "Ports of the Red Sea"
    )
    errors, lacks = validate_bundle(bundle)
    assert errors == []
    lacked = {(e.feature, e.field) for e in lacks}
    assert {(None, "outlet"), (None, "sections.attacks-on-shipping.period"), ("sanaa", "properties.sources")} <= lacked
    places = json.loads((tmp_path / "geodata/red-sea/places.geojson").read_text(encoding="utf-8"))["features"]
    hodeidah = next(f["properties"] for f in places if f["properties"]["location_refs"] == ["geonames:79415"])
    assert hodeidah["quote"] == "The Houthis hold Hodeidah and Sanaa." and hodeidah["quote"] in RED_SEA
    assert hodeidah["confidence"] == "unverified" and hodeidah["sources"] == [] and hodeidah["accuracy_km"] > 5
    assert hodeidah["alt_names"] == ["Hodeidah"] and hodeidah["sections"] == ["attacks-on-shipping"]
    countries = json.loads((tmp_path / "geodata/red-sea/countries.geojson").read_text(encoding="utf-8"))["features"]
    assert [(f["id"], f["geometry"]["type"], f["properties"]["location"]) for f in countries] == [
        ("egypt", "Polygon", "area")
    ]


@pytest.mark.parametrize(
    ("raw", "words"),
    [(b"\xff\xfe not text", "not UTF-8 text"), (b"  \n\n ", "the text is empty"), (b"x" * (MAX_TEXT_BYTES + 1), "cap")],
)
def test_bad_text_gets_one_clear_message(raw, words):
    with pytest.raises(DraftError, match=words):
        read_text(raw, "article.txt")


def _draft(tmp_path, capsys, text: str | bytes, *args: str) -> tuple[int, str, str]:
    path = tmp_path / "in.txt"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    code = main(["--data", str(tmp_path / "data"), "draft-article", str(path), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_the_command_writes_a_bundle_and_refuses_to_overwrite_it(tmp_path, capsys):
    code, out, _ = _draft(tmp_path, capsys, RED_SEA, "--id", "red-sea")
    assert code == 0 and "Drew 5 place(s)" in out and "“Springfield” ×1 → not drawn" in out
    before = (tmp_path / "data/seeds/red-sea/article.txt").read_bytes()
    code, _, err = _draft(tmp_path, capsys, "Another text about Cairo.", "--id", "red-sea")
    assert code == 2 and "bundle 'red-sea' already exists" in err and "--force" in err
    assert (tmp_path / "data/seeds/red-sea/article.txt").read_bytes() == before, "nothing was overwritten"
    code, out, _ = _draft(tmp_path, capsys, "Another text about Cairo.", "--id", "red-sea", "--force")
    assert code == 0 and (tmp_path / "data/seeds/red-sea/article.txt").read_text(encoding="utf-8").startswith("Another")
    assert not list((tmp_path / "data").glob(".draft-*")), "no staging folder is left behind"


@pytest.mark.parametrize(
    ("text", "args", "words"),
    [
        (b"\xff\xfe", ("--id", "x"), "not UTF-8 text"),
        ("", ("--id", "x"), "the text is empty"),
        ("Cairo.", ("--id", "Bad_Id"), "--id 'Bad_Id': use lower-case"),
    ],
)
def test_the_command_refuses_bad_input_with_one_message(tmp_path, capsys, text, args, words):
    code, out, err = _draft(tmp_path, capsys, text, *args)
    assert code == 2 and words in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "data" / "seeds").exists(), "nothing is written"


def test_a_text_without_place_names_gives_a_bundle_with_sections_and_a_message(tmp_path, capsys):
    code, out, _ = _draft(tmp_path, capsys, "Nothing here names a place.\n\nNor does this.", "--id", "plain")
    assert code == 0 and "No place name was found in the text" in out
    bundle = load_bundle(tmp_path / "data", "plain")
    assert bundle.article.section_ids == ("paragraphs-1-2",)
