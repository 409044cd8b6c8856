"""Write basemap outputs and their MANIFEST.json entries for the scripts that extend build_basemap.py."""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from build_basemap import OUT_DIR, REPO, feature_json, sha256, source_sha256

# The raw data root, relative to the repo root; each script's --source overrides it.
DEFAULT_RAW = Path("..") / "shared" / "data"
MANIFEST = OUT_DIR / "MANIFEST.json"
NE_ATTRIBUTION = "Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com."
NE_LICENCE = "Public domain (Natural Earth)"
GEONAMES_ATTRIBUTION = "GeoNames (CC BY 4.0)"
OSM_ATTRIBUTION = "© OpenStreetMap contributors"


@dataclass(frozen=True)
class RawSource:
    """One input file of a derived output, with its provenance."""

    path: str  # relative to the raw data root ("raw"), or to the repo root for a derived file ("repo")
    version: str
    licence: str
    attribution: str
    in_repo: bool = False


def raw_root(doc: str | None) -> Path:
    """Parse --source (the raw data root) from the command line and check that it exists."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--source", type=Path, default=REPO / DEFAULT_RAW, help="raw data root (default ../shared/data)"
    )
    raw = parser.parse_args().source.resolve()
    if not raw.is_dir():
        raise SystemExit(f"source folder not found: {raw}")
    return raw


def write_collection(name: str, rows: Iterable[tuple[str, dict[str, Any], Any]], ndigits: int) -> int:
    """Write (id, properties, shapely geometry or GeoJSON dict) rows as a FeatureCollection, one feature per line."""
    rows = list(rows)
    ids = [fid for fid, _, _ in rows]
    if len(set(ids)) != len(ids):
        raise ValueError(f"{name}: duplicate ids {sorted({i for i in ids if ids.count(i) > 1})}")
    lines = [feature_line(fid, props, geom, ndigits) for fid, props, geom in rows]
    if None in lines:
        raise ValueError(f"{name}: a geometry vanished when rounded to {ndigits} decimals")
    body = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
    (OUT_DIR / f"{name}.geojson").write_text(body, encoding="utf-8")
    return len(lines)


def feature_line(fid: str, props: dict[str, Any], geom: Any, ndigits: int) -> str | None:
    """Serialise one feature; a GeoJSON geometry dict is kept verbatim (re-snapping it would rotate its rings)."""
    if not isinstance(geom, dict):
        return feature_json(fid, props, geom, ndigits)
    feature = {"type": "Feature", "id": fid, "properties": props, "geometry": geom}
    return json.dumps(feature, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def source_record(raw_root: Path, src: RawSource) -> dict[str, str]:
    """Describe one input: its path, sha256, version, licence and attribution."""
    path = REPO / src.path if src.in_repo else raw_root / src.path
    return {
        "path": src.path,
        "root": "repo" if src.in_repo else "raw",
        "sha256": source_sha256(path),
        "version": src.version,
        "licence": src.licence,
        "attribution": src.attribution,
    }


def output_entry(file: str, generator: str, raw_root: Path, sources: list[RawSource], licence: str) -> dict[str, Any]:
    """Build the manifest entry of one output file from its inputs."""
    path = OUT_DIR / file
    attributions = list(dict.fromkeys(s.attribution for s in sources))
    return {
        "generator": generator,
        "source": " + ".join(s.path for s in sources),
        "sources": [source_record(raw_root, s) for s in sources],
        "licence": licence,
        "attribution": " ".join(attributions),
        "bytes": path.stat().st_size,
        "sha256": sha256(path),
    }


def geojson_entry(file: str, generator: str, raw_root: Path, sources: list[RawSource], licence: str, ndigits: int):
    """Build the manifest entry of one GeoJSON output, with its decimals and feature count."""
    entry = output_entry(file, generator, raw_root, sources, licence)
    features = json.loads((OUT_DIR / file).read_text(encoding="utf-8"))["features"]
    return {**entry, "decimals": ndigits, "features": len(features)}


def update_manifest(entries: dict[str, dict[str, Any]]) -> None:
    """Add or replace entries in MANIFEST.json, keeping every other entry and their order."""
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    manifest["files"].update(entries)
    text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
    MANIFEST.write_text(text, encoding="utf-8")


def print_entries(entries: dict[str, dict[str, Any]]) -> None:
    """Print each output's size and feature count."""
    for name, entry in entries.items():
        size = f"{entry['width']}x{entry['height']} px" if "width" in entry else ""
        count = entry.get("features", size)
        print(f"  {name:28s} {count!s:>12} {entry['bytes'] / 1e3:8.1f} kB")
