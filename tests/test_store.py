"""The store on SQLite and on PostgreSQL/PostGIS: migrations, overlays, notes with versions, saved views, the key.

Every test taking `engine` runs on both databases; the PostgreSQL leg needs BRIEFING_MAP_TEST_POSTGRES_URL
(see tests/store_backends.py), and without it is skipped with that reason, except in CI, where a test fails.
"""

from __future__ import annotations

import json
import os

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from store_backends import ENV_TEST_POSTGRES_URL

from dashboard import config
from dashboard.data.overlays import read_overlay
from dashboard.store import access as access_module
from dashboard.store.access import access, configured_key, key_matches
from dashboard.store.db import alembic_config, database_url, open_store
from dashboard.store.errors import NotFound, StoreError
from dashboard.store.models import Base, in_models
from dashboard.store.notes import Conflict, add_note, delete_note, get_note, list_notes, update_note
from dashboard.store.overlays import (
    OVERLAY_COLOURS,
    add_overlay,
    count_overlays,
    delete_overlay,
    list_overlays,
    next_colour,
    overlay_features,
    recolour_overlay,
    rename_overlay,
)
from dashboard.store.views import delete_view, list_views, save_view

POINTS = (
    b'{"type": "FeatureCollection", "features": [{"type": "Feature", "id": "a", "properties": {"n": "A"}, '
    b'"geometry": {"type": "Point", "coordinates": [35.5, 33.9]}}]}'
)
PLACE = {"type": "Point", "coordinates": [35.5, 33.9]}


@pytest.fixture()
def engine(store_url):
    """A fresh, migrated store: SQLite in a temporary folder, then a PostgreSQL database of its own."""
    engine = open_store(store_url)
    yield engine
    engine.dispose()


def differences(engine) -> list:
    """What Alembic finds between the database's schema and the models (nothing, when they match)."""
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_object": in_models})
        return compare_metadata(context, Base.metadata)


@pytest.fixture()
def sites():
    """A one-point overlay file, read."""
    return read_overlay(POINTS, "sites.geojson")


def test_the_default_database_is_a_sqlite_file_in_the_state_folder(tmp_path):
    assert database_url({}) == f"sqlite:///{config.STATE_DIR / config.DATABASE_FILE}"
    assert database_url({config.ENV_STATE_DIR: str(tmp_path)}) == f"sqlite:///{tmp_path / config.DATABASE_FILE}"
    url = "postgresql+psycopg://briefing@db/briefing"
    assert database_url({config.ENV_STATE_DIR: str(tmp_path), config.ENV_DATABASE_URL: url}) == url


def test_open_creates_the_folder_and_migrates_to_the_models(tmp_path):
    engine = open_store(f"sqlite:///{tmp_path / 'new' / 'deeper' / 'x.sqlite'}")
    assert set(inspect(engine).get_table_names()) == {"alembic_version", "overlays", "notes", "saved_views"}
    assert differences(engine) == []
    open_store(str(engine.url))  # opening again finds nothing to do


def test_migrations_reach_the_models_on_both_databases(engine):
    tables = set(inspect(engine).get_table_names()) - {"spatial_ref_sys"}  # PostGIS's own
    assert tables == {"alembic_version", "overlays", "notes", "saved_views"}
    assert differences(engine) == []
    assert open_store(engine.url.render_as_string(hide_password=False)).url == engine.url  # nothing left to do


def test_the_migration_enables_postgis_on_a_bare_database(postgres_databases):
    name = postgres_databases.create(postgis=False)
    try:
        engine = open_store(postgres_databases.url_of(name))
        with engine.connect() as connection:
            assert connection.exec_driver_sql("select extname from pg_extension where extname = 'postgis'").all()
            kind = "select format_type(atttypid, atttypmod) from pg_attribute where attrelid = 'notes'::regclass "
            assert connection.exec_driver_sql(kind + "and attname = 'geometry'").scalar_one() == (
                "geometry(Geometry,4326)"
            )
        assert differences(engine) == []
        engine.dispose()
    finally:
        postgres_databases.drop(name)


