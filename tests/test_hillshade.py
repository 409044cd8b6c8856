"""The hillshade images are in Web Mercator, placed exactly by their sidecar bounds, small, and built reproducibly."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
BASEMAP = ROOT / "geodata" / "basemap"
sys.path.insert(0, str(ROOT / "scripts"))

from build_hillshade import Extent, interpolate, sample_positions, warp  # noqa: E402

R = 6378137.0  # EPSG:3857 sphere
IMAGES_MAX_BYTES = 1_000_000
NATIVE_M_PER_PX = 2 * math.pi * R / 10800  # 2 arc-min source columns, in EPSG:3857 metres
EXPECTED = {
    "hillshade_levant": [[26.0, 26.0], [43.0, 52.0]],
    "hillshade_world": [[-60.0, -180.0], [75.0, 180.0]],
}


def mercator_y(lat: float) -> float:
    """EPSG:3857 northing of a latitude."""
    return R * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def latitude(y: float) -> float:
    """Latitude of an EPSG:3857 northing."""
    return math.degrees(math.atan(math.sinh(y / R)))


@pytest.fixture(scope="module")
def sidecar() -> dict:
    """hillshade.json."""
    return json.loads((BASEMAP / "hillshade.json").read_text(encoding="utf-8"))


def test_sidecar_describes_each_image_as_it_is(sidecar):
    assert set(sidecar["images"]) == set(EXPECTED)
    for name, meta in sidecar["images"].items():
        assert meta["bounds"] == EXPECTED[name] and meta["crs"] == "EPSG:3857", name
        with Image.open(BASEMAP / meta["file"]) as img:
            assert img.size == (meta["width"], meta["height"]) and img.mode == "L", name
        assert meta["licence"] == "Natural Earth, public domain" and "shadedrelief.jpg" in meta["source"], name
        assert "zoom 8" in meta["note"], name


def test_pixels_are_square_in_web_mercator(sidecar):
    for name, meta in sidecar["images"].items():
        (south, west), (north, east) = meta["bounds"]
        width_m, height_m = R * math.radians(east - west), mercator_y(north) - mercator_y(south)
        assert meta["height"] == round(meta["width"] * height_m / width_m), name  # plate carree would differ by 20%
        ground = width_m / meta["width"] * math.cos(math.radians(meta["centre_latitude"]))
        assert meta["metres_per_pixel"] == pytest.approx(ground, abs=0.1), name


def test_levant_is_native_resolution_and_world_about_2048_wide(sidecar):
    levant, world = sidecar["images"]["hillshade_levant"], sidecar["images"]["hillshade_world"]
    assert NATIVE_M_PER_PX / 1.5 <= levant["projected_metres_per_pixel"] <= NATIVE_M_PER_PX * 1.01
    assert 3000 < levant["metres_per_pixel"] < 3200  # about 3.1 km at 34.5N
    assert world["width"] == 2048


def test_images_are_small(sidecar):
    assert sum((BASEMAP / m["file"]).stat().st_size for m in sidecar["images"].values()) < IMAGES_MAX_BYTES


def test_interpolate_is_linear_between_neighbours_and_clamped():
    row = np.array([[0, 10, 20]], dtype=np.uint8)
    assert interpolate(row, np.array([0.5, 1.25, -1.0, 9.0]), axis=1).tolist() == [[5.0, 12.5, 0.0, 20.0]]


def test_levant_columns_land_on_source_pixel_centres():
    cols, rows = sample_positions(Extent("t", 29.0, 33.0, 38.5, 43.0, 300, 1), 344, 30.0)
    assert np.allclose(cols, 6390 + np.arange(300))  # 33E is source column 6390: no horizontal resampling
    assert np.all(np.diff(rows) > 0)  # north up


def test_warp_samples_rows_at_mercator_latitudes():
    # 10 px a degree; value = source row - 450 around the Levant, so a plate carree row would be off by up to 1.8
    ramp = np.clip(np.arange(1800)[:, None] - 450, 0, 255).astype(np.uint8).repeat(3600, axis=1)
    ext = Extent("t", 29.0, 33.0, 38.5, 43.0, 100, 1)
    first = warp(Image.fromarray(ramp, mode="L"), ext)
    assert first.tobytes() == warp(Image.fromarray(ramp, mode="L"), ext).tobytes()
    top, bottom = mercator_y(38.5), mercator_y(29.0)
    for j, value in enumerate(np.asarray(first)[:, 0]):
        lat = latitude(top - (j + 0.5) * (top - bottom) / first.height)
        assert abs(int(value) - ((90 - lat) * 10 - 0.5 - 450)) <= 0.51, j
