"""The house style holds: Streamlit only at the edge, imports sorted, lines readable (ruff)."""

from __future__ import annotations

import subprocess
import sys

from dashboard.config import ROOT


def test_ruff_passes():
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "dashboard", "tests", "scripts"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
