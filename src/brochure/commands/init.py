"""`brochure init FOLDER`: a new brochure folder that builds at once."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from brochure.commands.options import add_verbosity, print_path, say
from brochure.exit_codes import EXIT_OK, EXIT_USER


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    init = commands.add_parser("init", help="start a new brochure folder that builds at once")
    init.add_argument("folder", type=Path, help="the new folder (must not exist or be empty)")
    init.add_argument("--languages", default="fr,en",
                      help="comma-separated language codes, one facing column each (default: fr,en)")
    init.add_argument("--trim", default="A5", help="A4, A5 (default), A6, letter, or WIDTHxHEIGHT in mm")
    init.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    add_verbosity(init)
    init.set_defaults(run=run)


def run(arguments: argparse.Namespace) -> int:
    from brochure.starter.create import create_brochure, parse_trim

    languages = list(dict.fromkeys(code.strip() for code in arguments.languages.split(",") if code.strip()))
    try:
        trim = parse_trim(arguments.trim)
        files = create_brochure(arguments.folder, languages, trim)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USER
    say(arguments, f"created {print_path(arguments.folder)}: {len(files)} files, {trim.name}, "
          f"languages {', '.join(languages)}")
    say(arguments, f"next: cd {print_path(arguments.folder)} && brochure build   (or brochure watch while you edit)")
    return EXIT_OK
