"""`brochure package`: each edition packaged for the printer; `--check` verifies a received one."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from brochure.commands.options import add_verbosity, names, print_path, say, settle_imports
from brochure.exit_codes import EXIT_OK, EXIT_PREFLIGHT


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    package = commands.add_parser("package", help="build and package each edition for the printer: PDF/X, "
                                  "preflight report, job ticket, proof, imposed file, checksums; folder and zip")
    package.add_argument("folder", nargs="?", default=".", type=Path,
                         help="the brochure folder (default: the current folder); with --check, the package")
    package.add_argument("--edition", type=names, metavar="NAME[,NAME…]",
                         help="comma-separated editions of layout/editions.yaml to package (default: every one)")
    package.add_argument("--check", action="store_true",
                         help="verify a received package (its folder or zip): checksums, no file missing or "
                              "added, job ticket facts those of the PDF")
    package.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    add_verbosity(package)
    package.set_defaults(run=run)


def run(arguments: argparse.Namespace) -> int:
    if arguments.check:
        from brochure.package.bundle import check_package

        problems, verified = check_package(arguments.folder)
        for problem in problems:
            print(f"error: {print_path(arguments.folder)}: {problem}", file=sys.stderr)
        if problems:
            return EXIT_PREFLIGHT
        say(arguments, f"{print_path(arguments.folder)}: {verified} files verified, job ticket matches the PDF")
        return EXIT_OK
    from brochure.package.make import make_packages
    from brochure.pipeline import PreflightFailed, Project

    settle_imports(arguments)
    try:
        packages = make_packages(Project.at(arguments.folder), arguments.edition)
    except PreflightFailed as failure:
        print(failure.report.text(), end="", file=sys.stderr)
        print(f"the print PDF fails preflight: kept as {failure.rejected}; nothing was packaged", file=sys.stderr)
        return EXIT_PREFLIGHT
    for package in packages:
        say(arguments, f"wrote {print_path(package.folder)}/ ({len(package.files) + 1} files) and "
                       f"{print_path(package.archive)} ({package.edition})")
    return EXIT_OK
