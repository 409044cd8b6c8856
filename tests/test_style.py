"""The house style holds: the layers import one way, Streamlit only in the UI, and ruff is clean."""

from __future__ import annotations

import subprocess
import sys

from dashboard.config import ROOT


def test_the_layers_import_one_way():
    done = subprocess.run(["lint-imports", "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "4 kept, 0 broken" in done.stdout


def test_ruff_passes():
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "dashboard", "tests", "scripts", "benchmarks"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
