"""`brochure upgrade`: an older brochure rewritten to the current format."""

from __future__ import annotations

import argparse
from pathlib import Path

from brochure.commands.options import add_verbosity, print_path, say
from brochure.exit_codes import EXIT_OK


def run(arguments: argparse.Namespace) -> int:
    from brochure.upgrade import upgrade

    changes = upgrade(arguments.folder)
    for change in changes:
        print(change)
    say(arguments, f"{print_path(arguments.folder)}: " + ("upgraded to the current format" if changes
                                                          else "already in the current format"))
    return EXIT_OK


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    upgrade = commands.add_parser("upgrade", help="rewrite a brochure written for an older format of the files "
                                  "to the current one, comments kept, printing each change")
    upgrade.add_argument("folder", nargs="?", default=Path("."), type=Path,
                         help="the brochure folder (default: the current folder)")
    add_verbosity(upgrade)
    upgrade.set_defaults(run=run)
