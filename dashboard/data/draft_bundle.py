"""Draft a whole bundle from a text and write it at once: sections, a feature per place named, a draft manifest.

Every drafted feature holds the sentence that names it (verbatim), where its coordinate comes from and
an honest accuracy (a country is an area, a town a point with the radius of a town of its size); it is
'unverified' and has no outside source: the bundle is a draft until an analyst reviews it.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from dashboard.config import BASEMAP_DIR, GAZETTEER_FILE
from dashboard.core.article import split_blocks
from dashboard.data.bundles import GEODATA, MANIFEST, META, SECTIONS, SEEDS, TEXT
from dashboard.data.drafting import DraftError, draft_sections, draft_title, sentence_at, slug
from dashboard.data.place_names import Resolution, find_places, resolve
from dashboard.data.places import Place, place_index

GAZETTEER_ACCURACY_KM = {"high": 1.0, "medium": 3.0, "low": 10.0}
COUNTRY_ACCURACY_KM = 10.0  # the world outline is generalised by about 0.08°
PEOPLE_PER_KM2 = 1500.0  # a town's radius from its population, at a typical urban density
POINT_KINDS = {"capital": "capital", "city": "city", "town": "city", "village": "city", "city_port": "city"}
LICENCE = "Unknown: check who holds the rights to this text before sharing the bundle."
MANIFEST_TEMPLATE: dict[str, Any] = {
    "status": "draft",
    "groups": ["Places", "Countries"],
    "actors": [],
    "layers": [
        {"id": "places", "title": "Places named", "group": "Places", "file": "places.geojson",
         "geometries": ["Point"], "description": "Towns, cities and sites the article names (drafted).",
         "draw_rank": 20, "labelled": True, "label_rank": 1,
         "kinds": {"capital": {"label": "Capital", "color": "#000000", "shape": "square", "radius": 6},
                   "city": {"label": "City or town", "color": "#333333", "shape": "circle", "radius": 5},
                   "site": {"label": "Site", "color": "#0072B2", "shape": "diamond", "radius": 7}}},
        {"id": "countries", "title": "Countries named", "group": "Countries", "file": "countries.geojson",
         "geometries": ["Polygon", "MultiPolygon"], "description": "Countries the article names (drafted).",
         "draw_rank": 10,
         "kinds": {"country": {"label": "Country", "color": "#56B4E9", "shape": "area", "weight": 1}}},
    ],
}  # fmt: skip


@dataclass
class Draft:
    """A drafted bundle as data, and what the analyst must be told about it."""

    bundle_id: str
    files: dict[str, bytes] = field(default_factory=dict)  # path under the data root -> content
    drawn: list[Resolution] = field(default_factory=list)
    ambiguous: list[Resolution] = field(default_factory=list)
    unlocated: list[Resolution] = field(default_factory=list)


def _gazetteer_confidence() -> dict[str, str]:
    """Each gazetteer row's stated confidence in its coordinate."""
    with GAZETTEER_FILE.open(encoding="utf-8") as fh:
        return {f"gazetteer:{row['id']}": row["confidence"] for row in csv.DictReader(fh)}


def accuracy_km(place: Place, confidence: str | None) -> float:
    """How far the point may lie from the place: a gazetteer row's stated confidence, else a town's radius."""
    if confidence in GAZETTEER_ACCURACY_KM:
        return GAZETTEER_ACCURACY_KM[confidence]
    return round(max(1.0, math.sqrt(max(place.population, 1) / PEOPLE_PER_KM2 / math.pi)), 1)


def _outlines(basemap_dir: Path) -> dict[str, dict[str, Any]]:
    """The basemap's world country outlines by ISO code."""
    doc = json.loads((basemap_dir / "world_countries.geojson").read_text(encoding="utf-8"))
    return {f["properties"]["iso_a3"]: f["geometry"] for f in doc["features"]}


def _sections_of(resolution: Resolution, text: str, sections: list[dict[str, Any]]) -> list[str]:
    """The ids of the sections whose blocks mention the place."""
    from dashboard.data.drafting import block_spans

    spans = block_spans(text)
    hit = {i for m in resolution.mentions for i, (s, e) in enumerate(spans) if s <= m.start < e}
    return [s["id"] for s in sections if hit & set(s["paragraphs"])]


def _feature(resolution: Resolution, text: str, sections: list[dict], taken: set[str], ctx: dict) -> dict | None:
    """One drafted feature for a resolved name, or None when the basemap has no outline for a country."""
    place = resolution.place
    country = place.kind == "country"
    geometry = ctx["outlines"].get(place.iso3) if country else {"type": "Point", "coordinates": [place.lon, place.lat]}
    if geometry is None:
        return None
    also = "; ".join(f"{p.name} ({p.iso3 or '?'})" for p in resolution.others[:4])
    fid = slug(place.name, taken)
    props = {
        "id": fid, "name": place.name, "alt_names": [resolution.name] if resolution.name != place.name else [],
        "layer": "countries" if country else "places",
        "kind": "country" if country else POINT_KINDS.get(place.kind, "site"),
        "sections": _sections_of(resolution, text, sections), "actors": [], "status": "named in the article",
        "confidence": "unverified",
        "accuracy_km": COUNTRY_ACCURACY_KM if country else accuracy_km(place, ctx["confidence"].get(place.ref)),
        "location": "area" if country else "sourced", "location_refs": [place.ref], "country": None,
        "provenance": "article", "quote": sentence_at(text, resolution.mentions[0].start), "sources": [],
        "description": f"Named in the article as “{resolution.name}”. Located by {place.ref} ({resolution.rule}); "
        f"not yet reviewed." + (f" Other places of that name: {also}." if also else ""),
    }  # fmt: skip
    return {"type": "Feature", "id": fid, "geometry": geometry, "properties": props}


