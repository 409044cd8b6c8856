"""Find the place names a text uses and decide what each stands for, by stated rules.

A name several places share is decided by the first rule that applies (a country, the project's
gazetteer, one place within 25 km, the only one in a country the text names, the only capital, ten
times the population of any other) or left to the analyst, never guessed silently.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from dashboard.data.places import Place, PlaceIndex, fold

SAME_PLACE_KM = 25.0

# A capitalised word (with its hyphenated parts), or one behind a lower-case al-/el- article: "al‑Qusayr".
WORD = re.compile(r"(?:\b(?:al|el|as|ash|ad|ar)[-\u2011])?\b[A-Z][\w'’\u2011-]*")
SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s+|\n")
BIG_CITY = 100_000


@dataclass(frozen=True)
class Mention:
    """A name as the text writes it, where, and the places it may stand for."""

    text: str
    start: int
    end: int
    candidates: tuple[Place, ...]


def _runs(text: str) -> list[list[re.Match[str]]]:
    """Capitalised words that follow each other with one space between: 'Hawsh al-Sayyid Ali', 'Jerusalem Post'."""
    runs: list[list[re.Match[str]]] = []
    for word in WORD.finditer(text):
        if runs and text[runs[-1][-1].end() : word.start()] == " ":
            runs[-1].append(word)
        else:
            runs.append([word])
    return runs


def _sentence_starts(text: str) -> set[int]:
    """Where each sentence or line begins (after leading spaces)."""
    starts = {len(text) - len(text.lstrip())}
    for end in SENTENCE_END.finditer(text):
        starts.add(end.end())
    return starts


def _counts(place: Place, whole_run: bool, at_sentence_start: bool) -> bool:
    """Whether a match is taken as a place name: inside a longer capitalised run (a title, 'Jerusalem Post')
    only a country or a gazetteer place counts; a lone word opening a sentence must be a country, a capital,
    a gazetteer place or a city of 100,000."""
    sure = place.kind == "country" or place.ref.startswith("gazetteer:")
    if not whole_run:
        return sure
    if at_sentence_start:
        return sure or place.kind == "capital" or place.population >= BIG_CITY
    return True


def find_places(text: str, index: PlaceIndex) -> list[Mention]:
    """Every place name in a text, longest match first within each run of capitalised words."""
    mentions, starts = [], _sentence_starts(text)
    for run in _runs(text):
        i = 0
        while i < len(run):
            for j in range(len(run), i, -1):
                start, end = run[i].start(), run[j - 1].end()
                whole, lone_first = (i == 0 and j == len(run)), (j - i == 1 and start in starts)
                found = tuple(p for p in index.candidates(text[start:end]) if _counts(p, whole, lone_first))
                if found:
                    mentions.append(Mention(text[start:end], start, end, found))
                    i = j
                    break
            else:
                i += 1
    return mentions


@dataclass(frozen=True)
class Resolution:
    """What a name was taken to stand for, by which rule, and the places it could also have been."""

    name: str
    place: Place | None  # None: several places share the name and no rule decides: the analyst chooses
    rule: str
    others: tuple[Place, ...]
    mentions: tuple[Mention, ...]


def km_between(a: Place, b: Place) -> float:
    """Great-circle distance between two located places, in km."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def _same(a: Place, b: Place) -> bool:
    """Whether two candidates are one place: the same entry, or two located entries within SAME_PLACE_KM."""
    if a.ref == b.ref:
        return True
    return a.lat is not None and b.lat is not None and km_between(a, b) <= SAME_PLACE_KM


def _clusters(places: list[Place]) -> list[list[Place]]:
    """Located places grouped when they lie within SAME_PLACE_KM of a group's first member."""
    groups: list[list[Place]] = []
    for place in places:
        group = next((g for g in groups if km_between(g[0], place) <= SAME_PLACE_KM), None)
        if group is None:
            groups.append([place])
        else:
            group.append(place)
    return groups


def _decide(candidates: tuple[Place, ...], named_countries: set[str]) -> tuple[Place | None, str]:
    """The place a name stands for and the rule that decides it, or (None, why not)."""
    countries = [p for p in candidates if p.kind == "country"]
    if countries:
        return countries[0], "a country's name"
    gazetteer = [p for p in candidates if p.ref.startswith("gazetteer:")]
    if gazetteer:
        return gazetteer[0], "the project's gazetteer, curated for its region"
    groups = [sorted(g, key=lambda p: -p.population) for g in _clusters([p for p in candidates if p.located])]
    if len(groups) == 1:
        return groups[0][0], "the only place of that name" if len(candidates) == 1 else "all within 25 km"
    tops = sorted((g[0] for g in groups), key=lambda p: -p.population)
    for rule, chosen in (
        ("the only one in a country the text names", [p for p in tops if p.iso3 in named_countries]),
        ("the only national capital", [p for p in tops if p.kind == "capital"]),
    ):
        if len(chosen) == 1:
            return chosen[0], rule
    if tops[0].population >= 10 * tops[1].population:
        return tops[0], "ten times as populous as any other"
    return None, f"{len(tops)} places share the name"


def resolve(mentions: list[Mention]) -> list[Resolution]:
    """One resolution per name (in order of first mention); every choice among several places is said."""
    groups: dict[str, list[Mention]] = {}
    for mention in mentions:
        groups.setdefault(fold(mention.text), []).append(mention)
    named = {p.iso3 for m in mentions for p in m.candidates[:1] if p.kind == "country"}
    out = []
    for group in groups.values():
        candidates = tuple({p.ref: p for m in group for p in m.candidates}.values())
        place, rule = _decide(candidates, named)
        others = tuple(p for p in candidates if place is None or not _same(p, place))
        out.append(Resolution(group[0].text, place, rule, others, tuple(group)))
    return out
