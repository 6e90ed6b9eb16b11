"""Command line: `brochure build` and `preflight`; the only place that prints or exits
(with cli_translate.py, the `brochure translate` verbs)."""

from __future__ import annotations

import argparse
import contextlib
import gc
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path

from brochure.errors import BrochureError, ErrorList
from brochure.exit_codes import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, EXIT_PREFLIGHT, EXIT_USER

__all__ = ["EXIT_INTERNAL", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_PREFLIGHT", "EXIT_USER", "main"]
MAX_WARNINGS_SHOWN = 8


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(prog="brochure", description="Build print-ready brochures "
                                          "from multilingual YAML content and a YAML layout.")
    main_parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    main_parser.add_argument("--version", action=VersionAction, help="show the version and exit")
    add_verbosity(main_parser, 0)
    commands = main_parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="build the brochure PDF into output/")
    add_verbosity(build)
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
    add_verbosity(check)
    add_preview_command(commands)
    add_init_command(commands)
    add_package_command(commands)
    add_watch_command(commands)
    schema = commands.add_parser("schema", help="write the JSON Schemas of the YAML files (for editors), "
                                 "generated from the loader")
    schema.add_argument("folder", nargs="?", default=Path("schema"), type=Path,
                        help="where to write them (default: ./schema)")
    add_verbosity(schema)
    schema.set_defaults(handler=run_schema)
    upgrade = commands.add_parser("upgrade", help="rewrite a brochure written for an older format of the files "
                                  "to the current one, comments kept, printing each change")
    upgrade.add_argument("folder", nargs="?", default=Path("."), type=Path,
                         help="the brochure folder (default: the current folder)")
    add_verbosity(upgrade)
    upgrade.set_defaults(handler=run_upgrade)
    completion = commands.add_parser("completion", help="print a shell completion script: "
                                     "eval \"$(brochure completion bash)\" in ~/.bashrc")
    completion.add_argument("shell", choices=("bash", "zsh"))
    completion.set_defaults(handler=run_completion)
    return main_parser


def add_watch_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    watch = commands.add_parser("watch", help="rebuild whenever a file under content/, layout/, fonts/ or "
                                "images/ changes; a bad edit keeps the last good PDF")
    watch.add_argument("folder", nargs="?", default=".", type=Path,
                       help="the brochure folder (default: the current folder)")
    watch.add_argument("--edition", type=names, metavar="NAME[,NAME…]",
                       help="editions to rebuild (default: every edition of the layout, as build)")
    watch.add_argument("--format", default=("print",), type=formats, metavar="FORMAT[,FORMAT…]",
                       help="formats to rebuild (default: print)")
    watch.add_argument("--preflight", action="store_true",
                       help="preflight each rebuild (slower; `brochure build` always does)")
    watch.add_argument("--preview", action="store_true",
                       help="refresh output/preview/ (pages, diff, index.html) after each rebuild")
    watch.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    add_verbosity(watch)
    watch.set_defaults(handler=run_watch)


