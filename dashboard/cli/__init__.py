"""The command line, `python -m dashboard <command>`: one subcommand per module, built from the same registries."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from dashboard import config
from dashboard.cli import diff, draft, export, overlay, validate

COMMANDS = (validate, export, diff, draft, overlay)


def data_root() -> Path:
    """The data root the commands read: $BRIEFING_MAP_DATA, else the project's own."""
    return Path(os.environ.get(config.ENV_DATA_ROOT) or config.DATA_ROOT)


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the chosen command."""
    parser = argparse.ArgumentParser(prog="python -m dashboard", description="Briefing map tools.")
    parser.add_argument(
        "--data", type=Path, default=None, help="data root holding seeds/ and geodata/ (default: the project's)"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.add_parser(commands)
    args = parser.parse_args(argv)
    args.data = args.data or data_root()
    return args.run(args)
