"""`brochure translate status|export|import|fit`: prints and returns exit codes for cli.main,
which catches the errors."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from brochure.exit_codes import EXIT_OK, EXIT_PREFLIGHT, EXIT_USER

if TYPE_CHECKING:
    from brochure.model.content import Brochure
    from brochure.pipeline import Project


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    translate = commands.add_parser("translate", help="translated editions: status, export, import, fit")
    translate.set_defaults(run=run)
    verbs = translate.add_subparsers(dest="verb", required=True)
    status = verbs.add_parser("status", help="per language: units translated, missing, stale; words left")
    export = verbs.add_parser("export", help="write an XLIFF or PO file to send to a translator")
    export.add_argument("--lang", help="the language to translate into, e.g. de (de-DE and de_DE are de); "
                        "not for tmx, which holds every language")
    export.add_argument("--source", help="the language translated from (default: the first of the content)")
    export.add_argument("--format", default="xliff", choices=("xliff", "xliff2", "po", "tmx"),
                        help="xliff (XLIFF 1.2, default), xliff2 (XLIFF 2.0), po (gettext) or tmx (TMX 1.4b: "
                             "every translation of the brochure, for a translation memory)")
    export.add_argument("-o", "--output", type=Path, help="the file to write (default: "
                        "FOLDER/output/translations/<lang>.xlf or .po; memory.tmx)")
    imported = verbs.add_parser("import", help="merge a translated XLIFF or PO file into the content")
    imported.add_argument("file", type=Path, help="the file the translator sent back")
    imported.add_argument("--lang", help="the language the file must be in: a file in another one is refused")
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


def run(arguments: argparse.Namespace) -> int:
    from brochure.pipeline import Project

    project = Project.at(arguments.folder, arguments.content, getattr(arguments, "layout", None))
    if arguments.verb == "status":
        return translate_status(project, arguments.json)
    if arguments.verb == "export":
        return translate_export(project, arguments)
    if arguments.verb == "import":
        return translate_import(project, arguments.file, arguments.partial, arguments.lang)
    return translate_fit(project, arguments.lang, arguments.pseudo)


def translate_status(project: Project, as_json: bool) -> int:
    import json

    from brochure.translate.workflow import translation_status

    languages = translation_status(project.root, project.content, project.layout)
    lines = []
    if as_json:
        lines.append(json.dumps([language.as_dict() for language in languages], indent=2, ensure_ascii=False))
    else:
        lines.append(f"{'language':<10}{'units':>7}{'translated':>12}{'missing':>9}{'stale':>7}"
                     f"{'needs review':>14}{'words left':>12}")
        for language in languages:
            lines.append(f"{language.language:<10}{language.units:>7}{language.translated:>12}"
                         f"{len(language.missing):>9}{len(language.stale):>7}{len(language.needs_review):>14}"
                         f"{language.words_left:>12}")
        for language in languages:
            for unit in language.stale:
                lines.append(f"{unit.location}: stale [{language.language}] {unit.id}: the source changed since "
                             "it was translated")
            for unit in language.needs_review:
                lines.append(f"{unit.location}: needs review [{language.language}] {unit.id}: a draft came back "
                             "(not finished, or the source copied)")
    print_closing(lines)
    return EXIT_OK


def print_closing(lines: list[str]) -> None:
    """Print to a reader that may stop early (`| head -1`): a closed pipe ends the output
    quietly, as for any Unix filter, instead of failing."""
    import os

    try:
        for line in lines:
            sys.stdout.write(line + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)  # Python flushes stdout again at exit: let it write nowhere
        os.dup2(devnull, sys.stdout.fileno())


def translate_export(project: Project, arguments: argparse.Namespace) -> int:
    from functools import partial

    from brochure.pipeline import write_atomically
    from brochure.translate.exchange import SUFFIXES
    from brochure.translate.workflow import export_translation

    data, ids_written = export_translation(project.root, project.content, arguments.lang, arguments.source,
                                           arguments.format, partial(measure_room, project), layout=project.layout)
    name = "memory" if arguments.format == "tmx" else exported_language(project, arguments.lang)
    target = arguments.output or project.output / "translations" / f"{name}{SUFFIXES[arguments.format]}"
    write_atomically(target, data)
    if ids_written:
        print(f"wrote the ids of {ids_written} text units into the content (once: they keep the units "
              "matched when the text is edited or moved)")
    print(f"wrote {target}")
    return EXIT_OK


def exported_language(project: Project, language: str) -> str:
    """The declared code a language was asked as (de-DE, de_DE -> de): the file's name."""
    from brochure.load.content import load_content
    from brochure.translate.codes import language_key, match_language

    codes = [declared.code for declared in load_content(project.content, project.root, complete=False).languages]
    return match_language(language, codes) or language_key(language)


def measure_room(project: Project, brochure: Brochure) -> dict[str, int]:
    """Each unit's room: the lines its source takes in the edition as laid out now."""
    from brochure.errors import BrochureError
    from brochure.pipeline import load_project, render_pdf
    from brochure.translate.fit import source_room
    from brochure.translate.inventory import inventory

    try:
        _, design = load_project(project, draft=True)
        rendered = render_pdf(brochure, design, project.root)
    except BrochureError as error:  # the export needs only the content: fonts or images may be elsewhere
        first = str(error).splitlines()[0]
        print(f"note: the layout could not be set ({first}): units carry no room in lines", file=sys.stderr)
        return {}
    return source_room(rendered.page_map.placed, inventory(brochure), design.columns[0])


def translate_import(project: Project, file: Path, partial: bool, language: str | None = None) -> int:
    from brochure.translate.workflow import import_translation

    report = import_translation(project.root, project.content, file, partial, layout=project.layout,
                                language=language)
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for unit, why in report.drafts:
        print(f"{unit.location}: draft [{report.language}] {unit.id}: {why}")
    for unit, why in report.refused:
        print(f"error: {unit.location}: refused [{report.language}] {unit.id}: {why}", file=sys.stderr)
    for unit_id in report.not_found:
        print(f"warning: {file}: unit {unit_id} is not in the content (removed or renamed): not imported",
              file=sys.stderr)
    if report.refused and not partial:
        print(f"nothing imported: {len(report.refused)} units refused (hint: correct them as each line says, or "
              "export again for a changed source; --partial imports the others)", file=sys.stderr)
        return EXIT_USER
    print(f"imported {len(report.imported)} [{report.language}] translations ({report.unchanged} unchanged, "
          f"{len(report.confirmed)} stale confirmed, {len(report.drafts)} drafts kept for review, "
          f"{report.untranslated} not translated in the file)")
    if report.replaced:
        print(f"warning: {report.replaced} of them replace a finished [{report.language}] translation "
              "(check the file is in that language)", file=sys.stderr)
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
