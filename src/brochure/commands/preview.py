"""`brochure preview`: the built PDF's pages as PNG in output/preview/, spreads, a diff."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from brochure.commands.options import add_verbosity, print_path, say
from brochure.exit_codes import EXIT_OK, EXIT_USER


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    preview = commands.add_parser("preview", help="render the built PDF's pages to PNG in output/preview/")
    preview.add_argument("folder", nargs="?", default=".", type=Path,
                         help="the brochure folder (default: the current folder)")
    preview.add_argument("--file", type=Path, help="the PDF to preview (default: the print PDF in output/)")
    preview.add_argument("--output", type=Path, help="where to write (default: FOLDER/output/preview)")
    preview.add_argument("--pages", help="pages to render, e.g. 3-5 or 1,4-6 (default: all)")
    preview.add_argument("--dpi", type=positive_number, default=100.0, help="resolution (default: 100)")
    preview.add_argument("--spreads", action="store_true",
                         help="also write reader spreads and a contact sheet of them")
    preview.add_argument("--diff", nargs="?", const=True, default=False, metavar="OLD.pdf",
                         help="write the pages that changed since the last preview (or since OLD.pdf) "
                              "into output/preview/diff/, changes boxed in red")
    preview.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    add_verbosity(preview)
    preview.set_defaults(run=run)


def positive_number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 10 <= value <= 1200:
        raise argparse.ArgumentTypeError(f"{text} is outside 10-1200")
    return value


def run(arguments: argparse.Namespace) -> int:
    from brochure.errors import OutputError
    from brochure.pipeline import Project
    from brochure.preview.run import PreviewRequest, make_preview

    project = Project.at(arguments.folder)  # the PDF comes from FOLDER/output; --output is for the images
    pdf = arguments.file
    if pdf is None:
        from brochure.load.design import load_design

        pdf = project.output / f"{load_design(project.layout, project.root).name}.pdf"
    if not pdf.is_file():
        raise OutputError(f"no PDF to preview at {print_path(pdf)}",
                          hint="run `brochure build` first, or pass --file")
    against = Path(arguments.diff) if isinstance(arguments.diff, str) else None
    if against is not None and not against.is_file():
        raise OutputError(f"no PDF to compare with at {against}", hint="give the path of an earlier build")
    request = PreviewRequest(pdf, arguments.output or project.output / "preview", arguments.dpi, arguments.pages,
                             arguments.spreads, bool(arguments.diff), against)
    try:
        result = make_preview(request)
    except ValueError as error:  # a page range outside the document
        print(f"error: --pages: {error}", file=sys.stderr)
        return EXIT_USER
    say(arguments, f"wrote {len(result.pages)} pages to {print_path(request.folder)}")
    if result.contact_sheet:
        say(arguments, f"wrote {len(result.spreads)} spreads and {print_path(result.contact_sheet)}")
    if request.diff and not result.compared:
        say(arguments, "nothing to compare with yet: the next `brochure preview --diff` shows what changed "
                       "since this one")
    elif request.diff:
        changed = ", ".join(map(str, result.changed)) or "none"
        say(arguments, f"pages changed: {changed}" + (f" (highlighted in {print_path(request.folder / 'diff')})"
                                             if result.changed else ""))
    if result.index:
        say(arguments, f"open {print_path(result.index)} (it reloads itself after each preview)")
    return EXIT_OK