def _bounds(features: list[dict[str, Any]], pad: float = 0.15, least: float = 1.0) -> list[list[float]] | None:
    """The padded [[south, west], [north, east]] of some features, None when there are none."""
    from shapely.geometry import shape

    if not features:
        return None
    boxes = [shape(f["geometry"]).bounds for f in features]
    west, south = min(b[0] for b in boxes), min(b[1] for b in boxes)
    east, north = max(b[2] for b in boxes), max(b[3] for b in boxes)
    dx, dy = max((east - west) * pad, least), max((north - south) * pad, least)
    corners = [[max(south - dy, -85.0), max(west - dx, -180.0)], [min(north + dy, 85.0), min(east + dx, 180.0)]]
    return [[round(v, 4) for v in corner] for corner in corners]


def _located(text: str, resolutions: list[Resolution], sections: list[dict], draft: Draft) -> list[dict[str, Any]]:
    """A feature per located place; the ambiguous and the unlocated are kept aside for the analyst."""
    ctx = {"outlines": _outlines(BASEMAP_DIR), "confidence": _gazetteer_confidence()}
    taken: set[str] = set()
    features = []
    for resolution in resolutions:
        if resolution.place is None:
            draft.ambiguous.append(resolution)
        elif not resolution.place.located or (feature := _feature(resolution, text, sections, taken, ctx)) is None:
            draft.unlocated.append(resolution)
        else:
            draft.drawn.append(resolution)
            features.append(feature)
    return features


def _manifest(features: list[dict[str, Any]]) -> dict[str, Any]:
    """The draft manifest: two layers, and views that hold what was found (the world when nothing was)."""
    world = _bounds(features) or [[-60.0, -180.0], [75.0, 180.0]]
    region = _bounds([f for f in features if f["geometry"]["type"] == "Point"]) or world
    return {**MANIFEST_TEMPLATE, "views": {"world": world, "region": region}}


def _json(doc: Any) -> bytes:
    """Indented JSON with short lists of numbers on one line, as the shipped bundles are written."""
    text = json.dumps(doc, ensure_ascii=False, indent=1)
    text = re.sub(
        r"\[\s*([-\d.,\s]+?)\s*\]", lambda m: "[" + ", ".join(m.group(1).replace(",", " ").split()) + "]", text
    )
    return (text + "\n").encode("utf-8")


def draft_bundle(text: str, bundle_id: str, title: str | None = None) -> Draft:
    """Every file of a draft bundle for a text, and what was found, chosen, left ambiguous or unlocated."""
    draft = Draft(bundle_id)
    blocks = split_blocks(text)
    front, sections = draft_sections(text)
    features = _located(text, resolve(find_places(text, place_index())), sections, draft)
    for section in sections:
        mine = [f for f in features if section["id"] in f["properties"]["sections"]]
        section["bounds"] = _bounds(mine) or _manifest(features)["views"]["world"]
    raw = text.encode("utf-8")
    meta = {"id": bundle_id, "title": title or draft_title(blocks, front), "sha256": hashlib.sha256(raw).hexdigest(),
            "licence": LICENCE}  # fmt: skip
    seeds, geodata = f"{SEEDS}/{bundle_id}", f"{GEODATA}/{bundle_id}"
    draft.files = {
        f"{seeds}/{TEXT}": raw,
        f"{seeds}/{META}": _json(meta),
        f"{seeds}/{SECTIONS}": _json({"front_matter": front, "back_matter": [], "sections": sections}),
        f"{geodata}/{MANIFEST}": tomli_w.dumps(_manifest(features)).encode("utf-8"),
    }
    for layer in ("places", "countries"):
        mine = [f for f in features if f["properties"]["layer"] == layer]
        draft.files[f"{geodata}/{layer}.geojson"] = _json({"type": "FeatureCollection", "features": mine})
    return draft


def write_draft(root: Path, draft: Draft, force: bool = False) -> None:
    """Write a draft's files all at once: staged beside the data, then moved in; an existing bundle is
    replaced only with force, and nothing is left half-written if a step fails."""
    targets = [root / SEEDS / draft.bundle_id, root / GEODATA / draft.bundle_id]
    existing = [t for t in targets if t.exists()]
    if existing and not force:
        where = ", ".join(t.relative_to(root).as_posix() for t in existing)
        raise DraftError(f"bundle {draft.bundle_id!r} already exists ({where}): choose another --id, or --force")
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".draft-", dir=root))
    try:
        for path, content in draft.files.items():
            (staging / path).parent.mkdir(parents=True, exist_ok=True)
            (staging / path).write_bytes(content)
        _swap_in(staging, targets)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _swap_in(staging: Path, targets: list[Path]) -> None:
    """Move each staged folder to its target; put the old folders back if any move fails."""
    moved: list[tuple[Path, Path | None]] = []
    try:
        for target in targets:
            target.parent.mkdir(parents=True, exist_ok=True)
            old = staging / "old" / target.parent.name if target.exists() else None
            if old is not None:
                old.parent.mkdir(parents=True, exist_ok=True)
                os.replace(target, old)
            moved.append((target, old))
            os.replace(staging / target.parent.name / target.name, target)
    except OSError:
        for target, old in reversed(moved):
            shutil.rmtree(target, ignore_errors=True)
            if old is not None:
                os.replace(old, target)
        raise
