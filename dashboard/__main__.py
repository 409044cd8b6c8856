"""Command line: `python -m dashboard validate`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dashboard.config import LAYERS_DIR


def _validate(args: argparse.Namespace) -> int:
    """Print every data error; exit non-zero if there is any."""
    from dashboard.validate import validate_all

    errors = validate_all(args.layers)
    for error in errors:
        print(error, file=sys.stderr)
    print(f"{len(errors)} error(s) in the data" if errors else "all data valid")
    return 1 if errors else 0


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the chosen command."""
    parser = argparse.ArgumentParser(prog="python -m dashboard", description="Briefing map tools.")
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="check every seed and layer file")
    validate.add_argument("--layers", type=Path, default=LAYERS_DIR, help="folder of layer GeoJSON files")
    validate.set_defaults(run=_validate)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
