"""`python -m dashboard overlay`: add, list, rename and remove, with the reader's checks and nothing partial left."""

from __future__ import annotations

import pytest

from dashboard import config
from dashboard.cli import main
from dashboard.store.db import open_store
from dashboard.store.overlays import count_overlays, list_overlays

CSV = b"name,lat,lon,note\nCamp,33.9,35.5,=1+2\nPost,34.1,35.7,ok\n"


@pytest.fixture()
def database(store_url):
    """The URL of a fresh store: SQLite in a temporary folder, then PostgreSQL when the tests have one."""
    return store_url


@pytest.fixture()
def sites(tmp_path):
    """A small CSV overlay file."""
    path = tmp_path / "sites.csv"
    path.write_bytes(CSV)
    return path


def overlay(database: str, *args: str) -> int:
    """Run one overlay action on the test database."""
    return main(["overlay", "--database", database, *args])


def test_add_list_rename_remove(database, sites, capsys):
    assert overlay(database, "add", str(sites), "--name", "Camps", "--colour", "#D55E00", "--author", "ana") == 0
    out = capsys.readouterr().out
    assert "Geometry from lat='lat', lon='lon'" in out and "Added overlay 1 'Camps': 2 feature(s), #d55e00" in out
    assert "note: sites.csv: 1 cell(s) look like spreadsheet formulas" in out
    assert overlay(database, "list") == 0
    out = capsys.readouterr().out
    assert "   1  Camps  [csv, 2 feature(s), #d55e00]  ana, " in out and "1 overlay(s)" in out
    assert overlay(database, "rename", "1", "Camps north") == 0
    assert [o.name for o in list_overlays(open_store(database))] == ["Camps north"]
    assert overlay(database, "remove", "1") == 0
    assert "Removed overlay 1 'Camps north'" in capsys.readouterr().out
    assert count_overlays(open_store(database)) == 0


def test_csv_columns_can_be_named(database, tmp_path):
    path = tmp_path / "odd.csv"
    path.write_bytes(b"a,b\n33.9,35.5\n")
    assert overlay(database, "add", str(path), "--name", "Odd", "--lat", "a", "--lon", "b") == 0
    assert list_overlays(open_store(database))[0].feature_count == 1


@pytest.mark.parametrize(
    ("file", "content", "extra", "message"),
    [
        ("sites.geojson", CSV, [], "sites.geojson: the content is CSV but the name says GeoJSON"),
        (
            "swap.csv",
            b"lat,lon\n116.4,39.9\n",
            [],
            "swap.csv: feature 'line 2': field 'lat,lon': coordinates look swapped",
        ),
        ("ok.csv", CSV, ["--colour", "blue"], "colour 'blue': give it as #rrggbb"),
        ("ok.csv", CSV, ["--name", "Camps"], "an overlay named 'Camps' already exists"),
        ("missing.csv", None, [], "missing.csv: cannot read it"),
    ],
)
def test_a_failed_add_says_why_and_leaves_nothing(database, sites, tmp_path, capsys, file, content, extra, message):
    assert overlay(database, "add", str(sites), "--name", "Camps") == 0
    path = tmp_path / file
    if content is not None:
        path.write_bytes(content)
    args = ["add", str(path), "--name", "Other", *extra]
    capsys.readouterr()
    assert overlay(database, *args) == 2
    assert message in capsys.readouterr().err
    assert count_overlays(open_store(database)) == 1


def test_remove_or_rename_an_unknown_id(database, capsys):
    assert overlay(database, "remove", "7") == 2
    assert overlay(database, "rename", "7", "x") == 2
    assert capsys.readouterr().err.splitlines() == ["no overlay 7", "no overlay 7"]


def test_the_default_database_is_under_the_state_folder(monkeypatch, tmp_path, sites, capsys):
    monkeypatch.delenv(config.ENV_DATABASE_URL, raising=False)
    monkeypatch.setenv(config.ENV_STATE_DIR, str(tmp_path / "team-state"))
    assert main(["overlay", "add", str(sites), "--name", "Camps"]) == 0
    assert (tmp_path / "team-state" / config.DATABASE_FILE).is_file()
    assert main(["overlay", "list"]) == 0 and "1 overlay(s)" in capsys.readouterr().out