def run_watch(arguments: argparse.Namespace) -> int:
    from brochure.pipeline import Project
    from brochure.watch.loop import watch
    from brochure.watch.session import OthersBuilt, Rebuild, WatchSession

    session = WatchSession(Project.at(arguments.folder), arguments.edition, arguments.format, arguments.preflight,
                           arguments.preview)
    verbosity = getattr(arguments, "verbosity", 0)

    def report(rebuild: Rebuild, paths: list[Path]) -> None:
        stamp = time.strftime("%H:%M:%S")
        what = ", ".join(print_path(path) for path in paths[:3]) + (" …" if len(paths) > 3 else "")
        prefix = f"[{stamp}] {what + ': ' if what else ''}"
        if not rebuild.ok:
            for error in rebuild.errors:
                print(f"{prefix}error: {error}", file=sys.stderr, flush=True)
            kept = session.project.output
            print(f"{prefix}kept the last good PDF in {print_path(kept)}; fix the file and save again",
                  file=sys.stderr, flush=True)
            return
        if verbosity > 0:
            for warning in rebuild.warnings:
                print(warning, file=sys.stderr, flush=True)
        pages = ", ".join(map(str, rebuild.changed)) if rebuild.changed else "none"
        built = "built" if not paths else "rebuilt"
        notes = f"; {len(rebuild.warnings)} warnings (-v lists them)" if rebuild.warnings and verbosity <= 0 else ""
        if verbosity >= 0:
            print(f"{prefix}{built} {rebuild.pages} pages in {rebuild.seconds:.2f} s, pages changed: {pages}"
                  f"{laid_out_note(rebuild) if paths else ''}{notes}", flush=True)
            if rebuild.preview:
                print(f"{prefix}{rebuild.preview}", flush=True)

    def laid_out_note(rebuild: Rebuild) -> str:
        if rebuild.laid_out is None:
            return ""
        first, last = rebuild.laid_out
        if first > last:
            return "; nothing laid out again"
        shown = f"page {first}" if first == last else f"pages {first}-{last}"
        return f"; laid out {shown}, {rebuild.pages - (last - first + 1)} reused"

    def ready(folders: list[Path]) -> None:
        shown = ", ".join(print_path(folder) + "/" for folder in folders)
        say(arguments, f"watching {shown} (Ctrl-C stops)")
        sys.stdout.flush()

    def report_others(done: OthersBuilt) -> None:  # from the background thread: one print per line
        stamp = time.strftime("%H:%M:%S")
        for error in done.errors:
            print(f"[{stamp}] error: {error}", file=sys.stderr, flush=True)
        if verbosity > 0:
            for warning in done.warnings:
                print(warning, file=sys.stderr, flush=True)
        if done.editions and verbosity >= 0:
            stopped = "; stopped by a newer save" if done.cancelled else ""
            notes = f"; {len(done.warnings)} warnings (-v lists them)" if done.warnings and verbosity <= 0 else ""
            print(f"[{stamp}] also built {', '.join(done.editions)} in {done.seconds:.2f} s{stopped}{notes}",
                  flush=True)

    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C is how a watch ends: not an error
        watch(session, report, ready, report_others=report_others)
    say(arguments, "stopped")
    return EXIT_OK


def run_schema(arguments: argparse.Namespace) -> int:
    from brochure.starter.schema import write_schemas

    written = write_schemas(arguments.folder)
    say(arguments, f"wrote {len(written)} schemas to {print_path(arguments.folder)}; point a YAML file at one with "
                   "'# yaml-language-server: $schema=PATH' as its first line")
    return EXIT_OK


def run_upgrade(arguments: argparse.Namespace) -> int:
    from brochure.upgrade import upgrade

    changes = upgrade(arguments.folder)
    for change in changes:
        print(change)
    say(arguments, f"{print_path(arguments.folder)}: " + ("upgraded to the current format" if changes
                                                          else "already in the current format"))
    return EXIT_OK


def run_completion(arguments: argparse.Namespace) -> int:
    from brochure.completion import bash_script, zsh_script

    script = bash_script if arguments.shell == "bash" else zsh_script
    print(script(parser()), end="")
    return EXIT_OK


def add_init_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    init = commands.add_parser("init", help="start a new brochure folder that builds at once")
    init.add_argument("folder", type=Path, help="the new folder (must not exist or be empty)")
    init.add_argument("--languages", default="fr,en",
                      help="comma-separated language codes, one facing column each (default: fr,en)")
    init.add_argument("--trim", default="A5", help="A4, A5 (default), A6, letter, or WIDTHxHEIGHT in mm")
    init.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    add_verbosity(init)
    init.set_defaults(handler=run_init)


