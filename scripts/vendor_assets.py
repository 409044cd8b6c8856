"""Vendor the Leaflet and plugin assets folium pins into dashboard/static/vendor.

Run from anywhere: `python scripts/vendor_assets.py`. Needs `npm` (registry access) and folium.
The output is deterministic: running it twice gives byte-identical files and manifest.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from importlib.metadata import metadata
from pathlib import Path

import folium
import folium.plugins

ROOT = Path(__file__).resolve().parents[1]
STATIC_DIR = ROOT / "dashboard" / "static"
VENDOR_DIR = STATIC_DIR / "vendor"
MANIFEST_NAME = "MANIFEST.json"

VENDORED_CLASSES = (
    folium.Map,
    folium.plugins.Fullscreen,
    folium.plugins.MeasureControl,
    folium.plugins.MousePosition,
    folium.plugins.Draw,
)

# folium's CDN URL -> (npm package, version, file inside the package).
NPM_SOURCES: dict[str, tuple[str, str, str]] = {
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js": ("leaflet", "1.9.3", "dist/leaflet.js"),
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css": ("leaflet", "1.9.3", "dist/leaflet.css"),
    "https://code.jquery.com/jquery-3.7.1.min.js": ("jquery", "3.7.1", "dist/jquery.min.js"),
    "https://cdn.jsdelivr.net/npm/bootstrap@5.2.2/dist/js/bootstrap.bundle.min.js": (
        "bootstrap",
        "5.2.2",
        "dist/js/bootstrap.bundle.min.js",
    ),
    "https://cdn.jsdelivr.net/npm/bootstrap@5.2.2/dist/css/bootstrap.min.css": (
        "bootstrap",
        "5.2.2",
        "dist/css/bootstrap.min.css",
    ),
    "https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@6.2.0/css/all.min.css": (
        "@fortawesome/fontawesome-free",
        "6.2.0",
        "css/all.min.css",
    ),
    # cdnjs serves 2.0.2, which was never published to npm; 2.0.5 is its drop-in successor.
    "https://cdnjs.cloudflare.com/ajax/libs/Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.js": (
        "leaflet.awesome-markers",
        "2.0.5",
        "dist/leaflet.awesome-markers.js",
    ),
    "https://cdnjs.cloudflare.com/ajax/libs/Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.css": (
        "leaflet.awesome-markers",
        "2.0.5",
        "dist/leaflet.awesome-markers.css",
    ),
    # The npm package ships no .min.js; the unminified file is the same code.
    "https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.min.js": (
        "leaflet.fullscreen",
        "3.0.0",
        "Control.FullScreen.js",
    ),
    "https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.css": (
        "leaflet.fullscreen",
        "3.0.0",
        "Control.FullScreen.css",
    ),
    "https://cdn.jsdelivr.net/gh/ljagis/leaflet-measure@2.1.7/dist/leaflet-measure.min.js": (
        "leaflet-measure",
        "2.1.7",
        "dist/leaflet-measure.min.js",
    ),
    # npm has no .min.css for leaflet-measure.
    "https://cdn.jsdelivr.net/gh/ljagis/leaflet-measure@2.1.7/dist/leaflet-measure.min.css": (
        "leaflet-measure",
        "2.1.7",
        "dist/leaflet-measure.css",
    ),
    # folium points at ardhi's unversioned GitHub master; npm carries it as a versioned wrapper.
    "https://cdn.jsdelivr.net/gh/ardhi/Leaflet.MousePosition/src/L.Control.MousePosition.min.js": (
        "leaflet-mouse-position",
        "1.2.0",
        "src/L.Control.MousePosition.js",
    ),
    "https://cdn.jsdelivr.net/gh/ardhi/Leaflet.MousePosition/src/L.Control.MousePosition.min.css": (
        "leaflet-mouse-position",
        "1.2.0",
        "src/L.Control.MousePosition.css",
    ),
    # Notes on the map are drawn with it. The package carries no licence file: MIT, per its package.json and the
    # notice at the head of leaflet.draw.js.
    "https://cdnjs.cloudflare.com/ajax/libs/leaflet.draw/1.0.2/leaflet.draw.js": (
        "leaflet-draw",
        "1.0.2",
        "dist/leaflet.draw.js",
    ),
    "https://cdnjs.cloudflare.com/ajax/libs/leaflet.draw/1.0.2/leaflet.draw.css": (
        "leaflet-draw",
        "1.0.2",
        "dist/leaflet.draw.css",
    ),
}

# Bootstrap 3 glyphicons are not on npm; only glyphicon-prefixed icons need them.
DROPPED_URLS = frozenset({"https://netdna.bootstrapcdn.com/bootstrap/3.0.0/css/bootstrap-glyphicons.css"})

# A folium template (fa-rotate-N rules), not a package: generated below.
ROTATE_CSS_URL = (
    "https://cdn.jsdelivr.net/gh/python-visualization/folium/folium/templates/leaflet.awesome.rotate.min.css"
)

# Leaflet's L.Icon.Default loads these next to the marker-icon.png its CSS names.
JS_REFERENCED = {
    ("leaflet", "1.9.3"): ("dist/images/marker-icon-2x.png", "dist/images/marker-shadow.png"),
}

CSS_URL_RE = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
LICENSE_RE = re.compile(r"licen[cs]e", re.IGNORECASE)


def folium_urls() -> list[str]:
    """Return the asset URLs the vendored folium classes declare, in declaration order."""
    return [
        url
        for cls in VENDORED_CLASSES
        for attr in ("default_js", "default_css")
        for _, url in cls.__dict__.get(attr, [])
    ]


def css_references(css: str, css_path: str) -> list[str]:
    """Return the package-relative paths a stylesheet's url() references point at."""
    refs = []
    for _, ref in CSS_URL_RE.findall(css):
        if ref.startswith(("data:", "#", "http:", "https:", "//")):
            continue
        ref = ref.split("?")[0].split("#")[0]
        path = posixpath.normpath(posixpath.join(posixpath.dirname(css_path), ref))
        if path.startswith(".."):
            raise SystemExit(f"{css_path}: reference {ref!r} leaves the package")
        refs.append(path)
    return refs


