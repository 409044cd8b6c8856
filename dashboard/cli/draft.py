"""`python -m dashboard draft-article PATH --id ID`: a draft bundle from a text, for an analyst to review."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from dashboard.core.manifest import Slug
from dashboard.data.bundles import load_bundle
from dashboard.data.checks import validate_bundle
from dashboard.data.draft_bundle import Draft, draft_bundle, write_draft
from dashboard.data.drafting import DraftError, read_text
from dashboard.data.place_names import Resolution


def add_parser(commands: argparse._SubParsersAction) -> None:
    """The draft-article subcommand."""
    parser = commands.add_parser("draft-article", help="draft a bundle from a UTF-8 text: sections and places")
    parser.add_argument("path", type=Path, help="the article's text, UTF-8")
    parser.add_argument("--id", required=True, help="the new bundle's id: lower-case words joined by hyphens")
    parser.add_argument("--title", default=None, help="the article's title (default: the text's first line)")
    parser.add_argument("--force", action="store_true", help="replace a bundle that has this id")
    parser.set_defaults(run=run)


def _line(r: Resolution) -> str:
    """One name and what it was taken for."""
    place = r.place
    where = f"{place.name} ({place.iso3 or '?'}, {place.ref})" if place else "not drawn"
    others = "; ".join(f"{p.name} ({p.iso3 or '?'}, {p.ref})" for p in r.others[:5])
    return f"  “{r.name}” ×{len(r.mentions)} → {where}: {r.rule}" + (f". Also: {others}" if others else "")


def report(draft: Draft) -> str:
    """What the draft holds and what the analyst must decide."""
    lines = [f"Drew {len(draft.drawn)} place(s):", *map(_line, draft.drawn)]
    if draft.ambiguous:
        lines += [
            "Ambiguous: several places share these names; add the right one by hand:",
            *map(_line, draft.ambiguous),
        ]
    if draft.unlocated:
        lines += ["Named but with no sourced coordinate (draw them as areas by hand):", *map(_line, draft.unlocated)]
    if not (draft.drawn or draft.ambiguous or draft.unlocated):
        lines = [
            "No place name was found in the text: the bundle has its sections and empty layers; add places by hand."
        ]
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Draft the bundle, write it at once, and say what it holds and what it lacks."""
    try:
        bundle_id = TypeAdapter(Slug).validate_python(args.id)
    except ValidationError:
        print(
            f"--id {args.id!r}: use lower-case letters, digits and single hyphens, as 'red-sea-ports'", file=sys.stderr
        )
        return 2
    try:
        text = read_text(args.path.read_bytes(), str(args.path))
        draft = draft_bundle(text, bundle_id, args.title)
        write_draft(args.data, draft, args.force)
    except FileNotFoundError:
        print(f"{args.path}: no such file", file=sys.stderr)
        return 2
    except DraftError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(report(draft))
    errors, lacks = validate_bundle(load_bundle(args.data, bundle_id))
    for error in errors:
        print(f"error: {error}", file=sys.stderr)
    print(f"Wrote the draft bundle {bundle_id!r} under {args.data}: seeds/{bundle_id}/ and geodata/{bundle_id}/.")
    print(f"It lacks {len(lacks)} thing(s) to be final; `python -m dashboard validate` lists them.")
    return 1 if errors else 0
