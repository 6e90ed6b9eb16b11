"""Command line: `brochure build`; the only place that prints or exits."""

from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

from brochure.errors import BrochureError, ErrorList

if TYPE_CHECKING:
    from brochure.model.content import Brochure
    from brochure.pipeline import Project

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


def editions(text: str) -> tuple[str, ...]:
    from brochure.pipeline import EDITIONS

    chosen = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    unknown = [name for name in chosen if name not in EDITIONS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(f"unknown edition {', '.join(unknown) or text!r}; "
                                         f"choose from {', '.join(EDITIONS)}")
    return chosen


def run_build(arguments: argparse.Namespace) -> int:
    from brochure.pipeline import PreflightFailed, Project, build

    project = Project.at(arguments.folder, arguments.content, arguments.layout, arguments.output)
    try:
        result = build(project, explain_listing=arguments.explain, editions=arguments.edition,
                       run_preflight=not arguments.no_preflight, draft=arguments.draft, pseudo=arguments.pseudo)
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
    for edition, path in result.outputs.items():
        shown = path
        with contextlib.suppress(ValueError):
            shown = path.relative_to(Path.cwd())
        print(f"wrote {shown} ({edition})")
    print(f"{result.pages} pages in {result.seconds:.2f} s")
    return EXIT_OK


def add_translate_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    translate = commands.add_parser("translate", help="translated editions: status, export, import, fit")
    verbs = translate.add_subparsers(dest="verb", required=True)
    status = verbs.add_parser("status", help="per language: units translated, missing, stale; words left")
    export = verbs.add_parser("export", help="write an XLIFF or PO file to send to a translator")
    export.add_argument("--lang", required=True, help="the language to translate into, e.g. de")
    export.add_argument("--source", help="the language translated from (default: the first of the content)")
    export.add_argument("--format", default="xliff", choices=("xliff", "xliff2", "po"),
                        help="xliff (XLIFF 1.2, default), xliff2 (XLIFF 2.0) or po (gettext)")
    export.add_argument("-o", "--output", type=Path, help="the file to write (default: "
                        "FOLDER/output/translations/<lang>.xlf or .po)")
    imported = verbs.add_parser("import", help="merge a translated XLIFF or PO file into the content")
    imported.add_argument("file", type=Path, help="the file the translator sent back")
    imported.add_argument("--partial", action="store_true",
                          help="import what can be, even when some units are refused")
    fit = verbs.add_parser("fit", help="set a language in the layout and list units that do not fit")
    which = fit.add_mutually_exclusive_group(required=True)
    which.add_argument("--lang", help="the translated language to try, e.g. de")
    which.add_argument("--pseudo", action="store_true", help="try a pseudo-localisation of the source")
    for verb in (status, export, imported, fit):
        verb.add_argument("folder", nargs="?", default=".", type=Path, help="the brochure folder (default: .)")
        verb.add_argument("--content", type=Path, help="content folder (default: FOLDER/content)")
        verb.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    status.add_argument("--json", action="store_true", help="write the status as JSON")
    fit.add_argument("--layout", type=Path, help="layout folder (default: FOLDER/layout)")


def run_translate(arguments: argparse.Namespace) -> int:
    from brochure.pipeline import Project

    project = Project.at(arguments.folder, arguments.content, getattr(arguments, "layout", None))
    if arguments.verb == "status":
        return translate_status(project, arguments.json)
    if arguments.verb == "export":
        return translate_export(project, arguments)
    if arguments.verb == "import":
        return translate_import(project, arguments.file, arguments.partial)
    return translate_fit(project, arguments.lang, arguments.pseudo)


def translate_status(project: Project, as_json: bool) -> int:
    import json

    from brochure.translate.workflow import translation_status

    languages = translation_status(project.root, project.content)
    if as_json:
        print(json.dumps([language.as_dict() for language in languages], indent=2, ensure_ascii=False))
        return EXIT_OK
    print(f"{'language':<10}{'units':>7}{'translated':>12}{'missing':>9}{'stale':>7}{'words left':>12}")
    for language in languages:
        print(f"{language.language:<10}{language.units:>7}{language.translated:>12}{len(language.missing):>9}"
              f"{len(language.stale):>7}{language.words_left:>12}")
    for language in languages:
        for unit in language.stale:
            print(f"{unit.location}: stale [{language.language}] {unit.id}: the source changed since it was translated")
    return EXIT_OK


def translate_export(project: Project, arguments: argparse.Namespace) -> int:
    from functools import partial

    from brochure.pipeline import write_atomically
    from brochure.translate.exchange import SUFFIXES
    from brochure.translate.workflow import export_translation

    data, ids_written = export_translation(project.root, project.content, arguments.lang, arguments.source,
                                           arguments.format, partial(measure_room, project))
    target = arguments.output or project.output / "translations" / f"{arguments.lang}{SUFFIXES[arguments.format]}"
    write_atomically(target, data)
    if ids_written:
        print(f"wrote the ids of {ids_written} text units into the content (once: they keep the units "
              "matched when the text is edited or moved)")
    print(f"wrote {target}")
    return EXIT_OK


def measure_room(project: Project, brochure: Brochure) -> dict[str, int]:
    """Each unit's room: the lines its source takes in the edition as laid out now."""
    from brochure.pipeline import load_project, render_pdf
    from brochure.translate.fit import source_room
    from brochure.translate.inventory import inventory

    _, design = load_project(project, draft=True)
    rendered = render_pdf(brochure, design, project.root)
    return source_room(rendered.page_map.placed, inventory(brochure), design.columns[0])


def translate_import(project: Project, file: Path, partial: bool) -> int:
    from brochure.translate.workflow import import_translation

    report = import_translation(project.root, project.content, file, partial)
    for unit, why in report.refused:
        print(f"error: {unit.location}: refused [{report.language}] {unit.id}: {why}", file=sys.stderr)
    for unit_id in report.not_found:
        print(f"warning: {file}: unit {unit_id} is not in the content (removed or renamed): not imported",
              file=sys.stderr)
    if report.refused and not partial:
        print(f"nothing imported: {len(report.refused)} units refused (hint: export again and translate the "
              "changed units, or pass --partial to import the others)", file=sys.stderr)
        return EXIT_USER
    print(f"imported {len(report.imported)} [{report.language}] translations ({report.unchanged} unchanged, "
          f"{report.untranslated} not translated in the file)")
    return EXIT_USER if report.refused else EXIT_OK


def translate_fit(project: Project, language: str | None, pseudo: bool) -> int:
    from functools import partial

    from brochure.pipeline import load_project, render_pdf
    from brochure.translate.fit import fit_check

    brochure, design = load_project(project, draft=True)
    report = fit_check(brochure, design, partial(render_pdf, project_root=project.root), language, pseudo)
    for line in report.lines():
        print(line)
    return EXIT_OK if report.fits else EXIT_PREFLIGHT  # like preflight: a report of problems, not bad input


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
