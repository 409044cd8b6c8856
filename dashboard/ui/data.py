"""What the app loads once per process and shares, read-only, with every session (Streamlit's resource cache)."""

from __future__ import annotations

import gc
import os
from pathlib import Path
from typing import Any

import streamlit as st

from dashboard import config as c
from dashboard.core.bundle import Bundle
from dashboard.data.basemap import load_basemap_layers
from dashboard.data.bundles import load_bundles
from dashboard.data.layers import Layer, load_layers
from dashboard.web import mapdata


def data_root() -> str:
    """The data root served: $BRIEFING_MAP_DATA (another team's data, a test's, a benchmark's), else the project's."""
    return str(Path(os.environ.get(c.ENV_DATA_ROOT) or c.DATA_ROOT))


def basemap_dir() -> str:
    """The basemap folder served: $BRIEFING_MAP_BASEMAP_DIR, else the project's."""
    return str(Path(os.environ.get(c.ENV_BASEMAP_DIR) or c.BASEMAP_DIR))


# Set when a run has loaded something that stays for the life of the process (true at start: the modules).
_loaded = {"since_freeze": True}


def settle() -> None:
    """After a run that loaded shared data: exempt what lives as long as the process from garbage collection.

    Streamlit collects every generation after each run (runner.postScriptGC), and with the imported modules and
    an article's layers alive that full collection walks some 380,000 objects: about 0.2 s of CPU per rerun,
    most of a section change's server time. gc.freeze() moves everything alive now into the permanent
    generation, which no collection walks; objects made later (each session's, each run's) are collected as
    before. A new article or data root loaded later is frozen after the run that loads it.
    """
    if _loaded["since_freeze"]:
        gc.collect()
        gc.freeze()
        _loaded["since_freeze"] = False


# Layers and basemap are loaded once per process and shared, read-only, by every session: st.cache_data would
# unpickle a fresh copy on every rerun (1.1 s at 50,000 features). tests/test_shared_data.py checks that no run
# or export changes them.
@st.cache_resource
def bundles(root: str) -> tuple[dict[str, Bundle], list[str]]:
    """Every bundle under the data root, and the problems of those that cannot be served."""
    _loaded["since_freeze"] = True
    found, errors = load_bundles(Path(root))
    return found, [str(e) for e in errors]


@st.cache_resource
def layer_data(root: str, article: str) -> tuple[dict[str, Layer], list[str]]:
    """One bundle's layers and the problems found loading them: shared by all sessions, never changed."""
    _loaded["since_freeze"] = True
    layers, errors = load_layers(bundles(root)[0][article])
    return layers, [str(e) for e in errors]


@st.cache_resource
def browser_data(root: str, article: str) -> mapdata.BrowserData:
    """One bundle's features as the map fetches them: written once under the static folder."""
    _loaded["since_freeze"] = True
    return mapdata.browser_data(layer_data(root, article)[0], c.STATIC_DIR)


@st.cache_resource
def basemap_data(basemap_dir: str) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """The embedded basemap layers and the problems reading them: shared by all sessions, never changed."""
    _loaded["since_freeze"] = True
    return load_basemap_layers(Path(basemap_dir))
