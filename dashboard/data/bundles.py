"""Find the article bundles under a data root and read each one: text, metadata, sections, manifest."""

from __future__ import annotations

import hashlib
import json
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from dashboard.core.article import Article, ArticleMeta, SectionsFile
from dashboard.core.bundle import Bundle
from dashboard.core.manifest import Manifest
from dashboard.data.errors import BundleError, DataError, pydantic_errors

SEEDS, GEODATA = "seeds", "geodata"
META, TEXT, SECTIONS, MANIFEST = "meta.json", "article.txt", "sections.json", "manifest.toml"
MAX_TEXT_BYTES = 2 * 1024 * 1024


def seeds_dir(root: Path, bundle_id: str) -> Path:
    """The folder of a bundle's text, metadata and sections."""
    return root / SEEDS / bundle_id


def geodata_dir(root: Path, bundle_id: str) -> Path:
    """The folder of a bundle's manifest and layers."""
    return root / GEODATA / bundle_id


def bundle_ids(root: Path) -> list[str]:
    """The ids of every bundle under the data root (a seeds/<id>/ folder with a meta.json), sorted."""
    return sorted(p.parent.name for p in (root / SEEDS).glob(f"*/{META}"))


def _name(root: Path, path: Path) -> str:
    """A path as the messages name it: relative to the data root."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.name


def _read(root: Path, path: Path, parse) -> tuple[Any, list[DataError]]:
    """Parse one file, or say why it cannot be parsed."""
    name = _name(root, path)
    try:
        return parse(path.read_bytes()), []
    except FileNotFoundError:
        return None, [DataError(name, None, None, "file is missing")]
    except UnicodeDecodeError as exc:
        return None, [DataError(name, None, None, f"not UTF-8 text ({exc.reason} at byte {exc.start})")]
    except json.JSONDecodeError as exc:
        return None, [DataError(name, None, None, f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}")]
    except tomllib.TOMLDecodeError as exc:
        return None, [DataError(name, None, None, f"invalid TOML: {exc}")]


def _model(root: Path, path: Path, model: type[BaseModel], parse) -> tuple[Any, list[DataError]]:
    """Read a file into a pydantic model, with one error per failing field."""
    raw, errors = _read(root, path, parse)
    if errors:
        return None, errors
    try:
        return model.model_validate(raw), []
    except ValidationError as exc:
        return None, pydantic_errors(_name(root, path), None, exc)


def _json(raw: bytes) -> Any:
    return json.loads(raw.decode("utf-8"))


def _toml(raw: bytes) -> Any:
    return tomllib.loads(raw.decode("utf-8"))


def _text(root: Path, folder: Path, meta: ArticleMeta) -> tuple[str | None, list[DataError]]:
    """The article's verbatim text, checked against the sha256 its metadata records."""
    path = folder / TEXT
    raw, errors = _read(root, path, lambda b: b)
    if errors:
        return None, errors
    if hashlib.sha256(raw).hexdigest() != meta.sha256:
        return None, [DataError(_name(root, path), None, None, f"text changed: its sha256 no longer matches {META}")]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        return None, [DataError(_name(root, path), None, None, f"not UTF-8 text ({exc.reason} at byte {exc.start})")]


def load_bundle(root: Path, bundle_id: str) -> Bundle:
    """Read one bundle; raise BundleError naming every file and field that stops it from being served."""
    folder = seeds_dir(root, bundle_id)
    meta, errors = _model(root, folder / META, ArticleMeta, _json)
    sections, more = _model(root, folder / SECTIONS, SectionsFile, _json)
    manifest, most = _model(root, geodata_dir(root, bundle_id) / MANIFEST, Manifest, _toml)
    errors += more + most
    if meta is not None and meta.id != bundle_id:
        errors.append(DataError(_name(root, folder / META), None, "id", f"{meta.id!r} differs from the folder name"))
    text, problems = _text(root, folder, meta) if meta is not None else (None, [])
    errors += problems
    if errors:
        raise BundleError(errors)
    article = Article(meta, text, tuple(sections.front_matter), tuple(sections.back_matter), tuple(sections.sections))
    return Bundle(bundle_id, article, manifest, geodata_dir(root, bundle_id))


def load_bundles(root: Path) -> tuple[dict[str, Bundle], list[DataError]]:
    """Every bundle that can be served, by id, and the errors of those that cannot."""
    bundles: dict[str, Bundle] = {}
    errors: list[DataError] = []
    for bundle_id in bundle_ids(root):
        try:
            bundles[bundle_id] = load_bundle(root, bundle_id)
        except BundleError as exc:
            errors += exc.errors
    return bundles, errors


def data_version(bundle: Bundle) -> str:
    """The bundle's data version: a short SHA-256 of its manifest and layer files, in name order.

    Exports carry it, so a later comparison knows which data an earlier export was made from."""
    digest = hashlib.sha256()
    for path in sorted(p for p in bundle.layers_dir.iterdir() if p.is_file() and p.suffix in {".toml", ".geojson"}):
        digest.update(path.name.encode("utf-8") + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]
