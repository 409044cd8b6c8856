"""Vendored folium assets: the manifest is true, and a localized map loads nothing off-server."""

from __future__ import annotations

import hashlib
import posixpath
import re

import folium
import folium.plugins
import pytest

from dashboard.config import STATIC_DIR
from dashboard.web.offline import ASSET_PREFIX, external_urls, is_external, load_manifest, localize

CSS_URL_RE = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
SQUARE = {
    "type": "Feature",
    "id": "square",
    "properties": {},
    "geometry": {"type": "Polygon", "coordinates": [[[35.9, 35.4], [36.0, 35.4], [36.0, 35.5], [35.9, 35.4]]]},
}


def offline_map() -> tuple[folium.Map, list[str]]:
    """A tile-less map with one polygon and the four vendored plugins, localized; and what stayed external."""
    m = folium.Map(location=[35.45, 35.95], zoom_start=9, tiles=None)
    folium.GeoJson(SQUARE, name="Square").add_to(m)
    folium.plugins.Fullscreen().add_to(m)
    folium.plugins.MeasureControl().add_to(m)
    folium.plugins.MousePosition().add_to(m)
    folium.plugins.Draw().add_to(m)
    return m, localize(m)


@pytest.mark.parametrize("entry", load_manifest(), ids=lambda e: e["path"])
def test_manifest_file_exists_with_its_sha256(entry: dict) -> None:
    assert hashlib.sha256((STATIC_DIR / entry["path"]).read_bytes()).hexdigest() == entry["sha256"]


def test_vendor_dir_holds_only_manifest_files() -> None:
    on_disk = {
        p.relative_to(STATIC_DIR).as_posix()
        for p in (STATIC_DIR / "vendor").rglob("*")
        if p.is_file() and p.name != "MANIFEST.json"
    }
    assert on_disk == {e["path"] for e in load_manifest()}


def test_a_localized_map_renders_without_external_links() -> None:
    m, external = offline_map()
    html = m.get_root().render()
    assert external == [] and external_urls(m) == set()
    assert 'src="http' not in html and 'href="http' not in html
    for url in re.findall(r'(?:src|href)="(\.\./\.\./app/static/[^"]+)"', html):
        assert (STATIC_DIR / url.removeprefix(ASSET_PREFIX)).is_file(), url


def test_localizing_twice_changes_nothing_and_leaves_folium_alone() -> None:
    m, _ = offline_map()

    def assets() -> list:
        return [(getattr(e, "default_js", None), getattr(e, "default_css", None)) for e in m._children.values()]

    first = assets()
    assert localize(m) == [] and assets() == first
    assert all(is_external(url) for _, url in folium.Map.default_js), "folium's own class was changed"


def test_an_unvendored_plugin_is_reported() -> None:
    m = folium.Map(tiles=None)
    folium.plugins.MarkerCluster().add_to(m)
    assert any("markercluster" in url.lower() for url in localize(m))


@pytest.mark.parametrize("entry", [e for e in load_manifest() if e["path"].endswith(".css")], ids=lambda e: e["path"])
def test_css_relative_references_are_vendored(entry: dict) -> None:
    css = (STATIC_DIR / entry["path"]).read_text(encoding="utf-8")
    for _, ref in CSS_URL_RE.findall(css):
        if ref.startswith(("data:", "#")):
            continue
        assert not is_external(ref), ref
        target = posixpath.normpath(posixpath.join(posixpath.dirname(entry["path"]), ref))
        assert (STATIC_DIR / target).is_file(), f"{entry['path']} -> {ref}"


def test_default_tiles_and_colormap_are_external() -> None:
    m = folium.Map()
    folium.LinearColormap(["white", "red"], vmin=0, vmax=1).add_to(m)
    urls = external_urls(m)
    assert "https://tile.openstreetmap.org/{z}/{x}/{y}.png" in urls and "https://d3js.org/d3.v4.min.js" in urls


def _js_links(m: folium.Map) -> list[str]:
    """The scripts streamlit-folium would load for this map, in its order."""
    from folium.elements import JSCSSMixin

    from dashboard.web.offline import _walk

    return list(dict.fromkeys(url for e in _walk(m) if isinstance(e, JSCSSMixin) for _, url in e.default_js))


def test_the_apps_map_loads_its_scripts_as_one_file_in_their_order(tmp_path) -> None:
    import shutil

    from dashboard.web import mapview

    static = tmp_path / "static"
    shutil.copytree(STATIC_DIR, static, ignore=shutil.ignore_patterns("data", "basemap"))
    separate = _js_links(mapview.base_map("offline", {}, ((33.0, 35.0), (35.0, 37.0)), sync_url=True))
    assert len(separate) >= 5
    m = mapview.base_map("offline", {}, ((33.0, 35.0), (35.0, 37.0)), sync_url=True, bundle_dir=static)
    (bundle,) = _js_links(m)
    text = (static / bundle.removeprefix(ASSET_PREFIX)).read_text(encoding="utf-8")
    starts = [text.index((static / url.removeprefix(ASSET_PREFIX)).read_text(encoding="utf-8")) for url in separate]
    assert starts == sorted(starts) and starts[0] == 0  # Leaflet first, then each script in its place
    again = mapview.base_map("offline", {}, ((33.0, 35.0), (35.0, 37.0)), sync_url=True, bundle_dir=static)
    assert _js_links(again) == [bundle]  # the same file from rerun to rerun: the map is not rebuilt


def test_a_map_with_a_script_from_elsewhere_keeps_its_scripts(tmp_path) -> None:
    from dashboard.web.offline import bundle_scripts

    m, _ = offline_map()
    m.default_js = [*m.default_js, ("other", "https://example.org/other.js")]
    before = _js_links(m)
    assert bundle_scripts(m, ASSET_PREFIX, STATIC_DIR) is None and _js_links(m) == before