def run_init(arguments: argparse.Namespace) -> int:
    from brochure.starter.create import create_brochure, parse_trim

    languages = list(dict.fromkeys(code.strip() for code in arguments.languages.split(",") if code.strip()))
    try:
        trim = parse_trim(arguments.trim)
        files = create_brochure(arguments.folder, languages, trim)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USER
    say(arguments, f"created {print_path(arguments.folder)}: {len(files)} files, {trim.name}, "
          f"languages {', '.join(languages)}")
    say(arguments, f"next: cd {print_path(arguments.folder)} && brochure build   (or brochure watch while you edit)")
    return EXIT_OK


def add_package_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    package = commands.add_parser("package", help="build and package each edition for the printer: PDF/X, "
                                  "preflight report, job ticket, proof, imposed file, checksums; folder and zip")
    package.add_argument("folder", nargs="?", default=".", type=Path,
                         help="the brochure folder (default: the current folder); with --check, the package")
    package.add_argument("--edition", type=names, metavar="NAME[,NAME…]",
                         help="comma-separated editions of layout/editions.yaml to package (default: every one)")
    package.add_argument("--check", action="store_true",
                         help="verify a received package (its folder or zip): checksums, no file missing or "
                              "added, job ticket facts those of the PDF")
    package.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    add_verbosity(package)
    package.set_defaults(handler=run_package)


def run_package(arguments: argparse.Namespace) -> int:
    if arguments.check:
        from brochure.package.bundle import check_package

        problems, verified = check_package(arguments.folder)
        for problem in problems:
            print(f"error: {print_path(arguments.folder)}: {problem}", file=sys.stderr)
        if problems:
            return EXIT_PREFLIGHT
        say(arguments, f"{print_path(arguments.folder)}: {verified} files verified, job ticket matches the PDF")
        return EXIT_OK
    from brochure.package.make import make_packages
    from brochure.pipeline import PreflightFailed, Project

    settle_imports(arguments)
    try:
        packages = make_packages(Project.at(arguments.folder), arguments.edition)
    except PreflightFailed as failure:
        print(failure.report.text(), end="", file=sys.stderr)
        print(f"the print PDF fails preflight: kept as {failure.rejected}; nothing was packaged", file=sys.stderr)
        return EXIT_PREFLIGHT
    for package in packages:
        say(arguments, f"wrote {print_path(package.folder)}/ ({len(package.files) + 1} files) and "
                       f"{print_path(package.archive)} ({package.edition})")
    return EXIT_OK


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


def add_verbosity(command: argparse.ArgumentParser, default: object = argparse.SUPPRESS) -> None:
    """-q/-v before or after the command name: `brochure -q build` and `brochure build -q` both work."""
    group = command.add_mutually_exclusive_group()
    group.add_argument("-q", "--quiet", dest="verbosity", action="store_const", const=-1, default=default,
                       help="print errors only: no warnings, no summary")
    group.add_argument("-v", "--verbose", dest="verbosity", action="store_const", const=1, default=default,
                       help="print every warning and the time of each stage")


def say(arguments: argparse.Namespace, *text: object) -> None:
    """A line of normal output, left out under -q."""
    if getattr(arguments, "verbosity", 0) >= 0:
        print(*text)


def warnings_shown(arguments: argparse.Namespace) -> int | None:
    """How many warnings to print: none under -q, all under -v (None), else the first few."""
    verbosity = getattr(arguments, "verbosity", 0)
    return 0 if verbosity < 0 else None if verbosity > 0 else MAX_WARNINGS_SHOWN


