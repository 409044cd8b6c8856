"""Command line: `python -m dashboard validate` and `python -m dashboard export`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dashboard.config import LAYERS_DIR

SIZES = ("1920x1080", "3840x2160")


def _validate(args: argparse.Namespace) -> int:
    """Print every data error; exit non-zero if there is any."""
    from dashboard.validate import validate_all

    errors = validate_all(args.layers)
    for error in errors:
        print(error, file=sys.stderr)
    print(f"{len(errors)} error(s) in the data" if errors else "all data valid")
    return 1 if errors else 0


def _say(done: int, total: int, what: str) -> None:
    """Report export progress on standard error."""
    print(f"[{done}/{total}] {what}", file=sys.stderr, flush=True)


def _export(args: argparse.Namespace) -> int:
    """Write the chosen export of a section (or a deck of every section)."""
    from dashboard import briefing
    from dashboard.basemap import load_basemap_layers
    from dashboard.data import load_layers
    from dashboard.narrative import load_article
    from dashboard.urlstate import WHOLE_ARTICLE, ViewState

    article = load_article()
    if args.section not in (WHOLE_ARTICLE, *article.section_ids):
        print(
            f"unknown section {args.section!r}: choose one of {', '.join((WHOLE_ARTICLE, *article.section_ids))}",
            file=sys.stderr,
        )
        return 2
    layers, errors = load_layers(set(article.section_ids))
    for error in errors:
        print(f"warning: {error}", file=sys.stderr)
    basemap, problems = load_basemap_layers()
    for problem in problems:
        print(f"warning: {problem}", file=sys.stderr)
    size = tuple(int(v) for v in args.size.split("x"))
    state = ViewState(section=args.section, others=args.others)
    if args.all_sections:
        if args.format == "pdf":
            args.out.write_bytes(briefing.render_deck(article, layers, basemap, state, size, args.caveat, _say))
            print(f"wrote {args.out} ({len(article.section_ids)} slides)")
            return 0
        if args.format != "png":
            print("--all-sections writes a PDF deck or one PNG per section", file=sys.stderr)
            return 2
        args.out.mkdir(parents=True, exist_ok=True)
        total = len(article.section_ids)
        for i, (section, png) in enumerate(briefing.deck_pngs(article, layers, basemap, state, size, args.caveat), 1):
            path = args.out / f"{i:02d}-{section}.png"
            path.write_bytes(png)
            _say(i, total, str(path))
        return 0
    data = briefing.render(args.format, article, layers, basemap, state, size, args.title, args.caveat)
    args.out.write_bytes(data)
    print(f"wrote {args.out} ({len(data):,} bytes)")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the chosen command."""
    parser = argparse.ArgumentParser(prog="python -m dashboard", description="Briefing map tools.")
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="check every seed and layer file")
    validate.add_argument("--layers", type=Path, default=LAYERS_DIR, help="folder of layer GeoJSON files")
    validate.set_defaults(run=_validate)
    export = commands.add_parser("export", help="export a section as a slide or as data")
    export.add_argument("--section", default="all", help="section id, or 'all' for the whole article")
    export.add_argument("--format", required=True, choices=("png", "pdf", "geojson", "kml", "csv", "html"))
    export.add_argument("--out", required=True, type=Path, help="output file (a folder for --all-sections png)")
    export.add_argument("--size", default="1920x1080", choices=SIZES, help="slide size in pixels")
    export.add_argument("--all-sections", action="store_true", help="one slide per section: a PDF deck or PNGs")
    export.add_argument("--others", default="hide", choices=("hide", "dim"), help="features outside the section")
    export.add_argument("--title", default=None, help="slide title (default: the section's)")
    export.add_argument("--caveat", default=None, help="handling-caveat line printed on the slide")
    export.set_defaults(run=_export)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
