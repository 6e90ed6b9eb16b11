"""Command line: `brochure translate status|export|import|fit`; prints and returns exit codes
for cli.main, which catches the errors (kept apart from cli.py: the build's options change there)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from brochure.exit_codes import EXIT_OK, EXIT_PREFLIGHT, EXIT_USER

if TYPE_CHECKING:
    from brochure.model.content import Brochure
    from brochure.pipeline import Project


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

    languages = translation_status(project.root, project.content, project.layout)
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
                                           arguments.format, partial(measure_room, project), layout=project.layout)
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

    report = import_translation(project.root, project.content, file, partial, layout=project.layout)
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
