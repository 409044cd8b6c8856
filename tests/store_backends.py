"""The databases the store's tests run on: SQLite always, PostgreSQL/PostGIS when a URL is given (CI gives one).

`BRIEFING_MAP_TEST_POSTGRES_URL` names a PostgreSQL database whose user may create databases; each test gets
a database of its own, copied from a template that has PostGIS enabled, and dropped after the test.
"""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import create_engine, make_url
from sqlalchemy.pool import NullPool

ENV_TEST_POSTGRES_URL = "BRIEFING_MAP_TEST_POSTGRES_URL"
BACKENDS = ("sqlite", "postgresql")
SKIP_REASON = (
    f"PostgreSQL leg skipped: {ENV_TEST_POSTGRES_URL} is not set (.ci/run sets it; locally: "
    f"deploy/postgres.sh start DIR, then export {ENV_TEST_POSTGRES_URL}=<the URL it prints>)"
)


def postgres_url_or_skip() -> str:
    """The test server's URL, or skip the test with the reason."""
    url = os.environ.get(ENV_TEST_POSTGRES_URL, "").strip()
    if not url:
        pytest.skip(SKIP_REASON)
    return url


class Databases:
    """Create and drop throwaway databases on the test server."""

    def __init__(self, url: str) -> None:
        self.url = make_url(url)
        self.admin = create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        self.template = f"briefing_test_template_{uuid.uuid4().hex[:8]}"
        self.sql(f'CREATE DATABASE "{self.template}"')
        with create_engine(self.url_of(self.template), poolclass=NullPool).begin() as connection:
            connection.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS postgis")

    def sql(self, statement: str) -> None:
        """Run one statement as the administrator, outside a transaction."""
        with self.admin.connect() as connection:
            connection.exec_driver_sql(statement)

    def url_of(self, name: str) -> str:
        """The URL of one database on the server."""
        return self.url.set(database=name).render_as_string(hide_password=False)

    def create(self, *, postgis: bool = True) -> str:
        """A new empty database (with PostGIS already enabled, or as bare as the server makes them)."""
        name = f"briefing_test_{uuid.uuid4().hex[:12]}"
        self.sql(f'CREATE DATABASE "{name}" TEMPLATE "{self.template if postgis else "template1"}"')
        return name

    def drop(self, name: str) -> None:
        """Drop a database, closing whatever connections the test left open."""
        self.sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def postgres_databases():
    """The PostgreSQL test server, or a skip with the reason when none is configured."""
    databases = Databases(postgres_url_or_skip())
    yield databases
    databases.drop(databases.template)
    databases.admin.dispose()


@pytest.fixture(params=BACKENDS)
def store_url(request, tmp_path):
    """The URL of a fresh, empty store: a SQLite file in a temporary folder, then a PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'state' / 'test.sqlite'}"
        return
    databases = request.getfixturevalue("postgres_databases")
    name = databases.create()
    yield databases.url_of(name)
    databases.drop(name)
