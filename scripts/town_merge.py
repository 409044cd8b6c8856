"""Match, merge and rank label towns from GeoNames and Natural Earth: pure functions, no I/O."""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from dataclasses import dataclass

MATCH_KM = 5.0
MATCH_RATIO = 0.8  # difflib ratio of normalised Latin names
CAPITAL_ORDER = {"country": 0, "admin1": 1, None: 2}
ARTICLE = re.compile(r"^(al|el|an|ar|as|ad|at|az|ash|ath|adh|ed|es|er|et|ez|en)[\s\-]+")


@dataclass
class Town:
    """One candidate label point."""

    id: str
    name: str
    name_ar: str | None
    iso_a3: str
    population: int
    capital: str | None
    lon: float
    lat: float
    source: str
    keys: tuple[str, ...] = ()  # normalised Latin names, for matching
    geonameid: int | None = None  # NE's link to GeoNames, for matching

    def props(self) -> dict:
        """Return the output properties, in file order."""
        return {
            "name": self.name,
            "name_ar": self.name_ar,
            "iso_a3": self.iso_a3,
            "population": self.population,
            "capital": self.capital,
            "rank": rank(self.capital, self.population),
            "source": self.source,
        }


def rank(capital: str | None, population: int) -> int:
    """Label priority: 0 capitals, 1 governorate seats and cities >= 100k, 2 towns >= 10k, 3 the rest."""
    if capital == "country":
        return 0
    if capital == "admin1" or population >= 100_000:
        return 1
    return 2 if population >= 10_000 else 3


def name_key(text: str) -> str:
    """Normalise a Latin place name for matching: no accents, article, punctuation or case."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]", "", ARTICLE.sub("", folded))


def km_between(a: Town, b: Town) -> float:
    """Return the great-circle distance in km."""
    p1, p2, dl = math.radians(a.lat), math.radians(b.lat), math.radians(b.lon - a.lon)
    c = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)
    return 6371.0088 * math.acos(max(-1.0, min(1.0, c)))


def same_place(a: Town, b: Town) -> bool:
    """Say whether two towns are one: within MATCH_KM, with the same GeoNames id or a close normalised name."""
    if abs(a.lat - b.lat) > 0.1 or abs(a.lon - b.lon) > 0.1 or km_between(a, b) > MATCH_KM:
        return False
    if a.geonameid is not None and a.geonameid == b.geonameid:
        return True
    return any(difflib.SequenceMatcher(None, x, y).ratio() >= MATCH_RATIO for x in a.keys for y in b.keys if x and y)


def duplicates(towns: list[Town], kept: list[Town]) -> dict[str, Town]:
    """Map each town id to the kept town it duplicates, the nearest if several."""
    found = {}
    for town in towns:
        near = [k for k in kept if k.id != town.id and same_place(town, k)]
        if near:
            found[town.id] = min(near, key=lambda k: (km_between(town, k), k.id))
    return found


def same_name_nearby(a: Town, b: Town) -> bool:
    """Say whether two towns have the same normalised name within MATCH_KM (GeoNames lists a few places twice)."""
    return a.keys == b.keys and km_between(a, b) <= MATCH_KM


def fold(towns: list[Town], same, first: frozenset[str] = frozenset()) -> list[Town]:
    """Drop each town that is the same as one kept before it: ids in first, then capitals, then the larger."""
    kept: list[Town] = []
    for town in sorted(towns, key=lambda t: (t.id not in first, CAPITAL_ORDER[t.capital], -t.population, t.id)):
        if not any(same(town, k) for k in kept):
            kept.append(town)
    return kept


def stronger(a: str | None, b: str | None) -> str | None:
    """Return the higher of two capital statuses."""
    return min(a, b, key=CAPITAL_ORDER.__getitem__)


def merge(geonames: list[Town], ne: list[Town], required: set[str], min_population: int) -> list[Town]:
    """Keep GeoNames towns (populous enough, required, or duplicated by NE) and the NE towns GeoNames lacks."""
    geonames = fold(geonames, same_name_nearby, frozenset(required))
    ne = fold(ne, same_place)  # NE has Antakya twice, as "Antioch" and "Hatay"
    dupes = duplicates(ne, geonames)
    for ne_id, town in dupes.items():
        town.capital = stronger(town.capital, next(t.capital for t in ne if t.id == ne_id))
    matched = {t.id for t in dupes.values()}
    kept = [t for t in geonames if t.population >= min_population or t.id in matched | required]
    kept += [t for t in ne if t.id not in dupes]
    return sorted(kept, key=lambda t: (rank(t.capital, t.population), -t.population, t.name, t.id))
