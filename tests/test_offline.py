"""Vendored folium assets: the manifest is true, and a localized map loads nothing off-server."""

from __future__ import annotations

import hashlib
import posixpath
import re

import folium
import folium.elements
import folium.plugins
import pytest

from dashboard.offline import (
    ASSET_PREFIX,
    STATIC_DIR,
    external_urls,
    is_external,
    load_manifest,
    localize_folium,
)

CSS_URL_RE = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
SQUARE = {
    "type": "Feature",
    "id": "square",
    "properties": {},
    "geometry": {
        "type": "Polygon",
        "coordinates": [[[35.9, 35.4], [36.0, 35.4], [36.0, 35.5], [35.9, 35.5], [35.9, 35.4]]],
    },
}


@pytest.fixture(scope="module", autouse=True)
def localized() -> list[str]:
    """Localize folium once for every test here, as the app does at import."""
    return localize_folium()


def offline_map() -> folium.Map:
    """Build a tile-less map with one polygon and the three vendored plugins."""
    m = folium.Map(location=[35.45, 35.95], zoom_start=9, tiles=None)
    folium.GeoJson(SQUARE, name="Square").add_to(m)
    folium.plugins.Fullscreen().add_to(m)
    folium.plugins.MeasureControl().add_to(m)
    folium.plugins.MousePosition().add_to(m)
    return m


def asset_classes(cls: type = folium.elements.JSCSSMixin) -> list[type]:
    """List cls and all its subclasses, recursively."""
    return [cls, *(sub for child in cls.__subclasses__() for sub in asset_classes(child))]


def local_asset_urls() -> set[str]:
    """Collect every localized asset URL on folium.Map and the JSCSSMixin classes."""
    return {
        url
        for cls in asset_classes()
        for attr in ("default_js", "default_css")
        for _, url in getattr(cls, attr, [])
        if url.startswith(ASSET_PREFIX)
    }


@pytest.mark.parametrize("entry", load_manifest(), ids=lambda e: e["path"])
def test_manifest_file_exists_with_its_sha256(entry: dict) -> None:
    data = (STATIC_DIR / entry["path"]).read_bytes()
    assert hashlib.sha256(data).hexdigest() == entry["sha256"]


def test_vendor_dir_holds_only_manifest_files() -> None:
    on_disk = {
        p.relative_to(STATIC_DIR).as_posix()
        for p in (STATIC_DIR / "vendor").rglob("*")
        if p.is_file() and p.name != "MANIFEST.json"
    }
    assert on_disk == {e["path"] for e in load_manifest()}


def test_localized_map_renders_without_external_links() -> None:
    m = offline_map()
    html = m.get_root().render()
    assert 'src="http' not in html
    assert 'href="http' not in html
    assert external_urls(m) == set()


def test_every_local_asset_url_is_a_vendored_file() -> None:
    urls = local_asset_urls()
    assert len(urls) >= 14
    for url in urls:
        assert (STATIC_DIR / url.removeprefix(ASSET_PREFIX)).is_file(), url


@pytest.mark.parametrize("entry", [e for e in load_manifest() if e["path"].endswith(".css")], ids=lambda e: e["path"])
def test_css_relative_references_are_vendored(entry: dict) -> None:
    css = (STATIC_DIR / entry["path"]).read_text(encoding="utf-8")
    for _, ref in CSS_URL_RE.findall(css):
        if ref.startswith(("data:", "#")):
            continue
        assert not is_external(ref), ref
        target = posixpath.normpath(posixpath.join(posixpath.dirname(entry["path"]), ref))
        assert (STATIC_DIR / target).is_file(), f"{entry['path']} -> {ref}"


def test_localize_is_idempotent(localized: list[str]) -> None:
    before = {url for _, url in folium.Map.default_js + folium.Map.default_css}
    assert localize_folium() == localized
    after = {url for _, url in folium.Map.default_js + folium.Map.default_css}
    assert after == before
    assert not any(u.startswith(ASSET_PREFIX + ASSET_PREFIX) for u in local_asset_urls())


def test_unvendored_plugins_are_reported(localized: list[str]) -> None:
    assert localized == sorted(set(localized))
    assert all(is_external(url) for url in localized)
    assert any("markercluster" in url.lower() for url in localized)


def test_default_tiles_and_colormap_are_external() -> None:
    m = folium.Map()
    folium.LinearColormap(["white", "red"], vmin=0, vmax=1).add_to(m)
    urls = external_urls(m)
    assert "https://tile.openstreetmap.org/{z}/{x}/{y}.png" in urls
    assert "https://d3js.org/d3.v4.min.js" in urls
