"""`python -m dashboard validate`: check every bundle; say what each draft still lacks."""

from __future__ import annotations

import argparse
import sys

from dashboard.data.checks import validate_all


def add_parser(commands: argparse._SubParsersAction) -> None:
    """The validate subcommand."""
    parser = commands.add_parser("validate", help="check every article bundle and the shared data")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print every data error and what each draft still lacks; exit non-zero on an error or no bundle."""
    checked, errors, lacks = validate_all(args.data)
    for error in errors:
        print(error, file=sys.stderr)
    if lacks:
        print(f"What the draft bundle(s) still lack to be final ({len(lacks)}):")
        for lack in lacks:
            print(f"  {lack}")
    summary = f"{len(checked)} bundle(s) checked: {', '.join(checked) or 'none'}"
    print(f"{summary}; {len(errors)} error(s)" if errors else f"{summary}; all data valid")
    return 1 if errors or not checked else 0
