"""Shared fixtures: the shipped article and layers, loaded once."""

from __future__ import annotations

import pytest

from dashboard.data import load_layers
from dashboard.narrative import load_article


@pytest.fixture(scope="session")
def article():
    """The seed article with its sections."""
    return load_article()


@pytest.fixture(scope="session")
def loaded(article):
    """Every shipped layer and the errors found loading them."""
    return load_layers(set(article.section_ids))


@pytest.fixture(scope="session")
def layers(loaded):
    """Every shipped layer, by id."""
    return loaded[0]


@pytest.fixture(scope="session")
def all_features(layers):
    """Every shipped feature."""
    return [f for layer in layers.values() for f in layer.features]