@contextlib.contextmanager
def progress_line(arguments: argparse.Namespace) -> Iterator[Callable[[str, int], None] | None]:
    """A one-line "rendering 40 % (page 12)" on a terminal, rewritten in place and wiped at the end;
    nothing when standard error is not a terminal (logs, CI, pipes) or under -q. Plain text rather
    than a progress library: importing one would cost more than most builds take to lay out."""
    if getattr(arguments, "verbosity", 0) < 0 or not sys.stderr.isatty():
        yield None
        return
    state = {"total": 0, "done": 0, "page": 0, "shown": 0.0}

    def progress(kind: str, value: int) -> None:
        if kind == "SIZE_EST":
            state["total"] = value
        elif kind == "PROGRESS":
            state["done"] = value
        elif kind == "PAGE":
            state["page"] = value
        now = time.monotonic()
        if state["total"] and now - state["shown"] > 0.1:
            state["shown"] = now
            share = 100 * state["done"] // state["total"]
            print(f"\rrendering {share:3d} % (page {state['page']})", end="", file=sys.stderr, flush=True)

    try:
        yield progress
    finally:
        if state["shown"]:
            print("\r\033[K", end="", file=sys.stderr, flush=True)


def add_preview_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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
    preview.set_defaults(handler=run_preview)


def positive_number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 10 <= value <= 1200:
        raise argparse.ArgumentTypeError(f"{text} is outside 10-1200")
    return value


def print_path(path: Path) -> str:
    with contextlib.suppress(ValueError):
        return str(path.relative_to(Path.cwd()))
    return str(path)


def run_preview(arguments: argparse.Namespace) -> int:
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


def run_preflight(arguments: argparse.Namespace) -> int:
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

    settle_imports(arguments)
    project = Project.at(arguments.folder, arguments.content, arguments.layout, arguments.output)
    try:
        with progress_line(arguments) as progress:
            result = build(project, explain_listing=arguments.explain, formats=arguments.format,
                           run_preflight=not arguments.no_preflight, editions=arguments.edition,
                           languages=arguments.languages, draft=arguments.draft, pseudo=arguments.pseudo,
                           progress=progress)
    except PreflightFailed as failure:
        print(failure.report.text(), end="", file=sys.stderr)
        print(f"the print PDF fails preflight: kept as {failure.rejected}; the previous output is unchanged",
              file=sys.stderr)
        return EXIT_PREFLIGHT
    warnings = result.diagnostics.warnings
    limit = warnings_shown(arguments)
    for diagnostic in warnings[:limit]:
        print(diagnostic, file=sys.stderr)
    if limit and len(warnings) > limit:
        print(f"… and {len(warnings) - limit} more warnings (-v prints them all; brochure build --explain "
              "lists every loose line)", file=sys.stderr)
    for diagnostic in result.diagnostics.items:
        if diagnostic.severity == "info":
            say(arguments, f"{diagnostic.where}: {diagnostic.message}")
    for edition in result.editions.values():
        for format_name, path in edition.outputs.items():
            say(arguments, f"wrote {print_path(path)} ({edition.edition.name}, {format_name}, {edition.pages} pages)")
    say(arguments, f"{len(result.editions)} edition{'s' if len(result.editions) > 1 else ''} "
                   f"in {result.seconds:.2f} s")
    if getattr(arguments, "verbosity", 0) > 0:
        print("stages: " + ", ".join(f"{stage} {seconds:.2f} s" for stage, seconds in result.timings.items()))
    return EXIT_OK


def report_user_error(error: BrochureError) -> None:
    errors = error.errors if isinstance(error, ErrorList) else [error]
    for item in errors:
        print(f"error: {item}", file=sys.stderr)


def settle_imports(arguments: argparse.Namespace) -> None:
    """In the `brochure` program (not when main() is called from Python): the modules imported so
    far live until exit, so the garbage collector stops walking them on every full collection
    (a third of its time in a cold build, most of it in a preflight's)."""
    if arguments.program:
        gc.freeze()


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
    try:
        if arguments.command == "build":
            return run_build(arguments)
        if arguments.command == "preflight":
            return run_preflight(arguments)
        if arguments.command == "translate":
            from brochure.cli_translate import run_translate

            return run_translate(arguments)
        handler = getattr(arguments, "handler", None)  # commands that name their own function
        if handler is not None:
            return int(handler(arguments))
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
    return EXIT_USER
