"""Shared fixtures: the tiny hand-written bundle for unit tests, and the shipped bundle for content tests."""

from __future__ import annotations

import pytest
import tiny

from dashboard.config import CHROMIUM, CHROMIUM_ARGS, DATA_ROOT
from dashboard.data.bundles import load_bundle
from dashboard.data.layers import load_layers

SHIPPED = "iran-russia-too-close-for-comfort"
pytest_plugins = ["store_backends"]  # the store's databases: SQLite, and PostgreSQL when a URL is given


@pytest.fixture()
def tiny_root(tmp_path):
    """A data root holding only the tiny bundle, written fresh for each test."""
    return tiny.write(tmp_path)


@pytest.fixture()
def tiny_bundle(tiny_root):
    """The tiny bundle, read."""
    return load_bundle(tiny_root, tiny.ID)


@pytest.fixture()
def tiny_layers(tiny_bundle):
    """The tiny bundle's layers (which load without an error)."""
    layers, errors = load_layers(tiny_bundle)
    assert errors == []
    return layers


@pytest.fixture(scope="session")
def bundle():
    """The shipped article's bundle."""
    return load_bundle(DATA_ROOT, SHIPPED)


@pytest.fixture(scope="session")
def article(bundle):
    """The shipped article."""
    return bundle.article


@pytest.fixture(scope="session")
def loaded(bundle):
    """Every shipped layer and the errors found loading them."""
    return load_layers(bundle)


@pytest.fixture(scope="session")
def layers(loaded):
    """Every shipped layer, by id."""
    return loaded[0]


@pytest.fixture(scope="session")
def all_features(layers):
    """Every shipped feature."""
    return [f for layer in layers.values() for f in layer.features]


@pytest.fixture(scope="module")
def server():
    """The dashboard as the README starts it, on the shipped data: one per browser-test module."""
    from dashboard.devserver import running_dashboard

    with running_dashboard() as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium per browser-test module."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))
        yield chromium
        chromium.close()
