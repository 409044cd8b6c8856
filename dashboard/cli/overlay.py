"""`python -m dashboard overlay add|list|rename|remove`: team overlays in the configured database."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from dashboard.data.overlay_csv import CsvColumns
from dashboard.data.overlays import OverlayError, read_overlay
from dashboard.store.db import open_store
from dashboard.store.errors import StoreError
from dashboard.store.overlays import add_overlay, delete_overlay, list_overlays, next_colour, rename_overlay


def add_parser(commands: argparse._SubParsersAction) -> None:
    """The overlay subcommand and its actions."""
    parser = commands.add_parser("overlay", help="team overlays in the configured database: add, list, rename, remove")
    parser.add_argument(
        "--database",
        default=None,
        help="database URL (default: $BRIEFING_MAP_DATABASE_URL, else SQLite in $BRIEFING_MAP_STATE_DIR or state/)",
    )
    actions = parser.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="add a GeoJSON, KML, GPX, CSV or zipped shapefile as an overlay")
    add.add_argument("file", type=Path, help="the file to add")
    add.add_argument("--name", required=True, help="the overlay's name in the layer list")
    add.add_argument("--colour", default=None, help="#rrggbb (default: the next free colour of the palette)")
    add.add_argument("--author", default=None, help="who adds it (default: your login name)")
    add.add_argument("--lat", default=None, help="CSV: the latitude column (default: found by its name)")
    add.add_argument("--lon", default=None, help="CSV: the longitude column (default: found by its name)")
    add.add_argument("--wkt", default=None, help="CSV: a WKT geometry column instead of --lat and --lon")
    add.set_defaults(run=run_add)
    listing = actions.add_parser("list", help="list the overlays")
    listing.set_defaults(run=run_list)
    rename = actions.add_parser("rename", help="rename an overlay")
    rename.add_argument("id", type=int, help="the overlay's id, as `overlay list` shows it")
    rename.add_argument("name", help="its new name")
    rename.set_defaults(run=run_rename)
    remove = actions.add_parser("remove", help="remove an overlay")
    remove.add_argument("id", type=int, help="the overlay's id, as `overlay list` shows it")
    remove.set_defaults(run=run_remove)


def csv_columns(args: argparse.Namespace) -> CsvColumns | None:
    """The CSV geometry columns the command line names, if any."""
    columns = CsvColumns(lat=args.lat, lon=args.lon, wkt=args.wkt)
    return columns if any(columns.names()) else None


def run_add(args: argparse.Namespace) -> int:
    """Read and check the file, then store it whole; say what was assumed or repaired."""
    try:
        raw = args.file.read_bytes()
    except OSError as exc:
        print(f"{args.file}: cannot read it ({exc.strerror})", file=sys.stderr)
        return 2
    try:
        read = read_overlay(raw, args.file.name, csv_columns(args))
        engine = open_store(args.database)
        colour = args.colour or next_colour(engine)
        overlay = add_overlay(engine, read, name=args.name, colour=colour, uploader=args.author or getpass.getuser())
    except (OverlayError, StoreError) as exc:
        print(exc, file=sys.stderr)
        return 2
    for warning in read.warnings:
        print(f"note: {warning}")
    if read.csv_columns:
        used = read.csv_columns
        print(f"Geometry from column {used.wkt!r}" if used.wkt else f"Geometry from lat={used.lat!r}, lon={used.lon!r}")
    print(f"Added overlay {overlay.id} '{overlay.name}': {overlay.feature_count} feature(s), {overlay.colour}")
    return 0


def run_list(args: argparse.Namespace) -> int:
    """One line per overlay."""
    overlays = list_overlays(open_store(args.database))
    for o in overlays:
        when = o.created_at.strftime("%Y-%m-%d %H:%M UTC")
        print(f"{o.id:>4}  {o.name}  [{o.format}, {o.feature_count} feature(s), {o.colour}]  {o.uploader}, {when}")
    print(f"{len(overlays)} overlay(s)")
    return 0


def run_rename(args: argparse.Namespace) -> int:
    """Rename one overlay."""
    try:
        overlay = rename_overlay(open_store(args.database), args.id, args.name)
    except StoreError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"Renamed overlay {overlay.id} to '{overlay.name}'")
    return 0


def run_remove(args: argparse.Namespace) -> int:
    """Remove one overlay."""
    try:
        overlay = delete_overlay(open_store(args.database), args.id)
    except StoreError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"Removed overlay {overlay.id} '{overlay.name}'")
    return 0