def npm_pack(package: str, version: str, workdir: Path) -> Path:
    """Download one package tarball with `npm pack` and return its path."""
    out = subprocess.run(
        ["npm", "pack", f"{package}@{version}", "--json", "--ignore-scripts", "--pack-destination", str(workdir)],
        check=True,
        capture_output=True,
        text=True,
        cwd=workdir,
    )
    info = json.loads(out.stdout)[0]
    if info["version"] != version:
        raise SystemExit(f"npm returned {package}@{info['version']}, wanted {version}")
    return workdir / info["filename"]


def read_package(tarball: Path) -> dict[str, bytes]:
    """Extract every regular file of an npm tarball, keyed by its path inside the package."""
    files = {}
    with tarfile.open(tarball, "r:gz") as tar:
        for member in tar.getmembers():
            if member.isfile():
                _, _, path = member.name.partition("/")
                files[path] = tar.extractfile(member).read()
    return files


def entry(
    path: str, data: bytes, cdn_url: str | None, package: str, version: str, license_: str, source: str
) -> dict[str, str | None]:
    """Build one manifest entry."""
    return {
        "cdn_url": cdn_url,
        "path": path,
        "package": package,
        "version": version,
        "license": license_,
        "source": source,
        "sha256": hashlib.sha256(data).hexdigest(),
    }


def vendor_package(package: str, version: str, workdir: Path, stage: Path) -> list[dict]:
    """Copy one package's referenced files, their CSS assets and its license into stage."""
    files = read_package(npm_pack(package, version, workdir))
    license_ = json.loads(files["package.json"])["license"]
    mains = {path: url for url, (p, v, path) in NPM_SOURCES.items() if (p, v) == (package, version)}
    wanted: dict[str, str | None] = dict(mains)
    for path in mains:
        if path.endswith(".css"):
            for ref in css_references(files[path].decode("utf-8"), path):
                wanted.setdefault(ref, None)
    for path in JS_REFERENCED.get((package, version), ()):
        wanted.setdefault(path, None)
    for path in files:
        if "/" not in path and LICENSE_RE.search(path):
            wanted.setdefault(path, None)
    entries = []
    for path, cdn_url in wanted.items():
        if path not in files:
            raise SystemExit(f"{package}@{version} has no {path}")
        rel = f"vendor/{package}@{version}/{path}"
        (stage / rel).parent.mkdir(parents=True, exist_ok=True)
        (stage / rel).write_bytes(files[path])
        entries.append(entry(rel, files[path], cdn_url, package, version, license_, "npm"))
    return entries


def rotate_css(stage: Path) -> dict:
    """Generate folium's fa-rotate-1..360 stylesheet and return its manifest entry."""
    rules = "".join(f".fa-rotate-{n}{{transform:rotate({n}deg)}}" for n in range(1, 361))
    data = f"/* Generated by scripts/vendor_assets.py (folium template, not on npm). */\n{rules}\n"
    rel = f"vendor/folium@{folium.__version__}/leaflet.awesome.rotate.min.css"
    (stage / rel).parent.mkdir(parents=True, exist_ok=True)
    (stage / rel).write_bytes(data.encode())
    return entry(
        rel, data.encode(), ROTATE_CSS_URL, "folium", folium.__version__, metadata("folium")["License"], "generated"
    )


def main() -> None:
    """Rebuild dashboard/static/vendor and its MANIFEST.json from npm."""
    declared = set(folium_urls())
    expected = set(NPM_SOURCES) | DROPPED_URLS | {ROTATE_CSS_URL}
    if declared != expected:
        raise SystemExit(
            "folium's asset URLs changed; update NPM_SOURCES.\n"
            f"  new: {sorted(declared - expected)}\n  gone: {sorted(expected - declared)}"
        )
    with tempfile.TemporaryDirectory() as tmp:
        workdir, stage = Path(tmp) / "npm", Path(tmp) / "stage"
        workdir.mkdir()
        entries = [rotate_css(stage)]
        for package, version in sorted({(p, v) for p, v, _ in NPM_SOURCES.values()}):
            entries += vendor_package(package, version, workdir, stage)
        entries.sort(key=lambda e: e["path"])
        manifest = json.dumps(entries, indent=2, sort_keys=True) + "\n"
        (stage / "vendor" / MANIFEST_NAME).write_text(manifest, encoding="utf-8")
        shutil.rmtree(VENDOR_DIR, ignore_errors=True)
        shutil.copytree(stage / "vendor", VENDOR_DIR)
    total = sum((STATIC_DIR / e["path"]).stat().st_size for e in entries)
    print(f"{len(entries)} files, {total} bytes -> {VENDOR_DIR.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
