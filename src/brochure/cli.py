"""Command line: `brochure build` and `preflight`; the only place that prints or exits
(with cli_translate.py, the `brochure translate` verbs)."""

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
    build.add_argument("--edition", type=names, metavar="NAME[,NAME…]",
                       help="comma-separated editions of layout/editions.yaml to build (default: every one)")
    build.add_argument("--languages", type=names, metavar="CODE[,CODE…]",
                       help="also build an edition of these languages, in this column order (e.g. de,fr)")
    build.add_argument("--format", default=("print",), type=formats, metavar="FORMAT[,FORMAT…]",
                       help="comma-separated output formats: print (PDF/X-4, default), screen "
                            "(trimmed, sRGB, links), imposed (saddle-stitch printer spreads)")
    build.add_argument("--no-preflight", action="store_true",
                       help="skip the preflight of the print PDF (drafts, benchmarks): not for the printer")
    build.add_argument("--explain", action="store_true",
                       help="also write output/<name>.explain.txt: typography rules applied, loose lines")
    build.add_argument("--draft", action="store_true",
                       help="a proof that builds with translations missing: each shows the source text in "
                            "magenta after [DE?], all listed (output/<name>-draft.pdf)")
    build.add_argument("--pseudo", action="store_true",
                       help="pseudo-localise the second language (accents, +35 %% length, brackets) to see where "
                            "the layout breaks before translating (output/<name>-pseudo.pdf)")
    build.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    from brochure.cli_translate import add_translate_parser

    add_translate_parser(commands)
    check = commands.add_parser("preflight", help="check a PDF as a printer would (any PDF, ours or not)")
    check.add_argument("file", type=Path, help="the PDF to check")
    check.add_argument("--profile", default="pdfx4", help="pdfx4 (default), pdfx1a, or a house profile")
    check.add_argument("--rules", type=Path, default=Path("layout/preflight.yaml"),
                       help="house rules file with more profiles (default: layout/preflight.yaml if present)")
    check.add_argument("--format", choices=("text", "json", "html"), default="text",
                       help="the report on standard output: text (default), json, or a self-contained html page")
    check.add_argument("--json", dest="format", action="store_const", const="json", help="same as --format json")
    check.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    return main_parser


def run_preflight(arguments: argparse.Namespace) -> int:
    # only what preflight needs is imported: not the layout engine
    from brochure.preflight.profiles import profile_named
    from brochure.preflight.run import UnreadablePdf, preflight

    profile = profile_named(arguments.profile, arguments.rules)
    try:
        report = preflight(arguments.file, profile)
    except UnreadablePdf as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USER
    if arguments.format == "html":
        from brochure.preflight.html import report_html

        print(report_html(report, arguments.file), end="")
    else:
        print(report.as_json() if arguments.format == "json" else report.text(), end="")
    return EXIT_OK if report.passed else EXIT_PREFLIGHT


def names(text: str) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    if not chosen:
        raise argparse.ArgumentTypeError(f"expected comma-separated names, got {text!r}")
    return chosen


def formats(text: str) -> tuple[str, ...]:
    from brochure.finish.formats import FORMATS

    chosen = names(text)
    unknown = [name for name in chosen if name not in FORMATS]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown format {', '.join(unknown)}; choose from {', '.join(FORMATS)}")
    return chosen


def run_build(arguments: argparse.Namespace) -> int:
    from brochure.pipeline import PreflightFailed, Project, build

    project = Project.at(arguments.folder, arguments.content, arguments.layout, arguments.output)
    try:
        result = build(project, explain_listing=arguments.explain, formats=arguments.format,
                       run_preflight=not arguments.no_preflight, editions=arguments.edition,
                       languages=arguments.languages, draft=arguments.draft, pseudo=arguments.pseudo)
    except PreflightFailed as failure:
        print(failure.report.text(), end="", file=sys.stderr)
        print(f"the print PDF fails preflight: kept as {failure.rejected}; the previous output is unchanged",
              file=sys.stderr)
        return EXIT_PREFLIGHT
    warnings = result.diagnostics.warnings
    for diagnostic in warnings[:MAX_WARNINGS_SHOWN]:
        print(diagnostic, file=sys.stderr)
    if len(warnings) > MAX_WARNINGS_SHOWN:
        print(f"… and {len(warnings) - MAX_WARNINGS_SHOWN} more warnings (brochure build --explain lists "
              "every loose line)", file=sys.stderr)
    for diagnostic in result.diagnostics.items:
        if diagnostic.severity == "info":
            print(f"{diagnostic.where}: {diagnostic.message}")
    for edition in result.editions.values():
        for format_name, path in edition.outputs.items():
            shown = path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path
            print(f"wrote {shown} ({edition.edition.name}, {format_name}, {edition.pages} pages)")
    print(f"{len(result.editions)} edition{'s' if len(result.editions) > 1 else ''} "
          f"in {result.seconds:.2f} s")
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
        if arguments.command == "preflight":
            return run_preflight(arguments)
        if arguments.command == "translate":
            from brochure.cli_translate import run_translate

            return run_translate(arguments)
    except BrochureError as error:
        report_user_error(error)
        return EXIT_USER
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_USER
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
    return EXIT_USER
