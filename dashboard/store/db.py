"""Open the store: the database URL from the environment, the engine, and the schema brought to the newest revision."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, make_url
from sqlalchemy.engine import URL

from dashboard import config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def state_dir(env: Mapping[str, str] = os.environ) -> Path:
    """The folder of the embedded database: $BRIEFING_MAP_STATE_DIR, else the project's state/."""
    return Path(env.get(config.ENV_STATE_DIR) or config.STATE_DIR)


def database_url(env: Mapping[str, str] = os.environ) -> str:
    """$BRIEFING_MAP_DATABASE_URL, else a SQLite file in the state folder."""
    url = env.get(config.ENV_DATABASE_URL)
    if url:
        return url
    path = state_dir(env) / config.DATABASE_FILE
    return URL.create("sqlite", database=str(path)).render_as_string(hide_password=False)


def alembic_config(url: str | None = None) -> Config:
    """Alembic's configuration for the package's own migrations, with no ini file needed."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if url:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def migrate(engine: Engine) -> None:
    """Bring the database's schema to the newest revision (creating it on a fresh machine)."""
    cfg = alembic_config()
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")


def open_store(url: str | None = None) -> Engine:
    """An engine on the configured database (or `url`), its schema migrated; a SQLite file's folder is created."""
    url = url or database_url()
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    # A long-running replica outlives database restarts: test a pooled connection before using it.
    engine = create_engine(url, pool_pre_ping=True)
    migrate(engine)
    return engine
