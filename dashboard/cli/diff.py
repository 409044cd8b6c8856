"""`python -m dashboard diff`: what changed since an earlier GeoJSON export, as a slide, GeoJSON or CSV."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from dashboard.core.bundle import default_bundle_id
from dashboard.data.basemap import load_basemap_layers
from dashboard.data.bundles import load_bundles
from dashboard.data.earlier import ExportError, read_export
from dashboard.data.layers import load_layers
from dashboard.products import registry
from dashboard.products.change_report import change_report


def add_parser(commands: argparse._SubParsersAction) -> None:
    """The diff subcommand."""
    parser = commands.add_parser("diff", help="what changed since an earlier GeoJSON export of an article")
    parser.add_argument("old", type=Path, help="an earlier GeoJSON export of the article (at most 20 MB)")
    parser.add_argument("--article", default=None, help="article bundle id (default: the default bundle)")
    parser.add_argument("--format", required=True, choices=registry.CHANGE_FORMATS)
    parser.add_argument("--out", required=True, type=Path, help="output file")
    parser.add_argument("--size", default="1920x1080", choices=tuple(registry.SLIDE_SIZES), help="slide size in pixels")
    parser.add_argument("--caveat", default=None, help="handling-caveat line printed on the slide")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Write the changes from the earlier export to today's data in the chosen format."""
    bundles, errors = load_bundles(args.data)
    for error in errors:
        print(f"warning: {error}", file=sys.stderr)
    article = args.article or default_bundle_id(bundles)
    if article not in bundles:
        print(f"unknown article {article!r}: choose one of {', '.join(bundles) or 'none'}", file=sys.stderr)
        return 2
    try:
        earlier = read_export(args.old, article)
    except ExportError as exc:
        print(exc, file=sys.stderr)
        return 2
    layers, problems = load_layers(bundles[article])
    basemap, more = load_basemap_layers() if registry.CHANGE_EXPORTERS[args.format].slide else ({}, [])
    for problem in [*problems, *more]:
        print(f"warning: {problem}", file=sys.stderr)
    report = replace(
        change_report(bundles[article], layers, earlier, basemap),
        size=registry.SLIDE_SIZES[args.size],
        caveat=args.caveat,
    )
    data = registry.render_changes(args.format, report)
    args.out.write_bytes(data)
    print(f"wrote {args.out} ({report.summary}; {len(data):,} bytes)")
    return 0
