"""Start the dashboard on a free loopback port and wait until it answers: one helper for the tests, the
benchmarks and the scripts. Each server runs in its own process group and is stopped by its process id."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from dashboard.config import ROOT

APP = Path("dashboard") / "app.py"


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class DevServer:
    """One `streamlit run` of a script on 127.0.0.1, with its log in a temporary file."""

    def __init__(self, *extra: str, script: Path = APP, env: dict[str, str] | None = None, path: str = "") -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}{path}"
        self.command = [
            sys.executable, "-m", "streamlit", "run", str(script),
            "--server.headless", "true", "--server.address", "127.0.0.1", "--server.port", str(self.port),
            "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false", *extra,
        ]  # fmt: skip
        self.env = {**os.environ, **(env or {})}
        self.log = tempfile.NamedTemporaryFile("w+", prefix="briefing-map-", suffix=".log", delete=False)
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 120.0) -> DevServer:
        """Start the server; return once /_stcore/health answers, or raise with the server's log."""
        self.proc = subprocess.Popen(
            self.command, cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.proc.returncode}:\n{self.log_text()}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"no {self.url}/_stcore/health after {timeout:g} s:\n{self.log_text()}")

    def log_text(self) -> str:
        """What the server printed so far."""
        return Path(self.log.name).read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        """Stop the server by its process id (its whole group if it does not stop), and remove its log."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log.close()
        Path(self.log.name).unlink(missing_ok=True)

    def __enter__(self) -> DevServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


@contextlib.contextmanager
def running_dashboard(*extra: str, env: dict[str, str] | None = None, path: str = "") -> Iterator[str]:
    """The dashboard on a free loopback port for the length of a with-block; yields its base URL."""
    with DevServer(*extra, env=env, path=path) as server:
        yield server.url
