"""Command line: `brochure COMMAND`; the only place that prints or exits (with the command modules
of commands/, one per command, listed in COMMANDS: the one table the parser and dispatch read)."""

from __future__ import annotations

import argparse
import errno
import gc
import os
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
from brochure.terminal import printable

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
        print(f"error: {printable(str(item))}", file=sys.stderr)  # messages quote exchange files and PDFs


def interrupt_on_sigterm() -> None:
    """SIGTERM (a `kill`, a service stopping) ends a command as Ctrl-C does: temporary files and
    folders are removed on the way out, exit 130. Only in this process: a worker forked from it
    ends at once, as its parent's pool expects."""
    import signal

    program = os.getpid()

    def interrupted(number: int, _frame: object) -> None:
        if os.getpid() != program:
            signal.signal(number, signal.SIG_DFL)
            os.kill(os.getpid(), number)
            return
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)


def main(argv: list[str] | None = None) -> int:
    arguments = parser().parse_args(argv)
    arguments.program = argv is None  # the `brochure` program, not a call from Python (tests)
    if arguments.program:
        interrupt_on_sigterm()
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
    except OSError as error:
        if error.errno not in ENVIRONMENT_ERRORS:
            return report_internal_error(arguments)
        report_environment_error(error)
        return EXIT_USER
    except Exception:  # noqa: BLE001  # an internal error: keep the traceback for the bug report
        return report_internal_error(arguments)


def report_internal_error(arguments: argparse.Namespace) -> int:
    if arguments.debug:
        traceback.print_exc()
    else:
        with tempfile.NamedTemporaryFile("w", prefix="brochure-crash-", suffix=".txt",
                                         delete=False) as log:
            traceback.print_exc(file=log)
        print(f"internal error: {printable(repr(sys.exc_info()[1]))} (traceback saved in {log.name}; "
              "--debug shows it)", file=sys.stderr)
    return EXIT_INTERNAL


# what the disk or the folders refuse: the user's to fix (free space, permissions, a file in the
# way), not a bug, so exit 2 naming the path
ENVIRONMENT_ERRORS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EROFS, errno.EACCES, errno.EPERM,
                      errno.EEXIST, errno.EISDIR, errno.ENOTDIR, errno.ENAMETOOLONG, errno.EMFILE, errno.ENFILE}


def report_environment_error(error: OSError) -> None:
    """One line naming the path the system refused (the temporary folder when it names none:
    a full temporary disk)."""
    path = error.filename or tempfile.gettempdir()
    hints = {errno.ENOSPC: "free some space on that disk, or set TMPDIR to a folder on another one",
             errno.EEXIST: "a file is where a folder is needed: move it, or write to another folder",
             errno.ENOTDIR: "a file is where a folder is needed: move it, or write to another folder",
             errno.EISDIR: "a folder is where a file is needed: move it"}
    hint = hints.get(error.errno or 0, "make the folder writable, or write to another one (--output)")
    print(printable(f"error: {path}: {error.strerror} (hint: {hint})"), file=sys.stderr)
