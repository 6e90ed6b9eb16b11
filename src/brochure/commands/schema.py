"""`brochure schema`: the JSON Schemas of the YAML files, for editors."""

from __future__ import annotations

import argparse
from pathlib import Path

from brochure.commands.options import add_verbosity, print_path, say
from brochure.exit_codes import EXIT_OK


def run(arguments: argparse.Namespace) -> int:
    from brochure.starter.schema import write_schemas

    written = write_schemas(arguments.folder)
    say(arguments, f"wrote {len(written)} schemas to {print_path(arguments.folder)}; point a YAML file at one with "
                   "'# yaml-language-server: $schema=PATH' as its first line")
    return EXIT_OK


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    schema = commands.add_parser("schema", help="write the JSON Schemas of the YAML files (for editors), "
                                 "generated from the loader")
    schema.add_argument("folder", nargs="?", default=Path("schema"), type=Path,
                        help="where to write them (default: ./schema)")
    add_verbosity(schema)
    schema.set_defaults(run=run)
