"""Alembic's environment: migrate the connection the app hands over, or the configured database."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from dashboard.store.db import database_url
from dashboard.store.models import Base, in_models

config = context.config


def run(connection: object) -> None:
    """Run the pending revisions on one connection; batch mode lets SQLite alter tables."""
    context.configure(
        connection=connection, target_metadata=Base.metadata, render_as_batch=True, include_object=in_models
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url") or database_url(), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
elif "connection" in config.attributes:
    run(config.attributes["connection"])
else:
    engine = create_engine(config.get_main_option("sqlalchemy.url") or database_url())
    with engine.begin() as connection:
        run(connection)