def test_notes_written_before_postgis_move_into_geometry_and_back(postgres_databases):
    name = postgres_databases.create(postgis=False)
    url = postgres_databases.url_of(name)
    try:
        command.upgrade(alembic_config(url), "0001")  # the schema as stage 1 left it: GeoJSON text
        old = create_engine(url)
        with old.begin() as connection:
            connection.execute(
                text(
                    "insert into notes (workspace, geometry, text, author, created_at, updated_at, version) "
                    "values ('default', :g, 'Kept', 'ana', now(), now(), 1)"
                ),
                {"g": json.dumps(PLACE)},
            )
        old.dispose()
        engine = open_store(url)
        assert [(n.text, n.geometry) for n in list_notes(engine)] == [("Kept", PLACE)]
        engine.dispose()
        command.downgrade(alembic_config(url), "0001")
        with create_engine(url).connect() as connection:
            assert json.loads(connection.exec_driver_sql("select geometry from notes").scalar_one()) == PLACE
    finally:
        postgres_databases.drop(name)


def test_postgis_answers_spatial_questions_about_notes(postgres_databases):
    name = postgres_databases.create()
    engine = open_store(postgres_databases.url_of(name))
    inside = add_note(engine, geometry=PLACE, text="In the Bekaa", author="ana")
    add_note(engine, geometry={"type": "Point", "coordinates": [51.4, 35.7]}, text="Tehran", author="ana")
    bekaa = "POLYGON((35.3 33.5, 36.6 33.5, 36.6 34.6, 35.3 34.6, 35.3 33.5))"
    query = text(
        "select id, ST_AsGeoJSON(geometry), ST_SRID(geometry) from notes "
        "where ST_Within(geometry, ST_GeomFromText(:area, 4326))"
    )
    with engine.connect() as connection:
        rows = connection.execute(query, {"area": bekaa}).all()
        uses_index = connection.exec_driver_sql(
            "select indexdef from pg_indexes where indexname = 'ix_notes_geometry'"
        ).scalar_one()
    assert [(r[0], json.loads(r[1]), r[2]) for r in rows] == [(inside.id, PLACE, 4326)]
    assert "USING gist (geometry)" in uses_index
    engine.dispose()
    postgres_databases.drop(name)


def test_ci_runs_the_postgresql_leg():
    if os.environ.get("CI", "").lower() != "true":
        pytest.skip("only in CI (CI=true), where the PostgreSQL leg must not be skipped")
    url = os.environ.get(ENV_TEST_POSTGRES_URL, "")
    assert url, f"CI must run the store tests on PostgreSQL too: .ci/run starts one and exports {ENV_TEST_POSTGRES_URL}"
    with create_engine(url).connect() as connection:
        assert connection.exec_driver_sql("select 1").scalar_one() == 1


def test_overlay_round_trip(engine, sites):
    added = add_overlay(engine, sites, name="  Team   sites ", colour="#E69F00", uploader="ana")
    assert (added.name, added.colour, added.format, added.feature_count) == ("Team sites", "#e69f00", "geojson", 1)
    assert added.created_at.tzinfo is not None and added.source_filename == "sites.geojson"
    assert list_overlays(engine) == [added]
    assert overlay_features(engine, added.id) == sites.features
    assert rename_overlay(engine, added.id, "Checkpoints").name == "Checkpoints"
    assert recolour_overlay(engine, added.id, "#000000").colour == "#000000"
    assert delete_overlay(engine, added.id).name == "Checkpoints"
    assert list_overlays(engine) == []
    with pytest.raises(NotFound, match=f"no overlay {added.id}"):
        overlay_features(engine, added.id)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": "Sites"}, "an overlay named 'Sites' already exists: choose another name"),
        ({"name": "  "}, "overlay: give a name"),
        ({"colour": "red"}, "colour 'red': give it as #rrggbb"),
        ({"uploader": ""}, "uploader: give a name"),
    ],
)
def test_a_refused_add_leaves_nothing_behind(engine, sites, change, message):
    add_overlay(engine, sites, name="Sites", colour="#0072b2", uploader="ana")
    before = count_overlays(engine)
    with pytest.raises(StoreError, match=message):
        add_overlay(engine, sites, **({"name": "Other", "colour": "#0072b2", "uploader": "ana"} | change))
    assert count_overlays(engine) == before == 1


def test_workspaces_do_not_see_each_other(engine, sites):
    mine = add_overlay(engine, sites, name="Sites", colour="#0072b2", uploader="ana", workspace="team-a")
    add_overlay(engine, sites, name="Sites", colour="#0072b2", uploader="bo", workspace="team-b")
    assert [o.uploader for o in list_overlays(engine, "team-b")] == ["bo"]
    with pytest.raises(NotFound):
        delete_overlay(engine, mine.id, workspace="team-b")
    assert count_overlays(engine) == 2


