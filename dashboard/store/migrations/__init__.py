"""Alembic migrations of the store's schema, run by `dashboard.store.db.migrate` at start."""
