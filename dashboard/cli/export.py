"""`python -m dashboard export`: a section of an article as a slide or as data, or a deck of every section."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dashboard.core.bundle import default_bundle_id
from dashboard.core.viewstate import WHOLE_ARTICLE, ViewState
from dashboard.data.basemap import load_basemap_layers
from dashboard.data.bundles import load_bundles
from dashboard.data.layers import load_layers
from dashboard.products import registry
from dashboard.products.selection import Selection


def add_parser(commands: argparse._SubParsersAction) -> None:
    """The export subcommand."""
    parser = commands.add_parser("export", help="export a section as a slide or as data")
    parser.add_argument("--article", default=None, help="article bundle id (default: the default bundle)")
    parser.add_argument("--section", default=WHOLE_ARTICLE, help="section id, or 'all' for the whole article")
    parser.add_argument("--format", required=True, choices=registry.FORMATS)
    parser.add_argument("--out", required=True, type=Path, help="output file (a folder for --all-sections png)")
    parser.add_argument("--size", default="1920x1080", choices=tuple(registry.SLIDE_SIZES), help="slide size in pixels")
    parser.add_argument("--all-sections", action="store_true", help="one slide per section: a PDF deck or PNGs")
    parser.add_argument("--others", default="hide", choices=("hide", "dim"), help="features outside the section")
    parser.add_argument("--title", default=None, help="slide title (default: the section's)")
    parser.add_argument("--caveat", default=None, help="handling-caveat line printed on the slide")
    parser.set_defaults(run=run)


def say(done: int, total: int, what: str) -> None:
    """Report progress on standard error."""
    print(f"[{done}/{total}] {what}", file=sys.stderr, flush=True)


def _selection(args: argparse.Namespace) -> Selection | str:
    """The selection the arguments describe, or why there is none."""
    bundles, errors = load_bundles(args.data)
    for error in errors:
        print(f"warning: {error}", file=sys.stderr)
    article = args.article or default_bundle_id(bundles)
    if article not in bundles:
        return f"unknown article {article!r}: choose one of {', '.join(bundles) or 'none (no bundle found)'}"
    bundle = bundles[article]
    if args.section not in (WHOLE_ARTICLE, *bundle.article.section_ids):
        return (
            f"unknown section {args.section!r}: choose one of {', '.join((WHOLE_ARTICLE, *bundle.article.section_ids))}"
        )
    layers, problems = load_layers(bundle)
    basemap, more = load_basemap_layers()
    for problem in [*problems, *more]:
        print(f"warning: {problem}", file=sys.stderr)
    state = ViewState(article=bundle.id, section=args.section, others=args.others)
    return Selection(bundle, layers, basemap, state, args.title, args.caveat, registry.SLIDE_SIZES[args.size])


def _deck(args: argparse.Namespace, selection: Selection) -> int:
    """A PDF deck, or a folder of PNGs, one slide per section."""
    total = len(selection.bundle.article.section_ids)
    if args.format == "pdf":
        args.out.write_bytes(registry.render_deck(selection, say))
        print(f"wrote {args.out} ({total} slides)")
        return 0
    if args.format != "png":
        print("--all-sections writes a PDF deck or one PNG per section", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    for i, (section, png) in enumerate(registry.deck_pngs(selection), 1):
        path = args.out / f"{i:02d}-{section}.png"
        path.write_bytes(png)
        say(i, total, str(path))
    return 0


def run(args: argparse.Namespace) -> int:
    """Write the chosen export of a section (or a deck of every section)."""
    selection = _selection(args)
    if isinstance(selection, str):
        print(selection, file=sys.stderr)
        return 2
    if args.all_sections:
        return _deck(args, selection)
    data = registry.render(args.format, selection)
    args.out.write_bytes(data)
    print(f"wrote {args.out} ({len(data):,} bytes)")
    return 0