def test_next_colour_is_the_first_unused(engine, sites):
    assert next_colour(engine) == OVERLAY_COLOURS[0]
    add_overlay(engine, sites, name="One", colour=OVERLAY_COLOURS[0], uploader="ana")
    assert next_colour(engine) == OVERLAY_COLOURS[1]


def test_note_versions_guard_against_lost_edits(engine):
    note = add_note(engine, geometry=PLACE, text="Crossing closed", author="ana")
    assert (note.version, note.geometry, note.created_at == note.updated_at) == (1, PLACE, True)
    mine = update_note(engine, note.id, text="Crossing closed since Monday", expected_version=1)
    assert (mine.version, mine.text) == (2, "Crossing closed since Monday")
    with pytest.raises(Conflict) as caught:
        update_note(engine, note.id, text="Crossing open", expected_version=1)  # a second editor, still on version 1
    conflict = caught.value
    assert (conflict.their_text, conflict.your_text) == ("Crossing closed since Monday", "Crossing open")
    assert (conflict.current.version, conflict.expected_version) == (2, 1)
    assert "was changed by someone else (version 2, you read version 1)" in str(conflict)
    assert get_note(engine, note.id).text == "Crossing closed since Monday"
    with pytest.raises(Conflict):
        delete_note(engine, note.id, expected_version=1)
    delete_note(engine, note.id, expected_version=2)
    assert list_notes(engine) == []
    with pytest.raises(NotFound):
        update_note(engine, note.id, text="x", expected_version=2)


@pytest.mark.parametrize(
    ("geometry", "text", "message"),
    [
        ({"type": "Point", "coordinates": [200, 10]}, "x", "outside ±180° longitude"),
        ({"type": "Blob"}, "x", "not a GeoJSON geometry"),
        (PLACE, "   ", "write between 1 and 10,000 characters"),
    ],
)
def test_a_bad_note_is_refused(engine, geometry, text, message):
    with pytest.raises(StoreError, match=message):
        add_note(engine, geometry=geometry, text=text, author="ana")
    assert list_notes(engine) == []


def test_saved_views_round_trip(engine):
    state = {"article": "iran-russia", "section": "strikes", "layers": ["a", "b"]}
    saved = save_view(engine, name="Strikes for the brief", state=state, author="ana")
    assert list_views(engine) == [saved] and saved.state == state
    with pytest.raises(StoreError, match="a saved view named 'Strikes for the brief' already exists"):
        save_view(engine, name="Strikes for the brief", state={}, author="bo")
    with pytest.raises(StoreError, match="the state must map parameter names to text"):
        save_view(engine, name="Other", state={"zoom": 7}, author="bo")
    delete_view(engine, saved.id)
    assert list_views(engine) == []


def test_the_stored_overlay_is_plain_geojson_text(engine, sites):
    added = add_overlay(engine, sites, name="Sites", colour="#0072b2", uploader="ana")
    with engine.connect() as connection:
        stored = connection.execute(text("select geojson from overlays where id = :id"), {"id": added.id}).scalar_one()
    assert json.loads(stored)["features"][0]["id"] == "a"


def test_the_workspace_key_comes_from_secrets_then_the_environment():
    env = {config.ENV_WORKSPACE_KEY: "from-env"}
    assert configured_key({config.SECRETS_WORKSPACE_KEY: "from-secrets"}, env) == "from-secrets"
    assert configured_key({config.SECRETS_WORKSPACE_KEY: "  "}, env) == "from-env"
    assert configured_key({}, {}) is None


def test_the_key_is_compared_in_constant_time(monkeypatch):
    calls = []

    def spy(a, b):
        calls.append((a, b))
        return a == b

    monkeypatch.setattr(access_module.hmac, "compare_digest", spy)
    assert key_matches("s3cret", " s3cret ") and not key_matches("s3cret", "guess")
    assert calls == [(b"s3cret", b"s3cret"), (b"s3cret", b"guess")]
    assert not key_matches(None, "anything") and not key_matches("s3cret", None) and len(calls) == 2


@pytest.mark.parametrize(
    ("configured", "given", "can_write", "message"),
    [
        (None, "anything", False, config.READ_ONLY_NO_KEY),
        ("s3cret", None, False, config.READ_ONLY_NO_ENTRY),
        ("s3cret", "guess", False, config.READ_ONLY_WRONG_KEY),
        ("s3cret", "s3cret", True, config.WRITABLE),
    ],
)
def test_without_the_key_the_session_only_reads(configured, given, can_write, message):
    result = access(configured, given)
    assert (result.can_write, result.message) == (can_write, message)
    assert "s3cret" not in repr(result)
