"""Command line: `brochure build`; the only place that prints or exits."""

from __future__ import annotations

import argparse
import sys
import tempfile
import traceback
from pathlib import Path

from brochure.errors import BrochureError, ErrorList

EXIT_OK, EXIT_PREFLIGHT, EXIT_USER, EXIT_INTERNAL = 0, 1, 2, 3
MAX_WARNINGS_SHOWN = 8


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(prog="brochure", description="Build print-ready brochures "
                                          "from multilingual YAML content and a YAML layout.")
    main_parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    commands = main_parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="build the brochure PDF into output/")
    build.add_argument("folder", nargs="?", default=".", type=Path,
                       help="the brochure folder (default: the current folder)")
    build.add_argument("--content", type=Path, help="content folder (default: FOLDER/content)")
    build.add_argument("--layout", type=Path, help="layout folder (default: FOLDER/layout)")
    build.add_argument("--output", type=Path, help="output folder (default: FOLDER/output)")
    build.add_argument("--edition", default="print", type=editions,
                       help="comma-separated editions to write: print (PDF/X-4, default), screen "
                            "(trimmed, sRGB, links), imposed (saddle-stitch printer spreads)")
    build.add_argument("--explain", action="store_true",
                       help="also write output/<name>.explain.txt: typography rules applied, loose lines")
    build.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    return main_parser


def editions(text: str) -> tuple[str, ...]:
    from brochure.pipeline import EDITIONS

    chosen = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    unknown = [name for name in chosen if name not in EDITIONS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(f"unknown edition {', '.join(unknown) or text!r}; "
                                         f"choose from {', '.join(EDITIONS)}")
    return chosen


def run_build(arguments: argparse.Namespace) -> int:
    from brochure.pipeline import Project, build

    project = Project.at(arguments.folder, arguments.content, arguments.layout, arguments.output)
    result = build(project, explain_listing=arguments.explain, editions=arguments.edition)
    warnings = result.diagnostics.warnings
    for diagnostic in warnings[:MAX_WARNINGS_SHOWN]:
        print(diagnostic, file=sys.stderr)
    if len(warnings) > MAX_WARNINGS_SHOWN:
        print(f"… and {len(warnings) - MAX_WARNINGS_SHOWN} more warnings (brochure build --explain lists "
              "every loose line)", file=sys.stderr)
    for diagnostic in result.diagnostics.items:
        if diagnostic.severity == "info":
            print(f"{diagnostic.where}: {diagnostic.message}")
    for edition, path in result.outputs.items():
        shown = path
        try:
            shown = path.relative_to(Path.cwd())
        except ValueError:
            pass
        print(f"wrote {shown} ({edition})")
    print(f"{result.pages} pages in {result.seconds:.2f} s")
    return EXIT_OK


def report_user_error(error: BrochureError) -> None:
    errors = error.errors if isinstance(error, ErrorList) else [error]
    for item in errors:
        print(f"error: {item}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    arguments = parser().parse_args(argv)
    try:
        if arguments.command == "build":
            return run_build(arguments)
    except BrochureError as error:
        report_user_error(error)
        return EXIT_USER
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_USER
    except Exception:  # an internal error: keep the traceback for the bug report
        if arguments.debug:
            traceback.print_exc()
        else:
            with tempfile.NamedTemporaryFile("w", prefix="brochure-crash-", suffix=".txt",
                                             delete=False) as log:
                traceback.print_exc(file=log)
            print(f"internal error: {sys.exc_info()[1]!r} (traceback saved in {log.name}; "
                  "--debug shows it)", file=sys.stderr)
        return EXIT_INTERNAL
    return EXIT_USER
