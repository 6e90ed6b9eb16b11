"""`brochure preflight FILE`: check any PDF as a printer would; only what preflight needs is imported."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from brochure.commands.options import add_verbosity, settle_imports
from brochure.exit_codes import EXIT_OK, EXIT_PREFLIGHT, EXIT_USER


def run(arguments: argparse.Namespace) -> int:
    # Ghostscript starts rendering the ink first, on the other core, while the rest loads; then only
    # what preflight needs is imported: not the layout engine
    from brochure.preflight.rendering import InkRendering

    ink = InkRendering(arguments.file) if arguments.file.is_file() else None
    from brochure.preflight.profiles import profile_named
    from brochure.preflight.run import UnreadablePdf, preflight

    settle_imports(arguments)
    try:
        profile = profile_named(arguments.profile, arguments.rules)
    except BaseException:
        if ink is not None:
            ink.close()
        raise
    try:
        report = preflight(arguments.file, profile, ink=ink)
    except UnreadablePdf as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USER
    if arguments.format == "html":
        from brochure.preflight.html import report_html

        print(report_html(report, arguments.file), end="")
    else:
        print(report.as_json() if arguments.format == "json" else report.text(), end="")
    return EXIT_OK if report.passed else EXIT_PREFLIGHT


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    check = commands.add_parser("preflight", help="check a PDF as a printer would (any PDF, ours or not)")
    check.add_argument("file", type=Path, help="the PDF to check")
    check.add_argument("--profile", default="pdfx4", help="pdfx4 (default), pdfx1a, or a house profile")
    check.add_argument("--rules", type=Path, default=Path("layout/preflight.yaml"),
                       help="house rules file with more profiles (default: layout/preflight.yaml if present)")
    check.add_argument("--format", choices=("text", "json", "html"), default="text",
                       help="the report on standard output: text (default), json, or a self-contained html page")
    check.add_argument("--json", dest="format", action="store_const", const="json", help="same as --format json")
    check.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    add_verbosity(check)
    check.set_defaults(run=run)
