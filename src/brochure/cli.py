"""Command line: `brochure COMMAND`; the only place that prints or exits (with the command modules
of commands/, one per command, listed in COMMANDS: the one table the parser and dispatch read)."""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import traceback

from brochure.commands import (
    build,
    completion,
    init,
    package,
    preflight,
    preview,
    schema,
    translate,
    upgrade,
    watch,
)
from brochure.commands.options import add_verbosity
from brochure.errors import BrochureError, ErrorList
from brochure.exit_codes import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, EXIT_PREFLIGHT, EXIT_USER

__all__ = ["COMMANDS", "EXIT_INTERNAL", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_PREFLIGHT", "EXIT_USER", "main"]

# Every command, in the order `brochure --help` lists them: each module's add_parser() declares
# its options and sets `run`, the function main() calls. The modules import only argparse and
# pathlib at the top: what a command needs is imported when it runs.
COMMANDS = (build, translate, preflight, preview, init, package, watch, schema, upgrade, completion)


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(prog="brochure", description="Build print-ready brochures "
                                          "from multilingual YAML content and a YAML layout.")
    main_parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    main_parser.add_argument("--version", action=VersionAction, help="show the version and exit")
    add_verbosity(main_parser, 0)
    commands = main_parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.add_parser(commands)
    main_parser.set_defaults(command_line=main_parser)  # `brochure completion` writes its script from it
    return main_parser


class VersionAction(argparse.Action):
    """--version: the installed version, looked up only when asked (reading the package metadata
    costs more than parsing every other option of a build)."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS,
                         help=str(kwargs.get("help", "")))

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        print(f"{parser.prog} {version()}")
        parser.exit()


def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    from brochure import __version__

    try:
        return installed("brochure")
    except PackageNotFoundError:  # run from a source tree without installing
        return __version__


def report_user_error(error: BrochureError) -> None:
    errors = error.errors if isinstance(error, ErrorList) else [error]
    for item in errors:
        print(f"error: {item}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    arguments = parser().parse_args(argv)
    arguments.program = argv is None  # the `brochure` program, not a call from Python (tests)
    try:
        return run_command(arguments)
    finally:
        if arguments.program:
            # Exit without the interpreter's final collections over every object the build made:
            # they free nothing the end of the process does not, and cost 0.15-0.25 s after a
            # cold build. Frozen objects are still freed by reference counting as modules go.
            gc.freeze()


def run_command(arguments: argparse.Namespace) -> int:
    """The chosen command's `run`, its errors turned into exit codes: a user's error is one line
    per problem and exit 2, Ctrl-C exit 130, anything else an internal error with its traceback
    kept in a file."""
    try:
        return int(arguments.run(arguments))
    except BrochureError as error:
        report_user_error(error)
        return EXIT_USER
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception:  # noqa: BLE001  # an internal error: keep the traceback for the bug report
        if arguments.debug:
            traceback.print_exc()
        else:
            with tempfile.NamedTemporaryFile("w", prefix="brochure-crash-", suffix=".txt",
                                             delete=False) as log:
                traceback.print_exc(file=log)
            print(f"internal error: {sys.exc_info()[1]!r} (traceback saved in {log.name}; "
                  "--debug shows it)", file=sys.stderr)
        return EXIT_INTERNAL
