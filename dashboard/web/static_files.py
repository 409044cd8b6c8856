"""Files the app writes beside its static assets, named by their content so browsers may cache them for good."""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from pathlib import Path

DATA_SUBDIR = "data"
STALE_AFTER_S = 24 * 3600


def write_hashed(payload: bytes, stem: str, suffix: str, static_dir: Path) -> str:
    """Write the payload as static_dir/data/<stem>-<hash><suffix>; return its path there.

    The write is atomic (temporary file, then rename), so servers sharing the folder never see half
    a file. Files of the same stem not written or checked (ensure) for a day are removed.
    """
    name = f"{DATA_SUBDIR}/{stem}-{hashlib.sha256(payload).hexdigest()[:16]}{suffix}"
    target = static_dir / name
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        os.utime(target)
    else:
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".part")
        with os.fdopen(fd, "wb") as out:
            out.write(payload)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    now = time.time()
    for old in target.parent.glob(f"{stem}-*{suffix}"):
        if old != target and now - old.stat().st_mtime > STALE_AFTER_S:
            old.unlink(missing_ok=True)
    return name
