"""`brochure preflight FILE…`: check any PDF as a printer would; only what preflight needs is imported."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from brochure.commands.options import add_verbosity, settle_imports
from brochure.exit_codes import EXIT_OK, EXIT_PREFLIGHT, EXIT_USER
from brochure.terminal import printable


def run(arguments: argparse.Namespace) -> int:
    files: list[Path] = arguments.files
    if arguments.format == "html" and len(files) > 1:
        print(f"error: --format html: one file at a time, got {len(files)} (hint: run it once per file, or use "
              "--format text or json)", file=sys.stderr)
        return EXIT_USER
    # Ghostscript starts rendering the first file's ink, on the other core, while the rest loads;
    # then only what preflight needs is imported: not the layout engine
    from brochure.preflight.rendering import InkRendering

    ink = InkRendering(files[0]) if files[0].is_file() else None
    from brochure.preflight.profiles import profile_named
    from brochure.preflight.report import Report
    from brochure.preflight.run import UnreadablePdf, preflight

    settle_imports(arguments)
    try:
        profile = profile_named(arguments.profile, arguments.rules)
    except BaseException:
        if ink is not None:
            ink.close()
        raise
    reports: list[Report] = []
    unreadable = False
    for index, file in enumerate(files):
        if index:  # each next file's rendering starts as it is read
            ink = InkRendering(file) if file.is_file() else None
        try:
            reports.append(preflight(file, profile, ink=ink))
        except UnreadablePdf as error:
            print(f"error: {printable(str(error))}", file=sys.stderr)
            unreadable = True
    if arguments.format == "html" and reports:
        from brochure.preflight.html import report_html

        print(report_html(reports[0], files[0]), end="")
    elif arguments.format == "json" and reports:
        # one file: its report, as before; several: a list of them, in the order given
        print(reports[0].as_json() if len(files) == 1 else
              json.dumps([report.as_dict() for report in reports], ensure_ascii=False, indent=2) + "\n", end="")
    else:
        print("\n".join(report.text() for report in reports), end="")
    if unreadable:
        return EXIT_USER
    return EXIT_OK if all(report.passed for report in reports) else EXIT_PREFLIGHT


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    check = commands.add_parser("preflight", help="check a PDF as a printer would (any PDF, ours or not)")
    check.add_argument("files", type=Path, nargs="+", metavar="FILE",
                       help="the PDF to check; several are checked in turn, each with its report")
    check.add_argument("--profile", default="pdfx4", help="pdfx4 (default), pdfx1a, or a house profile")
    check.add_argument("--rules", type=Path, default=Path("layout/preflight.yaml"),
                       help="house rules file with more profiles (default: layout/preflight.yaml if present)")
    check.add_argument("--format", choices=("text", "json", "html"), default="text",
                       help="the report on standard output: text (default), json, or a self-contained html page")
    check.add_argument("--json", dest="format", action="store_const", const="json", help="same as --format json")
    check.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    add_verbosity(check)
    check.set_defaults(run=run)
